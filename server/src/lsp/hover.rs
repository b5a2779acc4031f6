//! Hover: rule docs on a finding, reference docs on instructions and flags, the parts of
//! an image reference, and Compose key docs.

use super::*;
use shipshape_rules::model::dockerfile::DockerfileModel;
use shipshape_rules::model::stage;
use shipshape_rules::rules;
use shipshape_rules::syntax::compose::ComposeFile;
use shipshape_rules::syntax::dockerfile::{Dockerfile, Kind};
use shipshape_rules::syntax::image_ref::ImageRef;
use shipshape_rules::syntax::yaml::{Node, Value};
use shipshape_rules::Diagnostic;

use super::reference;

/// Markdown for the thing at byte `offset`, and the byte range it covers.
/// `args`: what the project's Compose files pass in `build.args` (variable values).
pub fn hover(
    p: &Parsed,
    offset: usize,
    diags: &[Diagnostic],
    args: &[inlay_hints::BuildArg],
) -> Option<(String, std::ops::Range<usize>)> {
    // Findings first: hovering a squiggle explains it.
    let here: Vec<&Diagnostic> =
        diags.iter().filter(|d| d.range.start <= offset && offset <= d.range.end.max(d.range.start + 1)).collect();
    if let Some(first) = here.first() {
        let mut seen = Vec::new();
        let mut out = String::new();
        for d in &here {
            if seen.contains(&d.rule) {
                continue;
            }
            seen.push(d.rule);
            if rules::rule(d.rule).is_some() {
                if !out.is_empty() {
                    out.push_str("\n\n---\n\n");
                }
                out.push_str(&finding_answer(d));
            }
        }
        return Some((out, first.range.clone()));
    }
    match (p.dockerfile(), p.compose()) {
        (Some(df), _) => variable_hover(p, df, offset, args).or_else(|| dockerfile_hover(df, offset)),
        (_, Some(file)) => service_hover(p, file, offset).or_else(|| compose_hover(file, offset)),
        _ => None,
    }
}

/// The first line of the instruction around `offset`, for "set by".
fn line_at(text: &str, offset: usize) -> &str {
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
    text[start..end].trim()
}

/// On a `$VAR`: where it is set and the value it has there.
fn variable_hover(
    p: &Parsed,
    df: &Dockerfile,
    offset: usize,
    args: &[inlay_hints::BuildArg],
) -> Option<(String, std::ops::Range<usize>)> {
    let (at, inst) =
        df.instructions.iter().enumerate().find(|(_, i)| i.range.start <= offset && offset <= i.range.end)?;
    let builder = inst.variables(df.escape);
    let shell = inst.shell_variables(&df.source);
    let (v, by_shell) = match builder.iter().find(|v| v.range.contains(&offset)) {
        Some(v) => (v, false),
        None => (shell.iter().find(|v| v.range.contains(&offset))?, true),
    };
    let mut md = format!("**`${}`**", v.name);
    // The value the builder gives it here: the inlay hint's, which knows `build.args`.
    let mut value = inlay_hints::dockerfile_hints(df, args)
        .into_iter()
        .find(|h| h.offset == v.range.end)
        .map(|h| (h.label.trim_start_matches("= ").to_string(), h.tooltip));
    if by_shell {
        // A RUN sees the ARG/ENV values in scope as environment variables.
        let model = DockerfileModel::build(df);
        stage::walk(df, &model, |i, _, st| {
            if i == at {
                value = st.get(&v.name).map(|s| (s.to_string(), String::new()));
            }
        });
    }
    match &value {
        Some((val, _)) if by_shell => md += &format!(" is `{val}` when this runs (unless the script sets it)"),
        Some((val, why)) if why.starts_with("`build.args`") => md += &format!(" = `{val}` here ({why})"),
        Some((val, _)) => md += &format!(" = `{val}` here"),
        None => md += " has no value known here (a build argument without default, or set at run time)",
    }
    if let Some(def) = navigate::resolve(p, offset).map(|r| r.definition) {
        let line = df.source[..def.start].matches('\n').count() + 1;
        md += &format!("\n\nSet on line {line}: `{}`", line_at(&df.source, def.start));
    }
    Some((md, v.range.clone()))
}

