//! The core's only window on the disk. The server implements it over the real file
//! system with its open buffers layered on top; tests use [`MemoryFs`] or a temp dir.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirEntry {
    pub name: String,
    pub kind: EntryKind,
    /// Size in bytes for files.
    pub len: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Metadata {
    pub kind: EntryKind,
    pub len: u64,
}

pub trait FileSystem: Sync {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Metadata of `path` without following a final symlink.
    fn metadata(&self, path: &Path) -> io::Result<Metadata>;
    /// Entries of a directory, sorted by name.
    fn read_dir(&self, path: &Path) -> io::Result<Vec<DirEntry>>;

    fn kind(&self, path: &Path) -> io::Result<EntryKind> {
        self.metadata(path).map(|m| m.kind)
    }

    /// The absolute, resolved form of `path` (to name a folder given as `.`), if known.
    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        path.is_absolute().then(|| path.to_path_buf())
    }

    fn exists(&self, path: &Path) -> bool {
        self.metadata(path).is_ok()
    }

    fn read_to_string(&self, path: &Path) -> io::Result<String> {
        String::from_utf8(self.read(path)?).map_err(|_| io::Error::new(io::ErrorKind::InvalidData, "not valid UTF-8"))
    }
}

/// An in-memory tree of files, for tests and for analysing text with no disk behind it.
#[derive(Debug, Clone, Default)]
pub struct MemoryFs {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFs {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, path: impl Into<PathBuf>, content: impl Into<Vec<u8>>) -> Self {
        self.files.insert(path.into(), content.into());
        self
    }

    pub fn without(mut self, path: impl AsRef<Path>) -> Self {
        self.files.remove(path.as_ref());
        self
    }

    fn is_dir(&self, path: &Path) -> bool {
        self.files.keys().any(|p| p.starts_with(path) && p != path)
    }
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.files.get(path).cloned().ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no such file"))
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        if let Some(content) = self.files.get(path) {
            Ok(Metadata { kind: EntryKind::File, len: content.len() as u64 })
        } else if self.is_dir(path) {
            Ok(Metadata { kind: EntryKind::Dir, len: 0 })
        } else {
            Err(io::Error::new(io::ErrorKind::NotFound, "no such file"))
        }
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<DirEntry>> {
        if !self.is_dir(path) {
            return Err(io::Error::new(io::ErrorKind::NotFound, "no such directory"));
        }
        let mut out: BTreeMap<String, DirEntry> = BTreeMap::new();
        for (p, content) in &self.files {
            let Ok(rest) = p.strip_prefix(path) else { continue };
            let mut comps = rest.components();
            let Some(first) = comps.next() else { continue };
            let name = first.as_os_str().to_string_lossy().into_owned();
            let is_file = comps.next().is_none();
            out.entry(name.clone()).or_insert(DirEntry {
                name,
                kind: if is_file { EntryKind::File } else { EntryKind::Dir },
                len: if is_file { content.len() as u64 } else { 0 },
            });
        }
        Ok(out.into_values().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_fs_lists_and_reads() {
        let fs = MemoryFs::new().with("/p/a.txt", "a").with("/p/d/b.txt", "bb");
        assert_eq!(fs.kind(Path::new("/p/d")).unwrap(), EntryKind::Dir);
        assert_eq!(fs.read_to_string(Path::new("/p/a.txt")).unwrap(), "a");
        let names: Vec<_> = fs.read_dir(Path::new("/p")).unwrap().into_iter().map(|e| (e.name, e.kind)).collect();
        assert_eq!(names, vec![("a.txt".into(), EntryKind::File), ("d".into(), EntryKind::Dir)]);
        assert!(!fs.exists(Path::new("/q")));
    }
}
