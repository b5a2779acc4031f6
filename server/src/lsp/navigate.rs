//! Completion, document symbols, definitions, references and document links.

use super::*;
use std::ops::Range;
use std::path::Path;

use shipshape_rules::model::dockerfile::DockerfileModel;
use shipshape_rules::model::versions::Version;
use shipshape_rules::syntax::compose::{ComposeFile, Str};
use shipshape_rules::syntax::dockerfile::{Dockerfile, Kind};
use shipshape_rules::syntax::image_ref::ImageRef;
use shipshape_rules::syntax::yaml::{Node, Value};
use shipshape_rules::FileKind;

use super::reference;

/// A completion candidate: label, detail, and whether it is a keyword (vs a value).
pub struct Candidate {
    pub label: String,
    pub detail: Option<String>,
    pub keyword: bool,
}

fn cand(label: impl Into<String>, detail: Option<&str>, keyword: bool) -> Candidate {
    Candidate { label: label.into(), detail: detail.map(str::to_string), keyword }
}

/// Completions at byte `offset`.
/// `dir` is the document's folder: the build context of a Dockerfile built with
/// `docker build .`, the base of a Compose file's relative paths.
pub fn complete(p: &Parsed, offset: usize, dir: Option<&Path>) -> Vec<Candidate> {
    let text = p.text.as_str();
    let offset = shipshape_rules::text::floor_char_boundary(text, offset);
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    match (p.dockerfile(), p.compose()) {
        (Some(df), _) => complete_dockerfile(df, offset, before, dir),
        (_, Some(file)) => complete_compose(file, text, offset, before, dir),
        _ => Vec::new(),
    }
}

/// The stages a reference at `offset` may name: those that end before it (a stage cannot
/// copy from itself or from a later one).
fn stage_names(df: &Dockerfile, offset: usize) -> Vec<String> {
    let model = DockerfileModel::build(df);
    model
        .stages
        .iter()
        .filter(|s| df.instructions.get(s.instructions.end - 1).is_some_and(|i| i.range.end < offset))
        .filter_map(|s| s.name.clone())
        .collect()
}

/// `--mount` keys by type (BuildKit's reference).
fn mount_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "bind" => &["target=", "source=", "from=", "rw"],
        "cache" => &["target=", "id=", "sharing=", "from=", "source=", "mode=", "uid=", "gid=", "readonly"],
        "tmpfs" => &["target=", "size="],
        "secret" => &["id=", "target=", "env=", "required", "mode=", "uid=", "gid="],
        "ssh" => &["id=", "target=", "required", "mode=", "uid=", "gid="],
        _ => reference::MOUNT_KEYS,
    }
}

/// Completion inside `--mount=…`: the types after `type=`, the keys of the type given,
/// and the values of `sharing=`.
fn complete_mount(value: &str) -> Vec<Candidate> {
    let fields: Vec<&str> = value.split(',').collect();
    let current = fields.last().copied().unwrap_or("");
    if current.starts_with("type=") {
        return ["cache", "bind", "secret", "ssh", "tmpfs"]
            .iter()
            .map(|t| cand(*t, Some("mount type"), false))
            .collect();
    }
    if current.starts_with("sharing=") {
        return ["shared", "private", "locked"].iter().map(|t| cand(*t, Some("cache sharing"), false)).collect();
    }
    // The default type is bind.
    let kind = fields.iter().find_map(|f| f.strip_prefix("type=")).unwrap_or("bind");
    let given: Vec<&str> = fields[..fields.len() - 1].iter().map(|f| f.split('=').next().unwrap_or("")).collect();
    let mut keys: Vec<&str> = mount_keys(kind).to_vec();
    if !fields.iter().any(|f| f.starts_with("type=")) {
        keys.insert(0, "type=");
    }
    keys.into_iter()
        .filter(|k| !given.contains(&k.trim_end_matches('=')))
        .map(|k| cand(k, Some(if kind == "bind" { "--mount key" } else { "--mount key for this type" }), false))
        .collect()
}

/// Entries of `dir` joined with the typed path's folder, minus what `ignored` says; at
/// most 200, folders with a trailing `/`.
fn complete_path(dir: &Path, typed: &str, ignored: &dyn Fn(&str) -> bool) -> Vec<Candidate> {
    let typed = typed.trim_start_matches("./");
    let (folder, _) = typed.rsplit_once('/').unwrap_or(("", typed));
    if folder.split('/').any(|p| p == "..") {
        return Vec::new();
    }
    let Ok(entries) = std::fs::read_dir(dir.join(folder)) else { return Vec::new() };
    let mut out: Vec<Candidate> = Vec::new();
    for e in entries.flatten().take(2000) {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if folder.is_empty() { name.clone() } else { format!("{folder}/{name}") };
        if ignored(&rel) {
            continue;
        }
        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
        out.push(cand(
            if is_dir { format!("{name}/") } else { name },
            Some(if is_dir { "folder" } else { "file" }),
            false,
        ));
        if out.len() == 200 {
            break;
        }
    }
    out.sort_by(|a, b| a.label.cmp(&b.label));
    out
}

