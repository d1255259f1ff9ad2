//! Rebuild when a migration changes: they are embedded at compile time.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/region-sqlite");
    println!("cargo:rerun-if-changed=../../migrations/region-postgres");
}
