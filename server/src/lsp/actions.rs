//! Code actions: the fixes of the findings in range, "ignore this rule" comments, and
//! `source.fixAll.shipshape`.

use super::*;
use ropey::Rope;
use shipshape_rules::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use shipshape_rules::text::{LineEnding, LineIndex};
use shipshape_rules::FileKind;

/// The edit that silences `rule` for the finding: a `# shipshape ignore=` comment above
/// the line (above the instruction's first line in a Dockerfile), or `,rule` appended
/// to such a comment already there.
pub fn ignore_line_edit(kind: FileKind, text: &str, d: &Diagnostic) -> Edit {
    let index = LineIndex::new(text);
    let mut line = index.line_of(d.range.start);
    if kind == FileKind::Dockerfile {
        let df = shipshape_rules::syntax::dockerfile::parse(text);
        if let Some(i) = df.instructions.iter().find(|i| i.range.start <= d.range.start && d.range.start <= i.range.end)
        {
            line = index.line_of(i.range.start);
        }
    }
    if line > 0 {
        let above = index.line_range(text, line - 1);
        let above_text = &text[above.clone()];
        if above_text.trim_start().starts_with("# shipshape ignore=") {
            return Edit::insert(above.end, format!(",{}", d.rule));
        }
    }
    let start = index.line_start(line);
    let indent: String = text[start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let eol = LineEnding::detect(text).as_str();
    Edit::insert(start, format!("{indent}# shipshape ignore={}{eol}", d.rule))
}

/// The edit that silences `rule` in the whole file: a comment at the top, after any
/// Dockerfile parser directives (which must stay first).
pub fn ignore_file_edit(kind: FileKind, text: &str, rule: &str) -> Edit {
    let eol = LineEnding::detect(text).as_str();
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if kind == FileKind::Dockerfile {
        let df = shipshape_rules::syntax::dockerfile::parse(text);
        if let Some(last) = df.directives.last() {
            let rest = &text[last.range.end..];
            at = last.range.end + rest.find('\n').map_or(rest.len(), |i| i + 1);
        }
    }
    let prefix = if at == text.len() && !text.is_empty() && !text.ends_with('\n') { eol } else { "" };
    Edit::insert(at, format!("{prefix}# shipshape ignore-file={rule}{eol}"))
}

/// All safe fixes of a document as one edit over the whole text (or `None` if nothing changes).
pub const FIX_ALL_TITLE: &str = "Fix all safe findings (shipshape)";

pub fn fix_all(rope: &Rope, fixed: &str) -> Option<Fix> {
    let current = rope.to_string();
    if current == fixed {
        return None;
    }
    Some(Fix {
        title: FIX_ALL_TITLE.into(),
        applicability: Applicability::Safe,
        edits: vec![Edit::replace(0..current.len(), fixed.to_string())],
    })
}

// The request handlers.

pub(super) async fn code_action(backend: &Backend, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let uri = params.text_document.uri.clone();
    let (snap, rope, enc, diags, can_create, registry, resolve_edit, roots) = {
        let st = lock(&backend.state);
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
    let wants = |k: &CodeActionKind| only.as_ref().is_none_or(|o| o.iter().any(|w| k.as_str().starts_with(w.as_str())));
    let kind = snap.kind;
    let text = snap.text.clone();
    let want_fix_all = wants(&CodeActionKind::from(FIX_ALL_KIND));
    // The multi-stage conversion is offered on its finding and on any FROM line.
    let on_finding = diags.iter().any(|d| d.rule == MULTISTAGE_RULE && d.range.start <= end && start <= d.range.end);
    let finding = diags.iter().find(|d| d.rule == MULTISTAGE_RULE).cloned();
    let want_multistage = kind == FileKind::Dockerfile && wants(&CodeActionKind::REFACTOR_REWRITE);
    // Clients that resolve edits get the heavy actions (fix-all, the conversion on its
    // finding) without their edit: it is computed in `codeAction/resolve`, when chosen.
    // Fix-all is offered when some finding has a safe fix; the conversion on its finding.
    let lazy = resolve_edit;
    let lazy_fix_all =
        lazy && want_fix_all && diags.iter().any(|d| d.fix.as_ref().is_some_and(|f| allowed(f.applicability, false)));
    let lazy_multistage = lazy && want_multistage && on_finding;
    let want_fix_all = want_fix_all && !lazy;
    let want_multistage = want_multistage && !lazy_multistage;
    let finding_here = finding.clone();
    let (fixed, multistage) = if want_fix_all || want_multistage {
        tokio::task::spawn_blocking(move || {
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                let fixed = want_fix_all.then(|| snap.fixed());
                let multistage = (want_multistage && (on_finding || refactor::touches_from(&snap.text, start..end)))
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
                    if let Some(edit) = convert::workspace_edit(&rope, enc, &uri, fix, can_create, &text_of, &writable)
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
                    if let Some(edit) = convert::workspace_edit(&rope, enc, &uri, &fix, can_create, &text_of, &writable)
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
        let lazy_data = |what: &str| {
            serde_json::to_value(LazyData { uri: uri.as_str().to_string(), version: doc_version, lazy: what.into() })
                .ok()
        };
        if lazy_multistage {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: refactor::CONVERT_TO_MULTISTAGE.into(),
                kind: Some(CodeActionKind::REFACTOR_REWRITE),
                diagnostics: finding_here.as_ref().map(|d| vec![convert::diagnostic(&rope, enc, &uri, d, &text_of)]),
                data: lazy_data(LAZY_MULTISTAGE),
                ..Default::default()
            }));
        }
        if lazy_fix_all {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: actions::FIX_ALL_TITLE.into(),
                kind: Some(CodeActionKind::from(FIX_ALL_KIND)),
                data: lazy_data(LAZY_FIX_ALL),
                ..Default::default()
            }));
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
                            changes: Some([(uri.clone(), vec![TextEdit { range, new_text }])].into_iter().collect()),
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
                backend.republish_after(set, uri.clone());
            }
        }
        if let Some(fixed) = fixed {
            if let Some(fix) = actions::fix_all(&rope, &fixed) {
                if let Some(edit) = convert::workspace_edit(&rope, enc, &uri, &fix, can_create, &text_of, &writable) {
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

/// What `codeAction/resolve` needs to compute a heavy action's edit.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct LazyData {
    uri: String,
    version: i32,
    lazy: String,
}

const LAZY_FIX_ALL: &str = "fixAll";
const LAZY_MULTISTAGE: &str = "multistage";

/// Computes a fix-all or conversion edit chosen by the user, for the version it was offered on.
async fn resolve_lazy(backend: &Backend, mut action: CodeAction, data: LazyData) -> Result<CodeAction> {
    let uri: Uri = data.uri.parse().map_err(|_| Error::invalid_params("invalid uri in the action's data"))?;
    let (snap, rope, enc, can_create) = {
        let st = lock(&backend.state);
        let Some(doc) = st.docs.get(&uri).filter(|d| d.version == data.version) else {
            return Err(Error::content_modified());
        };
        let Some(snap) = Snapshot::take(&st, &uri) else { return Err(Error::content_modified()) };
        (snap, doc.rope.clone(), st.encoding, st.resource_create)
    };
    let roots: Vec<PathBuf> = {
        let r = lock(&backend.state).workspace_roots.clone();
        if r.is_empty() {
            uri.to_file_path().and_then(|p| p.parent().map(Path::to_path_buf)).into_iter().collect()
        } else {
            r
        }
    };
    let writable = |p: &Path| {
        let p = std::fs::canonicalize(p)
            .or_else(|_| p.parent().map_or(Err(std::io::ErrorKind::NotFound.into()), std::fs::canonicalize))
            .unwrap_or_else(|_| p.to_path_buf());
        roots.iter().any(|r| p.starts_with(r))
    };
    let what = data.lazy.clone();
    let fix = tokio::task::spawn_blocking(move || {
        std::panic::catch_unwind(AssertUnwindSafe(|| match what.as_str() {
            LAZY_FIX_ALL => {
                let rope = Rope::from_str(&snap.text);
                actions::fix_all(&rope, &snap.fixed())
            }
            LAZY_MULTISTAGE => snap.multistage(),
            _ => None,
        }))
        .ok()
        .flatten()
    })
    .await
    .map_err(|_| Error::internal_error())?;
    let failed = |m: &str| Error { code: ErrorCode::ServerError(-32803), message: m.to_string().into(), data: None };
    let Some(fix) = fix else {
        return Err(failed(if data.lazy == LAZY_FIX_ALL {
            "nothing to fix"
        } else {
            "this Dockerfile cannot be converted"
        }));
    };
    let text_of = |p: &Path| OsFs.read_to_string(&normalize(p)).ok().map(|t| Rope::from_str(&t));
    action.edit = convert::workspace_edit(&rope, enc, &uri, &fix, can_create, &text_of, &writable);
    if action.edit.is_none() {
        return Err(failed("the edit would write outside the workspace"));
    }
    action.data = None;
    Ok(action)
}

pub(super) async fn code_action_resolve(backend: &Backend, action: CodeAction) -> Result<CodeAction> {
    if let Some(data) = action.data.clone().and_then(|d| serde_json::from_value::<LazyData>(d).ok()) {
        return resolve_lazy(backend, action, data).await;
    }
    let mut action = action;
    let Some(data) = action.data.clone().and_then(|d| serde_json::from_value::<pinning::PinData>(d).ok()) else {
        return Ok(action);
    };
    let failed = |m: String| Error { code: ErrorCode::ServerError(-32803), message: m.into(), data: None };
    let uri: Uri = data.uri.parse().map_err(|_| Error::invalid_params("invalid uri in the action's data"))?;
    let current = |st: &State| {
        st.docs.get(&uri).filter(|d| d.version == data.version).map(|d| (d.rope.clone(), d.registry.clone()))
    };
    let Some((_, registry)) = current(&lock(&backend.state)) else { return Err(Error::content_modified()) };
    let registry = registry.ok_or_else(|| failed("registry access is off for this file".into()))?;
    let image = shipshape_rules::syntax::image_ref::ImageRef::parse(&data.written)
        .map_err(|_| Error::invalid_params("the action's data names no image"))?;
    // The user asked for this pin: here, and only here, the server waits on the network.
    let info = registry.lookup(&image).await.map_err(|e| failed(e.to_string()))?;
    let new_text = pinning::replacement(&data, &info).map_err(failed)?;
    let (rope, enc) = {
        let st = lock(&backend.state);
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
    backend.schedule(uri);
    Ok(action)
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_rules::diagnostic::apply_edits;
    use shipshape_rules::Severity;

    fn diag(text: &str, needle: &str, rule: &'static str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            range: start..start + needle.len(),
            fix: None,
            related: Vec::new(),
            hadolint: None,
        }
    }

    #[test]
    fn ignore_comments_above_the_instruction_and_merged() {
        let text = "FROM a:1\nRUN apt-get update && \\\n    apt-get install -y curl\n";
        let d = diag(text, "install", "apt-no-install-recommends");
        let t = apply_edits(text, &[&ignore_line_edit(FileKind::Dockerfile, text, &d)]);
        assert_eq!(t, "FROM a:1\n# shipshape ignore=apt-no-install-recommends\nRUN apt-get update && \\\n    apt-get install -y curl\n");
        let d2 = diag(&t, "RUN", "missing-cache-mount");
        let t2 = apply_edits(&t, &[&ignore_line_edit(FileKind::Dockerfile, &t, &d2)]);
        assert!(t2.contains("# shipshape ignore=apt-no-install-recommends,missing-cache-mount\nRUN"));
    }

    #[test]
    fn compose_ignore_keeps_indentation_and_crlf() {
        let text = "services:\r\n  a:\r\n    image: redis\r\n";
        let d = diag(text, "redis", "untagged-image");
        let t = apply_edits(text, &[&ignore_line_edit(FileKind::Compose, text, &d)]);
        assert_eq!(t, "services:\r\n  a:\r\n    # shipshape ignore=untagged-image\r\n    image: redis\r\n");
    }

    #[test]
    fn ignore_file_goes_after_directives() {
        let text = "# syntax=docker/dockerfile:1\nFROM node\n";
        let t = apply_edits(text, &[&ignore_file_edit(FileKind::Dockerfile, text, "untagged-image")]);
        assert_eq!(t, "# syntax=docker/dockerfile:1\n# shipshape ignore-file=untagged-image\nFROM node\n");
    }
}
