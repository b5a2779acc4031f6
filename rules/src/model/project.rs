//! The project: Compose files, the services they define (with `extends`, `include` and
//! override files merged the way Compose merges them), and each `build:` linked to its
//! context folder, Dockerfile and `.dockerignore`. Read through [`FileSystem`] only.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use crate::discover::discover;
use crate::fs::{EntryKind, FileSystem};
use crate::kind::FileKind;
use crate::syntax::compose::{self, interpolation, ComposeFile, Service};
use crate::syntax::dockerfile::{self, Dockerfile};
use crate::syntax::dockerignore::{self, DockerIgnore};
use crate::syntax::dotenv;

/// How deep `extends` chains are followed.
const MAX_EXTENDS: usize = 10;

/// Parsed Compose files by path, reused while their text is unchanged (the language server
/// keeps one, so a keystroke in a Dockerfile never re-parses the Compose files around it).
#[derive(Debug, Default)]
pub struct ParseCache {
    compose: std::sync::Mutex<HashMap<PathBuf, Arc<ComposeFile>>>,
}

impl ParseCache {
    /// Stores a parse made elsewhere (an editor's incremental re-parse of a buffer).
    pub fn insert(&self, path: &Path, file: Arc<ComposeFile>) {
        if let Ok(mut m) = self.compose.lock() {
            m.insert(normalize(path), file);
        }
    }

    /// The parse of `text`, from the cache when the text is what was parsed before.
    pub fn compose(&self, path: &Path, text: &str) -> Arc<ComposeFile> {
        let key = normalize(path);
        if let Some(f) = self.compose.lock().ok().and_then(|m| m.get(&key).cloned()) {
            if f.source == text {
                return f;
            }
        }
        let f = Arc::new(compose::parse(text));
        if let Ok(mut m) = self.compose.lock() {
            m.insert(key, f.clone());
        }
        f
    }
}

/// A Compose file of the project.
#[derive(Debug, Clone)]
pub struct ComposeDoc {
    pub path: PathBuf,
    pub file: Arc<ComposeFile>,
    /// The `.env` beside it.
    pub dotenv: Vec<(String, String)>,
    /// Services after `extends` and override files are applied, by name. Their ranges
    /// may point into other files: use them for decisions, report on `file.services`.
    pub merged: Vec<Service>,
    /// Services brought in by `include:`, for reference checks.
    pub included: Vec<String>,
    /// The base file this one overrides (`compose.override.yaml` → `compose.yaml`).
    pub overrides: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DockerfileRef {
    Path { path: PathBuf, exists: bool },
    Inline(String),
}

/// One service's `build:`, resolved against the disk.
#[derive(Debug, Clone)]
pub struct BuildLink {
    pub compose: usize,
    /// Index into `compose[..].file.services`.
    pub service: usize,
    pub service_name: String,
    pub context_dir: PathBuf,
    pub context_exists: bool,
    pub dockerfile: DockerfileRef,
    /// The ignore file that applies (`<Dockerfile>.dockerignore` first), if any exists.
    pub ignore_file: Option<PathBuf>,
    pub target: Option<String>,
    /// Build args after interpolation.
    pub args: Vec<(String, Option<String>)>,
    pub additional_contexts: Vec<String>,
    /// The image name the service builds (`image:`), interpolated.
    pub image: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Project {
    pub compose: Vec<ComposeDoc>,
    pub builds: Vec<BuildLink>,
    /// The Dockerfiles the builds use, parsed (unsaved buffers win over the disk).
    pub dockerfiles: HashMap<PathBuf, Arc<Dockerfile>>,
}

/// What rules see of the project around the file they check.
pub struct ProjectView<'a> {
    pub project: &'a Project,
    pub fs: &'a dyn FileSystem,
    pub scans: &'a crate::model::context::ScanCache,
}

/// The folder whose Compose files describe the project a file belongs to: the nearest
/// ancestor (up to the repository root, marked by `.git`) that holds a Compose file.
pub fn compose_files_near(fs: &dyn FileSystem, file: &Path) -> Vec<PathBuf> {
    for dir in file.ancestors().skip(1).take(12) {
        let Ok(entries) = fs.read_dir(if dir.as_os_str().is_empty() { Path::new(".") } else { dir }) else { continue };
        let found: Vec<PathBuf> = entries
            .iter()
            .filter(|e| e.kind == EntryKind::File && FileKind::detect(Path::new(&e.name)) == Some(FileKind::Compose))
            .map(|e| dir.join(&e.name))
            .collect();
        if !found.is_empty() {
            return found;
        }
        if entries.iter().any(|e| e.name == ".git") {
            break;
        }
    }
    Vec::new()
}

/// Lexically normalises `a/./b/../c` → `a/c` (no disk access, no symlink resolution).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

impl ComposeDoc {
    /// Interpolation lookup: the caller's environment first, then `.env`.
    pub fn lookup<'a>(&'a self, env: &'a dyn Fn(&str) -> Option<String>) -> impl Fn(&str) -> Option<String> + 'a {
        move |name: &str| {
            env(name).or_else(|| self.dotenv.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
        }
    }

    pub fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    /// A merged service by name.
    pub fn merged_service(&self, name: &str) -> Option<&Service> {
        self.merged.iter().find(|s| s.name.value == name)
    }
}

impl Project {
    /// Loads every Compose file under `root` (and the files they `extends`/`include`).
    pub fn load(fs: &dyn FileSystem, root: &Path, env: &dyn Fn(&str) -> Option<String>) -> Project {
        let paths: Vec<PathBuf> =
            discover(fs, root).into_iter().filter(|(_, k)| *k == FileKind::Compose).map(|(p, _)| p).collect();
        Project::from_compose_files(fs, &paths, env, &HashMap::new(), &ParseCache::default())
    }

