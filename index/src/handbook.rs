//! The built-in handbook: one Markdown file per catalog skill, written in
//! our own words, embedded at build time (see `build.rs`).

include!(concat!(env!("OUT_DIR"), "/handbook.rs"));

/// The handbook files as `(file name, Markdown)`, in name order.
pub fn handbook() -> &'static [(&'static str, &'static str)] {
    FILES
}
