//! The Compose service rules on the seed's platform, loaded as a project: the "before"
//! files give the findings the seed report describes, the "after" files none at warning level.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use shipshape_rules::analysis::fix_in_project;
use shipshape_rules::fs::MemoryFs;
use shipshape_rules::model::context::ScanCache;
use shipshape_rules::model::project::{Project, ProjectView};
use shipshape_rules::syntax::compose;
use shipshape_rules::{check_in_project, Diagnostic, FileKind, Settings, Severity};

const RULES: &[&str] = &[
    "undefined-service",
    "duplicate-host-port",
    "missing-resource-limits",
    "stateful-service-without-volume",
    "healthcheck-missing",
    "missing-build-cache",
    "built-image-untagged",
];

/// The fixture folder in memory, under `/src/<name>`, and its Compose files.
fn load(name: &str) -> (MemoryFs, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures").join(name);
    let mut fs = MemoryFs::new();
    let mut compose = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let virt = Path::new("/src").join(name).join(p.strip_prefix(&root).unwrap());
            if FileKind::detect(&p) == Some(FileKind::Compose) {
                compose.push(virt.clone());
            }
            fs = fs.with(virt, std::fs::read(&p).unwrap());
        }
    }
    compose.sort();
    (fs, compose)
}

fn settings() -> Settings {
    Settings { select: Some(RULES.iter().map(|r| r.to_string()).collect()), ..Default::default() }
}

/// `(file name, rule, text of the range)` of every finding of the service rules.
fn findings(name: &str) -> Vec<(String, &'static str, String, Diagnostic)> {
    let (fs, files) = load(name);
    let env = |_: &str| None;
    let project = Project::from_compose_files(&fs, &files, &env, &HashMap::new(), &Default::default());
    let scans = ScanCache::default();
    let view = ProjectView { project: &project, fs: &fs, scans: &scans };
    let mut out = Vec::new();
    for f in &files {
        let text = shipshape_rules::fs::FileSystem::read_to_string(&fs, f).unwrap();
        for d in check_in_project(FileKind::Compose, Some(f), &text, &env, &settings(), Some(&view)) {
            if d.rule == "syntax-error" {
                continue;
            }
            let file = f.file_name().unwrap().to_string_lossy().into_owned();
            out.push((file, d.rule, text[d.range.clone()].to_string(), d));
        }
    }
    out
}

fn has(found: &[(String, &'static str, String, Diagnostic)], file: &str, rule: &str, span: &str) -> bool {
    found.iter().any(|(f, r, s, _)| f == file && *r == rule && s == span)
}

#[test]
fn optimized_platform_is_clean_at_warning_level() {
    let found = findings("reconciliation-platform-optimized");
    let loud: Vec<_> =
        found.iter().filter(|f| f.3.severity >= Severity::Warning).map(|f| (&f.0, f.1, &f.2, &f.3.message)).collect();
    assert!(loud.is_empty(), "{loud:#?}");
    // Every service there has a memory limit and every build a cache: no info findings either.
    assert!(found.is_empty(), "{:#?}", found.iter().map(|f| (&f.0, f.1, &f.2)).collect::<Vec<_>>());
}

#[test]
fn before_platform_has_the_seed_findings() {
    let found = findings("reconciliation-platform");
    let list: Vec<_> = found.iter().map(|f| (f.0.as_str(), f.1, f.2.as_str())).collect();
    eprintln!("{list:#?}");
    // Seed §4 "No version tags for built images": backend and frontend in each file that builds them.
    for file in ["docker-compose.yml", "docker-compose.optimized.yml"] {
        for svc in ["backend", "frontend"] {
            assert!(has(&found, file, "built-image-untagged", svc), "{file} {svc}");
        }
    }
    assert!(has(&found, "docker-compose.dev.yml", "built-image-untagged", "backend"));
    // Seed §3 "No cache persistence across builds": every build.
    let caches = found.iter().filter(|f| f.1 == "missing-build-cache").count();
    assert_eq!(caches, 5, "{list:#?}");
    // The development stack's postgres keeps its data in the container.
    assert!(has(&found, "docker-compose.dev.yml", "stateful-service-without-volume", "postgres"));
    // Redis without persistence is a cache, not a store; the healthchecks are all there.
    assert!(!found.iter().any(|f| f.1 == "stateful-service-without-volume" && f.2 == "redis"), "{list:#?}");
    for rule in ["healthcheck-missing", "undefined-service", "duplicate-host-port"] {
        assert!(!found.iter().any(|f| f.1 == rule), "{rule}: {list:#?}");
    }
    // Limits are set everywhere but on the services the seed doesn't list as limited.
    let limits: Vec<_> =
        found.iter().filter(|f| f.1 == "missing-resource-limits").map(|f| (f.0.as_str(), f.2.as_str())).collect();
    assert!(limits.contains(&("docker-compose.yml", "pgbouncer")), "{limits:?}");
    assert!(limits.contains(&("docker-compose.yml", "kibana")), "{limits:?}");
    assert!(!limits.contains(&("docker-compose.optimized.yml", "redis")), "limits come from base.yml via extends");
    assert!(!limits.contains(&("docker-compose.optimized.yml", "postgres")));
}

#[test]
fn fixing_the_before_platform_with_project_context() {
    let (fs, files) = load("reconciliation-platform");
    let env = |_: &str| None;
    let project = Project::from_compose_files(&fs, &files, &env, &HashMap::new(), &Default::default());
    let scans = ScanCache::default();
    let view = ProjectView { project: &project, fs: &fs, scans: &scans };
    for f in &files {
        let text = shipshape_rules::fs::FileSystem::read_to_string(&fs, f).unwrap();
        let out = fix_in_project(FileKind::Compose, Some(f), &text, &env, &settings(), true, Some(&view));
        if std::env::var_os("SHOW_FIXES").is_some() {
            eprintln!("==== {}\n{}", f.display(), out.text);
        }
        assert!(compose::parse(&out.text).errors().is_empty(), "{}:\n{}", f.display(), out.text);
        let left: Vec<_> = out
            .remaining
            .iter()
            // Limits need numbers only the team knows; the build cache needs a builder set up:
            // both are suggestions `fix` does not apply.
            .filter(|d| !matches!(d.rule, "missing-resource-limits" | "missing-build-cache" | "syntax-error"))
            .map(|d| (d.rule, &out.text[d.range.clone()]))
            .collect();
        assert!(left.is_empty(), "{}: {left:?}\n{}", f.display(), out.text);
        if f.ends_with("docker-compose.yml") {
            assert!(out.text.contains("    image: reconciliation-platform/backend:${TAG:-dev}\n"), "{}", out.text);
        }
    }
}
