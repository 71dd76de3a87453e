//! Messages for the user: what finished, what failed and why. Shown as toasts over the map
//! (errors until dismissed, the rest for a few seconds) and all of them under "Messages" in
//! the layers panel.

use egui::{Color32, RichText, Ui};

use crate::i18n::{tr, trf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub level: NoticeLevel,
    /// A one-click fix the notice offers (its button).
    pub action: Option<NoticeAction>,
}

/// What a notice's button does.
#[derive(Debug, Clone, PartialEq)]
pub enum NoticeAction {
    /// Read a file's layer again in this coordinate system.
    ReadAs {
        layer: crate::model::LayerId,
        crs: crate::io::crs::Crs,
    },
    /// Put a removed layer back.
    Undo { layer: crate::model::LayerId },
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: NoticeLevel::Info,
            action: None,
        }
    }

    /// The notice with a button that does `action`.
    pub fn with_action(mut self, action: NoticeAction) -> Self {
        self.action = Some(action);
        self
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: NoticeLevel::Error,
            action: None,
        }
    }

    pub fn is_error(&self) -> bool {
        self.level == NoticeLevel::Error
    }
}

/// How long an info notice stays over the map; errors stay until dismissed.
const INFO_SECONDS: f64 = 10.0;
/// Toasts shown at once; older ones wait in the history.
const MAX_TOASTS: usize = 4;

/// The notices of this session, oldest first, and those still shown over the map.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    list: Vec<Notice>,
    /// Indices into `list` still shown as toasts, with the time each was first shown.
    open: Vec<(usize, Option<f64>)>,
}

impl Notices {
    /// Shows a notice, and logs it: what the user was told is in the log beside the rest.
    pub fn push(&mut self, notice: Notice) {
        match notice.level {
            NoticeLevel::Info => tracing::info!("notice: {}", notice.text),
            NoticeLevel::Error => tracing::warn!("error shown: {}", notice.text),
        }
        self.open.push((self.list.len(), None));
        self.list.push(notice);
    }

    pub fn extend(&mut self, notices: impl IntoIterator<Item = Notice>) {
        notices.into_iter().for_each(|n| self.push(n));
    }

    pub fn all(&self) -> &[Notice] {
        &self.list
    }

    /// The notices not yet dismissed (errors) or timed out (info), newest last, over the
    /// bottom-right corner of the map: never below the fold of a panel.
    /// Returns the action of a notice's button the user clicked.
    pub fn toasts(&mut self, ctx: &egui::Context, map: Option<egui::Rect>) -> Option<NoticeAction> {
        let now = ctx.input(|i| i.time);
        self.open.retain(|(index, since)| {
            let notice = &self.list[*index];
            notice.is_error()
                || matches!(notice.action, Some(NoticeAction::ReadAs { .. }))
                || since.is_none_or(|t| now - t < INFO_SECONDS)
        });
        if self.open.is_empty() {
            return None;
        }
        let area = map.unwrap_or_else(|| ctx.content_rect());
        let waiting = self.open.len().saturating_sub(MAX_TOASTS);
        let mut dismissed = None;
        let mut acted = None;
        egui::Area::new(egui::Id::unique("notices"))
            .order(egui::Order::Foreground)
            .pivot(egui::Align2::RIGHT_BOTTOM)
            .fixed_pos(area.right_bottom() - egui::vec2(12.0, 12.0))
            .show(ctx, |ui| {
                ui.set_max_width(380.0_f32.min(area.width() - 24.0).max(160.0));
                if waiting > 0 {
                    ui.label(
                        RichText::new(trf(
                            "{n} earlier in Messages, in the layers panel",
                            &[("n", &waiting)],
                        ))
                        .small(),
                    );
                }
                for (slot, (index, since)) in self.open.iter_mut().enumerate().skip(waiting) {
                    since.get_or_insert(now);
                    match toast(ui, &self.list[*index]) {
                        Some(Clicked::Dismiss) => dismissed = Some(slot),
                        Some(Clicked::Action) => {
                            dismissed = Some(slot);
                            acted = self.list[*index].action.clone();
                        }
                        None => {}
                    }
                }
            });
        if let Some(slot) = dismissed {
            self.open.remove(slot);
        }
        if self.open.iter().any(|(i, _)| !self.list[*i].is_error()) {
            ctx.request_repaint_after(std::time::Duration::from_secs(1));
        }
        acted
    }

    /// Every notice of the session, newest first, under a heading in the layers panel.
    pub fn history(&self, ui: &mut Ui) {
        if self.list.is_empty() {
            return;
        }
        ui.separator();
        egui::CollapsingHeader::new(trf("Messages ({n})", &[("n", &self.list.len())]))
            .id_salt("messages")
            .show(ui, |ui| {
                for notice in self.list.iter().rev() {
                    ui.colored_label(color_of(ui, notice), &notice.text);
                }
            });
    }
}

fn color_of(ui: &Ui, notice: &Notice) -> Color32 {
    match notice.level {
        NoticeLevel::Error => ui.visuals().error_fg_color,
        NoticeLevel::Info => ui.visuals().text_color(),
    }
}

/// Which of a toast's buttons was clicked.
enum Clicked {
    Dismiss,
    Action,
}

/// One notice in its frame with a button that dismisses it, and its action's button.
fn toast(ui: &mut Ui, notice: &Notice) -> Option<Clicked> {
    let stroke = match notice.level {
        NoticeLevel::Error => egui::Stroke::new(1.5, ui.visuals().error_fg_color),
        NoticeLevel::Info => ui.visuals().window_stroke(),
    };
    egui::Frame::popup(ui.style())
        .stroke(stroke)
        .show(ui, |ui| {
            let mut clicked = None;
            ui.horizontal_top(|ui| {
                if ui.small_button(tr("Dismiss")).clicked() {
                    clicked = Some(Clicked::Dismiss);
                }
                let text = RichText::new(&notice.text).color(color_of(ui, notice));
                ui.add(egui::Label::new(text).wrap());
            });
            let label = match &notice.action {
                Some(NoticeAction::ReadAs { crs, .. }) => {
                    Some(trf("Read as {crs}", &[("crs", crs)]))
                }
                Some(NoticeAction::Undo { .. }) => Some(tr("Undo").to_string()),
                None => None,
            };
            if let Some(label) = label
                && ui.button(label).clicked()
            {
                clicked = Some(Clicked::Action);
            }
            clicked
        })
        .inner
}
