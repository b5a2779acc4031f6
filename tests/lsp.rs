//! End-to-end tests of `shipshape lsp`: the real binary, JSON-RPC over its stdio.

use std::path::Path;

use serde_json::{json, Value};

#[path = "support/lsp_client.rs"]
mod client;
use client::Lsp;

#[path = "support/shellcheck.rs"]
mod shellcheck;

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn rules_of(diags: &[Value]) -> Vec<String> {
    let mut r: Vec<String> = diags.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    r.sort();
    r
}

fn only(rules: &[&str]) -> Value {
    json!({"select": rules})
}

#[test]
fn diagnostics_are_pushed_per_version_with_full_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    std::fs::write(&df, "").unwrap();
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image", "latest-tag", "syntax-error"]));
    let u = uri(&df);
    lsp.open(&u, "dockerfile", "FROM node\nRU make\n");
    let d = lsp.diagnostics(&u, 1);
    assert_eq!(rules_of(&d), ["syntax-error", "untagged-image"]);
    let img = d.iter().find(|d| d["code"] == "untagged-image").unwrap();
    assert_eq!(img["source"], "shipshape");
    assert_eq!(img["severity"], 2);
    assert_eq!(img["range"], json!({"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 9}}));
    assert!(img["codeDescription"]["href"].as_str().unwrap().ends_with("untagged-image.md"));
    // An incremental edit: `node` → `node:20`, and fix the typo.
    lsp.change(
        &u,
        2,
        json!([
            {"range": {"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 9}}, "text": ":20"},
            {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 2}}, "text": "RUN"}
        ]),
    );
    assert!(lsp.diagnostics(&u, 2).is_empty());
    lsp.stop();
}

#[test]
fn a_burst_of_edits_ends_with_the_last_version() {
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["latest-tag", "untagged-image"]));
    let u = uri(&df);
    lsp.open(&u, "dockerfile", "FROM alpine\n");
    lsp.diagnostics(&u, 1);
    // Type `:latest` one keystroke at a time, without waiting.
    for (i, ch) in ":latest".chars().enumerate() {
        let col = 11 + i as u32;
        lsp.change(&u, 2 + i as i64, json!([{"range": {"start": {"line": 0, "character": col}, "end": {"line": 0, "character": col}}, "text": ch.to_string()}]));
    }
    let last = 1 + ":latest".len() as i64;
    assert_eq!(rules_of(&lsp.diagnostics(&u, last)), ["latest-tag"]);
    // Publications carry versions in order: a result for an older version never follows a newer one.
    let versions: Vec<i64> = lsp
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter_map(|m| m["params"]["version"].as_i64())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "published out of order: {versions:?}");
    lsp.stop();
}

#[test]
fn utf16_and_utf8_positions() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("compose.yaml");
    let text = "services:\n  web: {x-ñ😀: 1, image: redis}\n";
    std::fs::write(&f, text).unwrap();
    let u = uri(&f);
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    lsp.open(&u, "dockercompose", text);
    let d = lsp.diagnostics(&u, 1);
    // `  web: {x-ñ😀: 1, image: ` is 24 chars but 25 UTF-16 code units (the emoji is a pair).
    assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": 25}));
    lsp.stop();
    let mut lsp = Lsp::start(
        dir.path(),
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        only(&["untagged-image"]),
    );
    lsp.open(&u, "dockercompose", text);
    let d = lsp.diagnostics(&u, 1);
    assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": 28}), "UTF-8 columns are bytes");
    lsp.stop();
}

#[test]
fn hover_explains_findings_instructions_and_images() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["latest-tag"]));
    let u = uri(&f);
    lsp.open(&u, "dockerfile", "FROM node:latest\nRUN --mount=type=cache,target=/root/.npm npm ci\nFROM ghcr.io/o/app:1.2@sha256:0000000000000000000000000000000000000000000000000000000000000000\n");
    lsp.diagnostics(&u, 1);
    let hover = |lsp: &mut Lsp, line: u32, character: u32| {
        lsp.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}}),
        )
    };
    let h = hover(&mut lsp, 0, 12);
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    // A short answer (what, why, the fix) and a link to the whole page, not the page.
    assert!(md.contains("**latest-tag** (warning)") && md.contains("*Why:*") && md.contains("*Fix:*"), "{md}");
    assert!(md.contains("latest-tag.md)") && !md.contains("## Example"), "{md}");
    let h = hover(&mut lsp, 1, 1);
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("**RUN**"));
    let h = hover(&mut lsp, 1, 6);
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("--mount"));
    let h = hover(&mut lsp, 2, 10);
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("| registry | `ghcr.io` |") && md.contains("| tag | `1.2` |"), "{md}");
    // An image's release: whether it is supported, and which releases are.
    lsp.change(&u, 2, json!([{"text": "FROM node:16-bullseye\n"}]));
    lsp.diagnostics(&u, 2);
    let md = hover(&mut lsp, 0, 8)["result"]["contents"]["value"].as_str().unwrap().to_string();
    assert!(md.contains("Node.js 16: **end of life since 2023-09-11**"), "{md}");
    assert!(md.contains("Debian 11: ") && md.contains("**Node.js** supported releases:"), "{md}");
    lsp.change(&u, 3, json!([{"text": "FROM node:latest\nRUN --mount=type=cache,target=/root/.npm npm ci\n"}]));
    lsp.diagnostics(&u, 3);
    // Out of range: an error response, and the server carries on.
    let h = hover(&mut lsp, 99, 0);
    assert!(h.get("error").is_some(), "{h}");
    assert!(hover(&mut lsp, 1, 1).get("result").is_some());
    lsp.stop();
}

fn apply(text: &str, edits: &[Value]) -> String {
    // Edits use UTF-16 positions; the test texts are ASCII.
    let lines: Vec<usize> = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let off = |p: &Value| lines[p["line"].as_u64().unwrap() as usize] + p["character"].as_u64().unwrap() as usize;
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| (off(&e["range"]["start"]), off(&e["range"]["end"]), e["newText"].as_str().unwrap().to_string()))
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

