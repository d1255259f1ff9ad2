//! Three phones on one job, offline, then exchanging entries in any order and batching: every
//! store ends with identical read models.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use proptest::prelude::*;
use samverka_device::Store;
use samverka_model::{Entry, JobType};

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn three_stores_converge(
        taps in proptest::collection::vec((0..3usize, 0..9u64, 1..90i64), 1..60),
        order in proptest::collection::vec(any::<proptest::sample::Index>(), 3),
        batch in 1..20usize,
    ) {
        let mut stores: Vec<Store> = (0..3).map(|_| Store::open_in_memory().unwrap()).collect();
        let created = stores[0].create_job(&nurse(0), header(JobType::Ivpa, 0), at(0)).unwrap();
        for s in &mut stores[1..] {
            s.ingest(std::slice::from_ref(&created), at(0)).unwrap();
        }
        for (d, kind, minute) in taps {
            // Refusals are part of the game; they must simply write nothing.
            let _ = stores[d].record(&nurse(d as u32), created.job, tap(kind, minute), at(minute));
        }
        let mut all: Vec<Entry> = Vec::new();
        for s in &stores {
            all.extend(s.entries_after(s.device_id(), 0, usize::MAX >> 1).unwrap());
        }
        for (i, s) in stores.iter_mut().enumerate() {
            let mut mine = all.clone();
            // A different order for each store: rotate, then reverse odd ones.
            let k = order[i].index(mine.len());
            mine.rotate_left(k);
            if i % 2 == 1 { mine.reverse(); }
            for chunk in mine.chunks(batch) {
                s.ingest(chunk, at(100)).unwrap();
            }
        }
        let views: Vec<_> = stores.iter().map(|s| s.job(created.job).unwrap().unwrap()).collect();
        prop_assert_eq!(&views[0], &views[1]);
        prop_assert_eq!(&views[1], &views[2]);
        for s in &mut stores {
            prop_assert_eq!(s.entry_count().unwrap(), all.len() as u64);
            prop_assert!(s.stale_read_models().unwrap().is_empty());
            // What the store serves (possibly from its cache) is what a rebuild from disk gives.
            let served = s.job(created.job).unwrap();
            s.rebuild_read_models().unwrap();
            prop_assert_eq!(served, s.job(created.job).unwrap());
        }
        let histories: Vec<_> = stores.iter().map(|s| s.field_history(created.job, "vitals").unwrap()).collect();
        prop_assert_eq!(&histories[0], &histories[2]);
    }
}
