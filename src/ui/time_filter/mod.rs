//! The time filter, as kepler.gl has it: a bar under the menu with a histogram of when the
//! features happen, a range to keep (drag its ends, or drag it whole), and play, which slides
//! the range along the timeline. Every layer with a date or time property follows it (the
//! thematic layers' event dates, GPX track times, a spreadsheet's date column); the charts too.
//!
//! The part owns each dated layer's full features. A filtered layer in the stack holds the
//! features in range, with their own prepared geometry, so drawing, hit-testing, the table and
//! exports all see what the map shows; closing the bar puts every feature back.

mod bar;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::model::{Feature, LayerId, TimeField, TimeSpan};
use crate::render::{LayerStack, PreparedLayer};
use crate::ui::picks::Picks;

/// Bars of the histogram above the range.
const BINS: usize = 60;
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

/// Layers with more features than this are read and cut on a worker, so that a drag or play
/// never holds up a frame (cutting 20,000 features and indexing them takes a few ms).
const IN_FRAME_LIMIT: usize = 20_000;

type Cut = (Arc<Vec<Feature>>, PreparedLayer);

/// One dated layer: its time field, every feature, and each feature's time.
struct DatedLayer {
    field: TimeField,
    all: Arc<Vec<Feature>>,
    /// Each feature's time, once read (on a worker for a big layer).
    spans: Option<Arc<Vec<Option<TimeSpan>>>>,
    reading: Option<JoinHandle<Vec<Option<TimeSpan>>>>,
    /// What the stack holds now (`all` or a filtered copy), to tell our replacement from a
    /// replacement by someone else (a reload, a vintage switch).
    shown: Arc<Vec<Feature>>,
    /// The range `shown` was cut to; `None`: all features.
    applied: Option<TimeSpan>,
    /// A cut in progress on a worker, and the range it is for.
    cutting: Option<(Option<TimeSpan>, JoinHandle<Cut>)>,
}

/// The features of `all` whose time overlaps `range` (all of them without a range), with
/// their geometry prepared for drawing.
fn cut(all: &Arc<Vec<Feature>>, spans: &[Option<TimeSpan>], range: Option<TimeSpan>) -> Cut {
    let features = match range {
        None => all.clone(),
        Some(range) => Arc::new(
            all.iter()
                .zip(spans)
                .filter(|(_, span)| span.is_some_and(|s| s.overlaps(&range)))
                .map(|(f, _)| f.clone())
                .collect(),
        ),
    };
    let prepared = PreparedLayer::new(&features);
    (features, prepared)
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
    layers: BTreeMap<LayerId, DatedLayer>,
    /// Feature lists already found to have no time field (by address), not examined again.
    undated: HashMap<LayerId, usize>,
    grip: Option<(Grip, TimeSpan, f32)>,
    /// Every dated feature's time, summed up for the bar; rebuilt when the dated layers change.
    summary: Option<Summary>,
}

/// The times of every dated feature, kept sorted so the bar's count of features in range
/// takes two binary searches rather than a pass over them all.
struct Summary {
    extent: TimeSpan,
    starts: Vec<i64>,
    ends: Vec<i64>,
    bins: [usize; BINS],
}

impl Summary {
    fn of<'a>(spans: impl Iterator<Item = &'a TimeSpan> + Clone) -> Option<Summary> {
        let extent = spans.clone().copied().reduce(TimeSpan::union)?;
        let mut starts: Vec<i64> = spans.clone().map(|s| s.start).collect();
        let mut ends: Vec<i64> = spans.map(|s| s.end).collect();
        starts.sort_unstable();
        ends.sort_unstable();
        let mut bins = [0usize; BINS];
        let length = (extent.end - extent.start).max(1) as f64;
        for start in &starts {
            let at = ((start - extent.start) as f64 / length * BINS as f64) as usize;
            bins[at.min(BINS - 1)] += 1;
        }
        Some(Summary {
            extent,
            starts,
            ends,
            bins,
        })
    }

    /// How many features overlap `range`: all but those ending before it or starting after.
    fn count_in(&self, range: TimeSpan) -> usize {
        let ended = self.ends.partition_point(|&e| e < range.start);
        let not_started = self.starts.len() - self.starts.partition_point(|&s| s <= range.end);
        self.starts.len() - ended - not_started
    }
}

impl TimeFilter {
    /// The whole timeline: from the earliest to the latest time of any dated layer.
    pub fn extent(&self) -> Option<TimeSpan> {
        self.summary.as_ref().map(|s| s.extent)
    }

    /// The range kept, when the filter applies.
    pub fn active_range(&self) -> Option<TimeSpan> {
        if !self.open {
            return None;
        }
        let extent = self.extent()?;
        Some(self.range.map_or(extent, |r| clamp(r, extent)))
    }

    /// Whether a big layer is still being read or cut on a worker.
    pub fn is_working(&self) -> bool {
        self.layers
            .values()
            .any(|d| d.reading.is_some() || d.cutting.is_some())
    }

