//! The on-disk answer cache: one small JSON file per question under
//! `$XDG_CACHE_HOME/shipshape/registry` (else `~/.cache/…`), trusted for a TTL. A missing,
//! stale, corrupt or unwritable cache only means asking the registry again.

use std::path::PathBuf;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub struct DiskCache {
    dir: Option<PathBuf>,
    ttl: Duration,
}

impl DiskCache {
    pub fn new(ttl: Duration) -> DiskCache {
        let base = std::env::var_os("XDG_CACHE_HOME")
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")));
        DiskCache { dir: base.map(|b| b.join("shipshape").join("registry")), ttl }
    }

    fn path(&self, key: &str) -> Option<PathBuf> {
        let hash = format!("{:x}", Sha256::digest(key.as_bytes()));
        Some(self.dir.as_ref()?.join(format!("{}.json", &hash[..32])))
    }

    /// The value stored for `key` if it is younger than the TTL.
    pub fn get(&self, key: &str) -> Option<Value> {
        let path = self.path(key)?;
        let meta = std::fs::metadata(&path).ok()?;
        if !meta.is_file() || meta.len() > 16 << 20 {
            return None;
        }
        let v: Value = serde_json::from_slice(&std::fs::read(&path).ok()?).ok()?;
        // The key is stored too: a hash collision must not answer the wrong question.
        if v.get("key")?.as_str()? != key {
            return None;
        }
        let age = now().checked_sub(v.get("at")?.as_u64()?)?;
        (age < self.ttl.as_secs()).then(|| v.get("value").cloned()).flatten()
    }

    /// Stores atomically (a temp file renamed over the old one); failures are ignored.
    pub fn put(&self, key: &str, value: &Value) {
        let Some(path) = self.path(key) else { return };
        let Some(dir) = path.parent() else { return };
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
        let tmp = dir.join(format!(".{}.{}.tmp", std::process::id(), now_nanos()));
        let body = json!({ "key": key, "at": now(), "value": value }).to_string();
        if std::fs::write(&tmp, body).is_ok() && std::fs::rename(&tmp, &path).is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn now_nanos() -> u128 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_expiry() {
        let dir = tempfile::tempdir().unwrap();
        let c = DiskCache { dir: Some(dir.path().to_path_buf()), ttl: Duration::from_secs(60) };
        assert_eq!(c.get("a"), None);
        c.put("a", &json!(["x"]));
        assert_eq!(c.get("a"), Some(json!(["x"])));
        assert_eq!(c.get("b"), None);
        let stale = DiskCache { dir: Some(dir.path().to_path_buf()), ttl: Duration::ZERO };
        assert_eq!(stale.get("a"), None);
        // Corrupt files are misses, not errors.
        std::fs::write(c.path("a").unwrap(), b"\xff not json").unwrap();
        assert_eq!(c.get("a"), None);
    }

    #[test]
    fn an_unwritable_cache_is_only_a_miss() {
        let c = DiskCache { dir: Some(PathBuf::from("/proc/shipshape-no-such-dir")), ttl: Duration::from_secs(60) };
        c.put("a", &json!(1));
        assert_eq!(c.get("a"), None);
    }
}
