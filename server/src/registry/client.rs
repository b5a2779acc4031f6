//! The OCI distribution API client: manifests (digest by `HEAD`, verified `GET`), paginated
//! tag lists, bearer-token and basic auth from the `WWW-Authenticate` challenge, timeouts,
//! and retries with backoff on 429 and 5xx.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::header::{HeaderMap, ACCEPT, AUTHORIZATION, CONTENT_LENGTH, LINK, RETRY_AFTER, WWW_AUTHENTICATE};
use reqwest::{Method, Response, StatusCode, Url};
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::auth::{Credential, Credentials};

/// Manifest media types we accept, lists first so that multi-platform images resolve to
/// their index digest (what `docker pull` pins).
pub const MANIFEST_ACCEPT: &str = "application/vnd.oci.image.index.v1+json, \
    application/vnd.docker.distribution.manifest.list.v2+json, \
    application/vnd.oci.image.manifest.v1+json, \
    application/vnd.docker.distribution.manifest.v2+json";

const MAX_MANIFEST: usize = 4 << 20;
const MAX_TAG_PAGE: usize = 8 << 20;
const MAX_PAGES: usize = 100;
const MAX_RETRIES: u32 = 3;

#[derive(Debug, Clone, PartialEq)]
pub enum RegistryError {
    /// Connection refused, DNS failure, TLS failure.
    Unreachable {
        endpoint: String,
        detail: String,
    },
    Timeout {
        endpoint: String,
        secs: f64,
    },
    Unauthorized {
        endpoint: String,
        repo: String,
        had_credentials: bool,
    },
    NotFound {
        what: String,
    },
    Malformed {
        what: String,
        detail: String,
    },
    Status {
        what: String,
        status: u16,
    },
}

impl RegistryError {
    /// The registry could not be asked at all (as opposed to answering "no").
    pub fn is_unreachable(&self) -> bool {
        matches!(self, RegistryError::Unreachable { .. } | RegistryError::Timeout { .. })
    }
}

impl fmt::Display for RegistryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegistryError::Unreachable { endpoint, detail } => write!(f, "cannot reach registry {endpoint}: {detail}"),
            RegistryError::Timeout { endpoint, secs } => {
                write!(f, "registry {endpoint} did not answer within {secs} s (raise `[registry] timeout`)")
            }
            RegistryError::Unauthorized { endpoint, repo, had_credentials: false } => write!(
                f,
                "registry {endpoint} requires authentication for {repo}: log in with `docker login` \
                 (shipshape reads Docker's config.json) and try again"
            ),
            RegistryError::Unauthorized { endpoint, repo, had_credentials: true } => {
                write!(f, "registry {endpoint} refused the credentials from Docker's config.json for {repo}")
            }
            RegistryError::NotFound { what } => write!(f, "{what} does not exist in the registry"),
            RegistryError::Malformed { what, detail } => write!(f, "malformed registry answer for {what}: {detail}"),
            RegistryError::Status { what, status } => write!(f, "registry answered HTTP {status} for {what}"),
        }
    }
}

impl std::error::Error for RegistryError {}

/// Where a registry host is reached: its mirror from `[registry.mirrors]`, Docker Hub's API
/// host, plain HTTP for loopback (as the docker CLI allows), HTTPS otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The registry as references name it (`docker.io`, `ghcr.io`, `localhost:5000`).
    pub registry: String,
    pub base: Url,
}

impl Endpoint {
    pub fn resolve(registry: &str, mirrors: &BTreeMap<String, String>) -> Result<Endpoint, RegistryError> {
        let base = match mirrors.get(registry) {
            Some(m) => m.trim_end_matches('/').to_string(),
            None if registry == "docker.io" => "https://registry-1.docker.io".to_string(),
            None => {
                let host = registry.rsplit_once(':').map_or(registry, |(h, _)| h);
                let scheme = if matches!(host, "localhost" | "127.0.0.1" | "[::1]") { "http" } else { "https" };
                format!("{scheme}://{registry}")
            }
        };
        let base = Url::parse(&format!("{base}/")).map_err(|e| RegistryError::Unreachable {
            endpoint: base.clone(),
            detail: format!("invalid registry URL ({e})"),
        })?;
        Ok(Endpoint { registry: registry.to_string(), base })
    }

