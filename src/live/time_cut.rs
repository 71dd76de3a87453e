//! The time filter's cuts, without egui: which layers are dated (and by which field), every
//! feature's time, a summary of them all for the bar (extent, histogram, counts in a range by
//! binary search), and for each dated layer the features in the chosen range with their own
//! prepared geometry, swapped into the layer stack. Big layers are read and cut on workers,
//! so a drag or play never holds up a frame.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::model::{Feature, LayerId, TimeField, TimeSpan};
use crate::render::{LayerStack, PreparedLayer};

/// Bars of the histogram of when features happen.
pub const BINS: usize = 60;

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

/// Every dated layer of the stack, its features' times, and the cut shown of each.
#[derive(Default)]
pub struct TimeCuts {
    layers: BTreeMap<LayerId, DatedLayer>,
    /// Feature lists already found to have no time field (by address), not examined again.
    undated: HashMap<LayerId, usize>,
    /// Every dated feature's time, summed up for the bar; rebuilt when the dated layers change.
    summary: Option<Summary>,
}

/// A layer whose features the cut replaced: the selection follows its feature from `old` to
/// `new` (by its index in the file), or goes.
pub struct Swap {
    pub layer: LayerId,
    pub old: Arc<Vec<Feature>>,
    pub new: Arc<Vec<Feature>>,
}

/// The times of every dated feature, kept sorted so the bar's count of features in range
/// takes two binary searches rather than a pass over them all.
pub struct Summary {
    pub extent: TimeSpan,
    starts: Vec<i64>,
    ends: Vec<i64>,
    pub bins: [usize; BINS],
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
    pub fn count_in(&self, range: TimeSpan) -> usize {
        let ended = self.ends.partition_point(|&e| e < range.start);
        let not_started = self.starts.len() - self.starts.partition_point(|&s| s <= range.end);
        self.starts.len() - ended - not_started
    }

    /// How many dated features there are.
    pub fn total(&self) -> usize {
        self.starts.len()
    }
}

impl TimeCuts {
    /// The times of every dated feature, summed up; `None` while nothing is dated.
    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }

    /// Each dated layer with the name of the field that dates it.
    pub fn fields(&self) -> impl Iterator<Item = (&LayerId, String)> {
        self.layers.iter().map(|(id, d)| (id, d.field.name()))
    }

    /// Whether a big layer is still being read or cut on a worker.
    pub fn is_working(&self) -> bool {
        self.layers
            .values()
            .any(|d| d.reading.is_some() || d.cutting.is_some())
    }

    /// Brings the stack in line with `range` (`None`: every feature): learns new and replaced
    /// layers, forgets removed ones, and swaps in the features in range where the range moved.
    /// Big layers are read and cut on workers; their results land in a later call. Returns
    /// the swaps made, for the selection to follow its feature.
    pub fn sync(&mut self, stack: &mut LayerStack, range: Option<TimeSpan>) -> Vec<Swap> {
        let mut swaps = Vec::new();
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
            swaps.push(Swap {
                layer: id.clone(),
                old: old.clone(),
                new: features.clone(),
            });
            if old.len() > IN_FRAME_LIMIT {
                // Freeing a big cut takes tens of milliseconds: not in a frame.
                crate::parallel::spawn_background("time filter drop", move || {
                    drop((replaced, old));
                });
            }
            dated.shown = features;
            dated.applied = for_range;
        }
        swaps
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
}
