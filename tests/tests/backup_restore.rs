//! Restore from backup without losing an entry (#21), on PostgreSQL (`pg_dump` while the region
//! runs, `pg_restore`) and on SQLite (the database file copied with the region stopped).
//!
//! Six phones in two units work, sync, and the region is backed up; they work on, every entry
//! acknowledged by the region and pulled by the others, and one phone purges a finished job's
//! identity as its retention rules say. Then the region is restored from the backup — it has
//! forgotten everything since — and the phones carry on, half of them writing before they
//! reach it. Afterwards: the region holds exactly what the phones wrote (written = stored, no
//! entry twice), every phone holds every entry of its unit, nothing waits, and the region's
//! restore log names the identity entry that came back purged.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::now;
use samverka_model::{DeviceId, Timestamp, UnitId};
use samverka_region::storage::Storage;
use samverka_system_tests::phone::{Phone, finished_job, sync_all};
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::region::Region;
use std::path::{Path, PathBuf};

const HOUR: i64 = 3_600_000;

/// The nurses and their units.
const NURSES: [(&str, &str); 6] = [
    ("unit-a", "anna"),
    ("unit-a", "berit"),
    ("unit-a", "cecilia"),
    ("unit-b", "david"),
    ("unit-b", "eva"),
    ("unit-b", "frida"),
];

/// How the region's store is backed up and restored.
trait Backup {
    /// Takes the backup (the region may be running).
    fn take(&self, region: &mut Region);
    /// Puts the backup in place of the store (the region is stopped).
    fn put_back(&self);
}

/// `pg_dump` of the running region's database, `pg_restore` into a fresh one.
struct PgDump<'a> {
    pg: &'a Postgres,
    name: &'a str,
    file: PathBuf,
}

impl Backup for PgDump<'_> {
    fn take(&self, _region: &mut Region) {
        self.pg.dump(self.name, &self.file);
    }
    fn put_back(&self) {
        self.pg.restore(self.name, &self.file);
    }
}

/// A copy of the SQLite file (with its WAL), taken with the region stopped for a moment.
struct FileCopy {
    db: PathBuf,
    copy: PathBuf,
}

impl FileCopy {
    fn files(base: &Path) -> [PathBuf; 3] {
        let with = |suffix: &str| {
            let mut p = base.as_os_str().to_owned();
            p.push(suffix);
            PathBuf::from(p)
        };
        [with(""), with("-wal"), with("-shm")]
    }

    fn copy(from: &Path, to: &Path) {
        for (a, b) in Self::files(from).iter().zip(Self::files(to).iter()) {
            let _ = std::fs::remove_file(b);
            if a.exists() {
                std::fs::copy(a, b).unwrap();
            }
        }
    }
}

impl Backup for FileCopy {
    fn take(&self, region: &mut Region) {
        region.kill();
        Self::copy(&self.db, &self.copy);
        region.start();
    }
    fn put_back(&self) {
        Self::copy(&self.copy, &self.db);
    }
}

/// Entries of `unit`'s jobs the region holds, from every phone.
async fn unit_entries(storage: &dyn Storage, unit: &str) -> u64 {
    storage
        .pull(&UnitId::new(unit), DeviceId(uuid::Uuid::nil()), 0, u32::MAX)
        .await
        .unwrap()
        .entries
        .len() as u64
}

/// Every phone, as `sync_all` takes them.
fn all(phones: &[Phone]) -> Vec<&Phone> {
    phones.iter().collect()
}

