//! Class breaks for a thematic map ("专题图"), as QGIS's graduated renderer makes them: equal
//! interval, quantile, natural breaks (Jenks), standard deviation and pretty breaks. Breaks
//! are the `classes + 1` bounds from the minimum to the maximum; a value belongs to the first
//! class whose upper bound it does not exceed. Natural breaks cost O(k·n²): past
//! [`JENKS_SAMPLE`] values they come from an even sample of the sorted values, as QGIS samples,
//! so a dialog never waits on a million values.

use serde::{Deserialize, Serialize};

/// How values are split into classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClassMethod {
    EqualInterval,
    Quantile,
    NaturalBreaks,
    StandardDeviation,
    Pretty,
}

impl ClassMethod {
    pub const ALL: [ClassMethod; 5] = [
        ClassMethod::NaturalBreaks,
        ClassMethod::Quantile,
        ClassMethod::EqualInterval,
        ClassMethod::StandardDeviation,
        ClassMethod::Pretty,
    ];

    /// Its name in the interface (English; the catalogue translates it).
    pub fn name(self) -> &'static str {
        match self {
            ClassMethod::EqualInterval => "Equal interval",
            ClassMethod::Quantile => "Quantile (equal count)",
            ClassMethod::NaturalBreaks => "Natural breaks (Jenks)",
            ClassMethod::StandardDeviation => "Standard deviation",
            ClassMethod::Pretty => "Pretty breaks",
        }
    }
}

/// The most classes a map may have (ColorBrewer's schemes go to nine).
pub const MAX_CLASSES: usize = 9;
pub const MIN_CLASSES: usize = 2;
/// Values natural breaks are computed on at most.
pub const JENKS_SAMPLE: usize = 3000;

/// The bounds of `classes` classes of `values` (NaN and infinities left out), ascending, first
/// the minimum and last the maximum; fewer when the values have fewer distinct numbers. Empty
/// when there is no value.
pub fn breaks(values: &[f64], method: ClassMethod, classes: usize) -> Vec<f64> {
    let finite = || values.iter().copied().filter(|v| v.is_finite());
    let Some((min, max)) = finite().fold(None, |range: Option<(f64, f64)>, v| {
        Some(range.map_or((v, v), |(low, high)| (low.min(v), high.max(v))))
    }) else {
        return Vec::new();
    };
    let classes = classes.clamp(1, MAX_CLASSES);
    if min == max {
        return vec![min, max];
    }
    // Only the methods that need order pay for a sort of every value.
    let sorted = || {
        let mut sorted: Vec<f64> = finite().collect();
        sorted.sort_unstable_by(f64::total_cmp);
        sorted
    };
    let inner = match method {
        ClassMethod::EqualInterval => (1..classes)
            .map(|i| min + (max - min) * i as f64 / classes as f64)
            .collect(),
        ClassMethod::Quantile => quantile_bounds(&sorted(), classes),
        ClassMethod::NaturalBreaks => jenks_bounds(&even_sample(&sorted(), JENKS_SAMPLE), classes),
        ClassMethod::StandardDeviation => standard_deviation_bounds(finite(), classes),
        ClassMethod::Pretty => return pretty_breaks(min, max, classes),
    };
    let mut bounds = vec![min];
    bounds.extend(inner.into_iter().filter(|b: &f64| *b > min && *b < max));
    bounds.push(max);
    bounds.dedup();
    bounds
}

/// The class (0-based) of `value` for `bounds`; `None` for a value outside them or not a
/// number. Upper bounds are inclusive, as in QGIS. The model's rule, which drawing uses too.
pub use crate::model::class_of;

/// How many of `values` fall in each class of `bounds`.
pub fn class_counts(values: &[f64], bounds: &[f64]) -> Vec<usize> {
    let mut counts = vec![0; bounds.len().saturating_sub(1)];
    for value in values {
        if let Some(class) = class_of(*value, bounds) {
            counts[class] += 1;
        }
    }
    counts
}

fn quantile_bounds(sorted: &[f64], classes: usize) -> Vec<f64> {
    let n = sorted.len();
    (1..classes)
        .map(|i| {
            // Linear interpolation between order statistics (R's type 7, QGIS's choice).
            let at = (n - 1) as f64 * i as f64 / classes as f64;
            let (low, fraction) = (at.floor() as usize, at.fract());
            let high = (low + 1).min(n - 1);
            sorted[low] + (sorted[high] - sorted[low]) * fraction
        })
        .collect()
}

/// At most `limit` values spread evenly over the sorted values, both ends kept.
fn even_sample(sorted: &[f64], limit: usize) -> Vec<f64> {
    if sorted.len() <= limit {
        return sorted.to_vec();
    }
    let step = (sorted.len() - 1) as f64 / (limit - 1) as f64;
    (0..limit)
        .map(|i| sorted[((i as f64 * step).round() as usize).min(sorted.len() - 1)])
        .collect()
}

