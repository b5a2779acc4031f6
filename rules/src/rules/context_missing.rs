use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;

pub struct ContextMissing;

static META: RuleMeta = RuleMeta {
    id: "context-missing",
    summary: "A Compose build context folder does not exist",
    category: Category::BuildContext,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# context-missing

## What it finds
A service's `build.context` (or short `build: ./dir`) that names a folder that does not exist,
resolved from the Compose file's folder after `${VAR}` interpolation. Remote contexts (git
URLs) are not checked.

## Why
`docker compose build` fails with "unable to prepare context: path not found" only when that
service is built — often in CI, after the other images took minutes to build.

## Example
```yaml
services:
  api:
    build: ./sevices/api     # typo: the folder is ./services/api
```

## Fix
Point `context` at the folder that holds the sources the Dockerfile copies.

## Silence
`# shipshape ignore=context-missing` on the line above.
"#,
};

impl Rule for ContextMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        for (b, svc) in cx.builds() {
            if b.context_exists {
                continue;
            }
            let Some(build) = &svc.build else { continue };
            let range = build.context.as_ref().map_or(build.key_range.clone(), |c| c.range.clone());
            out.report(
                range,
                format!(
                    "build context `{}` of service `{}` does not exist",
                    crate::util::shown_path(&b.context_dir),
                    b.service_name
                ),
            );
        }
    }
}
