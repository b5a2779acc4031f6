//! Rename (`prepareRename`, `rename`) and document highlight for the names a file
//! defines: stage names, ARG/ENV variables (with the uses the shell expands in RUN, CMD,
//! ENTRYPOINT and heredocs) and Compose services. A stage rename also renames the
//! `build.target` of every Compose service that builds that stage of this Dockerfile, and
//! an ARG rename the `build.args` keys that set it.

use shipshape_rules::model::project::DockerfileRef;

use super::navigate::Resolved;
use super::scheduler::related_text;
use super::*;

/// What kind of name is at a resolved place, for validation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum NameKind {
    Stage,
    Variable,
    Service,
}

/// The name under the cursor: what it is, its text and its range.
struct At {
    resolved: Resolved,
    name: String,
    range: std::ops::Range<usize>,
    kind: NameKind,
}

fn name_at(p: &Parsed, offset: usize) -> Option<At> {
    let text = p.text.as_str();
    let resolved = navigate::resolve(p, offset)?;
    let hit = |r: &std::ops::Range<usize>| r.contains(&offset) || r.end == offset;
    let range = std::iter::once(&resolved.definition).chain(&resolved.references).find(|r| hit(r))?.clone();
    let name = text.get(range.clone())?.to_string();
    let name_kind = match p.dockerfile() {
        None => NameKind::Service,
        // A stage's definition follows `AS`; a variable's is an ARG/ENV key.
        Some(df) => {
            let is_stage = df.instructions.iter().any(|i| {
                i.kind == shipshape_rules::syntax::dockerfile::Kind::From
                    && i.args.get(2).is_some_and(|w| w.range == resolved.definition)
            });
            if is_stage {
                NameKind::Stage
            } else {
                NameKind::Variable
            }
        }
    };
    Some(At { resolved, name, range, kind: name_kind })
}

/// Whether a variable's definition is an `ARG` key (Compose `build.args` can set it).
fn is_arg(p: &Parsed, definition: &std::ops::Range<usize>) -> bool {
    let Some(df) = p.dockerfile() else { return false };
    df.instructions.iter().any(|i| {
        i.kind == shipshape_rules::syntax::dockerfile::Kind::Arg
            && i.key_values(df.escape).iter().any(|kv| kv.key_range == *definition)
    })
}

/// Why `new` cannot be the name, if it cannot.
fn invalid(kind: NameKind, new: &str) -> Option<&'static str> {
    let mut chars = new.chars();
    let Some(first) = chars.next() else { return Some("a name cannot be empty") };
    let ok = match kind {
        // BuildKit: stage names are lower case, `[a-z][a-z0-9-_.]*`.
        NameKind::Stage => {
            first.is_ascii_lowercase()
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
        }
        NameKind::Variable => {
            (first.is_ascii_alphabetic() || first == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        // The Compose specification: `[a-zA-Z0-9._-]+`.
        NameKind::Service => new.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')),
    };
    (!ok).then_some(match kind {
        NameKind::Stage => "a stage name is lower case: letters, digits, `-`, `_` and `.`, starting with a letter",
        NameKind::Variable => "a variable name is letters, digits and `_`, not starting with a digit",
        NameKind::Service => "a service name is letters, digits, `.`, `_` and `-`",
    })
}

pub(super) async fn prepare_rename(
    backend: &Backend,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let Some(View { parsed, rope, enc, .. }) = backend.parsed(&params.text_document.uri) else { return Ok(None) };
    let offset = offset_of(&rope, enc, params.position)?;
    guard("prepareRename", || {
        let (range, name) = match build_arg_at(&parsed, offset) {
            Some((range, name, _)) => (range, name),
            None => name_at(&parsed, offset).map(|at| (at.range, at.name))?,
        };
        Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: position::range(&rope, enc, &range),
            placeholder: name,
        })
    })
}

/// On a Compose `build.args` key: its range and name, and the service whose build it is in.
fn build_arg_at(p: &Parsed, offset: usize) -> Option<(std::ops::Range<usize>, String, usize)> {
    let file = p.compose()?;
    file.services.iter().enumerate().find_map(|(i, s)| {
        let k = s.build.as_ref()?.args.iter().map(|(k, _)| k).find(|k| {
            let r = k.sub_range(0..k.value.len());
            k.verbatim_offset.is_some() && (r.contains(&offset) || r.end == offset)
        })?;
        Some((k.sub_range(0..k.value.len()), k.value.clone(), i))
    })
}

