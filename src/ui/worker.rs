//! Work the window hands to another thread (file dialogs, writes, server checks), with a
//! repaint when its result is ready.

use std::sync::mpsc::Receiver;

/// Runs `work` on its own thread so the window keeps drawing; its result arrives on the
/// returned channel, with a repaint.
pub fn off_ui_thread<T: Send + 'static>(
    ctx: &egui::Context,
    work: impl FnOnce() -> T + Send + 'static,
) -> Receiver<T> {
    let ctx = ctx.clone();
    crate::parallel::spawn_with_result("atlas work", work, move || ctx.request_repaint())
}
