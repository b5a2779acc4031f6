//! What a build context holds: a bounded scan for heavy folders (dependency caches, build
//! output, VCS data) that slow every `docker build` when sent to the builder.
//!
//! The scan does not depend on `.dockerignore` (that is applied afterwards), so it can be
//! cached per folder and reused while the user edits the ignore file or the Dockerfile.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::fs::{EntryKind, FileSystem};
use crate::model::dockerfile::Transfer;
use crate::syntax::dockerignore::DockerIgnore;

/// Most entries one scan visits.
pub const MAX_ENTRIES: usize = 50_000;
/// Longest one scan runs.
pub const MAX_TIME: Duration = Duration::from_millis(500);
const MAX_DEPTH: usize = 24;

/// Folder names that are (almost) never needed inside an image build.
pub const HEAVY_DIRS: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    "target",
    "dist",
    "build",
    ".next",
    ".nuxt",
    ".venv",
    "venv",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".tox",
    ".gradle",
    ".terraform",
    "coverage",
    ".cache",
    ".idea",
    ".vscode",
    "bin",
    "obj",
];

/// One heavy folder found in a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeavyDir {
    /// Path relative to the context root, `/`-separated.
    pub path: String,
    pub files: u64,
    pub bytes: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContextScan {
    pub heavy: Vec<HeavyDir>,
    /// Files and bytes seen in the whole context (within the bounds).
    pub files: u64,
    pub bytes: u64,
    /// The scan stopped at a bound: counts are lower limits.
    pub truncated: bool,
    /// Names of files at the context root (to tailor a `.dockerignore`).
    pub root_files: Vec<String>,
    /// Project manifests (`package.json`, `Cargo.toml`, …) anywhere outside heavy folders,
    /// as paths relative to the context root.
    pub manifests: Vec<String>,
    /// Every file seen (within the bounds): path relative to the context root and size.
    /// What a build sends, with or without an ignore file, is measured on these.
    pub entries: Vec<(String, u64)>,
}

/// Files and bytes of a context that a build sends, and of those, what an ignore file
/// would keep out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub files: u64,
    pub bytes: u64,
    /// Of the files sent, those the other ignore file excludes.
    pub kept_out_files: u64,
    pub kept_out_bytes: u64,
}

/// Files that tell which ecosystem a folder belongs to (and so what it generates).
pub fn is_manifest(name: &str) -> bool {
    matches!(
        name,
        "package.json"
            | "Cargo.toml"
            | "pyproject.toml"
            | "requirements.txt"
            | "setup.py"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "go.mod"
    ) || name.ends_with(".csproj")
        || name.ends_with(".fsproj")
}

impl ContextScan {
    pub fn has_root_file(&self, name: &str) -> bool {
        self.root_files.iter().any(|f| f == name)
    }

    /// What a build that transfers `transfer` sends with the `current` ignore file (none:
    /// everything it asks for), and how much of that `proposed` would keep out. Measured
    /// file by file with Docker's matcher; lower bounds when the scan was `truncated`.
    pub fn sent(&self, transfer: &Transfer, current: Option<&DockerIgnore>, proposed: Option<&DockerIgnore>) -> Sent {
        // A COPY source selects like a .dockerignore pattern: itself and what is below it.
        let asked = match transfer {
            Transfer::Whole => None,
            Transfer::Paths(paths) => Some(DockerIgnore::parse(&paths.join("\n"))),
        };
        let mut out = Sent::default();
        for (path, bytes) in &self.entries {
            if asked.as_ref().is_some_and(|a| !a.is_excluded(path)) || current.is_some_and(|c| c.is_excluded(path)) {
                continue;
            }
            out.files += 1;
            out.bytes += bytes;
            if proposed.is_some_and(|p| p.is_excluded(path)) {
                out.kept_out_files += 1;
                out.kept_out_bytes += bytes;
            }
        }
        out
    }
}

/// `bin`, `obj` and `build` are only heavy next to the project file that produces them.
fn is_heavy(name: &str, siblings: &[String]) -> bool {
    match name {
        "bin" | "obj" => {
            siblings.iter().any(|s| s.ends_with(".csproj") || s.ends_with(".fsproj") || s.ends_with(".sln"))
        }
        "build" => siblings.iter().any(|s| {
            matches!(
                s.as_str(),
                "package.json" | "build.gradle" | "build.gradle.kts" | "CMakeLists.txt" | "setup.py" | "pyproject.toml"
            )
        }),
        "target" => siblings.iter().any(|s| matches!(s.as_str(), "Cargo.toml" | "pom.xml")),
        "dist" => siblings.iter().any(|s| matches!(s.as_str(), "package.json" | "pyproject.toml" | "setup.py")),
        other => HEAVY_DIRS.contains(&other),
    }
}

/// Scans a context folder. Symlinks are never followed (so loops and links out of the
/// context cost nothing), and the walk stops at [`MAX_ENTRIES`] or [`MAX_TIME`].
pub fn scan(fs: &dyn FileSystem, root: &Path) -> ContextScan {
    let start = Instant::now();
    let mut s = ContextScan::default();
    let mut budget = MAX_ENTRIES;
    if let Ok(entries) = fs.read_dir(root) {
        s.root_files = entries.iter().map(|e| e.name.clone()).collect();
    }
    walk(fs, root, "", 0, None, &mut s, &mut budget, start);
    s.heavy.sort_by(|a, b| b.bytes.cmp(&a.bytes).then(a.path.cmp(&b.path)));
    s
}