fn complete_dockerfile(df: &Dockerfile, offset: usize, before: &str, dir: Option<&Path>) -> Vec<Candidate> {
    let text = df.source.as_str();
    let trimmed = before.trim_start();
    // A keyword being typed at the start of a line (not a continuation).
    let continued = text[..offset - before.len()].trim_end_matches(['\n', '\r']).ends_with(df.escape);
    if !continued && !trimmed.contains(char::is_whitespace) && !trimmed.starts_with('#') {
        return Kind::ALL
            .iter()
            .map(|k| cand(k.name(), reference::instruction(k.name()).map(|_| "instruction"), true))
            .collect();
    }
    let keyword = trimmed.split_whitespace().next().unwrap_or("");
    let kind = Kind::from_keyword(keyword);
    let last = trimmed.rsplit(char::is_whitespace).next().unwrap_or("");
    if let Some(v) = last.strip_prefix("--mount=") {
        return complete_mount(v);
    }
    if last.starts_with("--from=")
        || (kind == Kind::From && trimmed.split_whitespace().count() <= 2 && !last.starts_with("--"))
    {
        return stage_names(df, offset).into_iter().map(|s| cand(s, Some("stage"), false)).collect();
    }
    // COPY/ADD sources from the build context (not from a stage or image), minus what
    // `.dockerignore` keeps out.
    if matches!(kind, Kind::Copy | Kind::Add)
        && !last.starts_with(['-', '/', '$'])
        && !trimmed.contains("--from=")
        && !last.contains("://")
    {
        if let Some(dir) = dir {
            let ignore = std::fs::read_to_string(dir.join(".dockerignore"))
                .ok()
                .map(|t| shipshape_rules::syntax::dockerignore::DockerIgnore::parse(&t));
            return complete_path(dir, last, &|p| ignore.as_ref().is_some_and(|i| i.is_excluded(p)));
        }
    }
    if last.starts_with("--") {
        return kind.known_flags().iter().map(|f| cand(format!("--{f}"), Some("flag"), false)).collect();
    }
    if let Some(i) = last.rfind('$') {
        let _ = i;
        // Declared before the use.
        let mut names: Vec<String> = df
            .instructions
            .iter()
            .filter(|i| matches!(i.kind, Kind::Arg | Kind::Env) && i.range.end < offset)
            .flat_map(|i| i.key_values(df.escape))
            .map(|kv| kv.key)
            .collect();
        names.sort();
        names.dedup();
        return names.into_iter().map(|n| cand(n, Some("ARG/ENV"), false)).collect();
    }
    Vec::new()
}

fn complete_compose(file: &ComposeFile, text: &str, offset: usize, before: &str, dir: Option<&Path>) -> Vec<Candidate> {
    let trimmed = before.trim_start();
    // Paths relative to the Compose file: `context:`, `env_file:`, an include or a bind
    // mount source being written (`./…`, `../` excluded: outside the project).
    if let Some(dir) = dir {
        let value = trimmed.trim_start_matches("- ");
        let (key, typed) = match value.split_once(':') {
            Some((k, v)) if !k.contains(['.', '/']) => (k.trim(), v.trim_start()),
            _ => ("", value),
        };
        let typed = typed.trim_start_matches(['"', '\'']);
        if matches!(key, "context" | "env_file" | "path") || typed.starts_with("./") {
            return complete_path(dir, typed.split(':').next().unwrap_or(""), &|_| false);
        }
        // `dockerfile:` is relative to the service's build context.
        if key == "dockerfile" {
            let ctx = file
                .services
                .iter()
                .filter_map(|s| s.build.as_ref())
                // The build being written: the last one that starts before the cursor.
                .rfind(|b| b.range.start <= offset)
                .and_then(|b| b.context.as_ref())
                .map(|c| c.value.clone())
                .filter(|c| !c.contains(['$', ':']))
                .unwrap_or_else(|| ".".into());
            return complete_path(&dir.join(ctx), typed, &|_| false);
        }
    }
    // A list item or a value under depends_on/links/extends: service names.
    if trimmed.starts_with("- ") || before.trim_end().ends_with("service:") {
        return file.services.iter().map(|s| cand(s.name.value.clone(), Some("service"), false)).collect();
    }
    // A key being typed: the keys of the enclosing mapping.
    let mut path = enclosing_keys(text, offset, before);
    // Service names are not schema keys: `services.<name>` is `services.*`.
    if path.len() >= 2 && path[0] == "services" {
        path[1] = "*".into();
    }
    if path == ["services"] {
        return Vec::new();
    }
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    super::compose_keys::keys_at(&segs).iter().map(|k| cand(k.name, Some(k.doc), true)).collect()
}

/// A named thing with the range of its name and of its whole definition.
pub struct Symbol {
    pub name: String,
    pub detail: String,
    pub range: Range<usize>,
    pub selection: Range<usize>,
}

