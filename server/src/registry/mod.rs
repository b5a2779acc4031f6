//! Registry-aware pinning, the networked half (SPEC §6): which digest a tag points at
//! today, which version tag is that, and which newer versions exist. The pure half (what a
//! reference becomes, version families) is in `shipshape_rules::model::{pinning, versions}`.
//!
//! Nothing here runs unless the caller holds `RegistrySettings { online: true, .. }`.
//! Answers are shared between concurrent askers, kept in memory, and cached on disk.

pub mod auth;
pub mod cache;
pub mod client;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use shipshape_rules::config::Config;
use shipshape_rules::model::versions::{self, Version};
use shipshape_rules::syntax::image_ref::ImageRef;
use tokio::sync::OnceCell;

pub use auth::Credentials;
use cache::DiskCache;
pub use client::{Client, Endpoint, RegistryError};

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a registry answer is trusted. Tags move (that is the point of pinning), but
/// within an hour of editing the answer is as good as new.
const TTL: Duration = Duration::from_secs(3600);
/// Failures are remembered briefly so an editor does not hammer a down registry.
const ERROR_TTL: Duration = Duration::from_secs(30);
/// At most this many candidate tags are asked for their digest, `PARALLEL` at a time.
const MAX_CANDIDATES: usize = 48;
const PARALLEL: usize = 8;

/// Whether and how to reach registries, from `.shipshape.toml` (and the editor).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RegistrySettings {
    pub online: bool,
    pub mirrors: BTreeMap<String, String>,
    pub timeout: Duration,
}

impl Default for RegistrySettings {
    fn default() -> Self {
        RegistrySettings { online: false, mirrors: BTreeMap::new(), timeout: DEFAULT_TIMEOUT }
    }
}

impl RegistrySettings {
    /// The project's `[registry] online` wins when set; otherwise the editor's setting.
    pub fn from_config(config: Option<&Config>, editor_online: Option<bool>) -> RegistrySettings {
        let online = config.and_then(|c| c.registry_online).or(editor_online).unwrap_or(false);
        RegistrySettings {
            online,
            mirrors: config.map(|c| c.mirrors.clone()).unwrap_or_default(),
            timeout: config
                .and_then(|c| c.registry_timeout)
                .filter(|t| t.is_finite() && *t > 0.0)
                .map_or(DEFAULT_TIMEOUT, |t| Duration::from_secs_f64(t.min(600.0))),
        }
    }
}

/// What the registry says about one reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinInfo {
    /// `docker.io/library/redis`.
    pub name: String,
    /// The tag asked about (`latest` when none is written).
    pub tag: String,
    /// The digest the tag points at now (an index digest for multi-platform images).
    pub digest: String,
    /// The most specific version tag pointing at the same digest, in the tag's family.
    pub version: Option<String>,
    /// Newer versions of the same family and shape, newest first (at most 5).
    pub newer: Vec<String>,
}

type Answer = Result<Arc<PinInfo>, RegistryError>;

/// The platform a build on this machine targets by default (`linux/amd64`, `linux/arm64`):
/// images run in Linux (VM) on every host.
pub fn native_platform() -> String {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "arm" => "arm",
        other => other,
    };
    format!("linux/{arch}")
}

/// The runtime a command that asks registries runs its lookups on (`pin`, `report --online`).
pub fn command_runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

/// A memoised registry answer: one lookup however many callers wait, kept for `TTL` (errors
/// for `ERROR_TTL`).
struct Memo<T> {
    at: Instant,
    cell: Arc<OnceCell<Result<T, RegistryError>>>,
}

type Memos<T> = Mutex<HashMap<String, Memo<T>>>;

/// The answer for `key` if it is in, without waiting.
fn peek_memo<T: Clone>(memos: &Memos<T>, key: &str) -> Option<Result<T, RegistryError>> {
    let memo = memos.lock().unwrap_or_else(|e| e.into_inner());
    memo.get(key)?.cell.get().cloned()
}

/// The cell that holds (or will hold) the answer for `key`: the memoised one while it is
/// fresh or still being computed, else a new one.
fn memo_cell<T>(memos: &Memos<T>, key: String) -> Arc<OnceCell<Result<T, RegistryError>>> {
    let mut memo = memos.lock().unwrap_or_else(|e| e.into_inner());
    let fresh = memo.get(&key).is_some_and(|m| match m.cell.get() {
        None => true,
        Some(Ok(_)) => m.at.elapsed() < TTL,
        Some(Err(_)) => m.at.elapsed() < ERROR_TTL,
    });
    if !fresh {
        memo.insert(key.clone(), Memo { at: Instant::now(), cell: Arc::new(OnceCell::new()) });
    }
    memo[&key].cell.clone()
}

pub struct Registry {
    client: Client,
    mirrors: BTreeMap<String, String>,
    cache: Arc<DiskCache>,
    memo: Memos<Arc<PinInfo>>,
    /// Tag lists by repository, for completion.
    tag_memo: Memos<Arc<Vec<String>>>,
    /// The platforms of a reference, for `invalid-base-image-platform`.
    platform_memo: Memos<Arc<Vec<String>>>,
}