#[allow(clippy::too_many_arguments)]
fn walk(
    fs: &dyn FileSystem,
    dir: &Path,
    rel: &str,
    depth: usize,
    heavy: Option<usize>,
    s: &mut ContextScan,
    budget: &mut usize,
    start: Instant,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let Ok(entries) = fs.read_dir(dir) else { return };
    let names: Vec<String> = entries.iter().map(|e| e.name.clone()).collect();
    for e in entries {
        if *budget == 0 || start.elapsed() > MAX_TIME {
            s.truncated = true;
            return;
        }
        *budget -= 1;
        let child_rel = if rel.is_empty() { e.name.clone() } else { format!("{rel}/{}", e.name) };
        match e.kind {
            EntryKind::File => {
                s.files += 1;
                s.bytes += e.len;
                s.entries.push((child_rel.clone(), e.len));
                if heavy.is_none() && is_manifest(&e.name) {
                    s.manifests.push(child_rel.clone());
                }
                if let Some(h) = heavy {
                    s.heavy[h].files += 1;
                    s.heavy[h].bytes += e.len;
                }
            }
            EntryKind::Dir => {
                let h = match heavy {
                    Some(h) => Some(h),
                    None if is_heavy(&e.name, &names) => {
                        s.heavy.push(HeavyDir { path: child_rel.clone(), files: 0, bytes: 0 });
                        Some(s.heavy.len() - 1)
                    }
                    None => None,
                };
                walk(fs, &dir.join(&e.name), &child_rel, depth + 1, h, s, budget, start);
            }
            EntryKind::Symlink | EntryKind::Other => {}
        }
    }
}

/// Human size: `1.2 GB`, `340 MB`, `12 KB`.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = bytes as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 || v >= 10.0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Scans shared across analyses; the server invalidates entries when files change.
#[derive(Debug, Default)]
pub struct ScanCache {
    scans: Mutex<HashMap<PathBuf, Arc<ContextScan>>>,
}

impl ScanCache {
    pub fn get(&self, fs: &dyn FileSystem, dir: &Path) -> Arc<ContextScan> {
        if let Some(s) = self.scans.lock().ok().and_then(|m| m.get(dir).cloned()) {
            return s;
        }
        let s = Arc::new(scan(fs, dir));
        if let Ok(mut m) = self.scans.lock() {
            m.insert(dir.to_path_buf(), s.clone());
        }
        s
    }

    pub fn clear(&self) {
        if let Ok(mut m) = self.scans.lock() {
            m.clear();
        }
    }

    /// Forgets scans of every context that contains `path`.
    pub fn invalidate(&self, path: &Path) {
        if let Ok(mut m) = self.scans.lock() {
            m.retain(|dir, _| !path.starts_with(dir));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    #[test]
    fn finds_heavy_dirs_next_to_their_manifests() {
        let fs = MemoryFs::new()
            .with("/c/package.json", "{}")
            .with("/c/node_modules/a/index.js", vec![0u8; 1000])
            .with("/c/node_modules/b/index.js", vec![0u8; 500])
            .with("/c/src/target/x", "not rust")
            .with("/c/.git/HEAD", "ref")
            .with("/c/dist/app.js", "x")
            .with("/c/src/main.ts", "x");
        let s = scan(&fs, Path::new("/c"));
        let heavy: Vec<_> = s.heavy.iter().map(|h| (h.path.as_str(), h.files, h.bytes)).collect();
        assert_eq!(heavy, [("node_modules", 2, 1500), (".git", 1, 3), ("dist", 1, 1)]);
        assert_eq!(s.files, 7);
        assert!(s.has_root_file("package.json"));
        assert!(!s.truncated);
    }

    #[test]
    fn sizes() {
        assert_eq!(human_size(999), "999 B");
        assert_eq!(human_size(1_500), "1.5 KB");
        assert_eq!(human_size(340_000_000), "340 MB");
    }

    #[test]
    fn cache_and_invalidate() {
        let fs = MemoryFs::new().with("/c/a", "x");
        let cache = ScanCache::default();
        let a = cache.get(&fs, Path::new("/c"));
        let b = cache.get(&fs, Path::new("/c"));
        assert!(Arc::ptr_eq(&a, &b));
        cache.invalidate(Path::new("/c/a"));
        assert!(!Arc::ptr_eq(&a, &cache.get(&fs, Path::new("/c"))));
    }

    #[test]
    fn what_a_build_sends_and_an_ignore_file_keeps_out() {
        let fs = MemoryFs::new()
            .with("/c/package.json", "{}")
            .with("/c/node_modules/a.js", vec![0u8; 1000])
            .with("/c/src/main.js", vec![0u8; 10])
            .with("/c/.git/HEAD", "ref");
        let s = scan(&fs, Path::new("/c"));
        let ignore = DockerIgnore::parse("**/node_modules\n.git\n");
        let whole = s.sent(&Transfer::Whole, None, Some(&ignore));
        assert_eq!((whole.files, whole.bytes, whole.kept_out_files, whole.kept_out_bytes), (4, 1015, 2, 1003));
        let named = s.sent(&Transfer::Paths(vec!["src".into(), "package.json".into()]), None, Some(&ignore));
        assert_eq!((named.files, named.bytes, named.kept_out_bytes), (2, 12, 0));
        let already = s.sent(&Transfer::Whole, Some(&DockerIgnore::parse(".git\n")), Some(&ignore));
        assert_eq!((already.bytes, already.kept_out_bytes), (1012, 1000));
    }
}
