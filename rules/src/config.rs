//! `.shipshape.toml`: which rules run, at what severity, and the registry settings.
//!
//! ```toml
//! preset = "strict"            # or "recommended" (the default)
//! select = ["latest-tag"]      # only these rules (syntax-error always runs)
//! ignore = ["root-user", "DL3013"]   # rule ids, or hadolint codes
//! fail-level = "warning"       # the CLI's default --fail-level
//! hadolint-pragmas = true      # honour `# hadolint ignore=` comments
//! trusted-registries = ["docker.io", "*.gcr.io"]   # untrusted-registry
//! strict-labels = false        # label-schema: only the labels listed below
//! [label-schema]
//! "org.opencontainers.image.version" = "semver"   # text|url|semver|hash|rfc3339|spdx|email
//! [severity]
//! latest-tag = "error"         # info | warning | error | off (rule ids or hadolint codes)
//! [registry]
//! online = true              # nothing is sent to a registry unless this is true
//! timeout = 10                # seconds per request
//! [registry.mirrors]
//! "docker.io" = "http://127.0.0.1:5000"
//! ```
//!
//! Found upwards from the checked file (the nearest one wins), read through [`FileSystem`].
//! Where no `.shipshape.toml` is found, the nearest `.hadolint.yaml`/`.hadolint.yml` is
//! read instead ([`Config::from_hadolint`]), so a project moving from hadolint keeps its
//! ignores, levels, trusted registries and label schema.

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
    /// The CLI's default `--fail-level` (info, warning, error, never).
    pub fail_level: Option<String>,
    /// `false`: `# hadolint ignore=` comments are not honoured.
    pub hadolint_pragmas: Option<bool>,
    pub options: crate::options::RuleOptions,
    /// `[format]`: what the formatter is asked for beyond its fixed layout.
    pub format: crate::format::Options,
}

/// Config file names, in the order they are looked for in each folder.
pub const HADOLINT_FILE_NAMES: [&str; 2] = [".hadolint.yaml", ".hadolint.yml"];

/// Is `id` a hadolint or ShellCheck code (`DL3008`, `SC2086`)?
pub fn is_foreign_code(id: &str) -> bool {
    let u = id.to_ascii_uppercase();
    u.is_ascii()
        && (u.starts_with("DL") || u.starts_with("SC"))
        && u.len() == 6
        && u[2..].bytes().all(|b| b.is_ascii_digit())
}

/// Is a hadolint code answered by some rule?
fn mapped_code(code: &str) -> bool {
    REGISTRY.iter().any(|r| r.meta().hadolint.iter().any(|c| c.eq_ignore_ascii_case(code)))
}

const FAIL_LEVELS: [&str; 4] = ["info", "warning", "error", "never"];

/// A problem in a config file: unknown keys and rule ids are warnings, bad TOML is an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub message: String,
    pub fatal: bool,
}

