//! Inlay hints: the value a variable has where it is used.
//!
//! - Dockerfiles: after a `$VAR` the builder expands, the value it has there (its ARG
//!   default or ENV value, a global ARG's default in FROM lines) or the value the project's
//!   Compose file passes in `build.args`; and at an `ARG` that `build.args` sets, that value.
//! - Compose files: after a `${VAR}`, its value from the environment or `.env`, or the
//!   default it falls back to.
//! - Compose files: after a key a service overrides from the service it `extends`, the
//!   parent's value.
//! - With registry access on, after an image whose tag moves: the version it points at
//!   today (`redis:latest → 7.4.1`), from the registry's answer once it has come.

use super::*;
use shipshape_rules::model::dockerfile::DockerfileModel;
use shipshape_rules::model::stage::StageState;
use shipshape_rules::syntax::compose::interpolation;
use shipshape_rules::syntax::dockerfile::{Dockerfile, Kind};
use shipshape_rules::syntax::yaml::{Node, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// Where the hint goes (after the use).
    pub offset: usize,
    pub label: String,
    pub tooltip: String,
}

/// A value passed by a Compose file: `build.args` of a service that builds this Dockerfile.
#[derive(Debug, Clone)]
pub struct BuildArg {
    pub name: String,
    pub value: String,
    /// "service `api` in compose.yaml".
    pub from: String,
}

const MAX: usize = 40;

fn label(value: &str) -> String {
    let one_line = value.replace(['\n', '\r'], " ");
    let short: String = one_line.chars().take(MAX).collect();
    if short.len() < one_line.len() {
        format!("= {short}…")
    } else {
        format!("= {short}")
    }
}

pub fn dockerfile_hints(df: &Dockerfile, args: &[BuildArg]) -> Vec<Hint> {
    let model = DockerfileModel::build(df);
    let esc = df.escape;
    let passed = |name: &str| args.iter().find(|a| a.name == name);
    let mut out = Vec::new();
    // Is `name` at instruction `at` an ARG of its stage (so `build.args` can set it), rather
    // than an ENV, which no build argument changes?
    let arg_in_scope = |at: usize, name: &str| -> bool {
        let Some(s) = model.stages.iter().find(|s| s.instructions.contains(&at)) else { return false };
        df.instructions[s.instructions.start..at]
            .iter()
            .rev()
            .filter(|i| matches!(i.kind, Kind::Arg | Kind::Env))
            .find_map(|i| i.key_values(esc).into_iter().any(|kv| kv.key == name).then_some(i.kind == Kind::Arg))
            .unwrap_or(false)
    };
    // FROM lines see the global ARGs.
    for s in &model.stages {
        let from = &df.instructions[s.from];
        for v in from.variables(esc) {
            let global = model.global_args.iter().rev().find(|a| a.name == v.name);
            let hint = match (passed(&v.name).filter(|_| global.is_some()), global.and_then(|g| g.default.as_ref())) {
                (Some(a), _) => Some((a.value.clone(), format!("`build.args` of {}", a.from))),
                (None, Some(d)) => Some((d.clone(), format!("the default of the global `ARG {}`", v.name))),
                _ => None,
            };
            if let Some((value, why)) = hint {
                out.push(Hint { offset: v.range.end, label: label(&value), tooltip: why });
            }
        }
    }
    // The builder's state through each stage, with the values `build.args` passes set on
    // the ARGs that declare them.
    let mut ends: Vec<StageState> = Vec::new();
    for s in &model.stages {
        let mut st = StageState::starting(&s.base, &ends);
        for i in s.instructions.clone().skip(1) {
            let inst = &df.instructions[i];
            for v in inst.variables(esc) {
                // `${VAR:-x}` and friends: the hint is the variable's value, not the result.
                if let Some(value) = st.get(&v.name) {
                    let why = match passed(&v.name).filter(|_| arg_in_scope(i, &v.name)) {
                        Some(a) => format!("`build.args` of {}", a.from),
                        None => "its value at this line".to_string(),
                    };
                    out.push(Hint { offset: v.range.end, label: label(value), tooltip: why });
                }
            }
            st.apply(df, &model, inst);
            if inst.kind == Kind::Arg {
                for kv in inst.key_values(esc) {
                    if let Some(a) = passed(&kv.key) {
                        let end = kv.value_range.clone().map_or(kv.key_range.end, |r| r.end);
                        out.push(Hint {
                            offset: end,
                            label: label(&a.value),
                            tooltip: format!("set by `build.args` of {}", a.from),
                        });
                        st.env.insert(kv.key, Some(a.value.clone()));
                    }
                }
            }
        }
        ends.push(st);
    }
    out.sort_by_key(|h| h.offset);
    out
}