#[test]
fn code_actions_fix_ignore_and_fix_all() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let u = uri(&f);
    let text = "FROM golang:1.23 AS Build\nFROM alpine:3 AS Run\n";
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["stage-name-casing"]));
    lsp.open(&u, "dockerfile", text);
    let d = lsp.diagnostics(&u, 1);
    assert_eq!(d.len(), 2);
    let r = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": d[0]["range"], "context": {"diagnostics": [d[0]]}}),
    );
    let actions = r["result"].as_array().unwrap();
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Rename the stage to `build`"), "{titles:?}");
    assert!(titles.contains(&"Ignore `stage-name-casing` on this line"), "{titles:?}");
    assert!(titles.contains(&"Ignore `stage-name-casing` in this file"), "{titles:?}");
    let fix = actions.iter().find(|a| a["title"] == "Rename the stage to `build`").unwrap();
    assert_eq!(fix["isPreferred"], true);
    assert_eq!(fix["kind"], "quickfix");
    let edits = fix["edit"]["changes"][&u].as_array().unwrap();
    let fixed = apply(text, edits);
    assert_eq!(fixed, "FROM golang:1.23 AS build\nFROM alpine:3 AS Run\n");
    lsp.change(&u, 2, json!([{"text": fixed}]));
    assert_eq!(lsp.diagnostics(&u, 2).len(), 1);
    // fixAll fixes the rest.
    let r = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll.shipshape"]}}),
    );
    let all = &r["result"][0];
    assert_eq!(all["kind"], "source.fixAll.shipshape");
    let fixed =
        apply("FROM golang:1.23 AS build\nFROM alpine:3 AS Run\n", all["edit"]["changes"][&u].as_array().unwrap());
    assert_eq!(fixed, "FROM golang:1.23 AS build\nFROM alpine:3 AS run\n");
    lsp.stop();
}

#[test]
fn compose_edits_reanalyse_the_dockerfiles_they_build() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("api")).unwrap();
    std::fs::write(root.join("api/main.go"), "package main\n").unwrap();
    let df = root.join("api/Dockerfile");
    let compose = root.join("compose.yaml");
    let df_text = "FROM golang:1.23\nCOPY api/main.go .\n";
    let compose_text = "services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n";
    std::fs::write(&df, df_text).unwrap();
    std::fs::write(&compose, compose_text).unwrap();
    let mut lsp = Lsp::start(root, json!({}), only(&["copy-source-missing", "build-arg-not-declared"]));
    let (du, cu) = (uri(&df), uri(&compose));
    lsp.open(&du, "dockerfile", df_text);
    assert!(lsp.diagnostics(&du, 1).is_empty(), "context `.` has api/main.go");
    lsp.open(&cu, "dockercompose", compose_text);
    lsp.diagnostics(&cu, 1);
    // Narrow the context in the unsaved Compose buffer: the Dockerfile's COPY now misses.
    let narrowed = "services:\n  api:\n    build:\n      context: ./api\n      args: {FLAG: 1}\n";
    lsp.change(&cu, 2, json!([{"text": narrowed}]));
    let c = lsp.diagnostics(&cu, 2);
    assert_eq!(rules_of(&c), ["build-arg-not-declared"]);
    let d = lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == du
            && m["params"]["diagnostics"].as_array().is_some_and(|a| !a.is_empty())
    });
    assert_eq!(rules_of(d["params"]["diagnostics"].as_array().unwrap()), ["copy-source-missing"]);
    // Editing the Dockerfile re-analyses the Compose file: declaring the ARG clears it.
    lsp.change(&du, 2, json!([{"text": "FROM golang:1.23\nARG FLAG\nCOPY main.go .\n"}]));
    assert!(lsp.diagnostics(&du, 2).is_empty());
    lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == cu
            && m["params"]["diagnostics"] == json!([])
    });
    lsp.stop();
}

#[test]
fn configuration_changes_reanalyse() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let u = uri(&f);
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image", "latest-tag"]));
    lsp.open(&u, "dockerfile", "FROM node\nFROM redis:latest\n");
    assert_eq!(rules_of(&lsp.diagnostics(&u, 1)), ["latest-tag", "untagged-image"]);
    lsp.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"shipshape": {"select": ["untagged-image", "latest-tag"], "ignore": ["latest-tag"]}}}),
    );
    lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == u
            && m["params"]["diagnostics"].as_array().is_some_and(|a| a.len() == 1 && a[0]["code"] == "untagged-image")
    });
    lsp.stop();
}

#[test]
fn pull_diagnostics_and_robustness() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let u = uri(&f);
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    // Not a Dockerfile or Compose file by name or language: ignored.
    lsp.open(&uri(&dir.path().join("values.yaml")), "yaml", "image: nginx\n");
    lsp.open(&u, "dockerfile", "FROM node\n");
    let r = lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": u}}));
    assert_eq!(r["result"]["kind"], "full");
    assert_eq!(r["result"]["items"][0]["code"], "untagged-image");
    let r =
        lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri(&dir.path().join("values.yaml"))}}));
    assert!(r.get("error").is_some());
    // Malformed params: an error, and the server keeps serving.
    let r = lsp.request("textDocument/hover", json!({"textDocument": 5}));
    assert!(r.get("error").is_some(), "{r}");
    let r = lsp.request("no/such/method", json!({}));
    assert!(r.get("error").is_some(), "{r}");
    // An edit past the end of the document is ignored (and logged), not a crash.
    lsp.change(
        &u,
        2,
        json!([{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 41, "character": 0}}, "text": "x"}]),
    );
    assert_eq!(rules_of(&lsp.diagnostics(&u, 2)), ["untagged-image"]);
    let r = lsp.request("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
    assert_eq!(r["result"][0]["detail"], "FROM node");
    lsp.stop();
}

