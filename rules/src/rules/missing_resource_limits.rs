use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::services::is_partial;

pub struct MissingResourceLimits;

static META: RuleMeta = RuleMeta {
    id: "missing-resource-limits",
    summary: "A service has no memory limit",
    category: Category::Compose,
    default_severity: Some(Severity::Info),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# missing-resource-limits

## What it finds
A service with neither `deploy.resources.limits.memory` nor `mem_limit`, after `extends`,
merge keys (`<<: *limits`) and override files are applied. Services that are only
fragments for another file (no `image`, `build` or `extends`) are left to that file.

## Why
Without a limit a container may use all of the host's memory. One leak or one large query
makes the kernel's OOM killer pick a victim — often the database next to it — and the
whole stack degrades together. A limit confines the failure to the service that caused
it, and makes the memory a deployment needs explicit.

## Example
```yaml
services:
  worker:
    image: example/worker:2.3
```

## Fix
Set a limit that fits the service, with room for peaks:

```yaml
services:
  worker:
    image: example/worker:2.3
    deploy:
      resources:
        limits:
          memory: 512M
```

Runtimes with their own heap settings need them to agree: the JVM (`-Xmx`), Node
(`--max-old-space-size`), Elasticsearch (`ES_JAVA_OPTS`).

## Silence
`# shipshape ignore=missing-resource-limits` on the line above the service, or
`ignore = ["missing-resource-limits"]` in `.shipshape.toml`.
"#,
};

impl Rule for MissingResourceLimits {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        for svc in &cx.file.services {
            let merged = set.get(&svc.name.value).unwrap_or(svc);
            if set.judged_in_base(&svc.name.value) {
                continue;
            }
            if is_partial(merged) || merged.resources.as_ref().is_some_and(|r| r.limits_memory.is_some()) {
                continue;
            }
            out.report(
                svc.name.range.clone(),
                format!(
                    "`{}` has no memory limit (`deploy.resources.limits.memory` or `mem_limit`): one runaway container can exhaust the host's memory and take the other services down with it",
                    svc.name.value
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{compose_spans, project_file_findings};

    const RULE: &str = "missing-resource-limits";

    #[test]
    fn services_without_a_memory_limit() {
        let text = "x-limits: &limits\n  deploy:\n    resources:\n      limits: {memory: 256M}\nservices:\n  a:\n    image: a:1\n  b:\n    image: b:1\n    mem_limit: 1g\n  c:\n    <<: *limits\n    image: c:1\n  d:\n    image: d:1\n    deploy:\n      resources:\n        limits: {cpus: \"0.5\"}\n        reservations: {memory: 128M}\n  e:\n    environment: {A: 1}\n  f:\n    build: .\n    deploy:\n      resources:\n        limits:\n          memory: ${MEM:-512M}\n";
        assert_eq!(compose_spans(RULE, text), ["a", "d"]);
    }

    #[test]
    fn override_files_and_extends() {
        let files = [
            (
                "/p/compose.yaml",
                "services:\n  app:\n    image: a:1\n  db:\n    extends: {file: base.yml, service: db}\n",
            ),
            ("/p/compose.override.yaml", "services:\n  app:\n    environment: {A: 1}\n  extra:\n    image: e:1\n"),
            ("/p/base.yml", "services:\n  db:\n    image: postgres:16\n    mem_limit: 1g\n"),
        ];
        let spans = |f: &str| project_file_findings(RULE, &files, f).into_iter().map(|(s, _)| s).collect::<Vec<_>>();
        assert_eq!(spans("/p/compose.yaml"), ["app"], "db gets its limit through extends");
        assert_eq!(spans("/p/compose.override.yaml"), ["extra"], "app is judged in the base file");
    }
}
