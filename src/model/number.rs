//! Numbers as people read them.

/// 1234567.0 → "1,234,567"; keeps up to two decimals for non-integers.
pub fn format_number(value: f64) -> String {
    if value.fract().abs() > 1e-9 {
        let text = format!("{value:.2}");
        return text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let digits = format!("{}", value.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if value < 0.0 { format!("-{out}") } else { out }
}

/// A number from the data as a reader would write it. A value that is an `f32` widened to
/// `f64` (a GPX from a phone: `82.80000305175781`) shows as the `f32` it was (`82.8`); past
/// ten significant digits the rest is noise of a float format or of arithmetic
/// (`0.30000000000000004` → `0.3`). Integers and very large or small values as they are.
pub fn number_text(value: f64) -> String {
    if !value.is_finite() || value == 0.0 {
        return value.to_string();
    }
    if value.fract() == 0.0 && value.abs() < 1e15 {
        return format!("{}", value as i64);
    }
    let plain = value.to_string();
    let narrow = value as f32;
    if f64::from(narrow) == value {
        let short = narrow.to_string();
        if short.len() < plain.len() {
            return short;
        }
    }
    let magnitude = value.abs().log10().floor() as i32;
    if !(-6..15).contains(&magnitude) {
        return plain;
    }
    let decimals = (9 - magnitude).clamp(0, 15) as usize;
    let rounded = format!("{value:.decimals$}");
    let trimmed = rounded.trim_end_matches('0').trim_end_matches('.');
    if trimmed.len() < plain.len() {
        trimmed.to_string()
    } else {
        plain
    }
}

#[cfg(test)]
mod number_text_tests {
    use super::number_text;

    #[test]
    fn float_noise_is_shown_at_the_precision_the_value_has() {
        assert_eq!(number_text(f64::from(82.8_f32)), "82.8");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(106.550_412_3), "106.5504123");
        assert_eq!(number_text(1234.5678), "1234.5678");
        assert_eq!(number_text(-3.0), "-3");
        assert_eq!(number_text(2.5e-9), "0.0000000025");
        assert_eq!(number_text(1.0e20), "100000000000000000000");
        assert_eq!(number_text(0.0), "0");
    }
}
