//! Which text encoding a DBF table or a CSV file is in, when the format does not say for sure:
//! the user's choice first, then what the file declares (a Shapefile's `.cpg`, a DBF's
//! language-driver byte), then detection (valid UTF-8, else chardetng's guess, GBK and GB18030
//! among its candidates). Decoding counts the values it had to repair, so a wrong guess is
//! reported instead of shown as silent mojibake.

use encoding_rs::Encoding;

/// Where the encoding of a layer's text came from, for the message the user sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    Chosen,
    /// Declared by the file (its `.cpg`, or its DBF header).
    Declared(&'static str),
    Detected,
}

/// An encoding by name (`GBK`, `UTF-8`, `gb2312`) or Windows code page (`936`, `CP936`,
/// `ANSI 936`), as `.cpg` files and users write them.
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_start_matches('\u{feff}').trim();
    if let Some(encoding) = Encoding::for_label(label.as_bytes()) {
        return Some(encoding);
    }
    let upper = label.to_ascii_uppercase();
    let digits = upper
        .trim_start_matches("ANSI")
        .trim_start_matches("CODEPAGE")
        .trim_start_matches("CP")
        .trim_start_matches([' ', '_', '-']);
    code_page(digits.parse().ok()?)
}

fn code_page(number: u32) -> Option<&'static Encoding> {
    Some(match number {
        65001 => encoding_rs::UTF_8,
        936 => encoding_rs::GBK,
        54936 => encoding_rs::GB18030,
        950 => encoding_rs::BIG5,
        932 => encoding_rs::SHIFT_JIS,
        949 => encoding_rs::EUC_KR,
        874 => encoding_rs::WINDOWS_874,
        866 => encoding_rs::IBM866,
        // encoding_rs has no DOS Latin code pages: Windows-1252 agrees on ASCII and most letters.
        437 | 850 | 1252 | 28591 => encoding_rs::WINDOWS_1252,
        1250 => encoding_rs::WINDOWS_1250,
        1251 => encoding_rs::WINDOWS_1251,
        1253 => encoding_rs::WINDOWS_1253,
        1254 => encoding_rs::WINDOWS_1254,
        1255 => encoding_rs::WINDOWS_1255,
        1256 => encoding_rs::WINDOWS_1256,
        1257 => encoding_rs::WINDOWS_1257,
        1258 => encoding_rs::WINDOWS_1258,
        _ => return None,
    })
}

/// The encoding a DBF header's language-driver byte declares. 0x57 ("the system's ANSI code
/// page") declares nothing usable: ArcGIS on Chinese Windows writes it over GBK text.
pub fn encoding_for_language_driver(byte: u8) -> Option<&'static Encoding> {
    code_page(match byte {
        0x01 => 437,
        0x02 => 850,
        0x03 => 1252,
        0x13 | 0x7B => 932,
        0x4D | 0x7A => 936,
        0x4E | 0x79 => 949,
        0x4F | 0x78 => 950,
        0x26 | 0x65 => 866,
        0x7C => 874,
        0xC8 => 1250,
        0xC9 => 1251,
        0xCA => 1254,
        0xCB => 1253,
        _ => return None,
    })
}

/// The encoding `sample` most likely is: UTF-8 when it is valid UTF-8, else chardetng's guess
/// for text from China.
pub fn detect(sample: &[u8]) -> &'static Encoding {
    if std::str::from_utf8(sample).is_ok() {
        return encoding_rs::UTF_8;
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(sample, true);
    detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow)
}

/// Text decoded with one encoding, counting the values that needed repair.
pub struct Decoder {
    pub encoding: &'static Encoding,
    pub source: EncodingSource,
    repaired: usize,
    first_repaired: Option<String>,
}

impl Decoder {
    pub fn new(encoding: &'static Encoding, source: EncodingSource) -> Self {
        Self {
            encoding,
            source,
            repaired: 0,
            first_repaired: None,
        }
    }

    /// `bytes` as text; bytes that are not valid in the encoding become U+FFFD and are counted.
    pub fn decode(&mut self, bytes: &[u8]) -> String {
        if bytes.is_ascii() {
            // Every encoding offered agrees with ASCII; skip the decoder.
            return String::from_utf8_lossy(bytes).into_owned();
        }
        let (text, had_errors) = self.encoding.decode_without_bom_handling(bytes);
        if had_errors {
            self.repaired += 1;
            self.first_repaired.get_or_insert_with(|| text.to_string());
        }
        text.into_owned()
    }

    /// The warning for a layer whose text needed repair, naming where the encoding came from
    /// and what detection of `sample` suggests instead (the sample is only gathered then).
    pub fn warning<S: AsRef<[u8]>>(
        &self,
        sample: impl FnOnce() -> S,
    ) -> Option<crate::model::LoadWarning> {
        if self.repaired == 0 {
            return None;
        }
        let name = self.encoding.name();
        let from = match self.source {
            EncodingSource::Chosen => "the encoding chosen".to_string(),
            EncodingSource::Declared(by) => format!("the encoding {by} declares"),
            EncodingSource::Detected => "the encoding detected".to_string(),
        };
        let suggestion = match detect(sample().as_ref()) {
            guess if guess != self.encoding => format!("; it reads as {} text", guess.name()),
            _ => String::new(),
        };
        Some(crate::model::LoadWarning::file_level(format!(
            "{} text value(s) are not valid {name}, {from}: bad bytes show as \u{FFFD} (first: \
             \"{}\"). Choose the right encoding in the layer panel{suggestion}",
            self.repaired,
            self.first_repaired.as_deref().unwrap_or_default()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_code_pages_name_encodings() {
        for label in ["GBK", "gb2312", "936", "CP936", "ANSI 936", " 936\r\n"] {
            assert_eq!(encoding_for_label(label), Some(encoding_rs::GBK), "{label}");
        }
        assert_eq!(encoding_for_label("UTF-8"), Some(encoding_rs::UTF_8));
        assert_eq!(encoding_for_label("65001"), Some(encoding_rs::UTF_8));
        assert_eq!(encoding_for_label("klingon"), None);
        assert_eq!(encoding_for_language_driver(0x4D), Some(encoding_rs::GBK));
        assert_eq!(encoding_for_language_driver(0x57), None);
    }

    #[test]
    fn gbk_text_is_detected_and_a_wrong_choice_is_counted() {
        let (gbk, _, _) = encoding_rs::GBK.encode("渝中区 江北区 沙坪坝区 九龙坡区 南岸区");
        assert_eq!(detect(&gbk), encoding_rs::GBK);
        assert_eq!(detect("渝中区".as_bytes()), encoding_rs::UTF_8);
        let mut decoder = Decoder::new(encoding_rs::UTF_8, EncodingSource::Declared(".cpg"));
        decoder.decode(&gbk);
        let warning = decoder.warning(|| &gbk[..]).expect("repairs are reported");
        assert!(
            warning.message.contains(".cpg declares"),
            "{}",
            warning.message
        );
        assert!(
            warning.message.contains("reads as GBK"),
            "{}",
            warning.message
        );
    }
}
