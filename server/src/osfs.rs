//! The real disk behind the core's [`FileSystem`] trait.

use std::io;
use std::path::Path;

use shipshape_rules::fs::{DirEntry, EntryKind, FileSystem, Metadata};

pub struct OsFs;

fn kind_of(ft: std::fs::FileType) -> EntryKind {
    if ft.is_symlink() {
        EntryKind::Symlink
    } else if ft.is_dir() {
        EntryKind::Dir
    } else if ft.is_file() {
        EntryKind::File
    } else {
        EntryKind::Other
    }
}

impl FileSystem for OsFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        let m = std::fs::symlink_metadata(path)?;
        Ok(Metadata { kind: kind_of(m.file_type()), len: m.len() })
    }

    fn canonicalize(&self, path: &Path) -> Option<std::path::PathBuf> {
        std::fs::canonicalize(path).ok()
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<DirEntry>> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(path)? {
            let e = e?;
            let Ok(ft) = e.file_type() else { continue };
            let len = if ft.is_file() { e.metadata().map(|m| m.len()).unwrap_or(0) } else { 0 };
            out.push(DirEntry { name: e.file_name().to_string_lossy().into_owned(), kind: kind_of(ft), len });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }
}