pub fn symbols(p: &Parsed) -> Vec<Symbol> {
    match (p.dockerfile(), p.compose()) {
        (Some(df), _) => {
            let model = DockerfileModel::build(df);
            model
                .stages
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let from = &df.instructions[s.from];
                    let end = df.instructions[s.instructions.end - 1].range.end;
                    let image = from.as_from().map(|p| p.image.text.clone()).unwrap_or_default();
                    Symbol {
                        name: s.name.clone().unwrap_or_else(|| format!("stage {i}")),
                        detail: format!("FROM {image}"),
                        range: from.range.start..end,
                        selection: s.name_range.clone().unwrap_or(from.keyword_range.clone()),
                    }
                })
                .collect()
        }
        (_, Some(file)) => file
            .services
            .iter()
            .map(|s| Symbol {
                name: s.name.value.clone(),
                detail: s.image.as_ref().map(|i| i.value.clone()).unwrap_or_else(|| "build".into()),
                range: s.range.clone(),
                selection: s.name.range.clone(),
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// What the name at `offset` refers to: its definition range and every reference to it.
pub struct Resolved {
    pub definition: Range<usize>,
    pub references: Vec<Range<usize>>,
}

pub fn resolve(p: &Parsed, offset: usize) -> Option<Resolved> {
    match (p.dockerfile(), p.compose()) {
        (Some(df), _) => resolve_dockerfile(df, offset),
        (_, Some(file)) => resolve_compose(file, offset),
        _ => None,
    }
}

fn resolve_dockerfile(df: &Dockerfile, offset: usize) -> Option<Resolved> {
    let model = DockerfileModel::build(df);
    // Stage references: FROM <stage>, COPY --from=<stage>, --mount from=<stage>, AS <stage>.
    let stage_refs: Vec<(String, Range<usize>)> =
        shipshape_rules::model::dockerfile::stage_refs(df).into_iter().map(|r| (r.name, r.range)).collect();
    let at_alias =
        model.stages.iter().find(|s| s.name_range.as_ref().is_some_and(|r| r.contains(&offset) || r.end == offset));
    let name = match at_alias {
        Some(s) => s.name.clone(),
        None => stage_refs.iter().find(|(_, r)| r.contains(&offset) || r.end == offset).map(|(n, _)| n.clone()),
    };
    if let Some(name) = name {
        if let Some(i) = model.stage_index(&name) {
            let def = model.stages[i].name_range.clone()?;
            let references =
                stage_refs.into_iter().filter(|(n, _)| n.eq_ignore_ascii_case(&name)).map(|(_, r)| r).collect();
            return Some(Resolved { definition: def, references });
        }
    }
    // Variables: $NAME → the ARG/ENV that declares it (the last one before the use).
    // Uses the builder expands, and those the shell expands at run time (the variable
    // reaches RUN as an environment variable).
    let uses: Vec<_> = df
        .instructions
        .iter()
        .flat_map(|i| {
            let mut v = i.variables(df.escape);
            v.extend(i.shell_variables(&df.source));
            v
        })
        .collect();
    let decls: Vec<_> = df
        .instructions
        .iter()
        .filter(|i| matches!(i.kind, Kind::Arg | Kind::Env))
        .flat_map(|i| i.key_values(df.escape))
        .collect();
    let name = uses.iter().find(|v| v.range.contains(&offset)).map(|v| v.name.clone()).or_else(|| {
        decls.iter().find(|d| d.key_range.contains(&offset) || d.key_range.end == offset).map(|d| d.key.clone())
    })?;
    // The last declaration before the use, else the first one.
    let def = decls
        .iter()
        .rev()
        .find(|d| d.key == name && d.key_range.start <= offset)
        .or_else(|| decls.iter().find(|d| d.key == name))?;
    Some(Resolved {
        definition: def.key_range.clone(),
        references: uses.iter().filter(|v| v.name == name).map(|v| v.name_range.clone()).collect(),
    })
}

/// What a Compose name names: the sections whose entries services refer to, and anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Service,
    Network,
    Volume,
    Config,
    Secret,
    Anchor,
}

/// A name written in a Compose file: what it names, the name, where it is written.
pub type Site = (Named, String, Range<usize>);

/// The range of a scalar's text as written (inside its quotes), when it is written as is.
fn verbatim(text: &str, n: &Node) -> Option<(String, Range<usize>)> {
    let s = Str::from_node(n, text)?;
    s.verbatim_offset?;
    Some((s.value.clone(), s.sub_range(0..s.value.len())))
}

/// The definitions (top-level entries, `&anchors`) and references of a Compose file.
pub fn compose_sites(file: &ComposeFile) -> (Vec<Site>, Vec<Site>) {
    let text = file.source.as_str();
    let (mut defs, mut refs): (Vec<Site>, Vec<Site>) = (Vec::new(), Vec::new());
    for s in &file.services {
        defs.push((Named::Service, s.name.value.clone(), s.name.range.clone()));
        for d in &s.depends_on {
            refs.push((Named::Service, d.service.value.clone(), d.service.range.clone()));
        }
        for l in s.links.iter().chain(&s.service_refs) {
            let name = l.value.split(':').next().unwrap_or("").to_string();
            let r = l.sub_range(0..name.len());
            refs.push((Named::Service, name, r));
        }
        if let Some(e) = s.extends.as_ref().filter(|e| e.file.is_none()) {
            refs.push((Named::Service, e.service.value.clone(), e.service.range.clone()));
        }
    }
    let Some(root) = file.root() else { return (defs, refs) };
    for (section, named) in [
        ("networks", Named::Network),
        ("volumes", Named::Volume),
        ("configs", Named::Config),
        ("secrets", Named::Secret),
    ] {
        for e in root.get(section).and_then(Node::as_map).unwrap_or_default() {
            if let Some((name, r)) = verbatim(text, &e.key) {
                defs.push((named, name, r));
            }
        }
    }
    // Where services name them: `networks:` (a list or a map's keys), named volume sources,
    // `configs:`/`secrets:` (and `build.secrets`), as a string or a `source:`.
    for svc in root.get("services").and_then(Node::as_map).unwrap_or_default() {
        let body = &svc.value;
        let push = |refs: &mut Vec<Site>, named: Named, n: &Node| {
            if let Some((name, r)) = verbatim(text, n) {
                refs.push((named, name, r));
            }
        };
        match body.get("networks").map(|n| &n.value) {
            Some(Value::Seq(items)) => items.iter().for_each(|i| push(&mut refs, Named::Network, i)),
            Some(Value::Map(entries)) => entries.iter().for_each(|e| push(&mut refs, Named::Network, &e.key)),
            _ => {}
        }
        let sources = |n: Option<&Node>| -> Vec<Node> {
            n.and_then(Node::as_seq)
                .unwrap_or_default()
                .iter()
                .filter_map(|i| if i.as_str().is_some() { Some(i.clone()) } else { i.get("source").cloned() })
                .collect()
        };
        for (key, named) in [("configs", Named::Config), ("secrets", Named::Secret)] {
            for n in sources(body.get(key)) {
                push(&mut refs, named, &n);
            }
        }
        for n in sources(body.get("build").and_then(|b| b.get("secrets"))) {
            push(&mut refs, Named::Secret, &n);
        }
        for v in body.get("volumes").and_then(Node::as_seq).unwrap_or_default() {
            match v.as_str() {
                // `name:/path[:mode]`: a named volume when the source is not a path.
                Some(short) => {
                    let Some((_, r)) = verbatim(text, v) else { continue };
                    let src = short.split(':').next().unwrap_or("");
                    if short.contains(':') && !src.is_empty() && !src.starts_with(['.', '/', '~', '$']) {
                        refs.push((Named::Volume, src.to_string(), r.start..r.start + src.len()));
                    }
                }
                None => {
                    let is_volume = v.get("type").and_then(Node::as_str).is_none_or(|t| t == "volume");
                    if let Some(src) = v.get("source").filter(|_| is_volume) {
                        push(&mut refs, Named::Volume, src);
                    }
                }
            }
        }
    }
    anchors(text, root, &mut defs, &mut refs);
    (defs, refs)
}

/// `&name` and `*name` in the YAML, found from the nodes that carry them.
fn anchors(text: &str, node: &Node, defs: &mut Vec<Site>, refs: &mut Vec<Site>) {
    if let Some(alias) = &node.via_alias {
        // The copy's `*alias` (or `<<: *alias`): the name follows the `*`.
        if let Some(star) = text.get(alias.clone()).and_then(|t| t.find('*')) {
            let start = alias.start + star + 1;
            let len = text[start..alias.end]
                .find(|c: char| c.is_whitespace() || ",]}".contains(c))
                .unwrap_or(alias.end - start);
            refs.push((Named::Anchor, text[start..start + len].to_string(), start..start + len));
        }
        return;
    }
    if let Some(name) = &node.anchor {
        // The `&name` before the node, on its line or the one above.
        let from = text[..node.range.start].rfind('\n').and_then(|i| text[..i].rfind('\n')).map_or(0, |i| i + 1);
        if let Some(at) = text[from..node.range.start.max(from)].rfind(&format!("&{name}")) {
            let start = from + at + 1;
            defs.push((Named::Anchor, name.clone(), start..start + name.len()));
        }
    }
    match &node.value {
        Value::Map(entries) => {
            let mut merged_seen = Vec::new();
            for e in entries {
                match &e.merged_from {
                    // A `<<: *x` merge: one reference, however many keys it brings.
                    Some(m) => {
                        if !merged_seen.contains(m) {
                            merged_seen.push(m.clone());
                            let copy = Node { via_alias: Some(m.clone()), ..e.value.clone() };
                            anchors(text, &copy, defs, refs);
                        }
                    }
                    None => {
                        anchors(text, &e.key, defs, refs);
                        anchors(text, &e.value, defs, refs);
                    }
                }
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| anchors(text, i, defs, refs)),
        _ => {}
    }
}

/// The service name written at `offset` of a Compose file (a definition or a reference).
pub fn service_name_at(file: &ComposeFile, offset: usize) -> Option<String> {
    let (defs, refs) = compose_sites(file);
    let hit = |r: &Range<usize>| r.contains(&offset) || r.end == offset;
    defs.into_iter().chain(refs).find(|(k, _, r)| *k == Named::Service && hit(r)).map(|(_, n, _)| n)
}

/// Where a service is written across the Compose files of a project that share `compose`'s
/// namespace (includes, override files), and the `extends: {file, service}` naming it
/// from any file: `(file, range, is definition)`. Empty when no file of the namespace
/// defines it.
pub fn service_sites_across(
    shared: &state::Shared,
    inputs: &state::Inputs,
    compose: &Path,
    name: &str,
) -> Vec<(std::path::PathBuf, Range<usize>, bool)> {
    let Some(project) = shared.project_for(compose, inputs) else { return Vec::new() };
    let Some((me, _)) = project.compose_doc(compose) else { return Vec::new() };
    let group = project.shared_namespace(me);
    let mut out = Vec::new();
    for &g in &group {
        let doc = &project.compose[g];
        let (defs, refs) = compose_sites(&doc.file);
        let mine = |(k, n, _): &Site| *k == Named::Service && n == name;
        out.extend(defs.iter().filter(|s| mine(s)).map(|s| (doc.path.clone(), s.2.clone(), true)));
        out.extend(refs.iter().filter(|s| mine(s)).map(|s| (doc.path.clone(), s.2.clone(), false)));
    }
    if !out.iter().any(|s| s.2) {
        return Vec::new();
    }
    let members: Vec<std::path::PathBuf> = group.iter().map(|&g| normalize(&project.compose[g].path)).collect();
    for doc in &project.compose {
        for svc in &doc.file.services {
            let Some(ext) = &svc.extends else { continue };
            let Some(f) = &ext.file else { continue };
            if ext.service.value == name
                && ext.service.verbatim_offset.is_some()
                && members.contains(&normalize(&doc.dir().join(&f.value)))
            {
                out.push((doc.path.clone(), ext.service.sub_range(0..name.len()), false));
            }
        }
    }
    out.sort_by(|a, b| (&a.0, a.1.start).cmp(&(&b.0, b.1.start)));
    out.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1);
    out
}

fn resolve_compose(file: &ComposeFile, offset: usize) -> Option<Resolved> {
    let (defs, refs) = compose_sites(file);
    let hit = |r: &Range<usize>| r.contains(&offset) || r.end == offset;
    let (named, name) = defs.iter().chain(&refs).find(|(_, _, r)| hit(r)).map(|(k, n, _)| (*k, n.clone()))?;
    let def = defs.iter().find(|(k, n, _)| *k == named && *n == name)?.2.clone();
    Some(Resolved {
        definition: def,
        references: refs.into_iter().filter(|(k, n, _)| *k == named && *n == name).map(|(_, _, r)| r).collect(),
    })
}

/// The keys of the mappings around the line being typed, outermost first, found from the
/// lines above (each less-indented `key:` line is one level up).
pub fn enclosing_keys(text: &str, offset: usize, before: &str) -> Vec<String> {
    let above = &text[..offset - before.len()];
    let mut level = before.len() - before.trim_start().len();
    let mut path: Vec<String> = Vec::new();
    for l in above.lines().rev() {
        let t = l.trim_start();
        let ind = l.len() - t.len();
        if t.is_empty() || t.starts_with('#') || ind >= level {
            continue;
        }
        let Some((key, _)) = t.trim_start_matches("- ").split_once(':') else { continue };
        path.push(key.trim().to_string());
        level = ind;
        if ind == 0 {
            break;
        }
    }
    path.reverse();
    path
}

/// What a Compose `build:` being written asks of the Dockerfile it builds: `target:` values
/// (its stage names) or `args` keys (its ARGs). The service and what is asked, or `None`.
pub fn build_question(text: &str, offset: usize) -> Option<(String, BuildQuestion)> {
    let offset = shipshape_rules::text::floor_char_boundary(text, offset);
    let before = &text[text[..offset].rfind('\n').map_or(0, |i| i + 1)..offset];
    let path = enclosing_keys(text, offset, before);
    let t = before.trim_start();
    match path.as_slice() {
        [s, svc, b] if s == "services" && b == "build" && t.starts_with("target:") => {
            Some((svc.clone(), BuildQuestion::Stages))
        }
        [s, svc, b, a] if s == "services" && b == "build" && a == "args" && !t.contains([':', '=']) => {
            Some((svc.clone(), BuildQuestion::Args { list: t.starts_with('-') }))
        }
        _ => None,
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum BuildQuestion {
    Stages,
    /// `list`: the args are a list (`- NAME=value`), not a mapping.
    Args {
        list: bool,
    },
}

/// The answers from the Dockerfile a service builds: its stage names, or its ARGs (with
/// their defaults), as `NAME: ` / `NAME=` for the form the args are written in.
pub fn build_answers(df: &Dockerfile, q: &BuildQuestion, file_name: &str) -> Vec<Candidate> {
    let model = DockerfileModel::build(df);
    match q {
        BuildQuestion::Stages => {
            model.stages.iter().filter_map(|s| s.name.clone()).map(|n| cand(n, Some("stage"), false)).collect()
        }
        BuildQuestion::Args { list } => {
            let mut seen: Vec<String> = Vec::new();
            let mut out = Vec::new();
            for i in df.instructions.iter().filter(|i| i.kind == Kind::Arg) {
                for kv in i.key_values(df.escape) {
                    if seen.contains(&kv.key) {
                        continue;
                    }
                    let detail = match &kv.value {
                        Some(v) => format!("ARG in {file_name}, default `{v}`"),
                        None => format!("ARG in {file_name}, no default"),
                    };
                    let label = if *list { format!("{}=", kv.key) } else { format!("{}: ", kv.key) };
                    out.push(Candidate { label, detail: Some(detail), keyword: false });
                    seen.push(kv.key);
                }
            }
            out
        }
    }
}

/// A link's target: a file, or a web page.
pub enum Target {
    File(std::path::PathBuf),
    Web(String),
}

/// The web page of an image's repository on the registries that have one.
pub fn registry_page(image: &ImageRef) -> Option<String> {
    let repo = image.repository();
    Some(match image.registry() {
        "docker.io" => match repo.strip_prefix("library/") {
            Some(official) => format!("https://hub.docker.com/_/{official}"),
            None => format!("https://hub.docker.com/r/{repo}"),
        },
        "ghcr.io" => format!("https://ghcr.io/{repo}"),
        "quay.io" => format!("https://quay.io/repository/{repo}"),
        "mcr.microsoft.com" => format!("https://mcr.microsoft.com/artifact/mar/{repo}"),
        "public.ecr.aws" => format!("https://gallery.ecr.aws/{repo}"),
        "registry.gitlab.com" => {
            format!("https://gitlab.com/{}/container_registry", repo.rsplit_once('/').map_or(repo.as_str(), |(p, _)| p))
        }
        _ => return None,
    })
}

/// Links from a Dockerfile: its images (`FROM`, `COPY --from=<image>`) to their registry pages.
pub fn dockerfile_links(df: &Dockerfile) -> Vec<(Range<usize>, Target)> {
    let model = DockerfileModel::build(df);
    shipshape_rules::model::images::dockerfile_images(df, &model)
        .into_iter()
        .filter(|u| !u.via_variables)
        .filter_map(|u| Some((u.range.clone(), Target::Web(registry_page(&u.image)?))))
        .collect()
}

/// Links from a Compose file to the files it names and its images' pages: `build.dockerfile`
/// (relative to the context), `env_file`, `extends.file`, `include`, top-level `configs` and
/// `secrets` `file:`, bind-mount sources (relative to the Compose file), `image:`.
pub fn links(file: &ComposeFile, path: &Path) -> Vec<(Range<usize>, Target)> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let text = file.source.as_str();
    let literal = |v: &str| !v.contains('$') && !v.contains("://");
    let mut out = Vec::new();
    let mut file_link = |range: Range<usize>, p: std::path::PathBuf| out.push((range, Target::File(p)));
    for s in &file.services {
        if let Some(b) = &s.build {
            let ctx = b.context.as_ref().map_or(".", |c| c.value.as_str());
            if let Some(d) = &b.dockerfile {
                if literal(&d.value) && literal(ctx) {
                    file_link(d.range.clone(), dir.join(ctx).join(&d.value));
                }
            }
        }
        for e in s.env_file.iter().filter(|e| literal(&e.value)) {
            file_link(e.range.clone(), dir.join(&e.value));
        }
        if let Some(f) = s.extends.as_ref().and_then(|e| e.file.as_ref()) {
            file_link(f.range.clone(), dir.join(&f.value));
        }
        // Bind mounts of a relative or absolute host path: the source as written.
        for v in s.volumes.iter().filter(|v| v.kind == "bind") {
            let Some(src) = v.source.as_deref().filter(|s| literal(s) && s.starts_with(['.', '/'])) else { continue };
            let Some(at) = text.get(v.range.clone()).and_then(|t| t.find(src)) else { continue };
            let start = v.range.start + at;
            file_link(start..start + src.len(), dir.join(src));
        }
    }
    for i in file.includes.iter().filter(|i| literal(&i.value)) {
        file_link(i.range.clone(), dir.join(&i.value));
    }
    if let Some(root) = file.root() {
        for section in ["configs", "secrets"] {
            for e in root.get(section).and_then(|n| n.as_map()).unwrap_or_default() {
                let Some(f) = e.value.get("file") else { continue };
                if let Some(v) = f.as_str().filter(|v| literal(v)) {
                    file_link(f.range.clone(), dir.join(v));
                }
            }
        }
    }
    for s in &file.services {
        let Some(image) = s.image.as_ref().filter(|i| literal(&i.value)) else { continue };
        if let Some(page) =
            shipshape_rules::syntax::image_ref::ImageRef::parse(&image.value).ok().as_ref().and_then(registry_page)
        {
            out.push((image.range.clone(), Target::Web(page)));
        }
    }
    out.sort_by_key(|(r, _)| r.start);
    out
}

// The request handlers.

/// The image whose tag is being typed at `offset` (`FROM node:2`, `image: redis:7.`): the
/// reference without its tag, and the typed part of the tag.
pub fn tag_being_typed(p: &Parsed, offset: usize) -> Option<(ImageRef, String)> {
    let text = p.text.get(..offset)?;
    let written = if let Some(df) = p.dockerfile() {
        let inst = df.instructions.iter().find(|i| i.range.start <= offset && offset <= i.range.end)?;
        let parts = inst.as_from()?;
        let w = parts.image;
        if !(w.range.start < offset && offset <= w.range.end) {
            return None;
        }
        text.get(w.range.start..)?.to_string()
    } else {
        let line = &text[text.rfind('\n').map_or(0, |i| i + 1)..];
        line.trim_start().strip_prefix("image:")?.trim_start().trim_start_matches(['"', '\'']).to_string()
    };
    if written.contains(['$', '@', ' ']) {
        return None;
    }
    let (name, typed) = written.rsplit_once(':')?;
    // `host:5000/repo` has its colon before a slash: that is a port, not a tag.
    if typed.contains('/') {
        return None;
    }
    Some((ImageRef::parse(name).ok()?, typed.to_string()))
}

/// The tags that start with `typed`: versions newest first, then the others by name.
pub fn tag_candidates(tags: &[String], typed: &str) -> Vec<Candidate> {
    let mut matching: Vec<&String> = tags.iter().filter(|t| t.starts_with(typed)).collect();
    matching.sort_by(|a, b| {
        let (va, vb) = (Version::parse(a), Version::parse(b));
        match (va, vb) {
            (Some(x), Some(y)) => y.numbers.cmp(&x.numbers).then_with(|| a.cmp(b)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.cmp(b),
        }
    });
    matching.into_iter().take(200).map(|t| cand(t.clone(), Some("tag"), false)).collect()
}

pub(super) async fn completion(backend: &Backend, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let uri = params.text_document_position.text_document.uri;
    let Some(View { parsed, rope, enc, path, .. }) = backend.parsed(&uri) else { return Ok(None) };
    let offset = offset_of(&rope, enc, params.text_document_position.position)?;
    let registry = lock(&backend.state).docs.get(&uri).and_then(|d| d.registry.clone());
    // Image tags, when registry access is on: from the tag list if it has been fetched; else
    // it is fetched in the background and the list is marked incomplete, so the editor asks
    // again on the next keystroke.
    // A Compose `build.target` / `build.args` being written: from the Dockerfile it builds.
    if let (Some(file), Some(compose)) = (parsed.compose(), path.clone()) {
        if let Some((service, q)) = build_question(&parsed.text, offset) {
            if let Some(index) = file.services.iter().position(|s| s.name.value == service) {
                let backend2 = Backend { client: backend.client.clone(), state: backend.state.clone() };
                let answers = tokio::task::spawn_blocking(move || {
                    let (df_path, text) = rename::built_dockerfile(&backend2, &compose, index)?;
                    let name = df_path.file_name()?.to_string_lossy().into_owned();
                    Some(build_answers(&shipshape_rules::syntax::dockerfile::parse(&text), &q, &name))
                })
                .await
                .ok()
                .flatten()
                .unwrap_or_default();
                if !answers.is_empty() {
                    let items = answers
                        .into_iter()
                        .map(|c| CompletionItem {
                            label: c.label,
                            detail: c.detail,
                            kind: Some(CompletionItemKind::VALUE),
                            ..Default::default()
                        })
                        .collect();
                    return Ok(Some(CompletionResponse::Array(items)));
                }
            }
        }
    }
    let mut incomplete = false;
    let tags = match (registry, tag_being_typed(&parsed, offset)) {
        (Some(r), Some((image, typed))) => match r.peek_tags(&image) {
            Some(Ok(tags)) => Some(tag_candidates(&tags, &typed)),
            Some(Err(_)) => None,
            None => {
                incomplete = true;
                tokio::spawn(async move {
                    let _ = r.tag_list(&image).await;
                });
                None
            }
        },
        _ => None,
    };
    guard("completion", || {
        let candidates = match tags {
            Some(t) => t,
            None => {
                let dir = path.as_deref().and_then(Path::parent);
                navigate::complete(&parsed, offset, dir)
            }
        };
        let items: Vec<CompletionItem> = candidates
            .into_iter()
            .map(|c| CompletionItem {
                label: c.label,
                detail: c.detail,
                kind: Some(if c.keyword { CompletionItemKind::KEYWORD } else { CompletionItemKind::VALUE }),
                ..Default::default()
            })
            .collect();
        if incomplete {
            return Some(CompletionResponse::List(CompletionList { is_incomplete: true, items }));
        }
        (!items.is_empty()).then_some(CompletionResponse::Array(items))
    })
}

pub(super) async fn document_symbol(
    backend: &Backend,
    params: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    let Some(View { parsed, rope, kind, enc, .. }) = backend.parsed(&params.text_document.uri) else { return Ok(None) };
    guard("documentSymbol", || {
        #[allow(deprecated)]
        let syms = navigate::symbols(&parsed)
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

pub(super) async fn goto_definition(
    backend: &Backend,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let uri = params.text_document_position_params.text_document.uri;
    let Some(View { parsed, rope, enc, path, .. }) = backend.parsed(&uri) else { return Ok(None) };
    let offset = offset_of(&rope, enc, params.text_document_position_params.position)?;
    let local = guard("definition", || navigate::resolve(&parsed, offset))?;
    if let Some(r) = local {
        let range = position::range(&rope, enc, &r.definition);
        return Ok(Some(GotoDefinitionResponse::Scalar(Location { uri, range })));
    }
    // A service defined in another file of the namespace (an included file, the base of an
    // override file).
    let (Some(file), Some(path)) = (parsed.compose(), path) else { return Ok(None) };
    let Some(name) = navigate::service_name_at(file, offset) else { return Ok(None) };
    let (inputs, shared) = {
        let st = lock(&backend.state);
        (st.inputs(), st.shared.clone())
    };
    let found = tokio::task::spawn_blocking(move || {
        let sites = navigate::service_sites_across(&shared, &inputs, &path, &name);
        let (file, range, _) = sites.into_iter().find(|s| s.2)?;
        let rope = scheduler::related_text(&file, &inputs)?;
        Some(Location {
            uri: Uri::from_file_path(convert::absolute(&file))?,
            range: position::range(&rope, enc, &range),
        })
    })
    .await
    .ok()
    .flatten();
    Ok(found.map(GotoDefinitionResponse::Scalar))
}

pub(super) async fn references(backend: &Backend, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let uri = params.text_document_position.text_document.uri;
    let Some(View { parsed, rope, enc, .. }) = backend.parsed(&uri) else { return Ok(None) };
    let offset = offset_of(&rope, enc, params.text_document_position.position)?;
    let include_decl = params.context.include_declaration;
    guard("references", || {
        navigate::resolve(&parsed, offset).map(|r| {
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

pub(super) async fn document_link(backend: &Backend, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
    let uri = params.text_document.uri;
    let Some(View { parsed, rope, enc, path, .. }) = backend.parsed(&uri) else { return Ok(None) };
    guard("documentLink", || {
        let links = match (parsed.dockerfile(), parsed.compose(), &path) {
            (Some(df), _, _) => navigate::dockerfile_links(df),
            (_, Some(file), Some(path)) => navigate::links(file, path),
            _ => Vec::new(),
        };
        let links = links
            .into_iter()
            .filter_map(|(r, target)| {
                let (target, tooltip) = match target {
                    navigate::Target::File(p) => (Uri::from_file_path(convert::absolute(&normalize(&p)))?, None),
                    navigate::Target::Web(url) => (url.parse().ok()?, Some("the image's page on its registry".into())),
                };
                Some(DocumentLink { range: position::range(&rope, enc, &r), target: Some(target), tooltip, data: None })
            })
            .collect();
        Some(links)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(kind: FileKind, text: &str) -> Parsed {
        Parsed::new(kind, 0, text.to_string())
    }

    #[test]
    fn stage_definition_and_references() {
        let text = "FROM rust:1 AS build\nFROM alpine:3\nCOPY --from=build /a /b\nRUN --mount=type=cache,target=/x,from=build true\n";
        let at = text.find("--from=build").unwrap() + 8;
        let r = resolve(&parsed(FileKind::Dockerfile, text), at).unwrap();
        assert_eq!(&text[r.definition.clone()], "build");
        assert_eq!(r.definition.start, text.find("build").unwrap());
        assert_eq!(r.references.len(), 2);
    }

    #[test]
    fn variables_resolve_to_their_arg() {
        let text = "FROM alpine:3\nARG VERSION=1\nLABEL v=$VERSION\n";
        let r = resolve(&parsed(FileKind::Dockerfile, text), text.rfind("VERSION").unwrap() + 1).unwrap();
        assert_eq!(r.definition.start, text.find("VERSION").unwrap());
    }

    #[test]
    fn compose_services() {
        let text = "services:\n  db:\n    image: postgres:16\n  app:\n    image: x:1\n    depends_on: [db]\n";
        let r = resolve(&parsed(FileKind::Compose, text), text.rfind("db").unwrap()).unwrap();
        assert_eq!(r.definition.start, text.find("db").unwrap());
        assert_eq!(symbols(&parsed(FileKind::Compose, text)).len(), 2);
    }

    #[test]
    fn completes_compose_keys_from_the_schema() {
        let text = "services:\n  web:\n    build:\n      con";
        let c = complete(&parsed(FileKind::Compose, text), text.len(), None);
        assert!(c.iter().any(|c| c.label == "context"), "{:?}", c.iter().map(|c| &c.label).collect::<Vec<_>>());
        let text = "services:\n  web:\n    ima";
        assert!(complete(&parsed(FileKind::Compose, text), text.len(), None).iter().any(|c| c.label == "image"));
        let text = "services:\n  db:\n    image: x\n  web:\n    depends_on:\n      - ";
        assert!(complete(&parsed(FileKind::Compose, text), text.len(), None).iter().any(|c| c.label == "db"));
    }

    #[test]
    fn compose_networks_volumes_configs_secrets_and_anchors() {
        let text = "x-env: &env\n  A: 1\nservices:\n  web:\n    environment: *env\n    networks: [front]\n    volumes:\n      - data:/data\n      - ./src:/src\n      - type: volume\n        source: data\n        target: /d2\n    secrets:\n      - token\n    configs:\n      - source: cfg\n        target: /c\n  db:\n    <<: *env\n    networks:\n      front:\n        aliases: [db]\nnetworks:\n  front: {}\nvolumes:\n  data: {}\nsecrets:\n  token:\n    file: ./t\nconfigs:\n  cfg:\n    file: ./c\n";
        let p = parsed(FileKind::Compose, text);
        let check = |needle: &str, nth: usize, defined_at: &str, refs: usize| {
            let at = text.match_indices(needle).nth(nth).unwrap().0 + 1;
            let r = resolve(&p, at).unwrap_or_else(|| panic!("{needle}#{nth} resolves"));
            assert_eq!(
                r.definition.start,
                text.find(defined_at).unwrap() + defined_at.len() - needle.len(),
                "{needle}"
            );
            assert_eq!(r.references.len(), refs, "{needle}: {:?}", r.references);
            for rg in &r.references {
                assert_eq!(&text[rg.clone()], needle);
            }
        };
        check("front", 0, "\n  front", 2);
        check("data", 0, "\n  data", 2);
        check("token", 0, "\n  token", 1);
        check("cfg", 0, "\n  cfg", 1);
        check("env", 1, "&env", 2);
        // A bind mount's source is a path, not a volume.
        assert!(resolve(&p, text.find("./src").unwrap() + 2).is_none());
    }

    #[test]
    fn completes_keywords_flags_and_stages() {
        let text = "FROM rust:1 AS build\nFR";
        assert!(complete(&parsed(FileKind::Dockerfile, text), text.len(), None).iter().any(|c| c.label == "FROM"));
        let text = "FROM rust:1 AS build\nCOPY --";
        assert!(complete(&parsed(FileKind::Dockerfile, text), text.len(), None).iter().any(|c| c.label == "--from"));
        let text = "FROM rust:1 AS build\nFROM alpine:3 AS run\nCOPY --from=";
        let labels = |text: &str| -> Vec<String> {
            complete(&parsed(FileKind::Dockerfile, text), text.len(), None).into_iter().map(|c| c.label).collect()
        };
        // Earlier stages only: not the stage being written.
        assert_eq!(labels(text), ["build"]);
    }

    #[test]
    fn links_to_files_and_registry_pages() {
        let text = "include:\n  - ./base.yaml\nservices:\n  web:\n    image: nginx:1.27\n    env_file: web.env\n    volumes:\n      - ./html:/usr/share/nginx/html:ro\n      - data:/data\n  api:\n    image: ghcr.io/acme/api:2\nconfigs:\n  app:\n    file: ./app.conf\n";
        let p = parsed(FileKind::Compose, text);
        let links = links(p.compose().unwrap(), Path::new("/p/compose.yaml"));
        let got: Vec<(String, String)> = links
            .iter()
            .map(|(r, t)| {
                let to = match t {
                    Target::File(p) => p.display().to_string(),
                    Target::Web(u) => u.clone(),
                };
                (text[r.clone()].to_string(), to)
            })
            .collect();
        let want = [
            ("./base.yaml", "/p/./base.yaml"),
            ("nginx:1.27", "https://hub.docker.com/_/nginx"),
            ("web.env", "/p/web.env"),
            ("./html", "/p/./html"),
            ("ghcr.io/acme/api:2", "https://ghcr.io/acme/api"),
            ("./app.conf", "/p/./app.conf"),
        ];
        assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
        let df = "FROM bitnami/redis:7 AS r\nFROM r\nCOPY --from=quay.io/prometheus/node-exporter:v1 /bin/x /x\n";
        let p = parsed(FileKind::Dockerfile, df);
        let pages: Vec<String> = dockerfile_links(p.dockerfile().unwrap())
            .into_iter()
            .map(|(_, t)| match t {
                Target::Web(u) => u,
                Target::File(p) => p.display().to_string(),
            })
            .collect();
        assert_eq!(
            pages,
            ["https://hub.docker.com/r/bitnami/redis", "https://quay.io/repository/prometheus/node-exporter"]
        );
    }

    #[test]
    fn tags_being_typed_and_their_order() {
        let at =
            |kind, text: &str| tag_being_typed(&parsed(kind, text), text.len()).map(|(i, t)| (i.normalized_name(), t));
        assert_eq!(at(FileKind::Dockerfile, "FROM node:2"), Some(("docker.io/library/node".into(), "2".into())));
        assert_eq!(
            at(FileKind::Dockerfile, "FROM --platform=$BUILDPLATFORM ghcr.io/a/b:"),
            Some(("ghcr.io/a/b".into(), "".into()))
        );
        assert_eq!(at(FileKind::Dockerfile, "FROM localhost:5000/app"), None, "a port, not a tag");
        assert_eq!(at(FileKind::Dockerfile, "FROM node:20 AS b"), None);
        assert_eq!(
            at(FileKind::Compose, "services:\n  a:\n    image: \"redis:7."),
            Some(("docker.io/library/redis".into(), "7.".into()))
        );
        let tags: Vec<String> = ["latest", "7.2", "7.10.1", "7.4", "alpine", "6"].map(String::from).to_vec();
        let order: Vec<String> = tag_candidates(&tags, "").into_iter().map(|c| c.label).collect();
        assert_eq!(order, ["7.10.1", "7.4", "7.2", "6", "alpine", "latest"]);
        assert_eq!(tag_candidates(&tags, "7.").len(), 3);
    }

    #[test]
    fn compose_build_questions_and_answers() {
        let text = "services:\n  api:\n    build:\n      context: .\n      target: ";
        assert_eq!(build_question(text, text.len()), Some(("api".into(), BuildQuestion::Stages)));
        let text = "services:\n  api:\n    build:\n      args:\n        NO";
        assert_eq!(build_question(text, text.len()), Some(("api".into(), BuildQuestion::Args { list: false })));
        let text = "services:\n  api:\n    build:\n      args:\n        - ";
        assert_eq!(build_question(text, text.len()), Some(("api".into(), BuildQuestion::Args { list: true })));
        let text = "services:\n  api:\n    image: x\n    ";
        assert_eq!(build_question(text, text.len()), None);
        let df =
            parsed(FileKind::Dockerfile, "ARG BASE=alpine:3\nFROM $BASE AS build\nARG VERSION\nFROM build AS run\n");
        let df = df.dockerfile().unwrap();
        let labels = |q| build_answers(df, &q, "Dockerfile").into_iter().map(|c| c.label).collect::<Vec<_>>();
        assert_eq!(labels(BuildQuestion::Stages), ["build", "run"]);
        assert_eq!(labels(BuildQuestion::Args { list: false }), ["BASE: ", "VERSION: "]);
        assert_eq!(labels(BuildQuestion::Args { list: true }), ["BASE=", "VERSION="]);
    }

    #[test]
    fn completes_mount_types_and_their_keys() {
        let labels = |text: &str| -> Vec<String> {
            complete(&parsed(FileKind::Dockerfile, text), text.len(), None).into_iter().map(|c| c.label).collect()
        };
        assert_eq!(labels("FROM a:1\nRUN --mount=type="), ["cache", "bind", "secret", "ssh", "tmpfs"]);
        let cache = labels("FROM a:1\nRUN --mount=type=cache,target=/x,");
        assert!(cache.contains(&"sharing=".to_string()) && !cache.contains(&"target=".to_string()), "{cache:?}");
        assert!(!cache.contains(&"env=".to_string()), "env= is for secrets: {cache:?}");
        assert!(labels("FROM a:1\nRUN --mount=type=secret,").contains(&"env=".to_string()));
        assert_eq!(labels("FROM a:1\nRUN --mount=type=cache,sharing="), ["shared", "private", "locked"]);
        assert_eq!(labels("FROM a:1\nRUN --mount=")[0], "type=");
    }

    #[test]
    fn completes_copy_sources_from_the_context_minus_dockerignore() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src/app")).unwrap();
        std::fs::create_dir_all(dir.path().join("node_modules")).unwrap();
        std::fs::write(dir.path().join("package.json"), "{}").unwrap();
        std::fs::write(dir.path().join("src/main.js"), "").unwrap();
        std::fs::write(dir.path().join(".dockerignore"), "node_modules\n").unwrap();
        let labels = |text: &str| -> Vec<String> {
            complete(&parsed(FileKind::Dockerfile, text), text.len(), Some(dir.path()))
                .into_iter()
                .map(|c| c.label)
                .collect()
        };
        assert_eq!(labels("FROM a:1\nCOPY "), [".dockerignore", "package.json", "src/"]);
        assert_eq!(labels("FROM a:1\nCOPY src/m"), ["app/", "main.js"]);
        assert!(labels("FROM a:1 AS b\nFROM a:1\nCOPY --from=b ").is_empty(), "not from the context");
        let compose = |text: &str| -> Vec<String> {
            complete(&parsed(FileKind::Compose, text), text.len(), Some(dir.path()))
                .into_iter()
                .map(|c| c.label)
                .collect()
        };
        assert!(compose("services:\n  web:\n    build:\n      context: ").contains(&"src/".to_string()));
        assert!(compose("services:\n  web:\n    volumes:\n      - ./src/").contains(&"main.js".to_string()));
        // `dockerfile:` from the build context.
        let df = compose("services:\n  web:\n    build:\n      context: src\n      dockerfile: ");
        assert!(df.contains(&"main.js".to_string()) && df.contains(&"app/".to_string()), "{df:?}");
    }
}
