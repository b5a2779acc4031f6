//! `shipshape lsp`: the language server (LSP 3.17 over stdio, or TCP with `--port`).
//!
//! Document state changes synchronously at the start of each notification (before any
//! `.await`), because the transport runs up to four handlers concurrently. Analyses run
//! on blocking threads on a snapshot, start at once (no debounce timer), and coalesce:
//! while one runs, further edits only mark the document dirty and the latest text is
//! analysed when it ends. A result for an older version is never published.

mod actions;
mod compose_keys;
mod convert;
mod hover;
mod navigate;
mod pinning;
mod position;
mod reference;
mod state;
mod transport;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use shipshape_rules::analysis::fix::allowed;
use shipshape_rules::diagnostic::Diagnostic;
use shipshape_rules::fs::FileSystem;
use shipshape_rules::model::project::{normalize, ProjectView};
use shipshape_rules::refactor;
use shipshape_rules::syntax::yaml::{InputEdit, Point, Tree};
use shipshape_rules::syntax::{compose, dotenv};
use shipshape_rules::{check_in_project, fix_in_project, FileKind, Settings};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use crate::osfs::OsFs;
use crate::registry::Registry;
use position::Encoding;
use shipshape_rules::model::pinning::{self as pinning_core, PinTarget};
use state::{kind_of, ClientSettings, Document, Inputs, Shared, State};

