//! The features each layer shows, without egui: every layer's filter expression (QGIS syntax,
//! [`crate::analysis::expression`]) and the time filter's range, applied together. A layer
//! that is dated (by which field, each feature's time) or filtered keeps all its features
//! here; the stack holds the cut, with its own prepared geometry, so drawing, hit-testing, the
//! table, counts, joins, charts and exports all see what the map shows. Also a summary of
//! every dated feature for the time bar (extent, histogram, counts in a range by binary
//! search). Big layers are read and cut on workers, so a drag or play never holds up a frame.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::thread::JoinHandle;

use crate::analysis::expression::Filter;
use crate::model::{Feature, LayerId, TimeField, TimeSpan};
use crate::render::{LayerStack, PreparedLayer};

/// Bars of the histogram of when features happen.
pub const BINS: usize = 60;

/// Layers with more features than this are read and cut on a worker, so that a drag or play
/// never holds up a frame (cutting 20,000 features and indexing them takes a few ms).
const IN_FRAME_LIMIT: usize = 20_000;

type Cut = (Arc<Vec<Feature>>, PreparedLayer);

/// What a cut keeps: features in the time range (dated layers) that the filter keeps.
#[derive(Debug, Clone, PartialEq, Default)]
struct Keep {
    range: Option<TimeSpan>,
    filter: Option<Filter>,
}

impl Keep {
    fn is_everything(&self) -> bool {
        self.range.is_none() && self.filter.is_none()
    }
}

/// A layer's time: its field, and each feature's time once read (on a worker for a big one).
struct Dating {
    field: TimeField,
    spans: Option<Arc<Vec<Option<TimeSpan>>>>,
    reading: Option<JoinHandle<Vec<Option<TimeSpan>>>>,
}

/// One dated or filtered layer: every feature, and the cut the stack shows.
struct CutLayer {
    dating: Option<Dating>,
    /// The layer's filter, parsed from its text.
    filter: Option<Filter>,
    all: Arc<Vec<Feature>>,
    /// What the stack holds now (`all` or a cut), to tell our replacement from a
    /// replacement by someone else (a reload, a vintage switch).
    shown: Arc<Vec<Feature>>,
    applied: Keep,
    /// A cut in progress on a worker, and what it keeps.
    cutting: Option<(Keep, JoinHandle<Cut>)>,
}

/// The features of `all` that `keep` keeps, with their geometry prepared for drawing.
fn cut(all: &Arc<Vec<Feature>>, spans: Option<&[Option<TimeSpan>]>, keep: &Keep) -> Cut {
    let features = if keep.is_everything() {
        all.clone()
    } else {
        let kept = keep.filter.as_ref().map(|f| f.keep(all));
        let in_range = |i: usize| match (keep.range, spans) {
            (Some(range), Some(spans)) => spans[i].is_some_and(|s| s.overlaps(&range)),
            _ => true,
        };
        Arc::new(
            (all.iter().enumerate())
                .filter(|(i, _)| kept.as_ref().is_none_or(|k| k[*i]) && in_range(*i))
                .map(|(_, f)| f.clone())
                .collect(),
        )
    };
    let prepared = PreparedLayer::new(&features);
    (features, prepared)
}

/// Every dated or filtered layer of the stack, its features' times, and the cut shown of each.
#[derive(Default)]
pub struct LayerCuts {
    layers: BTreeMap<LayerId, CutLayer>,
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

impl LayerCuts {
    /// The times of every dated feature, summed up; `None` while nothing is dated.
    pub fn summary(&self) -> Option<&Summary> {
        self.summary.as_ref()
    }

    /// Each dated layer with the name of the field that dates it.
    pub fn fields(&self) -> impl Iterator<Item = (&LayerId, String)> {
        (self.layers.iter()).filter_map(|(id, c)| Some((id, c.dating.as_ref()?.field.name())))
    }

    /// Whether a big layer is still being read or cut on a worker.
    pub fn is_working(&self) -> bool {
        self.layers
            .values()
            .any(|c| c.cutting.is_some() || c.dating.as_ref().is_some_and(|d| d.reading.is_some()))
    }

