//! Registry-aware pinning end to end: `shipshape pin` and the language server against a
//! real OCI registry (Debian's `docker-registry`) on 127.0.0.1, filled by the test.
//! The failure modes a healthy registry can't produce on demand (slow, malformed, 503,
//! paginated tag lists, token auth) come from a small front server before it.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

#[path = "support/http.rs"]
mod http;
#[path = "support/lsp_client.rs"]
mod lsp_client;
#[path = "support/registry.rs"]
mod registry;

use http::{forward, Response, Server};
use registry::Registry;

/// A project folder, its own cache dir and an empty Docker config (never the machine's).
struct Project {
    dir: tempfile::TempDir,
    cache: tempfile::TempDir,
    docker_config: tempfile::TempDir,
}

impl Project {
    /// `docker.io` mapped to `mirror`, registry access on, timeout in seconds.
    fn new(mirror: &str, timeout: f64) -> Project {
        let p = Project {
            dir: tempfile::tempdir().unwrap(),
            cache: tempfile::tempdir().unwrap(),
            docker_config: tempfile::tempdir().unwrap(),
        };
        p.write(
            ".shipshape.toml",
            &format!(
                "[registry]\nonline = true\ntimeout = {timeout}\n[registry.mirrors]\n\"docker.io\" = \"{mirror}\"\n"
            ),
        );
        p
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path().join(rel), text).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path().join(rel)).unwrap()
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("XDG_CACHE_HOME", self.cache.path().display().to_string()),
            ("DOCKER_CONFIG", self.docker_config.path().display().to_string()),
        ]
    }

    fn pin(&self, args: &[&str]) -> Output {
        self.pin_with_env(args, &[])
    }

    fn pin_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_shipshape"))
            .arg("pin")
            .args(args)
            .current_dir(self.path())
            .envs(self.env())
            .envs(env.iter().copied())
            .output()
            .unwrap()
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}

/// redis: `latest`/`7`/`7.4`/`7.4.1` on one image, `7.2`/`7.2.3` on an older one, an
/// `-alpine` family; node: multi-platform indexes for 22 (latest) and 20.
struct Images {
    redis: String,
    redis72: String,
    alpine: String,
    node22: String,
    node20: String,
}

fn fill(r: &Registry) -> Images {
    Images {
        redis: r.push_image("library/redis", "redis-7.4.1", &["latest", "7", "7.4", "7.4.1"]),
        redis72: r.push_image("library/redis", "redis-7.2.3", &["7.2", "7.2.3"]),
        alpine: r.push_image("library/redis", "redis-alpine", &["alpine", "7-alpine", "7.4-alpine", "7.4.1-alpine"]),
        node22: r.push_index("library/node", "node-22", &["latest", "22", "22.11", "22.11.0"]),
        node20: r.push_index("library/node", "node-20", &["20", "20.18", "20.18.0"]),
    }
}

#[test]
fn pin_rewrites_from_lines_and_compose_images() {
    let r = Registry::start();
    let i = fill(&r);
    let p = Project::new(&r.url(), 10.0);
    p.write(
        "Dockerfile",
        "# syntax=docker/dockerfile:1\nFROM redis AS cache\nFROM redis:7-alpine AS small\nFROM node:20 AS build\nFROM redis:7.2\nCOPY --from=build /a /a\n",
    );
    let pinned = format!("redis:7.4.1@{}", i.redis);
    p.write(
        "compose.yaml",
        &format!("services:\n  db:\n    image: \"redis:latest\"\n  app:\n    build: .\n    image: me/app\n  done:\n    image: {pinned}\n"),
    );
    let out = p.pin(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        p.read("Dockerfile"),
        format!(
            "# syntax=docker/dockerfile:1\nFROM redis:7.4.1@{} AS cache\nFROM redis:7.4.1-alpine@{} AS small\nFROM node:20.18.0@{} AS build\nFROM redis:7.2.3@{}\nCOPY --from=build /a /a\n",
            i.redis, i.alpine, i.node20, i.redis72
        )
    );
    // The multi-platform image is pinned to its index, not to one platform's manifest.
    assert!(i.node20.starts_with("sha256:"));
    assert_eq!(
        p.read("compose.yaml"),
        format!("services:\n  db:\n    image: \"{pinned}\"\n  app:\n    build: .\n    image: me/app\n  done:\n    image: {pinned}\n"),
        "built images and pinned references are left alone"
    );
    assert!(stderr(&out).contains("Pinned 5 images in 2 files."), "{}", stderr(&out));
    // Pinning again finds nothing to do.
    let again = p.pin(&[]);
    assert!(again.status.success());
    assert!(stderr(&again).contains("Nothing to pin"), "{}", stderr(&again));
    let _ = i.node22;
}