#[test]
fn hover_on_compose_keys_uses_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("compose.yaml");
    let text = "services:\n  web:\n    image: nginx:1.27\n    build:\n      context: ./web\n";
    let u = uri(&f);
    let mut lsp = Lsp::start(
        dir.path(),
        json!({"textDocument": {"hover": {"contentFormat": ["plaintext"]}}}),
        only(&["latest-tag"]),
    );
    lsp.open(&u, "dockercompose", text);
    lsp.diagnostics(&u, 1);
    let h =
        lsp.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 4, "character": 8}}));
    assert_eq!(h["result"]["contents"]["kind"], "plaintext", "the client only takes plain text");
    let v = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(v.starts_with("**services.web.build.context**"), "{v}");
    let h = lsp
        .request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 2, "character": 14}}));
    assert!(h["result"]["contents"]["value"].as_str().unwrap().contains("| tag | `1.27` |"));
    lsp.stop();
}

#[test]
fn watched_config_files_and_file_creating_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("web")).unwrap();
    std::fs::write(root.join("web/Dockerfile"), "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n").unwrap();
    let compose = root.join("compose.yaml");
    let text = "services:\n  web:\n    build: ./web\n    image: web:latest\n";
    std::fs::write(&compose, text).unwrap();
    let caps = json!({"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}});
    let mut lsp = Lsp::start(root, caps, json!({}));
    let cu = uri(&compose);
    lsp.open(&cu, "dockercompose", text);
    let d = lsp.diagnostics(&cu, 1);
    let missing = d.iter().find(|d| d["code"] == "missing-dockerignore").expect("missing-dockerignore").clone();
    // The fix creates web/.dockerignore: CreateFile, then the text.
    let r = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": cu}, "range": missing["range"], "context": {"diagnostics": [missing]}}),
    );
    let fix = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Create"))
        .unwrap()
        .clone();
    let ops = fix["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert!(ops[0]["uri"].as_str().unwrap().ends_with("/web/.dockerignore"));
    assert!(ops[1]["edits"][0]["newText"].as_str().unwrap().contains(".git"));
    // A .shipshape.toml appearing on disk (a watched file) re-analyses open documents.
    std::fs::write(root.join(".shipshape.toml"), "ignore = [\"latest-tag\", \"missing-dockerignore\"]\n").unwrap();
    lsp.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": uri(&root.join(".shipshape.toml")), "type": 1}]}),
    );
    lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == cu
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|a| !a.iter().any(|d| d["code"] == "latest-tag" || d["code"] == "missing-dockerignore"))
    });
    lsp.stop();
}

/// A Compose file can point a build context out of the workspace: the fix that would
/// create a `.dockerignore` there is not offered (the finding still shows).
#[test]
fn fixes_never_write_outside_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("repo");
    let elsewhere = dir.path().join("elsewhere");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(elsewhere.join("node_modules/x")).unwrap();
    std::fs::write(elsewhere.join("Dockerfile"), "FROM nginx:1.27\nCOPY . /usr/share/nginx/html\n").unwrap();
    std::fs::write(elsewhere.join("node_modules/x/a.js"), "x").unwrap();
    let compose = root.join("compose.yaml");
    let text = "services:\n  web:\n    build: ../elsewhere\n    image: web:1.0\n";
    std::fs::write(&compose, text).unwrap();
    let caps = json!({"workspace": {"workspaceEdit": {"documentChanges": true, "resourceOperations": ["create"]}}});
    let mut lsp = Lsp::start(&root, caps, json!({}));
    let cu = uri(&compose);
    lsp.open(&cu, "dockercompose", text);
    let d = lsp.diagnostics(&cu, 1);
    let missing = d.iter().find(|d| d["code"] == "missing-dockerignore").expect("the finding shows").clone();
    let r = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": cu}, "range": missing["range"], "context": {"diagnostics": [missing]}}),
    );
    let titles: Vec<&str> = r["result"].as_array().unwrap().iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(!titles.iter().any(|t| t.starts_with("Create")), "{titles:?}");
    lsp.stop();
}

/// Compose buffers are re-parsed incrementally; after a run of edits the findings must be
/// exactly those of a fresh `shipshape check` of the same text.
#[test]
fn incremental_compose_edits_match_a_fresh_check() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("compose.yaml");
    let mut text =
        String::from("services:\n  web:\n    image: nginx:latest\n    ports: [\"80:80\"]\n  db:\n    image: redis\n");
    std::fs::write(&f, &text).unwrap();
    let u = uri(&f);
    let rules = ["latest-tag", "untagged-image", "unknown-key", "syntax-error", "duplicate-host-port"];
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&rules));
    lsp.open(&u, "dockercompose", &text);
    lsp.diagnostics(&u, 1);
    let pos = |t: &str, off: usize| {
        let line = t[..off].matches('\n').count();
        let col = off - t[..off].rfind('\n').map_or(0, |i| i + 1);
        json!({"line": line, "character": col})
    };
    // (find, replace): a tag change, a half-typed key, a multi-line insert, a deletion.
    let steps = [
        ("latest", "1.27"),
        ("  db:\n", "  d\n  db:\n"),
        ("image: redis\n", "image: redis\n  api:\n    imgae: x:1\n    ports: [\"80:80\"]\n"),
        ("  d\n", ""),
    ];
    let mut version = 1;
    let mut last = Vec::new();
    for (from, to) in steps {
        let start = text.find(from).unwrap();
        let (s, e) = (pos(&text, start), pos(&text, start + from.len()));
        text.replace_range(start..start + from.len(), to);
        version += 1;
        lsp.change(&u, version, json!([{"range": {"start": s, "end": e}, "text": to}]));
        last = lsp.diagnostics(&u, version);
    }
    lsp.stop();
    let mut got: Vec<(String, u64)> = last
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["range"]["start"]["line"].as_u64().unwrap()))
        .collect();
    got.sort();
    std::fs::write(&f, &text).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(["check", "compose.yaml", "--format", "json", "--select", &rules.join(",")])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut want: Vec<(String, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap() - 1))
        .collect();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want, "final text:\n{text}");
}

