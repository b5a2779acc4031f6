//! End-to-end tests of the `shipshape` binary: real processes, real temp dirs.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

#[path = "support/shellcheck.rs"]
mod shellcheck;

#[path = "support/run.rs"]
mod run;
use run::shipshape;

fn write(dir: &Path, rel: &str, text: &[u8]) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Limits a test folder to the rules a test is about (the catalogue grows; tests shouldn't).
fn select(dir: &Path, rules: &[&str]) {
    let list: Vec<String> = rules.iter().map(|r| format!("\"{r}\"")).collect();
    write(dir, ".shipshape.toml", format!("select = [{}]\n", list.join(", ")).as_bytes());
}

fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["syntax-error", "untagged-image", "latest-tag", "stage-name-casing"]);
    write(dir.path(), "infra/Dockerfile", b"FROM grafana/grafana:latest\nRU make\nFROM node AS Base\n");
    write(
        dir.path(),
        "compose.yaml",
        b"services:\n  prometheus:\n    image: prom/prometheus:latest\n  db:\n    image: postgres:15-alpine\n",
    );
    write(dir.path(), "docs/values.yaml", b"image: nginx\n");
    dir
}

fn json(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn json_contract() {
    let dir = project();
    let out = shipshape(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json(&out);
    let top: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(top, ["diagnostics", "files_checked", "version"]);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files_checked"], 2, "values.yaml is not a Compose file");
    let diags = v["diagnostics"].as_array().unwrap();
    let got: Vec<(String, String, u64, u64, u64, u64)> = diags
        .iter()
        .map(|d| {
            // `hadolint` is there when the finding answers a hadolint code.
            let keys: Vec<&str> =
                d.as_object().unwrap().keys().map(String::as_str).filter(|k| *k != "hadolint").collect();
            if d["rule"] == "latest-tag" {
                assert_eq!(d["hadolint"], "DL3007");
            }
            if d["rule"] == "stage-name-casing" {
                assert!(d.get("hadolint").is_none(), "hadolint has no such rule");
                assert_eq!(
                    keys,
                    ["column", "end_column", "end_line", "file", "fix", "line", "message", "rule", "severity"]
                );
                let fix = &d["fix"];
                assert_eq!(fix["applicability"], "safe");
                assert_eq!(fix["title"], "Rename the stage to `base`");
                let edit = &fix["edits"][0];
                let ek: Vec<&str> = edit.as_object().unwrap().keys().map(String::as_str).collect();
                assert_eq!(ek, ["column", "end_column", "end_line", "file", "line", "new_text"]);
                assert_eq!(
                    (
                        edit["file"].as_str(),
                        edit["line"].as_u64(),
                        edit["column"].as_u64(),
                        edit["end_column"].as_u64(),
                        edit["new_text"].as_str()
                    ),
                    (Some("infra/Dockerfile"), Some(3), Some(14), Some(18), Some("base"))
                );
            } else {
                assert_eq!(keys, ["column", "end_column", "end_line", "file", "line", "message", "rule", "severity"]);
            }
            (
                d["file"].as_str().unwrap().to_string(),
                d["rule"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["end_line"].as_u64().unwrap(),
                d["end_column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expect = [
        ("compose.yaml", "latest-tag", 3, 28, 3, 34),
        ("infra/Dockerfile", "latest-tag", 1, 22, 1, 28),
        ("infra/Dockerfile", "syntax-error", 2, 1, 2, 3),
        ("infra/Dockerfile", "untagged-image", 3, 6, 3, 10),
        ("infra/Dockerfile", "stage-name-casing", 3, 14, 3, 18),
    ];
    let expect: Vec<_> = expect.iter().map(|e| (e.0.to_string(), e.1.to_string(), e.2, e.3, e.4, e.5)).collect();
    assert_eq!(got, expect);
    assert_eq!(diags[2]["severity"], "error");
    assert_eq!(diags[0]["severity"], "warning");
    assert!(diags[2]["message"].as_str().unwrap().contains("did you mean RUN"));
}

#[test]
fn file_paths_are_as_given() {
    let dir = project();
    let out = shipshape(&["check", "--format", "json", "infra/Dockerfile", "."], dir.path());
    let v = json(&out);
    let files: Vec<&str> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert!(files.contains(&"infra/Dockerfile"));
    assert!(files.contains(&"compose.yaml"));

    // Two folders with the same layout: each file keeps its folder, in `file`, in the
    // edits of other files and in the messages that name paths.
    let two = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        write(two.path(), &format!("{sub}/compose.yaml"), b"services:\n  web:\n    build: .\n");
        write(two.path(), &format!("{sub}/Dockerfile"), b"FROM alpine:3.20\nCOPY . /app\n");
    }
    let v = json(&shipshape(&["check", "--format", "json", "a", "./b/"], two.path()));
    let diags = v["diagnostics"].as_array().unwrap();
    let mut files: Vec<&str> = diags.iter().map(|d| d["file"].as_str().unwrap()).collect();
    files.dedup();
    assert_eq!(files, ["a/Dockerfile", "a/compose.yaml", "b/Dockerfile", "b/compose.yaml"]);
    let ignore = diags.iter().find(|d| d["rule"] == "missing-dockerignore" && d["file"] == "b/compose.yaml").unwrap();
    assert_eq!(ignore["fix"]["edits"][0]["file"], "b/.dockerignore");
    assert!(ignore["message"].as_str().unwrap().starts_with("build context `b` "), "{ignore}");
    assert_eq!(ignore["fix"]["title"], "Create b/.dockerignore tailored to this context");
    let gh = String::from_utf8(shipshape(&["check", "--format", "github", "a", "b"], two.path()).stdout).unwrap();
    assert!(
        gh.lines().any(|l| l.contains("file=a/compose.yaml,"))
            && gh.lines().any(|l| l.contains("file=b/compose.yaml,"))
    );
}

#[test]
fn columns_count_unicode_scalar_values() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["untagged-image"]);
    write(dir.path(), "compose.yaml", "services:\n  web: {x-ñ😀: 1, image: redis}\n".as_bytes());
    let v = json(&shipshape(&["check", "--format", "json"], dir.path()));
    let d = &v["diagnostics"][0];
    assert_eq!(d["rule"], "untagged-image");
    // `  web: {x-ñ😀: 1, image: ` is 24 chars (28 bytes): the image starts at column 25.
    assert_eq!((d["line"].as_u64(), d["column"].as_u64(), d["end_column"].as_u64()), (Some(2), Some(25), Some(30)));
}

#[test]
fn exit_codes_and_fail_level() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["syntax-error", "untagged-image", "latest-tag"]);
    write(dir.path(), "Dockerfile", b"FROM alpine:3.20\n");
    assert_eq!(shipshape(&["check"], dir.path()).status.code(), Some(0));
    write(dir.path(), "Dockerfile", b"FROM alpine\n");
    assert_eq!(shipshape(&["check"], dir.path()).status.code(), Some(1));
    assert_eq!(shipshape(&["check", "--fail-level", "error"], dir.path()).status.code(), Some(0));
    assert_eq!(shipshape(&["check", "--fail-level", "never"], dir.path()).status.code(), Some(0));
    assert_eq!(shipshape(&["check", "--ignore", "untagged-image"], dir.path()).status.code(), Some(0));
    assert_eq!(shipshape(&["check", "--select", "latest-tag"], dir.path()).status.code(), Some(0));
    write(dir.path(), "Dockerfile", b"FROM alpine:3\nCOPY\n");
    assert_eq!(shipshape(&["check", "--fail-level", "error"], dir.path()).status.code(), Some(1));
}

#[test]
fn missing_path_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["check", "--format", "json", "nope/Dockerfile"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty(), "nothing on stdout");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("nope/Dockerfile") && err.contains("no such file"), "{err}");
    let out = shipshape(&["check", "--format", "yaml"], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn binary_and_non_utf8_files_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", b"\x00\x01\x02ELF");
    write(dir.path(), "app/Dockerfile", b"FROM alpine:3\nLABEL x=\"\xff\xfe\"\n");
    write(dir.path(), "ok/Dockerfile", b"FROM node\n");
    let out = shipshape(&["check", "--format", "json", "--select", "syntax-error,untagged-image"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let got: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["file"].as_str().unwrap().to_string(), d["rule"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("Dockerfile".to_string(), "syntax-error".to_string()),
            ("app/Dockerfile".to_string(), "syntax-error".to_string()),
            ("ok/Dockerfile".to_string(), "untagged-image".to_string()),
        ]
    );
    assert!(v["diagnostics"][0]["message"].as_str().unwrap().contains("not a text file"));
}

#[test]
fn oversized_files_are_skipped_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["untagged-image"]);
    let mut big = b"FROM node\n".to_vec();
    big.resize(6 * 1024 * 1024, b'#');
    write(dir.path(), "Dockerfile", &big);
    let out = shipshape(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json(&out)["files_checked"], 0);
    assert!(String::from_utf8_lossy(&out.stderr).contains("over the 5 MiB limit"));
}

