//! Excel and OpenDocument spreadsheets (.xlsx, .xls, .ods), read by calamine: each sheet with
//! rows is a layer named after it, its first non-empty row the header. Rows become features
//! through [`crate::io::read::table_layer`], with their spreadsheet row number for messages.

use std::io::Cursor;

use calamine::{Data, Reader as _};

use crate::io::read::progress::Progress;
use crate::io::read::table_layer::{Cell, TableRow, table_layer};
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};

pub struct SpreadsheetReader;

impl FormatReader for SpreadsheetReader {
    fn name(&self) -> &'static str {
        "Spreadsheet"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["xlsx", "xlsm", "xls", "ods"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        // An OLE2 compound file (.xls); .xlsx and .ods are zips, told apart by extension.
        if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            Sniff::Maybe
        } else {
            Sniff::No
        }
    }

    fn read(
        &self,
        input: &Input,
        options: &ReadOptions,
        progress: &Progress,
    ) -> Result<Vec<ReadOutcome>, ReadError> {
        let bytes = input.bytes()?;
        let mut workbook =
            calamine::open_workbook_auto_from_rs(Cursor::new(&bytes[..])).map_err(|e| {
                ReadError::Io(format!(
                    "{}: not a readable spreadsheet: {e}",
                    input.path.display()
                ))
            })?;
        let names = workbook.sheet_names();
        progress.set_total(names.len() as u64);
        let mut layers = Vec::new();
        for name in names {
            progress.add(1);
            let range = match workbook.worksheet_range(&name) {
                Ok(range) => range,
                Err(e) => {
                    return Err(ReadError::Io(format!(
                        "{}: sheet \"{name}\" cannot be read: {e}",
                        input.path.display()
                    )));
                }
            };
            let first_row = range.start().map_or(0, |(row, _)| row as usize);
            let mut rows = range
                .rows()
                .enumerate()
                .filter(|(_, r)| r.iter().any(|c| !matches!(c, Data::Empty)));
            let Some((_, header)) = rows.next() else {
                continue;
            };
            let headers: Vec<String> = header
                .iter()
                .map(|c| c.to_string().trim().to_string())
                .collect();
            let rows: Vec<TableRow> = rows
                .map(|(i, row)| TableRow {
                    cells: row.iter().map(cell).collect(),
                    line: first_row + i + 1,
                })
                .collect();
            let mut layer = table_layer(headers, rows, options, &format!("sheet \"{name}\""))?;
            layer.layer_name = Some(name);
            layers.push(layer);
        }
        if layers.is_empty() {
            return Err(ReadError::NoValidFeatures(Vec::new()));
        }
        Ok(layers)
    }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty | Data::Error(_) => Cell::Empty,
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::String(s) => Cell::Text(s.clone()),
        other => Cell::Text(other.to_string()),
    }
}
