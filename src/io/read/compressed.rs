//! Compressed files: a `.gz` is decompressed as a stream, the readable files inside a `.zip`
//! are taken out; either way the decompressed size is bounded, so a zip or gzip bomb is
//! refused with a message instead of exhausting memory.

use std::cell::Cell;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::io::read::ReadError;

/// The most a compressed file may expand to.
pub const MAX_DECOMPRESSED_BYTES: u64 = 1 << 30;

/// The most decompressed content all the reads going on at once may hold: each file's own
/// limit is 1 GiB, and twelve bombs opened together reached 8 GB before this.
const ALL_READS_DEFAULT: u64 = 3 << 30;
static ALL_READS_LIMIT: AtomicU64 = AtomicU64::new(ALL_READS_DEFAULT);
/// Decompressed bytes the reads in progress hold now.
static IN_FLIGHT: AtomicU64 = AtomicU64::new(0);

thread_local! {
    /// What this thread's read holds of `IN_FLIGHT`, and how deep the reads nest.
    static HELD: Cell<(u64, u32)> = const { Cell::new((0, 0)) };
}

/// Decompressed bytes the reads in progress hold now, all threads together.
pub fn decompressed_in_flight() -> u64 {
    IN_FLIGHT.load(Ordering::SeqCst)
}

/// Sets the shared limit (the tests make it small).
pub fn set_all_reads_limit(bytes: u64) {
    ALL_READS_LIMIT.store(bytes, Ordering::SeqCst);
}

/// One read of a file on this thread: what it decompresses counts against the shared limit
/// until the read ends (the scope is dropped).
pub struct ReadScope(());

impl ReadScope {
    pub fn begin() -> Self {
        HELD.with(|h| {
            let (bytes, depth) = h.get();
            h.set((bytes, depth + 1));
        });
        ReadScope(())
    }
}

impl Drop for ReadScope {
    fn drop(&mut self) {
        HELD.with(|h| {
            let (bytes, depth) = h.get();
            if depth <= 1 {
                IN_FLIGHT.fetch_sub(bytes, Ordering::SeqCst);
                h.set((0, 0));
            } else {
                h.set((bytes, depth - 1));
            }
        });
    }
}

/// Counts `bytes` more of decompressed content against the shared limit; refused (and not
/// counted) when the reads in progress would pass it.
fn charge(bytes: u64, path: &Path) -> Result<(), ReadError> {
    // Outside a read's scope nothing would give the bytes back: not counted.
    if HELD.with(|h| h.get().1) == 0 {
        return Ok(());
    }
    let limit = ALL_READS_LIMIT.load(Ordering::SeqCst);
    let before = IN_FLIGHT.fetch_add(bytes, Ordering::SeqCst);
    if before + bytes > limit {
        IN_FLIGHT.fetch_sub(bytes, Ordering::SeqCst);
        let message = format!(
            "refused: with the files being opened at the same time it would take more than {} \
             MiB of memory to decompress. The layers already open stay; open this file when the \
             others have loaded",
            limit >> 20
        );
        return Err(ReadError::Io(format!("{}: {message}", path.display())));
    }
    HELD.with(|h| {
        let (held, depth) = h.get();
        h.set((held + bytes, depth));
    });
    Ok(())
}

pub fn is_gzip(head: &[u8]) -> bool {
    head.starts_with(&[0x1F, 0x8B])
}

pub fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

fn bomb(path: &Path, limit: u64) -> ReadError {
    ReadError::Io(format!(
        "{} expands to more than {} MiB: refused (a compression bomb, or a file too big to \
         open compressed; decompress it first)",
        path.display(),
        limit >> 20
    ))
}

/// Reads all of `reader`, failing once more than `limit` bytes come out, or when the reads
/// going on at once would pass their shared limit.
pub fn read_bounded(reader: impl Read, limit: u64, path: &Path) -> Result<Vec<u8>, ReadError> {
    const CHUNK: u64 = 4 << 20;
    let mut out = Vec::new();
    let mut limited = reader.take(limit + 1);
    loop {
        let before = out.len();
        let read = (&mut limited)
            .take(CHUNK)
            .read_to_end(&mut out)
            .map_err(|e| ReadError::Io(format!("{}: cannot decompress: {e}", path.display())))?;
        if out.len() as u64 > limit {
            return Err(bomb(path, limit));
        }
        charge((out.len() - before) as u64, path)?;
        if read == 0 || (read as u64) < CHUNK {
            return Ok(out);
        }
    }
}

/// The decompressed content of a gzip stream (a file, or bytes in memory) named `path`.
pub fn gunzip(gzip: impl Read, limit: u64, path: &Path) -> Result<Vec<u8>, ReadError> {
    read_bounded(flate2::read::MultiGzDecoder::new(gzip), limit, path)
}

/// The name a gzip file's content goes by: `roads.geojson.gz` → `roads.geojson`.
pub fn inner_name(path: &Path) -> std::path::PathBuf {
    match path.extension() {
        Some(e) if e.eq_ignore_ascii_case("gz") => path.with_extension(""),
        _ => path.to_path_buf(),
    }
}

/// The entries of a zip file whose names `wanted` accepts, with their content: each entry and
/// all of them together stay within `limit`, by what the archive declares and by what
/// actually comes out.
pub fn unzip(
    path: &Path,
    limit: u64,
    wanted: impl Fn(&str) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, ReadError> {
    let file =
        std::fs::File::open(path).map_err(|e| ReadError::Io(format!("{}: {e}", path.display())))?;
    unzip_from(std::io::BufReader::new(file), path, limit, wanted)
}

/// [`unzip`] of a zip read from `source`, named `path` in messages.
pub fn unzip_from(
    source: impl Read + std::io::Seek,
    path: &Path,
    limit: u64,
    wanted: impl Fn(&str) -> bool,
) -> Result<Vec<(String, Vec<u8>)>, ReadError> {
    let io = |e: &dyn std::fmt::Display| ReadError::Io(format!("{}: {e}", path.display()));
    let mut archive =
        zip::ZipArchive::new(source).map_err(|e| io(&format!("not a readable zip file: {e}")))?;
    let mut out = Vec::new();
    let mut total = 0u64;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|e| io(&e))?;
        let name = entry.name().to_string();
        if entry.is_dir() || !wanted(&name) {
            continue;
        }
        if total + entry.size() > limit {
            return Err(bomb(path, limit));
        }
        let bytes = read_bounded(&mut entry, limit - total, path)?;
        total += bytes.len() as u64;
        out.push((name, bytes));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_stream_that_expands_past_the_limit_is_refused() {
        let zeros = vec![0u8; 1 << 20];
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&zeros).unwrap();
        let packed = gz.finish().unwrap();
        assert!(packed.len() < 10_000);
        let path = Path::new("bomb.geojson.gz");
        let small = read_bounded(flate2::read::GzDecoder::new(&packed[..]), 1 << 19, path);
        assert!(
            matches!(&small, Err(ReadError::Io(m)) if m.contains("refused")),
            "{:?}",
            small.err()
        );
        let enough = read_bounded(flate2::read::GzDecoder::new(&packed[..]), 1 << 21, path);
        assert_eq!(enough.unwrap().len(), 1 << 20);
        assert_eq!(inner_name(path), Path::new("bomb.geojson"));
    }
}
