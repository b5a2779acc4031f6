//! The analysis scheduler: a snapshot of a document and its inputs is analysed on a
//! blocking thread as soon as it changes (no debounce timer). While one analysis runs,
//! further edits only mark the document dirty; the latest text is analysed when it ends
//! (coalescing), and a result for an older version is never published. Results go to the
//! client by push, or wait in the document for its pull.

use super::*;

/// Everything an analysis needs, taken from the state under the lock.
pub(super) struct Snapshot {
    pub(super) version: i32,
    pub(super) tree: Option<Tree>,
    pub(super) latest: Arc<std::sync::atomic::AtomicI32>,
    pub(super) kind: FileKind,
    pub(super) path: Option<PathBuf>,
    pub(super) text: String,
    pub(super) inputs: Inputs,
    pub(super) shared: Arc<Shared>,
}

impl Snapshot {
    pub(super) fn take(st: &State, uri: &Uri) -> Option<Snapshot> {
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

    pub(super) fn dotenv(&self) -> Vec<(String, String)> {
        let Some(dir) = self.path.as_deref().and_then(Path::parent) else { return Vec::new() };
        OsFs.read_to_string(&dir.join(".env")).map(|t| dotenv::parse(&t)).unwrap_or_default()
    }

    /// Re-parses a Compose buffer incrementally from the document's tree and shares the
    /// parse with the project cache. Returns the tree for the next edit.
    /// Also returns the parse, for requests.
    pub(super) fn reparse(&self) -> (Option<Tree>, Parsed) {
        if self.kind != FileKind::Compose {
            return (None, Parsed::new(self.kind, self.version, self.text.clone()));
        }
        let (file, tree) = compose::parse_incremental(&self.text, self.tree.as_ref());
        let file = Arc::new(file);
        if let Some(path) = self.path.as_deref() {
            self.shared.parses.insert(&normalize(path), file.clone());
        }
        (tree, Parsed::of_compose(self.version, self.text.clone(), file))
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
    /// newer edit arrives (its partial result is then dropped, never published). ShellCheck's
    /// findings come from its cache only; the RUN scripts it has not seen yet are returned,
    /// for a background check that re-analyses when it lands.
    pub(super) fn analyse(&self, cancellable: bool, parsed: &Parsed) -> (Vec<Diagnostic>, Vec<ShellScript>) {
        let mut settings = self.shared.settings_for(self.path.as_deref(), &self.inputs.client);
        if cancellable {
            settings.cancel =
                Some(shipshape_rules::analysis::Cancel { latest: self.latest.clone(), version: self.version });
        }
        // A Dockerfile is analysed from the parse the requests read (one parse per version).
        let mut diags = self.with_inputs(settings.clone(), |settings, view, env, path| match parsed.dockerfile() {
            Some(df) => shipshape_rules::analysis::check_parsed_dockerfile(path, df, settings, view),
            None => check_in_project(self.kind, path, &self.text, env, settings, view),
        });
        let Some(df) = parsed.dockerfile().filter(|_| crate::shellcheck::checker().is_some()) else {
            return (diags, Vec::new());
        };
        let scripts = shipshape_rules::analysis::shell_scripts(df, &settings);
        let known = crate::shellcheck::cached(&scripts.iter().collect::<Vec<_>>());
        let mut comments = Vec::new();
        let mut pending = Vec::new();
        for (i, k) in known.into_iter().enumerate() {
            match k {
                Some(cs) => comments.extend(cs.into_iter().map(|c| (i, c))),
                None => pending.push(scripts[i].clone()),
            }
        }
        diags.extend(shipshape_rules::analysis::shellcheck_findings(df, &settings, &scripts, &comments));
        diags.sort_by_key(|d| (d.range.start, d.range.end));
        (diags, pending)
    }

    /// The registry this document may ask (registry access on) and its pinnable references.
    pub(super) fn pins(&self) -> (Option<Arc<Registry>>, Vec<PinTarget>) {
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
    pub(super) fn multistage(&self) -> Option<shipshape_rules::Fix> {
        let settings = self.shared.settings_for(self.path.as_deref(), &self.inputs.client);
        self.with_inputs(settings, |_, view, _, path| refactor::convert_text_to_multistage(path, &self.text, view))
    }

    /// The text after all safe fixes.
    pub(super) fn fixed(&self) -> String {
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
    pub(super) fn schedule(&self, uri: Uri) {
        if mark(&mut lock(&self.state), &uri) {
            self.spawn_analysis(uri);
        }
    }

    /// Starts `uri` and the documents that depend on it, marked under the lock that
    /// changed them (see [`mark`]).
    pub(super) fn start(&self, uris: Vec<Uri>) {
        for u in uris {
            self.spawn_analysis(u);
        }
    }

    /// The analysis task of a document: analyses, publishes, and loops while it is dirty.
    pub(super) fn spawn_analysis(&self, uri: Uri) {
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
                let (state2, uri2) = (state.clone(), uri.clone());
                let result = tokio::task::spawn_blocking(move || {
                    let diags = std::panic::catch_unwind(AssertUnwindSafe(|| {
                        let (tree, parsed) = snap.reparse();
                        let parsed = Arc::new(parsed);
                        // Requests can read this version's parse before the rules finish.
                        parsed::store(&state2, &uri2, &parsed);
                        (tree, snap.analyse(true, &parsed), snap.pins())
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
                    let mut shellcheck = Vec::new();
                    let mut ask_refresh = false;
                    match result {
                        Ok((snap, Ok((tree, (mut diags, scripts), (registry, pins))))) if doc.version == version => {
                            shellcheck = scripts;
                            // The registry says whether an end-of-life upgrade's tag exists.
                            let upgrades = registry.as_ref().map(|r| pinning::confirm_upgrades(r, &mut diags));
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
                                if snap.kind == FileKind::Dockerfile {
                                    let mut set = fetch.take().unwrap_or_default();
                                    pinning::prefetch_platforms(r, &pins, &mut set);
                                    fetch = (!set.is_empty()).then_some(set);
                                }
                                if let Some(more) = upgrades.filter(|u| !u.is_empty()) {
                                    let set = fetch.get_or_insert_with(tokio::task::JoinSet::new);
                                    for image in more {
                                        let r = r.clone();
                                        set.spawn(async move {
                                            let _ = r.lookup(&image).await;
                                        });
                                    }
                                }
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
                    (out, rerun, fetch, ask_refresh, shellcheck)
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
                // ShellCheck runs off the keystroke path: the analysis above used its cache;
                // the scripts it has not seen are checked now, and the document is analysed
                // again (from the cache) when the answers land.
                // One ShellCheck run per document at a time: while one runs, typing only
                // marks that more scripts wait; the analysis after it lands starts the next
                // run with whatever is still unseen (a burst of keystrokes in a RUN costs
                // one or two runs, not one per keystroke).
                let start_shellcheck = !publish.4.is_empty() && {
                    let mut st = lock(&state);
                    st.docs.get_mut(&uri).is_some_and(|d| !std::mem::replace(&mut d.shellcheck_running, true))
                };
                if start_shellcheck {
                    if let Some(checker) = crate::shellcheck::checker() {
                        let scripts = publish.4;
                        let backend = Backend { client: client.clone(), state: state.clone() };
                        let uri = uri.clone();
                        tokio::spawn(async move {
                            let _ = tokio::task::spawn_blocking(move || {
                                let mut failed = Vec::new();
                                checker.check(&scripts.iter().collect::<Vec<_>>(), &mut failed);
                                for f in failed {
                                    tracing::warn!("{f}");
                                }
                            })
                            .await;
                            if let Some(d) = lock(&backend.state).docs.get_mut(&uri) {
                                d.shellcheck_running = false;
                            }
                            backend.schedule(uri);
                        });
                    } else if let Some(d) = lock(&state).docs.get_mut(&uri) {
                        d.shellcheck_running = false;
                    }
                }
                if !publish.1 {
                    return;
                }
            }
        });
    }

    /// Re-analyses every open document (after config or project changes).
    pub(super) fn schedule_all(&self) {
        let uris: Vec<Uri> = lock(&self.state).docs.keys().cloned().collect();
        for u in uris {
            self.schedule(u);
        }
    }

    /// Re-analyses the open documents that a change to `uri` can affect.
    pub(super) fn schedule_dependents(&self, uri: &Uri, kind: FileKind) {
        let start = {
            let mut st = lock(&self.state);
            let deps = dependents(&st, uri, kind);
            deps.into_iter().filter(|u| mark(&mut st, u)).collect()
        };
        self.start(start);
    }

    pub(super) async fn pull_configuration(&self) {
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
    pub(super) fn republish_after(&self, mut set: tokio::task::JoinSet<()>, uri: Uri) {
        let backend = Backend { client: self.client.clone(), state: self.state.clone() };
        tokio::spawn(async move {
            while set.join_next().await.is_some() {}
            backend.schedule(uri);
        });
    }
}

/// Marks `uri` for analysis: true when a task must be started for it, false when one is
/// running (it will run once more: `dirty`) or the document is not open. Call under the
/// lock that changed the document, so the request and the change are one step.
pub(super) fn mark(st: &mut State, uri: &Uri) -> bool {
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
pub(super) fn dependents(st: &State, uri: &Uri, kind: FileKind) -> Vec<Uri> {
    st.docs.values().filter(|d| d.kind != kind && d.uri != *uri).map(|d| d.uri.clone()).collect()
}

/// Marks `uri` and its dependents; returns those whose task must be started.
pub(super) fn mark_with_dependents(st: &mut State, uri: &Uri, kind: FileKind) -> Vec<Uri> {
    let mut out = Vec::new();
    for u in std::iter::once(uri.clone()).chain(dependents(st, uri, kind)) {
        if mark(st, &u) {
            out.push(u);
        }
    }
    out
}

/// The text of another file for range conversion: an open buffer, else the disk.
pub(super) fn related_text(p: &Path, inputs: &Inputs) -> Option<Rope> {
    let p = normalize(p);
    inputs
        .buffers
        .get(&p)
        .map(|t| Rope::from_str(t))
        .or_else(|| OsFs.read_to_string(&p).ok().map(|t| Rope::from_str(&t)))
}
