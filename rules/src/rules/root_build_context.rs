use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::copy_sources;

pub struct RootBuildContext;

static META: RuleMeta = RuleMeta {
    id: "root-build-context",
    summary: "A service is built with the repository root as context although it needs less",
    category: Category::BuildContext,
    default_severity: Some(Severity::Warning),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# root-build-context

## What it finds
A Compose `build.context` that is the repository root (the Compose file's own folder, or a
folder holding `.git`) while either
- every `COPY`/`ADD` of the Dockerfile reads from one subfolder (`backend/…`): that
  subfolder could be the context; or
- the root has no `.dockerignore`, so the whole repository is sent on every build.

## Why
The seed report's first build issue: "Both backend and frontend use root context (`.`) —
copies entire codebase unnecessarily — slower builds, larger build context". A root context
sends every service's sources, docs and `.git` to each build, and any change anywhere can
invalidate `COPY . .` layers.

## Example
```yaml
services:
  backend:
    build:
      context: .
      dockerfile: infrastructure/docker/Dockerfile.backend   # only copies backend/…
```

## Fix
Use the subfolder as context (`context: ./backend`), make the Dockerfile path relative to
it (`dockerfile: ../infrastructure/docker/Dockerfile.backend`) and drop the `backend/`
prefix from its `COPY` sources — or keep the root and add a `.dockerignore`.

## Silence
`# shipshape ignore=root-build-context` on the line above the service's `build:`.
"#,
};

impl Rule for RootBuildContext {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let Some(view) = cx.project else { return };
        let Some((_, doc)) = cx.doc() else { return };
        let compose_dir = crate::model::project::normalize(doc.dir());
        for (b, svc) in cx.builds() {
            if !b.context_exists {
                continue;
            }
            let is_root = b.context_dir == compose_dir || view.fs.exists(&b.context_dir.join(".git"));
            if !is_root {
                continue;
            }
            let Some(build) = &svc.build else { continue };
            let range = build.context.as_ref().map_or(build.key_range.clone(), |c| c.range.clone());
            let sources = view.project.dockerfile_of(b).map(|df| copy_sources(&df)).unwrap_or_default();
            // The one top-level folder every source lives in, if there is one.
            let mut folder: Option<&str> = None;
            let mut single = !sources.is_empty();
            for s in &sources {
                match s.path.split_once('/').map(|(first, _)| first) {
                    Some(first)
                        if !s.variable && !first.contains(['*', '?', '[']) && folder.is_none_or(|f| f == first) =>
                    {
                        folder = Some(first);
                    }
                    _ => single = false,
                }
            }
            let msg = match (single, folder, &b.ignore_file) {
                (true, Some(f), _) => format!(
                    "service `{}` is built with the repository root as context, but its Dockerfile only copies from `{f}/`: use `{f}` as the context",
                    b.service_name
                ),
                (_, _, None) => format!(
                    "service `{}` is built with the repository root as context and no .dockerignore: the whole repository is sent on every build",
                    b.service_name
                ),
                _ => continue,
            };
            out.report(range, msg);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_findings;

    #[test]
    fn root_context_with_one_subfolder_or_no_ignore() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n  whole:\n    build: .\n  sub:\n    build: ./web\n")
            .with("/p/docker/api.Dockerfile", "FROM rust:1\nCOPY backend/Cargo.toml backend/src ./\n")
            .with("/p/docker/api.Dockerfile.dockerignore", ".git\n")
            .with("/p/Dockerfile", "FROM node:20\nCOPY . .\n")
            .with("/p/backend/Cargo.toml", "")
            .with("/p/web/Dockerfile", "FROM a:1\n");
        let d = project_findings(&fs, &["/p/compose.yaml"], "/p/compose.yaml", "root-build-context");
        assert_eq!(d.len(), 2, "{d:?}");
        assert!(d[0].message.contains("only copies from `backend/`"), "{}", d[0].message);
        assert!(d[1].message.contains("no .dockerignore"), "{}", d[1].message);
    }
}
