use std::collections::HashSet;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Related, Severity};
use crate::model::dockerfile::copy_sources;
use crate::syntax::dockerignore::DockerIgnore;

pub struct CopySourceIgnored;

static META: RuleMeta = RuleMeta {
    id: "copy-source-ignored",
    summary: "A COPY/ADD source is excluded by .dockerignore",
    category: Category::BuildContext,
    default_severity: Some(Severity::Error),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &["CopyIgnoredFile"],
    docs: r#"# copy-source-ignored

## What it finds
A `COPY` or `ADD` source that exists in the build context but is excluded by the
`.dockerignore` that applies to the build (`<Dockerfile>.dockerignore` first, then the
context's `.dockerignore`), judged with Docker's own matching rules. The message quotes the
pattern that excludes it.

## Why
Excluded files are never sent to the builder, so the step fails ("not found") although the
file is right there on disk — one of the most confusing Docker errors.

## Example
```
# .dockerignore
*.md
```
```dockerfile
FROM alpine:3.20
# excluded by `*.md`
COPY README.md /app/
```

## Fix
Add an exception (`!README.md`) after the pattern, narrow the pattern, or stop copying the file.

## Silence
`# shipshape ignore=copy-source-ignored` on the line above, or BuildKit's
`# check=skip=CopyIgnoredFile`.
"#,
};

impl Rule for CopySourceIgnored {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let Some(view) = cx.project else { return };
        let sources = copy_sources(cx.file);
        let mut seen = HashSet::new();
        for b in cx.builds() {
            let Some(ignore_path) = &b.ignore_file else { continue };
            let Ok(text) = view.fs.read_to_string(ignore_path) else { continue };
            let ignore = DockerIgnore::parse(&text);
            for src in &sources {
                if src.variable || src.glob || src.path == "." {
                    continue;
                }
                let Some(i) = ignore.deciding_pattern(&src.path) else { continue };
                let pattern = &ignore.patterns[i];
                let full = b.context_dir.join(&src.path);
                let Ok(kind) = view.fs.kind(&full) else { continue };
                if pattern.exception {
                    continue;
                }
                // An excluded folder can still have contents re-included (`*` then
                // `!images/*`): the builder then creates it with those files.
                if kind == crate::fs::EntryKind::Dir && ignore.may_include_below(&src.path) {
                    continue;
                }
                if !seen.insert(src.range.clone()) {
                    continue;
                }
                let name = ignore_path
                    .file_name()
                    .map_or_else(|| ".dockerignore".into(), |n| n.to_string_lossy().into_owned());
                let d = out.report(
                    src.range.clone(),
                    format!(
                        "`{}` is excluded by `{}` (line {} of {name}), so the builder never receives it",
                        src.path, pattern.pattern, pattern.line
                    ),
                );
                d.related.push(Related {
                    file: Some(ignore_path.clone()),
                    range: pattern.range.clone(),
                    message: format!("`{}` excludes `{}`", pattern.pattern, src.path),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::{project_findings, project_spans};

    #[test]
    fn folders_with_re_included_contents_are_not_reported() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  a:\n    build: .\n")
            .with("/p/Dockerfile", "FROM a:1\nCOPY images ./images\nCOPY secret.txt /s\n")
            .with("/p/.dockerignore", "*\n!*.py\n!images/*\n")
            .with("/p/images/a.png", "")
            .with("/p/secret.txt", "");
        assert_eq!(project_spans(&fs, &["/p/compose.yaml"], "/p/Dockerfile", "copy-source-ignored"), ["secret.txt"]);
    }

    #[test]
    fn reports_sources_the_ignore_file_excludes() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  a:\n    build: .\n")
            .with("/p/Dockerfile", "FROM a:1\nCOPY README.md docs/guide.md src /app/\nCOPY . .\n")
            .with("/p/.dockerignore", "*.md\n!README.md\ndocs\n")
            .with("/p/README.md", "")
            .with("/p/docs/guide.md", "")
            .with("/p/src/main.rs", "");
        let c = ["/p/compose.yaml"];
        assert_eq!(project_spans(&fs, &c, "/p/Dockerfile", "copy-source-ignored"), ["docs/guide.md"]);
        let d = &project_findings(&fs, &c, "/p/Dockerfile", "copy-source-ignored")[0];
        assert!(d.message.contains("`docs` (line 3 of .dockerignore)"), "{}", d.message);
        assert_eq!(d.related[0].file.as_deref(), Some(std::path::Path::new("/p/.dockerignore")));
    }
}