    /// Brings the stack in line with the range: learns new and replaced layers, forgets removed
    /// ones, and swaps in the features in range where the range moved (the selection follows
    /// its feature, or is dropped with it). Big layers are read and cut on workers; their
    /// results land in a later frame.
    pub fn sync(&mut self, stack: &mut LayerStack, picks: &mut Picks) {
        let mut changed = self.learn_layers(stack);
        for dated in self.layers.values_mut() {
            if dated.reading.as_ref().is_some_and(JoinHandle::is_finished)
                && let Some(reading) = dated.reading.take()
            {
                // A worker that panicked leaves the layer undated rather than the app down.
                dated.spans = reading.join().ok().map(Arc::new);
                changed = true;
            }
        }
        if changed || (self.summary.is_none() && !self.layers.is_empty()) {
            let spans = self
                .layers
                .values()
                .flat_map(|d| d.spans.iter().flat_map(|s| s.iter().flatten()));
            self.summary = Summary::of(spans);
        }
        let range = self.active_range();
        for (id, dated) in &mut self.layers {
            let Some(spans) = dated.spans.clone() else {
                continue;
            };
            let landed = match dated.cutting.take() {
                Some((for_range, job)) if job.is_finished() => {
                    job.join().ok().map(|cut| (for_range, cut))
                }
                Some(job) => {
                    dated.cutting = Some(job);
                    continue;
                }
                None if dated.applied == range => continue,
                None if dated.all.len() <= IN_FRAME_LIMIT => {
                    Some((range, cut(&dated.all, &spans, range)))
                }
                None => {
                    let all = dated.all.clone();
                    let job = crate::parallel::spawn_background("time filter", move || {
                        cut(&all, &spans, range)
                    });
                    dated.cutting = Some((range, job));
                    continue;
                }
            };
            let (Some((for_range, (features, prepared))), Some(index)) =
                (landed, stack.position(id))
            else {
                continue;
            };
            let Some(current) = stack.get(index) else {
                continue;
            };
            let old = current.features.clone();
            let mut layer = current.clone();
            layer.features = features.clone();
            let replaced = stack.swap(index, layer, prepared);
            follow_picks(picks, id, &old, &features);
            if old.len() > IN_FRAME_LIMIT {
                // Freeing a big cut takes tens of milliseconds: not in a frame.
                crate::parallel::spawn_background("time filter drop", move || {
                    drop((replaced, old));
                });
            }
            dated.shown = features;
            dated.applied = for_range;
        }
    }

    /// Learns the dated layers of the stack: new ones, and ones replaced by someone else (a
    /// reload, a vintage switch); forgets removed ones.
    /// Returns whether the dated layers changed.
    fn learn_layers(&mut self, stack: &LayerStack) -> bool {
        let present: Vec<LayerId> = stack.layers().iter().map(|l| l.id.clone()).collect();
        let before = self.layers.len();
        self.layers.retain(|id, _| present.contains(id));
        let mut changed = self.layers.len() != before;
        self.undated.retain(|id, _| present.contains(id));
        for layer in stack.layers() {
            // A database layer is a window the server refills as the view moves.
            if layer.source.is_database() {
                continue;
            }
            let address = Arc::as_ptr(&layer.features) as usize;
            let known = self.layers.get(&layer.id).is_some_and(|d| {
                Arc::ptr_eq(&d.shown, &layer.features) || Arc::ptr_eq(&d.all, &layer.features)
            });
            if known || self.undated.get(&layer.id) == Some(&address) {
                continue;
            }
            changed |= self.layers.remove(&layer.id).is_some();
            let Some(field) = TimeField::detect(&layer.features) else {
                self.undated.insert(layer.id.clone(), address);
                continue;
            };
            let all = layer.features.clone();
            let (spans, reading) = if all.len() <= IN_FRAME_LIMIT {
                let spans = all.iter().map(|f| field.span_of(f)).collect();
                (Some(Arc::new(spans)), None)
            } else {
                let (all, field) = (all.clone(), field.clone());
                let job = crate::parallel::spawn_background("time fields", move || {
                    all.iter().map(|f| field.span_of(f)).collect()
                });
                (None, Some(job))
            };
            self.layers.insert(
                layer.id.clone(),
                DatedLayer {
                    field,
                    shown: all.clone(),
                    all,
                    spans,
                    reading,
                    applied: None,
                    cutting: None,
                },
            );
            self.undated.remove(&layer.id);
            changed = true;
        }
        changed
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
fn follow_picks(picks: &mut Picks, layer: &LayerId, old: &[Feature], new: &[Feature]) {
    for pick in [&mut picks.selection, &mut picks.hover] {
        let Some(p) = pick.as_mut().filter(|p| &p.layer == layer) else {
            continue;
        };
        let source = old.get(p.feature).map(|f| f.source_index);
        match new.iter().position(|f| Some(f.source_index) == source) {
            Some(index) => p.feature = index,
            None => *pick = None,
        }
    }
}

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
