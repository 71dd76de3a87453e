//! dBASE tables, a Shapefile's attributes, read from their bytes. Written here rather than
//! taken from the `dbase` crate because the app must see the raw bytes of every text value:
//! to detect the encoding, to decode field names and values in an encoding chosen at run time,
//! and to count the values that decode badly. A bad value becomes null with a note, never a
//! lost record.

use serde_json::{Map, Number, Value};

use crate::io::text::legacy::Decoder;

/// One column of a table.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: String,
    kind: u8,
    offset: usize,
    length: usize,
    decimals: u8,
}

/// A table's layout over its bytes.
pub struct Table<'a> {
    bytes: &'a [u8],
    header_length: usize,
    record_length: usize,
    declared_records: usize,
    pub fields: Vec<Field>,
}

impl<'a> Table<'a> {
    /// Reads the header; field names are decoded with `decoder` (Chinese names in GBK exist).
    pub fn parse(bytes: &'a [u8], decoder: &mut Decoder) -> Result<Self, String> {
        if bytes.len() < 32 {
            return Err(format!(
                "the table is {} bytes, shorter than a dBASE header (32)",
                bytes.len()
            ));
        }
        let u16_at = |i: usize| usize::from(u16::from_le_bytes([bytes[i], bytes[i + 1]]));
        let declared_records =
            u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
        let header_length = u16_at(8);
        let record_length = u16_at(10);
        if header_length < 33 || header_length > bytes.len() || record_length == 0 {
            return Err(format!(
                "the dBASE header is damaged (header {header_length} bytes, record \
                 {record_length} bytes, file {} bytes)",
                bytes.len()
            ));
        }
        let mut fields = Vec::new();
        let mut offset = 1; // the deletion flag
        for descriptor in bytes[32..header_length].chunks_exact(32) {
            if descriptor[0] == 0x0D {
                break;
            }
            let name_end = descriptor[..11].iter().position(|&b| b == 0).unwrap_or(11);
            let name = decoder.decode(&descriptor[..name_end]).trim().to_string();
            let length = usize::from(descriptor[16]);
            fields.push(Field {
                name,
                kind: descriptor[11].to_ascii_uppercase(),
                offset,
                length,
                decimals: descriptor[17],
            });
            offset += length;
        }
        if offset > record_length {
            return Err(format!(
                "the dBASE fields need {offset} bytes per record, the header says {record_length}"
            ));
        }
        Ok(Self {
            bytes,
            header_length,
            record_length,
            declared_records,
            fields,
        })
    }

    /// How many records the header declares.
    pub fn declared_records(&self) -> usize {
        self.declared_records
    }

    /// How many records the file holds in full (fewer than declared when it is truncated).
    pub fn records(&self) -> usize {
        let available = (self.bytes.len() - self.header_length) / self.record_length;
        available.min(self.declared_records)
    }

    fn record_bytes(&self, index: usize) -> &'a [u8] {
        let start = self.header_length + index * self.record_length;
        &self.bytes[start..start + self.record_length]
    }

    /// The bytes of text fields in the first records, for encoding detection.
    pub fn text_sample(&self) -> Vec<u8> {
        const SAMPLE_BYTES: usize = 256 * 1024;
        let mut sample = Vec::new();
        for index in 0..self.records() {
            let record = self.record_bytes(index);
            for field in self.fields.iter().filter(|f| f.kind == b'C') {
                let value = &record[field.offset..field.offset + field.length];
                sample.extend_from_slice(value.trim_ascii());
                sample.push(b' ');
            }
            if sample.len() > SAMPLE_BYTES {
                break;
            }
        }
        sample
    }

    /// Record `index` as properties, `None` when it is marked deleted. A value that cannot be
    /// read is null, and named in `notes`.
    pub fn record(
        &self,
        index: usize,
        decoder: &mut Decoder,
        notes: &mut Vec<String>,
    ) -> Option<Map<String, Value>> {
        let record = self.record_bytes(index);
        if record[0] == b'*' {
            return None;
        }
        let mut properties = Map::with_capacity(self.fields.len());
        for field in &self.fields {
            let raw = &record[field.offset..field.offset + field.length];
            let value = match value(field, raw, decoder) {
                Ok(value) => value,
                Err(problem) => {
                    notes.push(format!("field \"{}\": {problem}; left empty", field.name));
                    Value::Null
                }
            };
            properties.insert(field.name.clone(), value);
        }
        Some(properties)
    }
}