/// Fisher–Jenks optimal breaks by dynamic programming on the sorted values: the inner bounds.
fn jenks_bounds(sorted: &[f64], classes: usize) -> Vec<f64> {
    let n = sorted.len();
    let classes = classes.min(n);
    if classes < 2 {
        return Vec::new();
    }
    // Prefix sums give the squared deviation of any run of values in O(1).
    let mut sum = vec![0.0; n + 1];
    let mut square = vec![0.0; n + 1];
    for (i, v) in sorted.iter().enumerate() {
        sum[i + 1] = sum[i] + v;
        square[i + 1] = square[i] + v * v;
    }
    let cost = |from: usize, to: usize| {
        // Values from..to (exclusive) as one class.
        let count = (to - from) as f64;
        let s = sum[to] - sum[from];
        (square[to] - square[from]) - s * s / count
    };
    // best[k][j]: least cost of the first j values in k+1 classes; cut[k][j]: where its last
    // class starts.
    let mut best = vec![vec![f64::INFINITY; n + 1]; classes];
    let mut cut = vec![vec![0usize; n + 1]; classes];
    for (j, least) in best[0].iter_mut().enumerate().skip(1) {
        *least = cost(0, j);
    }
    for k in 1..classes {
        for j in (k + 1)..=n {
            for start in k..j {
                let total = best[k - 1][start] + cost(start, j);
                if total < best[k][j] {
                    best[k][j] = total;
                    cut[k][j] = start;
                }
            }
        }
    }
    let mut starts = Vec::with_capacity(classes - 1);
    let mut end = n;
    for k in (1..classes).rev() {
        let start = cut[k][end];
        starts.push(start);
        end = start;
    }
    starts.reverse();
    // A class ends at the last value before the next class starts, as QGIS reports its bounds.
    starts.into_iter().map(|start| sorted[start - 1]).collect()
}

fn standard_deviation_bounds(
    values: impl Iterator<Item = f64> + Clone,
    classes: usize,
) -> Vec<f64> {
    let n = values.clone().count() as f64;
    let mean = values.clone().sum::<f64>() / n;
    let deviation = (values.map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    if deviation == 0.0 {
        return Vec::new();
    }
    // Classes one standard deviation wide, centred on the mean: an even number of classes
    // puts a bound at the mean, an odd one centres a class on it.
    let half = classes as f64 / 2.0;
    (1..classes)
        .map(|i| mean + (i as f64 - half) * deviation)
        .collect()
}

/// "Nice" round bounds covering min..max in about `classes` steps (R's `pretty`): steps of 1,
/// 2, 2.5 or 5 times a power of ten. The first and last bounds may lie outside the values.
fn pretty_breaks(min: f64, max: f64, classes: usize) -> Vec<f64> {
    let raw = (max - min) / classes as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|step| *step >= raw)
        .unwrap_or(10.0 * magnitude);
    let start = (min / step).floor() * step;
    let mut bounds = vec![start];
    while bounds[bounds.len() - 1] < max && bounds.len() <= MAX_CLASSES * 2 {
        let next = start + step * bounds.len() as f64;
        // Round away the float noise of repeated addition (0.30000000000000004).
        bounds.push((next / step).round() * step);
    }
    bounds
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_interval_and_quantile_split_as_qgis_does() {
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(
            breaks(&values, ClassMethod::EqualInterval, 3),
            [1.0, 4.0, 7.0, 10.0]
        );
        assert_eq!(breaks(&values, ClassMethod::Quantile, 2), [1.0, 5.5, 10.0]);
    }

    #[test]
    fn natural_breaks_find_the_gaps() {
        let values = [1.0, 2.0, 3.0, 20.0, 21.0, 22.0, 100.0, 101.0];
        assert_eq!(
            breaks(&values, ClassMethod::NaturalBreaks, 3),
            [1.0, 3.0, 22.0, 101.0]
        );
        let bounds = breaks(&values, ClassMethod::NaturalBreaks, 3);
        assert_eq!(class_counts(&values, &bounds), [3, 3, 2]);
    }

    #[test]
    fn natural_breaks_on_a_million_values_use_a_sample_and_stay_ordered() {
        let values: Vec<f64> = (0..1_000_000)
            .map(|i| f64::from(i % 1000).powi(2))
            .collect();
        let bounds = breaks(&values, ClassMethod::NaturalBreaks, 5);
        assert_eq!(bounds.len(), 6);
        assert!(bounds.windows(2).all(|w| w[0] < w[1]), "{bounds:?}");
        assert_eq!((bounds[0], bounds[5]), (0.0, 998_001.0));
    }

    #[test]
    fn pretty_breaks_are_round() {
        assert_eq!(
            breaks(&[3.0, 97.0], ClassMethod::Pretty, 5),
            [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]
        );
    }

    #[test]
    fn standard_deviation_classes_centre_on_the_mean() {
        let values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]; // mean 5, deviation 2
        assert_eq!(
            breaks(&values, ClassMethod::StandardDeviation, 4),
            [2.0, 3.0, 5.0, 7.0, 9.0]
        );
    }

    #[test]
    fn upper_bounds_are_inclusive_and_outsiders_have_no_class() {
        let bounds = [0.0, 10.0, 20.0];
        assert_eq!(class_of(0.0, &bounds), Some(0));
        assert_eq!(class_of(10.0, &bounds), Some(0));
        assert_eq!(class_of(10.5, &bounds), Some(1));
        assert_eq!(class_of(20.0, &bounds), Some(1));
        assert_eq!(class_of(21.0, &bounds), None);
        assert_eq!(class_of(f64::NAN, &bounds), None);
        assert!(breaks(&[f64::NAN], ClassMethod::Quantile, 4).is_empty());
    }
}
