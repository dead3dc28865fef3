//! Embeds every Markdown file of `handbook/` into the crate, and those of
//! `handbook/compare/` (comparison pages) under the name `compare/<file>`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The `.md` files of `dir`, in name order (none if it does not exist).
fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files
}

fn main() {
    let dir =
        Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo")).join("handbook");
    assert!(dir.is_dir(), "index/handbook exists");
    let mut out = String::from(
        "/// The built-in handbook: (file name, Markdown).\npub(crate) static FILES: &[(&str, &str)] = &[\n",
    );
    let pages = markdown_files(&dir)
        .into_iter()
        .map(|p| (String::new(), p))
        .chain(
            markdown_files(&dir.join("compare"))
                .into_iter()
                .map(|p| ("compare/".to_string(), p)),
        );
    for (prefix, path) in pages {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("UTF-8 file names");
        writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            format!("{prefix}{name}"),
            path.display().to_string()
        )
        .expect("write to string");
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").expect("set by cargo")).join("handbook.rs");
    std::fs::write(target, out).expect("write handbook.rs");
}
