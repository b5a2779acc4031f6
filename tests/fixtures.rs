//! The bundled fixtures end to end: snapshots of every finding, the seed report's findings
//! on the platform it describes, the optimised copy clean, and `fix` on a copy.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures")
}

#[path = "support/run.rs"]
mod run;
use run::shipshape;

fn findings(dir: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["check", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let out = shipshape(&args, dir);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["diagnostics"].as_array().unwrap().clone()
}

fn listing(diags: &[Value]) -> String {
    diags
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {} — {}\n",
                d["file"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["severity"].as_str().unwrap(),
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn snapshots_of_every_fixture() {
    for name in ["reconciliation-platform", "reconciliation-platform-optimized", "dockerfiles"] {
        let d = findings(&fixtures().join(name), &["--strict"]);
        insta::assert_snapshot!(name, listing(&d));
    }
}

fn has(diags: &[Value], file: &str, rule: &str, needle: &str) -> bool {
    diags.iter().any(|d| d["file"] == file && d["rule"] == rule && d["message"].as_str().unwrap().contains(needle))
}

/// Each finding of the seed report, found by shipshape on the platform it describes.
#[test]
fn the_seed_reports_findings() {
    let d = findings(&fixtures().join("reconciliation-platform"), &[]);
    let main = "docker-compose.yml";
    // Services inventory: prometheus and grafana use `latest` ("should pin version").
    assert!(has(&d, main, "latest-tag", "prom/prometheus:latest"));
    assert!(has(&d, main, "latest-tag", "grafana/grafana:latest"));
    // Issue 1, build context: both use the root context with no .dockerignore. The seed
    // says the whole codebase is copied; BuildKit asks only for the paths a Dockerfile
    // copies, so on a clean checkout nothing heavy is sent (see the test below for a
    // working copy with node_modules and target/).
    for svc in ["backend", "frontend"] {
        assert!(!has(&d, main, "root-build-context", &format!("`{svc}`")), "{svc}");
        assert!(!has(&d, main, "missing-dockerignore", &format!("`{svc}`")), "{svc}");
        // Issue 3, cache strategy: no cache persistence across builds.
        assert!(has(&d, main, "missing-build-cache", &format!("`{svc}`")), "{svc}");
        // Issue 4, image tagging: no version tags for built images.
        assert!(has(&d, main, "built-image-untagged", &format!("`{svc}`")), "{svc}");
    }
    // Image optimisation: metadata labels missing on the built images.
    assert!(has(&d, "infrastructure/docker/Dockerfile.backend", "missing-oci-labels", ""));
    assert!(has(&d, "infrastructure/docker/Dockerfile.frontend", "missing-oci-labels", ""));
    // pgbouncer's unpinned image.
    assert!(has(&d, main, "untagged-image", "edoburu/pgbouncer"));
    // The Compose files still carry the obsolete `version:`.
    assert!(has(&d, main, "obsolete-version-field", ""));
}

/// The seed's build-context issue on a developer's working copy: `COPY frontend/ .` sends
/// `frontend/node_modules`; the backend copies `backend/src` and its manifests only, so its
/// `target/` stays home.
#[test]
fn a_working_copy_sends_what_its_dockerfiles_copy() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("reconciliation-platform"), dir.path());
    for (p, n) in [("frontend/node_modules/react/index.js", 3), ("backend/target/release/app", 2)] {
        let path = dir.path().join(p);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "x".repeat(1000 * n)).unwrap();
    }
    let d = findings(dir.path(), &[]);
    let main = "docker-compose.yml";
    assert!(has(&d, main, "missing-dockerignore", "`frontend`"));
    assert!(has(&d, main, "missing-dockerignore", "frontend/node_modules (1 files"), "{d:?}");
    assert!(!has(&d, main, "missing-dockerignore", "`backend`"));
    assert!(!has(&d, main, "root-build-context", ""), "named COPY sources: the root costs nothing");
}

#[test]
fn the_optimised_platform_is_clean_at_warning_level() {
    let dir = fixtures().join("reconciliation-platform-optimized");
    let out = shipshape(&["check", "."], &dir);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let out = shipshape(&["check", "../dockerfiles", "--fail-level", "warning"], &dir);
    let text = String::from_utf8_lossy(&out.stdout);
    // Only the deliberately bad Dockerfile has warnings.
    for line in text.lines().filter(|l| l.starts_with(" --> ") || l.starts_with("  --> ")) {
        assert!(line.contains("bad-rust.Dockerfile"), "{line}");
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let target = to.join(e.file_name());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn fix_on_a_copy_of_the_platform() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("platform");
    copy_dir(&fixtures().join("reconciliation-platform"), &dir);
    let before = findings(&dir, &[]);
    let out = shipshape(&["fix", "--unsafe", "."], &dir);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
    let after = findings(&dir, &[]);
    assert!(after.len() < before.len(), "{} → {}", before.len(), after.len());
    assert!(!after.iter().any(|d| d["rule"] == "syntax-error"), "{}", listing(&after));
    // Fixing again changes nothing.
    let again = shipshape(&["fix", "--unsafe", "--diff", "."], &dir);
    assert!(again.stdout.is_empty(), "{}", String::from_utf8_lossy(&again.stdout));
}
