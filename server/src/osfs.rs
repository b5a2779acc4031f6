//! The real disk behind the core's [`FileSystem`] trait.

use std::io;
use std::path::{Path, PathBuf};

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

/// The disk as the CLI may read it: through a symlink only when it resolves inside the
/// trees being checked. A repository under review (a pull request in CI) must not make
/// shipshape read — and print as findings — a file elsewhere on the machine by linking
/// a `Dockerfile` or a Compose `dockerfile:` to it. Metadata stays visible, so a link
/// that leaves the tree still counts as existing (no false "missing" finding).
pub struct BoundedFs {
    /// Canonical roots: the git work trees holding the given paths, or the given folders
    /// (a given file's folder) outside git.
    roots: Vec<PathBuf>,
}

impl BoundedFs {
    pub fn for_paths(paths: &[PathBuf]) -> Self {
        let mut roots: Vec<PathBuf> = paths
            .iter()
            .filter(|p| p.as_os_str() != "-")
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .map(|p| {
                let dir = if p.is_dir() { p } else { p.parent().map_or(p.clone(), Path::to_path_buf) };
                git_work_tree(&dir).unwrap_or(dir)
            })
            .collect();
        roots.sort();
        roots.dedup();
        BoundedFs { roots }
    }

    /// Exactly the given paths (folders, or files): where `fix` may write.
    pub fn exactly(paths: &[PathBuf]) -> Self {
        let roots = paths.iter().filter_map(|p| std::fs::canonicalize(p).ok()).collect();
        BoundedFs { roots }
    }

    /// Does `path`, with every symlink resolved, lie inside a root? A path that does not
    /// exist yet is judged by its nearest existing ancestor.
    pub fn contains(&self, path: &Path) -> bool {
        let mut probe = path.to_path_buf();
        let mut rest: Vec<std::ffi::OsString> = Vec::new();
        let resolved = loop {
            if let Ok(c) = std::fs::canonicalize(&probe) {
                break rest.iter().rev().fold(c, |acc, part| acc.join(part));
            }
            match (probe.file_name().map(|n| n.to_os_string()), probe.parent()) {
                (Some(name), Some(parent)) => {
                    rest.push(name);
                    probe = if parent.as_os_str().is_empty() { PathBuf::from(".") } else { parent.to_path_buf() };
                }
                _ => return false,
            }
        };
        self.roots.iter().any(|r| resolved.starts_with(r))
    }

    fn check(&self, path: &Path) -> io::Result<()> {
        if self.contains(path) {
            Ok(())
        } else {
            Err(io::Error::new(io::ErrorKind::PermissionDenied, "resolves outside the checked tree"))
        }
    }
}

/// The git work tree holding `dir` (the nearest folder with a `.git` entry), if any.
fn git_work_tree(dir: &Path) -> Option<PathBuf> {
    dir.ancestors().find(|d| d.join(".git").exists()).map(Path::to_path_buf)
}

impl FileSystem for BoundedFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        self.check(path)?;
        OsFs.read(path)
    }

    fn metadata(&self, path: &Path) -> io::Result<Metadata> {
        OsFs.metadata(path)
    }

    fn canonicalize(&self, path: &Path) -> Option<PathBuf> {
        OsFs.canonicalize(path)
    }

    fn read_dir(&self, path: &Path) -> io::Result<Vec<DirEntry>> {
        self.check(path)?;
        OsFs.read_dir(path)
    }
}

/// Writes through a temporary file in the same folder and a rename, so a reader (or an
/// interrupted run) sees the old file or the new one, never half of one. Through a
/// symlink, the file it names is replaced and the link stays a link.
pub(crate) fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new().prefix(".shipshape-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    // Keep the original's permissions (an executable script stays executable).
    // A new file gets the usual 0644 instead of the temporary file's 0600.
    match std::fs::metadata(&path) {
        Ok(meta) => tmp.as_file().set_permissions(meta.permissions())?,
        #[cfg(unix)]
        Err(_) => {
            use std::os::unix::fs::PermissionsExt;
            tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        #[cfg(not(unix))]
        Err(_) => {}
    }
    tmp.persist(&path).map_err(|e| e.error)?;
    Ok(())
}
