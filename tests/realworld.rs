//! The real-world set (`tests/realworld/`): real Dockerfiles and Compose projects of public
//! projects, vendored with their licences (see its README). Every finding on it is
//! snapshotted, so a change to any rule's hits shows in review; and what the severity
//! policy (`docs/severity.md`) and the fixer promise is checked on files nobody wrote for us.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/realworld")
}

#[path = "support/run.rs"]
mod run;
use run::shipshape;

/// Every finding of `check` (all rules, strict preset) on `dir`, by file.
fn findings(dir: &Path) -> Vec<Value> {
    let out = shipshape(&["check", ".", "--format", "json", "--strict", "--fail-level", "never"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["diagnostics"].as_array().unwrap().clone()
}

fn line(d: &Value) -> String {
    format!(
        "{}:{}:{} {} {} — {}",
        d["file"].as_str().unwrap(),
        d["line"],
        d["column"],
        d["severity"].as_str().unwrap(),
        d["rule"].as_str().unwrap(),
        d["message"].as_str().unwrap()
    )
}

/// Files deliberately broken upstream (parser tests): errors there are expected.
fn negative(file: &str) -> bool {
    file.split('/').any(|p| p == "negative")
}

#[test]
fn every_finding_on_the_real_world_set() {
    let root = corpus();
    let d = findings(&root);
    assert!(!d.is_empty(), "the set is empty or shipshape is silent on it");
    let listing: String = d.iter().map(|d| line(d) + "\n").collect();
    // Per-rule counts first: what a review looks at.
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for x in &d {
        *counts.entry(format!("{} {}", x["severity"].as_str().unwrap(), x["rule"].as_str().unwrap())).or_default() += 1;
    }
    let summary: String = counts.iter().map(|(k, n)| format!("{n:>5} {k}\n")).collect();
    insta::assert_snapshot!("realworld", format!("{summary}\n{listing}"));
    // The policy: an error is a build or `compose up` that fails. Outside the deliberately
    // broken files (`negative/`), every error must be one a review found right and wrote
    // down in errors.tsv with the reason; anything else is a wrong error.
    let reviewed = reviewed_errors();
    let wrong: Vec<String> = d
        .iter()
        .filter(|x| x["severity"] == "error" && !negative(x["file"].as_str().unwrap()))
        .filter(|x| {
            let (file, rule) = (x["file"].as_str().unwrap(), x["rule"].as_str().unwrap());
            !reviewed.iter().any(|(prefix, r)| file.starts_with(prefix.as_str()) && r == rule)
        })
        .map(line)
        .collect();
    assert!(wrong.is_empty(), "errors no review found right (tests/realworld/errors.tsv):\n{}", wrong.join("\n"));
    // And the list holds nothing stale: each entry still matches an error.
    for (prefix, rule) in &reviewed {
        assert!(
            d.iter().any(|x| x["rule"] == rule.as_str() && x["file"].as_str().unwrap().starts_with(prefix.as_str())),
            "errors.tsv: `{prefix}` `{rule}` no longer matches any error: remove it"
        );
    }
}

/// `(path prefix, rule)` of the errors a review found right.
fn reviewed_errors() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(corpus().join("errors.tsv")).expect("tests/realworld/errors.tsv");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            (cols.next().unwrap_or("").to_string(), cols.next().unwrap_or("").to_string())
        })
        .collect()
}

/// `fix --unsafe` on a copy of the set never breaks a file: nothing it writes has a syntax
/// error the original did not have, and a second run changes nothing.
#[test]
fn fixes_on_the_real_world_set_keep_every_file_valid() {
    let root = corpus();
    let before: Vec<String> = findings(&root)
        .iter()
        .filter(|x| x["rule"] == "syntax-error")
        .map(|x| format!("{}:{}", x["file"].as_str().unwrap(), x["message"].as_str().unwrap()))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root, dir.path());
    let out = shipshape(&["fix", "--unsafe", "."], dir.path());
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let after: Vec<String> = findings(dir.path())
        .iter()
        .filter(|x| x["rule"] == "syntax-error")
        .map(|x| format!("{}:{}", x["file"].as_str().unwrap(), x["message"].as_str().unwrap()))
        .filter(|e| !before.contains(e))
        .collect();
    assert!(after.is_empty(), "the fixes wrote invalid files:\n{}", after.join("\n"));
    let again = shipshape(&["fix", "--unsafe", "--diff", "."], dir.path());
    assert_eq!(again.status.code(), Some(0), "a second fix still changes:\n{}", String::from_utf8_lossy(&again.stdout));
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        let target = to.join(e.file_name());
        let ft = e.file_type().unwrap();
        if ft.is_dir() {
            copy_dir(&p, &target);
        } else if ft.is_file() {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}