type Tags = Result<Arc<Vec<String>>, RegistryError>;

impl Registry {
    pub fn new(settings: &RegistrySettings, creds: Arc<Credentials>) -> Arc<Registry> {
        Arc::new(Registry {
            client: Client::new(creds, settings.timeout),
            mirrors: settings.mirrors.clone(),
            cache: Arc::new(DiskCache::new(TTL)),
            memo: Mutex::new(HashMap::new()),
            tag_memo: Mutex::new(HashMap::new()),
            platform_memo: Mutex::new(HashMap::new()),
        })
    }

    fn key(image: &ImageRef) -> String {
        format!("{}:{}", image.normalized_name(), image.tag.as_deref().unwrap_or("latest"))
    }

    /// The answer if one is ready, without waiting or asking (for hover and diagnostics).
    pub fn peek(&self, image: &ImageRef) -> Option<Answer> {
        peek_memo(&self.memo, &Self::key(image))
    }

    /// Asks the registry (once, however many callers wait for the same reference).
    pub async fn lookup(self: &Arc<Self>, image: &ImageRef) -> Answer {
        let cell = memo_cell(&self.memo, Self::key(image));
        cell.get_or_init(|| async { self.compute(image).await.map(Arc::new) }).await.clone()
    }

    /// The repository's tags if they have been listed, without waiting (for completion).
    pub fn peek_tags(&self, image: &ImageRef) -> Option<Tags> {
        peek_memo(&self.tag_memo, &image.normalized_name())
    }

    /// Lists the repository's tags (once per repository, cached like the other answers).
    pub async fn tag_list(self: &Arc<Self>, image: &ImageRef) -> Tags {
        let cell = memo_cell(&self.tag_memo, image.normalized_name());
        cell.get_or_init(|| async {
            let ep = Endpoint::resolve(image.registry(), &self.mirrors)?;
            self.tags(&ep, &image.repository()).await.map(Arc::new)
        })
        .await
        .clone()
    }

    async fn compute(self: &Arc<Self>, image: &ImageRef) -> Result<PinInfo, RegistryError> {
        let ep = Endpoint::resolve(image.registry(), &self.mirrors)?;
        let repo = image.repository();
        let tag = image.tag.clone().unwrap_or_else(|| "latest".to_string());
        let digest = self.digest(&ep, &repo, &tag).await?;
        // A registry may refuse to list tags (some private ones do): the digest still pins.
        let tags = match self.tags(&ep, &repo).await {
            Ok(t) => t,
            Err(e) if e.is_unreachable() => return Err(e),
            Err(_) => Vec::new(),
        };
        let mut same: Vec<String> = Vec::new();
        if Version::parse(&tag).is_some() {
            same.push(tag.clone());
        }
        let candidates = candidates(&tag, &tags);
        for chunk in candidates.chunks(PARALLEL) {
            let mut set = tokio::task::JoinSet::new();
            for t in chunk {
                let (this, ep, repo, t) = (self.clone(), ep.clone(), repo.clone(), t.clone());
                set.spawn(async move {
                    let d = this.digest(&ep, &repo, &t).await;
                    (t, d)
                });
            }
            let mut found = false;
            while let Some(Ok((t, d))) = set.join_next().await {
                if d.as_deref() == Ok(digest.as_str()) {
                    same.push(t);
                    found = true;
                }
            }
            // Candidates come most specific and newest first: the first hits are the best.
            if found {
                break;
            }
        }
        let same_refs: Vec<&str> = same.iter().map(String::as_str).collect();
        let version = versions::choose(Some(&tag), &same_refs);
        let all: Vec<&str> = tags.iter().map(String::as_str).collect();
        let newer =
            versions::newer(version.as_deref().unwrap_or(&tag), &all).into_iter().take(5).map(str::to_string).collect();
        Ok(PinInfo { name: image.normalized_name(), tag, digest, version, newer })
    }

    /// Every reference whose platforms are known, by its normalized form.
    pub fn known_platforms(&self) -> std::collections::BTreeMap<String, Vec<String>> {
        let memo = self.platform_memo.lock().unwrap_or_else(|e| e.into_inner());
        memo.iter().filter_map(|(k, m)| Some((k.clone(), m.cell.get()?.as_ref().ok()?.to_vec()))).collect()
    }

    /// Whether `image`'s platforms have been asked (answered or not).
    pub fn platforms_asked(&self, image: &ImageRef) -> bool {
        let memo = self.platform_memo.lock().unwrap_or_else(|e| e.into_inner());
        memo.contains_key(&image.normalized())
    }