fn value(field: &Field, raw: &[u8], decoder: &mut Decoder) -> Result<Value, String> {
    // Writers pad numbers and dates with spaces, some with NULs.
    let text = || {
        let padding = |b: &u8| b.is_ascii_whitespace() || *b == 0;
        let start = raw.iter().position(|b| !padding(b)).unwrap_or(raw.len());
        let end = raw
            .iter()
            .rposition(|b| !padding(b))
            .map_or(start, |i| i + 1);
        &raw[start..end]
    };
    let ascii = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    Ok(match field.kind {
        b'C' => {
            let trimmed = raw
                .iter()
                .rposition(|&b| b != b' ' && b != 0)
                .map_or(&raw[..0], |end| &raw[..=end]);
            if trimmed.is_empty() {
                Value::Null
            } else {
                Value::String(decoder.decode(trimmed))
            }
        }
        b'N' | b'F' => {
            let text = text();
            if text.is_empty() || text.iter().all(|&b| b == b'*') {
                return Ok(Value::Null);
            }
            let text = ascii(text);
            if field.decimals == 0
                && let Ok(integer) = text.parse::<i64>()
            {
                return Ok(Value::from(integer));
            }
            match text.parse::<f64>() {
                Ok(number) => Number::from_f64(number).map_or(Value::Null, Value::Number),
                Err(_) => return Err(format!("\"{text}\" is not a number")),
            }
        }
        b'L' => match text().first() {
            Some(b'T' | b't' | b'Y' | b'y') => Value::Bool(true),
            Some(b'F' | b'f' | b'N' | b'n') => Value::Bool(false),
            _ => Value::Null,
        },
        b'D' => {
            let text = text();
            match text {
                [] => Value::Null,
                [y @ .., m1, m2, d1, d2] if y.len() == 4 && text.iter().all(u8::is_ascii_digit) => {
                    Value::String(format!(
                        "{}-{}{}-{}{}",
                        ascii(y),
                        *m1 as char,
                        *m2 as char,
                        *d1 as char,
                        *d2 as char
                    ))
                }
                _ => return Err(format!("\"{}\" is not a date (YYYYMMDD)", ascii(text))),
            }
        }
        b'I' | b'+' if raw.len() == 4 => {
            Value::from(i32::from_le_bytes([raw[0], raw[1], raw[2], raw[3]]))
        }
        b'O' | b'B' if raw.len() == 8 => {
            let number = f64::from_le_bytes(raw.try_into().expect("8 bytes"));
            Number::from_f64(number).map_or(Value::Null, Value::Number)
        }
        // Memo, binary and general fields live in a .dbt the app does not read.
        _ => Value::Null,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::text::legacy::EncodingSource;

    /// A table with a text, an integer and a decimal column, its names and values given.
    pub fn table(rows: &[(&[u8], &str, &str)]) -> Vec<u8> {
        let fields: [(&[u8], u8, u8, u8); 3] = [
            (b"NAME", b'C', 20, 0),
            (b"CODE", b'N', 9, 0),
            (b"AREA", b'N', 12, 3),
        ];
        let record_length = 1 + 20 + 9 + 12;
        let header_length = 32 + 32 * fields.len() + 1;
        let mut bytes = vec![0u8; 32];
        bytes[0] = 3;
        bytes[4..8].copy_from_slice(&(rows.len() as u32).to_le_bytes());
        bytes[8..10].copy_from_slice(&(header_length as u16).to_le_bytes());
        bytes[10..12].copy_from_slice(&(record_length as u16).to_le_bytes());
        for (name, kind, length, decimals) in fields {
            let mut descriptor = [0u8; 32];
            descriptor[..name.len()].copy_from_slice(name);
            descriptor[11] = kind;
            descriptor[16] = length;
            descriptor[17] = decimals;
            bytes.extend_from_slice(&descriptor);
        }
        bytes.push(0x0D);
        for (name, code, area) in rows {
            bytes.push(b' ');
            let mut cell = |value: &[u8], width: usize, right: bool| {
                let pad = vec![b' '; width - value.len()];
                if right {
                    bytes.extend_from_slice(&pad);
                    bytes.extend_from_slice(value);
                } else {
                    bytes.extend_from_slice(value);
                    bytes.extend_from_slice(&pad);
                }
            };
            cell(name, 20, false);
            cell(code.as_bytes(), 9, true);
            cell(area.as_bytes(), 12, true);
        }
        bytes.push(0x1A);
        bytes
    }

    #[test]
    fn gbk_names_integers_and_decimals_read_exactly() {
        let (yuzhong, _, _) = encoding_rs::GBK.encode("渝中区");
        let bytes = table(&[(&yuzhong, "500103", "22.340"), (b"", "******", "abc")]);
        let mut decoder = Decoder::new(encoding_rs::GBK, EncodingSource::Detected);
        let table = Table::parse(&bytes, &mut decoder).unwrap();
        assert_eq!(table.records(), 2);
        let mut notes = Vec::new();
        let first = table.record(0, &mut decoder, &mut notes).unwrap();
        assert_eq!(first["NAME"], "渝中区");
        assert_eq!(first["CODE"], 500103);
        assert_eq!(first["AREA"], 22.34);
        let second = table.record(1, &mut decoder, &mut notes).unwrap();
        assert_eq!(second["NAME"], Value::Null);
        assert_eq!(second["CODE"], Value::Null, "overflow stars are empty");
        assert_eq!(second["AREA"], Value::Null);
        assert_eq!(
            notes,
            ["field \"AREA\": \"abc\" is not a number; left empty"]
        );
    }

    #[test]
    fn numbers_padded_with_nuls_read() {
        let mut bytes = table(&[(b"a", "42", "1.5")]);
        let code_start = 32 + 32 * 3 + 1 + 1 + 20;
        bytes[code_start..code_start + 7].fill(0);
        let mut decoder = Decoder::new(encoding_rs::UTF_8, EncodingSource::Detected);
        let table = Table::parse(&bytes, &mut decoder).unwrap();
        let record = table.record(0, &mut decoder, &mut Vec::new()).unwrap();
        assert_eq!(record["CODE"], 42);
    }

    #[test]
    fn a_truncated_or_damaged_table_says_so() {
        let bytes = table(&[(b"a", "1", "1"), (b"b", "2", "2")]);
        let mut decoder = Decoder::new(encoding_rs::UTF_8, EncodingSource::Detected);
        let cut = Table::parse(&bytes[..bytes.len() - 10], &mut decoder).unwrap();
        assert_eq!((cut.declared_records(), cut.records()), (2, 1));
        assert!(Table::parse(&bytes[..20], &mut decoder).is_err());
        let mut damaged = bytes.clone();
        damaged[10] = 3; // record length shorter than the fields
        damaged[11] = 0;
        let problem = Table::parse(&damaged, &mut decoder).err().unwrap();
        assert!(problem.contains("per record"), "{problem}");
    }
}
