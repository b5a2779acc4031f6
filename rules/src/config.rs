//! `.shipshape.toml`: which rules run, at what severity, and the registry settings.
//!
//! ```toml
//! preset = "strict"            # or "recommended" (the default)
//! select = ["latest-tag"]      # only these rules (syntax-error always runs)
//! ignore = ["root-user"]
//! [severity]
//! latest-tag = "error"         # info | warning | error | off
//! [registry]
//! online = true              # nothing is sent to a registry unless this is true
//! timeout = 10                # seconds per request
//! [registry.mirrors]
//! "docker.io" = "http://127.0.0.1:5000"
//! ```
//!
//! Found upwards from the checked file (the nearest one wins), read through [`FileSystem`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::analysis::Settings;
use crate::diagnostic::Severity;
use crate::fs::FileSystem;
use crate::rules::REGISTRY;

pub const FILE_NAME: &str = ".shipshape.toml";

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub strict: bool,
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    /// `None` for "off".
    pub severity: BTreeMap<String, Option<Severity>>,
    pub registry_online: Option<bool>,
    pub mirrors: BTreeMap<String, String>,
    /// Seconds a registry request may take (`[registry] timeout`).
    pub registry_timeout: Option<f64>,
}

/// A problem in a config file: unknown keys and rule ids are warnings, bad TOML is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub message: String,
    pub fatal: bool,
}

fn known_rule(id: &str) -> bool {
    REGISTRY.iter().any(|r| r.meta().id == id)
}

fn unknown_rule_message(id: &str, key: &str) -> String {
    let hint = crate::util::did_you_mean(id, REGISTRY.iter().map(|r| r.meta().id))
        .map(|s| format!(" (did you mean `{s}`?)"))
        .unwrap_or_default();
    format!("unknown rule `{id}` in `{key}`{hint}")
}

impl Config {
    /// Parses config text. Returns the config (defaults where the text is unusable) and issues.
    pub fn parse(text: &str) -> (Config, Vec<ConfigIssue>) {
        let mut issues = Vec::new();
        let mut warn = |m: String| issues.push(ConfigIssue { message: m, fatal: false });
        let table: toml::Table = match text.parse() {
            Ok(t) => t,
            Err(e) => {
                let msg = e.to_string().lines().next().unwrap_or("invalid TOML").trim().to_string();
                let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
                let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
                return (
                    Config::default(),
                    vec![ConfigIssue { message: format!("invalid TOML{at}: {msg}"), fatal: true }],
                );
            }
        };
        let mut c = Config::default();
        let rule_list = |key: &str, v: &toml::Value, warn: &mut dyn FnMut(String)| -> Vec<String> {
            let Some(items) = v.as_array() else {
                warn(format!("`{key}` must be a list of rule ids"));
                return Vec::new();
            };
            items
                .iter()
                .filter_map(|i| {
                    let id = i.as_str()?;
                    if !known_rule(id) {
                        warn(unknown_rule_message(id, key));
                    }
                    Some(id.to_string())
                })
                .collect()
        };
        for (key, value) in &table {
            match key.as_str() {
                "preset" => match value.as_str() {
                    Some("strict") => c.strict = true,
                    Some("recommended") => c.strict = false,
                    _ => warn(format!("`preset` must be \"recommended\" or \"strict\", not {value}")),
                },
                "select" => c.select = Some(rule_list("select", value, &mut warn)),
                "ignore" => c.ignore = rule_list("ignore", value, &mut warn),
                "severity" => {
                    let Some(t) = value.as_table() else {
                        warn("`severity` must be a table: [severity] rule-id = \"warning\"".into());
                        continue;
                    };
                    for (id, level) in t {
                        if !known_rule(id) {
                            warn(unknown_rule_message(id, "severity"));
                        }
                        match level.as_str() {
                            Some("off") => {
                                c.severity.insert(id.clone(), None);
                            }
                            Some(l) if Severity::parse(l).is_some() => {
                                c.severity.insert(id.clone(), Severity::parse(l));
                            }
                            _ => warn(format!("severity of `{id}` must be info, warning, error or off, not {level}")),
                        }
                    }
                }
                "registry" => {
                    let Some(t) = value.as_table() else {
                        warn("`registry` must be a table".into());
                        continue;
                    };
                    for (k, v) in t {
                        match (k.as_str(), v) {
                            ("online", toml::Value::Boolean(b)) => c.registry_online = Some(*b),
                            ("timeout", v)
                                if v.as_float().or(v.as_integer().map(|i| i as f64)).is_some_and(|t| t > 0.0) =>
                            {
                                c.registry_timeout = v.as_float().or(v.as_integer().map(|i| i as f64));
                            }
                            ("mirrors", toml::Value::Table(m)) => {
                                for (host, url) in m {
                                    match url.as_str() {
                                        Some(u) => {
                                            c.mirrors.insert(host.clone(), u.to_string());
                                        }
                                        None => warn(format!("mirror for `{host}` must be a URL string")),
                                    }
                                }
                            }
                            _ => warn(format!("unknown or invalid key `registry.{k}`")),
                        }
                    }
                }
                other => {
                    let hint = crate::util::did_you_mean(other, ["preset", "select", "ignore", "severity", "registry"])
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    warn(format!("unknown key `{other}`{hint}"));
                }
            }
        }
        (c, issues)
    }