#[test]
fn modes_and_dry_run() {
    let r = Registry::start();
    let i = fill(&r);
    let p = Project::new(&r.url(), 10.0);
    p.write("Dockerfile", "FROM redis:latest\n");
    let out = p.pin(&["--dry-run"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(diff.contains(&format!("+FROM redis:7.4.1@{}", i.redis)), "{diff}");
    assert_eq!(p.read("Dockerfile"), "FROM redis:latest\n", "a dry run writes nothing");

    assert!(p.pin(&["--mode", "digest"]).status.success());
    assert_eq!(p.read("Dockerfile"), format!("FROM redis:latest@{}\n", i.redis));

    p.write("Dockerfile", "FROM redis:7\n");
    assert!(p.pin(&["--mode", "version"]).status.success());
    assert_eq!(p.read("Dockerfile"), "FROM redis:7.4.1\n");
}

#[test]
fn https_with_rustls() {
    let r = Registry::start();
    let i = fill(&r);
    let tls = r.tls_view();
    let p = Project::new(&tls.url(), 10.0);
    p.write("Dockerfile", "FROM redis\n");
    // An untrusted certificate is refused, with the reason.
    let out = p.pin_with_env(&[], &[("SSL_CERT_FILE", "/dev/null")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(&format!("cannot reach registry {}", tls.url())), "{}", stderr(&out));
    assert!(stderr(&out).to_lowercase().contains("certificate"), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), "FROM redis\n");
    // Trusted (through the system store's SSL_CERT_FILE), the pin goes through.
    let cert = tls.cert.as_ref().unwrap().display().to_string();
    let out = p.pin_with_env(&[], &[("SSL_CERT_FILE", cert.as_str())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), format!("FROM redis:7.4.1@{}\n", i.redis));
}

#[test]
fn offline_unless_enabled() {
    let r = Registry::start();
    fill(&r);
    let p = Project::new(&r.url(), 10.0);
    p.write(".shipshape.toml", &format!("[registry.mirrors]\n\"docker.io\" = \"{}\"\n", r.url()));
    p.write("Dockerfile", "FROM redis\n");
    let out = p.pin(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("registry access is off"), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), "FROM redis\n");
    // `--online` is the explicit opt-in for one run.
    assert!(p.pin(&["--online"]).status.success());
    assert!(p.read("Dockerfile").starts_with("FROM redis:7.4.1@sha256:"));
}

#[test]
fn registry_down_is_exit_2_and_nothing_written() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let p = Project::new(&format!("http://127.0.0.1:{port}"), 5.0);
    p.write("Dockerfile", "FROM redis\n");
    p.write("compose.yaml", "services:\n  db:\n    image: postgres:16\n");
    let out = p.pin(&[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("cannot reach registry http://127.0.0.1:"), "{err}");
    assert!(err.contains("Dockerfile:1: redis:"), "{err}");
    assert!(err.contains("no registry could be reached; nothing was written"), "{err}");
    assert_eq!(p.read("Dockerfile"), "FROM redis\n");
    assert_eq!(p.read("compose.yaml"), "services:\n  db:\n    image: postgres:16\n");
}

/// One reference the registry does not have (a typo, a private or locally built image)
/// leaves that one as written, with the reason, and every other is pinned: exit 1.
#[test]
fn unknown_references_are_left_and_reported_and_the_rest_is_pinned() {
    let r = Registry::start();
    let i = fill(&r);
    let p = Project::new(&r.url(), 10.0);
    p.write("Dockerfile", "FROM redis:7\nFROM redis:9.9\nFROM mycompany/internal-base:1\n");
    p.write("compose.yaml", "services:\n  cache:\n    image: redis:7.2\n  app:\n    image: myapp-local\n");
    let out = p.pin(&[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("Dockerfile:2: redis:9.9 left as is: docker.io/library/redis:9.9 does not exist"), "{err}");
    assert!(err.contains("Dockerfile:3: mycompany/internal-base:1 left as is:"), "{err}");
    assert!(err.contains("compose.yaml:5: myapp-local left as is:"), "{err}");
    assert!(err.contains("Pinned 2 images in 2 files; 3 references left unpinned"), "{err}");
    assert_eq!(
        p.read("Dockerfile"),
        format!("FROM redis:7.4.1@{}\nFROM redis:9.9\nFROM mycompany/internal-base:1\n", i.redis)
    );
    assert_eq!(
        p.read("compose.yaml"),
        format!("services:\n  cache:\n    image: redis:7.2.3@{}\n  app:\n    image: myapp-local\n", i.redis72)
    );
    // No temporary file is left beside them.
    let names: Vec<String> =
        std::fs::read_dir(p.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(names.iter().all(|n| !n.contains("shipshape-") && !n.ends_with(".tmp")), "{names:?}");
    // A second run pins nothing new and still says what is left.
    let again = p.pin(&[]);
    assert_eq!(again.status.code(), Some(1));
    assert!(stderr(&again).contains("3 references left unpinned"), "{}", stderr(&again));
}

#[test]
fn basic_auth_from_docker_config_and_a_clear_401_without_it() {
    let r = Registry::start_with_auth();
    let i = fill(&r);
    let p = Project::new(&r.url(), 10.0);
    p.write("Dockerfile", "FROM redis\n");
    let out = p.pin(&[]);
    // The registry answered (no): the reference is left and reported, exit 1.
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("requires authentication for library/redis"), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), "FROM redis\n");

    // Wrong password: refused, and the secret never printed.
    let config = |auth: &str| json!({"auths": {r.host(): {"auth": auth}}}).to_string();
    use base64::Engine;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    std::fs::write(p.docker_config.path().join("config.json"), config(&b64("testuser:wrong-pass"))).unwrap();
    let out = p.pin(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("refused the credentials"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("wrong-pass"));

    std::fs::write(p.docker_config.path().join("config.json"), config(&b64("testuser:hunter2"))).unwrap();
    let out = p.pin(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("hunter2"));
    assert_eq!(p.read("Dockerfile"), format!("FROM redis:7.4.1@{}\n", i.redis));

    // A credential helper named for the registry host answers instead.
    let bin = tempfile::tempdir().unwrap();
    let helper = bin.path().join("docker-credential-shipshape-test");
    std::fs::write(
        &helper,
        format!("#!/bin/sh\nread server\n[ \"$1\" = get ] && [ \"$server\" = {} ] && echo '{{\"Username\":\"testuser\",\"Secret\":\"hunter2\"}}'\n", r.host()),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&helper, std::fs::Permissions::from_mode(0o755)).unwrap();
    let helpers = json!({"credHelpers": {r.host(): "shipshape-test"}}).to_string();
    std::fs::write(p.docker_config.path().join("config.json"), helpers).unwrap();
    p.write("Dockerfile", "FROM redis:7\n");
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    // A fresh cache, so the registry is really asked.
    let cache = tempfile::tempdir().unwrap();
    let cache = cache.path().display().to_string();
    let out = p.pin_with_env(&[], &[("PATH", path.as_str()), ("XDG_CACHE_HOME", cache.as_str())]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), format!("FROM redis:7.4.1@{}\n", i.redis));
}

#[test]
fn bearer_token_challenge_is_answered() {
    let r = Registry::start();
    let i = fill(&r);
    let upstream = r.host();
    let scopes = Arc::new(Mutex::new(Vec::<String>::new()));
    let seen = scopes.clone();
    // The front asks for a token like Docker Hub does and only forwards requests bearing it.
    let front = Server::start(move |req| {
        if let Some(q) = req.target.strip_prefix("/token?") {
            seen.lock().unwrap().push(q.to_string());
            return Response::new(200, r#"{"token":"t0ken","expires_in":300}"#);
        }
        if req.header("authorization") != Some("Bearer t0ken") {
            return Response::new(401, "{}").header(
                "WWW-Authenticate",
                &format!(
                    r#"Bearer realm="http://{}/token",service="test-registry",scope="repository:library/redis:pull""#,
                    req.header("host").unwrap_or("")
                ),
            );
        }
        forward(&upstream, req, &[])
    });
    let p = Project::new(&front.url(), 10.0);
    p.write("Dockerfile", "FROM redis\n");
    let out = p.pin(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), format!("FROM redis:7.4.1@{}\n", i.redis));
    let scopes = scopes.lock().unwrap();
    assert!(!scopes.is_empty());
    assert!(scopes[0].contains("scope=repository%3Alibrary%2Fredis%3Apull"), "{scopes:?}");
    assert!(scopes[0].contains("service=test-registry"), "{scopes:?}");
    // The token is reused rather than fetched for every request.
    assert!(scopes.len() <= 2, "{scopes:?}");
}

#[test]
fn tag_lists_are_followed_across_pages() {
    let r = Registry::start();
    // 200 versions on one image, `latest` and 1.0.200 on another: 1.0.200 is on page 3.
    let many: Vec<String> = (0..200).map(|n| format!("1.0.{n}")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    r.push_image("big/app", "old", &refs);
    let newest = r.push_image("big/app", "new", &["latest", "1.0.200"]);
    let upstream = r.host();
    let pages = Arc::new(AtomicUsize::new(0));
    let count = pages.clone();
    // Pages of 50, as registries that cap `n` do, linked with `Link: <…>; rel="next"`.
    let front = Server::start(move |req| {
        let Some((path, query)) = req.target.split_once("/tags/list") else { return forward(&upstream, req, &[]) };
        count.fetch_add(1, Ordering::SeqCst);
        let full = forward(&upstream, &http::Request { target: format!("{path}/tags/list"), ..clone(req) }, &[]);
        let v: Value = serde_json::from_slice(&full.body).unwrap();
        let mut tags: Vec<String> =
            v["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap().to_string()).collect();
        tags.sort();
        let last = query.split(['?', '&']).find_map(|kv| kv.strip_prefix("last=")).map(str::to_string);
        let start = last.map_or(0, |l| tags.iter().position(|t| *t == l).map_or(tags.len(), |p| p + 1));
        let page: Vec<&String> = tags.iter().skip(start).take(50).collect();
        let mut resp = Response::new(200, json!({"name": "big/app", "tags": page}).to_string());
        if start + 50 < tags.len() {
            resp = resp.header("Link", &format!("<{path}/tags/list?n=50&last={}>; rel=\"next\"", page.last().unwrap()));
        }
        resp.header("Content-Type", "application/json")
    });
    let p = Project::new(&front.url(), 10.0);
    p.write("Dockerfile", "FROM big/app\n");
    let out = p.pin(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), format!("FROM big/app:1.0.200@{newest}\n"));
    assert!(pages.load(Ordering::SeqCst) >= 5, "202 tags in pages of 50");
}

fn clone(r: &http::Request) -> http::Request {
    http::Request { method: r.method.clone(), target: r.target.clone(), headers: r.headers.clone() }
}

#[test]
fn server_errors_are_retried() {
    let r = Registry::start();
    let i = fill(&r);
    let upstream = r.host();
    let calls = Arc::new(AtomicUsize::new(0));
    let n = calls.clone();
    let front = Server::start(move |req| {
        // Every other request fails first: 503, then 429.
        match n.fetch_add(1, Ordering::SeqCst) % 4 {
            0 => Response::new(503, "busy"),
            1 => Response::new(429, "slow down").header("Retry-After", "0"),
            _ => forward(&upstream, req, &[]),
        }
    });
    let p = Project::new(&front.url(), 10.0);
    p.write("Dockerfile", "FROM redis:7.4\n");
    let out = p.pin(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), format!("FROM redis:7.4.1@{}\n", i.redis));
}

#[test]
fn a_slow_registry_times_out() {
    let front = Server::start(|_| {
        std::thread::sleep(Duration::from_secs(5));
        Response::new(200, "{}")
    });
    let p = Project::new(&front.url(), 0.5);
    p.write("Dockerfile", "FROM redis\n");
    let started = std::time::Instant::now();
    let out = p.pin(&[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did not answer within 0.5 s"), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), "FROM redis\n");
    // Not a timing assertion on speed: only that the 5 s answer was not waited for.
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[test]
fn a_malformed_manifest_is_reported() {
    let front = Server::start(|req| {
        if req.target.contains("/manifests/") {
            // No digest header, and a body that is no manifest.
            return Response::new(200, "<html>gateway says hello</html>").header("Content-Type", "text/html");
        }
        Response::new(200, r#"{"tags":["latest"]}"#)
    });
    let p = Project::new(&front.url(), 5.0);
    p.write("Dockerfile", "FROM redis\n");
    let out = p.pin(&[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("malformed registry answer for docker.io/library/redis:latest: the manifest is not JSON"),
        "{}",
        stderr(&out)
    );
    assert_eq!(p.read("Dockerfile"), "FROM redis\n");
}

#[test]
fn answers_are_cached_on_disk() {
    let r = Registry::start();
    let i = fill(&r);
    let p = Project::new(&r.url(), 2.0);
    p.write("Dockerfile", "FROM redis\n");
    assert!(p.pin(&[]).status.success());
    drop(r);
    // The registry is gone; the same question is answered from the cache.
    p.write("Dockerfile", "FROM redis\n");
    let out = p.pin(&[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(p.read("Dockerfile"), format!("FROM redis:7.4.1@{}\n", i.redis));
    assert!(std::fs::read_dir(p.cache.path().join("shipshape/registry")).unwrap().count() > 0);
}

fn lsp_for(p: &Project, caps: Value) -> lsp_client::Lsp {
    let env = p.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    lsp_client::Lsp::start_with_env(env!("CARGO_BIN_EXE_shipshape"), &["lsp"], p.path(), caps, json!({}), &env)
}

fn file_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

#[test]
fn lsp_pin_action_is_resolved_lazily_and_hover_shows_versions() {
    let r = Registry::start();
    let i = fill(&r);
    let upstream = r.host();
    // A registry that takes a moment: the code action menu must not wait for it.
    let front = Server::start(move |req| {
        std::thread::sleep(Duration::from_millis(300));
        forward(&upstream, req, &[])
    });
    let p = Project::new(&front.url(), 10.0);
    let text = "FROM redis:latest\nFROM node:20 AS b\n";
    p.write("Dockerfile", text);
    let caps = json!({"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}});
    let mut lsp = lsp_for(&p, caps);
    let u = file_uri(&p.path().join("Dockerfile"));
    lsp.open(&u, "dockerfile", text);
    let diags = lsp.diagnostics(&u, 1);
    let latest = diags.iter().find(|d| d["code"] == "latest-tag").expect("latest-tag finding").clone();

    // The answer is not in yet: the actions carry data, not edits.
    let resp = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": latest["range"], "context": {"diagnostics": [latest]}}),
    );
    let actions = resp["result"].as_array().unwrap();
    let pin =
        actions.iter().find(|a| a["title"] == "Pin to version and digest (asks the registry)").expect("pin action");
    assert_eq!(pin["kind"], "quickfix");
    assert!(pin.get("edit").is_none() && pin.get("data").is_some(), "{pin}");

    let resolved = lsp.request("codeAction/resolve", pin.clone());
    let edit = &resolved["result"]["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], format!("redis:7.4.1@{}", i.redis));
    assert_eq!(edit["range"], json!({"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 17}}));

    // Once the lookups land, the findings say what the registry answered.
    let m = lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                d.iter()
                    .any(|d| d["code"] == "latest-tag" && d["message"].as_str().unwrap().contains("The registry says"))
            })
    });
    let msg = m["params"]["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == "latest-tag").unwrap()
        ["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(msg.contains("`latest` is 7.4.1 today (sha256:"), "{msg}");

    // With the answer known, actions come with their edits and name the version.
    let resp = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": latest["range"], "context": {"diagnostics": []}}),
    );
    let titles: Vec<&str> = resp["result"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Pin to 7.4.1"), "{titles:?}");
    let digest_action = resp["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Pin to digest"))
        .unwrap();
    assert_eq!(digest_action["edit"]["changes"][&u][0]["newText"], format!("redis:latest@{}", i.redis));

    // Hover on an image without a finding (node:20 is tagged): digest, version, newer.
    let h =
        lsp.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 1, "character": 7}}));
    let mut md = h["result"]["contents"]["value"].as_str().unwrap_or("").to_string();
    if md.contains("looking up") {
        std::thread::sleep(Duration::from_secs(2));
        let h = lsp.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": u}, "position": {"line": 1, "character": 7}}),
        );
        md = h["result"]["contents"]["value"].as_str().unwrap().to_string();
    }
    assert!(md.contains(&format!("| `20` now | `{}` |", i.node20)), "{md}");
    assert!(md.contains("| version | `20.18.0` |"), "{md}");
    assert!(md.contains("| newer | `22.11.0` |"), "{md}");
    // A refactor on a reference without a finding: pin node:20.
    let resp = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": {"start": {"line": 1, "character": 6}, "end": {"line": 1, "character": 6}}, "context": {"diagnostics": []}}),
    );
    let rewrite =
        resp["result"].as_array().unwrap().iter().find(|a| a["kind"] == "refactor.rewrite").expect("pin refactor");
    assert_eq!(rewrite["edit"]["changes"][&u][0]["newText"], format!("node:20.18.0@{}", i.node20));
    lsp.stop();
}

#[test]
fn lsp_stays_offline_unless_enabled() {
    let front_hits = Arc::new(AtomicUsize::new(0));
    let hits = front_hits.clone();
    let front = Server::start(move |_| {
        hits.fetch_add(1, Ordering::SeqCst);
        Response::new(500, "")
    });
    let p = Project::new(&front.url(), 10.0);
    p.write(".shipshape.toml", &format!("[registry.mirrors]\n\"docker.io\" = \"{}\"\n", front.url()));
    let text = "FROM redis:latest\n";
    p.write("Dockerfile", text);
    let caps = json!({"textDocument": {"codeAction": {"resolveSupport": {"properties": ["edit"]}}}});
    let mut lsp = lsp_for(&p, caps);
    let u = file_uri(&p.path().join("Dockerfile"));
    lsp.open(&u, "dockerfile", text);
    let diags = lsp.diagnostics(&u, 1);
    let resp = lsp.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": u}, "range": diags[0]["range"], "context": {"diagnostics": []}}),
    );
    let titles: Vec<String> =
        resp["result"].as_array().map_or(vec![], |a| a.iter().map(|a| a["title"].to_string()).collect());
    assert!(!titles.iter().any(|t| t.contains("Pin")), "{titles:?}");
    let h =
        lsp.request("textDocument/hover", json!({"textDocument": {"uri": u}, "position": {"line": 0, "character": 7}}));
    assert!(!h.to_string().contains("Registry"), "{h}");
    lsp.stop();
    assert_eq!(front_hits.load(Ordering::SeqCst), 0, "nothing may be sent while registry access is off");
}

/// An end-of-life image's upgrade is checked against the registry: a tag it has is offered
/// as such, one it lacks is not offered at all.
#[test]
fn lsp_eol_upgrades_are_confirmed_by_the_registry() {
    let r = Registry::start();
    fill(&r);
    let p = Project::new(&r.url(), 10.0);
    let text = "FROM node:16\nFROM node:16-alpine\n";
    p.write("Dockerfile", text);
    let mut env = p.env();
    env.push(("SHIPSHAPE_TODAY", "2026-12-07".to_string()));
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let init = json!({"select": ["eol-image"]});
    let mut lsp =
        lsp_client::Lsp::start_with_env(env!("CARGO_BIN_EXE_shipshape"), &["lsp"], p.path(), json!({}), init, &env);
    let u = file_uri(&p.path().join("Dockerfile"));
    lsp.open(&u, "dockerfile", text);
    // Once the lookups of `node:22` and `node:22-alpine` land, the findings say so.
    let m = lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"].as_array().is_some_and(|d| {
                d.iter().any(|d| d["message"].as_str().unwrap().contains("the registry has no `node:22-alpine`"))
            })
    });
    let diags = m["params"]["diagnostics"].as_array().unwrap().clone();
    assert_eq!(diags.len(), 2, "{diags:?}");
    let actions = |lsp: &mut lsp_client::Lsp, d: &Value| -> Vec<String> {
        let resp = lsp.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": u}, "range": d["range"], "context": {"diagnostics": [d]}}),
        );
        resp["result"].as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap().to_string()).collect()
    };
    let first = actions(&mut lsp, &diags[0]);
    assert!(
        first.iter().any(|t| t.starts_with("Upgrade to `node:22`") && t.ends_with("(the registry has it)")),
        "{first:?}"
    );
    let second = actions(&mut lsp, &diags[1]);
    assert!(!second.iter().any(|t| t.starts_with("Upgrade to")), "{second:?}");
    lsp.stop();
}