    /// Builds the project from given Compose files; `buffers` holds unsaved editor text
    /// that wins over the disk.
    pub fn from_compose_files(
        fs: &dyn FileSystem,
        paths: &[PathBuf],
        env: &dyn Fn(&str) -> Option<String>,
        buffers: &HashMap<PathBuf, String>,
        parses: &ParseCache,
    ) -> Project {
        let mut loader = Loader { fs, buffers, parses, cache: HashMap::new() };
        let mut project = Project::default();
        for path in paths {
            let Some(file) = loader.parse(path) else { continue };
            let dotenv = path
                .parent()
                .and_then(|d| fs.read_to_string(&d.join(".env")).ok())
                .map(|t| dotenv::parse(&t))
                .unwrap_or_default();
            project.compose.push(ComposeDoc {
                path: path.clone(),
                file,
                dotenv,
                merged: Vec::new(),
                included: Vec::new(),
                overrides: None,
            });
        }
        // Override files merge into their base (`compose.override.yaml` → `compose.yaml`).
        for i in 0..project.compose.len() {
            let p = &project.compose[i].path;
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            let base = name.replace(".override.", ".");
            if base != name {
                let base_path = p.with_file_name(base);
                project.compose[i].overrides = project.compose.iter().position(|d| d.path == base_path);
            }
        }
        for i in 0..project.compose.len() {
            let merged = loader.merged_services(&project.compose[i].path, 0);
            project.compose[i].merged = merged;
            let dir = project.compose[i].dir().to_path_buf();
            let includes: Vec<PathBuf> =
                project.compose[i].file.includes.iter().map(|s| normalize(&dir.join(&s.value))).collect();
            for inc in includes {
                let names: Vec<String> = loader.merged_services(&inc, 0).into_iter().map(|s| s.name.value).collect();
                project.compose[i].included.extend(names);
            }
        }
        // Apply override files onto their base's merged view.
        for i in 0..project.compose.len() {
            if let Some(b) = project.compose[i].overrides {
                let over = project.compose[i].merged.clone();
                let base = &mut project.compose[b].merged;
                for o in over {
                    match base.iter_mut().find(|s| s.name.value == o.name.value) {
                        Some(s) => *s = merge_service(s, &o),
                        None => base.push(o),
                    }
                }
            }
        }
        for ci in 0..project.compose.len() {
            let doc = &project.compose[ci];
            let lookup = doc.lookup(env);
            for (si, svc) in doc.file.services.iter().enumerate() {
                let merged = doc.merged_service(&svc.name.value).unwrap_or(svc);
                let Some(build) = &merged.build else { continue };
                let interp = |s: &str| interpolation::interpolate(s, &lookup).value;
                let ctx_rel = build.context.as_ref().map_or(".".to_string(), |c| interp(&c.value));
                // Remote contexts (git URLs, https) are not on this disk.
                if ctx_rel.contains("://") || ctx_rel.starts_with("git@") || ctx_rel.ends_with(".git") {
                    continue;
                }
                let context_dir = normalize(&doc.dir().join(&ctx_rel));
                let context_exists = fs.kind(&context_dir).is_ok_and(|k| k == EntryKind::Dir);
                let dockerfile = match (&build.dockerfile_inline, &build.dockerfile) {
                    (Some(inline), _) => DockerfileRef::Inline(inline.value.clone()),
                    (None, df) => {
                        let rel = df.as_ref().map_or("Dockerfile".to_string(), |d| interp(&d.value));
                        let path = normalize(&context_dir.join(rel));
                        let exists = fs.kind(&path).is_ok();
                        DockerfileRef::Path { path, exists }
                    }
                };
                let ignore_file = match &dockerfile {
                    DockerfileRef::Path { path, .. } => ignore_file_for(fs, &context_dir, path),
                    DockerfileRef::Inline(_) => {
                        let p = context_dir.join(".dockerignore");
                        fs.exists(&p).then_some(p)
                    }
                };
                project.builds.push(BuildLink {
                    compose: ci,
                    service: si,
                    service_name: svc.name.value.clone(),
                    context_dir,
                    context_exists,
                    dockerfile,
                    ignore_file,
                    target: build.target.as_ref().map(|t| interp(&t.value)),
                    args: build
                        .args
                        .iter()
                        .map(|(k, v)| (k.value.clone(), v.as_ref().map(|v| interp(&v.value))))
                        .collect(),
                    additional_contexts: build.additional_contexts.iter().map(|(k, _)| k.value.clone()).collect(),
                    image: merged.image.as_ref().map(|i| interp(&i.value)),
                });
            }
        }
        for b in &project.builds {
            let DockerfileRef::Path { path, exists: true } = &b.dockerfile else { continue };
            if project.dockerfiles.contains_key(path) {
                continue;
            }
            let text = buffers.get(path).cloned().or_else(|| fs.read_to_string(path).ok());
            if let Some(text) = text {
                project.dockerfiles.insert(path.clone(), Arc::new(dockerfile::parse(&text)));
            }
        }
        project
    }