/// `${VAR}` hints in a Compose file; `env` and `dotenv` are the two sources, in order.
pub fn compose_hints(
    text: &str,
    root: &Node,
    env: &dyn Fn(&str) -> Option<String>,
    dotenv: &dyn Fn(&str) -> Option<String>,
) -> Vec<Hint> {
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.via_alias.is_some() {
            continue;
        }
        match &n.value {
            Value::Map(entries) => stack.extend(entries.iter().filter(|e| e.merged_from.is_none()).map(|e| &e.value)),
            Value::Seq(items) => stack.extend(items.iter()),
            Value::Scalar(_) => {
                let Some(raw) = text.get(n.range.clone()).filter(|r| r.contains('$')) else { continue };
                for v in interpolation::find(raw).0 {
                    let lookup = |name: &str| env(name).or_else(|| dotenv(name));
                    let resolved = interpolation::interpolate(&raw[v.range.clone()], &lookup);
                    let source = if env(&v.name).is_some() {
                        "the environment"
                    } else if dotenv(&v.name).is_some() {
                        "`.env`"
                    } else if v.op.is_some() && resolved.unknown.is_empty() {
                        "the default written here"
                    } else {
                        "nothing: unset, it becomes empty"
                    };
                    let label = if resolved.unknown.is_empty() { label(&resolved.value) } else { "= (unset)".into() };
                    out.push(Hint {
                        offset: n.range.start + v.range.end,
                        label,
                        tooltip: format!("`{}` from {source}", v.name),
                    });
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|h| h.offset);
    out
}

/// After each scalar a service sets that the service it `extends` also sets, differently:
/// the parent's value. `parent_of(file, service)` finds the parent's YAML node (`file` is
/// `extends.file`, `None` for this file).
/// Finds an `extends` parent: `(extends.file, service)` → its node and " in <file>".
pub type ParentOf<'a> = &'a dyn Fn(Option<&str>, &str) -> Option<(Node, String)>;

pub fn extends_hints(file: &shipshape_rules::syntax::compose::ComposeFile, parent_of: ParentOf) -> Vec<Hint> {
    let mut out = Vec::new();
    let Some(services) = file.root().and_then(|r| r.get("services")) else { return out };
    for svc in &file.services {
        let Some(ext) = &svc.extends else { continue };
        let Some(child) = services.get(&svc.name.value) else { continue };
        let Some((parent, from)) = parent_of(ext.file.as_ref().map(|f| f.value.as_str()), &ext.service.value) else {
            continue;
        };
        let mut path = Vec::new();
        overridden(child, &parent, &mut path, &ext.service.value, &from, &mut out);
    }
    out.sort_by_key(|h| h.offset);
    out
}

fn overridden(child: &Node, parent: &Node, path: &mut Vec<String>, service: &str, from: &str, out: &mut Vec<Hint>) {
    let Some(entries) = child.as_map() else { return };
    for e in entries.iter().filter(|e| e.merged_from.is_none() && e.value.via_alias.is_none()) {
        let Some(key) = e.key.as_str() else { continue };
        // `extends` itself is not inherited.
        if path.is_empty() && key == "extends" {
            continue;
        }
        let Some(theirs) = parent.get(key) else { continue };
        path.push(key.to_string());
        match (&e.value.value, &theirs.value) {
            (Value::Map(_), Value::Map(_)) => overridden(&e.value, theirs, path, service, from, out),
            (Value::Scalar(mine), Value::Scalar(old)) if mine.text != old.text => out.push(Hint {
                offset: e.value.range.end,
                label: format!("(was {})", label(&old.text).trim_start_matches("= ")),
                tooltip: format!(
                    "`{service}`{from} sets `{}` to `{}`; this service overrides it",
                    path.join("."),
                    old.text
                ),
            }),
            _ => {}
        }
        path.pop();
    }
}

/// What the Compose files of the project pass to this Dockerfile in `build.args`.
pub(super) fn build_args(backend: &Backend, path: &Path) -> Vec<BuildArg> {
    let (inputs, shared) = {
        let st = lock(&backend.state);
        (st.inputs(), st.shared.clone())
    };
    let Some(project) = shared.project_for(path, &inputs) else { return Vec::new() };
    let mut out: Vec<BuildArg> = Vec::new();
    for b in project.builds_of(path) {
        let doc = &project.compose[b.compose];
        let Some(svc) = doc.file.services.get(b.service) else { continue };
        let Some(build) = &svc.build else { continue };
        let file = doc.path.file_name().map_or_else(String::new, |f| f.to_string_lossy().into_owned());
        for (k, v) in &build.args {
            // A value with `${…}` is the Compose file's business; show it only when literal.
            let Some(v) = v.as_ref().filter(|v| !v.value.contains('$')) else { continue };
            if !out.iter().any(|a| a.name == k.value) {
                out.push(BuildArg {
                    name: k.value.clone(),
                    value: v.value.clone(),
                    from: format!("service `{}` in {file}", svc.name.value),
                });
            }
        }
    }
    out
}

pub(super) async fn request(backend: &Backend, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let Some(View { parsed, rope, enc, path, .. }) = backend.parsed(&params.text_document.uri) else {
        return Ok(None);
    };
    // A range past the end (the editor's visible lines) is clamped to the text.
    let clamp = |pos| position::offset(&rope, enc, pos).unwrap_or(rope.len_bytes());
    let (start, end) = (clamp(params.range.start), clamp(params.range.end));
    let backend2 = Backend { client: backend.client.clone(), state: backend.state.clone() };
    // The project and `.env` come from disk: off the request thread.
    let hints = tokio::task::spawn_blocking(move || {
        guard("inlayHint", || {
            if let Some(df) = parsed.dockerfile() {
                let args = path.as_deref().map(|p| build_args(&backend2, p)).unwrap_or_default();
                dockerfile_hints(df, &args)
            } else if let Some(root) = parsed.compose().and_then(|f| f.root()) {
                let dotenv = path
                    .as_deref()
                    .and_then(Path::parent)
                    .and_then(|d| OsFs.read_to_string(&d.join(".env")).ok())
                    .map(|t| dotenv::parse(&t))
                    .unwrap_or_default();
                let from_env = |n: &str| std::env::var(n).ok();
                let from_dotenv = |n: &str| dotenv.iter().rev().find(|(k, _)| k == n).map(|(_, v)| v.clone());
                let mut hints = compose_hints(&parsed.text, root, &from_env, &from_dotenv);
                if let Some(file) = parsed.compose() {
                    // The parent in this file, or in the file `extends.file` names (read from
                    // disk, relative to this one).
                    let dir = path.as_deref().and_then(Path::parent).map(Path::to_path_buf);
                    let parent_of = |other: Option<&str>, name: &str| -> Option<(Node, String)> {
                        match other {
                            None => Some((root.get("services")?.get(name)?.clone(), String::new())),
                            Some(f) => {
                                let text = OsFs.read_to_string(&dir.as_ref()?.join(f)).ok()?;
                                let parsed = compose::parse(&text);
                                let node = parsed.root()?.get("services")?.get(name)?.clone();
                                Some((node, format!(" in {f}")))
                            }
                        }
                    };
                    hints.extend(extends_hints(file, &parent_of));
                    hints.sort_by_key(|h| h.offset);
                }
                hints
            } else {
                Vec::new()
            }
        })
    })
    .await
    .map_err(|_| Error::internal_error())??;
    // What a moving tag points at today (`latest → 7.4.1`), once the registry has answered.
    let mut hints = hints;
    let pins = lock(&backend.state).docs.get(&params.text_document.uri).and_then(|d| d.pin_view());
    if let Some((registry, pins)) = pins {
        let pins = pins.map(|p| p.to_vec()).unwrap_or_default();
        for t in pins.iter().filter(|t| t.image.digest.is_none()) {
            let Some(Ok(info)) = registry.peek(&t.image) else { continue };
            let Some(version) = info.version.as_ref().filter(|v| **v != info.tag) else { continue };
            let short = info.digest.get(..19).unwrap_or(&info.digest);
            hints.push(Hint {
                offset: t.range.end,
                label: format!("→ {version}"),
                tooltip: format!("`{}` points at {version} today ({short}…), the registry says", info.tag),
            });
        }
        hints.sort_by_key(|h| h.offset);
    }
    Ok(Some(
        hints
            .into_iter()
            .filter(|h| (start..=end).contains(&h.offset))
            .map(|h| InlayHint {
                position: position::position(&rope, enc, h.offset),
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(h.tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_rules::syntax::dockerfile::parse;

    fn at(text: &str, hints: &[Hint]) -> Vec<(String, String)> {
        hints
            .iter()
            .map(|h| (text[..h.offset].rsplit([' ', '\n']).next().unwrap().to_string(), h.label.clone()))
            .collect()
    }

    #[test]
    fn dockerfile_values_at_their_use() {
        let text = "ARG BASE=alpine:3.20\nFROM ${BASE}\nARG VERSION=1.2\nENV DIR=/opt/app-$VERSION\nWORKDIR $DIR\nARG UNSET\nRUN echo $UNSET\n";
        let df = parse(text);
        let h = dockerfile_hints(&df, &[]);
        assert_eq!(
            at(text, &h),
            [
                ("${BASE}".to_string(), "= alpine:3.20".to_string()),
                ("DIR=/opt/app-$VERSION".into(), "= 1.2".into()),
                ("$DIR".into(), "= /opt/app-1.2".into()),
            ]
        );
    }

    #[test]
    fn compose_build_args_win_over_defaults_but_not_over_env() {
        let text = "FROM alpine:3\nARG PY=3.11\nENV MODE=dev\nLABEL py=$PY mode=$MODE\n";
        let df = parse(text);
        let args = [
            BuildArg { name: "PY".into(), value: "3.12".into(), from: "service `api` in compose.yaml".into() },
            BuildArg { name: "MODE".into(), value: "prod".into(), from: "service `api` in compose.yaml".into() },
        ];
        let h = dockerfile_hints(&df, &args);
        let labels: Vec<&str> = h.iter().map(|h| h.label.as_str()).collect();
        // At the ARG, then at its use; MODE is an ENV: build.args does not change it.
        assert_eq!(labels, ["= 3.12", "= 3.12", "= dev"]);
        assert!(h[0].tooltip.contains("service `api`"));
    }

    #[test]
    fn extended_keys_show_the_parent_value() {
        let text = "services:\n  base:\n    image: app:1\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n  web:\n    extends: base\n    image: app:2\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n  same:\n    extends:\n      service: base\n    image: app:1\n";
        let file = compose::parse(text);
        let root = file.root().unwrap().clone();
        let parent_of = |f: Option<&str>, name: &str| -> Option<(Node, String)> {
            assert!(f.is_none());
            Some((root.get("services")?.get(name)?.clone(), String::new()))
        };
        let h = extends_hints(&file, &parent_of);
        let got: Vec<(&str, &str)> = h
            .iter()
            .map(|h| (&text[..h.offset], h.label.as_str()))
            .map(|(t, l)| (t.rsplit(' ').next().unwrap(), l))
            .collect();
        // Overridden values only (the same value is not an override worth a hint).
        assert_eq!(got, [("app:2", "(was app:1)"), ("512M", "(was 256M)")]);
        assert!(h[1].tooltip.contains("`deploy.resources.limits.memory`"), "{}", h[1].tooltip);
    }

    #[test]
    fn compose_interpolations_resolved() {
        let text = "services:\n  web:\n    image: \"nginx:${TAG:-1.27}\"\n    environment:\n      A: ${FROM_ENV}\n      B: $FROM_DOTENV\n      C: ${NOPE}\n";
        let file = compose::parse(text);
        let env = |n: &str| (n == "FROM_ENV").then(|| "e".to_string());
        let dotenv = |n: &str| (n == "FROM_DOTENV").then(|| "d".to_string());
        let h = compose_hints(text, file.root().unwrap(), &env, &dotenv);
        let got: Vec<(&str, &str)> = h.iter().map(|h| (h.label.as_str(), h.tooltip.as_str())).collect();
        assert_eq!(
            got,
            [
                ("= 1.27", "`TAG` from the default written here"),
                ("= e", "`FROM_ENV` from the environment"),
                ("= d", "`FROM_DOTENV` from `.env`"),
                ("= (unset)", "`NOPE` from nothing: unset, it becomes empty"),
            ]
        );
        assert_eq!(&text[..h[0].offset], "services:\n  web:\n    image: \"nginx:${TAG:-1.27}");
    }
}
