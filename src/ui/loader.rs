//! Reads files on worker threads so the window stays responsive; the UI polls for results.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::io::{Progress, ReadError, ReadOptions, ReadOutcome, read_geojson_file};

pub struct PendingLoad {
    pub path: PathBuf,
    pub progress: Arc<Progress>,
    receiver: Receiver<Result<ReadOutcome, ReadError>>,
}

impl PendingLoad {
    pub fn start(path: &Path, options: ReadOptions, ctx: egui::Context) -> Self {
        let progress = Arc::new(Progress::default());
        let (sender, receiver) = channel();
        let worker_progress = progress.clone();
        let worker_path = path.to_path_buf();
        std::thread::spawn(move || {
            let result = read_geojson_file(&worker_path, &options, &worker_progress);
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        Self {
            path: path.to_path_buf(),
            progress,
            receiver,
        }
    }

    /// The result once the worker is done.
    pub fn poll(&self) -> Option<Result<ReadOutcome, ReadError>> {
        self.receiver.try_recv().ok()
    }

    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }
}