    /// The parsed Dockerfile of a build (inline ones are parsed on the fly).
    pub fn dockerfile_of(&self, build: &BuildLink) -> Option<Arc<Dockerfile>> {
        match &build.dockerfile {
            DockerfileRef::Path { path, .. } => self.dockerfiles.get(path).cloned(),
            DockerfileRef::Inline(text) => Some(Arc::new(dockerfile::parse(text))),
        }
    }

    /// What a build sends from its context (the whole context when its Dockerfile cannot
    /// be read: nothing narrower is known).
    pub fn transfer(&self, build: &BuildLink) -> crate::model::dockerfile::Transfer {
        self.dockerfile_of(build)
            .map_or(crate::model::dockerfile::Transfer::Whole, |df| crate::model::dockerfile::context_transfer(&df))
    }

    /// The builds that use the Dockerfile at `path`.
    pub fn builds_of<'a>(&'a self, path: &'a Path) -> impl Iterator<Item = &'a BuildLink> + 'a {
        let path = normalize(path);
        self.builds.iter().filter(move |b| matches!(&b.dockerfile, DockerfileRef::Path { path: p, .. } if *p == path))
    }

    /// The Compose configuration a file belongs to, as the index of its root file: a file
    /// is its own configuration; an override file belongs to its base's (its services are
    /// merged there). `None` for a file that others `include` or `extends` from: it is a
    /// part of their configurations, never run on its own.
    pub fn configuration_of(&self, doc: usize) -> Option<usize> {
        let d = self.compose.get(doc)?;
        if let Some(base) = d.overrides {
            return Some(base);
        }
        let me = normalize(&d.path);
        let is_part = self.compose.iter().any(|other| {
            let dir = other.dir();
            other.file.includes.iter().any(|i| normalize(&dir.join(&i.value)) == me)
                || other
                    .file
                    .services
                    .iter()
                    .filter_map(|s| s.extends.as_ref()?.file.as_ref())
                    .any(|f| normalize(&dir.join(&f.value)) == me)
        });
        (!is_part).then_some(doc)
    }