/// The Dockerfile a Compose file's service builds, and its text (an open buffer, else the disk).
pub(super) fn built_dockerfile(backend: &Backend, compose: &Path, service: usize) -> Option<(PathBuf, String)> {
    let (inputs, shared) = {
        let st = lock(&backend.state);
        (st.inputs(), st.shared.clone())
    };
    let project = shared.project_for(compose, &inputs)?;
    let me = normalize(compose);
    let b =
        project.builds.iter().find(|b| b.service == service && normalize(&project.compose[b.compose].path) == me)?;
    let DockerfileRef::Path { path, .. } = &b.dockerfile else { return None };
    let text = related_text(path, &inputs)?.to_string();
    Some((normalize(path), text))
}

pub(super) async fn rename(backend: &Backend, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let uri = params.text_document_position.text_document.uri;
    let Some(View { parsed, rope, enc, path, .. }) = backend.parsed(&uri) else { return Ok(None) };
    let offset = offset_of(&rope, enc, params.text_document_position.position)?;
    let new_name = params.new_name;
    // A Compose `build.args` key names an ARG of the Dockerfile the service builds: rename
    // that ARG (its uses, and every `build.args` key that sets it).
    if let (Some((_, name, service)), Some(compose)) = (build_arg_at(&parsed, offset), path.as_deref()) {
        let Some((df_path, df_text)) = built_dockerfile(backend, compose, service) else { return Ok(None) };
        let df = Arc::new(Parsed::new(FileKind::Dockerfile, 0, df_text));
        let decl = df.dockerfile().and_then(|d| {
            d.instructions
                .iter()
                .filter(|i| i.kind == shipshape_rules::syntax::dockerfile::Kind::Arg)
                .flat_map(|i| i.key_values(d.escape))
                .find(|kv| kv.key == name)
                .map(|kv| kv.key_range.start)
        });
        let (Some(decl), Some(df_uri)) = (decl, Uri::from_file_path(convert::absolute(&df_path))) else {
            return Err(Error::invalid_params(format!("the Dockerfile this service builds declares no `ARG {name}`")));
        };
        let df_rope = Rope::from_str(&df.text);
        return rename_at(backend, df_uri, df, df_rope, enc, Some(df_path), decl, new_name).await;
    }
    rename_at(backend, uri, parsed, rope, enc, path, offset, new_name).await
}

