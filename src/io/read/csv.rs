//! CSV and TSV: the text decoded in the encoding chosen, else UTF-8 (with or without a mark),
//! else what detection finds (GBK from Excel on Chinese Windows); the delimiter is the one the
//! header line uses most. Rows become a layer through [`crate::io::read::table_layer`].

use crate::io::read::progress::Progress;
use crate::io::read::table_layer::{Cell, TableRow, table_layer};
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};
use crate::io::text::legacy::{Decoder, EncodingSource, detect};

pub struct CsvReader;

impl FormatReader for CsvReader {
    fn name(&self) -> &'static str {
        "CSV"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["csv", "tsv", "txt"]
    }

    fn sniff(&self, _head: &[u8]) -> Sniff {
        // Any text can be CSV: the extension decides.
        Sniff::No
    }

    fn read(
        &self,
        input: &Input,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError> {
        let bytes = input.bytes()?;
        let content = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let mut decoder = match options.encoding {
            Some(encoding) => Decoder::new(encoding, EncodingSource::Chosen),
            None => Decoder::new(detect(content), EncodingSource::Detected),
        };
        let text = decoder.decode(content);
        let delimiter = if input
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("tsv"))
        {
            b'\t'
        } else {
            sniff_delimiter(&text)
        };
        check_column_counts(&text, delimiter)?;
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let headers: Vec<String> = match records.next() {
            None => Vec::new(),
            Some(Err(e)) => return Err(csv_error(&e)),
            Some(Ok(header)) => header.iter().map(|h| h.trim().to_string()).collect(),
        };
        progress.set_total(text.len() as u64);
        let mut rows = Vec::new();
        for record in records {
            let record = record.map_err(|e| csv_error(&e))?;
            if rows.len() % 4096 == 0 && progress.is_cancelled() {
                return Err(ReadError::Cancelled);
            }
            let line = record.position().map_or(0, |p| p.line() as usize);
            if record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            rows.push(TableRow {
                cells: record
                    .iter()
                    .map(|c| {
                        if c.is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(c.to_string())
                        }
                    })
                    .collect(),
                line,
            });
        }
        progress.add(text.len() as u64);
        let mut outcome = table_layer(headers, rows, options, "the CSV file")?;
        outcome.encoding = decoder.encoding.name();
        outcome.warnings.extend(decoder.warning(|| content));
        Ok(vec![outcome])
    }
}

/// The most columns a row may have: a spreadsheet's own limit (Excel and WPS stop at 16,384).
pub const MAX_COLUMNS: usize = 16_384;

/// Refuses a line with more fields than [`MAX_COLUMNS`] before the parser allocates them: a
/// 200 MB line of commas would be 200 million fields, gigabytes for a file of kilobytes
/// gzipped. Delimiters inside quotes are counted too, so the bound is generous, never short.
fn check_column_counts(text: &str, delimiter: u8) -> Result<(), ReadError> {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (number, end) in memchr::memchr_iter(b'\n', bytes)
        .chain(std::iter::once(bytes.len()))
        .enumerate()
    {
        let fields = memchr::memchr_iter(delimiter, &bytes[start..end]).count() + 1;
        if fields > MAX_COLUMNS {
            return Err(ReadError::Syntax {
                format: "CSV",
                line: number + 1,
                column: 1,
                message: format!(
                    "this line has {fields} fields; a table has at most {MAX_COLUMNS} columns \
                     (a spreadsheet's limit), so this is not a table the app reads"
                ),
            });
        }
        start = (end + 1).min(bytes.len());
    }
    Ok(())
}

fn csv_error(e: &csv::Error) -> ReadError {
    let line = e.position().map_or(0, |p| p.line() as usize);
    ReadError::Syntax {
        format: "CSV",
        line,
        column: 1,
        message: e.to_string(),
    }
}

/// The delimiter the first line uses most, of comma, tab, semicolon and bar.
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b'\t', b';', b'|']
        .into_iter()
        .max_by_key(|&d| (first.bytes().filter(|&b| b == d).count(), d == b','))
        .unwrap_or(b',')
}