    fn display(&self) -> String {
        self.base.as_str().trim_end_matches('/').to_string()
    }

    fn url(&self, path: &str) -> Url {
        // `path` is built from a validated repository and tag: joining cannot fail.
        self.base.join(path).unwrap_or_else(|_| self.base.clone())
    }
}

pub struct Client {
    http: reqwest::Client,
    creds: Arc<Credentials>,
    timeout: Duration,
    /// Authorization header values by endpoint and repository, with their expiry.
    tokens: Mutex<HashMap<(String, String), (String, Instant)>>,
}

impl Client {
    pub fn new(creds: Arc<Credentials>, timeout: Duration) -> Client {
        let http = reqwest::Client::builder()
            .user_agent(concat!("shipshape/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(timeout)
            .timeout(timeout)
            // Redirects to blob storage are followed; the auth header is dropped across hosts.
            .redirect(reqwest::redirect::Policy::limited(5))
            .build()
            .unwrap_or_default();
        Client { http, creds, timeout, tokens: Mutex::new(HashMap::new()) }
    }

    /// The digest `reference` (a tag) points at: `HEAD` first, `GET` (verified) when the
    /// registry gives no digest header.
    pub async fn manifest_digest(&self, ep: &Endpoint, repo: &str, reference: &str) -> Result<String, RegistryError> {
        let what = format!("{}/{repo}:{reference}", ep.registry);
        let url = ep.url(&format!("v2/{repo}/manifests/{reference}"));
        let head = self.send(ep, repo, Method::HEAD, url.clone(), Some(MANIFEST_ACCEPT), &what).await?;
        match head.status() {
            StatusCode::OK => {
                if let Some(d) = header_digest(head.headers()) {
                    return Ok(d);
                }
            }
            StatusCode::NOT_FOUND => return Err(RegistryError::NotFound { what }),
            // Some registries do not support HEAD; GET decides.
            _ => {}
        }
        Ok(self.manifest(ep, repo, reference).await?.1)
    }

    /// The manifest `reference` (a tag or digest) names, verified against its digest:
    /// its body and digest.
    async fn manifest(&self, ep: &Endpoint, repo: &str, reference: &str) -> Result<(Vec<u8>, String), RegistryError> {
        let what = format!("{}/{repo}:{reference}", ep.registry);
        let url = ep.url(&format!("v2/{repo}/manifests/{reference}"));
        let resp = self.send(ep, repo, Method::GET, url, Some(MANIFEST_ACCEPT), &what).await?;
        let resp = check_status(resp, &what)?;
        let claimed = header_digest(resp.headers());
        let body = read_limited(resp, MAX_MANIFEST, &what, ep, self.timeout.as_secs_f64()).await?;
        validate_manifest(&body).map_err(|detail| RegistryError::Malformed { what: what.clone(), detail })?;
        let computed = format!("sha256:{:x}", Sha256::digest(&body));
        if reference.starts_with("sha256:") && reference != computed {
            return Err(RegistryError::Malformed {
                what,
                detail: format!("the body's digest {computed} is not the digest asked for"),
            });
        }
        match claimed {
            Some(c) if c.starts_with("sha256:") && c != computed => Err(RegistryError::Malformed {
                what,
                detail: format!("the body's digest {computed} does not match Docker-Content-Digest {c}"),
            }),
            Some(c) if !c.starts_with("sha256:") => Ok((body, c)),
            _ => Ok((body, computed)),
        }
    }

    /// What pulling `reference` for linux/`arch` downloads: the sizes its manifest gives
    /// for the config and the (compressed) layers. An index is followed to the manifest
    /// of that platform.
    pub async fn image_size(
        &self,
        ep: &Endpoint,
        repo: &str,
        reference: &str,
        arch: &str,
    ) -> Result<u64, RegistryError> {
        let what = format!("{}/{repo}:{reference}", ep.registry);
        let malformed = |detail: &str| RegistryError::Malformed { what: what.clone(), detail: detail.to_string() };
        let parse = |body: &[u8]| serde_json::from_slice::<Value>(body).map_err(|_| malformed("not JSON"));
        let mut manifest = parse(&self.manifest(ep, repo, reference).await?.0)?;
        if let Some(list) = manifest.get("manifests").and_then(Value::as_array) {
            let digest = list
                .iter()
                .find(|m| {
                    let p = &m["platform"];
                    p["os"] == "linux" && p["architecture"] == arch && p.get("variant").is_none_or(|v| v != "v6")
                })
                .and_then(|m| m["digest"].as_str())
                .ok_or_else(|| RegistryError::NotFound { what: format!("{what} for linux/{arch}") })?
                .to_string();
            manifest = parse(&self.manifest(ep, repo, &digest).await?.0)?;
        }
        let size = |v: &Value| v["size"].as_u64();
        let layers = manifest["layers"].as_array().ok_or_else(|| malformed("no layers"))?;
        let config = size(&manifest["config"]).ok_or_else(|| malformed("no config size"))?;
        layers
            .iter()
            .try_fold(config, |sum, l| size(l).map(|s| sum + s))
            .ok_or_else(|| malformed("a layer without a size"))
    }

    /// The platforms `reference` has (`linux/amd64`, `linux/arm/v7`): an index's entries
    /// (attestations, `unknown/unknown`, left out), or a single image's config's.
    pub async fn platforms(&self, ep: &Endpoint, repo: &str, reference: &str) -> Result<Vec<String>, RegistryError> {
        let what = format!("{}/{repo}:{reference}", ep.registry);
        let malformed = |detail: &str| RegistryError::Malformed { what: what.clone(), detail: detail.to_string() };
        let parse = |body: &[u8]| serde_json::from_slice::<Value>(body).map_err(|_| malformed("not JSON"));
        let platform = |p: &Value| -> Option<String> {
            let (os, arch) = (p["os"].as_str()?, p["architecture"].as_str()?);
            Some(match p["variant"].as_str() {
                Some(v) => format!("{os}/{arch}/{v}"),
                None => format!("{os}/{arch}"),
            })
        };
        let manifest = parse(&self.manifest(ep, repo, reference).await?.0)?;
        if let Some(list) = manifest.get("manifests").and_then(Value::as_array) {
            return Ok(list
                .iter()
                .filter_map(|m| platform(&m["platform"]))
                .filter(|p| !p.starts_with("unknown/"))
                .collect());
        }
        let digest = manifest["config"]["digest"].as_str().ok_or_else(|| malformed("no config digest"))?;
        let config = parse(&self.blob(ep, repo, digest).await?)?;
        Ok(platform(&config).into_iter().collect())
    }

    /// A blob (an image config), verified against its digest.
    async fn blob(&self, ep: &Endpoint, repo: &str, digest: &str) -> Result<Vec<u8>, RegistryError> {
        let what = format!("{}/{repo}@{digest}", ep.registry);
        let url = ep.url(&format!("v2/{repo}/blobs/{digest}"));
        let resp = check_status(self.send(ep, repo, Method::GET, url, None, &what).await?, &what)?;
        let body = read_limited(resp, MAX_MANIFEST, &what, ep, self.timeout.as_secs_f64()).await?;
        let computed = format!("sha256:{:x}", Sha256::digest(&body));
        if digest.starts_with("sha256:") && computed != digest {
            return Err(RegistryError::Malformed { what, detail: format!("the blob's digest is {computed}") });
        }
        Ok(body)
    }

    /// Every tag of `repo`, following `Link: <…>; rel="next"` pages.
    pub async fn tags(&self, ep: &Endpoint, repo: &str) -> Result<Vec<String>, RegistryError> {
        let what = format!("{}/{repo}", ep.registry);
        let mut url = ep.url(&format!("v2/{repo}/tags/list?n=1000"));
        let mut tags = Vec::new();
        for _ in 0..MAX_PAGES {
            let resp = self.send(ep, repo, Method::GET, url.clone(), Some("application/json"), &what).await?;
            let resp = check_status(resp, &what)?;
            let next = resp.headers().get(LINK).and_then(|l| l.to_str().ok()).and_then(next_link);
            let body = read_limited(resp, MAX_TAG_PAGE, &what, ep, self.timeout.as_secs_f64()).await?;
            let v: Value = serde_json::from_slice(&body).map_err(|e| RegistryError::Malformed {
                what: what.clone(),
                detail: format!("tag list is not JSON ({e})"),
            })?;
            match v.get("tags") {
                Some(Value::Array(list)) => tags.extend(list.iter().filter_map(Value::as_str).map(str::to_string)),
                Some(Value::Null) | None if v.is_object() => {}
                _ => return Err(RegistryError::Malformed { what, detail: "tag list has no `tags` array".into() }),
            }
            match next.and_then(|n| url.join(&n).ok()) {
                Some(n) => url = n,
                None => return Ok(tags),
            }
        }
        Ok(tags)
    }

    /// One request with auth and retries. A 401 is answered once by authorising from its
    /// challenge; 429 and 5xx are retried with exponential backoff (or `Retry-After`).
    async fn send(
        &self,
        ep: &Endpoint,
        repo: &str,
        method: Method,
        url: Url,
        accept: Option<&str>,
        what: &str,
    ) -> Result<Response, RegistryError> {
        let key = (ep.display(), repo.to_string());
        let mut auth = self
            .tokens
            .lock()
            .ok()
            .and_then(|t| t.get(&key).filter(|(_, until)| *until > Instant::now()).map(|(v, _)| v.clone()));
        let mut authorised = false;
        let mut attempt = 0;
        loop {
            let mut req = self.http.request(method.clone(), url.clone());
            if let Some(a) = accept {
                req = req.header(ACCEPT, a);
            }
            if let Some(a) = &auth {
                req = req.header(AUTHORIZATION, a);
            }
            let resp = req.send().await.map_err(|e| self.transport_error(ep, e))?;
            let status = resp.status();
            if status == StatusCode::UNAUTHORIZED {
                if authorised {
                    return Err(RegistryError::Unauthorized {
                        endpoint: ep.display(),
                        repo: repo.to_string(),
                        had_credentials: self.credential(ep).await.is_some(),
                    });
                }
                authorised = true;
                let challenge = resp.headers().get(WWW_AUTHENTICATE).and_then(|v| v.to_str().ok()).unwrap_or("");
                let (value, ttl) = self.authorise(ep, repo, challenge, what).await?;
                if let Ok(mut t) = self.tokens.lock() {
                    t.insert(key.clone(), (value.clone(), Instant::now() + ttl));
                }
                auth = Some(value);
                continue;
            }
            if (status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()) && attempt < MAX_RETRIES {
                let wait = retry_after(resp.headers()).unwrap_or(Duration::from_millis(250 << attempt));
                tokio::time::sleep(wait.min(Duration::from_secs(10))).await;
                attempt += 1;
                continue;
            }
            return Ok(resp);
        }
    }

    fn transport_error(&self, ep: &Endpoint, e: reqwest::Error) -> RegistryError {
        if e.is_timeout() {
            return RegistryError::Timeout { endpoint: ep.display(), secs: self.timeout.as_secs_f64() };
        }
        // The innermost cause is the useful part ("Connection refused", "dns error").
        let mut detail = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            detail = s.to_string();
            source = s.source();
        }
        RegistryError::Unreachable { endpoint: ep.display(), detail }
    }

    async fn credential(&self, ep: &Endpoint) -> Option<Credential> {
        let creds = self.creds.clone();
        // The mirror's own host first: that is where the login happened.
        let hosts = [ep.base.host_str().map(|h| match ep.base.port() {
            Some(p) => format!("{h}:{p}"),
            None => h.to_string(),
        })]
        .into_iter()
        .flatten()
        .chain([ep.registry.clone()])
        .collect::<Vec<_>>();
        tokio::task::spawn_blocking(move || hosts.iter().find_map(|h| creds.lookup(h))).await.ok().flatten()
    }

    /// The `Authorization` value for a challenge, and how long it may be reused.
    async fn authorise(
        &self,
        ep: &Endpoint,
        repo: &str,
        challenge: &str,
        what: &str,
    ) -> Result<(String, Duration), RegistryError> {
        let unauthorised =
            |had| RegistryError::Unauthorized { endpoint: ep.display(), repo: repo.to_string(), had_credentials: had };
        let cred = self.credential(ep).await;
        let (scheme, params) = parse_challenge(challenge);
        if scheme.eq_ignore_ascii_case("basic") {
            return match &cred {
                Some(Credential::Basic { user, password }) => {
                    let raw = format!("{user}:{}", password.expose());
                    let v = format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw));
                    Ok((v, Duration::from_secs(3600)))
                }
                _ => Err(unauthorised(cred.is_some())),
            };
        }
        if !scheme.eq_ignore_ascii_case("bearer") {
            return Err(unauthorised(cred.is_some()));
        }
        if let Some(Credential::RegistryToken(t)) = &cred {
            return Ok((format!("Bearer {}", t.expose()), Duration::from_secs(60)));
        }
        let realm = params.get("realm").ok_or_else(|| RegistryError::Malformed {
            what: what.to_string(),
            detail: "the authentication challenge names no realm".into(),
        })?;
        let realm = Url::parse(realm).map_err(|e| RegistryError::Malformed {
            what: what.to_string(),
            detail: format!("invalid token realm ({e})"),
        })?;
        let scope = params.get("scope").cloned().unwrap_or_else(|| format!("repository:{repo}:pull"));
        let service = params.get("service").cloned().unwrap_or_default();
        let req = match &cred {
            Some(Credential::IdentityToken(t)) => self.http.post(realm.clone()).form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", t.expose()),
                ("service", &service),
                ("scope", &scope),
                ("client_id", "shipshape"),
            ]),
            other => {
                let mut q = vec![("scope", scope.as_str())];
                if !service.is_empty() {
                    q.push(("service", service.as_str()));
                }
                let req = self.http.get(realm.clone()).query(&q);
                match other {
                    Some(Credential::Basic { user, password }) => req.basic_auth(user, Some(password.expose())),
                    _ => req,
                }
            }
        };
        let endpoint = Endpoint { registry: ep.registry.clone(), base: realm };
        let resp = req.send().await.map_err(|e| self.transport_error(&endpoint, e))?;
        if matches!(resp.status(), StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
            return Err(unauthorised(cred.is_some()));
        }
        let resp = check_status(resp, &format!("the token for {what}"))?;
        let body = read_limited(resp, 1 << 20, what, &endpoint, self.timeout.as_secs_f64()).await?;
        let v: Value = serde_json::from_slice(&body).map_err(|e| RegistryError::Malformed {
            what: what.to_string(),
            detail: format!("token answer is not JSON ({e})"),
        })?;
        let token = v.get("token").or_else(|| v.get("access_token")).and_then(Value::as_str).ok_or_else(|| {
            RegistryError::Malformed { what: what.to_string(), detail: "token answer has no token".into() }
        })?;
        // Reuse a little less long than granted (default 60 s, per the token spec).
        let secs = v.get("expires_in").and_then(Value::as_u64).unwrap_or(60).max(10);
        Ok((format!("Bearer {token}"), Duration::from_secs(secs - 5)))
    }
}

