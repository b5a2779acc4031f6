use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::context::human_size;
use crate::model::project::read_ignore;

pub struct ContextBloat;

static META: RuleMeta = RuleMeta {
    id: "context-bloat",
    summary: "A build context holds heavy folders (.git, node_modules, target…) that are not excluded",
    category: Category::BuildContext,
    default_severity: Some(Severity::Info),
    target: Target::Compose,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# context-bloat

## What it finds
Folders in a service's build context that are almost never needed by the build — `.git`,
`node_modules`, `target`, `dist`, `.venv`, `__pycache__`, `.gradle`, `bin`/`obj` next to a
.NET project… — and that the applicable `.dockerignore` does not exclude. The message gives
their file counts and sizes. Docker's matching rules apply: `node_modules` in
`.dockerignore` only excludes the one at the context root, not `frontend/node_modules`
(use `**/node_modules`).

Only folders the build sends count: everything when the Dockerfile copies the whole
context (`COPY . …`), else the paths it names (BuildKit asks for nothing more). A context
with no ignore file at all is `missing-dockerignore`'s finding (its fix writes the whole
tailored file), not this one's.

The scan never follows symlinks and stops after 50,000 entries or half a second; counts are
then lower bounds.

## Why
Every build first sends the context to the builder: hundreds of megabytes of
`node_modules` or `.git` history cost seconds to minutes per build, and `COPY . .` layers
miss the cache whenever anything in them changes.

## Example
```
# .dockerignore
node_modules      # excludes ./node_modules only
```
with `frontend/node_modules` (38,000 files, 412 MB) in the context.

## Fix
The quick fix appends the folders to the `.dockerignore` that applies.

## Silence
`# shipshape ignore=context-bloat` on the line above the service's `build:`.
"#,
};

impl Rule for ContextBloat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let Some(view) = cx.project else { return };
        for (b, svc) in cx.builds() {
            if !b.context_exists {
                continue;
            }
            let Some(build) = &svc.build else { continue };
            // Without an ignore file, `missing-dockerignore` reports this (and its fix writes
            // the whole tailored file): one finding, one file.
            if b.ignore_file.is_none() {
                continue;
            }
            let scan = view.scans.get(view.fs, &b.context_dir);
            let ignore = b.ignore_file.as_ref().and_then(|p| read_ignore(view.fs, p));
            let (needed, uses_git) = super::missing_dockerignore::context_needs(view, &b.context_dir);
            let transfer = super::missing_dockerignore::build_transfer(view, b);
            let heavy: Vec<_> = scan
                .heavy
                .iter()
                .filter(|h| transfer.sends(&h.path))
                .filter(|h| !ignore.as_ref().is_some_and(|i| i.is_excluded(&h.path)))
                .filter(|h| !needed.iter().any(|n| n == &h.path || n.starts_with(&format!("{}/", h.path))))
                .filter(|h| !(uses_git && h.path == ".git"))
                .collect();
            if heavy.is_empty() {
                continue;
            }
            let list: Vec<String> = heavy
                .iter()
                .take(4)
                .map(|h| format!("{} ({} files, {})", h.path, h.files, human_size(h.bytes)))
                .collect();
            let more = if heavy.len() > 4 { format!(" and {} more", heavy.len() - 4) } else { String::new() };
            let bound = if scan.truncated { " (scan stopped early: at least)" } else { "" };
            let range = build.context.as_ref().map_or(build.key_range.clone(), |c| c.range.clone());
            // Append to the ignore file that applies, or create the context's `.dockerignore`.
            let target = b.ignore_file.clone().unwrap_or_else(|| b.context_dir.join(".dockerignore"));
            let existing = view.fs.read_to_string(&target).unwrap_or_default();
            let mut text = String::new();
            if !existing.is_empty() && !existing.ends_with('\n') {
                text.push('\n');
            }
            for h in &heavy {
                text.push_str(&h.path);
                text.push('\n');
            }
            out.report(
                range,
                format!(
                    "build context of service `{}` sends {}{more} to the builder{bound}",
                    b.service_name,
                    list.join(", ")
                ),
            )
            .with_fix(Fix {
                title: format!("Exclude them in {}", crate::util::shown_path(&target)),
                applicability: Applicability::Safe,
                edits: vec![Edit { file: Some(target), range: existing.len()..existing.len(), new_text: text }],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_findings;

    #[test]
    fn nested_node_modules_are_not_excluded_by_a_root_pattern() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  app:\n    build: .\n")
            .with("/p/Dockerfile", "FROM node:20\nCOPY . .\n")
            .with("/p/.dockerignore", "node_modules\n")
            .with("/p/node_modules/x.js", "x")
            .with("/p/frontend/package.json", "{}")
            .with("/p/frontend/node_modules/a/b.js", vec![0u8; 2000]);
        let d = project_findings(&fs, &["/p/compose.yaml"], "/p/compose.yaml", "context-bloat");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("frontend/node_modules (1 files, 2.0 KB)"), "{}", d[0].message);
        assert!(!d[0].message.contains(" node_modules ("), "{}", d[0].message);
        let e = &d[0].fix.as_ref().unwrap().edits[0];
        assert_eq!((e.range.clone(), e.new_text.as_str()), (13..13, "frontend/node_modules\n"));
    }
}
