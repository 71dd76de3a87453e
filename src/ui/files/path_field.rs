//! A typed path with its button, for machines without a native file dialog: the File and
//! Export menus use it.

use std::path::PathBuf;

use egui::Ui;

/// A labelled text field and a button; returns the trimmed path when the button is clicked or
/// Enter is pressed in the field, and the path is not blank.
pub fn path_field(
    ui: &mut Ui,
    text: &mut String,
    caption: &str,
    hint: &str,
    button: &str,
) -> Option<PathBuf> {
    ui.label(caption);
    let edit = ui.add(
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(260.0),
    );
    let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    let asked = ui.button(button).clicked() || enter;
    (asked && !text.trim().is_empty()).then(|| PathBuf::from(text.trim()))
}