/// With registry access on, the editor completes an image's tags (the list fetched in the
/// background on the first request: that answer is marked incomplete) and shows what a
/// moving tag points at as an inlay hint once the registry has answered.
#[test]
fn lsp_completes_tags_and_hints_what_moving_tags_point_at() {
    let r = Registry::start();
    fill(&r);
    let p = Project::new(&r.url(), 10.0);
    let text = "FROM redis:latest\nFROM node:2\n";
    p.write("Dockerfile", text);
    let mut lsp = lsp_for(&p, json!({}));
    let u = file_uri(&p.path().join("Dockerfile"));
    lsp.open(&u, "dockerfile", text);
    lsp.diagnostics(&u, 1);
    let complete = |lsp: &mut lsp_client::Lsp| {
        lsp.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": u}, "position": {"line": 1, "character": 11}}),
        )
    };
    let first = complete(&mut lsp);
    let mut labels: Vec<String> = Vec::new();
    for _ in 0..50 {
        let r = complete(&mut lsp);
        let items = r["result"]["items"].as_array().or(r["result"].as_array()).cloned().unwrap_or_default();
        labels = items.iter().map(|i| i["label"].as_str().unwrap().to_string()).collect();
        if r["result"]["isIncomplete"] != true && !labels.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(first["result"]["isIncomplete"] == true || !labels.is_empty(), "{first}");
    // node's tags starting with `2`, newest first.
    assert_eq!(labels, ["22.11.0", "22.11", "22", "20.18.0", "20.18", "20"]);
    // `latest` is 7.4.1 today: a hint after the reference (once the lookup has landed).
    let mut hint = Value::Null;
    for _ in 0..50 {
        let r = lsp.request(
            "textDocument/inlayHint",
            json!({"textDocument": {"uri": u}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 2, "character": 0}}}),
        );
        if let Some(h) = r["result"].as_array().and_then(|a| a.iter().find(|h| h["label"] == "→ 7.4.1")) {
            hint = h.clone();
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(hint["position"], json!({"line": 0, "character": 17}), "{hint}");
    lsp.stop();
}

