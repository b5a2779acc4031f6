//! Document synchronisation: open, change (incremental, rope and Compose tree in step),
//! save, close, configuration and watched files. State changes happen before any `.await`
//! (the transport runs handlers concurrently); each change marks the documents it affects.

use super::*;

pub(super) async fn did_open(backend: &Backend, params: DidOpenTextDocumentParams) {
    let td = params.text_document;
    let path = td.uri.to_file_path().map(|p| p.into_owned());
    let Some(kind) = kind_of(&td.language_id, path.as_deref()) else { return };
    let start = {
        let mut st = lock(&backend.state);
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
                parsed: None,
                shellcheck_running: false,
            },
        );
        st.shared.invalidate(path.as_deref());
        mark_with_dependents(&mut st, &td.uri, kind)
    };
    backend.start(start);
}

pub(super) async fn did_change(backend: &Backend, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let start = {
        let mut st = lock(&backend.state);
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
    backend.start(start);
}

pub(super) async fn did_save(backend: &Backend, params: DidSaveTextDocumentParams) {
    let path = params.text_document.uri.to_file_path().map(|p| p.into_owned());
    lock(&backend.state).shared.invalidate(path.as_deref());
}

pub(super) async fn did_close(backend: &Backend, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let kind = {
        let mut st = lock(&backend.state);
        let doc = st.docs.remove(&uri);
        st.shared.invalidate(doc.as_ref().and_then(|d| d.path.as_deref()));
        doc.map(|d| d.kind)
    };
    if !lock(&backend.state).pull_diagnostics {
        backend.client.publish_diagnostics(uri.clone(), Vec::new(), None).await;
    }
    if let Some(kind) = kind {
        backend.schedule_dependents(&uri, kind);
    }
}

pub(super) async fn did_change_configuration(backend: &Backend, params: DidChangeConfigurationParams) {
    if !params.settings.is_null() && params.settings.as_object().is_some_and(|o| !o.is_empty()) {
        lock(&backend.state).client_settings = ClientSettings::from_json(&params.settings);
    } else {
        backend.pull_configuration().await;
    }
    lock(&backend.state).shared.invalidate(None);
    backend.schedule_all();
}

pub(super) async fn did_change_watched_files(backend: &Backend, params: DidChangeWatchedFilesParams) {
    {
        let st = lock(&backend.state);
        for c in &params.changes {
            let path = c.uri.to_file_path().map(|p| p.into_owned());
            st.shared.invalidate(path.as_deref());
        }
    }
    backend.schedule_all();
}
