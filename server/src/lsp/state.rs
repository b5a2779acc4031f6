//! The server's state: open documents (ropes), client settings, the projects around
//! documents (rebuilt lazily when Compose files, Dockerfiles or ignore files change) and
//! the context-scan cache. Everything here is synchronous and guarded by one mutex held
//! for short moments; analysis runs on blocking threads on snapshots.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ropey::Rope;
use serde_json::Value;
use shipshape_rules::config::Config;
use shipshape_rules::fs::FileSystem;
use shipshape_rules::model::context::ScanCache;
use shipshape_rules::model::pinning::PinTarget;
use shipshape_rules::model::project::{compose_files_near, normalize, ParseCache, Project};
use shipshape_rules::{Diagnostic, FileKind, Settings, Severity};
use tower_lsp_server::ls_types::Uri;

use super::position::Encoding;
use crate::osfs::OsFs;
use crate::registry::{Credentials, Registry, RegistrySettings};

pub struct Document {
    pub uri: Uri,
    pub path: Option<PathBuf>,
    pub kind: FileKind,
    pub rope: Rope,
    pub version: i32,
    /// For Compose files: the YAML tree of the last parse with every edit since applied,
    /// so the next parse is incremental.
    pub tree: Option<shipshape_rules::syntax::yaml::Tree>,
    /// The newest version, shared with running analyses so they can stop early.
    pub latest: Arc<std::sync::atomic::AtomicI32>,
    /// An analysis task is running for this document.
    pub analysing: bool,
    /// Edits arrived while it ran: analyse again when it ends (coalescing).
    pub dirty: bool,
    /// The findings of the last analysis and the version they belong to.
    pub diagnostics: Arc<Vec<Diagnostic>>,
    pub analysed_version: Option<i32>,
    /// The same findings as the client sees them (positions of that version's text, registry
    /// notes), with their `resultId`: what a pull request answers.
    pub published: Arc<Vec<tower_lsp_server::ls_types::Diagnostic>>,
    pub result_id: u64,
    /// The version and `resultId` the client last pulled, if any.
    pub pulled: Option<(i32, u64)>,
    /// Tells waiting pull requests which version the last analysis was of.
    pub analysed: tokio::sync::watch::Sender<Option<i32>>,
    /// The registry this document may ask (only when registry access is on), and the
    /// references it can pin, as of the last analysis.
    pub registry: Option<Arc<Registry>>,
    pub pins: Arc<Vec<PinTarget>>,
    /// The parse of a recent version, shared by requests (see `parsed`).
    pub parsed: Option<Arc<super::parsed::Parsed>>,
    /// A ShellCheck run for this document's unseen scripts is in flight.
    pub shellcheck_running: bool,
}

/// A document's registry and, when current, its pinnable references.
pub type PinView = (Arc<Registry>, Option<Arc<Vec<PinTarget>>>);

impl Document {
    /// The registry this document may ask, with its pinnable references when they are
    /// those of the current text (`None`: re-derive them from the text).
    pub fn pin_view(&self) -> Option<PinView> {
        let fresh = self.analysed_version == Some(self.version);
        self.registry.clone().map(|r| (r, fresh.then(|| self.pins.clone())))
    }
}

/// Settings sent by the editor (`initializationOptions`, `workspace/configuration`).
#[derive(Debug, Clone, Default)]
pub struct ClientSettings {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub strict: Option<bool>,
    pub severity: HashMap<String, Option<Severity>>,
    /// `registry.online`: may documents without a project setting ask registries?
    pub registry_online: Option<bool>,
}

impl ClientSettings {
    /// Reads `{select, ignore, preset, severity}`, also when nested
    /// under a `shipshape` key. Unknown or malformed entries are ignored.
    pub fn from_json(v: &Value) -> ClientSettings {
        let v = v.get("shipshape").unwrap_or(v);
        let strings = |v: Option<&Value>| -> Option<Vec<String>> {
            Some(v?.as_array()?.iter().filter_map(|x| x.as_str().map(str::to_string)).collect())
        };
        let mut s = ClientSettings {
            select: strings(v.get("select")).filter(|l| !l.is_empty()),
            ignore: strings(v.get("ignore")).unwrap_or_default(),
            strict: v.get("preset").and_then(Value::as_str).map(|p| p == "strict"),
            registry_online: v.get("registry").and_then(|r| r.get("online")).and_then(Value::as_bool),
            ..Default::default()
        };
        if let Some(map) = v.get("severity").and_then(Value::as_object) {
            for (k, level) in map {
                if let Some(l) = level.as_str() {
                    s.severity.insert(k.clone(), if l == "off" { None } else { Severity::parse(l) });
                }
            }
        }
        s
    }
}