/// On a reference to a service, network, volume, config, secret or anchor: its definition
/// as written (its first lines).
fn service_hover(p: &Parsed, file: &ComposeFile, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let r = navigate::resolve(p, offset)?;
    let here = r.references.iter().find(|r| r.contains(&offset) || r.end == offset)?.clone();
    let root = file.root()?;
    // A top-level entry (services, networks, …) whose key is the definition, else the
    // anchored node.
    let mut found = None;
    for (section, what) in [
        ("services", "Service"),
        ("networks", "Network"),
        ("volumes", "Volume"),
        ("configs", "Config"),
        ("secrets", "Secret"),
    ] {
        for e in root.get(section).and_then(Node::as_map).unwrap_or_default() {
            if e.key.range.contains(&r.definition.start) {
                found = Some((what, e.key.range.start..e.value.range.end.max(e.key.range.end)));
            }
        }
    }
    let (what, range) =
        found.unwrap_or(("Anchor", r.definition.start.saturating_sub(1)..line_end(&p.text, r.definition.end)));
    let text = p.text.get(range.clone())?;
    let name = p.text.get(r.definition.clone())?;
    // The definition as written, its first lines, indented as in the file.
    let indent = p.text[..range.start].rsplit('\n').next().map_or(0, str::len);
    let mut lines: Vec<String> = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if i == 12 {
            lines.push(format!("{}# …", " ".repeat(indent + 2)));
            break;
        }
        lines.push(if i == 0 { format!("{}{l}", " ".repeat(indent)) } else { l.to_string() });
    }
    let line = p.text[..range.start].matches('\n').count() + 1;
    Some((format!("**{what} `{name}`** (line {line})\n\n```yaml\n{}\n```", lines.join("\n")), here))
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i)
}

/// A finding's short answer: the message, why it matters and the fix, each a paragraph of
/// the rule's docs, and a link to the whole page.
fn finding_answer(d: &Diagnostic) -> String {
    let mut out = format!("**{}** ({}): {}", d.rule, d.severity.as_str(), d.message);
    if let Some(r) = rules::rule(d.rule) {
        let docs = r.meta().docs;
        for (heading, label) in [("## Why", "Why"), ("## Fix", "Fix")] {
            if let Some(p) = rules::doc_paragraph(docs, heading) {
                out += &format!("\n\n*{label}:* {p}");
            }
        }
    }
    if let Some(url) = d.url() {
        let code = d.hadolint_code().filter(|c| c.starts_with("SC")).unwrap_or(d.rule);
        out += &format!("\n\n[{code}: the full rule]({url})");
    }
    out
}

fn image_markdown(written: &str) -> Option<String> {
    let r = ImageRef::parse(written).ok()?;
    let mut s = format!(
        "**Image** `{written}`\n\n| | |\n|---|---|\n| registry | `{}` |\n| repository | `{}` |\n",
        r.registry(),
        r.repository()
    );
    s += &format!("| tag | {} |\n", r.tag.as_deref().map_or("*(none: `latest`)*".to_string(), |t| format!("`{t}`")));
    s += &format!("| digest | {} |\n", r.digest.as_deref().map_or("*(none)*".to_string(), |d| format!("`{d}`")));
    s += &format!("\nNormalised: `{}`", r.normalized());
    // The releases still supported, for the product and distribution this tag runs.
    let today = crate::clock::today();
    let mut seen = Vec::new();
    for c in shipshape_rules::model::eol::cycles_of(&r) {
        if seen.contains(&c.product) {
            continue;
        }
        seen.push(c.product);
        let state = if c.eol > today.as_str() {
            format!("supported until {}", c.eol)
        } else {
            format!("**end of life since {}**", c.eol)
        };
        s += &format!("\n\n{} {}: {state}.", c.label, c.cycle);
        if let Some(sum) = shipshape_rules::model::eol::summary(c.product, &today) {
            s += &format!(" {sum}.");
        }
    }
    Some(s)
}