const FIX_ALL_KIND: &str = "source.fixAll.shipshape";
/// The finding whose fix is the multi-stage conversion (offered as `refactor.rewrite`).
const MULTISTAGE_RULE: &str = "single-stage-build";

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f`, turning a panic into an internal-error response (the server keeps running).
fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        tracing::error!("internal error while handling {what}");
        Error::internal_error()
    })
}

/// Everything an analysis needs, taken from the state under the lock.
struct Snapshot {
    version: i32,
    tree: Option<Tree>,
    latest: Arc<std::sync::atomic::AtomicI32>,
    kind: FileKind,
    path: Option<PathBuf>,
    text: String,
    inputs: Inputs,
    shared: Arc<Shared>,
}

impl Snapshot {
    fn take(st: &State, uri: &Uri) -> Option<Snapshot> {
        let d = st.docs.get(uri)?;
        Some(Snapshot {
            version: d.version,
            tree: d.tree.clone(),
            latest: d.latest.clone(),
            kind: d.kind,
            path: d.path.clone(),
            text: d.rope.to_string(),
            inputs: st.inputs(),
            shared: st.shared.clone(),
        })
    }

    fn dotenv(&self) -> Vec<(String, String)> {
        let Some(dir) = self.path.as_deref().and_then(Path::parent) else { return Vec::new() };
        OsFs.read_to_string(&dir.join(".env")).map(|t| dotenv::parse(&t)).unwrap_or_default()
    }

    /// Re-parses a Compose buffer incrementally from the document's tree and shares the
    /// parse with the project cache. Returns the tree for the next edit.
    fn reparse(&self) -> Option<Tree> {
        if self.kind != FileKind::Compose {
            return None;
        }
        let path = self.path.as_deref()?;
        let (file, tree) = compose::parse_incremental(&self.text, self.tree.as_ref());
        self.shared.parses.insert(&normalize(path), Arc::new(file));
        tree
    }

    /// Runs `f` with what an analysis of this snapshot needs: settings, the project view,
    /// the interpolation lookup (environment, then `.env`) and the normalised path.
    fn with_inputs<T>(
        &self,
        settings: Settings,
        f: impl FnOnce(&Settings, Option<&ProjectView>, &dyn Fn(&str) -> Option<String>, Option<&Path>) -> T,
    ) -> T {
        let project = self.path.as_deref().and_then(|p| self.shared.project_for(p, &self.inputs));
        let view = project.as_deref().map(|p| ProjectView { project: p, fs: &OsFs, scans: &self.shared.scans });
        let dotenv = self.dotenv();
        let env = |name: &str| {
            std::env::var(name).ok().or_else(|| dotenv.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
        };
        let path = self.path.as_deref().map(normalize);
        f(&settings, view.as_ref(), &env, path.as_deref())
    }

    /// Runs the checks (on a blocking thread). A `cancellable` analysis stops early when a
    /// newer edit arrives (its partial result is then dropped, never published).
    fn analyse(&self, cancellable: bool) -> Vec<Diagnostic> {
        let mut settings = self.shared.settings_for(self.path.as_deref(), &self.inputs.client);
        if cancellable {
            settings.cancel =
                Some(shipshape_rules::analysis::Cancel { latest: self.latest.clone(), version: self.version });
        }
        self.with_inputs(settings, |settings, view, env, path| {
            check_in_project(self.kind, path, &self.text, env, settings, view)
        })
    }

    /// The registry this document may ask (registry access on) and its pinnable references.
    fn pins(&self) -> (Option<Arc<Registry>>, Vec<PinTarget>) {
        let Some(registry) = self.shared.registry_for(self.path.as_deref(), &self.inputs.client) else {
            return (None, Vec::new());
        };
        let targets = match (self.kind, self.path.as_deref()) {
            // The analysis just parsed this text: reuse that parse.
            (FileKind::Compose, Some(p)) => pinning_core::compose_targets(&self.shared.parses.compose(p, &self.text)),
            _ => crate::pin::targets(self.kind, &self.text),
        };
        (Some(registry), targets)
    }

    /// The multi-stage conversion of this Dockerfile, if it can be converted.
    fn multistage(&self) -> Option<shipshape_rules::Fix> {
        let settings = self.shared.settings_for(self.path.as_deref(), &self.inputs.client);
        self.with_inputs(settings, |_, view, _, path| refactor::convert_text_to_multistage(path, &self.text, view))
    }

    /// The text after all safe fixes.
    fn fixed(&self) -> String {
        let settings = self.shared.settings_for(self.path.as_deref(), &self.inputs.client);
        self.with_inputs(settings, |settings, view, env, path| {
            fix_in_project(self.kind, path, &self.text, env, settings, false, view).text
        })
    }
}

impl Backend {
    pub fn new(client: Client) -> Self {
        Backend { client, state: Arc::new(Mutex::new(State::new())) }
    }

    /// Starts an analysis of `uri` now, or marks it dirty if one is running.
    fn schedule(&self, uri: Uri) {
        if mark(&mut lock(&self.state), &uri) {
            self.spawn_analysis(uri);
        }
    }

    /// Starts `uri` and the documents that depend on it, marked under the lock that
    /// changed them (see [`mark`]).
    fn start(&self, uris: Vec<Uri>) {
        for u in uris {
            self.spawn_analysis(u);
        }
    }

    /// The analysis task of a document: analyses, publishes, and loops while it is dirty.
    fn spawn_analysis(&self, uri: Uri) {
        let state = self.state.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            loop {
                // The snapshot has every request made so far: only later ones re-run.
                let snap = {
                    let mut st = lock(&state);
                    let snap = Snapshot::take(&st, &uri);
                    if let Some(doc) = st.docs.get_mut(&uri) {
                        doc.dirty = false;
                    }
                    snap
                };
                let Some(snap) = snap else { return };
                let version = snap.version;
                let result = tokio::task::spawn_blocking(move || {
                    let diags = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        let tree = snap.reparse();
                        (tree, snap.analyse(true), snap.pins())
                    }));
                    (snap, diags)
                })
                .await;
                let publish = {
                    let mut guard = lock(&state);
                    let st = &mut *guard;
                    let enc = st.encoding;
                    let (pull, refresh) = (st.pull_diagnostics, st.diagnostic_refresh);
                    let Some(doc) = st.docs.get_mut(&uri) else { return };
                    let rerun = doc.dirty || doc.version != version;
                    doc.dirty = false;
                    let mut out = None;
                    let mut fetch = None;
                    let mut ask_refresh = false;
                    match result {
                        Ok((snap, Ok((tree, diags, (registry, pins))))) if doc.version == version => {
                            // The new tree is valid for this version only; when newer edits
                            // arrived they were applied to the older tree, which stays usable.
                            if tree.is_some() {
                                doc.tree = tree;
                            }
                            let text_of = |p: &Path| related_text(p, &snap.inputs);
                            let mut lsp: Vec<_> =
                                diags.iter().map(|d| convert::diagnostic(&doc.rope, enc, &uri, d, &text_of)).collect();
                            // Registry facts on image findings, once a lookup has answered.
                            if let Some(r) = &registry {
                                for (d, l) in diags.iter().zip(lsp.iter_mut()) {
                                    let Some(t) = pinning::target_of(&pins, d) else { continue };
                                    if let Some(Ok(info)) = r.peek(&t.image) {
                                        l.message += &pinning::note(&info);
                                    }
                                }
                                fetch = pinning::prefetch(r, &pins);
                            }
                            doc.diagnostics = Arc::new(diags);
                            doc.analysed_version = Some(version);
                            doc.registry = registry;
                            doc.pins = Arc::new(pins);
                            if *doc.published != lsp || doc.result_id == 0 {
                                st.next_result_id += 1;
                                doc.result_id = st.next_result_id;
                                // The client holds an older answer for this text (a Compose
                                // edit changed a Dockerfile's findings, a registry answered):
                                // ask it to pull again.
                                // (After its own edit it pulls by itself.)
                                ask_refresh = pull && refresh && doc.pulled.is_some_and(|(v, _)| v == version);
                            }
                            doc.published = Arc::new(lsp.clone());
                            doc.analysed.send_replace(Some(version));
                            out = (!pull).then_some(lsp);
                        }
                        Ok((_, Err(_))) => tracing::error!("analysis of {} panicked", uri.as_str()),
                        Err(e) => tracing::error!("analysis task failed: {e}"),
                        _ => {}
                    }
                    if !rerun {
                        doc.analysing = false;
                        // A failed analysis still answers waiting pulls (with the last findings).
                        if doc.analysed_version != Some(doc.version) {
                            doc.analysed.send_replace(Some(doc.version));
                        }
                    }
                    (out, rerun, fetch, ask_refresh)
                };
                if let Some(diags) = publish.0 {
                    client.publish_diagnostics(uri.clone(), diags, Some(version)).await;
                }
                if publish.3 {
                    let client = client.clone();
                    tokio::spawn(async move {
                        if let Err(e) = client.workspace_diagnostic_refresh().await {
                            tracing::debug!("workspace/diagnostic/refresh: {e}");
                        }
                    });
                }
                // When background registry lookups land, publish again with what they say.
                if let Some(set) = publish.2 {
                    Backend { client: client.clone(), state: state.clone() }.republish_after(set, uri.clone());
                }
                if !publish.1 {
                    return;
                }
            }
        });
    }

    /// Re-analyses every open document (after config or project changes).
    fn schedule_all(&self) {
        let uris: Vec<Uri> = lock(&self.state).docs.keys().cloned().collect();
        for u in uris {
            self.schedule(u);
        }
    }

    /// Re-analyses the open documents that a change to `uri` can affect.
    fn schedule_dependents(&self, uri: &Uri, kind: FileKind) {
        let start = {
            let mut st = lock(&self.state);
            let deps = dependents(&st, uri, kind);
            deps.into_iter().filter(|u| mark(&mut st, u)).collect()
        };
        self.start(start);
    }

    async fn pull_configuration(&self) {
        if !lock(&self.state).config_pull {
            return;
        }
        let item = ConfigurationItem { scope_uri: None, section: Some("shipshape".into()) };
        if let Ok(values) = self.client.configuration(vec![item]).await {
            if let Some(v) = values.first().filter(|v| !v.is_null()) {
                lock(&self.state).client_settings = ClientSettings::from_json(v);
            }
        }
    }
}

impl Backend {
    /// Re-analyses `uri` when background registry lookups have landed.
    fn republish_after(&self, mut set: tokio::task::JoinSet<()>, uri: Uri) {
        let backend = Backend { client: self.client.clone(), state: self.state.clone() };
        tokio::spawn(async move {
            while set.join_next().await.is_some() {}
            backend.schedule(uri);
        });
    }

    /// A copy of an open document's text and kind, with the session's encoding.
    fn view(&self, uri: &Uri) -> Option<(Rope, FileKind, Encoding)> {
        let st = lock(&self.state);
        st.docs.get(uri).map(|d| (d.rope.clone(), d.kind, st.encoding))
    }
}

/// Marks `uri` for analysis: true when a task must be started for it, false when one is
/// running (it will run once more: `dirty`) or the document is not open. Call under the
/// lock that changed the document, so the request and the change are one step.
fn mark(st: &mut State, uri: &Uri) -> bool {
    let Some(doc) = st.docs.get_mut(uri) else { return false };
    if doc.analysing {
        doc.dirty = true;
        false
    } else {
        doc.analysing = true;
        true
    }
}

/// The open documents a change to `uri` can affect: the other kind (Compose ↔
/// Dockerfile) shares projects.
fn dependents(st: &State, uri: &Uri, kind: FileKind) -> Vec<Uri> {
    st.docs.values().filter(|d| d.kind != kind && d.uri != *uri).map(|d| d.uri.clone()).collect()
}

/// Marks `uri` and its dependents; returns those whose task must be started.
fn mark_with_dependents(st: &mut State, uri: &Uri, kind: FileKind) -> Vec<Uri> {
    let mut out = Vec::new();
    for u in std::iter::once(uri.clone()).chain(dependents(st, uri, kind)) {
        if mark(st, &u) {
            out.push(u);
        }
    }
    out
}

/// The byte offset of a request's position; an error response when it is outside the text.
fn offset_of(rope: &Rope, enc: Encoding, pos: Position) -> Result<usize> {
    position::offset(rope, enc, pos).ok_or_else(|| Error::invalid_params("position is outside the document"))
}

/// The text of another file for range conversion: an open buffer, else the disk.
fn related_text(p: &Path, inputs: &Inputs) -> Option<Rope> {
    let p = normalize(p);
    inputs
        .buffers
        .get(&p)
        .map(|t| Rope::from_str(t))
        .or_else(|| OsFs.read_to_string(&p).ok().map(|t| Rope::from_str(&t)))
}

fn markup(markdown: bool, text: String) -> MarkupContent {
    MarkupContent { kind: if markdown { MarkupKind::Markdown } else { MarkupKind::PlainText }, value: text }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let caps = &params.capabilities;
        let utf8 = caps
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        {
            let mut st = lock(&self.state);
            st.encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
            st.markdown = caps
                .text_document
                .as_ref()
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_none_or(|f| f.contains(&MarkupKind::Markdown));
            st.resource_create = caps.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref()).is_some_and(|we| {
                we.document_changes == Some(true)
                    && we.resource_operations.as_ref().is_some_and(|r| r.contains(&ResourceOperationKind::Create))
            });
            st.config_pull = caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
            st.pull_diagnostics = caps.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
            st.diagnostic_refresh = caps
                .workspace
                .as_ref()
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false);
            #[allow(deprecated)] // `root_uri`: what clients without workspace folders send.
            let folders: Vec<Uri> = match (&params.workspace_folders, &params.root_uri) {
                (Some(f), _) if !f.is_empty() => f.iter().map(|f| f.uri.clone()).collect(),
                (_, Some(root)) => vec![root.clone()],
                _ => Vec::new(),
            };
            st.workspace_roots = folders
                .iter()
                .filter_map(|u| u.to_file_path().map(|p| p.into_owned()))
                .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
                .collect();
            st.resolve_edit = caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit"));
            if let Some(opts) = &params.initialization_options {
                st.client_settings = ClientSettings::from_json(opts);
            }
        }
        let encoding = if utf8 { PositionEncodingKind::UTF8 } else { PositionEncodingKind::UTF16 };
        // Pull for clients that pull, push for the others; never both.
        let pull = lock(&self.state).pull_diagnostics;
        Ok(InitializeResult {
            server_info: Some(ServerInfo { name: "shipshape".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
            capabilities: ServerCapabilities {
                position_encoding: Some(encoding),
                text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    ..Default::default()
                })),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                    code_action_kinds: Some(vec![
                        CodeActionKind::QUICKFIX,
                        CodeActionKind::REFACTOR_REWRITE,
                        CodeActionKind::from(FIX_ALL_KIND),
                    ]),
                    resolve_provider: Some(true),
                    ..Default::default()
                })),
                diagnostic_provider: pull.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some("shipshape".into()),
                        inter_file_dependencies: true,
                        workspace_diagnostics: false,
                        ..Default::default()
                    })
                }),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["-".into(), "=".into(), "$".into(), "{".into(), " ".into()]),
                    ..Default::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                ..Default::default()
            },
            ..Default::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        // Watch the files that change analysis results without being open.
        let globs = [
            "**/.dockerignore",
            "**/*.dockerignore",
            "**/.env",
            "**/.shipshape.toml",
            "**/*compose*.y*ml",
            "**/*Dockerfile*",
            "**/Containerfile",
        ];
        let watchers = globs
            .iter()
            .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String((*g).to_string()), kind: None })
            .collect();
        let reg = Registration {
            id: "shipshape-watched-files".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
        };
        if let Err(e) = self.client.register_capability(vec![reg]).await {
            tracing::debug!("client did not take the file watcher registration: {e}");
        }
        self.pull_configuration().await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let path = td.uri.to_file_path().map(|p| p.into_owned());
        let Some(kind) = kind_of(&td.language_id, path.as_deref()) else { return };
        let start = {
            let mut st = lock(&self.state);
            st.docs.insert(
                td.uri.clone(),
                Document {
                    uri: td.uri.clone(),
                    path: path.clone(),
                    kind,
                    rope: Rope::from_str(&td.text),
                    version: td.version,
                    tree: None,
                    latest: Arc::new(std::sync::atomic::AtomicI32::new(td.version)),
                    analysing: false,
                    dirty: false,
                    diagnostics: Arc::new(Vec::new()),
                    analysed_version: None,
                    published: Arc::new(Vec::new()),
                    result_id: 0,
                    pulled: None,
                    analysed: tokio::sync::watch::Sender::new(None),
                    registry: None,
                    pins: Arc::new(Vec::new()),
                },
            );
            st.shared.invalidate(path.as_deref());
            mark_with_dependents(&mut st, &td.uri, kind)
        };
        self.start(start);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let start = {
            let mut st = lock(&self.state);
            let enc = st.encoding;
            let Some(doc) = st.docs.get_mut(&uri) else { return };
            for change in params.content_changes {
                match change.range {
                    None => {
                        doc.rope = Rope::from_str(&change.text);
                        doc.tree = None;
                    }
                    Some(r) => {
                        let (Some(start), Some(end)) =
                            (position::offset(&doc.rope, enc, r.start), position::offset(&doc.rope, enc, r.end))
                        else {
                            tracing::warn!(
                                "edit outside {} (line {}); the document may be out of sync",
                                uri.as_str(),
                                r.end.line
                            );
                            doc.tree = None;
                            continue;
                        };
                        let (start, end) = (start.min(end), start.max(end));
                        let point = |rope: &Rope, off: usize| {
                            let (row, column) = position::tree_sitter_point(rope, off);
                            Point { row, column }
                        };
                        let (start_position, old_end_position) = (point(&doc.rope, start), point(&doc.rope, end));
                        let (cs, ce) = (doc.rope.byte_to_char(start), doc.rope.byte_to_char(end));
                        doc.rope.remove(cs..ce);
                        doc.rope.insert(cs, &change.text);
                        // Keep the Compose tree in step with the text for the next incremental parse.
                        let new_end = start + change.text.len();
                        if let Some(tree) = &mut doc.tree {
                            tree.edit(&InputEdit {
                                start_byte: start,
                                old_end_byte: end,
                                new_end_byte: new_end,
                                start_position,
                                old_end_position,
                                new_end_position: point(&doc.rope, new_end),
                            });
                        }
                    }
                }
            }
            doc.version = params.text_document.version;
            doc.latest.store(doc.version, std::sync::atomic::Ordering::Relaxed);
            let (kind, path) = (doc.kind, doc.path.clone());
            match (kind, path.as_deref()) {
                (FileKind::Dockerfile, Some(p)) => st.shared.dockerfile_changed(p),
                _ => st.shared.invalidate(path.as_deref()),
            }
            // Marked under the lock that applied the edit: an analysis cannot take this
            // text and then be told to run again for it.
            mark_with_dependents(&mut st, &uri, kind)
        };
        self.start(start);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let path = params.text_document.uri.to_file_path().map(|p| p.into_owned());
        lock(&self.state).shared.invalidate(path.as_deref());
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let kind = {
            let mut st = lock(&self.state);
            let doc = st.docs.remove(&uri);
            st.shared.invalidate(doc.as_ref().and_then(|d| d.path.as_deref()));
            doc.map(|d| d.kind)
        };
        if !lock(&self.state).pull_diagnostics {
            self.client.publish_diagnostics(uri.clone(), Vec::new(), None).await;
        }
        if let Some(kind) = kind {
            self.schedule_dependents(&uri, kind);
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        if !params.settings.is_null() && params.settings.as_object().is_some_and(|o| !o.is_empty()) {
            lock(&self.state).client_settings = ClientSettings::from_json(&params.settings);
        } else {
            self.pull_configuration().await;
        }
        lock(&self.state).shared.invalidate(None);
        self.schedule_all();
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        {
            let st = lock(&self.state);
            for c in &params.changes {
                let path = c.uri.to_file_path().map(|p| p.into_owned());
                st.shared.invalidate(path.as_deref());
            }
        }
        self.schedule_all();
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = params.text_document_position_params.text_document.uri;
        let pos = params.text_document_position_params.position;
        let (rope, kind, enc, diags, markdown, registry) = {
            let st = lock(&self.state);
            let Some(doc) = st.docs.get(&uri) else { return Ok(None) };
            let registry = doc.pin_view();
            (doc.rope.clone(), doc.kind, st.encoding, doc.diagnostics.clone(), st.markdown, registry)
        };
        let offset = offset_of(&rope, enc, pos)?;
        let found = guard("hover", || {
            let text = rope.to_string();
            let mut found = hover::hover(kind, &text, offset, &diags);
            // On an image, what the registry says (or that it is being asked).
            if let Some((r, pins)) = &registry {
                let pins = pins.clone().unwrap_or_else(|| Arc::new(crate::pin::targets(kind, &text)));
                if let Some(t) = pinning::target_at(&pins, offset) {
                    let answer = r.peek(&t.image);
                    if answer.is_none() {
                        if let Some(set) = pinning::prefetch(r, std::slice::from_ref(t)) {
                            self.republish_after(set, uri.clone());
                        }
                    }
                    let (md, range) = found.take().unwrap_or_else(|| (String::new(), t.range.clone()));
                    found = Some((md + &pinning::hover(t, answer.as_ref()), range));
                }
            }
            found
        })?;
        Ok(found.map(|(md, range)| Hover {
            contents: HoverContents::Markup(markup(markdown, md.trim_start().to_string())),
            range: Some(position::range(&rope, enc, &range)),
        }))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let (snap, rope, enc, diags, can_create, registry, resolve_edit, roots) = {
            let st = lock(&self.state);
            let Some(snap) = Snapshot::take(&st, &uri) else { return Ok(None) };
            let doc = &st.docs[&uri];
            let registry = doc.pin_view();
            (
                snap,
                doc.rope.clone(),
                st.encoding,
                doc.diagnostics.clone(),
                st.resource_create,
                registry,
                st.resolve_edit,
                st.workspace_roots.clone(),
            )
        };
        // Without workspace folders, the document's own folder.
        let roots = if roots.is_empty() {
            uri.to_file_path().and_then(|p| p.parent().map(Path::to_path_buf)).into_iter().collect()
        } else {
            roots
        };
        let writable = |p: &Path| {
            let p = std::fs::canonicalize(p)
                .or_else(|_| p.parent().map_or(Err(std::io::ErrorKind::NotFound.into()), std::fs::canonicalize))
                .unwrap_or_else(|_| p.to_path_buf());
            roots.iter().any(|r| p.starts_with(r))
        };
        let doc_version = snap.version;
        let (Some(start), Some(end)) =
            (position::offset(&rope, enc, params.range.start), position::offset(&rope, enc, params.range.end))
        else {
            return Err(Error::invalid_params("range is outside the document"));
        };
        let only = params.context.only.clone();
        let wants =
            |k: &CodeActionKind| only.as_ref().is_none_or(|o| o.iter().any(|w| k.as_str().starts_with(w.as_str())));
        let kind = snap.kind;
        let text = snap.text.clone();
        let want_fix_all = wants(&CodeActionKind::from(FIX_ALL_KIND));
        // The multi-stage conversion is offered on its finding and on any FROM line.
        let on_finding =
            diags.iter().any(|d| d.rule == MULTISTAGE_RULE && d.range.start <= end && start <= d.range.end);
        let finding = diags.iter().find(|d| d.rule == MULTISTAGE_RULE).cloned();
        let want_multistage = kind == FileKind::Dockerfile && wants(&CodeActionKind::REFACTOR_REWRITE);
        let (fixed, multistage) = if want_fix_all || want_multistage {
            tokio::task::spawn_blocking(move || {
                std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let fixed = want_fix_all.then(|| snap.fixed());
                    let multistage = (want_multistage
                        && (on_finding || refactor::touches_from(&snap.text, start..end)))
                    .then(|| snap.multistage())
                    .flatten();
                    (fixed, multistage.map(|f| (f, finding)))
                }))
                .ok()
            })
            .await
            .ok()
            .flatten()
            .unwrap_or_default()
        } else {
            (None, None)
        };
        guard("codeAction", || {
            let text_of = |p: &Path| OsFs.read_to_string(&normalize(p)).ok().map(|t| Rope::from_str(&t));
            let mut out: Vec<CodeActionOrCommand> = Vec::new();
            let in_range: Vec<&Diagnostic> =
                diags.iter().filter(|d| d.range.start <= end && start <= d.range.end).collect();
            if wants(&CodeActionKind::QUICKFIX) {
                for d in &in_range {
                    let lsp_diag = convert::diagnostic(&rope, enc, &uri, d, &text_of);
                    // The conversion is a refactor, offered below with its own kind.
                    if let Some(fix) = d.fix.as_ref().filter(|_| d.rule != MULTISTAGE_RULE) {
                        if let Some(edit) =
                            convert::workspace_edit(&rope, enc, &uri, fix, can_create, &text_of, &writable)
                        {
                            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                                title: fix.title.clone(),
                                kind: Some(CodeActionKind::QUICKFIX),
                                diagnostics: Some(vec![lsp_diag.clone()]),
                                edit: Some(edit),
                                is_preferred: Some(allowed(fix.applicability, false)),
                                ..Default::default()
                            }));
                        }
                    }
                    if d.rule == "syntax-error" {
                        continue;
                    }
                    for (title, edit) in [
                        (format!("Ignore `{}` on this line", d.rule), actions::ignore_line_edit(kind, &text, d)),
                        (format!("Ignore `{}` in this file", d.rule), actions::ignore_file_edit(kind, &text, d.rule)),
                    ] {
                        let fix = shipshape_rules::Fix {
                            title: title.clone(),
                            applicability: shipshape_rules::Applicability::Manual,
                            edits: vec![edit],
                        };
                        if let Some(edit) =
                            convert::workspace_edit(&rope, enc, &uri, &fix, can_create, &text_of, &writable)
                        {
                            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                                title,
                                kind: Some(CodeActionKind::QUICKFIX),
                                diagnostics: Some(vec![lsp_diag.clone()]),
                                edit: Some(edit),
                                ..Default::default()
                            }));
                        }
                    }
                }
            }
            if let Some((fix, finding)) = multistage {
                if let Some(edit) = convert::workspace_edit(&rope, enc, &uri, &fix, can_create, &text_of, &writable) {
                    out.push(CodeActionOrCommand::CodeAction(CodeAction {
                        title: fix.title,
                        kind: Some(CodeActionKind::REFACTOR_REWRITE),
                        diagnostics: finding.map(|d| vec![convert::diagnostic(&rope, enc, &uri, &d, &text_of)]),
                        edit: Some(edit),
                        ..Default::default()
                    }));
                }
            }
            if let Some((r, pins)) = &registry {
                let pins = pins.clone().unwrap_or_else(|| Arc::new(crate::pin::targets(kind, &text)));
                let mut ask = Vec::new();
                for t in pinning::targets_in(&pins, start..end) {
                    // Bound to the image findings on this reference, else offered as a refactor.
                    let bound: Vec<tower_lsp_server::ls_types::Diagnostic> = in_range
                        .iter()
                        .filter(|d| pinning::target_of(&pins, d) == Some(t))
                        .map(|d| convert::diagnostic(&rope, enc, &uri, d, &text_of))
                        .collect();
                    let action_kind =
                        if bound.is_empty() { CodeActionKind::REFACTOR_REWRITE } else { CodeActionKind::QUICKFIX };
                    if !wants(&action_kind) {
                        continue;
                    }
                    let answer = r.peek(&t.image);
                    if answer.is_none() {
                        ask.push(t.clone());
                    }
                    let info = match &answer {
                        Some(Ok(i)) => Some(i.as_ref()),
                        _ => None,
                    };
                    for (title, mode) in pinning::offers(t, info) {
                        let data = pinning::PinData {
                            uri: uri.as_str().to_string(),
                            version: doc_version,
                            start: t.range.start,
                            end: t.range.end,
                            written: t.written.clone(),
                            mode: pinning::mode_name(mode).into(),
                        };
                        // With the answer at hand the edit is immediate; otherwise the
                        // client resolves it (the registry is asked then), if it can.
                        let edit = info.and_then(|i| pinning::replacement(&data, i).ok()).map(|new_text| {
                            let range = position::range(&rope, enc, &t.range);
                            WorkspaceEdit {
                                changes: Some(
                                    [(uri.clone(), vec![TextEdit { range, new_text }])].into_iter().collect(),
                                ),
                                ..Default::default()
                            }
                        });
                        if edit.is_none() && !resolve_edit {
                            continue;
                        }
                        out.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title,
                            kind: Some(action_kind.clone()),
                            diagnostics: (!bound.is_empty()).then(|| bound.clone()),
                            data: edit.is_none().then(|| serde_json::to_value(&data).unwrap_or_default()),
                            edit,
                            ..Default::default()
                        }));
                    }
                }
                // Clients that can't resolve get the edits on the next request.
                if let Some(set) = pinning::prefetch(r, &ask) {
                    self.republish_after(set, uri.clone());
                }
            }
            if let Some(fixed) = fixed {
                if let Some(fix) = actions::fix_all(&rope, &fixed) {
                    if let Some(edit) = convert::workspace_edit(&rope, enc, &uri, &fix, can_create, &text_of, &writable)
                    {
                        out.push(CodeActionOrCommand::CodeAction(CodeAction {
                            title: fix.title,
                            kind: Some(CodeActionKind::from(FIX_ALL_KIND)),
                            edit: Some(edit),
                            ..Default::default()
                        }));
                    }
                }
            }
            (!out.is_empty()).then_some(out)
        })
    }

    async fn code_action_resolve(&self, mut action: CodeAction) -> Result<CodeAction> {
        let Some(data) = action.data.clone().and_then(|d| serde_json::from_value::<pinning::PinData>(d).ok()) else {
            return Ok(action);
        };
        let failed = |m: String| Error { code: ErrorCode::ServerError(-32803), message: m.into(), data: None };
        let uri: Uri = data.uri.parse().map_err(|_| Error::invalid_params("invalid uri in the action's data"))?;
        let current = |st: &State| {
            st.docs.get(&uri).filter(|d| d.version == data.version).map(|d| (d.rope.clone(), d.registry.clone()))
        };
        let Some((_, registry)) = current(&lock(&self.state)) else { return Err(Error::content_modified()) };
        let registry = registry.ok_or_else(|| failed("registry access is off for this file".into()))?;
        let image = shipshape_rules::syntax::image_ref::ImageRef::parse(&data.written)
            .map_err(|_| Error::invalid_params("the action's data names no image"))?;
        // The user asked for this pin: here, and only here, the server waits on the network.
        let info = registry.lookup(&image).await.map_err(|e| failed(e.to_string()))?;
        let new_text = pinning::replacement(&data, &info).map_err(failed)?;
        let (rope, enc) = {
            let st = lock(&self.state);
            let Some((rope, _)) = current(&st) else { return Err(Error::content_modified()) };
            (rope, st.encoding)
        };
        let range = position::range(&rope, enc, &(data.start..data.end));
        action.edit = Some(WorkspaceEdit {
            changes: Some([(uri.clone(), vec![TextEdit { range, new_text }])].into_iter().collect()),
            ..Default::default()
        });
        action.data = None;
        // The findings can now say what the registry answered.
        self.schedule(uri);
        Ok(action)
    }

    /// Answers from the analysis of the current version: waits for it when it is still
    /// running (every open or edit starts one), never analyses again.
    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let (mut analysed, version) = {
            let st = lock(&self.state);
            let Some(doc) = st.docs.get(&uri) else {
                return Err(Error::invalid_params("document is not open"));
            };
            (doc.analysed.subscribe(), doc.version)
        };
        // Closed while waiting: the sender is gone.
        if analysed.wait_for(|v| v.is_some_and(|v| v >= version)).await.is_err() {
            return Err(Error::invalid_params("document was closed"));
        }
        let mut st = lock(&self.state);
        let Some(doc) = st.docs.get_mut(&uri) else {
            return Err(Error::invalid_params("document was closed"));
        };
        doc.pulled = Some((doc.analysed_version.unwrap_or(version), doc.result_id));
        let result_id = doc.result_id.to_string();
        if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
            return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
                RelatedUnchangedDocumentDiagnosticReport {
                    related_documents: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
                },
            )));
        }
        Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(
            RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items: doc.published.to_vec(),
                },
            },
        )))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let uri = params.text_document_position.text_document.uri;
        let Some((rope, kind, enc)) = self.view(&uri) else { return Ok(None) };
        let offset = offset_of(&rope, enc, params.text_document_position.position)?;
        guard("completion", || {
            let items: Vec<CompletionItem> = navigate::complete(kind, &rope.to_string(), offset)
                .into_iter()
                .map(|c| CompletionItem {
                    label: c.label,
                    detail: c.detail,
                    kind: Some(if c.keyword { CompletionItemKind::KEYWORD } else { CompletionItemKind::VALUE }),
                    ..Default::default()
                })
                .collect();
            (!items.is_empty()).then_some(CompletionResponse::Array(items))
        })
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        let Some((rope, kind, enc)) = self.view(&params.text_document.uri) else { return Ok(None) };
        guard("documentSymbol", || {
            #[allow(deprecated)]
            let syms = navigate::symbols(kind, &rope.to_string())
                .into_iter()
                .map(|s| DocumentSymbol {
                    name: s.name,
                    detail: Some(s.detail),
                    kind: if kind == FileKind::Dockerfile { SymbolKind::CLASS } else { SymbolKind::OBJECT },
                    tags: None,
                    deprecated: None,
                    range: position::range(&rope, enc, &s.range),
                    selection_range: position::range(&rope, enc, &s.selection),
                    children: None,
                })
                .collect();
            Some(DocumentSymbolResponse::Nested(syms))
        })
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        let uri = params.text_document_position_params.text_document.uri;
        let Some((rope, kind, enc)) = self.view(&uri) else { return Ok(None) };
        let offset = offset_of(&rope, enc, params.text_document_position_params.position)?;
        guard("definition", || {
            navigate::resolve(kind, &rope.to_string(), offset).map(|r| {
                GotoDefinitionResponse::Scalar(Location {
                    uri: uri.clone(),
                    range: position::range(&rope, enc, &r.definition),
                })
            })
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let uri = params.text_document_position.text_document.uri;
        let Some((rope, kind, enc)) = self.view(&uri) else { return Ok(None) };
        let offset = offset_of(&rope, enc, params.text_document_position.position)?;
        let include_decl = params.context.include_declaration;
        guard("references", || {
            navigate::resolve(kind, &rope.to_string(), offset).map(|r| {
                let mut ranges = r.references;
                if include_decl {
                    ranges.insert(0, r.definition);
                }
                ranges
                    .into_iter()
                    .map(|rg| Location { uri: uri.clone(), range: position::range(&rope, enc, &rg) })
                    .collect()
            })
        })
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let uri = params.text_document.uri;
        let (rope, kind, enc, path) = {
            let st = lock(&self.state);
            let Some(doc) = st.docs.get(&uri) else { return Ok(None) };
            (doc.rope.clone(), doc.kind, st.encoding, doc.path.clone())
        };
        let Some(path) = path.filter(|_| kind == FileKind::Compose) else { return Ok(None) };
        guard("documentLink", || {
            let links = navigate::links(&rope.to_string(), &path)
                .into_iter()
                .filter_map(|(r, target)| {
                    Some(DocumentLink {
                        range: position::range(&rope, enc, &r),
                        target: Some(Uri::from_file_path(convert::absolute(&normalize(&target)))?),
                        tooltip: None,
                        data: None,
                    })
                })
                .collect();
            Some(links)
        })
    }
}

/// Serves LSP on stdio, or on `127.0.0.1:<port>` (one client) when a port is given.
pub fn run(port: Option<u16>) -> std::process::ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHIPSHAPE_LOG").unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_env_filter(filter).try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("shipshape: error: cannot start the runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let result: std::io::Result<()> = runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        match port {
            None => transport::serve(tokio::io::stdin(), tokio::io::stdout(), socket, service).await,
            Some(port) => {
                let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
                let (stream, _) = listener.accept().await?;
                let (read, write) = tokio::io::split(stream);
                transport::serve(read, write, socket, service).await;
            }
        }
        Ok(())
    });
    // Don't wait for blocking analysis threads on exit.
    runtime.shutdown_background();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shipshape: error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