#[test]
fn convert_to_multi_stage_is_a_refactor_on_the_finding_and_on_from_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Cargo.toml"), "[package]\nname = \"hello-api\"\nversion = \"0.1.0\"\n").unwrap();
    let f = dir.path().join("Dockerfile");
    let u = uri(&f);
    let text = "# build the API\nFROM rust:1.79-bookworm\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nEXPOSE 8080\nCMD [\"./target/release/hello-api\"]\n";
    std::fs::write(&f, text).unwrap();
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["single-stage-build"]));
    lsp.open(&u, "dockerfile", text);
    let d = lsp.diagnostics(&u, 1);
    assert_eq!(rules_of(&d), ["single-stage-build"]);
    let actions = |lsp: &mut Lsp, line: u32, diags: Value| {
        let r = lsp.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                   "context": {"diagnostics": diags, "only": ["refactor.rewrite"]}}),
        );
        r["result"].as_array().cloned().unwrap_or_default()
    };
    // On the FROM line: the refactor, bound to the finding that sits there.
    let a = actions(&mut lsp, 1, json!(d));
    let convert = a.iter().find(|a| a["title"] == "Convert to multi-stage build").expect("convert action");
    assert_eq!(convert["kind"], "refactor.rewrite");
    assert_eq!(convert["diagnostics"][0]["code"], "single-stage-build");
    let after = apply(text, convert["edit"]["changes"][&u].as_array().unwrap());
    assert!(after.starts_with("# build the API\nFROM rust:1.79-bookworm AS build\n"), "{after}");
    assert!(after.contains("FROM debian:bookworm-slim"), "{after}");
    assert!(after.contains("COPY --from=build /app/target/release/hello-api"), "{after}");
    // Not on other lines, and never twice: the converted file has two stages.
    assert!(actions(&mut lsp, 2, json!([])).iter().all(|a| a["title"] != "Convert to multi-stage build"));
    lsp.change(&u, 2, json!([{"text": after}]));
    assert!(lsp.diagnostics(&u, 2).is_empty());
    assert!(actions(&mut lsp, 1, json!([])).iter().all(|a| a["title"] != "Convert to multi-stage build"));
    lsp.stop();
}

/// A client that pulls diagnostics gets them only by pulling: a push as well would show each
/// finding twice (Neovim 0.11+ and VS Code keep both). Pulls answer from the analysis of
/// the current version, `resultId`s say when nothing changed, and a change the client did
/// not make (a Compose edit changes a Dockerfile's findings) asks it to pull again.
#[test]
fn pull_clients_get_no_pushes_and_a_refresh_when_other_files_change() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("api")).unwrap();
    std::fs::write(root.join("api/main.go"), "package main\n").unwrap();
    let (df, compose) = (root.join("api/Dockerfile"), root.join("compose.yaml"));
    let df_text = "FROM golang:1.23\nCOPY api/main.go .\nFROM node\n";
    let compose_text = "services:\n  api:\n    build:\n      context: .\n      dockerfile: api/Dockerfile\n";
    std::fs::write(&df, df_text).unwrap();
    std::fs::write(&compose, compose_text).unwrap();
    let caps = json!({"textDocument": {"diagnostic": {"dynamicRegistration": false}}, "workspace": {"diagnostics": {"refreshSupport": true}}});
    let mut lsp = Lsp::start(root, caps, only(&["copy-source-missing", "untagged-image"]));
    assert_eq!(lsp.capabilities["diagnosticProvider"]["interFileDependencies"], true);
    let (du, cu) = (uri(&df), uri(&compose));
    lsp.open(&du, "dockerfile", df_text);
    lsp.open(&cu, "dockercompose", compose_text);
    let pull = |lsp: &mut Lsp, u: &str, previous: Option<&str>| {
        lsp.request("textDocument/diagnostic", json!({"textDocument": {"uri": u}, "previousResultId": previous}))
            ["result"]
            .clone()
    };
    let first = pull(&mut lsp, &du, None);
    assert_eq!(first["kind"], "full");
    assert_eq!(rules_of(first["items"].as_array().unwrap()), ["untagged-image"]);
    let id = first["resultId"].as_str().unwrap().to_string();
    assert_eq!(pull(&mut lsp, &du, Some(&id)), json!({"kind": "unchanged", "resultId": id}));
    // An edit, then a pull at once: the answer is of the new text (the pull waits for it).
    lsp.change(
        &du,
        2,
        json!([{"range": {"start": {"line": 2, "character": 9}, "end": {"line": 2, "character": 9}}, "text": ":22"}]),
    );
    let second = pull(&mut lsp, &du, Some(&id));
    assert_eq!(
        (second["kind"].as_str(), second["items"].as_array().map(Vec::len)),
        (Some("full"), Some(0)),
        "{second}"
    );
    // Narrow the context in the unsaved Compose buffer: the Dockerfile's findings change
    // without an edit of it, so the server asks the client to pull again.
    lsp.change(&cu, 2, json!([{"text": "services:\n  api:\n    build:\n      context: ./api\n"}]));
    lsp.wait_for(|m| m["method"] == "workspace/diagnostic/refresh");
    let third = pull(&mut lsp, &du, second["resultId"].as_str());
    assert_eq!(rules_of(third["items"].as_array().unwrap_or_else(|| panic!("{third}"))), ["copy-source-missing"]);
    let r = lsp.request("textDocument/documentSymbol", json!({"textDocument": {"uri": du}}));
    assert!(r.get("result").is_some());
    let pushed: Vec<&Value> = lsp.backlog.iter().filter(|m| m["method"] == "textDocument/publishDiagnostics").collect();
    assert!(pushed.is_empty(), "a pull client got pushes too: {pushed:?}");
    lsp.stop();
}

