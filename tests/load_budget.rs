//! One memory limit for all the files being read at once (issue 28): a file whose
//! decompression would pass it while another read holds most of it is refused with a clear
//! message, and read once the other is done. Its own test binary, since the limit is shared
//! by the whole process.
// Test code: an unwrap that fails is a failed test, with its message and line.
#![allow(clippy::unwrap_used)]

use std::io::Write as _;
use std::path::Path;

use chongqing_atlas::io::read::{decompressed_in_flight, set_all_reads_limit};
use chongqing_atlas::io::{Progress, ReadOptions, read_file};

mod scratch;

/// A gzipped CSV of points that decompresses to at least `bytes`.
fn gzipped_csv(bytes: usize) -> Vec<u8> {
    let mut csv = String::from("id,lon,lat,note\n");
    let mut i = 0;
    while csv.len() < bytes {
        csv.push_str(&format!("{i},106.5,29.5,{}\n", "x".repeat(200)));
        i += 1;
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(csv.as_bytes()).unwrap();
    gz.finish().unwrap()
}

#[test]
fn a_read_that_would_pass_the_shared_limit_is_refused_while_another_holds_it() {
    set_all_reads_limit(48 << 20);
    let dir = scratch::scratch("load-budget");
    std::fs::create_dir_all(&dir).unwrap();
    // The first read comes through a pipe the test feeds: it holds what it has decompressed
    // while it waits for the rest.
    let pipe = dir.join("slow.csv.gz");
    let _ = std::fs::remove_file(&pipe);
    let name = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
    let first = gzipped_csv(40 << 20);
    let slow = pipe.clone();
    let reader = std::thread::spawn(move || {
        read_file(&slow, &ReadOptions::default(), &Progress::default()).map(|(_, o)| o.len())
    });
    let mut feed = std::fs::OpenOptions::new().write(true).open(&pipe).unwrap();
    let (head, rest) = first.split_at(first.len() * 3 / 4);
    feed.write_all(head).unwrap();
    feed.flush().unwrap();
    let start = std::time::Instant::now();
    while decompressed_in_flight() < 24 << 20 {
        assert!(
            start.elapsed().as_secs() < 30,
            "the first read never got going"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }

    let second = dir.join("second.csv.gz");
    std::fs::write(&second, gzipped_csv(24 << 20)).unwrap();
    let refused = read_file(&second, &ReadOptions::default(), &Progress::default()).unwrap_err();
    let message = refused.to_string();
    assert!(message.contains("refused"), "{message}");
    assert!(message.contains("when the others have loaded"), "{message}");

    feed.write_all(rest).unwrap();
    drop(feed);
    assert_eq!(
        reader.join().unwrap().unwrap(),
        1,
        "the first read finishes whole"
    );
    assert_eq!(decompressed_in_flight(), 0, "what it held is given back");
    let (_, outcomes) = read_file(&second, &ReadOptions::default(), &Progress::default()).unwrap();
    assert!(outcomes[0].features.len() > 50_000);
    let _ = Path::new(&pipe);
}