pub struct State {
    pub docs: HashMap<Uri, Document>,
    pub encoding: Encoding,
    pub client_settings: ClientSettings,
    pub markdown: bool,
    pub resource_create: bool,
    /// The workspace folders: fixes that write other files (a new `.dockerignore`) write
    /// only inside them, as `fix` writes only inside the paths it is given.
    pub workspace_roots: Vec<std::path::PathBuf>,
    /// The client resolves a code action's `edit` lazily (`codeAction/resolve`).
    pub resolve_edit: bool,
    /// The client answers `workspace/configuration`.
    pub config_pull: bool,
    /// The client pulls diagnostics (`textDocument/diagnostic`): the server then never
    /// pushes them, or the client would show each finding twice (one model per client).
    pub pull_diagnostics: bool,
    /// The client takes `workspace/diagnostic/refresh` (re-pull after a background change).
    pub diagnostic_refresh: bool,
    /// Numbers each analysis result, for the pull model's `resultId`.
    pub next_result_id: u64,
    pub shared: Arc<Shared>,
}

/// Caches used from blocking analysis threads (each behind its own lock, so disk reads
/// never happen while the document state is locked).
#[derive(Default)]
pub struct Shared {
    /// Projects by their Compose file set; cleared when any input changes.
    projects: Mutex<HashMap<Vec<PathBuf>, Arc<Project>>>,
    /// `.shipshape.toml` contents by path (None: unreadable), cleared on change.
    configs: Mutex<HashMap<PathBuf, Option<Config>>>,
    pub scans: ScanCache,
    /// Parsed Compose files, reused while their text is unchanged.
    pub parses: ParseCache,
    /// One registry client per registry setting (mirrors, timeout), so answers are shared.
    registries: Mutex<HashMap<RegistrySettings, Arc<Registry>>>,
    /// Docker's client config, read once, on first use.
    creds: OnceLock<Arc<Credentials>>,
    /// Bumped by every invalidation. An analysis that took its inputs before the latest
    /// bump must not put its project in the cache: it may have been built from a buffer
    /// that has changed since (it would then serve stale results to the next analysis).
    generation: std::sync::atomic::AtomicU64,
}

/// What an analysis needs from the document state, taken under the lock.
#[derive(Clone)]
pub struct Inputs {
    pub client: ClientSettings,
    /// Open documents' text by path: unsaved buffers win over the disk.
    pub buffers: HashMap<PathBuf, String>,
    pub open_compose: Vec<PathBuf>,
    /// `Shared::generation` when these inputs were taken.
    pub generation: u64,
}

impl State {
    pub fn new() -> Self {
        State {
            docs: HashMap::new(),
            encoding: Encoding::Utf16,
            client_settings: ClientSettings::default(),
            markdown: true,
            resource_create: false,
            workspace_roots: Vec::new(),
            resolve_edit: false,
            config_pull: false,
            pull_diagnostics: false,
            diagnostic_refresh: false,
            next_result_id: 0,
            shared: Arc::new(Shared::default()),
        }
    }