#[test]
fn stdin_with_a_file_name() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["latest-tag"]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["check", "-", "--stdin-filename", "deploy/compose.yaml", "--format", "json"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(b"services:\n  a:\n    image: redis:latest\n").unwrap();
    let out = child.wait_with_output().unwrap();
    let v = json(&out);
    assert_eq!(v["diagnostics"][0]["file"], "deploy/compose.yaml");
    assert_eq!(v["diagnostics"][0]["rule"], "latest-tag");
}

#[test]
fn human_output_shows_location_and_caret() {
    let dir = project();
    let out = shipshape(&["check"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("warning[latest-tag]"), "{text}");
    assert!(text.contains("--> infra/Dockerfile:1:22"), "{text}");
    assert!(text.contains("1 | FROM grafana/grafana:latest"), "{text}");
    assert!(text.contains("^^^^^^"), "{text}");
    assert!(text.contains("Found 5 findings (1 error, 4 warnings) in 2 files."), "{text}");
}

#[test]
fn github_annotations() {
    let dir = project();
    let out = shipshape(&["check", "--format", "github", "infra"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l == "::error file=infra/Dockerfile,line=2,col=1,endLine=2,endColumn=3,title=syntax-error::unknown instruction: RU (did you mean RUN?)"), "{text}");
}

#[test]
fn rules_and_explain() {
    let dir = tempfile::tempdir().unwrap();
    let out = shipshape(&["rules"], dir.path());
    let text = String::from_utf8_lossy(&out.stdout);
    for id in ["syntax-error", "untagged-image", "latest-tag"] {
        assert!(text.lines().any(|l| l.starts_with(id)), "{id} missing from:\n{text}");
    }
    let out = shipshape(&["explain", "latest-tag"], dir.path());
    assert!(out.status.success());
    let docs = String::from_utf8_lossy(&out.stdout);
    assert!(docs.starts_with("# latest-tag") && docs.contains("## Silence"), "{docs}");
    let out = shipshape(&["explain", "latest-tags"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `latest-tag`"));
    // hadolint's ids and BuildKit's check names explain the rules that cover them.
    for (foreign, id) in
        [("DL3007", "latest-tag"), ("dl3006", "untagged-image"), ("JSONArgsRecommended", "json-args-recommended")]
    {
        let out = shipshape(&["explain", foreign], dir.path());
        assert!(out.status.success(), "{foreign}");
        assert!(String::from_utf8_lossy(&out.stdout).starts_with(&format!("# {id}\n")), "{foreign}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("is checked by `{id}`")), "{foreign}");
    }
}

#[test]
fn dotenv_feeds_compose_interpolation() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["latest-tag"]);
    write(dir.path(), "compose.yaml", b"services:\n  app:\n    image: app:${APP_TAG:-1.0}\n");
    assert_eq!(shipshape(&["check"], dir.path()).status.code(), Some(0));
    write(dir.path(), ".env", b"APP_TAG=latest\n");
    let v = json(&shipshape(&["check", "--format", "json"], dir.path()));
    assert_eq!(v["diagnostics"][0]["rule"], "latest-tag");
}

/// The rule docs in `docs/rules/` and the README's rule table are generated from the
/// rules themselves; this test fails when they drift. `SHIPSHAPE_BLESS=1` rewrites them.
#[test]
fn docs_are_generated_from_the_rules() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let bless = std::env::var_os("SHIPSHAPE_BLESS").is_some();
    let table = shipshape(&["rules", "--format", "markdown"], &root);
    let table = String::from_utf8(table.stdout).unwrap();
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = readme.find(start).expect("README has the rules:start marker") + start.len();
    let b = readme.find(end).expect("README has the rules:end marker");
    if bless {
        std::fs::write(&readme_path, format!("{}{}{}", &readme[..a], table, &readme[b..])).unwrap();
    } else {
        assert_eq!(&readme[a..b], table, "README rule table is stale: run SHIPSHAPE_BLESS=1 cargo test");
    }
    let listed = shipshape(&["rules"], &root);
    for line in String::from_utf8(listed.stdout).unwrap().lines() {
        let id = line.split_whitespace().next().unwrap();
        let docs = String::from_utf8(shipshape(&["explain", id], &root).stdout).unwrap();
        let path = root.join("docs/rules").join(format!("{id}.md"));
        if bless {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &docs).unwrap();
        } else {
            let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(on_disk, docs, "{} is stale: run SHIPSHAPE_BLESS=1 cargo test", path.display());
        }
    }
}

