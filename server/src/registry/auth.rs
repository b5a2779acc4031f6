//! Registry credentials from Docker's client config (`$DOCKER_CONFIG/config.json`, else
//! `~/.docker/config.json`): `auths` entries and credential helpers (`credHelpers`,
//! `credsStore`). Secrets are wrapped so that no `Debug`/log line can print them.

use std::collections::HashMap;
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use base64::Engine;
use serde_json::Value;

/// A secret string: shown as `***` everywhere.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credential {
    /// User name and password (or a personal access token used as one).
    Basic { user: String, password: Secret },
    /// An OAuth2 refresh token (`identitytoken`, or a helper's `<token>` user).
    IdentityToken(Secret),
    /// A bearer token to send as is (`registrytoken`).
    RegistryToken(Secret),
}

/// The Docker Hub keys a client config may use, oldest first.
const HUB_KEYS: [&str; 4] = ["https://index.docker.io/v1/", "index.docker.io", "docker.io", "registry-1.docker.io"];

pub struct Credentials {
    config: Option<Value>,
    /// Helper answers, so a helper runs at most once per host.
    helper_cache: Mutex<HashMap<String, Option<Credential>>>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials(..)")
    }
}

impl Credentials {
    /// Reads the client config; a missing or unreadable file means no credentials.
    pub fn load() -> Credentials {
        let dir = std::env::var_os("DOCKER_CONFIG")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".docker")));
        let config = dir
            .and_then(|d| std::fs::read(d.join("config.json")).ok())
            .filter(|bytes| bytes.len() < 1 << 20)
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        Credentials { config, helper_cache: Mutex::new(HashMap::new()) }
    }

    /// Credentials for a registry host (`docker.io`, `ghcr.io`, `localhost:5000`). May run a
    /// credential helper (a blocking process with a timeout): call off the async threads.
    pub fn lookup(&self, host: &str) -> Option<Credential> {
        let config = self.config.as_ref()?;
        let keys: Vec<&str> = if host == "docker.io" { HUB_KEYS.to_vec() } else { vec![host] };
        // A helper named for this host wins, as in the docker CLI.
        if let Some(helpers) = config.get("credHelpers").and_then(Value::as_object) {
            for k in &keys {
                if let Some(h) = helpers.get(*k).and_then(Value::as_str) {
                    return self.ask_helper(h, keys[0]);
                }
            }
        }
        if let Some(auths) = config.get("auths").and_then(Value::as_object) {
            for (key, entry) in auths {
                if keys.iter().any(|k| same_host(key, k)) {
                    if let Some(c) = from_auth_entry(entry) {
                        return Some(c);
                    }
                }
            }
        }
        let store = config.get("credsStore").and_then(Value::as_str)?;
        self.ask_helper(store, keys[0])
    }

    fn ask_helper(&self, helper: &str, server: &str) -> Option<Credential> {
        let key = format!("{helper}\u{0}{server}");
        if let Some(c) = self.helper_cache.lock().ok()?.get(&key) {
            return c.clone();
        }
        let got = run_helper(helper, server);
        if let Ok(mut cache) = self.helper_cache.lock() {
            cache.insert(key, got.clone());
        }
        got
    }
}

/// `https://index.docker.io/v1/` and `index.docker.io` name the same host.
fn same_host(key: &str, host: &str) -> bool {
    let strip = |s: &str| {
        let s = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).unwrap_or(s);
        s.split('/').next().unwrap_or(s).to_ascii_lowercase()
    };
    strip(key) == strip(host)
}

fn from_auth_entry(entry: &Value) -> Option<Credential> {
    let s = |k: &str| entry.get(k).and_then(Value::as_str).filter(|v| !v.is_empty());
    if let Some(t) = s("registrytoken") {
        return Some(Credential::RegistryToken(Secret(t.to_string())));
    }
    if let Some(t) = s("identitytoken") {
        return Some(Credential::IdentityToken(Secret(t.to_string())));
    }
    if let (Some(u), Some(p)) = (s("username"), s("password")) {
        return Some(Credential::Basic { user: u.to_string(), password: Secret(p.to_string()) });
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(s("auth")?.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some(Credential::Basic { user: user.to_string(), password: Secret(password.to_string()) })
}

/// `docker-credential-<helper> get`, the server URL on stdin, JSON on stdout. Bounded: a
/// helper that hangs (a locked keychain) is killed after 10 s.
fn run_helper(helper: &str, server: &str) -> Option<Credential> {
    if !helper.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.') {
        return None;
    }
    let mut child = Command::new(format!("docker-credential-{helper}"))
        .arg("get")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(server.as_bytes()).ok()?;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if std::time::Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let out = child.wait_with_output().ok()?;
    if !out.status.success() {
        return None;
    }
    let v: Value = serde_json::from_slice(&out.stdout).ok()?;
    let user = v.get("Username").and_then(Value::as_str)?;
    let secret = v.get("Secret").and_then(Value::as_str).filter(|s| !s.is_empty())?;
    Some(if user == "<token>" {
        Credential::IdentityToken(Secret(secret.to_string()))
    } else {
        Credential::Basic { user: user.to_string(), password: Secret(secret.to_string()) }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds(json: &str) -> Credentials {
        Credentials { config: Some(serde_json::from_str(json).unwrap()), helper_cache: Mutex::new(HashMap::new()) }
    }

    #[test]
    fn auths_entries_by_host() {
        // "user:pa:ss" — the password may contain colons.
        let c = creds(
            r#"{"auths":{"https://index.docker.io/v1/":{"auth":"dXNlcjpwYTpzcw=="},"ghcr.io":{"identitytoken":"tok"}}}"#,
        );
        assert_eq!(
            c.lookup("docker.io"),
            Some(Credential::Basic { user: "user".into(), password: Secret("pa:ss".into()) })
        );
        assert_eq!(c.lookup("ghcr.io"), Some(Credential::IdentityToken(Secret("tok".into()))));
        assert_eq!(c.lookup("quay.io"), None);
    }

    #[test]
    fn secrets_never_print() {
        let c = Credential::Basic { user: "u".into(), password: Secret("hunter2".into()) };
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn a_missing_helper_gives_nothing() {
        let c = creds(r#"{"credsStore":"shipshape-test-no-such-helper"}"#);
        assert_eq!(c.lookup("ghcr.io"), None);
    }
}