    /// The Compose files whose services share one namespace with `doc`'s: the files it
    /// includes and that include it, its override file or base, transitively (`doc` too).
    /// A `depends_on: [db]` in any of them can name a `db` defined in any other.
    pub fn shared_namespace(&self, doc: usize) -> Vec<usize> {
        let includes = |i: usize, j: usize| {
            let (a, b) = (&self.compose[i], &self.compose[j]);
            let dir = a.dir();
            a.file.includes.iter().any(|inc| normalize(&dir.join(&inc.value)) == normalize(&b.path))
        };
        let linked = |i: usize, j: usize| {
            includes(i, j)
                || includes(j, i)
                || self.compose[i].overrides == Some(j)
                || self.compose[j].overrides == Some(i)
        };
        let mut group = vec![doc];
        let mut at = 0;
        while at < group.len() {
            let i = group[at];
            for j in 0..self.compose.len() {
                if !group.contains(&j) && linked(i, j) {
                    group.push(j);
                }
            }
            at += 1;
        }
        group
    }

    pub fn compose_doc(&self, path: &Path) -> Option<(usize, &ComposeDoc)> {
        let path = normalize(path);
        self.compose.iter().enumerate().find(|(_, d)| normalize(&d.path) == path)
    }
}

/// The `.dockerignore` that applies: `<Dockerfile>.dockerignore` beside the Dockerfile
/// first, else `<context>/.dockerignore`.
pub fn ignore_file_for(fs: &dyn FileSystem, context_dir: &Path, dockerfile: &Path) -> Option<PathBuf> {
    let ctx = context_dir.to_string_lossy();
    let df = dockerfile.to_string_lossy();
    dockerignore::candidate_files(&ctx, &df)
        .into_iter()
        .map(PathBuf::from)
        .find(|p| fs.kind(p).is_ok_and(|k| k == EntryKind::File))
}

/// Reads and parses a `.dockerignore`.
pub fn read_ignore(fs: &dyn FileSystem, path: &Path) -> Option<DockerIgnore> {
    fs.read_to_string(path).ok().map(|t| DockerIgnore::parse(&t))
}

struct Loader<'a> {
    fs: &'a dyn FileSystem,
    buffers: &'a HashMap<PathBuf, String>,
    parses: &'a ParseCache,
    cache: HashMap<PathBuf, Option<Arc<ComposeFile>>>,
}

impl Loader<'_> {
    fn parse(&mut self, path: &Path) -> Option<Arc<ComposeFile>> {
        let key = normalize(path);
        if let Some(f) = self.cache.get(&key) {
            return f.clone();
        }
        let text = match self.buffers.get(path).or_else(|| self.buffers.get(&key)) {
            Some(t) => Some(t.clone()),
            None => self.fs.read_to_string(path).ok(),
        };
        let parsed = text.map(|t| self.parses.compose(&key, &t));
        self.cache.insert(key, parsed.clone());
        parsed
    }

    /// A file's services with `extends` applied (depth-limited, cycle-safe).
    fn merged_services(&mut self, path: &Path, depth: usize) -> Vec<Service> {
        let Some(file) = self.parse(path) else { return Vec::new() };
        let path = normalize(path);
        file.services.iter().map(|s| self.resolve_extends(&file, &path, s, depth, &mut Vec::new())).collect()
    }

    /// `path` is the (normalised) file `svc` is defined in; `seen` holds the
    /// `(file, service)` pairs already on the chain, so cycles stop.
    fn resolve_extends(
        &mut self,
        file: &Arc<ComposeFile>,
        path: &Path,
        svc: &Service,
        depth: usize,
        seen: &mut Vec<(PathBuf, String)>,
    ) -> Service {
        let Some(ext) = &svc.extends else { return svc.clone() };
        if depth >= MAX_EXTENDS {
            return svc.clone();
        }
        seen.push((path.to_path_buf(), svc.name.value.clone()));
        let (base_file, base_path) = match &ext.file {
            Some(f) => {
                let p = normalize(&path.parent().unwrap_or(Path::new(".")).join(&f.value));
                match self.parse(&p) {
                    Some(bf) => (bf, p),
                    None => return svc.clone(),
                }
            }
            None => (Arc::clone(file), path.to_path_buf()),
        };
        if seen.contains(&(base_path.clone(), ext.service.value.clone())) {
            return svc.clone();
        }
        let Some(base) = base_file.service(&ext.service.value) else { return svc.clone() };
        let base = self.resolve_extends(&base_file, &base_path, base, depth + 1, seen);
        let mut merged = merge_service(&base, svc);
        merged.extends = svc.extends.clone();
        merged
    }
}

