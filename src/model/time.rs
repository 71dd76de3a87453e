//! When features happen: the date or time property a layer carries (an event date, a GPX track's
//! start and end, a CSV date column), read as instants or spans in seconds since 1970 (UTC), and
//! the range a time filter keeps.

use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use super::Feature;

/// A moment or a stretch of time, in seconds since 1970-01-01T00:00Z; `start <= end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSpan {
    pub start: i64,
    pub end: i64,
}

impl TimeSpan {
    pub fn instant(at: i64) -> Self {
        Self { start: at, end: at }
    }

    /// Whether the two share a moment (both ends included).
    pub fn overlaps(&self, other: &TimeSpan) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    pub fn union(self, other: TimeSpan) -> TimeSpan {
        TimeSpan {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Where a layer keeps its times: one property (an instant, or an ISO 8601 interval
/// "start/end"), or a start and an end property (a GPX track).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeField {
    Single(String),
    Span { start: String, end: String },
}

/// Property names that say "when", most telling first; the Chinese ones are what Chinese
/// spreadsheets call their date and time columns.
const TIME_NAMES: &[&str] = &[
    "event_date",
    "time",
    "timestamp",
    "datetime",
    "date",
    "Date",
    "DATE",
    "Time",
    "TIME",
    "日期",
    "时间",
    "date_time",
];
const SPAN_NAMES: &[(&str, &str)] = &[
    ("start_time", "end_time"),
    ("start", "end"),
    ("begin", "end"),
    ("开始时间", "结束时间"),
];
/// A column is a time column when this share of the sampled features with a value parse.
const PARSING_SHARE: f64 = 0.8;
const SAMPLE: usize = 500;

impl TimeField {
    /// The time field of a layer's features, if it has one: a known name first, then any
    /// property whose values read as dates.
    pub fn detect(features: &[Feature]) -> Option<TimeField> {
        let sample = &features[..features.len().min(SAMPLE)];
        let parses = |key: &str| {
            let (mut seen, mut parsed) = (0usize, 0usize);
            for f in sample {
                match f.properties.get(key) {
                    None | Some(Value::Null) => continue,
                    Some(v) => {
                        seen += 1;
                        parsed += usize::from(parse_time(v).is_some());
                    }
                }
            }
            seen > 0 && parsed as f64 >= PARSING_SHARE * seen as f64
        };
        for (start, end) in SPAN_NAMES {
            if parses(start) && parses(end) {
                return Some(TimeField::Span {
                    start: (*start).into(),
                    end: (*end).into(),
                });
            }
        }
        if let Some(name) = TIME_NAMES.iter().find(|n| parses(n)) {
            return Some(TimeField::Single((*name).into()));
        }
        // Any other column of full dates: not numbers, not bare years ("vintage": "2025"),
        // which are too often something else.
        let first = sample.iter().find(|f| !f.properties.is_empty())?;
        let dated = |key: &str| {
            sample
                .iter()
                .filter_map(|f| f.properties.get(key)?.as_str())
                .all(|s| s.trim().chars().count() >= 8)
        };
        first
            .properties
            .iter()
            .filter(|(_, v)| v.is_string())
            .map(|(k, _)| k)
            .find(|k| dated(k) && parses(k))
            .map(|k| TimeField::Single(k.clone()))
    }

    /// When a feature happens, if its value reads as a time.
    pub fn span_of(&self, feature: &Feature) -> Option<TimeSpan> {
        match self {
            TimeField::Single(key) => parse_span(feature.properties.get(key)?),
            TimeField::Span { start, end } => {
                let start = parse_span(feature.properties.get(start)?)?;
                let end = feature
                    .properties
                    .get(end)
                    .and_then(parse_span)
                    .unwrap_or(start);
                Some(start.union(end))
            }
        }
    }

    /// The property names, for the interface ("event_date", "start_time–end_time").
    pub fn name(&self) -> String {
        match self {
            TimeField::Single(key) => key.clone(),
            TimeField::Span { start, end } => format!("{start}–{end}"),
        }
    }
}

/// The span from the earliest to the latest time of the features, `None` if none has one.
pub fn time_extent(field: &TimeField, features: &[Feature]) -> Option<TimeSpan> {
    features
        .iter()
        .filter_map(|f| field.span_of(f))
        .reduce(TimeSpan::union)
}

/// A value as a time span: an ISO 8601 date or date-time, or an interval "start/end" of them.
/// A date alone covers its whole day; a year-month its month; a year its year.
pub fn parse_span(value: &Value) -> Option<TimeSpan> {
    let text = value.as_str()?.trim();
    // An interval, unless the slash is a date's own ("2025/09/07").
    if let Some((a, b)) = text.split_once('/')
        && let (Some(start), Some(end)) = (parse_text(a), parse_text(b))
    {
        return (start.start <= end.end).then(|| start.union(end));
    }
    parse_text(text)
}

/// The start of a value's span: what an instant column holds.
pub fn parse_time(value: &Value) -> Option<i64> {
    parse_span(value).map(|s| s.start)
}

fn parse_text(text: &str) -> Option<TimeSpan> {
    let text = text.trim();
    if let Ok(at) = OffsetDateTime::parse(text, &Rfc3339) {
        return Some(TimeSpan::instant(at.unix_timestamp()));
    }
    // Without an offset: read as UTC, like GDAL and QGIS read naive times.
    let naive = [
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]"),
    ];
    let seconds = text.split('.').next().unwrap_or(text).trim_end_matches('Z');
    for format in naive {
        if let Ok(at) = PrimitiveDateTime::parse(seconds, format) {
            return Some(TimeSpan::instant(at.assume_utc().unix_timestamp()));
        }
    }
    let dates = [
        format_description!("[year]-[month]-[day]"),
        format_description!("[year]/[month]/[day]"),
        format_description!("[year].[month].[day]"),
    ];
    for format in dates {
        if let Ok(date) = Date::parse(text, format) {
            return Some(whole_days(date, date));
        }
    }
    // Chinese dates: 2025年9月7日, 2025年9月.
    if let Some((year, rest)) = text.split_once('年') {
        let year: i32 = year.trim().parse().ok()?;
        let (month, rest) = rest.split_once('月')?;
        let month = Month::try_from(month.trim().parse::<u8>().ok()?).ok()?;
        let day = rest.trim().trim_end_matches('日');
        if day.is_empty() {
            return month_span(year, month);
        }
        let date = Date::from_calendar_date(year, month, day.parse().ok()?).ok()?;
        return Some(whole_days(date, date));
    }
    if let Some((year, month)) = text.split_once('-')
        && year.len() == 4
        && month.len() == 2
    {
        let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
        return month_span(year.parse().ok()?, month);
    }
    if text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()) {
        let year: i32 = text.parse().ok()?;
        let first = Date::from_calendar_date(year, Month::January, 1).ok()?;
        let last = Date::from_calendar_date(year, Month::December, 31).ok()?;
        return Some(whole_days(first, last));
    }
    None
}

fn month_span(year: i32, month: Month) -> Option<TimeSpan> {
    let first = Date::from_calendar_date(year, month, 1).ok()?;
    let last =
        Date::from_calendar_date(year, month, time::util::days_in_month(month, year)).ok()?;
    Some(whole_days(first, last))
}

fn whole_days(first: Date, last: Date) -> TimeSpan {
    TimeSpan {
        start: first
            .with_time(Time::MIDNIGHT)
            .assume_utc()
            .unix_timestamp(),
        end: last.with_time(Time::MIDNIGHT).assume_utc().unix_timestamp() + 86_399,
    }
}

/// "2025-09-07" for a moment on a day boundary or a span of whole days, else "2025-09-07 14:05".
pub fn format_time(at: i64, with_clock: bool) -> String {
    let Ok(at) = OffsetDateTime::from_unix_timestamp(at) else {
        return at.to_string();
    };
    let date = at.date();
    if with_clock {
        format!("{date} {:02}:{:02}", at.hour(), at.minute())
    } else {
        date.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn day(text: &str) -> i64 {
        let date = Date::parse(text, format_description!("[year]-[month]-[day]")).unwrap();
        date.with_time(Time::MIDNIGHT).assume_utc().unix_timestamp()
    }

    #[test]
    fn dates_times_and_intervals_read_as_spans() {
        let sept7 = day("2025-09-07");
        assert_eq!(
            parse_span(&json!("2025-09-07")),
            Some(TimeSpan {
                start: sept7,
                end: sept7 + 86_399
            })
        );
        assert_eq!(
            parse_span(&json!("2025年9月7日")),
            parse_span(&json!("2025-09-07"))
        );
        assert_eq!(
            parse_span(&json!("2025/09/07")),
            parse_span(&json!("2025-09-07"))
        );
        assert_eq!(
            parse_time(&json!("2025-09-07T14:05:00+08:00")),
            Some(sept7 + 6 * 3600 + 5 * 60)
        );
        assert_eq!(
            parse_time(&json!("2025-09-07T06:05:00Z")),
            Some(sept7 + 6 * 3600 + 5 * 60)
        );
        assert_eq!(
            parse_time(&json!("2025-09-07 06:05:00.250")),
            Some(sept7 + 6 * 3600 + 5 * 60)
        );
        let span = parse_span(&json!("2025-01-21/2025-11-25")).unwrap();
        assert_eq!(span.start, day("2025-01-21"));
        assert_eq!(span.end, day("2025-11-25") + 86_399);
        let month = parse_span(&json!("2025-02")).unwrap();
        assert_eq!(month.end - month.start + 1, 28 * 86_400);
        let year = parse_span(&json!("2024")).unwrap();
        assert_eq!(year.end - year.start + 1, 366 * 86_400);
        for bad in [
            json!("soon"),
            json!("2025-13-01"),
            json!(2025),
            json!("2025-11-25/2025-01-21"),
        ] {
            assert_eq!(parse_span(&bad), None, "{bad}");
        }
    }

    fn feature(props: serde_json::Value) -> Feature {
        let map = props.as_object().unwrap().clone();
        Feature::new(geo::Point::new(106.5, 29.5).into(), map, 0)
    }

    #[test]
    fn a_layer_names_its_time_by_a_known_column_a_span_or_any_date_column() {
        let event = [feature(json!({"event_date": "2025-09-07", "name": "a"}))];
        assert_eq!(
            TimeField::detect(&event),
            Some(TimeField::Single("event_date".into()))
        );
        let track = [feature(
            json!({"start_time": "2025-05-01T08:00:00Z", "end_time": "2025-05-01T09:30:00Z"}),
        )];
        let field = TimeField::detect(&track).unwrap();
        assert_eq!(field.name(), "start_time–end_time");
        let span = field.span_of(&track[0]).unwrap();
        assert_eq!(span.end - span.start, 90 * 60);
        let csv = [
            feature(json!({"项目": "x", "签约": "2025-11-25"})),
            feature(json!({"项目": "y", "签约": "2025-11-26"})),
        ];
        assert_eq!(
            TimeField::detect(&csv),
            Some(TimeField::Single("签约".into()))
        );
        let none = [feature(
            json!({"name": "2025 plan", "code": "500233", "vintage": "2025"}),
        )];
        assert_eq!(TimeField::detect(&none), None);
        let extent = time_extent(&TimeField::Single("签约".into()), &csv).unwrap();
        assert_eq!(extent.start, day("2025-11-25"));
        assert_eq!(extent.end, day("2025-11-26") + 86_399);
    }
}
