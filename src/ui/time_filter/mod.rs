//! The time filter, as kepler.gl has it: a bar under the menu with a histogram of when the
//! features happen, a range to keep (drag its ends, or drag it whole), and play, which slides
//! the range along the timeline. Every layer with a date or time property follows it (the
//! thematic layers' event dates, GPX track times, a spreadsheet's date column); the charts too.
//!
//! The cutting itself is egui-free ([`crate::live::cuts`]): a filtered layer in the stack
//! holds the features in range, with their own prepared geometry, so drawing, hit-testing, the
//! table and exports all see what the map shows; closing the bar puts every feature back. This
//! part holds the bar's state: open, range, play and its speed, the drag in progress.

mod bar;

use crate::live::cuts::{BINS, LayerCuts};
use crate::model::TimeSpan;
use crate::render::LayerStack;
use crate::ui::picks::Picks;

const SECONDS_PER_DAY: i64 = 86_400;

/// How long play takes to slide the range across the whole timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlaySpeed {
    Slow,
    #[default]
    Normal,
    Fast,
}

impl PlaySpeed {
    fn seconds(self) -> f64 {
        match self {
            PlaySpeed::Slow => 40.0,
            PlaySpeed::Normal => 20.0,
            PlaySpeed::Fast => 8.0,
        }
    }

    fn label(self) -> &'static str {
        match self {
            PlaySpeed::Slow => "slow",
            PlaySpeed::Normal => "normal",
            PlaySpeed::Fast => "fast",
        }
    }
}

/// Which part of the range a drag moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grip {
    Start,
    End,
    Window,
}

#[derive(Default)]
pub struct TimeFilter {
    /// The bar is shown and the filter applies.
    pub open: bool,
    /// The range kept; `None` is the whole timeline.
    range: Option<TimeSpan>,
    pub playing: bool,
    pub speed: PlaySpeed,
    grip: Option<(Grip, TimeSpan, f32)>,
    /// The dated layers and the cuts of them the stack shows.
    cuts: LayerCuts,
}

impl TimeFilter {
    /// The whole timeline: from the earliest to the latest time of any dated layer.
    pub fn extent(&self) -> Option<TimeSpan> {
        self.cuts.summary().map(|s| s.extent)
    }

    /// Whether a big layer is still being read or cut on a worker.
    pub fn is_working(&self) -> bool {
        self.cuts.is_working()
    }

    /// Brings the stack in line with the range (every feature when the bar is closed); the
    /// selection and hover follow their feature, or go when it is filtered out. Big layers
    /// are cut on workers and land in a later frame.
    pub fn sync(&mut self, stack: &mut LayerStack, picks: &mut Picks) {
        let range = self.active_range();
        for swap in self.cuts.sync(stack, range) {
            picks.follow(&swap.layer, &swap.old, &swap.new);
        }
    }

    /// The range kept, when the filter applies.
    pub fn active_range(&self) -> Option<TimeSpan> {
        if !self.open {
            return None;
        }
        let extent = self.extent()?;
        Some(self.range.map_or(extent, |r| clamp(r, extent)))
    }

    /// Play or pause. Play at the end of the timeline starts again from its start, keeping the
    /// window's length; the whole timeline plays as a fifth of it sliding along.
    pub fn toggle_play(&mut self) {
        if self.playing {
            self.playing = false;
            return;
        }
        let Some(extent) = self.extent() else {
            return;
        };
        let range = self.active_range().unwrap_or(extent);
        if range.end >= extent.end {
            let whole = extent.end - extent.start;
            let length = match range.end - range.start {
                l if l >= whole => whole / 5,
                l => l,
            };
            self.range = Some(TimeSpan {
                start: extent.start,
                end: extent.start + length,
            });
        }
        self.playing = true;
    }

    /// Moves the range on while playing; stops at the end of the timeline.
    pub fn advance(&mut self, ctx: &egui::Context) {
        if !(self.open && self.playing) {
            return;
        }
        let Some(extent) = self.extent() else {
            self.playing = false;
            return;
        };
        let range = self.active_range().unwrap_or(extent);
        let dt = ctx.input(|i| i.stable_dt).clamp(0.0, 0.1) as f64;
        let length = (extent.end - extent.start).max(1) as f64;
        let step = ((length * dt / self.speed.seconds()) as i64).max(1);
        let room = extent.end - range.end;
        let step = step.min(room);
        self.range = Some(TimeSpan {
            start: range.start + step,
            end: range.end + step,
        });
        if room <= step {
            self.playing = false;
        }
        ctx.request_repaint();
    }
}

fn clamp(range: TimeSpan, extent: TimeSpan) -> TimeSpan {
    let start = range.start.clamp(extent.start, extent.end);
    TimeSpan {
        start,
        end: range.end.clamp(start, extent.end),
    }
}

/// The selection and hover in `layer` follow their feature into the new list (by its index in
/// the file), or go when it is filtered out.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::parse_span;

    /// The timeline from the start of `a` to the end of `b` (dates as the layers hold them).
    pub(super) fn span(a: &str, b: &str) -> TimeSpan {
        let (a, b) = (
            parse_span(&a.into()).unwrap(),
            parse_span(&b.into()).unwrap(),
        );
        a.union(b)
    }

    #[test]
    fn a_range_stays_inside_the_timeline() {
        let extent = span("2025-01-01", "2025-12-31");
        let wild = TimeSpan {
            start: extent.start - 10_000,
            end: extent.end + 10_000,
        };
        assert_eq!(clamp(wild, extent), extent);
        let inverted = TimeSpan {
            start: extent.end + 5,
            end: extent.start,
        };
        let c = clamp(inverted, extent);
        assert!(c.start <= c.end && c.end <= extent.end);
    }
}