#[test]
fn config_file_is_found_upwards_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "svc/api/Dockerfile", b"FROM node\nFROM a:1 AS Build\n");
    write(
        dir.path(),
        ".shipshape.toml",
        b"select = [\"untagged-image\", \"stage-name-casing\"]\nignore = [\"untagged-image\"]\n[severity]\nstage-name-casing = \"error\"\n",
    );
    let v = json(&shipshape(&["check", "--format", "json", "svc"], dir.path()));
    let d = v["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["rule"], "stage-name-casing");
    assert_eq!(d[0]["severity"], "error");
    // The strict preset turns on no-digest.
    write(dir.path(), ".shipshape.toml", b"preset = \"strict\"\n");
    let v = json(&shipshape(&["check", "--format", "json", "svc"], dir.path()));
    assert!(v["diagnostics"].as_array().unwrap().iter().any(|d| d["rule"] == "no-digest"));
}

#[test]
fn config_problems() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "Dockerfile", b"FROM alpine:3\n");
    write(dir.path(), ".shipshape.toml", b"ignore = [\"latest-tags\"]\n");
    let out = shipshape(&["check", "--select", "latest-tag"], dir.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("unknown rule `latest-tags` in `ignore` (did you mean `latest-tag`?)"));
    write(dir.path(), ".shipshape.toml", b"ignore = [\n");
    let out = shipshape(&["check", "--format", "json"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid TOML"));
}

#[test]
fn silencing_comments_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["untagged-image", "latest-tag"]);
    write(
        dir.path(),
        "Dockerfile",
        b"# hadolint ignore=DL3006\nFROM node\n# shipshape ignore=latest-tag\nFROM redis:latest\n",
    );
    write(dir.path(), "compose.yaml", b"# shipshape ignore-file=untagged-image\nservices:\n  a:\n    image: redis\n");
    assert_eq!(shipshape(&["check"], dir.path()).status.code(), Some(0));
}