    pub fn inputs(&self) -> Inputs {
        Inputs {
            client: self.client_settings.clone(),
            buffers: self
                .docs
                .values()
                .filter_map(|d| Some((normalize(d.path.as_ref()?), d.rope.to_string())))
                .collect(),
            open_compose: self
                .docs
                .values()
                .filter(|d| d.kind == FileKind::Compose)
                .filter_map(|d| d.path.as_ref().map(|p| normalize(p)))
                .collect(),
            generation: self.shared.generation.load(std::sync::atomic::Ordering::SeqCst),
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl Shared {
    /// The rule settings for a document: the nearest `.shipshape.toml`, then the editor's.
    pub fn settings_for(&self, path: Option<&Path>, client: &ClientSettings) -> Settings {
        let mut settings = self.config_for(path).map(|c| c.settings()).unwrap_or_default();
        if let Some(sel) = &client.select {
            settings.select = Some(sel.clone());
        }
        settings.ignore.extend(client.ignore.iter().cloned());
        if let Some(strict) = client.strict {
            settings.strict = strict;
        }
        for (id, level) in &client.severity {
            match level {
                Some(l) => {
                    settings.severity.insert(id.clone(), *l);
                }
                None => settings.ignore.push(id.clone()),
            }
        }
        settings.options.today = Some(crate::clock::today());
        // What the registry has said of images' platforms (registry access on), and the
        // platform a build here targets by default.
        if let Some(r) = self.registry_for(path, client) {
            settings.options.image_platforms = r.known_platforms();
        }
        settings.options.native_platform = Some(crate::registry::native_platform());
        settings
    }

    /// The nearest `.shipshape.toml` above a document (read through the cache).
    pub fn config_for(&self, path: Option<&Path>) -> Option<Config> {
        let p = path
            .and_then(|p| p.parent())
            .and_then(|d| Config::find(&OsFs, d))
            .or_else(crate::check::user_hadolint_config)?;
        let cached = lock(&self.configs).get(&p).cloned();
        match cached {
            Some(c) => c,
            None => {
                let c = OsFs.read_to_string(&p).ok().map(|t| Config::parse_file(&p, &t).0);
                lock(&self.configs).insert(p, c.clone());
                c
            }
        }
    }

    /// The registry a document may ask, or `None` when registry access is off for it.
    /// Reads config files: call from a blocking thread.
    pub fn registry_for(&self, path: Option<&Path>, client: &ClientSettings) -> Option<Arc<Registry>> {
        let settings = RegistrySettings::from_config(self.config_for(path).as_ref(), client.registry_online);
        if !settings.online {
            return None;
        }
        let creds = self.creds.get_or_init(|| Arc::new(Credentials::load())).clone();
        Some(lock(&self.registries).entry(settings.clone()).or_insert_with(|| Registry::new(&settings, creds)).clone())
    }

    /// The project around a file: the nearest Compose files plus open Compose documents
    /// in the same tree, with unsaved buffers applied.
    pub fn project_for(&self, path: &Path, inputs: &Inputs) -> Option<Arc<Project>> {
        let path = normalize(path);
        let mut files: Vec<PathBuf> = compose_files_near(&OsFs, &path).into_iter().map(|p| normalize(&p)).collect();
        let root = files.first().and_then(|f| f.parent()).map(Path::to_path_buf);
        for p in &inputs.open_compose {
            let in_tree =
                root.as_ref().is_some_and(|r| p.starts_with(r)) || p.parent().is_some_and(|d| path.starts_with(d));
            if in_tree && !files.contains(p) {
                files.push(p.clone());
            }
        }
        if files.is_empty() {
            return None;
        }
        files.sort();
        if let Some(p) = lock(&self.projects).get(&files) {
            return Some(p.clone());
        }
        let env = |name: &str| std::env::var(name).ok();
        let project = Arc::new(Project::from_compose_files(&OsFs, &files, &env, &inputs.buffers, &self.parses));
        let mut cache = lock(&self.projects);
        if self.generation.load(std::sync::atomic::Ordering::SeqCst) == inputs.generation {
            cache.insert(files, project.clone());
        }
        Some(project)
    }

    /// A Dockerfile's text changed: only projects that build it must be rebuilt.
    pub fn dockerfile_changed(&self, path: &Path) {
        self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let path = normalize(path);
        lock(&self.projects).retain(|_, p| !p.dockerfiles.contains_key(&path));
    }

    /// Something that projects or configs depend on changed (`None`: anything).
    pub fn invalidate(&self, path: Option<&Path>) {
        self.generation.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        lock(&self.projects).clear();
        match path {
            Some(p) => {
                lock(&self.configs).remove(p);
                self.scans.invalidate(p);
            }
            None => {
                lock(&self.configs).clear();
                self.scans.clear();
            }
        }
    }
}

/// The kind of a document from its language id or, failing that, its file name.
pub fn kind_of(language_id: &str, path: Option<&Path>) -> Option<FileKind> {
    match language_id {
        "dockerfile" | "containerfile" => return Some(FileKind::Dockerfile),
        "dockercompose" | "docker-compose" | "yaml.docker-compose" => return Some(FileKind::Compose),
        _ => {}
    }
    FileKind::detect(path?)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An analysis whose inputs predate an invalidation must not cache the project it
    /// built from them: the next analysis would get the old buffer's project.
    #[test]
    fn projects_built_from_stale_inputs_are_not_cached() {
        let dir = tempfile::tempdir().unwrap();
        let compose = dir.path().join("compose.yaml");
        std::fs::write(&compose, "services:\n  a:\n    build: .\n").unwrap();
        let df = dir.path().join("Dockerfile");
        let shared = Shared::default();
        let inputs = |generation| Inputs {
            client: ClientSettings::default(),
            buffers: HashMap::new(),
            open_compose: Vec::new(),
            generation,
        };
        let old = inputs(shared.generation.load(std::sync::atomic::Ordering::SeqCst));
        shared.invalidate(Some(&compose));
        let stale = shared.project_for(&df, &old).unwrap();
        let fresh_inputs = inputs(shared.generation.load(std::sync::atomic::Ordering::SeqCst));
        let fresh = shared.project_for(&df, &fresh_inputs).unwrap();
        assert!(!Arc::ptr_eq(&stale, &fresh), "the stale project was cached");
        // Current inputs are cached as before.
        assert!(Arc::ptr_eq(&fresh, &shared.project_for(&df, &fresh_inputs).unwrap()));
    }
}