/// `report --online` reads image sizes from the manifests (config and layers) and gives
/// the bytes the multi-stage conversion changes in the final image's base; without
/// registry access it says the sizes are unknown.
#[test]
fn report_gives_image_sizes_from_the_registry() {
    let r = Registry::start();
    // push_image's layer is its label: a 4,000-byte toolchain, a 300-byte runtime.
    r.push_image("library/rust", &"r".repeat(4000), &["1.80"]);
    r.push_image("library/debian", &"d".repeat(300), &["bookworm-slim"]);
    r.push_index("library/redis", "redis-7", &["7"]);
    let p = Project::new(&r.url(), 10.0);
    std::fs::create_dir_all(p.path().join("src")).unwrap();
    p.write("Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n");
    p.write("src/main.rs", "fn main() {}\n");
    p.write(
        "Dockerfile",
        "FROM rust:1.80\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\nCMD [\"./target/release/app\"]\n",
    );
    p.write("compose.yaml", "services:\n  app:\n    build: .\n    image: me/app:1\n  cache:\n    image: redis:7\n  gone:\n    image: nothere/x:1\n");
    let report = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_shipshape"))
            .arg("report")
            .args(args)
            .current_dir(p.path())
            .envs(p.env())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let md = report(&["."]);
    let section = &md[md.find("### Image size").unwrap()..];
    let section = &section[..section.find("\n## ").unwrap()];
    // Each manifest's config and layer sizes, summed; the index followed to linux/amd64.
    let size = |label_len: usize| {
        let config = format!(
            r#"{{"architecture":"amd64","os":"linux","config":{{"Labels":{{"test":"{}"}}}},"rootfs":{{"type":"layers","diff_ids":["sha256:{}"]}}}}"#,
            "x".repeat(label_len),
            "0".repeat(64)
        );
        config.len() + label_len
    };
    let (rust, debian) = (size(4000), size(300));
    assert!(section.contains(&format!("| rust:1.80 | {} | {} |", human(rust), human(rust))), "{section}");
    assert!(
        section.contains(&format!("| debian:bookworm-slim | {} | {} |", human(debian), human(debian))),
        "{section}"
    );
    assert!(section.contains("| redis:7 |"), "the index followed to linux/amd64: {section}");
    assert!(section.contains("- `nothere/x:1`: size unknown ("), "{section}");
    assert!(
        section.contains(&format!(
            "the multi-stage conversion moves the final image from `rust:1.80` ({}) to `debian:bookworm-slim` ({}): {} less to pull and store",
            human(rust),
            human(debian),
            human(rust - debian)
        )),
        "{section}"
    );
    assert!(!section.contains('%'), "{section}");
    // Registry access off: unknown, never guessed.
    p.write(".shipshape.toml", "[registry]\nonline = false\n");
    let off = report(&["."]);
    assert!(off.contains("base-image sizes are unknown to shipshape here"), "{off}");
    assert!(!off.contains("Image download sizes"), "{off}");
}

