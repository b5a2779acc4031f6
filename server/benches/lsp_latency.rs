//! LSP latency benchmark: didChange → publishDiagnostics on a 2,000-line Dockerfile and a
//! 500-service Compose file, p50/p95 over sequential keystrokes, plus the server's peak
//! memory; the requests an editor sends while the user reads (code actions, hover,
//! completion, semantic tokens, inlay hints, folding) on the 2,000-line Dockerfile; and the
//! first diagnostics of a small Dockerfile opened beside a 2,000-service Compose file.
//! `cargo bench -p shipshape-lsp --bench lsp_latency`.
//!
//! Set `SHIPSHAPE_BENCH_PEER` to a `docker-langserver` executable (npm package
//! `dockerfile-language-server-nodejs`) to measure it the same way on the Dockerfile.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

#[path = "../../tests/support/lsp_client.rs"]
mod client;
use client::Lsp;

fn dockerfile(lines: usize) -> String {
    let mut s = String::from("# syntax=docker/dockerfile:1.7\nARG BASE=debian:bookworm-slim\n");
    let mut i = 0;
    while s.lines().count() < lines {
        s += &format!(
            "FROM ${{BASE}} AS stage{i}\nWORKDIR /app/{i}\nCOPY --from=stage0 /a /b\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y --no-install-recommends curl\nENV A{i}=1\nLABEL x{i}=\"y\"\nUSER app\nCMD [\"/app/run\", \"{i}\"]\n"
        );
        i += 1;
    }
    s
}

fn compose(services: usize) -> String {
    let mut s = String::from("services:\n");
    for i in 0..services {
        s += &format!(
            "  svc{i}:\n    image: registry.example.com/team/svc{i}:1.{i}\n    ports:\n      - \"{}:80\"\n    deploy:\n      resources:\n        limits: {{memory: 256M}}\n    depends_on:\n      - svc0\n",
            10_000 + i
        );
    }
    s
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status.lines().find(|l| l.starts_with("VmHWM:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// Opens `text`, then types and deletes a character `edits` times, waiting each time for
/// the diagnostics of that edit. Returns sorted latencies and the peak RSS.
fn measure(mut lsp: Lsp, uri: &str, language: &str, text: &str, edits: usize) -> (Vec<Duration>, Option<u64>) {
    lsp.open(uri, language, text);
    lsp.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
    let line = (text.lines().count() / 2) as u32;
    let col = text.lines().nth(line as usize).map_or(0, |l| l.len()) as u32;
    let mut times = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = 2 + i as i64;
        let change = if i % 2 == 0 {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": " "})
        } else {
            json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": ""})
        };
        lsp.backlog.clear();
        let start = Instant::now();
        lsp.change(uri, version, json!([change]));
        lsp.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"].as_i64().is_none_or(|v| v == version)
        });
        times.push(start.elapsed());
    }
    let rss = peak_rss_kib(lsp.child.id());
    lsp.stop();
    times.sort();
    (times, rss)
}

fn report(name: &str, (times, rss): (Vec<Duration>, Option<u64>)) {
    println!(
        "{name:<56} p50 {:>8.2} ms   p95 {:>8.2} ms   peak RSS {}",
        percentile(&times, 0.5).as_secs_f64() * 1e3,
        percentile(&times, 0.95).as_secs_f64() * 1e3,
        rss.map_or("n/a".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0))
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let df_path = root.join("Dockerfile");
    let compose_path = root.join("compose.yaml");
    let df = dockerfile(2_000);
    let cf = compose(500);
    std::fs::write(&df_path, &df).unwrap();
    std::fs::write(&compose_path, &cf).unwrap();
    let uri = |p: &Path| format!("file://{}", p.display());
    println!("edit → publishDiagnostics, sequential keystrokes");
    let start = |root: &Path| Lsp::start(root, json!({}), Value::Null);
    report(
        "shipshape          Dockerfile 2,000 lines (100 edits)",
        measure(start(root), &uri(&df_path), "dockerfile", &df, 100),
    );
    report(
        "shipshape          Compose 500 services (50 edits)",
        measure(start(root), &uri(&compose_path), "dockercompose", &cf, 50),
    );
    println!("request → response on the 2,000-line Dockerfile (a client that resolves edits)");
    requests(root, &uri(&df_path), &df);
    println!("open → first diagnostics of a small Dockerfile beside a big Compose file");
    beside_big_compose();
    if let Ok(peer) = std::env::var("SHIPSHAPE_BENCH_PEER") {
        let lsp = Lsp::start_command(&peer, &["--stdio"], root, json!({}), Value::Null);
        report(
            "docker-langserver  Dockerfile 2,000 lines (100 edits)",
            measure(lsp, &uri(&df_path), "dockerfile", &df, 100),
        );
    }
}