#[test]
fn fix_applies_safe_fixes_and_diff_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["stage-name-casing", "unknown-stage"]);
    let original = b"FROM golang:1.23 AS Build\nFROM alpine:3\nCOPY --from=Buld /app /app\n";
    write(dir.path(), "Dockerfile", original);
    let out = shipshape(&["fix", "--diff"], dir.path());
    assert_eq!(out.status.code(), Some(1), "changes pending");
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains("--- a/Dockerfile") && diff.contains("+FROM golang:1.23 AS build"), "{diff}");
    assert_eq!(std::fs::read(dir.path().join("Dockerfile")).unwrap(), original, "--diff must not write");
    let out = shipshape(&["fix"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let fixed = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    // Both fixes land in the same round; stage references are case-insensitive.
    assert_eq!(fixed, "FROM golang:1.23 AS build\nFROM alpine:3\nCOPY --from=Build /app /app\n");
    assert_eq!(shipshape(&["check"], dir.path()).status.code(), Some(0));
    let again = shipshape(&["fix", "--diff"], dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert!(again.stdout.is_empty());
}

#[test]
fn sarif_output_is_valid_shape() {
    let dir = project();
    let out = shipshape(&["check", "--format", "sarif"], dir.path());
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "shipshape");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules
        .iter()
        .all(|r| r["helpUri"].as_str().is_some_and(|u| u.ends_with(".md")) && r["help"]["markdown"].is_string()));
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5);
    let r = &results[0];
    let idx = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], r["ruleId"]);
    // Relative to the working directory, which `originalUriBaseIds` names.
    let location = &r["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!((location["uri"].as_str(), location["uriBaseId"].as_str()), (Some("compose.yaml"), Some("%SRCROOT%")));
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    let cwd = std::fs::canonicalize(dir.path()).unwrap();
    assert_eq!(base.trim_end_matches('/'), format!("file://{}", cwd.display()));
    assert_eq!(r["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
}

/// `shipshape report` on the seed project: the seed report's sections, rebuilt from the
/// findings. The whole Markdown is snapshotted (with a fixed date).
#[test]
fn report_rebuilds_the_seed_reports_shape() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/reconciliation-platform");
    let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["report"])
        .current_dir(&root)
        .env("SOURCE_DATE_EPOCH", "1767225600")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8(out.stdout).unwrap();
    for section in [
        "# Docker Services Diagnosis & Optimization Report",
        "**Generated**: 2026-01-01",
        "## Executive Summary",
        "## Services Inventory",
        // One section per Compose configuration (a file with its override file).
        "### Configuration `docker-compose.yml`",
        "### Configuration `docker-compose.dev.yml`",
        "#### Application Services",
        "#### Monitoring Services",
        "#### Logging Services",
        "## Build Configuration Analysis",
        "### Issues Identified",
        "## Optimization Recommendations",
        "## Implementation Plan",
        "## Expected Improvements",
        // The charts' text equivalents.
        "**Findings by category**",
        "**Findings per service in docker-compose.yml**",
        "**Context bytes sent per build**",
    ] {
        assert!(md.contains(section), "missing {section}");
    }
    // The seed's own findings, per service.
    let prometheus = &md[md.find("**prometheus**").unwrap()..];
    let prometheus = &prometheus[..prometheus.find("\n\n").unwrap()];
    assert!(prometheus.contains("⚠️ `latest-tag`"), "{prometheus}");
    assert!(prometheus.contains("`shipshape pin`"), "{prometheus}");
    let backend = &md[md.find("**backend**").unwrap()..];
    let backend = &backend[..backend.find("\n\n").unwrap()];
    assert!(backend.contains("(3-stage build)") && backend.contains("`.` (project root)"), "{backend}");
    assert!(backend.contains("`missing-oci-labels`") && backend.contains("`built-image-untagged`"), "{backend}");
    assert!(md.contains("- ❌ `.dockerignore` for the build context (0 of 1 contexts)"), "{md}");
    insta::assert_snapshot!("report_seed", md);
}

#[test]
fn report_as_html_and_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "compose.yaml", b"services:\n  \"<script>x</script>\":\n    image: redis:latest\n");
    let out = shipshape(&["report", ".", "--format", "html", "-o", "report.html"], dir.path());
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(page.starts_with("<!doctype html>"));
    assert!(page.contains("<h2>Services Inventory</h2>") && page.contains("<table>"));
    // A service name is user text: shown, never run.
    assert!(!page.contains("<script>") && page.contains("&lt;script&gt;"), "{page}");
    // No emoji a browser without a colour-emoji font draws as a box: CSS badges instead.
    assert!(!page.contains('❌') && !page.contains('⚠') && page.contains("class=\"badge warning\""), "{page}");
    // A clean project says so.
    let clean = tempfile::tempdir().unwrap();
    write(clean.path(), "compose.yaml", b"services:\n  db:\n    image: postgres:16.4@sha256:0d6f7e6c1c1c4b1c8f0e9f6e1c3b5d7a9f2e4c6b8d0a2c4e6f8a0b2c4d6e8f0a\n    mem_limit: 512m\n    volumes: [db:/var/lib/postgresql/data]\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\nvolumes:\n  db:\n");
    let out = shipshape(&["report"], clean.path());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("**Status**: ✅ no issues found"), "{md}");
    assert!(md.contains("None: every file is clean at all severities."), "{md}");
    // A missing folder is a usage error.
    assert_eq!(shipshape(&["report", "nope"], dir.path()).status.code(), Some(2));
}