    /// Finds the nearest `.shipshape.toml` in `dir` or its ancestors.
    pub fn find(fs: &dyn FileSystem, dir: &Path) -> Option<PathBuf> {
        dir.ancestors().map(|d| d.join(FILE_NAME)).find(|p| fs.kind(p).is_ok_and(|k| k == crate::fs::EntryKind::File))
    }

    /// The rule settings this config gives.
    pub fn settings(&self) -> Settings {
        let mut s = Settings {
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            strict: self.strict,
            ..Default::default()
        };
        for (id, level) in &self.severity {
            match level {
                Some(l) => {
                    s.severity.insert(id.clone(), *l);
                }
                None => s.ignore.push(id.clone()),
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fs::MemoryFs;

    #[test]
    fn parses_all_keys() {
        let (c, issues) = Config::parse(
            "preset = \"strict\"\nignore = [\"latest-tag\"]\n[severity]\nuntagged-image = \"error\"\nno-digest = \"off\"\n[registry]\nonline = true\n[registry.mirrors]\n\"docker.io\" = \"http://127.0.0.1:5000\"\n",
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert!(c.strict);
        assert_eq!(c.ignore, ["latest-tag"]);
        assert_eq!(c.severity["untagged-image"], Some(Severity::Error));
        assert_eq!(c.registry_online, Some(true));
        assert_eq!(c.mirrors["docker.io"], "http://127.0.0.1:5000");
        let s = c.settings();
        assert!(s.ignore.contains(&"no-digest".to_string()));
    }

    #[test]
    fn unknown_ids_and_keys_warn() {
        let (_, issues) = Config::parse("ignore = [\"latest-tags\"]\nselct = []\n[severity]\nnope = \"loud\"\n");
        let msgs: Vec<_> = issues.iter().map(|i| i.message.as_str()).collect();
        assert!(msgs.contains(&"unknown rule `latest-tags` in `ignore` (did you mean `latest-tag`?)"), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.starts_with("unknown key `selct` (did you mean `select`?)")), "{msgs:?}");
        assert!(msgs.iter().any(|m| m.contains("severity of `nope`")), "{msgs:?}");
        assert!(issues.iter().all(|i| !i.fatal));
    }

    #[test]
    fn bad_toml_is_fatal_with_a_line() {
        let (_, issues) = Config::parse("preset = \"strict\"\nignore = [\n");
        assert!(issues[0].fatal);
        assert!(issues[0].message.starts_with("invalid TOML (line"), "{}", issues[0].message);
    }

    #[test]
    fn found_upwards() {
        let fs = MemoryFs::new().with("/p/.shipshape.toml", "").with("/p/a/b/Dockerfile", "");
        assert_eq!(Config::find(&fs, Path::new("/p/a/b")), Some(PathBuf::from("/p/.shipshape.toml")));
        assert_eq!(Config::find(&fs, Path::new("/q")), None);
    }
}