/// Merges `over` onto `base` as Compose does for `extends` and override files: scalars
/// and single values are replaced, lists of ports/volumes/files are combined (volumes
/// de-duplicated by target), mappings are merged by key.
pub fn merge_service(base: &Service, over: &Service) -> Service {
    let mut out = over.clone();
    out.image = over.image.clone().or_else(|| base.image.clone());
    out.container_name = over.container_name.clone().or_else(|| base.container_name.clone());
    out.build = match (&base.build, &over.build) {
        (Some(b), Some(o)) => {
            let mut m = o.clone();
            m.context = o.context.clone().or_else(|| b.context.clone());
            m.dockerfile = o.dockerfile.clone().or_else(|| b.dockerfile.clone());
            m.target = o.target.clone().or_else(|| b.target.clone());
            let mut args = b.args.clone();
            for (k, v) in &o.args {
                args.retain(|(bk, _)| bk.value != k.value);
                args.push((k.clone(), v.clone()));
            }
            m.args = args;
            if m.cache_from.is_empty() {
                m.cache_from.clone_from(&b.cache_from);
            }
            if m.cache_to.is_empty() {
                m.cache_to.clone_from(&b.cache_to);
            }
            Some(m)
        }
        (b, o) => o.clone().or_else(|| b.clone()),
    };
    out.ports = base.ports.iter().chain(&over.ports).cloned().collect();
    let mut volumes = base.volumes.clone();
    for v in &over.volumes {
        volumes.retain(|b| b.target != v.target);
        volumes.push(v.clone());
    }
    out.volumes = volumes;
    let mut deps = base.depends_on.clone();
    for d in &over.depends_on {
        deps.retain(|b| b.service.value != d.service.value);
        deps.push(d.clone());
    }
    out.depends_on = deps;
    out.healthcheck = over.healthcheck.clone().or_else(|| base.healthcheck.clone());
    out.resources = over.resources.clone().or_else(|| base.resources.clone());
    if out.profiles.is_empty() {
        out.profiles.clone_from(&base.profiles);
    }
    let mut labels = base.labels.clone();
    for (k, v) in &over.labels {
        labels.retain(|(bk, _)| bk.value != k.value);
        labels.push((k.clone(), v.clone()));
    }
    out.labels = labels;
    out.env_file = base.env_file.iter().chain(&over.env_file).cloned().collect();
    out.links = base.links.iter().chain(&over.links).cloned().collect();
    out.command = over.command.clone().or_else(|| base.command.clone());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn links_builds_to_contexts_dockerfiles_and_ignore_files() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  api:\n    build:\n      context: ./api\n      dockerfile: docker/app.Dockerfile\n      args: [\"A=${X:-1}\"]\n  web:\n    build: web\n  gone:\n    build: ./missing\n  inline:\n    build:\n      context: .\n      dockerfile_inline: |\n        FROM alpine:3\n")
            .with("/p/api/docker/app.Dockerfile", "FROM alpine:3\n")
            .with("/p/api/docker/app.Dockerfile.dockerignore", "*\n")
            .with("/p/api/.dockerignore", "x\n")
            .with("/p/web/Dockerfile", "FROM alpine:3\n")
            .with("/p/web/.dockerignore", "node_modules\n");
        let p = Project::load(&fs, Path::new("/p"), &no_env);
        assert_eq!(p.compose.len(), 1);
        assert_eq!(p.builds.len(), 4);
        let api = &p.builds[0];
        assert_eq!(api.context_dir, PathBuf::from("/p/api"));
        assert_eq!(
            api.dockerfile,
            DockerfileRef::Path { path: PathBuf::from("/p/api/docker/app.Dockerfile"), exists: true }
        );
        assert_eq!(api.ignore_file, Some(PathBuf::from("/p/api/docker/app.Dockerfile.dockerignore")));
        assert_eq!(api.args, [("A".to_string(), Some("1".to_string()))]);
        let web = &p.builds[1];
        assert_eq!(web.ignore_file, Some(PathBuf::from("/p/web/.dockerignore")));
        assert!(!p.builds[2].context_exists);
        assert!(matches!(p.builds[3].dockerfile, DockerfileRef::Inline(_)));
        assert_eq!(p.builds_of(Path::new("/p/web/./Dockerfile")).count(), 1);
    }

    #[test]
    fn extends_and_override_files_merge() {
        let fs = MemoryFs::new()
            .with("/p/base.yml", "services:\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [CMD, pg_isready]\n    volumes: [data:/var/lib/postgresql/data]\n")
            .with("/p/compose.yaml", "services:\n  db:\n    extends:\n      file: base.yml\n      service: db\n    ports: [\"5432:5432\"]\n  app:\n    extends: db\n")
            .with("/p/compose.override.yaml", "services:\n  db:\n    image: postgres:17\n  extra:\n    image: redis:7\n");
        let p = Project::from_compose_files(
            &fs,
            &[PathBuf::from("/p/compose.yaml"), PathBuf::from("/p/compose.override.yaml")],
            &no_env,
            &HashMap::new(),
            &ParseCache::default(),
        );
        let doc = &p.compose[0];
        let db = doc.merged_service("db").unwrap();
        assert!(db.healthcheck.is_some(), "from extends");
        assert_eq!(db.volumes.len(), 1);
        assert_eq!(db.ports.len(), 1);
        assert_eq!(db.image.as_ref().unwrap().value, "postgres:17", "the override wins");
        assert!(doc.merged_service("extra").is_some());
        let app = doc.merged_service("app").unwrap();
        assert!(app.healthcheck.is_some(), "same-file extends follows the chain");
        assert_eq!(p.compose[1].overrides, Some(0));
        assert_eq!((p.configuration_of(0), p.configuration_of(1)), (Some(0), Some(0)));
    }

    #[test]
    fn configurations_leave_out_parts() {
        let fs = MemoryFs::new()
            .with("/p/docker-compose.base.yml", "services:\n  db:\n    image: postgres:16\n")
            .with(
                "/p/compose.yaml",
                "services:\n  db:\n    extends:\n      file: docker-compose.base.yml\n      service: db\n",
            )
            .with(
                "/p/compose.dev.yaml",
                "include: [docker-compose.shared.yml]\nservices:\n  web:\n    image: nginx:1\n",
            )
            .with("/p/docker-compose.shared.yml", "services:\n  cache:\n    image: redis:7\n");
        let p = Project::load(&fs, Path::new("/p"), &no_env);
        let config = |name: &str| {
            let (i, _) = p.compose_doc(Path::new(name)).unwrap();
            p.configuration_of(i).map(|c| p.compose[c].path.display().to_string())
        };
        assert_eq!(config("/p/compose.yaml").as_deref(), Some("/p/compose.yaml"));
        assert_eq!(config("/p/compose.dev.yaml").as_deref(), Some("/p/compose.dev.yaml"));
        assert_eq!(config("/p/docker-compose.base.yml"), None, "extended from: a part");
        assert_eq!(config("/p/docker-compose.shared.yml"), None, "included: a part");
    }

    #[test]
    fn extends_cycles_terminate() {
        let fs = MemoryFs::new().with("/p/compose.yaml", "services:\n  a:\n    extends: b\n  b:\n    extends: a\n");
        let p = Project::load(&fs, Path::new("/p"), &no_env);
        assert_eq!(p.compose[0].merged.len(), 2);
    }

    #[test]
    fn unsaved_buffers_win() {
        let fs = MemoryFs::new().with("/p/compose.yaml", "services: {}\n");
        let mut buffers = HashMap::new();
        buffers.insert(PathBuf::from("/p/compose.yaml"), "services:\n  a:\n    build: .\n".to_string());
        let p = Project::from_compose_files(
            &fs,
            &[PathBuf::from("/p/compose.yaml")],
            &no_env,
            &buffers,
            &ParseCache::default(),
        );
        assert_eq!(p.builds.len(), 1);
    }
}
