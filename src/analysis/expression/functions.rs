//! The functions a filter may call: QGIS's names, their arity, what they do here, and what
//! PostGIS calls them.

use super::eval::Scalar;
use crate::model::parse_span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Lower,
    Upper,
    Length,
    Trim,
    Substr,
    Left,
    Right,
    Concat,
    Coalesce,
    Abs,
    Round,
    Floor,
    Ceil,
    Sqrt,
    ToInt,
    ToReal,
    ToString,
    ToDate,
    Year,
    Month,
    Day,
}

impl Function {
    const ALL: [(&'static str, Function); 21] = [
        ("lower", Function::Lower),
        ("upper", Function::Upper),
        ("length", Function::Length),
        ("trim", Function::Trim),
        ("substr", Function::Substr),
        ("left", Function::Left),
        ("right", Function::Right),
        ("concat", Function::Concat),
        ("coalesce", Function::Coalesce),
        ("abs", Function::Abs),
        ("round", Function::Round),
        ("floor", Function::Floor),
        ("ceil", Function::Ceil),
        ("sqrt", Function::Sqrt),
        ("to_int", Function::ToInt),
        ("to_real", Function::ToReal),
        ("to_string", Function::ToString),
        ("to_date", Function::ToDate),
        ("year", Function::Year),
        ("month", Function::Month),
        ("day", Function::Day),
    ];

    /// The function called `name` (any case).
    pub fn named(name: &str) -> Option<Function> {
        let name = name.to_lowercase();
        Self::ALL.iter().find(|(n, _)| *n == name).map(|(_, f)| *f)
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("?", |(n, _)| n)
    }

    /// Every name, for the error that lists what may be called.
    pub fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|(n, _)| *n)
    }

    /// How many arguments it takes, at least and at most.
    pub fn arity(self) -> (usize, usize) {
        match self {
            Function::Concat | Function::Coalesce => (1, usize::MAX),
            Function::Substr => (2, 3),
            Function::Left | Function::Right => (2, 2),
            Function::Round => (1, 2),
            _ => (1, 1),
        }
    }

    pub fn apply(self, args: Vec<Scalar>) -> Scalar {
        let text = |i: usize| args.get(i).and_then(Scalar::text);
        let number = |i: usize| args.get(i).and_then(Scalar::number);
        let text_of = |f: fn(&str) -> String| text(0).map_or(Scalar::Null, |t| Scalar::Text(f(&t)));
        let number_of = |f: fn(f64) -> f64| {
            number(0)
                .map(f)
                .filter(|n| n.is_finite())
                .map_or(Scalar::Null, Scalar::Number)
        };
        let date_part = |part: fn(time::Date) -> f64| {
            date_of(args.first()).map_or(Scalar::Null, |d| Scalar::Number(part(d)))
        };
        match self {
            Function::Lower => text_of(str::to_lowercase),
            Function::Upper => text_of(str::to_uppercase),
            Function::Trim => text_of(|t| t.trim().to_string()),
            Function::Length => {
                text(0).map_or(Scalar::Null, |t| Scalar::Number(t.chars().count() as f64))
            }
            Function::Substr => substr(text(0), number(1), number(2)),
            Function::Left => match (text(0), number(1)) {
                (Some(t), Some(n)) => Scalar::Text(t.chars().take(n.max(0.0) as usize).collect()),
                _ => Scalar::Null,
            },
            Function::Right => match (text(0), number(1)) {
                (Some(t), Some(n)) => {
                    let count = t.chars().count();
                    let skip = count.saturating_sub(n.max(0.0) as usize);
                    Scalar::Text(t.chars().skip(skip).collect())
                }
                _ => Scalar::Null,
            },
            Function::Concat => Scalar::Text(args.iter().filter_map(Scalar::text).collect()),
            Function::Coalesce => (args.into_iter())
                .find(|a| !matches!(a, Scalar::Null))
                .unwrap_or(Scalar::Null),
            Function::Abs => number_of(f64::abs),
            Function::Floor => number_of(f64::floor),
            Function::Ceil => number_of(f64::ceil),
            Function::Sqrt => number_of(f64::sqrt),
            Function::ToInt => number_of(f64::trunc),
            Function::ToReal => number_of(|n| n),
            Function::Round => match (number(0), number(1).unwrap_or(0.0)) {
                (Some(n), places) => {
                    let scale = 10f64.powi(places.clamp(-15.0, 15.0) as i32);
                    Scalar::Number((n * scale).round() / scale)
                }
                _ => Scalar::Null,
            },
            Function::ToString => text(0).map_or(Scalar::Null, Scalar::Text),
            Function::ToDate => {
                date_of(args.first()).map_or(Scalar::Null, |d| Scalar::Text(d.to_string()))
            }
            Function::Year => date_part(|d| f64::from(d.year())),
            Function::Month => date_part(|d| f64::from(u8::from(d.month()))),
            Function::Day => date_part(|d| f64::from(d.day())),
        }
    }

    /// The PostgreSQL function doing the same, where one does.
    pub fn sql_name(self) -> Option<&'static str> {
        Some(match self {
            Function::Lower => "lower",
            Function::Upper => "upper",
            Function::Length => "char_length",
            Function::Trim => "btrim",
            Function::Substr => "substr",
            Function::Left => "left",
            Function::Right => "right",
            Function::Concat => "concat",
            Function::Coalesce => "coalesce",
            Function::Abs => "abs",
            Function::Round => "round",
            Function::Floor => "floor",
            Function::Ceil => "ceil",
            Function::Sqrt => "sqrt",
            _ => return None,
        })
    }
}

/// QGIS's `substr`: 1-based start (negative counts from the end), optional length.
fn substr(text: Option<String>, start: Option<f64>, length: Option<f64>) -> Scalar {
    let (Some(text), Some(start)) = (text, start) else {
        return Scalar::Null;
    };
    let chars: Vec<char> = text.chars().collect();
    let start = start as i64;
    let from = if start < 0 {
        (chars.len() as i64 + start).max(0) as usize
    } else {
        (start.max(1) - 1) as usize
    };
    let from = from.min(chars.len());
    let to = length.map_or(chars.len(), |l| {
        (from + l.max(0.0) as usize).min(chars.len())
    });
    Scalar::Text(chars[from..to].iter().collect())
}

/// The calendar day a value names (an ISO date or date-time, 2025/09/07, 2025年9月7日).
fn date_of(value: Option<&Scalar>) -> Option<time::Date> {
    let text = value?.text()?;
    let span = parse_span(&serde_json::Value::String(text))?;
    Some(
        time::OffsetDateTime::from_unix_timestamp(span.start)
            .ok()?
            .date(),
    )
}