    /// Brings the stack in line with `range` (`None`: any time) and each layer's filter:
    /// learns new and replaced layers, forgets removed ones, and swaps in the features kept
    /// where what is kept changed. Big layers are read and cut on workers; their results land
    /// in a later call. Returns the swaps made, for the selection to follow its feature.
    pub fn sync(&mut self, stack: &mut LayerStack, range: Option<TimeSpan>) -> Vec<Swap> {
        let mut changed = self.learn_layers(stack);
        for dating in self.layers.values_mut().filter_map(|c| c.dating.as_mut()) {
            if dating.reading.as_ref().is_some_and(JoinHandle::is_finished)
                && let Some(reading) = dating.reading.take()
            {
                // A worker that panicked leaves the layer undated rather than the app down.
                dating.spans = reading.join().ok().map(Arc::new);
                changed = true;
            }
        }
        if changed || (self.summary.is_none() && !self.layers.is_empty()) {
            let spans = (self.layers.values())
                .filter_map(|c| c.dating.as_ref()?.spans.as_ref())
                .flat_map(|s| s.iter().flatten());
            self.summary = Summary::of(spans);
        }
        let mut swaps = Vec::new();
        for (id, layer) in &mut self.layers {
            if let Some(landed) = layer.next_cut(range)
                && let Some(swap) = layer.put_in(stack, id, landed)
            {
                swaps.push(swap);
            }
        }
        swaps
    }

    /// Learns the dated and filtered layers of the stack: new ones, ones replaced by someone
    /// else (a reload, a vintage switch), filters changed; forgets removed ones.
    /// Returns whether the dated layers changed.
    fn learn_layers(&mut self, stack: &LayerStack) -> bool {
        let present: Vec<LayerId> = stack.layers().iter().map(|l| l.id.clone()).collect();
        let before = self.layers.len();
        self.layers.retain(|id, _| present.contains(id));
        let mut changed = self.layers.len() != before;
        self.undated.retain(|id, _| present.contains(id));
        for layer in stack.layers() {
            // A database layer is a window the server refills (and filters) as the view moves.
            if layer.source.is_database() {
                continue;
            }
            if let Some(known) = self.layers.get_mut(&layer.id).filter(|c| {
                Arc::ptr_eq(&c.shown, &layer.features) || Arc::ptr_eq(&c.all, &layer.features)
            }) {
                known.follow_filter(layer.filter.as_deref());
                continue;
            }
            let address = Arc::as_ptr(&layer.features) as usize;
            let undated = self.undated.get(&layer.id) == Some(&address);
            if undated && layer.filter.is_none() {
                continue;
            }
            changed |= self.layers.remove(&layer.id).is_some();
            let field = if undated {
                None
            } else {
                TimeField::detect(&layer.features)
            };
            if field.is_none() {
                self.undated.insert(layer.id.clone(), address);
                if layer.filter.is_none() {
                    continue;
                }
            } else {
                self.undated.remove(&layer.id);
                changed = true;
            }
            let mut entry = CutLayer::new(layer.features.clone(), field);
            entry.follow_filter(layer.filter.as_deref());
            self.layers.insert(layer.id.clone(), entry);
        }
        changed
    }
}

impl CutLayer {
    fn new(all: Arc<Vec<Feature>>, field: Option<TimeField>) -> CutLayer {
        let dating = field.map(|field| {
            if all.len() <= IN_FRAME_LIMIT {
                let spans = all.iter().map(|f| field.span_of(f)).collect();
                Dating {
                    field,
                    spans: Some(Arc::new(spans)),
                    reading: None,
                }
            } else {
                let (features, reading_field) = (all.clone(), field.clone());
                let job = crate::parallel::spawn_background("time fields", move || {
                    features.iter().map(|f| reading_field.span_of(f)).collect()
                });
                Dating {
                    field,
                    spans: None,
                    reading: Some(job),
                }
            }
        });
        CutLayer {
            dating,
            filter: None,
            shown: all.clone(),
            all,
            applied: Keep::default(),
            cutting: None,
        }
    }

    /// Takes the layer's filter text; a text that does not parse (it was checked when typed,
    /// so only a hand-edited session) filters nothing.
    fn follow_filter(&mut self, text: Option<&str>) {
        if self.filter.as_ref().map(Filter::text) != text {
            self.filter = text.and_then(|t| Filter::parse(t).ok());
        }
    }

    /// What this layer should show now.
    fn wanted(&self, range: Option<TimeSpan>) -> Keep {
        Keep {
            range: self.dating.as_ref().and(range),
            filter: self.filter.clone(),
        }
    }

