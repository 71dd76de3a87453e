//! Turning a file's bytes into text: UTF-8 (a byte-order mark is dropped), UTF-16 by its
//! byte-order mark, and GBK/GB18030 (what Chinese Windows tools write) when the bytes are not
//! UTF-8 but are valid GB18030. Anything else is an error located at its first bad byte.

pub(crate) mod legacy;

use std::borrow::Cow;

use crate::io::read::ReadError;

/// Text decoded from a file, with the encoding it was in.
pub struct DecodedText<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

impl DecodedText<'_> {
    /// Whether the encoding is not the UTF-8 the format requires (worth a warning).
    pub fn is_unusual(&self) -> bool {
        !self.encoding.starts_with("UTF-8")
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Reads a text format: decodes the input, parses the text with `parse`, and gives every layer
/// the encoding found (and, when it is not UTF-8, a warning that names it).
pub fn read_text(
    input: &crate::io::read::Input,
    parse: impl FnOnce(&str) -> Result<Vec<crate::io::read::ReadOutcome>, ReadError>,
) -> Result<Vec<crate::io::read::ReadOutcome>, ReadError> {
    let bytes = input.bytes()?;
    let decoded = decode(&bytes)?;
    let mut layers = parse(&decoded.text)?;
    for layer in &mut layers {
        layer.encoding = decoded.encoding;
        if decoded.is_unusual() {
            layer.warnings.insert(0, encoding_warning(decoded.encoding));
        }
    }
    Ok(layers)
}

/// The warning a file in an encoding other than UTF-8 gets: it loads, and the user knows.
fn encoding_warning(encoding: &str) -> crate::model::LoadWarning {
    crate::model::LoadWarning::file_level(format!(
        "the file is {encoding} text; JSON must be UTF-8 (RFC 8259 §8.1, RFC 7946 §11). It was \
         decoded as {encoding}: check that names read right"
    ))
}

fn looks_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    // JSON text starts with ASCII: in UTF-16 without a mark every other byte is zero.
    let head = &bytes[..bytes.len().min(64) & !1];
    if head.len() < 4 {
        return None;
    }
    let zeros_at = |parity: usize| head.iter().skip(parity).step_by(2).all(|&b| b == 0);
    if zeros_at(1) {
        Some(encoding_rs::UTF_16LE)
    } else if zeros_at(0) {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// Decodes `bytes` as described above.
pub fn decode(bytes: &[u8]) -> Result<DecodedText<'_>, ReadError> {
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        return utf8(rest, "UTF-8 (with byte-order mark)");
    }
    let bom = encoding_rs::Encoding::for_bom(bytes);
    if let Some((encoding, bom_length)) = bom.filter(|(e, _)| *e != encoding_rs::UTF_8) {
        return utf16(&bytes[bom_length..], encoding);
    }
    if let Some(encoding) = looks_utf16(bytes) {
        return utf16(bytes, encoding);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(DecodedText {
            text: Cow::Borrowed(text),
            encoding: "UTF-8",
        }),
        Err(e) => {
            let gbk =
                encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes);
            match gbk {
                Some(text) => Ok(DecodedText {
                    text,
                    encoding: "GBK/GB18030",
                }),
                None => Err(not_text(bytes, e.valid_up_to())),
            }
        }
    }
}

fn utf8<'a>(bytes: &'a [u8], encoding: &'static str) -> Result<DecodedText<'a>, ReadError> {
    std::str::from_utf8(bytes)
        .map(|text| DecodedText {
            text: Cow::Borrowed(text),
            encoding,
        })
        .map_err(|e| not_text(bytes, e.valid_up_to()))
}

fn utf16<'a>(
    bytes: &'a [u8],
    encoding: &'static encoding_rs::Encoding,
) -> Result<DecodedText<'a>, ReadError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ReadError::Syntax {
            format: "text",
            line: 1,
            column: 1,
            message: format!(
                "the file looks like {} text but does not decode as it",
                encoding.name()
            ),
        });
    }
    Ok(DecodedText {
        text,
        encoding: if encoding == encoding_rs::UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        },
    })
}

fn not_text(bytes: &[u8], offset: usize) -> ReadError {
    let valid = &bytes[..offset];
    let line = memchr::memchr_iter(b'\n', valid).count() + 1;
    let column = offset - memchr::memrchr(b'\n', valid).map_or(0, |p| p + 1) + 1;
    ReadError::Syntax {
        format: "text",
        line,
        column,
        message: "the file is not text in UTF-8, UTF-16 or GBK".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_encoding_is_named_and_decoded() {
        let with_bom = [UTF8_BOM, "{\"a\": \"渝中区\"}".as_bytes()].concat();
        let d = decode(&with_bom).unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("{\"a\": \"渝中区\"}", "UTF-8 (with byte-order mark)")
        );
        assert!(!d.is_unusual());

        let (gbk, _, _) = encoding_rs::GBK.encode("{\"a\": \"渝中区\"}");
        let d = decode(&gbk).unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("{\"a\": \"渝中区\"}", "GBK/GB18030")
        );
        assert!(d.is_unusual());

        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("{\"a\": \"渝\"}".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let d = decode(&utf16).unwrap();
        assert_eq!(
            (d.text.as_ref(), d.encoding),
            ("{\"a\": \"渝\"}", "UTF-16LE")
        );
        let no_mark: Vec<u8> = "{\"type\": 1}"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&no_mark).unwrap().encoding, "UTF-16BE");

        let binary = b"{\"a\":\n \xFF\xFF\xFF\xFF";
        let err = decode(binary).err().unwrap();
        assert!(
            matches!(
                err,
                ReadError::Syntax {
                    line: 2,
                    column: 2,
                    ..
                }
            ),
            "{err:?}"
        );
    }
}