fn known_rule(id: &str) -> bool {
    REGISTRY.iter().any(|r| r.meta().id == id) || is_foreign_code(id)
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
                "fail-level" => match value.as_str() {
                    Some(l) if FAIL_LEVELS.contains(&l) => c.fail_level = Some(l.to_string()),
                    _ => warn(format!("`fail-level` must be info, warning, error or never, not {value}")),
                },
                "hadolint-pragmas" => match value.as_bool() {
                    Some(b) => c.hadolint_pragmas = Some(b),
                    None => warn(format!("`hadolint-pragmas` must be true or false, not {value}")),
                },
                "strict-labels" => match value.as_bool() {
                    Some(b) => c.options.strict_labels = b,
                    None => warn(format!("`strict-labels` must be true or false, not {value}")),
                },
                "trusted-registries" => match value.as_array() {
                    Some(items) => {
                        for i in items {
                            match i.as_str() {
                                Some(r) => c.options.trusted_registries.push(r.to_string()),
                                None => warn(format!("`trusted-registries` must list registry names, not {i}")),
                            }
                        }
                    }
                    None => warn("`trusted-registries` must be a list of registry names".into()),
                },
                "label-schema" => {
                    let Some(t) = value.as_table() else {
                        warn("`label-schema` must be a table: [label-schema] label = \"text\"".into());
                        continue;
                    };
                    for (label, kind) in t {
                        match kind.as_str().and_then(crate::options::LabelKind::parse) {
                            Some(k) => {
                                c.options.label_schema.insert(label.clone(), k);
                            }
                            None => warn(format!(
                                "label `{label}`: the form must be text, url, semver, hash, rfc3339, spdx or email, not {kind}"
                            )),
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
                "format" => {
                    let Some(t) = value.as_table() else {
                        warn("`format` must be a table".into());
                        continue;
                    };
                    for (k, v) in t {
                        match (k.as_str(), v.as_integer()) {
                            ("compose-indent", Some(n)) if (1..=8).contains(&n) => {
                                c.format.compose_indent = Some(n as usize);
                            }
                            ("compose-indent", _) => {
                                warn("`format.compose-indent` must be a number from 1 to 8".into())
                            }
                            ("split-run-chains", _) => match v.as_bool() {
                                Some(b) => c.format.split_run_chains = b,
                                None => warn("`format.split-run-chains` must be true or false".into()),
                            },
                            _ => warn(format!("unknown key `format.{k}`")),
                        }
                    }
                }
                other => {
                    let keys = [
                        "format",
                        "preset",
                        "select",
                        "ignore",
                        "severity",
                        "registry",
                        "fail-level",
                        "hadolint-pragmas",
                        "strict-labels",
                        "trusted-registries",
                        "label-schema",
                    ];
                    let hint = crate::util::did_you_mean(other, keys)
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    warn(format!("unknown key `{other}`{hint}"));
                }
            }
        }
        (c, issues)
    }

    /// Finds the config that applies in `dir`: the nearest `.shipshape.toml` in it or its
    /// ancestors, else the nearest `.hadolint.yaml`/`.hadolint.yml`.
    pub fn find(fs: &dyn FileSystem, dir: &Path) -> Option<PathBuf> {
        let is_file = |p: &PathBuf| fs.kind(p).is_ok_and(|k| k == crate::fs::EntryKind::File);
        dir.ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(is_file)
            .or_else(|| dir.ancestors().flat_map(|d| HADOLINT_FILE_NAMES.map(|n| d.join(n))).find(is_file))
    }

    /// Parses a config file found by [`find`](Config::find): hadolint's YAML or ours.
    pub fn parse_file(path: &Path, text: &str) -> (Config, Vec<ConfigIssue>) {
        if is_hadolint_file(path) {
            Config::from_hadolint(text)
        } else {
            Config::parse(text)
        }
    }

    /// The rule settings this config gives. hadolint codes in `ignore` and `[severity]`
    /// become per-code levels.
    pub fn settings(&self) -> Settings {
        let mut s = Settings {
            select: self.select.clone(),
            strict: self.strict,
            no_hadolint_pragmas: self.hadolint_pragmas == Some(false),
            options: self.options.clone(),
            ..Default::default()
        };
        for id in &self.ignore {
            if is_foreign_code(id) {
                s.codes.insert(id.to_ascii_uppercase(), None);
            } else {
                s.ignore.push(id.clone());
            }
        }
        for (id, level) in &self.severity {
            match (is_foreign_code(id), level) {
                (true, l) => {
                    s.codes.insert(id.to_ascii_uppercase(), *l);
                }
                (false, Some(l)) => {
                    s.severity.insert(id.clone(), *l);
                }
                (false, None) => s.ignore.push(id.clone()),
            }
        }
        s
    }

    /// Reads hadolint's configuration (`.hadolint.yaml`): `ignored`, `override`,
    /// `trustedRegistries`, `label-schema`, `strict-labels`, `failure-threshold`, `no-fail`
    /// and `disable-ignore-pragma`. hadolint's `style` level is our `info`. Keys that only
    /// shape hadolint's own output (`format`, `no-color`, `verbose`) are accepted and unused.
    pub fn from_hadolint(text: &str) -> (Config, Vec<ConfigIssue>) {
        use crate::syntax::yaml::{self, ScalarKind};
        let mut issues = Vec::new();
        let mut warn = |m: String| issues.push(ConfigIssue { message: m, fatal: false });
        let doc = yaml::parse(text);
        if let Some(e) = doc.errors.first() {
            let line = text[..e.range.start.min(text.len())].matches('\n').count() + 1;
            return (
                Config::default(),
                vec![ConfigIssue { message: format!("invalid YAML (line {line}): {}", e.message), fatal: true }],
            );
        }
        let mut c = Config::default();
        let Some(root) = doc.documents.first().filter(|d| !d.is_null()) else { return (c, issues) };
        let Some(map) = root.as_map() else {
            return (c, vec![ConfigIssue { message: "a hadolint config must be a mapping".into(), fatal: true }]);
        };
        // hadolint accepts a single string where it takes a list.
        let strings = |n: &yaml::Node| -> Vec<String> {
            match n.as_seq() {
                Some(items) => items.iter().filter_map(|i| i.as_str().map(str::to_string)).collect(),
                None => n.as_str().map(|s| vec![s.to_string()]).unwrap_or_default(),
            }
        };
        let boolean = |n: &yaml::Node| n.as_scalar().filter(|s| s.kind == ScalarKind::Bool).map(|s| s.text == "true");
        let code = |id: String, what: &str, warn: &mut dyn FnMut(String)| -> Option<String> {
            if !is_foreign_code(&id) {
                warn(format!("`{what}`: `{id}` is not a hadolint or ShellCheck code"));
                return None;
            }
            let id = id.to_ascii_uppercase();
            if id.starts_with("DL") && !mapped_code(&id) {
                warn(format!("`{what}`: no shipshape rule answers `{id}`"));
            }
            Some(id)
        };
        for e in map {
            let key = e.key.as_str().unwrap_or_default();
            match key {
                "ignored" => {
                    for id in strings(&e.value) {
                        if let Some(id) = code(id, "ignored", &mut warn) {
                            c.ignore.push(id);
                        }
                    }
                }
                "override" => {
                    for level in e.value.as_map().unwrap_or_default() {
                        let name = level.key.as_str().unwrap_or_default();
                        let sev = match name {
                            "error" => Some(Some(Severity::Error)),
                            "warning" => Some(Some(Severity::Warning)),
                            "info" | "style" => Some(Some(Severity::Info)),
                            "ignore" | "none" => Some(None),
                            _ => None,
                        };
                        let Some(sev) = sev else {
                            warn(format!("`override.{name}`: the levels are error, warning, info and style"));
                            continue;
                        };
                        for id in strings(&level.value) {
                            if let Some(id) = code(id, "override", &mut warn) {
                                c.severity.insert(id, sev);
                            }
                        }
                    }
                }
                "trustedRegistries" => c.options.trusted_registries = strings(&e.value),
                "label-schema" => {
                    for l in e.value.as_map().unwrap_or_default() {
                        let (Some(label), Some(kind)) = (l.key.as_str(), l.value.as_str()) else { continue };
                        match crate::options::LabelKind::parse(kind) {
                            Some(k) => {
                                c.options.label_schema.insert(label.to_string(), k);
                            }
                            None => warn(format!("`label-schema.{label}`: unknown form `{kind}`")),
                        }
                    }
                }
                "strict-labels" => c.options.strict_labels = boolean(&e.value).unwrap_or(false),
                "disable-ignore-pragma" => {
                    if boolean(&e.value) == Some(true) {
                        c.hadolint_pragmas = Some(false);
                    }
                }
                "failure-threshold" => match e.value.as_str() {
                    Some("error") => c.fail_level = Some("error".into()),
                    Some("warning") => c.fail_level = Some("warning".into()),
                    Some("info" | "style") => c.fail_level = Some("info".into()),
                    Some("ignore" | "none") => c.fail_level = Some("never".into()),
                    _ => warn("`failure-threshold` must be error, warning, info, style, ignore or none".into()),
                },
                "no-fail" => {
                    if boolean(&e.value) == Some(true) {
                        c.fail_level = Some("never".into());
                    }
                }
                "format" | "no-color" | "verbose" => {}
                other => warn(format!("unknown hadolint config key `{other}`")),
            }
        }
        (c, issues)
    }

    /// The `.shipshape.toml` that says the same as this config (for `shipshape init
    /// --from-hadolint`).
    pub fn to_toml(&self) -> String {
        let list = |v: &[String]| -> String {
            let items: Vec<String> = v.iter().map(|s| toml::Value::String(s.clone()).to_string()).collect();
            format!("[{}]", items.join(", "))
        };
        let mut out = String::new();
        if self.strict {
            out.push_str("preset = \"strict\"\n");
        }
        if let Some(s) = &self.select {
            out.push_str(&format!("select = {}\n", list(s)));
        }
        if !self.ignore.is_empty() {
            out.push_str(&format!("ignore = {}\n", list(&self.ignore)));
        }
        if let Some(l) = &self.fail_level {
            out.push_str(&format!("fail-level = \"{l}\"\n"));
        }
        if let Some(p) = self.hadolint_pragmas {
            out.push_str(&format!("hadolint-pragmas = {p}\n"));
        }
        if !self.options.trusted_registries.is_empty() {
            out.push_str(&format!("trusted-registries = {}\n", list(&self.options.trusted_registries)));
        }
        if self.options.strict_labels {
            out.push_str("strict-labels = true\n");
        }
        if !self.options.label_schema.is_empty() {
            out.push_str("\n[label-schema]\n");
            for (label, kind) in &self.options.label_schema {
                out.push_str(&format!("{} = \"{}\"\n", toml::Value::String(label.clone()), kind.as_str()));
            }
        }
        if !self.severity.is_empty() {
            out.push_str("\n[severity]\n");
            for (id, level) in &self.severity {
                out.push_str(&format!("{id} = \"{}\"\n", level.map_or("off", Severity::as_str)));
            }
        }
        out
    }
}