/// Clients that do not pull are pushed to, and are not told the server can be pulled.
#[test]
fn push_clients_are_not_offered_pulls() {
    let dir = tempfile::tempdir().unwrap();
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    let df = dir.path().join("Dockerfile");
    lsp.open(&uri(&df), "dockerfile", "FROM node\n");
    assert_eq!(rules_of(&lsp.diagnostics(&uri(&df), 1)), ["untagged-image"]);
    assert!(lsp.capabilities.get("diagnosticProvider").is_none(), "{}", lsp.capabilities);
    lsp.stop();
}

/// Lines end at `\n`, `\r\n` and `\r` only, in the server's copy of a document as in the
/// editor's: U+2028, U+2029, U+0085, VT and FF are text, so positions and later edits
/// land where the editor says.
#[test]
fn unicode_line_separators_are_not_line_breaks() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["latest-tag", "untagged-image"]));
    let u = uri(&f);
    let text = "# note\u{2028}still\u{85}a\u{b}comment\u{c}here\u{2029}.\nFROM node:latest\n";
    lsp.open(&u, "dockerfile", text);
    let d = lsp.diagnostics(&u, 1);
    assert_eq!(rules_of(&d), ["latest-tag"]);
    assert_eq!(d[0]["range"]["start"], json!({"line": 1, "character": 10}));
    // An edit on line 1 lands on line 1: `node:latest` → `node:22`.
    lsp.change(
        &u,
        2,
        json!([{"range": {"start": {"line": 1, "character": 10}, "end": {"line": 1, "character": 16}}, "text": "22"}]),
    );
    assert!(lsp.diagnostics(&u, 2).is_empty());
    let r = lsp.request("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
    assert_eq!(r["result"][0]["detail"], "FROM node:22");
    // A lone `\r` is a line break for LSP: the finding is on line 2.
    lsp.change(&u, 3, json!([{"text": "# a\r# b\nFROM node\n"}]));
    let d = lsp.diagnostics(&u, 3);
    assert_eq!(d[0]["range"]["start"], json!({"line": 2, "character": 5}));
    lsp.stop();
}

