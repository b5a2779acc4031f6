use std::ops::Range;
use std::path::Path;

use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::project::normalize;
use crate::model::services::ServiceSet;
use crate::syntax::compose::{self, Str};
use crate::syntax::yaml::Node;
use crate::util::did_you_mean;

pub struct UndefinedService;

static META: RuleMeta = RuleMeta {
    id: "undefined-service",
    summary: "`depends_on`, `links`, `extends` or a `service:` reference names a service that does not exist",
    category: Category::Compose,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::Unsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# undefined-service

## What it finds
A reference to a service that the project does not define:

- `depends_on` (list or mapping form), `links` (`name` or `name:alias`),
- `extends: {service: x}` without `file:` (the service must be in the same file; with
  `file:` it must be in that file),
- `network_mode: service:x`, `pid: service:x`, `ipc: service:x`, `volumes_from: [x]`.

The project is this file's services after `extends` and merge keys, the services of files
it `include:`s, the services of its base or override file (`compose.yaml` and
`compose.override.yaml`), and those of the other Compose files in the same folder, which
are often combined with `-f`. `volumes_from: [container:x]` names a container, not a service.

## Why
Compose refuses the whole project: `service "api" depends on undefined service "postgress":
invalid compose project`. Nothing starts, and with `required: false` the error is the same.
A typo in `links` or `network_mode: service:` fails the same way.

## Example
```yaml
services:
  api:
    image: example/api:1.4
    depends_on: [postgress]     # the service is called postgres
  postgres:
    image: postgres:16
```

## Fix
Use the name of a defined service. When one is a typo away, the message names it and the
quick fix (unsafe: check that it is the service you meant) replaces the reference.

## Silence
`# shipshape ignore=undefined-service` on the line above, or `ignore = ["undefined-service"]`
in `.shipshape.toml`.
"#,
};

const PROJECT: &str = "this project";

impl Rule for UndefinedService {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        // Alone, an overlay's references point at files we cannot see.
        if set.project().is_none() && set.is_overlay() {
            return;
        }
        let names = set.defined_names();
        let mut seen: Vec<Range<usize>> = Vec::new();
        let mut report = |r: &Str, what: String, scope: &str, candidates: &[&str], out: &mut Findings| {
            if seen.contains(&r.range) {
                return;
            }
            seen.push(r.range.clone());
            let name = &r.value;
            let guess = did_you_mean(name, candidates.iter().copied());
            let hint = guess.map_or(String::new(), |g| format!("; did you mean `{g}`?"));
            let written = source_text(cx.file, r);
            let shown =
                if written.contains('$') { format!("`{written}` (resolves to `{name}`)") } else { format!("`{name}`") };
            let d = out.report(r.range.clone(), format!("{what} {shown}, which is not a service of {scope}{hint}"));
            if let (Some(g), Some(_), false) = (guess, r.verbatim_offset, written.contains('$')) {
                d.with_fix(Fix {
                    title: format!("Replace `{name}` with `{g}`"),
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit::replace(r.sub_range(0..name.len()), g)],
                });
            }
        };
        // Compose interpolates every value before it resolves names: a reference is judged
        // by what it resolves to, and not at all when a variable it needs is unknown.
        let resolve = |r: &Str| -> Option<Str> {
            if !r.value.contains('$') {
                return Some(r.clone());
            }
            let value = set.resolve(&r.value)?;
            Some(Str { value, range: r.range.clone(), verbatim_offset: None })
        };
        for svc in &cx.file.services {
            let who = &svc.name.value;
            let defined = |n: &str| names.binary_search(&n).is_ok();
            for dep in &svc.depends_on {
                let Some(dep) = resolve(&dep.service) else { continue };
                if !dep.value.is_empty() && !defined(&dep.value) {
                    report(&dep, format!("`{who}` depends on"), PROJECT, &names, out);
                }
            }
            for link in &svc.links {
                let Some(link) = resolve(link) else { continue };
                let len = link.value.split(':').next().unwrap_or("").len();
                let name = Str {
                    value: link.value[..len].to_string(),
                    range: link.sub_range(0..len),
                    verbatim_offset: link.verbatim_offset,
                };
                if !name.value.is_empty() && !defined(&name.value) {
                    report(&name, format!("`{who}` links to"), PROJECT, &names, out);
                }
            }
            let node = set.node(who).map(|e| &e.value);
            for r in &svc.service_refs {
                let Some(r) = resolve(r) else { continue };
                if !r.value.is_empty() && !defined(&r.value) {
                    let key = node.and_then(|n| ref_key(n, &r.range)).unwrap_or("service");
                    report(&r, format!("`{who}` uses {key}"), PROJECT, &names, out);
                }
            }
            if let Some(ext) = &svc.extends {
                let Some(target) = resolve(&ext.service) else { continue };
                let target = &target;
                match &ext.file {
                    None => {
                        let local: Vec<&str> = cx.file.services.iter().map(|s| s.name.value.as_str()).collect();
                        if !local.contains(&target.value.as_str()) {
                            report(target, format!("`{who}` extends"), "this file", &local, out);
                        }
                    }
                    Some(f) => {
                        let Some(other) = other_file_services(set, &f.value) else { continue };
                        let other: Vec<&str> = other.iter().map(String::as_str).collect();
                        if !other.contains(&target.value.as_str()) {
                            let scope = format!("`{}`", f.value);
                            report(target, format!("`{who}` extends"), &scope, &other, out);
                        }
                    }
                }
            }
        }
    }
}