/// Is this a hadolint config file (by name)?
pub fn is_hadolint_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| HADOLINT_FILE_NAMES.contains(&n) || matches!(n, "hadolint.yaml" | "hadolint.yml"))
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
        assert_eq!(c.format.compose_indent, None);
        let (f, issues) = Config::parse("[format]\ncompose-indent = 2\nsplit-run-chains = true\n");
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(f.format.compose_indent, Some(2));
        assert!(f.format.split_run_chains);
        let (_, issues) = Config::parse("[format]\ncompose-indent = 0\nwidth = 3\n");
        assert_eq!(issues.len(), 2, "{issues:?}");
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

    #[test]
    fn hadolint_config_is_read() {
        let text = "ignored:\n  - DL3007\n  - SC2086\noverride:\n  error: [DL3006]\n  style:\n    - DL3020\ntrustedRegistries: docker.io\nlabel-schema:\n  author: text\n  version: semver\nstrict-labels: true\ndisable-ignore-pragma: true\nfailure-threshold: style\nformat: json\n";
        let (c, issues) = Config::from_hadolint(text);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(c.ignore, ["DL3007", "SC2086"]);
        assert_eq!(c.severity["DL3006"], Some(Severity::Error));
        assert_eq!(c.severity["DL3020"], Some(Severity::Info));
        assert_eq!(c.options.trusted_registries, ["docker.io"]);
        assert_eq!(c.options.label_schema["version"], crate::options::LabelKind::Semver);
        assert!(c.options.strict_labels);
        assert_eq!(c.hadolint_pragmas, Some(false));
        assert_eq!(c.fail_level.as_deref(), Some("info"));
        // The same config written as ours reads back the same.
        let (back, issues) = Config::parse(&c.to_toml());
        assert!(issues.is_empty(), "{issues:?}\n{}", c.to_toml());
        assert_eq!(back, c);
        let s = c.settings();
        assert_eq!(s.codes["DL3007"], None);
        assert_eq!(s.codes["DL3006"], Some(Severity::Error));
        assert!(s.no_hadolint_pragmas);
    }

    #[test]
    fn hadolint_config_problems() {
        let (_, issues) = Config::from_hadolint("ignored: [DL9999, latest-tag]\nnope: 1\n");
        let msgs: Vec<_> = issues.iter().map(|i| i.message.as_str()).collect();
        assert!(msgs.contains(&"`ignored`: no shipshape rule answers `DL9999`"), "{msgs:?}");
        assert!(msgs.contains(&"`ignored`: `latest-tag` is not a hadolint or ShellCheck code"), "{msgs:?}");
        assert!(msgs.contains(&"unknown hadolint config key `nope`"), "{msgs:?}");
        assert!(Config::from_hadolint("ignored: [\n").1[0].fatal);
        assert!(Config::from_hadolint("").1.is_empty());
    }

    #[test]
    fn ours_wins_over_hadolint_at_any_depth() {
        let fs = MemoryFs::new().with("/p/.hadolint.yml", "").with("/p/a/Dockerfile", "");
        assert_eq!(Config::find(&fs, Path::new("/p/a")), Some(PathBuf::from("/p/.hadolint.yml")));
        let fs = fs.with("/.shipshape.toml", "");
        assert_eq!(Config::find(&fs, Path::new("/p/a")), Some(PathBuf::from("/.shipshape.toml")));
    }

    #[test]
    fn codes_silence_relevel_and_turn_on() {
        use crate::analysis::check_dockerfile;
        let text = "FROM node:latest\nFROM redis\n";
        let (c, _) = Config::parse("ignore = [\"DL3007\"]\n[severity]\nDL3006 = \"error\"\n");
        let d = check_dockerfile(text, &c.settings());
        assert!(!d.iter().any(|d| d.rule == "latest-tag"));
        assert!(d.iter().any(|d| d.rule == "untagged-image" && d.severity == Severity::Error));
        // no-digest is off by default and maps no code: a code's level does not turn it on.
        assert!(!d.iter().any(|d| d.rule == "no-digest"));
    }
}