fn header_digest(h: &HeaderMap) -> Option<String> {
    let d = h.get("docker-content-digest")?.to_str().ok()?.trim();
    let (alg, hex) = d.split_once(':')?;
    let ok = !alg.is_empty() && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit());
    ok.then(|| d.to_string())
}

fn check_status(resp: Response, what: &str) -> Result<Response, RegistryError> {
    match resp.status() {
        s if s.is_success() => Ok(resp),
        StatusCode::NOT_FOUND => Err(RegistryError::NotFound { what: what.to_string() }),
        s => Err(RegistryError::Status { what: what.to_string(), status: s.as_u16() }),
    }
}

/// The body, refusing answers larger than `max` (a registry is not trusted to be small).
async fn read_limited(
    mut resp: Response,
    max: usize,
    what: &str,
    ep: &Endpoint,
    secs: f64,
) -> Result<Vec<u8>, RegistryError> {
    let too_large =
        || RegistryError::Malformed { what: what.to_string(), detail: format!("answer larger than {max} bytes") };
    let declared = resp.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if declared.is_some_and(|n| n > max) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(c)) => {
                if body.len() + c.len() > max {
                    return Err(too_large());
                }
                body.extend_from_slice(&c);
            }
            Ok(None) => return Ok(body),
            Err(e) if e.is_timeout() => return Err(RegistryError::Timeout { endpoint: ep.display(), secs }),
            Err(e) => return Err(RegistryError::Unreachable { endpoint: ep.display(), detail: e.to_string() }),
        }
    }
}

