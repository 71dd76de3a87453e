//! Messages for the user: what finished, what failed and why. Shown in the layers panel.

use egui::{Color32, Ui};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeLevel {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    pub level: NoticeLevel,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: NoticeLevel::Info,
        }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            level: NoticeLevel::Error,
        }
    }

    pub fn is_error(&self) -> bool {
        self.level == NoticeLevel::Error
    }
}

/// The notices of this session, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Notices(Vec<Notice>);

impl Notices {
    /// Shows a notice, and logs it: what the user was told is in the log beside the rest.
    pub fn push(&mut self, notice: Notice) {
        match notice.level {
            NoticeLevel::Info => tracing::info!("notice: {}", notice.text),
            NoticeLevel::Error => tracing::warn!("error shown: {}", notice.text),
        }
        self.0.push(notice);
    }

    pub fn extend(&mut self, notices: impl IntoIterator<Item = Notice>) {
        notices.into_iter().for_each(|n| self.push(n));
    }

    pub fn all(&self) -> &[Notice] {
        &self.0
    }

    pub fn show(&self, ui: &mut Ui) {
        if self.0.is_empty() {
            return;
        }
        ui.separator();
        for notice in &self.0 {
            let color = match notice.level {
                NoticeLevel::Error => Color32::from_rgb(200, 40, 40),
                NoticeLevel::Info => ui.visuals().text_color(),
            };
            ui.colored_label(color, &notice.text);
        }
    }
}