/// "Expected Improvements" gives measured numbers only, each agreeing with what `fix`
/// would do: the bytes the written `.dockerignore` keeps out of the context (checked here
/// by applying the fix and measuring again), the steps `cache-busting-copy`'s fix moves
/// above the whole-context COPY; image sizes are said to be unknown, not invented.
#[test]
fn report_measures_what_the_fixes_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "compose.yaml", b"services:\n  web:\n    build: ./web\n    image: example/web:1.0\n");
    write(root, "web/Dockerfile", b"FROM node:22\nWORKDIR /app\nCOPY . .\nENV CI=1\nRUN npm ci\nRUN npm run build\nCMD [\"node\", \"dist/server.js\"]\n");
    write(root, "web/package.json", b"{}\n");
    write(root, "web/package-lock.json", b"{}\n");
    write(root, "web/src/server.js", b"console.log(1)\n");
    write(root, "web/node_modules/left-pad/index.js", &vec![b'x'; 2_400_000]);
    let out = shipshape(&["report", "."], root);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let md = String::from_utf8(out.stdout).unwrap();
    let improvements = &md[md.find("## Expected Improvements").expect("the section")..];
    let improvements = &improvements[..improvements.find("\n## ").unwrap()];
    assert!(!improvements.contains('%'), "no percentage: {improvements}");
    // The Dockerfile, the manifests and the source (125 bytes) stay; node_modules goes.
    assert!(improvements.contains("| web | 125 B | 2.4 MB | 2.4 MB |"), "{improvements}");
    assert!(
        improvements.contains("The `web/.dockerignore` that `shipshape fix` would write keeps out 2.4 MB in 1 file."),
        "{improvements}"
    );
    assert!(
        improvements.contains("of the 4 steps after the whole-context `COPY`, 2 stop re-running on a source edit"),
        "ENV CI=1 and RUN npm ci move above it: {improvements}"
    );
    assert!(improvements.contains("base-image sizes are unknown"), "{improvements}");
    // After `fix`, the context sends the 4 files the report said would still be sent (the
    // Dockerfile edited by other fixes) and the new .dockerignore; nothing is left to keep out.
    assert_eq!(shipshape(&["fix", "."], root).status.code().map(|c| c <= 1), Some(true));
    assert!(root.join("web/.dockerignore").exists());
    let after = String::from_utf8(shipshape(&["report", "."], root).stdout).unwrap();
    let line = after.lines().find(|l| l.starts_with("- **web**")).unwrap();
    assert!(line.contains(" in 5 files — all of the context") && line.contains("after `web/.dockerignore`"), "{line}");
    assert!(after.lines().any(|l| l.starts_with("| web |") && l.contains(" B | 0 B | ")), "{after}");
    // The HTML page draws the charts, with their tables.
    let out = shipshape(&["report", ".", "--format", "html"], root);
    let page = String::from_utf8(out.stdout).unwrap();
    for id in ["findings-by-category", "findings-by-service-1", "context-bytes"] {
        assert!(page.contains(&format!("<figure class=\"chart\" id=\"{id}\">")), "{id}");
    }
    assert_eq!(page.matches("<svg ").count(), 3);
    assert!(!page.contains("<script") && !page.contains("src=\"http"), "no script, nothing fetched");
}

#[test]
fn fix_never_writes_outside_the_paths_given() {
    // A repository's Compose file points its build contexts out of the repository.
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    let elsewhere = root.path().join("elsewhere");
    let absolute = root.path().join("absolute");
    write(&elsewhere, "Dockerfile", b"FROM alpine:3.20\nCOPY . /app\n");
    write(&absolute, "Dockerfile", b"FROM alpine:3.20\nCOPY . /app\n");
    write(&elsewhere, "node_modules/x/index.js", b"x");
    select(&repo, &["missing-dockerignore", "context-bloat"]);
    let compose = format!(
        "services:\n  a:\n    image: a/a:1\n    build: ../elsewhere\n  b:\n    image: b/b:1\n    build:\n      context: {}\n",
        absolute.display()
    );
    write(&repo, "compose.yaml", compose.as_bytes());
    let out = shipshape(&["check", "--format", "json", "."], &repo);
    let v = json(&out);
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty(), "the findings are still reported");
    assert!(diags.iter().all(|d| d.get("fix").is_none()), "but with no fix: {diags:?}");
    let out = shipshape(&["fix", "--unsafe", "."], &repo);
    assert!(out.status.code().is_some(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!elsewhere.join(".dockerignore").exists(), "wrote outside the repository");
    assert!(!absolute.join(".dockerignore").exists(), "wrote to an absolute path");
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_tree_are_not_read() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    write(root.path(), "secret.txt", b"password=hunter2\n");
    select(&repo, &["syntax-error"]);
    write(&repo, "app/Dockerfile", b"FROM alpine:3.20\n");
    std::os::unix::fs::symlink(root.path().join("secret.txt"), repo.join("Dockerfile")).unwrap();
    // A link inside the tree is followed as before.
    std::os::unix::fs::symlink(repo.join("app/Dockerfile"), repo.join("Dockerfile.app")).unwrap();
    let out = shipshape(&["check", "--format", "json", "."], &repo);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"), "{stdout}{stderr}");
    assert!(stderr.contains("skipping Dockerfile: a symlink to"), "{stderr}");
    assert_eq!(json(&out)["files_checked"], 2, "app/Dockerfile and the link inside the tree");
}

