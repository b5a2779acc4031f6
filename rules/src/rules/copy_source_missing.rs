use std::collections::HashSet;
use std::path::Path;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::fs::FileSystem;
use crate::model::dockerfile::copy_sources;
use crate::syntax::dockerignore::DockerIgnore;

pub struct CopySourceMissing;

static META: RuleMeta = RuleMeta {
    id: "copy-source-missing",
    summary: "A COPY/ADD source does not exist in the build context",
    category: Category::BuildContext,
    default_severity: Some(Severity::Error),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# copy-source-missing

## What it finds
A `COPY` or `ADD` source that is not in the build context, for each Compose service that
builds this Dockerfile (the context comes from its `build.context`). Glob sources are
checked when only the last path part has wildcards; sources with variables are decided at
build time and not checked. A Dockerfile that no Compose file builds has no known context
and is not checked.

## Why
The build stops at that step ("failed to compute cache key: not found") after every earlier
layer has run. Paths are relative to the *context*, not to the Dockerfile — the usual cause
when a Dockerfile lives in `infrastructure/docker/` but the context is the repository root.

## Example
```dockerfile
# built with context ./backend
FROM rust:1.80
# the context already is backend/: use Cargo.toml
COPY backend/Cargo.toml ./
```

## Fix
Write the path relative to the context, or change the context in the Compose file.

## Silence
`# shipshape ignore=copy-source-missing` on the line above.
"#,
};

/// Does a glob source (wildcards in its last part only) match anything in the context?
/// `None` when it can't be decided cheaply.
pub(crate) fn glob_matches(fs: &dyn FileSystem, context: &Path, path: &str) -> Option<bool> {
    let (parent, _) = path.rsplit_once('/').unwrap_or(("", path));
    if parent.contains(['*', '?', '[']) {
        return None;
    }
    let dir = if parent.is_empty() { context.to_path_buf() } else { context.join(parent) };
    let entries = match fs.read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Some(false),
        Err(_) => return None,
    };
    // COPY globs follow Go's filepath.Match, as .dockerignore patterns do.
    let pattern = DockerIgnore::parse(path);
    let p = pattern.patterns.first()?;
    Some(entries.iter().any(|e| {
        let rel = if parent.is_empty() { e.name.clone() } else { format!("{parent}/{}", e.name) };
        p.matches_path(&rel)
    }))
}

impl Rule for CopySourceMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let Some(view) = cx.project else { return };
        let sources = copy_sources(cx.file);
        let mut seen = HashSet::new();
        for b in cx.builds() {
            if !b.context_exists {
                continue;
            }
            for src in &sources {
                if src.variable || src.path == "." {
                    continue;
                }
                let exists = if src.glob {
                    match glob_matches(view.fs, &b.context_dir, &src.path) {
                        Some(found) => found,
                        None => continue,
                    }
                } else {
                    view.fs.exists(&b.context_dir.join(&src.path))
                };
                if exists || !seen.insert((src.range.clone(), b.context_dir.clone())) {
                    continue;
                }
                let d = out.report(
                    src.range.clone(),
                    format!(
                        "`{}` is not in the build context `{}` of service `{}` (COPY paths are relative to the context)",
                        src.path,
                        crate::util::shown_path(&b.context_dir),
                        b.service_name
                    ),
                );
                // Point at the Compose line that sets this context.
                let doc = &view.project.compose[b.compose];
                if let Some(build) = doc.file.services.get(b.service).and_then(|s| s.build.as_ref()) {
                    let range = build.context.as_ref().map_or(build.key_range.clone(), |c| c.range.clone());
                    d.related.push(crate::diagnostic::Related {
                        file: Some(doc.path.clone()),
                        range,
                        message: format!("the context of `{}` is set here", b.service_name),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_spans;

    #[test]
    fn checks_sources_against_each_context() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  a:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n  b:\n    build:\n      context: ./backend\n      dockerfile: ../docker/Dockerfile\n")
            .with("/p/docker/Dockerfile", "FROM a:1\nCOPY backend/Cargo.toml backend/*.lock ./\nCOPY nothing/ /x\nCOPY $X . /y\nCOPY --from=a /q /q\n")
            .with("/p/backend/Cargo.toml", "")
            .with("/p/backend/Cargo.lock", "");
        let got = project_spans(&fs, &["/p/compose.yaml"], "/p/docker/Dockerfile", "copy-source-missing");
        // Context `.`: only `nothing/` is missing. Context ./backend: all three are.
        assert_eq!(got, ["backend/Cargo.toml", "backend/*.lock", "nothing/"], "one finding for `nothing/`, for both");
    }

    #[test]
    fn unknown_context_is_not_checked() {
        let fs = MemoryFs::new().with("/p/Dockerfile", "FROM a:1\nCOPY nope /x\n");
        assert!(project_spans(&fs, &[], "/p/Dockerfile", "copy-source-missing").is_empty());
    }
}
