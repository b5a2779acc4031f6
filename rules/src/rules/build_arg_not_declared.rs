use std::collections::HashSet;

use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::dockerfile::Kind;

pub struct BuildArgNotDeclared;

static META: RuleMeta = RuleMeta {
    id: "build-arg-not-declared",
    summary: "A Compose build arg is never declared with ARG in the Dockerfile",
    category: Category::Arguments,
    default_severity: Some(Severity::Warning),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# build-arg-not-declared

## What it finds
A key of a service's `build.args` that no `ARG` in the service's Dockerfile declares (in any
stage or before the first `FROM`). BuildKit's predefined args (`HTTP_PROXY`,
`BUILDKIT_INLINE_CACHE`, `TARGETPLATFORM`, …) need no declaration and are not reported.

## Why
An undeclared build arg is silently ignored (the builder only warns in its log): the
feature flag, version or mirror you meant to pass never reaches the build, and the image is
built with defaults. Typical after renaming an `ARG`.

## Example
```yaml
build:
  context: .
  args:
    NODE_ENV: production     # the Dockerfile has `ENV NODE_ENV`, but no `ARG NODE_ENV`
```

## Fix
Declare it in the stage that uses it (`ARG NODE_ENV`), or remove it from `build.args`.

## Silence
`# shipshape ignore=build-arg-not-declared` on the line above the arg.
"#,
};

/// Args every build knows without an `ARG` line.
pub(crate) fn is_predefined_arg(name: &str) -> bool {
    const PREDEFINED: &[&str] = &[
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "FTP_PROXY",
        "NO_PROXY",
        "ALL_PROXY",
        "TARGETPLATFORM",
        "TARGETOS",
        "TARGETARCH",
        "TARGETVARIANT",
        "BUILDPLATFORM",
        "BUILDOS",
        "BUILDARCH",
        "BUILDVARIANT",
        "SOURCE_DATE_EPOCH",
    ];
    PREDEFINED.iter().any(|p| p.eq_ignore_ascii_case(name)) || name.starts_with("BUILDKIT_")
}

impl Rule for BuildArgNotDeclared {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let Some(view) = cx.project else { return };
        for (b, svc) in cx.builds() {
            let Some(build) = &svc.build else { continue };
            let Some(df) = view.project.dockerfile_of(b) else { continue };
            let declared: HashSet<String> = df
                .instructions
                .iter()
                .filter(|i| i.kind == Kind::Arg)
                .flat_map(|i| i.key_values(df.escape))
                .map(|kv| kv.key)
                .collect();
            for (key, _) in &build.args {
                if declared.contains(&key.value) || is_predefined_arg(&key.value) {
                    continue;
                }
                let hint = crate::util::did_you_mean(&key.value, declared.iter().map(String::as_str))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                out.report(
                    key.range.clone(),
                    format!(
                        "build arg `{}` is not declared by any ARG in the Dockerfile of `{}`, so it is ignored{hint}",
                        key.value, b.service_name
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_spans;

    #[test]
    fn undeclared_args() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  a:\n    build:\n      context: .\n      args:\n        VERSION: 1\n        NODE_ENV: production\n        BUILDKIT_INLINE_CACHE: 1\n        VERSON: x\n")
            .with("/p/Dockerfile", "ARG VERSION\nFROM node:20\nARG VERSION\nENV NODE_ENV=production\n");
        assert_eq!(
            project_spans(&fs, &["/p/compose.yaml"], "/p/compose.yaml", "build-arg-not-declared"),
            ["NODE_ENV", "VERSON"]
        );
    }
}
