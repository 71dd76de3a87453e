//! Finds the elements of a GeoJSON file's top-level `"features"` array without parsing them.
//!
//! A structural scan (strings and bracket depth only) is several times faster than serde's
//! validating skip, and it is what lets the features themselves be parsed, and validated, on
//! every core. Anything the scan does not recognise returns `None` and the caller falls back
//! to a full serde parse, which then reports the exact problem.

use std::ops::Range;

pub struct FeatureArray {
    /// Byte range of the array, brackets included.
    pub array: Range<usize>,
    /// Byte range of each element.
    pub elements: Vec<Range<usize>>,
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && matches!(bytes[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// `i` is at an opening quote; returns the index after the closing one.
fn skip_string(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        j += memchr::memchr2(b'"', b'\\', bytes.get(j..)?)?;
        if bytes[j] == b'\\' {
            j += 2;
        } else {
            return Some(j + 1);
        }
    }
}

/// Index after the JSON value starting at `i`.
fn skip_value(bytes: &[u8], mut i: usize) -> Option<usize> {
    match *bytes.get(i)? {
        b'"' => skip_string(bytes, i),
        open @ (b'{' | b'[') => {
            // Only this value's own bracket kind needs counting in valid JSON; searching for
            // three bytes lets memchr skip the numbers of a feature's coordinates in bulk.
            let close = if open == b'{' { b'}' } else { b']' };
            let mut depth = 0usize;
            loop {
                i += memchr::memchr3(b'"', open, close, bytes.get(i..)?)?;
                match bytes[i] {
                    b'"' => i = skip_string(bytes, i)?,
                    b if b == open => {
                        depth += 1;
                        i += 1;
                    }
                    _ => {
                        depth = depth.checked_sub(1)?;
                        i += 1;
                        if depth == 0 {
                            return Some(i);
                        }
                    }
                }
            }
        }
        _ => {
            while i < bytes.len()
                && !matches!(bytes[i], b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t')
            {
                i += 1;
            }
            Some(i)
        }
    }
}

fn scan_array(bytes: &[u8], open: usize) -> Option<FeatureArray> {
    let mut elements = Vec::new();
    let mut i = skip_ws(bytes, open + 1);
    if bytes.get(i) == Some(&b']') {
        return Some(FeatureArray {
            array: open..i + 1,
            elements,
        });
    }
    loop {
        let start = skip_ws(bytes, i);
        let end = skip_value(bytes, start)?;
        elements.push(start..end);
        i = skip_ws(bytes, end);
        match bytes.get(i)? {
            b',' => i += 1,
            b']' => {
                return Some(FeatureArray {
                    array: open..i + 1,
                    elements,
                });
            }
            _ => return None,
        }
    }
}

/// The `"features"` array of a top-level object, if the file has that shape.
pub fn scan_features(bytes: &[u8]) -> Option<FeatureArray> {
    let mut i = skip_ws(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i += 1;
    loop {
        i = skip_ws(bytes, i);
        if bytes.get(i)? != &b'"' {
            return None;
        }
        let key_end = skip_string(bytes, i)?;
        let key = &bytes[i + 1..key_end - 1];
        i = skip_ws(bytes, key_end);
        if bytes.get(i)? != &b':' {
            return None;
        }
        i = skip_ws(bytes, i + 1);
        if key == b"features" && bytes.get(i) == Some(&b'[') {
            return scan_array(bytes, i);
        }
        i = skip_ws(bytes, skip_value(bytes, i)?);
        match bytes.get(i)? {
            b',' => i += 1,
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn elements(text: &str) -> Option<Vec<&str>> {
        let found = scan_features(text.as_bytes())?;
        assert_eq!(&text[found.array.start..found.array.start + 1], "[");
        assert_eq!(&text[found.array.end - 1..found.array.end], "]");
        Some(found.elements.into_iter().map(|r| &text[r]).collect())
    }

    #[test]
    fn splits_features_with_tricky_strings() {
        let text =
            r#"{"name": "a ] \" } [", "features" : [ {"p": "x,]}\\"}, [1, [2]] ,3 ], "bbox": [1]}"#;
        assert_eq!(
            elements(text).unwrap(),
            vec![r#"{"p": "x,]}\\"}"#, "[1, [2]]", "3"]
        );
        assert_eq!(elements(r#"{"features": []}"#).unwrap(), Vec::<&str>::new());
    }

    #[test]
    fn unrecognised_shapes_fall_back() {
        for text in [
            "",
            "[1]",
            r#"{"type": "Feature"}"#,
            r#"{"features": [{"a": 1}"#,
            r#"{"features": [{"a": "1}]}"#,
            r#"{"features": [1 2]}"#,
            r#"{"features": [1]]]]"#,
        ] {
            let found = scan_features(text.as_bytes());
            assert!(
                found.is_none() || text.ends_with("]]]]"),
                "{text}: {:?}",
                found.map(|f| f.elements)
            );
        }
    }
}