/// Renames the name at `offset` of a document (open or read from disk).
#[allow(clippy::too_many_arguments)]
async fn rename_at(
    backend: &Backend,
    uri: Uri,
    parsed: Arc<Parsed>,
    rope: Rope,
    enc: Encoding,
    path: Option<PathBuf>,
    offset: usize,
    new_name: String,
) -> Result<Option<WorkspaceEdit>> {
    let (inputs, shared) = {
        let st = lock(&backend.state);
        (st.inputs(), st.shared.clone())
    };
    // A Compose service: in every file of its namespace (includes, override files) and the
    // `extends: {file, service}` that name it.
    if let (Some(file), Some(compose)) = (parsed.compose(), path.clone()) {
        if let Some(name) = navigate::service_name_at(file, offset) {
            if let Some(why) = invalid(NameKind::Service, &new_name) {
                return Err(Error::invalid_params(format!("`{new_name}`: {why}")));
            }
            let (shared, inputs, new_name) = (shared.clone(), inputs.clone(), new_name.clone());
            let sites = tokio::task::spawn_blocking(move || {
                let sites = navigate::service_sites_across(&shared, &inputs, &compose, &name);
                let mut changes: std::collections::HashMap<Uri, Vec<TextEdit>> = std::collections::HashMap::new();
                for (f, range, _) in sites {
                    let (Some(u), Some(r)) = (Uri::from_file_path(convert::absolute(&f)), related_text(&f, &inputs))
                    else {
                        continue;
                    };
                    changes
                        .entry(u)
                        .or_default()
                        .push(TextEdit { range: position::range(&r, enc, &range), new_text: new_name.clone() });
                }
                changes
            })
            .await
            .unwrap_or_default();
            if !sites.is_empty() {
                return Ok(Some(WorkspaceEdit { changes: Some(sites), ..Default::default() }));
            }
        }
    }
    let Some(at) = guard("rename", || name_at(&parsed, offset))? else { return Ok(None) };
    if let Some(why) = invalid(at.kind, &new_name) {
        return Err(Error::invalid_params(format!("`{new_name}`: {why}")));
    }
    let mut changes: std::collections::HashMap<Uri, Vec<TextEdit>> = std::collections::HashMap::new();
    let here: Vec<TextEdit> = std::iter::once(&at.resolved.definition)
        .chain(&at.resolved.references)
        .map(|r| TextEdit { range: position::range(&rope, enc, r), new_text: new_name.clone() })
        .collect();
    changes.insert(uri.clone(), here);
    // Compose services that build this Dockerfile name its stages in `build.target` and
    // its ARGs in `build.args`.
    let is_arg = at.kind == NameKind::Variable && is_arg(&parsed, &at.resolved.definition);
    if at.kind == NameKind::Stage || is_arg {
        if let Some(path) = path {
            let stage = at.kind == NameKind::Stage;
            let (shared, inputs, old) = (shared.clone(), inputs, at.name.clone());
            let targets = tokio::task::spawn_blocking(move || {
                let project = shared.project_for(&path, &inputs)?;
                let mut out: Vec<(PathBuf, std::ops::Range<usize>)> = Vec::new();
                for b in project.builds_of(&path) {
                    let doc = &project.compose[b.compose];
                    let Some(build) = doc.file.services.get(b.service).and_then(|s| s.build.as_ref()) else { continue };
                    if stage {
                        if let Some(target) = build.target.as_ref().filter(|t| t.value.eq_ignore_ascii_case(&old)) {
                            out.push((doc.path.clone(), target.sub_range(0..target.value.len())));
                        }
                    } else {
                        // Only keys written verbatim (no escapes) can be edited in place.
                        let keys = build.args.iter().map(|(k, _)| k);
                        for k in keys.filter(|k| k.value == old && k.verbatim_offset.is_some()) {
                            out.push((doc.path.clone(), k.sub_range(0..k.value.len())));
                        }
                    }
                }
                Some((out, inputs))
            })
            .await
            .ok()
            .flatten();
            if let Some((targets, inputs)) = targets {
                for (file, range) in targets {
                    let (Some(file_uri), Some(file_rope)) =
                        (Uri::from_file_path(convert::absolute(&file)), related_text(&file, &inputs))
                    else {
                        continue;
                    };
                    changes
                        .entry(file_uri)
                        .or_default()
                        .push(TextEdit { range: position::range(&file_rope, enc, &range), new_text: new_name.clone() });
                }
            }
        }
    }
    Ok(Some(WorkspaceEdit { changes: Some(changes), ..Default::default() }))
}

pub(super) async fn document_highlight(
    backend: &Backend,
    params: DocumentHighlightParams,
) -> Result<Option<Vec<DocumentHighlight>>> {
    let uri = params.text_document_position_params.text_document.uri;
    let Some(View { parsed, rope, enc, .. }) = backend.parsed(&uri) else { return Ok(None) };
    let offset = offset_of(&rope, enc, params.text_document_position_params.position)?;
    guard("documentHighlight", || {
        let r = navigate::resolve(&parsed, offset)?;
        let mut out = vec![DocumentHighlight {
            range: position::range(&rope, enc, &r.definition),
            kind: Some(DocumentHighlightKind::WRITE),
        }];
        out.extend(r.references.iter().map(|rg| DocumentHighlight {
            range: position::range(&rope, enc, rg),
            kind: Some(DocumentHighlightKind::READ),
        }));
        Some(out)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_validated() {
        assert_eq!(invalid(NameKind::Stage, "build-2.x"), None);
        assert!(invalid(NameKind::Stage, "Build").is_some());
        assert!(invalid(NameKind::Stage, "2build").is_some());
        assert_eq!(invalid(NameKind::Variable, "_NODE_VERSION2"), None);
        assert!(invalid(NameKind::Variable, "NODE-VERSION").is_some());
        assert_eq!(invalid(NameKind::Service, "api.v2_x-1"), None);
        assert!(invalid(NameKind::Service, "api v2").is_some());
    }
}
