//! The default index: the handbook, built on first use into the data
//! directory and rebuilt when the handbook, the skill names or the index
//! format change.
//!
//! Safe with several processes starting at once: each builds into its own
//! temporary folder and renames it into place; a rename that loses the race
//! just uses the winner's index. Readers never see a half-built index
//! because the marker file is written last, before the rename.

use std::hash::Hasher;
use std::path::{Path, PathBuf};

use crate::builder::FORMAT_VERSION;
use crate::{Error, Index, IndexBuilder, SkillTagger};

/// 64-bit FNV-1a: stable across builds and platforms, unlike `DefaultHasher`.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x100_0000_01b3);
        }
    }
}

/// The folder name of the default index for this handbook and tagger.
pub(crate) fn fingerprint(skills: &[(String, Vec<String>)]) -> String {
    let mut h = Fnv::new();
    h.write(&FORMAT_VERSION.to_le_bytes());
    for (name, text) in crate::handbook::handbook() {
        h.write(name.as_bytes());
        h.write(&[0]);
        h.write(text.as_bytes());
        h.write(&[0]);
    }
    for (id, names) in skills {
        h.write(id.as_bytes());
        for n in names {
            h.write(&[1]);
            h.write(n.as_bytes());
        }
        h.write(&[0]);
    }
    format!("handbook-{:016x}", h.finish())
}

/// Opens the handbook index under `root` (e.g. `<data dir>/index`), building
/// it first if it is missing or stale. `skills` are the catalog's
/// `(id, names)` pairs used for tagging.
pub fn open_handbook(root: &Path, skills: &[(String, Vec<String>)]) -> Result<Index, Error> {
    let tagger = SkillTagger::new(skills.iter().cloned());
    let name = fingerprint(skills);
    let dir = root.join(&name);
    if let Ok(index) = Index::open(&dir, tagger.clone()) {
        return Ok(index);
    }
    std::fs::create_dir_all(root).map_err(|source| Error::Io {
        path: root.to_path_buf(),
        source,
    })?;
    let tmp = temp_dir(root);
    let mut builder = IndexBuilder::new(tagger.clone());
    builder.add_handbook();
    let built = builder.build(&tmp, |_| {});
    if let Err(err) = built {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(err);
    }
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another process won the race (or left a broken folder): use a
        // finished index if there is one, else replace the broken folder.
        if let Ok(index) = Index::open(&dir, tagger.clone()) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Ok(index);
        }
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&tmp, &dir).map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
    }
    remove_stale(root, &name);
    Index::open(&dir, tagger)
}

/// A fresh temporary folder name beside the final one.
pub(crate) fn temp_dir(root: &Path) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    root.join(format!(".tmp-{}-{nanos}", std::process::id()))
}

/// Removes older handbook indexes (best effort; a process still reading one
/// keeps its open files on Unix).
fn remove_stale(root: &Path, keep: &str) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with("handbook-") && name != keep {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl IndexBuilder {
    /// Builds into `dir`, replacing an index already there. The new index is
    /// built beside it and swapped in, so readers see the old or the new one,
    /// never a half-built one; concurrent builders of the same folder take
    /// turns (a lock file beside it). A folder that exists and is neither
    /// empty nor an index is left alone and reported.
    pub fn build_replacing(
        self,
        dir: &Path,
        progress: impl FnMut(&crate::BuildStats),
    ) -> Result<crate::BuildStats, Error> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        if self.is_empty() {
            return Err(Error::NoMaterial);
        }
        let parent = match dir.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        if dir.exists() {
            let is_index = dir.join(crate::builder::META_FILE).is_file();
            let is_empty = std::fs::read_dir(dir).map_err(io(dir))?.next().is_none();
            if !is_index && !is_empty {
                return Err(Error::NotAnIndex {
                    path: dir.to_path_buf(),
                });
            }
        }
        let name = dir
            .file_name()
            .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
        let lock_path = parent.join(format!(".{name}.lock"));
        let lock = std::fs::File::create(&lock_path).map_err(io(&lock_path))?;
        lock.lock().map_err(io(&lock_path))?;
        let tmp = temp_dir(&parent);
        let stats = match self.build(&tmp, progress) {
            Ok(stats) => stats,
            Err(err) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(err);
            }
        };
        let old = parent.join(format!(".old-{name}-{}", std::process::id()));
        let had_old = dir.exists();
        if had_old {
            std::fs::rename(dir, &old).map_err(io(dir))?;
        }
        if let Err(source) = std::fs::rename(&tmp, dir) {
            if had_old {
                let _ = std::fs::rename(&old, dir);
            }
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(Error::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
        if had_old {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(stats)
    }
}