#[test]
fn templates_found_by_a_folder_walk_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["syntax-error"]);
    write(dir.path(), "Dockerfile.oracle", b"{{ def install }}\nRUN x\n{{ end -}}\nFROM oraclelinux:9-slim\n");
    write(dir.path(), "Dockerfile", b"FROM alpine:3.20\n");
    let out = shipshape(&["check", "--format", "json", "."], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(json(&out)["files_checked"], 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("skipping Dockerfile.oracle: a template"));
    // Named on the command line, it is checked as asked.
    let out = shipshape(&["check", "--format", "json", "Dockerfile.oracle"], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

/// A reader that goes away (`shipshape check | head -1`) ends the process quietly: no
/// panic, no backtrace, whatever the command.
#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/realworld");
    for args in [&["check", "."][..], &["fix", "--diff", "--unsafe", "."], &["rules"], &["explain", "latest-tag"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_shipshape"))
            .args(args)
            .current_dir(&root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 16];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        // The read end is dropped here: further writes hit a closed pipe.
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {stderr}");
        assert_ne!(out.status.code(), Some(101), "{args:?}");
    }
}

/// The report's "can be fixed" counts are what `fix` and `fix --unsafe` really fix, on the
/// fixtures and on every real-world project with a Compose file.
#[test]
fn report_counts_agree_with_fix() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut roots =
        vec![repo.join("fixtures/reconciliation-platform"), repo.join("fixtures/reconciliation-platform-optimized")];
    let mut stack = vec![repo.join("tests/realworld")];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        if entries.iter().any(|p| {
            p.file_name().is_some_and(|n| {
                n.to_string_lossy().starts_with("docker-compose") || n.to_string_lossy().starts_with("compose.")
            })
        }) {
            roots.push(dir.clone());
        }
        stack.extend(entries.into_iter().filter(|p| p.is_dir()));
    }
    assert!(roots.len() > 50, "{}", roots.len());
    let number = |text: &str, before: &str| -> usize {
        let at = text.find(before).unwrap_or_else(|| panic!("no `{before}` in {text}"));
        text[..at].split_whitespace().last().unwrap().parse().unwrap()
    };
    let mut compared = 0;
    for root in roots.iter().step_by(3) {
        let report = shipshape(&["report", "."], root);
        let md = String::from_utf8_lossy(&report.stdout);
        let Some(summary) = md.lines().find(|l| l.contains("can be fixed automatically")) else { continue };
        let safe = number(summary, " finding");
        let more = number(summary, " more with `shipshape fix --unsafe`");
        let fixed = |args: &[&str]| {
            let out = shipshape(args, root);
            number(&String::from_utf8_lossy(&out.stderr), " finding")
        };
        let fix_safe = fixed(&["fix", "--diff", "."]);
        let fix_unsafe = fixed(&["fix", "--diff", "--unsafe", "."]);
        assert_eq!((safe, safe + more), (fix_safe, fix_unsafe), "{}: {summary}", root.display());
        compared += 1;
    }
    assert!(compared > 20, "{compared}");
}

