use std::ops::Range;

use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::services::ServiceSet;
use crate::model::well_known::{image_without_healthcheck, known_image, Store};
use crate::syntax::compose::edit::{append_to_map, column};
use crate::syntax::compose::{ComposeFile, Service};
use crate::text::LineEnding;

pub struct HealthcheckMissing;

static META: RuleMeta = RuleMeta {
    id: "healthcheck-missing",
    summary: "`depends_on` waits for `service_healthy` on a service that has no healthcheck",
    category: Category::Compose,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::Unsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# healthcheck-missing

## What it finds
`depends_on: {db: {condition: service_healthy}}` where `db` — after `extends`, merge keys
and override files — has no `healthcheck:`, or has one that is turned off
(`disable: true`, `test: ["NONE"]`), and its image brings none either.

An image can define its own `HEALTHCHECK`, so a service without a `healthcheck:` key is
only reported when we know its image has none: Docker Official Images (`postgres`, `redis`,
`nginx`… carry no HEALTHCHECK by policy), a few common vendor images (Grafana, Prometheus,
Elastic, Bitnami…), or a Dockerfile built by the service that has no `HEALTHCHECK` in the
stage it builds and starts from such an image. Other images are given the benefit of the doubt.

## Why
Compose waits for the dependency's health status, and a container without a healthcheck
never gets one: `docker compose up` fails with `dependency failed to start: container …
has no healthcheck configured`, and the dependent service never starts. (With `required:
false` on the dependency Compose only warns, so that case is not reported.)

## Example
```yaml
services:
  api:
    image: example/api:1.4
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:16        # no healthcheck
```

## Fix
Give the dependency a healthcheck that tests readiness, not just a running process. The
quick fix (unsafe: the command runs in the container and its timing delays startup) adds a
skeleton for common images:

| image | test |
|---|---|
| postgres | `pg_isready -U $${POSTGRES_USER:-postgres}` |
| mysql | `mysqladmin ping -h 127.0.0.1` |
| mariadb | `healthcheck.sh --connect --innodb_initialized` |
| redis / valkey | `redis-cli ping` / `valkey-cli ping` |
| mongo | `mongosh --quiet --eval 'db.runCommand({ping:1})'` (`mongo` before 5.0) |
| rabbitmq | `rabbitmq-diagnostics -q ping` |
| elasticsearch | `curl -fs http://localhost:9200/_cluster/health` |

with `interval`, `timeout`, `retries` and `start_period`. Elasticsearch with security on
needs credentials in the URL. Alternatively wait for `service_started` only.

## Silence
`# shipshape ignore=healthcheck-missing` on the line above, or
`ignore = ["healthcheck-missing"]` in `.shipshape.toml`.
"#,
};

