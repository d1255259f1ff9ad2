//! The region's content reaches the phone: published with the real CLI, pulled at sync, kept
//! and searched offline, and replaced only by a whole newer bundle — a download cut off on the
//! way never replaces the version the phone has.
#![allow(clippy::unwrap_used, missing_docs)]

use samverka_device::Store;
use samverka_device::sync::Batches;
use samverka_model::content::Audience;
use samverka_system_tests::phone::Phone;
use samverka_system_tests::postgres::Postgres;
use samverka_system_tests::proxy::{Fault, Proxy};
use samverka_system_tests::region::Region;
use std::path::{Path, PathBuf};

fn shipped_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content")
}

/// A copy of the shipped content with one more quick reference: the next version.
fn next_version() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let copy = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            if e.file_type().unwrap().is_file() {
                std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
            }
        }
    };
    let src = shipped_content();
    copy(&src, dir.path());
    for sub in ["guidelines", "quickrefs", "form"] {
        copy(&src.join(sub), &dir.path().join(sub));
    }
    std::fs::write(
        dir.path().join("quickrefs/lathund-nattpass.md"),
        "+++\nid = \"lathund-nattpass\"\ntitle = \"Nattpasset\"\nkind = \"quickref\"\n\
         audience = \"all\"\nversion = \"2026.1\"\nvalid_from = 2026-01-01\nowner = \"Regionen\"\n\
         sample = true\n+++\nKontrollera utrustningen vid passets början.\n",
    )
    .unwrap();
    dir
}

fn publish(region: &Region, dir: &Path) -> String {
    region.cli(&["content", "publish", dir.to_str().unwrap()])
}

fn top_hit(store: &Store, typed: &str) -> Option<String> {
    store
        .search(typed, Audience::Adult, 5)
        .unwrap()
        .first()
        .map(|h| h.id.clone())
}

async fn content_reaches_the_phone_whole_or_not_at_all(region: &Region) {
    let out = publish(region, &shipped_content());
    assert!(out.starts_with("published content version 1"), "{out}");
    // The content's units are the region's: a code can be issued for one at once.
    let code = region.cli(&["enroll", "--unit", "orust-hsv", "--user", "anna"]);
    let proxy = Proxy::start(region.port(), 7).await;
    let phone = Phone::enroll(&region.url(), &proxy.url(), &code).await;

    let report = phone.sync(Batches::default()).await.unwrap();
    assert_eq!(report.content, Some(1));
    {
        let s = phone.store.lock().unwrap();
        let status = s.content_status().unwrap();
        assert_eq!(status.version, Some(1));
        assert!(status.sample && status.unseen);
        for typed in ["hjartstopp", "HLR", "hjärtst"] {
            assert_eq!(
                top_hit(&s, typed).as_deref(),
                Some("hjartstopp-vuxen"),
                "{typed}"
            );
        }
    }
    // Nothing new: no second download.
    assert_eq!(phone.sync(Batches::default()).await.unwrap().content, None);

    let next = next_version();
    let out = publish(region, next.path());
    assert!(out.starts_with("published content version 2"), "{out}");
    assert!(publish(region, next.path()).starts_with("unchanged: content version 2"));

    // The bundle is cut off half-way, every time: the phone keeps version 1, whole.
    proxy.force(Some(("/api/v1/content/", Fault::TruncateResponse)));
    for _ in 0..3 {
        let err = phone.sync(Batches::default()).await.unwrap_err();
        assert!(err.is_transient(), "{err}");
    }
    {
        let s = phone.store.lock().unwrap();
        assert_eq!(s.content_status().unwrap().version, Some(1));
        assert!(s.document("lathund-nattpass").unwrap().is_none());
        assert_eq!(top_hit(&s, "hjärtst").as_deref(), Some("hjartstopp-vuxen"));
    }
    // Offline from here on, and the app restarted: version 1 is still there and searchable.
    let path = phone.store.lock().unwrap().path().unwrap();
    {
        let reopened = Store::open(&path, &phone.key).unwrap();
        assert_eq!(reopened.content_status().unwrap().version, Some(1));
        assert_eq!(
            top_hit(&reopened, "HLR").as_deref(),
            Some("hjartstopp-vuxen")
        );
        assert!(!reopened.contacts().unwrap().is_empty());
    }

    // The network heals: version 2 arrives whole.
    proxy.force(None);
    let report = phone.sync(Batches::default()).await.unwrap();
    assert_eq!(report.content, Some(2));
    let s = phone.store.lock().unwrap();
    assert_eq!(s.content_status().unwrap().version, Some(2));
    assert_eq!(top_hit(&s, "nattpass").as_deref(), Some("lathund-nattpass"));
    assert_eq!(
        top_hit(&s, "hjartstopp").as_deref(),
        Some("hjartstopp-vuxen")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_region_content() {
    content_reaches_the_phone_whole_or_not_at_all(&Region::sqlite()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_region_content() {
    let pg = Postgres::start();
    content_reaches_the_phone_whole_or_not_at_all(&Region::postgres(pg.database("content"))).await;
}

#[test]
fn publishing_bad_content_prints_file_and_line_and_publishes_nothing() {
    let dir = next_version();
    std::fs::write(
        dir.path().join("quickrefs/lathund-nattpass.md"),
        "+++\nid = \"lathund-nattpass\"\ntitle = \"Nattpasset\"\nkind = \"quickref\"\n\
         audience = \"all\"\nversion = \"2026.1\"\nvalid_from = 2026-01-01\nowner = \"Regionen\"\n\
         sample = true\n+++\nSe [saknas](doc:finns-inte).\n",
    )
    .unwrap();
    let db_dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", db_dir.path().join("r.db").display());
    let out = std::process::Command::new(samverka_system_tests::region::region_bin())
        .args([
            "--db",
            &db,
            "content",
            "publish",
            dir.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "quickrefs/lathund-nattpass.md:11: broken link: no document has the id \"finns-inte\""
        ),
        "{err}"
    );
    assert!(err.contains("nothing was published"), "{err}");
    let listed = samverka_system_tests::region::region_cli(&db, &["units", "list"]);
    assert!(
        listed.is_empty(),
        "a refused publication registers nothing: {listed}"
    );
}
