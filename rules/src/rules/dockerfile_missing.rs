use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::project::DockerfileRef;

pub struct DockerfileMissing;

static META: RuleMeta = RuleMeta {
    id: "dockerfile-missing",
    summary: "A Compose build names a Dockerfile that does not exist",
    category: Category::BuildContext,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# dockerfile-missing

## What it finds
A `build.dockerfile` (or the default `Dockerfile` when none is named) that does not exist.
The path is relative to the build context, not to the Compose file — a frequent mistake.

## Why
The build of that service fails with "failed to read dockerfile", late and only when that
service is built.

## Example
```yaml
services:
  backend:
    build:
      context: ./backend
      dockerfile: infrastructure/docker/Dockerfile.backend   # relative to ./backend!
```

## Fix
Write the path relative to the context (`../infrastructure/docker/Dockerfile.backend`), or
move the context.

## Silence
`# shipshape ignore=dockerfile-missing` on the line above.
"#,
};

impl Rule for DockerfileMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        for (b, svc) in cx.builds() {
            // A missing context is reported by context-missing; the Dockerfile inside it follows.
            let DockerfileRef::Path { path, exists: false } = &b.dockerfile else { continue };
            if !b.context_exists {
                continue;
            }
            let Some(build) = &svc.build else { continue };
            let range = build.dockerfile.as_ref().map_or(build.key_range.clone(), |d| d.range.clone());
            let hint = if build.dockerfile.is_some() { " (the path is relative to the build context)" } else { "" };
            out.report(
                range,
                format!(
                    "Dockerfile `{}` of service `{}` does not exist{hint}",
                    crate::util::shown_path(path),
                    b.service_name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_spans;

    #[test]
    fn missing_contexts_and_dockerfiles() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  a:\n    build: ./nope\n  b:\n    build:\n      context: ./b\n      dockerfile: docker/Dockerfile\n  c:\n    build: ./c\n  ok:\n    build: ./b\n    image: x:1\n")
            .with("/p/b/Dockerfile", "FROM a:1\n")
            .with("/p/c/README", "");
        let c = ["/p/compose.yaml"];
        assert_eq!(project_spans(&fs, &c, "/p/compose.yaml", "context-missing"), ["./nope"]);
        assert_eq!(project_spans(&fs, &c, "/p/compose.yaml", "dockerfile-missing"), ["docker/Dockerfile", "build"]);
    }
}
