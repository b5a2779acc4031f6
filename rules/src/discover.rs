//! Finding Dockerfiles and Compose files under a folder.

use std::path::{Path, PathBuf};

use crate::fs::{EntryKind, FileSystem};
use crate::kind::FileKind;

/// Folders never worth walking into: VCS data, dependency caches, build output.
pub const SKIPPED_DIRS: &[&str] =
    &[".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".terraform"];

/// Most folders deep we walk; deeper trees are cut off (and symlinked folders are
/// never followed, so there are no loops).
pub const MAX_DEPTH: usize = 32;

/// Files of a known kind under `root`, sorted by path. Unreadable folders are skipped.
pub fn discover(fs: &dyn FileSystem, root: &Path) -> Vec<(PathBuf, FileKind)> {
    let mut out = Vec::new();
    walk(fs, root, 0, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn walk(fs: &dyn FileSystem, dir: &Path, depth: usize, out: &mut Vec<(PathBuf, FileKind)>) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = fs.read_dir(dir) else { return };
    for e in entries {
        let path = dir.join(&e.name);
        match e.kind {
            EntryKind::Dir if !SKIPPED_DIRS.contains(&e.name.as_str()) => walk(fs, &path, depth + 1, out),
            EntryKind::File | EntryKind::Symlink => {
                if let Some(kind) = FileKind::detect(&path) {
                    // A symlink counts only if it points at a file.
                    if e.kind == EntryKind::File || fs.read(&path).is_ok() {
                        out.push((path, kind));
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    #[test]
    fn finds_known_files_and_skips_dependency_dirs() {
        let fs = MemoryFs::new()
            .with("/p/Dockerfile", "FROM a")
            .with("/p/compose.yaml", "services: {}")
            .with("/p/infra/Dockerfile.backend", "")
            .with("/p/node_modules/x/Dockerfile", "")
            .with("/p/values.yaml", "")
            .with("/p/README.md", "");
        let found: Vec<_> = discover(&fs, Path::new("/p")).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            found,
            vec![
                PathBuf::from("/p/Dockerfile"),
                PathBuf::from("/p/compose.yaml"),
                PathBuf::from("/p/infra/Dockerfile.backend")
            ]
        );
    }
}