/// `-o FORMAT:FILE` writes machine formats beside the human output; Checkstyle, JUnit and
/// GitLab Code Quality are escaped, counted and fingerprinted as their consumers expect
/// (tests/formats/run checks them with the consumers themselves).
#[test]
fn outputs_to_files_and_ci_formats() {
    let dir = project();
    write(dir.path(), "infra/Dockerfile", b"FROM grafana/grafana:latest\nRU make \"<&>\"\nFROM node AS Base\n");
    let out = shipshape(
        &[
            "check",
            "-o",
            "junit:out/junit.xml",
            "-o",
            "gitlab:gl.json",
            "--output",
            "checkstyle:cs.xml",
            "-o",
            "json:r.json",
        ],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("Found 5 findings"), "{human}");
    let read = |p: &str| std::fs::read_to_string(dir.path().join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let findings =
        json(&Output { stdout: read("r.json").into_bytes(), ..out.clone() })["diagnostics"].as_array().unwrap().len();
    assert_eq!(findings, 5);
    let junit = read("out/junit.xml");
    assert!(junit.contains(r#"<testsuites name="shipshape" tests="5" failures="5" errors="0">"#), "{junit}");
    assert!(junit.contains("&lt;&amp;&gt;") || !junit.contains("<&>"), "{junit}");
    let cs = read("cs.xml");
    assert_eq!(cs.matches("<error ").count(), 5);
    assert!(
        cs.contains(r#"<file name="infra/Dockerfile">"#) && cs.contains(r#"source="shipshape.latest-tag""#),
        "{cs}"
    );
    let gl: Value = serde_json::from_str(&read("gl.json")).unwrap();
    let issues = gl.as_array().unwrap();
    assert_eq!(issues.len(), 5);
    assert!(issues
        .iter()
        .all(|i| ["info", "minor", "major", "critical", "blocker"].contains(&i["severity"].as_str().unwrap())));
    let prints = |v: &Value| -> Vec<String> {
        let mut p: Vec<String> =
            v.as_array().unwrap().iter().map(|i| i["fingerprint"].as_str().unwrap().to_string()).collect();
        p.sort();
        p
    };
    let before = prints(&gl);
    assert!(before.windows(2).all(|w| w[0] != w[1]), "fingerprints are unique");
    // Lines moved by an edit above: same findings, same fingerprints.
    write(
        dir.path(),
        "infra/Dockerfile",
        b"# a comment\n\nFROM grafana/grafana:latest\nRU make \"<&>\"\nFROM node AS Base\n",
    );
    shipshape(&["check", "-o", "gitlab:gl.json"], dir.path());
    let after: Value = serde_json::from_str(&read("gl.json")).unwrap();
    assert_eq!(prints(&after), before);
    // An unwritable output is a usage error before anything is printed.
    let out = shipshape(&["check", "-o", "sarif:compose.yaml/x.sarif"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

/// Progress on a terminal only: `script` gives the run a pseudo-terminal; through a pipe
/// (CI logs) stderr stays empty.
#[test]
fn progress_only_on_a_terminal() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/realworld");
    let bin = env!("CARGO_BIN_EXE_shipshape");
    let piped = Command::new(bin).args(["check", ".", "--format", "json"]).current_dir(&root).output().unwrap();
    assert!(piped.stderr.is_empty(), "{}", String::from_utf8_lossy(&piped.stderr));
    let Ok(tty) = Command::new("script")
        .args(["-qec", &format!("{bin} check . --format json >/dev/null"), "/dev/null"])
        .current_dir(&root)
        .output()
    else {
        eprintln!("note: `script` (util-linux) is missing; the terminal half is not checked");
        return;
    };
    let shown = String::from_utf8_lossy(&tty.stdout);
    // Hundreds of files take longer than the delay before progress appears.
    let counted = shown.split("checking ").skip(1).any(|rest| {
        let (done, total) = rest.split_once(' ').map_or(("", ""), |(n, _)| n.split_once('/').unwrap_or(("", "")));
        done.parse::<usize>().is_ok() && total.parse::<usize>().is_ok_and(|t| t > 100)
    });
    assert!(counted, "`checking N/TOTAL path` lines: {shown:?}");
    assert!(shown.ends_with("\r\x1b[2K"), "the line is cleared at the end: {shown:?}");
}

/// `shipshape format`: writes, `--check` and `--diff` (exit 1 when a file would change),
/// and a formatted file stays as it is.
#[test]
fn format_command() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "app/Dockerfile", b"from node:20\nrun   npm ci  \n");
    write(dir.path(), "compose.yaml", b"services:  \n  web:\n    image: nginx:1.27\n\n\n");
    let check = shipshape(&["format", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(1));
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("Would reformat: app/Dockerfile") && err.contains("Would reformat: compose.yaml"), "{err}");
    let diff = shipshape(&["format", "--diff", "app"], dir.path());
    assert_eq!(diff.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&diff.stdout).contains("+RUN npm ci\n"));
    assert_eq!(std::fs::read_to_string(dir.path().join("app/Dockerfile")).unwrap(), "from node:20\nrun   npm ci  \n");
    assert!(shipshape(&["format"], dir.path()).status.success());
    assert_eq!(std::fs::read_to_string(dir.path().join("app/Dockerfile")).unwrap(), "FROM node:20\nRUN npm ci\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(),
        "services:\n  web:\n    image: nginx:1.27\n"
    );
    let again = shipshape(&["format", "--check"], dir.path());
    assert_eq!(again.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&again.stderr).contains("0 files would be reformatted, 2 files already formatted."));
}

/// Compose indentation is kept unless the project asks: `[format] compose-indent` in
/// `.shipshape.toml`, or `--compose-indent N` (which wins).
#[test]
fn format_reindents_compose_files_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let text = "services:\n    web:\n        image: nginx:1.27\n        ports:\n        - \"80:80\"\n";
    write(dir.path(), "compose.yaml", text.as_bytes());
    assert_eq!(shipshape(&["format", "--check"], dir.path()).status.code(), Some(0), "kept as written");
    write(dir.path(), ".shipshape.toml", b"[format]\ncompose-indent = 2\n");
    assert!(shipshape(&["format"], dir.path()).status.success());
    let two = "services:\n  web:\n    image: nginx:1.27\n    ports:\n      - \"80:80\"\n";
    assert_eq!(std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap(), two);
    let out = shipshape(&["format", "--compose-indent", "4", "--diff"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("+    web:\n+        image: nginx:1.27\n"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(shipshape(&["format", "--compose-indent", "9"], dir.path()).status.code(), Some(2));
    // RUN chains one command per line, only when asked.
    write(dir.path(), "Dockerfile", b"FROM debian:12\nRUN apt-get update && apt-get install -y curl\n");
    assert_eq!(shipshape(&["format", "--check", "Dockerfile"], dir.path()).status.code(), Some(0));
    assert!(shipshape(&["format", "--split-run-chains", "Dockerfile"], dir.path()).status.success());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap(),
        "FROM debian:12\nRUN apt-get update \\\n    && apt-get install -y curl\n"
    );
}

#[test]
fn hadolint_config_is_honoured_and_converted() {
    let dir = tempfile::tempdir().unwrap();
    let hadolint = "ignored:\n  - DL3007\noverride:\n  error:\n    - DL3006\ntrustedRegistries:\n  - docker.io\nfailure-threshold: error\n";
    write(dir.path(), ".hadolint.yaml", hadolint.as_bytes());
    write(
        dir.path(),
        "app/Dockerfile",
        b"FROM node:latest\nFROM redis\nFROM quay.io/prometheus/node-exporter:v1.8.2\n",
    );
    let rules = |out: &Output| -> Vec<(String, String)> {
        json(out)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| ["latest-tag", "untagged-image", "untrusted-registry"].contains(&d["rule"].as_str().unwrap()))
            .map(|d| (d["rule"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()))
            .collect()
    };
    let out = shipshape(&["check", "--format", "json", "app"], dir.path());
    // DL3007 (latest-tag) is ignored, DL3006 (untagged-image) is an error, quay.io is not trusted.
    assert_eq!(
        rules(&out),
        [("untagged-image".into(), "error".into()), ("untrusted-registry".into(), "warning".into())]
    );
    // failure-threshold: error → an error fails, and `--fail-level` still wins.
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(shipshape(&["check", "--fail-level", "never", "app"], dir.path()).status.code(), Some(0));

    // init --from-hadolint writes the same settings as .shipshape.toml, which then wins.
    let out = shipshape(&["init", "--from-hadolint"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let toml = std::fs::read_to_string(dir.path().join(".shipshape.toml")).unwrap();
    assert!(toml.contains("ignore = [\"DL3007\"]") && toml.contains("DL3006 = \"error\""), "{toml}");
    assert!(toml.contains("fail-level = \"error\"") && toml.contains("trusted-registries = [\"docker.io\"]"), "{toml}");
    std::fs::remove_file(dir.path().join(".hadolint.yaml")).unwrap();
    let out = shipshape(&["check", "--format", "json", "app"], dir.path());
    assert_eq!(
        rules(&out),
        [("untagged-image".into(), "error".into()), ("untrusted-registry".into(), "warning".into())]
    );
    // It does not overwrite without --force.
    assert_eq!(shipshape(&["init"], dir.path()).status.code(), Some(2));
    assert_eq!(shipshape(&["init", "--force"], dir.path()).status.code(), Some(0));
}

/// ShellCheck on RUN scripts, through the real `shellcheck` (required when CI is set; the
/// test says it skipped otherwise).
#[test]
fn shellcheck_findings_on_run_scripts() {
    if !shellcheck::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    select(dir.path(), &["shellcheck"]);
    let text = "FROM debian:bookworm-slim\nARG DIR=/etc\n# hadolint ignore=SC2164\nRUN cd /tmp; \\\n    for f in $(ls $DIR/*.conf); do cp \"$f\" /opt/; done\nRUN <<EOF\nset -e\n[ $x == y ] && echo ok\nEOF\nSHELL [\"/bin/bash\", \"-c\"]\nRUN [[ $HOME == /root ]] && echo ok\n";
    write(dir.path(), "Dockerfile", text.as_bytes());
    let out = shipshape(&["check", "--format", "json", "--verbose"], dir.path());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 RUN scripts checked"), "{err}");
    let v = json(&out);
    let got: Vec<(String, u64, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["hadolint"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // SC2045 on line 5 (through the continuation), `x` unquoted and unassigned and `==` in the heredoc
    // (sh), nothing on the bash `[[ == ]]`, SC2164 silenced by the hadolint comment.
    assert_eq!(
        got,
        [
            ("SC2045".to_string(), 5, 14, "warning".to_string()),
            ("SC2086".to_string(), 8, 3, "info".to_string()),
            ("SC2154".to_string(), 8, 3, "warning".to_string()),
            ("SC3014".to_string(), 8, 6, "warning".to_string()),
        ],
        "{v}"
    );
    // ignore = ["SC2154"] in the config silences that code only.
    write(dir.path(), ".shipshape.toml", b"select = [\"shellcheck\"]\nignore = [\"SC2154\"]\n");
    let v = json(&shipshape(&["check", "--format", "json"], dir.path()));
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 3, "{v}");
}