fn dockerfile_hover(df: &Dockerfile, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let inst = df.instructions.iter().find(|i| i.range.start <= offset && offset <= i.range.end)?;
    let inst = match &inst.onbuild {
        Some(inner) if offset >= inner.keyword_range.start => inner.as_ref(),
        _ => inst,
    };
    if inst.keyword_range.contains(&offset) || offset == inst.keyword_range.end {
        return Some((reference::instruction(inst.kind.name())?.to_string(), inst.keyword_range.clone()));
    }
    for f in &inst.flags {
        if f.range.contains(&offset) {
            if let (Some(vr), Some(v)) = (&f.value_range, &f.value) {
                if f.name == "from" && vr.contains(&offset) && v.contains(['/', ':', '.']) {
                    return image_markdown(v).map(|m| (m, vr.clone()));
                }
            }
            return Some((reference::flag(inst.kind.name(), &f.name)?.to_string(), f.range.clone()));
        }
    }
    if inst.kind == Kind::From {
        let parts = inst.as_from()?;
        if parts.image.range.contains(&offset) {
            return image_markdown(&parts.image.value(df.escape)).map(|m| (m, parts.image.range.clone()));
        }
    }
    None
}

/// The mapping keys from the root to the node at `offset`, and that node.
fn key_path<'a>(node: &'a Node, offset: usize, path: &mut Vec<String>) -> Option<(&'a Node, std::ops::Range<usize>)> {
    match &node.value {
        Value::Map(entries) => {
            for e in entries.iter().filter(|e| e.merged_from.is_none()) {
                if e.key.range.contains(&offset) || e.key.range.end == offset {
                    path.push(e.key.as_str().unwrap_or("").to_string());
                    return Some((&e.key, e.key.range.clone()));
                }
                if e.value.range.contains(&offset) && e.value.via_alias.is_none() {
                    path.push(e.key.as_str().unwrap_or("").to_string());
                    return key_path(&e.value, offset, path).or(Some((&e.value, e.value.range.clone())));
                }
            }
            None
        }
        Value::Seq(items) => {
            for it in items {
                if it.range.contains(&offset) {
                    path.push("[]".into());
                    return key_path(it, offset, path).or(Some((it, it.range.clone())));
                }
            }
            None
        }
        _ => None,
    }
}

fn compose_hover(file: &ComposeFile, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    let root = file.root()?;
    let mut path = Vec::new();
    let (node, range) = key_path(root, offset, &mut path)?;
    // An image value: its parts.
    if path.len() == 3 && path[0] == "services" && path[2] == "image" && node.range == range {
        if let Some(v) = node.as_str() {
            if !v.contains('$') {
                return image_markdown(v).map(|m| (m, range));
            }
        }
    }
    super::compose_keys::describe(&path).map(|d| (d, range))
}

// The request handlers.

pub(super) async fn request(backend: &Backend, params: HoverParams) -> Result<Option<Hover>> {
    let uri = params.text_document_position_params.text_document.uri;
    let pos = params.text_document_position_params.position;
    let Some(View { parsed, rope, kind, enc, path }) = backend.parsed(&uri) else { return Ok(None) };
    let (diags, markdown, registry) = {
        let st = lock(&backend.state);
        let Some(doc) = st.docs.get(&uri) else { return Ok(None) };
        (doc.diagnostics.clone(), st.markdown, doc.pin_view())
    };
    let offset = offset_of(&rope, enc, pos)?;
    let found = guard("hover", || {
        let text = parsed.text.as_str();
        let args = match (&path, parsed.dockerfile()) {
            (Some(p), Some(_)) => inlay_hints::build_args(backend, p),
            _ => Vec::new(),
        };
        let mut found = hover::hover(&parsed, offset, &diags, &args);
        // On an image, what the registry says (or that it is being asked).
        if let Some((r, pins)) = &registry {
            let pins = pins.clone().unwrap_or_else(|| Arc::new(crate::pin::targets(kind, text)));
            if let Some(t) = pinning::target_at(&pins, offset) {
                let answer = r.peek(&t.image);
                if answer.is_none() {
                    if let Some(set) = pinning::prefetch(r, std::slice::from_ref(t)) {
                        backend.republish_after(set, uri.clone());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_shows_what_it_names() {
        let text = "services:\n  web:\n    image: nginx:1.27\n    networks: [front]\n    depends_on: [db]\n  db:\n    image: postgres:16\nnetworks:\n  front:\n    driver: bridge\n";
        let p = Parsed::new(FileKind::Compose, 0, text.to_string());
        let at = |needle: &str| hover(&p, text.find(needle).unwrap() + 1, &[], &[]).unwrap().0;
        let net = at("front]");
        assert!(net.starts_with("**Network `front`** (line 9)") && net.contains("driver: bridge"), "{net}");
        let db = at("db]");
        assert!(db.starts_with("**Service `db`** (line 6)") && db.contains("image: postgres:16"), "{db}");
    }
}
