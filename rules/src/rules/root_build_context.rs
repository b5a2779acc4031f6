use super::missing_dockerignore::build_transfer;
use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::Transfer;

pub struct RootBuildContext;

static META: RuleMeta = RuleMeta {
    id: "root-build-context",
    summary: "A service copies the whole repository root into its image while other services live in it",
    category: Category::BuildContext,
    default_severity: Some(Severity::Warning),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# root-build-context

## What it finds
A Compose `build.context` that is the repository root (the Compose file's own folder, or a
folder holding `.git`) whose Dockerfile copies the whole context (`COPY . …`, `ADD . …`,
or a bind mount of the context) while the repository holds more than this service: other
services are built from its subfolders, or it holds several projects (manifests such as
`package.json` or `Cargo.toml` in different folders).

Not reported:
- a Dockerfile that copies named paths (`COPY backend/src ./src`): BuildKit then asks for
  those paths only, so the root as context costs nothing;
- a root context without any `.dockerignore`: `missing-dockerignore` reports that, once.

## Why
`COPY . .` from the repository root puts every service's sources, docs and scripts into
this image, and a change anywhere in the repository re-runs that step and every step after
it — a frontend edit rebuilds the backend. The image is larger and the cache is wasted.

## Example
```yaml
services:
  backend:
    build: .          # the repository root; backend/Dockerfile has `COPY . .`
    # frontend/ is built as its own service
  frontend:
    build: ./frontend
```

## Fix
Build from the service's own folder (`context: ./backend`, with paths in the Dockerfile
relative to it), or copy only what the service needs (`COPY backend/ .`).

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
            if !b.context_exists || b.ignore_file.is_none() {
                continue;
            }
            let is_root = b.context_dir == compose_dir || view.fs.exists(&b.context_dir.join(".git"));
            if !is_root || build_transfer(view, b) != Transfer::Whole {
                continue;
            }
            // Something else lives in the repository: another service's context below it,
            // or projects in more than one folder.
            let other_service = view
                .project
                .builds
                .iter()
                .find(|o| o.context_dir != b.context_dir && o.context_dir.starts_with(&b.context_dir))
                .map(|o| o.service_name.clone());
            let scan = view.scans.get(view.fs, &b.context_dir);
            let mut project_dirs: Vec<&str> =
                scan.manifests.iter().map(|m| m.split('/').next().filter(|_| m.contains('/')).unwrap_or(".")).collect();
            project_dirs.sort_unstable();
            project_dirs.dedup();
            let why = match (other_service, project_dirs.len() > 1) {
                (Some(o), _) => format!("service `{o}` is built from a folder inside it"),
                (None, true) => format!(
                    "it holds several projects ({})",
                    project_dirs.iter().take(4).map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
                ),
                (None, false) => continue,
            };
            let Some(build) = &svc.build else { continue };
            let range = build.context.as_ref().map_or(build.key_range.clone(), |c| c.range.clone());
            let size = if scan.files > 0 { format!(" ({} files)", scan.files) } else { String::new() };
            out.report(
                range,
                format!(
                    "service `{}` copies the whole repository root{size} into its image, and {why}: a change anywhere re-runs that step and every step after it; build from the service's own folder",
                    b.service_name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_findings;

    #[test]
    fn the_whole_root_copied_beside_other_services() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  api:\n    build:\n      context: .\n      dockerfile: docker/api.Dockerfile\n  whole:\n    build: .\n  web:\n    build: ./web\n")
            .with("/p/.dockerignore", ".git\n")
            .with("/p/docker/api.Dockerfile", "FROM rust:1\nCOPY backend/Cargo.toml backend/src ./\n")
            .with("/p/Dockerfile", "FROM node:20\nCOPY . .\n")
            .with("/p/backend/Cargo.toml", "")
            .with("/p/web/Dockerfile", "FROM a:1\n");
        let d = project_findings(&fs, &["/p/compose.yaml"], "/p/compose.yaml", "root-build-context");
        // `api` names what it copies: only that is sent, the root costs nothing.
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("service `whole` copies the whole repository root"), "{}", d[0].message);
        assert!(d[0].message.contains("service `web` is built from a folder inside it"), "{}", d[0].message);
        // Without a .dockerignore it is missing-dockerignore's finding alone.
        let fs = fs.without("/p/.dockerignore");
        assert!(project_findings(&fs, &["/p/compose.yaml"], "/p/compose.yaml", "root-build-context").is_empty());
    }
}