/// `human_size` of the report: `4.1 KB`, `375 B`.
fn human(bytes: usize) -> String {
    let v = bytes as f64;
    if bytes < 1000 {
        format!("{bytes} B")
    } else if v / 1000.0 < 10.0 {
        format!("{:.1} KB", v / 1000.0)
    } else {
        format!("{:.0} KB", v / 1000.0)
    }
}

/// `invalid-base-image-platform` in the editor with registry access on: an image published
/// for one platform only, named for another with `--platform`, is reported once the
/// registry has said what it publishes; a multi-platform image is not.
#[test]
fn lsp_reports_a_base_image_not_published_for_the_stage_platform() {
    let r = Registry::start();
    fill(&r);
    let p = Project::new(&r.url(), 10.0);
    // redis is pushed as a single linux/amd64 image; node as an amd64 + arm64 index.
    let text = "FROM --platform=linux/arm64 redis:7.4.1 AS cache\nFROM --platform=linux/arm64 node:22\nFROM --platform=linux/amd64 redis:7.4.1 AS ok\n";
    p.write("Dockerfile", text);
    let mut lsp = lsp_for(&p, json!({}));
    let u = file_uri(&p.path().join("Dockerfile"));
    lsp.open(&u, "dockerfile", text);
    let m = lsp.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "invalid-base-image-platform"))
    });
    let found: Vec<&Value> = m["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "invalid-base-image-platform")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["range"]["start"], json!({"line": 0, "character": 28}));
    let msg = found[0]["message"].as_str().unwrap();
    assert!(msg.contains("not published for `linux/arm64`") && msg.contains("`linux/amd64`"), "{msg}");
    lsp.stop();
}