/// A manifest must be a JSON object with `schemaVersion` 2 and either layers/config (an
/// image) or `manifests` (a list or index).
fn validate_manifest(body: &[u8]) -> Result<(), String> {
    let v: Value = serde_json::from_slice(body).map_err(|e| format!("the manifest is not JSON ({e})"))?;
    if v.get("schemaVersion").and_then(Value::as_u64) != Some(2) {
        return Err("the manifest has no `schemaVersion: 2`".into());
    }
    if v.get("manifests").is_some_and(Value::is_array) || v.get("config").is_some_and(Value::is_object) {
        Ok(())
    } else {
        Err("the manifest has neither `config` nor `manifests`".into())
    }
}

fn retry_after(h: &HeaderMap) -> Option<Duration> {
    let secs: u64 = h.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(secs))
}

/// The target of `rel="next"` in a `Link` header.
fn next_link(link: &str) -> Option<String> {
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let is_next = params.split(';').any(|p| {
            let p = p.trim().replace(' ', "");
            p == "rel=\"next\"" || p == "rel=next"
        });
        let t = target.trim();
        is_next.then(|| t.strip_prefix('<')?.strip_suffix('>').map(str::to_string)).flatten()
    })
}

/// `Bearer realm="…",service="…",scope="…"` → ("Bearer", params).
fn parse_challenge(h: &str) -> (String, HashMap<String, String>) {
    let h = h.trim();
    let (scheme, rest) = h.split_once(' ').unwrap_or((h, ""));
    let mut params = HashMap::new();
    let mut rest = rest.trim();
    while !rest.is_empty() {
        let Some((key, after)) = rest.split_once('=') else { break };
        let key = key.trim().trim_start_matches(',').trim().to_ascii_lowercase();
        let after = after.trim_start();
        let (value, tail) = if let Some(q) = after.strip_prefix('"') {
            // Quoted: up to the closing quote (scopes contain commas).
            match q.find('"') {
                Some(end) => (q[..end].to_string(), &q[end + 1..]),
                None => (q.to_string(), ""),
            }
        } else {
            match after.find(',') {
                Some(end) => (after[..end].trim().to_string(), &after[end..]),
                None => (after.trim().to_string(), ""),
            }
        };
        params.insert(key, value);
        rest = tail.trim_start().trim_start_matches(',').trim_start();
    }
    (scheme.to_string(), params)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenges() {
        let (s, p) = parse_challenge(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/redis:pull,push""#,
        );
        assert_eq!(s, "Bearer");
        assert_eq!(p["realm"], "https://auth.docker.io/token");
        assert_eq!(p["scope"], "repository:library/redis:pull,push");
        let (s, p) = parse_challenge(r#"Basic realm="basic-realm""#);
        assert_eq!((s.as_str(), p["realm"].as_str()), ("Basic", "basic-realm"));
    }

    #[test]
    fn link_headers() {
        assert_eq!(
            next_link(r#"</v2/library/redis/tags/list?last=7.2&n=100>; rel="next""#).as_deref(),
            Some("/v2/library/redis/tags/list?last=7.2&n=100")
        );
        assert_eq!(
            next_link(r#"<https://x/a>; rel="prev", <https://x/b>; rel="next""#).as_deref(),
            Some("https://x/b")
        );
        assert_eq!(next_link("garbage"), None);
    }

    #[test]
    fn endpoints() {
        let mut m = BTreeMap::new();
        m.insert("docker.io".to_string(), "http://127.0.0.1:5000/".to_string());
        assert_eq!(Endpoint::resolve("docker.io", &m).unwrap().base.as_str(), "http://127.0.0.1:5000/");
        let none = BTreeMap::new();
        assert_eq!(Endpoint::resolve("docker.io", &none).unwrap().base.as_str(), "https://registry-1.docker.io/");
        assert_eq!(Endpoint::resolve("localhost:5000", &none).unwrap().base.as_str(), "http://localhost:5000/");
        assert_eq!(Endpoint::resolve("ghcr.io", &none).unwrap().base.as_str(), "https://ghcr.io/");
    }

    #[test]
    fn manifests_are_validated() {
        assert!(validate_manifest(br#"{"schemaVersion":2,"manifests":[]}"#).is_ok());
        assert!(validate_manifest(br#"{"schemaVersion":2,"config":{}}"#).is_ok());
        assert!(validate_manifest(b"<html>").is_err());
        assert!(validate_manifest(br#"{"schemaVersion":1}"#).is_err());
    }
}