impl Rule for HealthcheckMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        let eol = LineEnding::detect(&cx.file.source).as_str();
        let mut seen: Vec<Range<usize>> = Vec::new();
        for svc in &cx.file.services {
            for dep in &svc.depends_on {
                let Some(cond) = &dep.condition else { continue };
                // An optional dependency (`required: false`) that never gets healthy is only a warning.
                if cond.value != "service_healthy" || !dep.required || seen.contains(&cond.range) {
                    continue;
                }
                let Some(target) = set.get(&dep.service.value) else { continue };
                let Some(state) = health(set, target) else { continue };
                seen.push(cond.range.clone());
                let name = &target.name.value;
                let why = match state {
                    Health::Disabled => format!("`{name}`'s healthcheck is disabled"),
                    Health::Missing => format!("`{name}` has no healthcheck and its image defines none"),
                };
                let d = out.report(
                    cond.range.clone(),
                    format!(
                        "`{}` waits for `{name}` to be healthy, but {why}: `docker compose up` fails with \"container … has no healthcheck configured\"",
                        svc.name.value
                    ),
                );
                if let Some(here) = cx.file.service(name) {
                    d.with_related(here.name.range.clone(), format!("`{name}` is defined here"));
                }
                if state == Health::Missing {
                    if let Some(fix) = skeleton_fix(set, cx.file, target, eol) {
                        d.with_fix(fix);
                    }
                }
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Health {
    Missing,
    Disabled,
}

/// Why `svc` can never become healthy, or `None` if it can (or we can't tell).
fn health(set: &ServiceSet, svc: &Service) -> Option<Health> {
    if let Some(hc) = &svc.healthcheck {
        let none = hc.test.as_ref().and_then(|t| t.as_str()).is_some_and(|t| t.trim() == "NONE");
        return (hc.disabled || none).then_some(Health::Disabled);
    }
    if svc.build.is_some() {
        return (set.build_has_healthcheck(svc) == Some(false)).then_some(Health::Missing);
    }
    let image = set.resolve(&svc.image.as_ref()?.value)?;
    image_without_healthcheck(&image).then_some(Health::Missing)
}

/// A healthcheck test for images we know, as a YAML flow sequence.
fn test_for(image: &str) -> Option<(&'static str, &'static str)> {
    let k = known_image(image)?;
    Some(match k.store {
        Store::Postgres => (r#"["CMD-SHELL", "pg_isready -U $${POSTGRES_USER:-postgres}"]"#, "30s"),
        Store::Mysql => (r#"["CMD", "mysqladmin", "ping", "-h", "127.0.0.1"]"#, "30s"),
        Store::Mariadb => (r#"["CMD", "healthcheck.sh", "--connect", "--innodb_initialized"]"#, "30s"),
        Store::Redis => (r#"["CMD", "redis-cli", "ping"]"#, "10s"),
        Store::Valkey => (r#"["CMD", "valkey-cli", "ping"]"#, "10s"),
        Store::Mongo if k.major.is_some_and(|m| m < 5) => {
            (r#"["CMD", "mongo", "--quiet", "--eval", "db.runCommand({ping:1})"]"#, "30s")
        }
        Store::Mongo => (r#"["CMD", "mongosh", "--quiet", "--eval", "db.runCommand({ping:1})"]"#, "30s"),
        Store::Rabbitmq => (r#"["CMD", "rabbitmq-diagnostics", "-q", "ping"]"#, "30s"),
        Store::Elasticsearch => (r#"["CMD-SHELL", "curl -fs http://localhost:9200/_cluster/health || exit 1"]"#, "60s"),
        _ => return None,
    })
}

/// Adds a healthcheck to `target` when it is defined in this file with a known image.
fn skeleton_fix(set: &ServiceSet, file: &ComposeFile, target: &Service, eol: &str) -> Option<Fix> {
    let image = set.resolve(&target.image.as_ref()?.value)?;
    let (test, start) = test_for(&image)?;
    let text = &file.source;
    let entry = set.node(&target.name.value)?;
    if entry.value.get("healthcheck").is_some() {
        return None;
    }
    let ins = append_to_map(text, &entry.value)?;
    let ind = " ".repeat(ins.indent);
    let sub = " ".repeat(ins.indent + ins.indent.saturating_sub(column(text, entry.key.range.start)).max(1));
    let brk = if ins.needs_break { eol } else { "" };
    let body = format!(
        "{brk}{ind}healthcheck:{eol}{sub}test: {test}{eol}{sub}interval: 10s{eol}{sub}timeout: 5s{eol}{sub}retries: 5{eol}{sub}start_period: {start}{eol}"
    );
    Some(Fix {
        title: format!("Add a healthcheck to `{}`", target.name.value),
        applicability: Applicability::Unsafe,
        edits: vec![Edit::insert(ins.at, body)],
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    use crate::analysis::{check_compose, check_in_project, FileKind, Settings};
    use crate::diagnostic::{apply_edits, Applicability};
    use crate::fs::{FileSystem, MemoryFs};
    use crate::model::context::ScanCache;
    use crate::model::project::{Project, ProjectView};
    use crate::rules::test_util::compose_spans;
    use crate::syntax::compose::parse;

    const RULE: &str = "healthcheck-missing";

    fn settings() -> Settings {
        Settings { select: Some(vec![RULE.into()]), ..Default::default() }
    }

    #[test]
    fn known_images_without_healthchecks() {
        let text = "services:\n  api:\n    image: a:1\n    depends_on:\n      db: {condition: service_healthy}\n      cache:\n        condition: service_healthy\n      app:\n        condition: service_healthy\n      web:\n        condition: service_started\n      off:\n        condition: service_healthy\n      opt:\n        condition: service_healthy\n        required: false\n  opt:\n    image: redis:7\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n    healthcheck:\n      test: [\"CMD\", \"redis-cli\", \"ping\"]\n  app:\n    image: vaultwarden/server:1.30.0\n  web:\n    image: nginx:1.27\n  off:\n    image: redis:7\n    healthcheck:\n      disable: true\n";
        assert_eq!(compose_spans(RULE, text), ["service_healthy", "service_healthy"]);
        let d = check_compose(text, &|_| None, &settings());
        assert!(
            d[0].message.contains("`api` waits for `db` to be healthy, but `db` has no healthcheck"),
            "{}",
            d[0].message
        );
        assert_eq!(&text[d[0].related[0].range.clone()], "db");
        assert!(d[1].message.contains("`off`'s healthcheck is disabled"), "{}", d[1].message);
        assert!(d[1].fix.is_none());
    }

    #[test]
    fn fix_adds_a_skeleton_at_the_service_indentation() {
        let text = "services:\r\n    api:\r\n        image: a:1\r\n        depends_on:\r\n            db:\r\n                condition: service_healthy\r\n    db:\r\n        image: postgres:16-alpine\r\n        environment:\r\n            POSTGRES_USER: app\r\n";
        let d = check_compose(text, &|_| None, &settings());
        let fix = d[0].fix.clone().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        let out = apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "services:\r\n    api:\r\n        image: a:1\r\n        depends_on:\r\n            db:\r\n                condition: service_healthy\r\n    db:\r\n        image: postgres:16-alpine\r\n        environment:\r\n            POSTGRES_USER: app\r\n        healthcheck:\r\n            test: [\"CMD-SHELL\", \"pg_isready -U $${POSTGRES_USER:-postgres}\"]\r\n            interval: 10s\r\n            timeout: 5s\r\n            retries: 5\r\n            start_period: 30s\r\n"
        );
        assert!(parse(&out).errors().is_empty());
        assert!(compose_spans(RULE, &out).is_empty());
        for image in
            ["mysql:8.4", "mariadb:11", "redis:7", "mongo:7", "mongo:4.4", "rabbitmq:3", "elasticsearch:8.11.0"]
        {
            let text = format!("services:\n  a:\n    image: x:1\n    depends_on: {{b: {{condition: service_healthy}}}}\n  b:\n    image: {image}\n");
            let d = check_compose(&text, &|_| None, &settings());
            let fix = d[0].fix.clone().unwrap_or_else(|| panic!("{image}"));
            let out = apply_edits(&text, &fix.edits.iter().collect::<Vec<_>>());
            assert!(parse(&out).errors().is_empty(), "{out}");
            assert!(compose_spans(RULE, &out).is_empty(), "{out}");
        }
    }

    #[test]
    fn merged_healthchecks_and_built_images() {
        let fs = MemoryFs::new()
            .with("/p/base.yml", "x-hc: &hc\n  healthcheck:\n    test: [CMD, pg_isready]\nservices:\n  db:\n    <<: *hc\n    image: postgres:16\n")
            .with("/p/compose.yaml", "services:\n  api:\n    build: ./api\n    depends_on:\n      db: {condition: service_healthy}\n  web:\n    image: w:1\n    depends_on:\n      api: {condition: service_healthy}\n      worker: {condition: service_healthy}\n      other: {condition: service_healthy}\n  db:\n    extends: {file: base.yml, service: db}\n  worker:\n    build: ./worker\n  other:\n    build: ./other\n")
            .with("/p/api/Dockerfile", "FROM rust:1.82 AS build\nRUN cargo build\nFROM debian:bookworm-slim\nCOPY --from=build /app /app\n")
            .with("/p/worker/Dockerfile", "FROM python:3.12-slim\nHEALTHCHECK CMD python -c 'print(1)'\n")
            .with("/p/other/Dockerfile", "FROM example/base:1\n");
        let env = |_: &str| None;
        let project = Project::from_compose_files(
            &fs,
            &[PathBuf::from("/p/compose.yaml")],
            &env,
            &HashMap::new(),
            &Default::default(),
        );
        let scans = ScanCache::default();
        let view = ProjectView { project: &project, fs: &fs, scans: &scans };
        let text = fs.read_to_string(Path::new("/p/compose.yaml")).unwrap();
        let d = check_in_project(
            FileKind::Compose,
            Some(Path::new("/p/compose.yaml")),
            &text,
            &env,
            &settings(),
            Some(&view),
        );
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("waits for `api`"), "{}", d[0].message);
        assert!(d[0].fix.is_none(), "no skeleton for a built image");
    }
}
