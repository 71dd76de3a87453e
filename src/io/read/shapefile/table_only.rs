//! A `.dbf` on its own: the attribute table of a Shapefile, as Chinese Shapefile exports send
//! their attribute data (and as QGIS and GDAL open it): every record a row without a place,
//! its text decoded as the Shapefile's would be (`.cpg`, language driver, or detected).

use crate::io::read::feature_sink::FeatureSink;
use crate::io::read::progress::Progress;
use crate::io::read::{FormatReader, Input, ReadError, ReadOptions, ReadOutcome, Sniff};

use super::dbf::Table;

pub struct DbfReader;

impl FormatReader for DbfReader {
    fn name(&self) -> &'static str {
        "dBASE table"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["dbf"]
    }

    fn sniff(&self, head: &[u8]) -> Sniff {
        // dBASE III to 7 and FoxPro version bytes, then a plausible date of last update.
        let version = matches!(
            head.first(),
            Some(0x02 | 0x03 | 0x04 | 0x05 | 0x30 | 0x31 | 0x43 | 0x83 | 0x8B | 0xCB | 0xF5)
        );
        let date = head.len() >= 32 && (1..=12).contains(&head[2]) && (1..=31).contains(&head[3]);
        if version && date {
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
        let cpg = input.sidecar("cpg")?;
        let mut warnings = Vec::new();
        let mut decoder = super::dbf_decoder(options, cpg.as_deref(), &bytes, &mut warnings);
        let table = Table::parse(&bytes, &mut decoder).map_err(|e| {
            ReadError::UnknownFormat(format!("{}: not a dBASE table ({e})", input.path.display()))
        })?;
        let mut sink = FeatureSink::new(crate::io::crs::Crs::Wgs84)?;
        progress.set_total(table.records() as u64);
        let mut notes = Vec::new();
        for index in 0..table.records() {
            if index % 4096 == 0 && progress.is_cancelled() {
                return Err(ReadError::Cancelled);
            }
            progress.add(1);
            // A deleted record is not a row, as in the Shapefile.
            let Some(properties) = table.record(index, &mut decoder, &mut notes) else {
                continue;
            };
            for note in notes.drain(..) {
                sink.warn(Some(index), None, note);
            }
            sink.push(index, None, Ok(None), properties);
        }
        warnings.extend(decoder.warning(|| table.text_sample()));
        let mut outcome = sink.finish(decoder.encoding.name());
        warnings.append(&mut outcome.warnings);
        outcome.warnings = warnings;
        Ok(vec![outcome])
    }
}
