//! A typed path in a small window, for machines without a native file dialog: File ▸ Open
//! path… and Export ▸ Export view to path… open one. A window rather than a field inside the
//! menu: a click into a menu's field closed the menu, and the keys went to the map.

use std::path::PathBuf;

use crate::i18n::tr;

/// One path dialog: whether it is open, and what has been typed.
#[derive(Debug, Default)]
pub struct PathDialog {
    pub open: bool,
    text: String,
    /// The field takes the keyboard on the frame the window opens.
    focus: bool,
}

impl PathDialog {
    /// Opens the window with its field focused.
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    /// The window; returns the trimmed path when the button is clicked or Enter is pressed in
    /// the field (and the path is not blank), and closes.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        hint: &str,
        button: &str,
    ) -> Option<PathBuf> {
        if !self.open {
            return None;
        }
        let mut chosen = None;
        let mut cancel = false;
        let mut open = true;
        egui::Window::new(title)
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 80.0))
            .show(ctx, |ui| {
                let caption = ui.label(tr("Path"));
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.text)
                            .hint_text(hint)
                            .desired_width(360.0),
                    )
                    .labelled_by(caption.id);
                if std::mem::take(&mut self.focus) {
                    edit.request_focus();
                }
                let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                ui.horizontal(|ui| {
                    let blank = self.text.trim().is_empty();
                    let asked = ui.add_enabled(!blank, egui::Button::new(button)).clicked();
                    if (asked || enter) && !blank {
                        chosen = Some(PathBuf::from(self.text.trim()));
                    }
                    cancel = ui.button(tr("Cancel")).clicked();
                });
            });
        if chosen.is_some() {
            self.text.clear();
        }
        self.open = open && !cancel && chosen.is_none();
        chosen
    }
}