/// The reference as written in the file (before interpolation).
fn source_text<'s>(file: &'s compose::ComposeFile, r: &Str) -> &'s str {
    file.source.get(r.range.clone()).unwrap_or("").trim_matches(|c| c == '"' || c == '\'')
}

/// Which key of a service holds the reference at `r`, for the message.
fn ref_key(svc: &Node, r: &Range<usize>) -> Option<&'static str> {
    let keys: [(&str, &'static str); 4] = [
        ("network_mode", "the network of"),
        ("pid", "the PID namespace of"),
        ("ipc", "the IPC namespace of"),
        ("volumes_from", "the volumes of"),
    ];
    keys.iter()
        .find(|(k, _)| svc.get(k).is_some_and(|v| v.range.start <= r.start && r.end <= v.range.end))
        .map(|(_, label)| *label)
}

/// The services of a file named by `extends.file`, when the project's disk can read it.
fn other_file_services(set: &ServiceSet, rel: &str) -> Option<Vec<String>> {
    let rel = set.resolve(rel)?;
    let dir = set.path?.parent().unwrap_or(Path::new("."));
    let path = normalize(&dir.join(rel));
    let text = set.fs?.read_to_string(&path).ok()?;
    let file = compose::parse(&text);
    Some(file.services.into_iter().map(|s| s.name.value).collect())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    use crate::analysis::{check_in_project, FileKind, Settings};
    use crate::diagnostic::apply_edits;
    use crate::fs::MemoryFs;
    use crate::model::context::ScanCache;
    use crate::model::project::{Project, ProjectView};
    use crate::rules::test_util::compose_spans;

    const RULE: &str = "undefined-service";

    fn in_project(fs: &MemoryFs, files: &[&str], check: &str) -> Vec<(String, String)> {
        let env = |_: &str| None;
        let paths: Vec<PathBuf> = files.iter().map(PathBuf::from).collect();
        let project = Project::from_compose_files(fs, &paths, &env, &HashMap::new(), &Default::default());
        let scans = ScanCache::default();
        let view = ProjectView { project: &project, fs, scans: &scans };
        let text = crate::fs::FileSystem::read_to_string(fs, Path::new(check)).unwrap();
        let settings = Settings { select: Some(vec![RULE.into()]), ..Default::default() };
        check_in_project(FileKind::Compose, Some(Path::new(check)), &text, &env, &settings, Some(&view))
            .into_iter()
            .filter(|d| d.rule == RULE)
            .map(|d| (text[d.range].to_string(), d.message))
            .collect()
    }

    #[test]
    fn every_kind_of_reference() {
        let text = "services:\n  api:\n    image: a:1\n    depends_on: [postgress, cache]\n    links: [\"cache:c\", \"gone:g\"]\n    network_mode: \"service:vpnn\"\n    volumes_from: [\"data:ro\", \"container:x\"]\n  w:\n    extends: apii\n  x:\n    image: b:1\n    depends_on:\n      postgres:\n        condition: service_healthy\n      nope:\n        condition: service_started\n        required: false\n  postgres:\n    image: postgres:16\n  cache:\n    image: redis:7\n  vpn:\n    image: v:1\n";
        assert_eq!(compose_spans(RULE, text), ["postgress", "gone", "vpnn", "data", "apii", "nope"]);
        let diags = crate::analysis::check_compose(
            text,
            &|_| None,
            &Settings { select: Some(vec![RULE.into()]), ..Default::default() },
        );
        assert!(diags[0].message.contains("did you mean `postgres`?"), "{}", diags[0].message);
        assert!(diags[2].message.contains("uses the network of `vpnn`"), "{}", diags[2].message);
        let fix = diags[0].fix.as_ref().unwrap();
        let fixed = apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
        assert!(fixed.contains("depends_on: [postgres, cache]"));
        assert!(crate::syntax::compose::parse(&fixed).errors().is_empty());
        assert!(!compose_spans(RULE, &fixed).contains(&"postgress".to_string()));
    }

    #[test]
    fn references_are_judged_after_interpolation() {
        // As in real stacks that let `.env` pick the database host.
        let text = "services:\n  app:\n    image: a:1\n    depends_on: [ \"${DB_HOST:-postgresql}\" ]\n    links: [\"${CACHE:-redis}:cache\"]\n    network_mode: \"service:${VPN}\"\n  postgresql:\n    image: postgres:16\n  redis:\n    image: redis:7\n";
        assert!(compose_spans(RULE, text).is_empty(), "defaults name defined services; ${{VPN}} is unknown");
        let typo = text.replace("-postgresql}", "-postgress}");
        let diags = crate::analysis::check_compose(
            &typo,
            &|_| None,
            &Settings { select: Some(vec![RULE.into()]), ..Default::default() },
        );
        assert_eq!(diags.len(), 1);
        assert!(diags[0].message.contains("`${DB_HOST:-postgress}` (resolves to `postgress`)"), "{}", diags[0].message);
        assert!(diags[0].fix.is_none(), "an interpolated reference is not rewritten");
        // The environment wins over the default, as in Compose.
        let env = |n: &str| (n == "DB_HOST").then(|| "postgresql".to_string());
        let diags = crate::analysis::check_compose(
            &typo,
            &env,
            &Settings { select: Some(vec![RULE.into()]), ..Default::default() },
        );
        assert!(diags.is_empty());
    }

    #[test]
    fn merge_keys_and_clean_files() {
        let text = "x-deps: &deps\n  depends_on: [db]\nservices:\n  a:\n    <<: *deps\n    image: a:1\n  b:\n    <<: *deps\n    image: b:1\n  db:\n    image: postgres:16\n";
        assert!(compose_spans(RULE, text).is_empty());
        let text = text.replace("[db]", "[dbb]");
        assert_eq!(compose_spans(RULE, &text), ["dbb"], "reported once at the anchor");
    }

    #[test]
    fn overlay_alone_is_not_judged() {
        let text = "services:\n  api:\n    environment: {A: 1}\n    depends_on: [db]\n";
        assert!(compose_spans(RULE, text).is_empty());
    }

    #[test]
    fn project_names_from_includes_overrides_and_siblings() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "include: [infra/db.yaml]\nservices:\n  api:\n    image: a:1\n    depends_on: [db, extra, monitor, missing]\n")
            .with("/p/infra/db.yaml", "services:\n  db:\n    image: postgres:16\n")
            .with("/p/compose.override.yaml", "services:\n  extra:\n    image: e:1\n    depends_on: [api]\n")
            .with("/p/docker-compose.monitoring.yml", "services:\n  monitor:\n    image: m:1\n    depends_on: [api, apii]\n")
            .with("/p/base.yml", "services:\n  common:\n    image: c:1\n")
            .with("/p/ext.yaml", "services:\n  a:\n    extends: {file: base.yml, service: comon}\n  b:\n    extends: {file: base.yml, service: common}\n  c:\n    extends: {file: missing.yml, service: x}\n");
        let files = ["/p/compose.yaml", "/p/compose.override.yaml", "/p/docker-compose.monitoring.yml", "/p/ext.yaml"];
        let got = in_project(&fs, &files, "/p/compose.yaml");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "missing");
        assert!(in_project(&fs, &files, "/p/compose.override.yaml").is_empty());
        let got = in_project(&fs, &files, "/p/docker-compose.monitoring.yml");
        assert_eq!(got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(), ["apii"]);
        let got = in_project(&fs, &files, "/p/ext.yaml");
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "comon");
        assert!(got[0].1.contains("did you mean `common`"), "{}", got[0].1);
    }
}
