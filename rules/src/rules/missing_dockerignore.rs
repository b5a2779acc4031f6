use std::path::Path;

use super::{Category, ComposeContext, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::context::ContextScan;
use crate::model::dockerfile::{context_transfer, copy_sources, Transfer};
use crate::model::project::ProjectView;

pub struct MissingDockerignore;

static META: RuleMeta = RuleMeta {
    id: "missing-dockerignore",
    summary: "A build context has no .dockerignore, and the build sends heavy folders from it",
    category: Category::BuildContext,
    default_severity: Some(Severity::Warning),
    target: Target::Both,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# missing-dockerignore

## What it finds
A Compose service whose build context has neither a `.dockerignore` at its root nor a
`<Dockerfile>.dockerignore` next to its Dockerfile (the two files BuildKit reads), when
the build sends something heavy:
- its Dockerfile copies the whole context (`COPY . …`, `ADD . …`, a bind mount of the
  context): all of it is sent;
- its Dockerfile copies named paths (`COPY src/cart ./`): BuildKit asks for those paths
  only, so it is reported only when they hold heavy folders (`src/cart/node_modules`).

A Dockerfile that no Compose file builds is judged as `docker build .` in its own folder
builds it: it is reported (on the `COPY`/`ADD` that reads the whole context) when that
folder has no ignore file and the build would send heavy folders from it.

## Why
Without one, everything the build reads — `.git`, `node_modules`, `target/`, local `.env`
files — is sent to the builder before the first step runs. That is seconds to minutes on every build,
cache misses whenever an unrelated file changes (`COPY . .` sees it), and secrets baked into
images.

## Example
```yaml
services:
  backend:
    build: .        # the repository root, with no .dockerignore
```

## Fix
The quick fix creates a `.dockerignore` tailored to what the context holds (VCS data,
dependency folders and build output of the ecosystems it finds, editor and OS clutter),
leaving out anything the Dockerfile copies explicitly.

## Silence
`# shipshape ignore=missing-dockerignore` on the line above the service's `build:`.
"#,
};

/// Ignore entries for a context, from what it holds; entries that a COPY source needs are
/// left out, and so is `.git` when a RUN uses git.
pub(crate) fn tailored_entries(scan: &ContextScan, needed: &[String], uses_git: bool) -> Vec<String> {
    let mut entries: Vec<String> = Vec::new();
    fn add(entries: &mut Vec<String>, e: &str) {
        if !entries.iter().any(|x| x == e) {
            entries.push(e.to_string());
        }
    }
    if !uses_git {
        add(&mut entries, ".git");
    }
    // What each project found in the context generates, next to its manifest.
    let mut python = false;
    for m in &scan.manifests {
        let (dir, name) = match m.rsplit_once('/') {
            Some((d, n)) => (format!("{d}/"), n),
            None => (String::new(), m.as_str()),
        };
        let generated: &[&str] = match name {
            "package.json" => &["**/node_modules", ".next", ".nuxt", "coverage", "npm-debug.log*", "yarn-error.log*"],
            "Cargo.toml" | "pom.xml" => &["target"],
            "build.gradle" | "build.gradle.kts" => &[".gradle", "build"],
            "pyproject.toml" | "requirements.txt" | "setup.py" => {
                python = true;
                &[".venv", "venv", ".pytest_cache", ".mypy_cache", ".tox"]
            }
            n if n.ends_with(".csproj") || n.ends_with(".fsproj") => &["bin", "obj"],
            _ => &[],
        };
        for g in generated {
            add(&mut entries, &format!("{dir}{g}"));
        }
    }
    if python {
        add(&mut entries, "**/__pycache__");
        add(&mut entries, "**/*.pyc");
    }
    // A heavy folder an entry above already covers (`node_modules` under `**/node_modules`)
    // needs no line of its own.
    let covered = crate::syntax::dockerignore::DockerIgnore::parse(&entries.join("\n"));
    for h in scan.heavy.iter().filter(|h| !covered.is_excluded(&h.path)) {
        add(&mut entries, &h.path);
    }
    // `.buildx-cache`: where `missing-build-cache`'s fix exports the build cache.
    for e in [
        ".env",
        ".env.*",
        "*.log",
        ".DS_Store",
        ".idea",
        ".vscode",
        "docker-compose*.yml",
        "compose*.yaml",
        ".buildx-cache",
    ] {
        add(&mut entries, e);
    }
    // Never exclude what the Dockerfile copies: an entry goes when Docker's matcher says it
    // would exclude a copied path, or a path inside or above one (`.env.*` and
    // `COPY .env.example …`; `dist` and `COPY dist/app.js …`; `**/node_modules` and
    // `COPY node_modules/x …`).
    entries.retain(|e| {
        let ignore = crate::syntax::dockerignore::DockerIgnore::parse(e);
        !needed.iter().any(|n| {
            let n = n.trim_end_matches('/');
            // A glob source (`package*.json`) is tried on the literal part before the glob.
            let literal = n.split(['*', '?', '[']).next().unwrap_or(n).trim_end_matches('/');
            ignore.is_excluded(n)
                || ignore.is_excluded(literal)
                || (!literal.is_empty()
                    && ignore.patterns.iter().any(|p| p.pattern.starts_with(&format!("{literal}/"))))
                || (n.contains(['*', '?', '[']) && e.trim_start_matches("**/").starts_with(literal))
        })
    });
    entries
}

/// What one build sends from its context ([`crate::model::project::Project::transfer`]).
pub(crate) fn build_transfer(view: &ProjectView, build: &crate::model::project::BuildLink) -> Transfer {
    view.project.transfer(build)
}

/// Does a step of the build use git (so `.git` must stay in the context)?
fn uses_git(df: &crate::syntax::dockerfile::Dockerfile) -> bool {
    df.instructions.iter().any(|i| {
        let t = i.args_text();
        t.contains("git ") || t.contains(".git")
    })
}

/// COPY sources and git use of every Dockerfile built from `context`.
pub(crate) fn context_needs(view: &ProjectView, context: &Path) -> (Vec<String>, bool) {
    let mut needed = Vec::new();
    let mut uses_git = false;
    for b in view.project.builds.iter().filter(|b| b.context_dir == context) {
        let Some(df) = view.project.dockerfile_of(b) else { continue };
        needed.extend(copy_sources(&df).into_iter().map(|s| s.path));
        uses_git |= self::uses_git(&df);
    }
    (needed, uses_git)
}

impl Rule for MissingDockerignore {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        // Compose builds are judged on the Compose file, where the context is written.
        if !cx.builds().is_empty() {
            return;
        }
        let (Some(view), Some(path)) = (cx.project, cx.path) else { return };
        let Some(dir) = path.parent() else { return };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("Dockerfile");
        if view.fs.exists(&dir.join(".dockerignore")) || view.fs.exists(&dir.join(format!("{name}.dockerignore"))) {
            return;
        }
        let transfer = context_transfer(cx.file);
        let scan = view.scans.get(view.fs, dir);
        let sent_heavy: Vec<&crate::model::context::HeavyDir> =
            scan.heavy.iter().filter(|h| transfer.sends(&h.path)).collect();
        if sent_heavy.is_empty() {
            return;
        }
        // Where the build reads the context: the first COPY/ADD of it.
        let sources = copy_sources(cx.file);
        let Some(at) = sources.first().and_then(|s| cx.file.instructions.get(s.instruction)) else { return };
        let needed: Vec<String> = sources.iter().map(|s| s.path.clone()).collect();
        let uses_git = uses_git(cx.file);
        let entries = tailored_entries(&scan, &needed, uses_git);
        let human = crate::model::context::human_size;
        let list: Vec<String> =
            sent_heavy.iter().take(4).map(|h| format!("{} ({} files, {})", h.path, h.files, human(h.bytes))).collect();
        let target = dir.join(".dockerignore");
        let mut text = String::from("# Keep the build context small: these are never needed in the image build.\n");
        for e in &entries {
            text.push_str(e);
            text.push('\n');
        }
        out.report(
            at.keyword_range.clone(),
            format!(
                "built from its folder (`docker build .`), this sends {} to the builder on every build: the folder has no .dockerignore",
                list.join(", ")
            ),
        )
        .with_fix(Fix {
            title: format!("Create {} tailored to this folder", crate::util::shown_path(&target)),
            applicability: Applicability::Safe,
            edits: vec![Edit { file: Some(target), range: 0..0, new_text: text }],
        });
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let Some(view) = cx.project else { return };
        for (b, svc) in cx.builds() {
            if !b.context_exists || b.ignore_file.is_some() {
                continue;
            }
            let Some(build) = &svc.build else { continue };
            let range = build.context.as_ref().map_or(build.key_range.clone(), |c| c.range.clone());
            let scan = view.scans.get(view.fs, &b.context_dir);
            let transfer = build_transfer(view, b);
            // The Dockerfile names what it copies: BuildKit sends only that. Without heavy
            // folders inside those paths there is nothing for a .dockerignore to keep out.
            let sent_heavy: Vec<&crate::model::context::HeavyDir> =
                scan.heavy.iter().filter(|h| transfer.sends(&h.path)).collect();
            if matches!(transfer, Transfer::Paths(_)) && sent_heavy.is_empty() {
                continue;
            }
            let (needed, uses_git) = context_needs(view, &b.context_dir);
            let entries = tailored_entries(&scan, &needed, uses_git);
            let target = b.context_dir.join(".dockerignore");
            let mut text = String::from("# Keep the build context small: these are never needed in the image build.\n");
            for e in &entries {
                text.push_str(e);
                text.push('\n');
            }
            let human = crate::model::context::human_size;
            let message = match &transfer {
                Transfer::Whole => {
                    let size = if scan.files > 0 {
                        format!(" ({} files, {})", scan.files, human(scan.bytes))
                    } else {
                        String::new()
                    };
                    format!(
                        "build context `{}` of service `{}` has no .dockerignore: its Dockerfile copies all of it{size}, which is sent to the builder on every build",
                        crate::util::shown_path(&b.context_dir),
                        b.service_name
                    )
                }
                Transfer::Paths(_) => {
                    let list: Vec<String> = sent_heavy
                        .iter()
                        .take(4)
                        .map(|h| format!("{} ({} files, {})", h.path, h.files, human(h.bytes)))
                        .collect();
                    format!(
                        "build context `{}` of service `{}` has no .dockerignore, and what its Dockerfile copies holds {}: sent to the builder on every build",
                        crate::util::shown_path(&b.context_dir),
                        b.service_name,
                        list.join(", ")
                    )
                }
            };
            out.report(range, message).with_fix(Fix {
                title: format!("Create {} tailored to this context", crate::util::shown_path(&target)),
                applicability: Applicability::Safe,
                edits: vec![Edit { file: Some(target), range: 0..0, new_text: text }],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_findings;

    #[test]
    fn a_dockerfile_no_compose_file_builds_is_judged_in_its_folder() {
        let fs = MemoryFs::new()
            .with("/p/app/Dockerfile", "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n")
            .with("/p/app/package.json", "{}")
            .with("/p/app/node_modules/a/index.js", "x".repeat(2000))
            .with("/p/lean/Dockerfile", "FROM node:20\nCOPY package.json server.js ./\n")
            .with("/p/lean/package.json", "{}")
            .with("/p/lean/node_modules/a/index.js", "x")
            .with("/p/ok/Dockerfile", "FROM node:20\nCOPY . .\n")
            .with("/p/ok/.dockerignore", "node_modules\n")
            .with("/p/ok/node_modules/a/index.js", "x");
        let d = project_findings(&fs, &[], "/p/app/Dockerfile", "missing-dockerignore");
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].message.contains("node_modules (1 files"), "{}", d[0].message);
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].file.as_deref(), Some(std::path::Path::new("/p/app/.dockerignore")));
        assert!(fix.edits[0].new_text.contains("**/node_modules"));
        // Named paths that hold nothing heavy, and a folder with an ignore file: nothing.
        assert!(project_findings(&fs, &[], "/p/lean/Dockerfile", "missing-dockerignore").is_empty());
        assert!(project_findings(&fs, &[], "/p/ok/Dockerfile", "missing-dockerignore").is_empty());
    }

    #[test]
    fn never_excludes_what_the_dockerfile_copies() {
        use super::tailored_entries;
        use crate::model::context::ContextScan;
        let scan = ContextScan { manifests: vec!["package.json".into()], ..Default::default() };
        let needed: Vec<String> = [".env.example", "npm-debug.log.keep", "docker-compose.yml", "coverage/lcov.info"]
            .map(String::from)
            .to_vec();
        let entries = tailored_entries(&scan, &needed, false);
        let ignore = crate::syntax::dockerignore::DockerIgnore::parse(&entries.join("\n"));
        for n in &needed {
            assert!(!ignore.is_excluded(n), "{n} is excluded by {entries:?}");
        }
        assert!(entries.contains(&"**/node_modules".to_string()), "{entries:?}");
        // A heavy folder already covered gets no second line.
        let scan = ContextScan {
            manifests: vec!["package.json".into()],
            heavy: vec![crate::model::context::HeavyDir { path: "node_modules".into(), files: 1, bytes: 1 }],
            ..Default::default()
        };
        let entries = tailored_entries(&scan, &[], false);
        assert!(!entries.contains(&"node_modules".to_string()), "{entries:?}");
    }

    #[test]
    fn tailors_the_new_file_to_the_context() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  web:\n    build: ./web\n  ok:\n    build: ./ok\n")
            .with("/p/web/Dockerfile", "FROM node:20\nCOPY package.json dist/ ./\n")
            .with("/p/web/package.json", "{}")
            .with("/p/web/node_modules/a.js", "x")
            .with("/p/web/dist/app.js", "x")
            .with("/p/ok/Dockerfile", "FROM a:1\n")
            .with("/p/ok/.dockerignore", ".git\n");
        let d = project_findings(&fs, &["/p/compose.yaml"], "/p/compose.yaml", "missing-dockerignore");
        assert_eq!(d.len(), 1);
        let fix = d[0].fix.as_ref().unwrap();
        let edit = &fix.edits[0];
        assert_eq!(edit.file.as_deref(), Some(std::path::Path::new("/p/web/.dockerignore")));
        assert!(edit.new_text.contains("\n**/node_modules\n"), "{}", edit.new_text);
        assert!(!edit.new_text.lines().any(|l| l == "dist"), "dist is copied: {}", edit.new_text);
    }
}
