//! The session on disk, written after every change rather than on eframe's 30-second timer:
//! a `kill -9` or a power cut a second after opening a file still finds the file listed at
//! the next start. A background thread writes it atomically (see [`super::atomic`]), at most
//! a few times a second however fast the view changes, so the window never waits on a disk.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

/// The session's file in the data folder.
pub const SESSION_FILE: &str = "session.json";

/// eframe's own file (window geometry, egui memory and, before `session.json`, the session).
/// eframe keeps it in the same folder because the window's app id is the folder's name.
pub const EFRAME_FILE: &str = "app.ron";

/// Writes fast changes at most this often; the last one always reaches the disk.
const AT_MOST_EVERY: Duration = Duration::from_millis(250);

/// Hands the session to its writer thread.
pub struct SessionSaver {
    sender: Sender<Message>,
    done: Option<std::thread::JoinHandle<()>>,
}

enum Message {
    Save(String),
    Flush(Sender<()>),
}

impl SessionSaver {
    pub fn new(data_dir: PathBuf) -> Self {
        let (sender, receiver) = channel();
        let done = std::thread::Builder::new()
            .name("session-saver".into())
            .spawn(move || write_latest(&data_dir, &receiver))
            .ok();
        Self { sender, done }
    }

    /// Saves `text` as the session soon (a newer text replaces one not yet written).
    pub fn save(&self, text: String) {
        let _ = self.sender.send(Message::Save(text));
    }

    /// Waits until everything handed over so far is on the disk.
    pub fn flush(&self) {
        let (sender, receiver) = channel();
        if self.sender.send(Message::Flush(sender)).is_ok() {
            let _ = receiver.recv_timeout(Duration::from_secs(5));
        }
    }
}

impl Drop for SessionSaver {
    fn drop(&mut self) {
        self.flush();
        // The channel closes with `self.sender`; the thread then ends on its own.
        drop(self.done.take());
    }
}

fn write_latest(data_dir: &Path, receiver: &Receiver<Message>) {
    let path = data_dir.join(SESSION_FILE);
    let mut waiting: Option<String> = None;
    let mut flushes = Vec::new();
    loop {
        let Ok(first) = receiver.recv() else {
            return;
        };
        for message in std::iter::once(first).chain(receiver.try_iter()) {
            match message {
                Message::Save(text) => waiting = Some(text),
                Message::Flush(done) => flushes.push(done),
            }
        }
        if let Some(text) = waiting.take() {
            let written = std::fs::create_dir_all(data_dir)
                .and_then(|()| super::atomic::write(&path, text.as_bytes()));
            if let Err(e) = written {
                tracing::warn!("the session could not be saved to {}: {e}", path.display());
            }
            if flushes.is_empty() {
                std::thread::sleep(AT_MOST_EVERY);
            }
        }
        for done in flushes.drain(..) {
            let _ = done.send(());
        }
    }
}

/// The saved session's text, if there is one.
pub fn read_saved(data_dir: &Path) -> Option<String> {
    std::fs::read_to_string(data_dir.join(SESSION_FILE)).ok()
}

/// eframe reads its file itself and drops one it cannot parse without a word. When ours
/// finds it damaged (cut short by a kill or a full disk), it is renamed aside so that the
/// user's copy survives eframe's next save; returns where it went.
pub fn set_aside_damaged_eframe_file(data_dir: &Path) -> Option<Result<PathBuf, String>> {
    let path = data_dir.join(EFRAME_FILE);
    let text = std::fs::read(&path).ok()?;
    let parsed = std::str::from_utf8(&text)
        .map_err(|e| e.to_string())
        .and_then(|t| {
            ron::from_str::<std::collections::HashMap<String, String>>(t).map_err(|e| e.to_string())
        });
    let error = parsed.err()?;
    let aside = data_dir.join(format!(
        "app-unreadable-{}.ron",
        super::crash::file_stamp_now()
    ));
    tracing::warn!("eframe's {} could not be read ({error})", path.display());
    Some(
        std::fs::rename(&path, &aside)
            .map(|()| aside)
            .map_err(|e| e.to_string()),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn the_last_of_many_fast_saves_is_on_disk_after_a_flush() {
        let dir = scratch("session-saver");
        let saver = SessionSaver::new(dir.clone());
        for n in 0..100 {
            saver.save(format!("{{\"n\":{n}}}"));
        }
        saver.flush();
        assert_eq!(read_saved(&dir).unwrap(), "{\"n\":99}");
        saver.save("{\"n\":100}".into());
        drop(saver);
        assert_eq!(read_saved(&dir).unwrap(), "{\"n\":100}", "a drop flushes");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_truncated_eframe_file_is_set_aside_and_a_whole_one_kept() {
        let dir = scratch("eframe-file");
        let whole = "{\"egui\":\"(x: 1)\"}";
        std::fs::write(dir.join(EFRAME_FILE), whole).unwrap();
        assert!(set_aside_damaged_eframe_file(&dir).is_none());
        std::fs::write(dir.join(EFRAME_FILE), &whole[..9]).unwrap();
        let aside = set_aside_damaged_eframe_file(&dir).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), &whole[..9]);
        assert!(!dir.join(EFRAME_FILE).exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
