//! Rebuild when a migration changes: `include_dir!` embeds them, and cargo cannot see that.
fn main() {
    println!("cargo:rerun-if-changed=../../migrations/device");
}