/// One malformed frame never stops the server: each gets an error answer (with its id when
/// one can be read) and the next request is served. tower-lsp-server alone stops reading
/// after the first.
#[test]
fn malformed_frames_are_answered_and_the_server_keeps_reading() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    let u = uri(&f);
    lsp.open(&u, "dockerfile", "FROM node\n");
    lsp.diagnostics(&u, 1);
    let frame = |body: &[u8]| [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat();
    let cases: Vec<(&str, Vec<u8>, Value, i64)> = vec![
        ("bad JSON", frame(br#"{"jsonrpc":"2.0","id":101,"#), Value::Null, -32700),
        ("batch", frame(br#"[{"jsonrpc":"2.0","id":102,"method":"shutdown"}]"#), Value::Null, -32600),
        ("object id", frame(br#"{"jsonrpc":"2.0","id":{"n":103},"method":"shutdown"}"#), Value::Null, -32600),
        ("no jsonrpc", frame(br#"{"id":104,"method":"textDocument/hover"}"#), json!(104), -32600),
        ("invalid UTF-8", frame(b"{\"jsonrpc\":\"2.0\",\"id\":105,\"method\":\"\xff\"}"), json!(105), -32700),
        ("no length", b"Content-Type: text/plain\r\n\r\n{}".to_vec(), Value::Null, -32700),
        ("bad length", b"Content-Length: many\r\n\r\n{}".to_vec(), Value::Null, -32700),
    ];
    for (name, bytes, id, code) in cases {
        lsp.send_raw(&bytes);
        let answer = lsp.wait_for(|m| m.get("error").is_some() && m.get("method").is_none());
        assert_eq!((&answer["id"], answer["error"]["code"].as_i64()), (&id, Some(code)), "{name}: {answer}");
        let r = lsp.request("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
        assert_eq!(r["result"][0]["detail"], "FROM node", "{name}: the next request is served");
    }
    // A body shorter than its Content-Length swallows the start of the next frame; reading
    // resumes at that frame's header.
    lsp.send_raw(b"Content-Length: 60\r\n\r\n{\"jsonrpc\":\"2.0\",");
    let r = lsp.request("textDocument/documentSymbol", json!({"textDocument": {"uri": u}}));
    assert_eq!(r["result"][0]["detail"], "FROM node");
    lsp.stop();
}

/// Formatting over JSON-RPC: minimal edits that give the CLI's `format` result; a range
/// gets only the edits that touch it.
#[test]
fn document_and_range_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let text = "from  node:20 as build\nrun npm ci  \n\n\n\ncmd [\"node\"]";
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    assert_eq!(lsp.capabilities["documentFormattingProvider"], true);
    assert_eq!(lsp.capabilities["documentRangeFormattingProvider"], true);
    let u = uri(&f);
    lsp.open(&u, "dockerfile", text);
    let r = lsp.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": u}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    let edits = r["result"].as_array().unwrap();
    assert_eq!(apply(text, edits), "FROM node:20 AS build\nRUN npm ci\n\nCMD [\"node\"]\n");
    let r = lsp.request(
        "textDocument/rangeFormatting",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 3}}, "options": {"tabSize": 4, "insertSpaces": true}}),
    );
    assert_eq!(apply(text, r["result"].as_array().unwrap()), text.replacen("run", "RUN", 1));
    // A Compose file keeps its indentation (the editor's tab size is no request to change
    // it), unless the project's `[format] compose-indent` asks.
    let c = dir.path().join("compose.yaml");
    let ctext = "services:\n    web:\n        image: nginx:1.27\n";
    std::fs::write(&c, ctext).unwrap();
    let cu = uri(&c);
    lsp.open(&cu, "dockercompose", ctext);
    let format = |lsp: &mut Lsp| {
        lsp.request(
            "textDocument/formatting",
            json!({"textDocument": {"uri": cu}, "options": {"tabSize": 2, "insertSpaces": true}}),
        )
    };
    assert_eq!(format(&mut lsp)["result"], json!([]));
    lsp.stop();
    std::fs::write(dir.path().join(".shipshape.toml"), "[format]\ncompose-indent = 2\n").unwrap();
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    lsp.open(&cu, "dockercompose", ctext);
    let r = format(&mut lsp);
    assert_eq!(apply(ctext, r["result"].as_array().unwrap()), "services:\n  web:\n    image: nginx:1.27\n");
    lsp.stop();
}

/// Rename and highlight: a stage (with the Compose `build.target` that names it), an ARG
/// with its RUN uses, a Compose service with its `depends_on`; invalid names are refused.
#[test]
fn rename_and_highlight() {
    let dir = tempfile::tempdir().unwrap();
    let (df, compose) = (dir.path().join("Dockerfile"), dir.path().join("compose.yaml"));
    let df_text = "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION} AS build\nRUN echo \"$NODE_VERSION\" '$NODE_VERSION'\nFROM build AS runtime\nCOPY --from=build /a /b\n";
    let compose_text = "services:\n  api:\n    build:\n      context: .\n      target: build\n      args:\n        - NODE_VERSION=22\n  web:\n    image: nginx:1.27\n    depends_on: [api]\n";
    std::fs::write(&df, df_text).unwrap();
    std::fs::write(&compose, compose_text).unwrap();
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    assert_eq!(lsp.capabilities["renameProvider"]["prepareProvider"], true);
    let (du, cu) = (uri(&df), uri(&compose));
    lsp.open(&du, "dockerfile", df_text);
    lsp.open(&cu, "dockercompose", compose_text);
    let at = |line: u32, character: u32| json!({"line": line, "character": character});
    // The stage `build`, from `COPY --from=build`.
    let r = lsp.request("textDocument/prepareRename", json!({"textDocument": {"uri": du}, "position": at(4, 14)}));
    assert_eq!(r["result"]["placeholder"], "build", "{r}");
    let r = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": du}, "position": at(4, 14), "newName": "builder"}),
    );
    let changes = &r["result"]["changes"];
    assert_eq!(
        apply(df_text, changes[&du].as_array().unwrap()),
        df_text.replace(" build", " builder").replace("=build", "=builder")
    );
    assert_eq!(
        apply(compose_text, changes[&cu].as_array().unwrap()),
        compose_text.replace("target: build", "target: builder")
    );
    // The ARG: its `${}` use and the RUN use the shell expands; not the single-quoted one.
    let r = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": du}, "position": at(0, 5), "newName": "NODE_MAJOR"}),
    );
    let renamed = apply(df_text, r["result"]["changes"][&du].as_array().unwrap());
    assert_eq!(renamed, df_text.replacen("NODE_VERSION", "NODE_MAJOR", 3));
    assert!(renamed.contains("'$NODE_VERSION'"));
    // The Compose file that builds it passes the ARG in `build.args`: renamed with it.
    assert_eq!(
        apply(compose_text, r["result"]["changes"][&cu].as_array().unwrap()),
        compose_text.replace("NODE_VERSION", "NODE_MAJOR")
    );
    // And from the Compose side: the `build.args` key renames the ARG it sets.
    let key = at(6, 12);
    let r = lsp.request("textDocument/prepareRename", json!({"textDocument": {"uri": cu}, "position": key}));
    assert_eq!(r["result"]["placeholder"], "NODE_VERSION", "{r}");
    let r = lsp
        .request("textDocument/rename", json!({"textDocument": {"uri": cu}, "position": key, "newName": "NODE_MAJOR"}));
    assert_eq!(apply(df_text, r["result"]["changes"][&du].as_array().unwrap()), renamed, "{r}");
    assert_eq!(
        apply(compose_text, r["result"]["changes"][&cu].as_array().unwrap()),
        compose_text.replace("NODE_VERSION", "NODE_MAJOR")
    );
    let r = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": du}, "position": at(0, 5), "newName": "NODE-MAJOR"}),
    );
    assert!(r.get("error").is_some(), "{r}");
    let r = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": du}, "position": at(4, 14), "newName": "Builder"}),
    );
    assert!(r["error"]["message"].as_str().unwrap().contains("lower case"), "{r}");
    // The service `api`, from `depends_on`.
    let r = lsp.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": cu}, "position": at(9, 17), "newName": "backend"}),
    );
    assert_eq!(
        apply(compose_text, r["result"]["changes"][&cu].as_array().unwrap()),
        compose_text.replace("api", "backend")
    );
    // Highlight: the definition is written, the uses read.
    let r = lsp.request("textDocument/documentHighlight", json!({"textDocument": {"uri": du}, "position": at(3, 6)}));
    let kinds: Vec<i64> = r["result"].as_array().unwrap().iter().map(|h| h["kind"].as_i64().unwrap()).collect();
    assert_eq!(kinds, [3, 2, 2], "{r}");
    lsp.stop();
}