/// p50/p95 of each request kind, 50 times each at positions spread over the file.
fn requests(root: &Path, uri: &str, text: &str) {
    let caps = json!({"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}});
    let mut lsp = Lsp::start(root, caps, Value::Null);
    lsp.open(uri, "dockerfile", text);
    lsp.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
    let lines = text.lines().count() as u32;
    let doc = json!({"uri": uri});
    type Params<'a> = Box<dyn Fn(u32) -> Value + 'a>;
    let kinds: Vec<(&str, &str, Params)> = vec![
        (
            "codeAction",
            "textDocument/codeAction",
            Box::new(
                move |l| json!({"textDocument": {"uri": uri}, "range": {"start": {"line": l, "character": 0}, "end": {"line": l, "character": 4}}, "context": {"diagnostics": []}}),
            ),
        ),
        (
            "hover",
            "textDocument/hover",
            Box::new(move |l| json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": 1}})),
        ),
        (
            "completion",
            "textDocument/completion",
            Box::new(move |l| json!({"textDocument": {"uri": uri}, "position": {"line": l, "character": 0}})),
        ),
        (
            "semanticTokens/full",
            "textDocument/semanticTokens/full",
            Box::new({
                let doc = doc.clone();
                move |_| json!({"textDocument": doc})
            }),
        ),
        (
            "inlayHint (60 lines)",
            "textDocument/inlayHint",
            Box::new(
                move |l| json!({"textDocument": {"uri": uri}, "range": {"start": {"line": l, "character": 0}, "end": {"line": l + 60, "character": 0}}}),
            ),
        ),
        ("foldingRange", "textDocument/foldingRange", Box::new(move |_| json!({"textDocument": doc}))),
    ];
    for (name, method, params) in &kinds {
        let mut times = Vec::new();
        for i in 0..50u32 {
            let line = (i * 37) % lines.saturating_sub(61).max(1);
            let t = Instant::now();
            let r = lsp.request(method, params(line));
            times.push(t.elapsed());
            assert!(r.get("error").is_none(), "{method}: {r}");
        }
        times.sort();
        report(&format!("shipshape          {name}"), (times, None));
    }
    lsp.stop();
}

/// A Dockerfile opened in a folder whose Compose file has 2,000 services (one of which
/// builds it), against the same Dockerfile alone: time to first diagnostics, peak memory.
fn beside_big_compose() {
    let small = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
    for (name, services) in [("alone", 0usize), ("beside 2,000 services", 2_000)] {
        let mut times = Vec::new();
        let mut rss = None;
        for _ in 0..5 {
            let dir = tempfile::tempdir().expect("temp dir");
            let df = dir.path().join("app/Dockerfile");
            std::fs::create_dir_all(df.parent().unwrap()).unwrap();
            std::fs::write(&df, small).unwrap();
            if services > 0 {
                let mut c = compose(services);
                c += "  app:\n    build: ./app\n";
                std::fs::write(dir.path().join("compose.yaml"), c).unwrap();
            }
            let mut lsp = Lsp::start(dir.path(), json!({}), Value::Null);
            let uri = format!("file://{}", df.display());
            let t = Instant::now();
            lsp.open(&uri, "dockerfile", small);
            lsp.wait_for(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri);
            times.push(t.elapsed());
            rss = peak_rss_kib(lsp.child.id());
            lsp.stop();
        }
        times.sort();
        report(&format!("shipshape          Dockerfile {name} (5 opens)"), (times, rss));
    }
}