    /// A cut ready to go into the stack, if what is kept changed: made now for a small layer,
    /// on a worker for a big one (landing in a later call).
    fn next_cut(&mut self, range: Option<TimeSpan>) -> Option<(Keep, Cut)> {
        let spans = match &self.dating {
            Some(dating) => Some(dating.spans.clone()?),
            None => None,
        };
        let wanted = self.wanted(range);
        match self.cutting.take() {
            Some((keep, job)) if job.is_finished() => job.join().ok().map(|cut| (keep, cut)),
            Some(job) => {
                self.cutting = Some(job);
                None
            }
            None if self.applied == wanted => None,
            None if self.all.len() <= IN_FRAME_LIMIT => {
                let cut = cut(&self.all, spans.as_deref().map(Vec::as_slice), &wanted);
                Some((wanted, cut))
            }
            None => {
                let all = self.all.clone();
                let keep = wanted.clone();
                let job = crate::parallel::spawn_background("layer filter", move || {
                    cut(&all, spans.as_deref().map(Vec::as_slice), &keep)
                });
                self.cutting = Some((wanted, job));
                None
            }
        }
    }

    /// Puts a cut into the stack in place of what the layer shows.
    fn put_in(
        &mut self,
        stack: &mut LayerStack,
        id: &LayerId,
        landed: (Keep, Cut),
    ) -> Option<Swap> {
        let (keep, (features, prepared)) = landed;
        let index = stack.position(id)?;
        let current = stack.get(index)?;
        let old = current.features.clone();
        let mut layer = current.clone();
        layer.features = features.clone();
        layer.unfiltered_count = (!keep.is_everything()).then_some(self.all.len());
        let replaced = stack.swap(index, layer, prepared);
        if old.len() > IN_FRAME_LIMIT {
            // Freeing a big cut takes tens of milliseconds: not in a frame.
            let dropped = old.clone();
            crate::parallel::spawn_background("layer filter drop", move || {
                drop((replaced, dropped));
            });
        }
        self.shown = features.clone();
        self.applied = keep;
        Some(Swap {
            layer: id.clone(),
            old,
            new: features,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Layer, LayerKind, LayerSource, Style, parse_span};
    use serde_json::json;

    fn flights() -> Layer {
        let features: Vec<Feature> = (0..30)
            .map(|i| {
                let day = format!("2025-09-{:02}", i + 1);
                let serde_json::Value::Object(properties) =
                    json!({"date": day, "kind": if i % 2 == 0 { "drone" } else { "evtol" }})
                else {
                    unreachable!()
                };
                Feature::new(geo::Point::new(106.5, 29.5).into(), properties, i)
            })
            .collect();
        Layer::new(
            "flights",
            "flights",
            LayerKind::User,
            LayerSource::Derived("test".into()),
            features,
            Style::from_base(crate::model::Rgba::rgb(1, 2, 3)),
        )
    }

    fn shown(stack: &LayerStack) -> Vec<usize> {
        stack.layers()[0]
            .features
            .iter()
            .map(|f| f.source_index)
            .collect()
    }

    #[test]
    fn a_filter_and_the_time_range_compose_and_each_undoes_alone() {
        let mut stack = LayerStack::new(vec![flights()]);
        let mut cuts = LayerCuts::default();
        let september_10_to_19 = parse_span(&json!("2025-09-10/2025-09-19"));
        cuts.sync(&mut stack, september_10_to_19);
        assert_eq!(shown(&stack), (9..19).collect::<Vec<_>>());
        assert_eq!(stack.layers()[0].unfiltered_count, Some(30));

        stack.get_mut(0).expect("layer").filter = Some("kind = 'drone'".into());
        cuts.sync(&mut stack, september_10_to_19);
        assert_eq!(shown(&stack), vec![10, 12, 14, 16, 18], "both apply");

        cuts.sync(&mut stack, None);
        assert_eq!(shown(&stack).len(), 15, "the filter alone");

        stack.get_mut(0).expect("layer").filter = None;
        cuts.sync(&mut stack, None);
        assert_eq!(shown(&stack).len(), 30, "every feature again");
        assert_eq!(stack.layers()[0].unfiltered_count, None);
    }

    #[test]
    fn an_undated_layer_is_filtered_too() {
        let mut layer = flights();
        for f in std::sync::Arc::make_mut(&mut layer.features) {
            f.properties.remove("date");
        }
        let mut stack = LayerStack::new(vec![layer]);
        let mut cuts = LayerCuts::default();
        cuts.sync(&mut stack, None);
        assert_eq!(shown(&stack).len(), 30);
        stack.get_mut(0).expect("layer").filter = Some("kind <> 'drone'".into());
        cuts.sync(&mut stack, None);
        assert_eq!(shown(&stack).len(), 15);
        assert!(cuts.summary().is_none(), "nothing is dated");
    }
}