/// ShellCheck runs off the keystroke path: the first publication comes without waiting
/// for it, and its findings are published (for the same version) when they land; an edit
/// to one RUN re-checks only that script, and the other's findings stay.
#[test]
fn shellcheck_findings_land_after_the_analysis() {
    if !shellcheck::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let df = dir.path().join("Dockerfile");
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["shellcheck", "untagged-image"]));
    let u = uri(&df);
    lsp.open(&u, "dockerfile", "FROM node\nRUN for f in $(ls /etc); do echo \"$f\"; done\nRUN echo $x\n");
    let with_sc = |m: &Value, version: i64| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["version"].as_i64() == Some(version)
            && m["params"]["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "shellcheck")
    };
    let msg = lsp.wait_for(|m| with_sc(m, 1));
    let diags = msg["params"]["diagnostics"].as_array().unwrap();
    let sc: Vec<(String, u64)> = diags
        .iter()
        .filter(|d| d["code"] == "shellcheck")
        .map(|d| (d["message"].as_str().unwrap()[..6].to_string(), d["range"]["start"]["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(sc, [("SC2045".into(), 1), ("SC2086".into(), 2), ("SC2154".into(), 2)]);
    assert!(diags.iter().any(|d| d["code"] == "untagged-image"));
    let sc_link = diags.iter().find(|d| d["code"] == "shellcheck").unwrap();
    assert_eq!(sc_link["source"], "shipshape");
    assert_eq!(sc_link["codeDescription"]["href"], "https://www.shellcheck.net/wiki/SC2045");
    // Quote `$x`: SC2086 goes, SC2154 stays, and line 2's SC2045 is not lost meanwhile.
    lsp.change(&u, 2, json!([{"text": "FROM node\nRUN for f in $(ls /etc); do echo \"$f\"; done\nRUN echo \"$x\"\n"}]));
    let msg = lsp.wait_for(|m| {
        with_sc(m, 2)
            && m["params"]["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "shellcheck").count() == 2
    });
    let codes: Vec<&str> = msg["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "shellcheck")
        .map(|d| &d["message"].as_str().unwrap()[..6])
        .collect();
    assert_eq!(codes, ["SC2045", "SC2154"]);
    lsp.stop();
}

/// The views an editor draws from the parse: folding, semantic tokens, signature help and
/// inlay hints (a Compose file's `build.args` and `.env` read from disk), and hover on a
/// variable and on a service reference.
#[test]
fn folding_tokens_signatures_inlay_hints_and_hovers() {
    let dir = tempfile::tempdir().unwrap();
    let (df, compose) = (dir.path().join("Dockerfile"), dir.path().join("compose.yaml"));
    let df_text = "# build\n# stage\nFROM python:3.12-slim AS base\nARG APP_ENV=dev\nENV HOME_DIR=/srv/$APP_ENV\nWORKDIR $HOME_DIR\nRUN --mount=type=cache,target=/root/.cache/pip \\\n    pip install flask\nCOPY --from=base / /\n";
    let compose_text = "services:\n  api:\n    build:\n      context: .\n      args:\n        APP_ENV: prod\n    image: \"api:${TAG:-dev}\"\n  web:\n    image: nginx:1.27\n    depends_on: [api]\n";
    std::fs::write(&df, df_text).unwrap();
    std::fs::write(&compose, compose_text).unwrap();
    std::fs::write(dir.path().join(".env"), "TAG=1.4.2\n").unwrap();
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    for cap in ["foldingRangeProvider", "semanticTokensProvider", "signatureHelpProvider", "inlayHintProvider"] {
        assert!(!lsp.capabilities[cap].is_null(), "{cap} not offered");
    }
    let (du, cu) = (uri(&df), uri(&compose));
    lsp.open(&du, "dockerfile", df_text);
    lsp.open(&cu, "dockercompose", compose_text);
    let at = |line: u32, character: u32| json!({"line": line, "character": character});
    let doc = |u: &str| json!({"uri": u});

    // Folding: the comment block, the stage, the continued RUN.
    let r = lsp.request("textDocument/foldingRange", json!({"textDocument": doc(&du)}));
    let folds: Vec<(i64, i64)> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["startLine"].as_i64().unwrap(), f["endLine"].as_i64().unwrap()))
        .collect();
    assert!(folds.contains(&(0, 1)) && folds.contains(&(2, 8)) && folds.contains(&(6, 7)), "{folds:?}");

    // Semantic tokens: decode, and find a few by text.
    let legend: Vec<String> = lsp.capabilities["semanticTokensProvider"]["legend"]["tokenTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    let r = lsp.request("textDocument/semanticTokens/full", json!({"textDocument": doc(&du)}));
    let data: Vec<u64> = r["result"]["data"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect();
    let lines: Vec<&str> = df_text.lines().collect();
    let (mut line, mut col) = (0usize, 0usize);
    let mut toks: Vec<(String, String)> = Vec::new();
    for t in data.chunks(5) {
        if t[0] > 0 {
            col = 0;
        }
        line += t[0] as usize;
        col += t[1] as usize;
        toks.push((lines[line][col..col + t[2] as usize].to_string(), legend[t[3] as usize].clone()));
    }
    for want in [
        ("FROM", "keyword"),
        ("base", "namespace"),
        ("APP_ENV", "variable"),
        ("--mount", "parameter"),
        ("# build", "comment"),
    ] {
        assert!(toks.contains(&(want.0.to_string(), want.1.to_string())), "{want:?} in {toks:?}");
    }

    // Signature help on a COPY flag.
    let r = lsp.request("textDocument/signatureHelp", json!({"textDocument": doc(&du), "position": at(8, 10)}));
    let sig = &r["result"]["signatures"][0];
    assert!(sig["label"].as_str().unwrap().starts_with("COPY [--from="), "{r}");
    let active = r["result"]["activeParameter"].as_u64().unwrap() as usize;
    let [a, b] = [0, 1].map(|i| sig["parameters"][active]["label"][i].as_u64().unwrap() as usize);
    assert!(sig["label"].as_str().unwrap()[a..b].starts_with("[--from"), "{r}");

    // Inlay hints: ARG values come from the Compose build.args; `${TAG}` from `.env`.
    let whole = json!({"start": at(0, 0), "end": at(20, 0)});
    let r = lsp.request("textDocument/inlayHint", json!({"textDocument": doc(&du), "range": whole}));
    let labels: Vec<&str> = r["result"].as_array().unwrap().iter().map(|h| h["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["= prod", "= prod", "= /srv/prod"], "{r}");
    let r = lsp.request("textDocument/inlayHint", json!({"textDocument": doc(&cu), "range": whole}));
    let hint = &r["result"][0];
    assert_eq!(hint["label"], "= 1.4.2", "{r}");
    assert_eq!(hint["position"], at(6, 27), "after `${{TAG:-dev}}`");

    // Hover: a variable (where it is set, its value), a service reference (its definition).
    let r = lsp.request("textDocument/hover", json!({"textDocument": doc(&du), "position": at(5, 10)}));
    let md = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("= `/srv/prod` here") && md.contains("Set on line 5: `ENV HOME_DIR=/srv/$APP_ENV`"), "{md}");
    let r = lsp.request("textDocument/hover", json!({"textDocument": doc(&cu), "position": at(9, 17)}));
    let md = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**Service `api`** (line 2)") && md.contains("context: ."), "{md}");
    lsp.stop();
}

/// Clients that resolve edits get fix-all and the conversion without their edit, which is
/// computed when chosen (`codeAction/resolve`); a resolve for an older version is refused.
#[test]
fn heavy_code_actions_are_resolved_when_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("Dockerfile");
    let u = uri(&f);
    let text = "FROM golang:1.23 AS Build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD [\"/app\"]\n";
    std::fs::write(&f, text).unwrap();
    let caps = json!({"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}});
    let mut lsp = Lsp::start(dir.path(), caps, only(&["stage-name-casing", "single-stage-build"]));
    lsp.open(&u, "dockerfile", text);
    let d = lsp.diagnostics(&u, 1);
    // On the conversion's finding (the image).
    let whole = json!({"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 6}});
    let r = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": whole, "context": {"diagnostics": d}}),
    );
    let actions = r["result"].as_array().unwrap();
    let all = actions.iter().find(|a| a["kind"] == "source.fixAll.shipshape").expect("fix-all offered");
    let convert = actions.iter().find(|a| a["kind"] == "refactor.rewrite").expect("conversion offered");
    assert!(all["edit"].is_null() && convert["edit"].is_null(), "computed only when chosen: {r}");
    let resolved = lsp.request("codeAction/resolve", all.clone());
    let fixed = apply(text, resolved["result"]["edit"]["changes"][&u].as_array().unwrap());
    assert!(fixed.starts_with("FROM golang:1.23 AS build\n"), "{fixed}");
    let resolved = lsp.request("codeAction/resolve", convert.clone());
    let converted = apply(text, resolved["result"]["edit"]["changes"][&u].as_array().unwrap());
    assert!(converted.matches("FROM ").count() >= 2, "{converted}");
    // The document moved on: the old action is refused, not applied to other text.
    lsp.change(&u, 2, json!([{"text": fixed}]));
    lsp.diagnostics(&u, 2);
    let stale = lsp.request("codeAction/resolve", all.clone());
    assert_eq!(stale["error"]["code"], -32801, "{stale}");
    lsp.stop();
}

/// A Compose service across files: definition and rename reach the file that defines it
/// (`include:`), the override file, and `extends: {file, service}` elsewhere — but not a
/// separate configuration that defines a service of the same name.
#[test]
fn services_are_renamed_across_included_override_and_extending_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "compose.yaml",
            "include:\n  - compose.db.yaml\nservices:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n",
        ),
        ("compose.db.yaml", "services:\n  db:\n    image: postgres:16\n"),
        (
            "compose.override.yaml",
            "services:\n  web:\n    depends_on:\n      db:\n        condition: service_started\n",
        ),
        (
            "docker-compose.tools.yml",
            "services:\n  psql:\n    extends:\n      file: compose.db.yaml\n      service: db\n",
        ),
        (
            "docker-compose.dev.yml",
            "services:\n  db:\n    image: postgres:15\n  web:\n    image: x:1\n    depends_on: [db]\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    let u = uri(&dir.path().join("compose.yaml"));
    lsp.open(&u, "dockercompose", files[0].1);
    let at = json!({"line": 5, "character": 17});
    let r = lsp.request("textDocument/definition", json!({"textDocument": {"uri": u}, "position": at}));
    assert_eq!(r["result"]["uri"], uri(&dir.path().join("compose.db.yaml")), "{r}");
    assert_eq!(r["result"]["range"]["start"], json!({"line": 1, "character": 2}));
    let r =
        lsp.request("textDocument/rename", json!({"textDocument": {"uri": u}, "position": at, "newName": "postgres"}));
    let changes = r["result"]["changes"].as_object().unwrap_or_else(|| panic!("{r}"));
    for (name, text) in &files[..4] {
        let edits = changes[&uri(&dir.path().join(name))].as_array().unwrap();
        let renamed = apply(text, edits);
        assert!(
            !renamed.contains(" db") && !renamed.contains("[db]") && renamed.contains("postgres"),
            "{name}: {renamed}"
        );
    }
    assert!(!changes.contains_key(&uri(&dir.path().join("docker-compose.dev.yml"))), "a separate configuration: {r}");
    lsp.stop();
}

/// Compose `build.target` and `build.args` complete from the Dockerfile the service builds.
#[test]
fn compose_build_target_and_args_complete_from_the_dockerfile() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("api")).unwrap();
    std::fs::write(
        dir.path().join("api/Dockerfile"),
        "ARG PY=3.12\nFROM python:${PY}-slim AS build\nARG EXTRAS\nFROM build AS runtime\n",
    )
    .unwrap();
    let text = "services:\n  api:\n    build:\n      context: ./api\n      target: \n      args:\n        \n";
    let c = dir.path().join("compose.yaml");
    std::fs::write(&c, text).unwrap();
    let mut lsp = Lsp::start(dir.path(), json!({}), only(&["untagged-image"]));
    let u = uri(&c);
    lsp.open(&u, "dockercompose", text);
    let labels = |lsp: &mut Lsp, line: u32, character: u32| -> Vec<String> {
        let r = lsp.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": {"line": line, "character": character}}),
        );
        r["result"]
            .as_array()
            .unwrap_or_else(|| panic!("{r}"))
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(labels(&mut lsp, 4, 14), ["build", "runtime"]);
    assert_eq!(labels(&mut lsp, 6, 8), ["PY: ", "EXTRAS: "]);
    lsp.stop();
}