    /// The platforms `image` is published for (once per reference, cached on disk).
    pub async fn platforms(self: &Arc<Self>, image: &ImageRef) -> Result<Arc<Vec<String>>, RegistryError> {
        let cell = memo_cell(&self.platform_memo, image.normalized());
        cell.get_or_init(|| async {
            let ep = Endpoint::resolve(image.registry(), &self.mirrors)?;
            let repo = image.repository();
            let reference = image.digest.clone().or_else(|| image.tag.clone()).unwrap_or_else(|| "latest".to_string());
            let key = format!("platforms {} {repo} {reference}", ep.base);
            if let Some(v) = self.cached(&key).await {
                if let Ok(p) = serde_json::from_value::<Vec<String>>(v) {
                    return Ok(Arc::new(p));
                }
            }
            let p = self.client.platforms(&ep, &repo, &reference).await?;
            self.store(key, serde_json::json!(p));
            Ok(Arc::new(p))
        })
        .await
        .clone()
    }

    /// The bytes pulling `image` for linux on this machine's architecture downloads (its
    /// config and compressed layers, as its manifest says), cached like the other answers.
    pub async fn image_size(&self, image: &ImageRef) -> Result<u64, RegistryError> {
        let ep = Endpoint::resolve(image.registry(), &self.mirrors)?;
        let repo = image.repository();
        let reference = image.digest.clone().or_else(|| image.tag.clone()).unwrap_or_else(|| "latest".to_string());
        let native = native_platform();
        let arch = native.trim_start_matches("linux/");
        let key = format!("size {} {repo} {reference} {arch}", ep.base);
        if let Some(n) = self.cached(&key).await.and_then(|v| v.as_u64()) {
            return Ok(n);
        }
        let n = self.client.image_size(&ep, &repo, &reference, arch).await?;
        self.store(key, Value::from(n));
        Ok(n)
    }

    async fn digest(&self, ep: &Endpoint, repo: &str, tag: &str) -> Result<String, RegistryError> {
        let key = format!("digest {} {repo} {tag}", ep.base);
        if let Some(Value::String(d)) = self.cached(&key).await {
            return Ok(d);
        }
        let d = self.client.manifest_digest(ep, repo, tag).await?;
        self.store(key, Value::String(d.clone()));
        Ok(d)
    }

    async fn tags(&self, ep: &Endpoint, repo: &str) -> Result<Vec<String>, RegistryError> {
        let key = format!("tags {} {repo}", ep.base);
        if let Some(v) = self.cached(&key).await {
            if let Ok(t) = serde_json::from_value::<Vec<String>>(v) {
                return Ok(t);
            }
        }
        let t = self.client.tags(ep, repo).await?;
        self.store(key, serde_json::json!(t));
        Ok(t)
    }

    /// Disk reads run on the blocking pool: never on the async threads.
    async fn cached(&self, key: &str) -> Option<Value> {
        let (cache, key) = (self.cache.clone(), key.to_string());
        tokio::task::spawn_blocking(move || cache.get(&key)).await.ok().flatten()
    }

    fn store(&self, key: String, value: Value) {
        let cache = self.cache.clone();
        tokio::task::spawn_blocking(move || cache.put(&key, &value));
    }
}

/// Tags that may point at the same image as `tag`, best first: version tags of the same
/// family that extend its numbers (`7` → `7.2`, `7.2.4`; `latest` → every plain version),
/// most specific and newest first, at most `MAX_CANDIDATES`.
fn candidates(tag: &str, tags: &[String]) -> Vec<String> {
    let current = Version::parse(tag);
    let mut out: Vec<Version> = tags
        .iter()
        .filter(|t| t.as_str() != tag)
        .filter_map(|t| Version::parse(t))
        .filter(|v| match &current {
            Some(c) => v.same_family(c) && v.numbers.len() > c.numbers.len() && v.numbers.starts_with(&c.numbers),
            None => v.suffix.is_empty() && (v.prefix.is_empty() || v.prefix == "v"),
        })
        .collect();
    out.sort_by(|a, b| b.numbers.len().cmp(&a.numbers.len()).then_with(|| b.numbers.cmp(&a.numbers)));
    out.into_iter().take(MAX_CANDIDATES).map(|v| v.tag.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn candidates_extend_the_tag_in_its_family() {
        let tags = s(&["latest", "7", "7.2", "7.2.4", "7.2.3", "7.2.4-alpine", "6.2.1", "v8.0.0", "alpine"]);
        assert_eq!(candidates("latest", &tags), s(&["v8.0.0", "7.2.4", "7.2.3", "6.2.1", "7.2", "7"]));
        assert_eq!(candidates("7", &tags), s(&["7.2.4", "7.2.3", "7.2"]));
        assert_eq!(candidates("7-alpine", &tags), s(&["7.2.4-alpine"]));
        assert!(candidates("7.2.4", &tags).is_empty());
    }

    #[test]
    fn settings_from_config() {
        let (c, _) = Config::parse("[registry]\nonline = true\ntimeout = 0.5\n");
        let s = RegistrySettings::from_config(Some(&c), Some(false));
        assert!(s.online, "the project's setting wins");
        assert_eq!(s.timeout, Duration::from_millis(500));
        assert!(RegistrySettings::from_config(None, Some(true)).online);
        assert!(!RegistrySettings::from_config(None, None).online, "off unless asked");
    }
}
