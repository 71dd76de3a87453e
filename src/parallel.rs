//! Order-preserving parallel map over a slice with scoped threads.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f).collect()`, split across the available cores. Work is handed out in
/// blocks of at least `min_chunk` items as threads free up, so uneven items (one county with
/// 50,000 vertices, the next with 500) still keep every core busy to the end.
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    min_chunk: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    par_map_on(cores(), items, min_chunk, f)
}

pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Threads for work that runs while the window draws: one core stays free for the UI.
pub fn background_threads() -> usize {
    cores().saturating_sub(1).max(1)
}

/// `par_map` on at most `threads` threads.
pub fn par_map_on<T: Sync, R: Send>(
    threads: usize,
    items: &[T],
    min_chunk: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.max(1);
    let block = items.len().div_ceil(threads * 8).max(min_chunk).max(1);
    let blocks = items.len().div_ceil(block);
    if threads == 1 || blocks <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Vec<R>)>> = Mutex::new(Vec::with_capacity(blocks));
    let work = || {
        loop {
            let b = next.fetch_add(1, Ordering::Relaxed);
            if b >= blocks {
                break;
            }
            let part = &items[b * block..((b + 1) * block).min(items.len())];
            let out: Vec<R> = part.iter().map(&f).collect();
            done.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push((b, out));
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..threads.min(blocks) {
            scope.spawn(work);
        }
    });
    let mut done = done
        .into_inner()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_unstable_by_key(|(b, _)| *b);
    done.into_iter().flat_map(|(_, out)| out).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_order_across_chunks() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(
            super::par_map(&items, 7, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
    }
}