async fn drill(region: &mut Region, backup: &dyn Backup) {
    let url = region.url();
    let mut phones = Vec::new();
    for (unit, nurse) in NURSES {
        phones.push(Phone::enroll(&url, &url, &region.code_for(unit, nurse)).await);
    }

    // Before the backup.
    for p in &mut phones {
        p.write(25);
    }
    sync_all(&all(&phones)).await;
    backup.take(region);

    // After it: more work, all acknowledged and pulled by the colleagues, and a finished job
    // whose identity its phone then purges.
    for p in &mut phones {
        p.write(30);
    }
    let (job, id_entry) = {
        let mut s = phones[0].store.lock().unwrap();
        finished_job(&mut s, &phones[0], now())
    };
    sync_all(&all(&phones)).await;
    {
        let mut s = phones[0].store.lock().unwrap();
        s.set_identity_retention(1).unwrap();
        assert_eq!(
            s.purge_identities(Timestamp(now().millis() + 2 * HOUR))
                .unwrap(),
            vec![job]
        );
    }
    for p in &phones {
        assert_eq!(p.pending(), 0, "acknowledged before the loss");
    }

    // The region dies and comes back from the backup: everything since it is gone there.
    region.kill();
    backup.put_back();
    region.start();

    // Work goes on: half the phones write before they reach the region again.
    for p in phones.iter_mut().take(3) {
        p.write(10);
    }
    for _ in 0..2 {
        sync_all(&all(&phones)).await;
    }

    let storage = samverka_region::storage::open(region.db()).await.unwrap();
    let (stored, distinct) = storage.entry_counts().await.unwrap();
    let written: u64 = phones.iter().map(Phone::written).sum();
    assert_eq!(stored, distinct, "no entry stored twice");
    assert_eq!(stored, written, "written = stored");
    for (p, (unit, nurse)) in phones.iter().zip(NURSES) {
        assert_eq!(p.pending(), 0, "{nurse}'s phone has nothing waiting");
        let held = p.store.lock().unwrap().entry_count().unwrap();
        assert_eq!(
            held,
            unit_entries(&*storage, unit).await,
            "{nurse}'s phone holds every entry of {unit}"
        );
    }
    let log = storage.restore_log(100).await.unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(
        (log[0].device, log[0].seq, log[0].job),
        (
            phones[0].store.lock().unwrap().device_id(),
            id_entry.seq,
            job
        )
    );
    // The region's identity of that job is the purged one: nothing was made up.
    let entries = storage.job_entries(job).await.unwrap();
    let view = samverka_model::JobView::fold(job, &entries);
    assert!(view.identity.value.is_empty(), "{:?}", view.identity);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_restored_from_pg_dump_loses_no_entry() {
    let pg = Postgres::start();
    let name = "drill";
    let mut region = Region::postgres(pg.database(name));
    let dir = tempfile::tempdir().unwrap();
    let backup = PgDump {
        pg: &pg,
        name,
        file: dir.path().join("region.dump"),
    };
    drill(&mut region, &backup).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_restored_from_a_file_copy_loses_no_entry() {
    let mut region = Region::sqlite();
    let db = PathBuf::from(region.db().trim_start_matches("sqlite://"));
    let dir = tempfile::tempdir().unwrap();
    let backup = FileCopy {
        db,
        copy: dir.path().join("backup.db"),
    };
    drill(&mut region, &backup).await;
}

/// A phone that claims more of its log was acknowledged than was (a forged `acked`) makes the
/// region start a new incarnation once — every phone then pulls again from the start — but
/// not again that day: one device cannot make the region's phones re-pull at will.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_acknowledgement_renews_the_incarnation_at_most_once_a_day() {
    use samverka_device::sync::PullPosition;
    let region = Region::sqlite();
    let url = region.url();
    let mut phone = Phone::enroll(&url, &url, &region.code_for("unit-a", "anna")).await;
    phone.write(3);
    phone
        .sync(samverka_device::sync::Batches::default())
        .await
        .unwrap();
    let token = phone
        .store
        .lock()
        .unwrap()
        .enrollment()
        .unwrap()
        .unwrap()
        .token;
    let pull = |acked: u64, epoch: String| {
        let (client, token) = (&phone.client, token.clone());
        async move {
            client
                .pull(
                    &token,
                    &PullPosition {
                        cursor: 0,
                        epoch,
                        acked,
                    },
                    100,
                )
                .await
                .unwrap()
        }
    };
    let first = pull(3, String::new()).await.epoch.unwrap();
    // An honest pull changes nothing.
    assert_eq!(pull(3, first.clone()).await.epoch.unwrap(), first);
    let forged = pull(u64::MAX, first.clone()).await;
    let second = forged.epoch.unwrap();
    assert_ne!(
        second, first,
        "a claim beyond the region's copy renews once"
    );
    assert_eq!(forged.high_water, Some(3));
    for _ in 0..3 {
        assert_eq!(
            pull(u64::MAX, second.clone()).await.epoch.unwrap(),
            second,
            "not again the same day"
        );
    }
}
