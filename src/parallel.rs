//! Order-preserving parallel map over a slice with scoped threads, and background threads
//! that leave the CPU to the window.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, split across the available cores. Work is handed out in
/// blocks of at least `min_chunk` items as threads free up, so uneven items (one county with
/// 50,000 vertices, the next with 500) still keep every core busy to the end.
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    min_chunk: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    par_map_on(cores(), items, min_chunk, f)
}

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Threads for work that runs while the window draws: one core stays free for the UI.
pub fn background_threads() -> usize {
    cores().saturating_sub(1).max(1)
}

/// Starts `work` on a thread of its own that gives way to the window's: its nice value is
/// raised to 10, and threads it starts (a `par_map`) inherit it. On a 2-core machine the UI
/// thread otherwise waits its turn behind band preparation and loads, and frames that need
/// 1 ms of CPU take 30 ms of wall-clock time.
pub fn spawn_background<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> std::thread::JoinHandle<T> {
    // Messages composed there speak the interface's language.
    let language = crate::i18n::language();
    let start = move || {
        lower_this_threads_priority();
        crate::i18n::set_language(language);
        work()
    };
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(start)
        .unwrap_or_else(|e| panic!("cannot start a {name} thread: {e}"))
}

/// Runs `work` on a background thread; its result arrives on the returned channel, then
/// `notify` runs (the window asks for a repaint there, so the result is picked up at once).
pub fn spawn_with_result<T: Send + 'static>(
    name: &str,
    work: impl FnOnce() -> T + Send + 'static,
    notify: impl FnOnce() + Send + 'static,
) -> std::sync::mpsc::Receiver<T> {
    let (sender, receiver) = std::sync::mpsc::channel();
    spawn_background(name, move || {
        let _ = sender.send(work());
        notify();
    });
    receiver
}

fn lower_this_threads_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority only changes a scheduling value; on Linux, `who` 0 with
    // PRIO_PROCESS names the calling thread.
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

/// `par_map` on at most `threads` threads.
pub fn par_map_on<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    min_chunk: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.max(1);
    let block = items.len().div_ceil(threads * 8).max(min_chunk).max(1);
    let blocks = items.len().div_ceil(block);
    if threads == 1 || blocks <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<R>)>> = Mutex::new(Vec::with_capacity(blocks));
    let work = || {
        loop {
            let b = next.fetch_add(1, Ordering::Relaxed);
            if b >= blocks {
                break;
            }
            let part = &items[b * block..((b + 1) * block).min(items.len())];
            let out: Vec<R> = part.iter().map(&f).collect();
            done.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((b, out));
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.min(blocks) {
            scope.spawn(work);
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_unstable_by_key(|(b, _)| *b);
    done.into_iter().flat_map(|(_, out)| out).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_across_chunks() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::par_map(&items, 7, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
