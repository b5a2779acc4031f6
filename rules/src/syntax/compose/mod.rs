//! Compose files: the YAML tree plus a typed view of the service fields the rules use.
//!
//! The typed view is lenient: a field of the wrong shape is left out here (schema
//! validation is a rule's job), so one bad field never hides the rest of a service.

pub mod edit;
pub mod interpolation;
pub mod schema;
pub mod validate;

use std::ops::Range;

use super::yaml::{self, Entry, Node, Value, YamlError};

/// A string value with the range of the YAML node it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    pub value: String,
    pub range: Range<usize>,
    /// The scalar is written without quotes or escapes, so offsets inside `value`
    /// map 1:1 onto the source from `range.start + quote_len`.
    pub verbatim_offset: Option<usize>,
}

impl Str {
    pub fn from_node(n: &Node, source: &str) -> Option<Str> {
        let s = n.as_scalar()?;
        let raw = source.get(n.range.clone()).unwrap_or("");
        let verbatim_offset = if n.via_alias.is_some() {
            None
        } else if raw == s.text {
            Some(n.range.start)
        } else if raw.len() == s.text.len() + 2 && raw[1..raw.len() - 1] == s.text {
            Some(n.range.start + 1)
        } else {
            None
        };
        Some(Str { value: s.text.clone(), range: n.range.clone(), verbatim_offset })
    }

    /// Source range of a sub-range of `value`; the whole node when not verbatim.
    pub fn sub_range(&self, r: Range<usize>) -> Range<usize> {
        match self.verbatim_offset {
            Some(o) => o + r.start..o + r.end,
            None => self.range.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct ComposeFile {
    pub source: String,
    pub yaml: yaml::Yaml,
    pub version: Option<(Str, Range<usize>)>,
    pub name: Option<Str>,
    pub services: Vec<Service>,
    /// Top-level named volumes.
    pub volumes: Vec<Str>,
    pub includes: Vec<Str>,
}

#[derive(Debug, Clone, Default)]
pub struct Service {
    pub name: Str,
    /// The whole `name: {...}` entry.
    pub range: Range<usize>,
    pub image: Option<Str>,
    pub build: Option<Build>,
    pub ports: Vec<Port>,
    pub volumes: Vec<ServiceVolume>,
    pub depends_on: Vec<Dependency>,
    pub healthcheck: Option<Healthcheck>,
    pub resources: Option<Resources>,
    pub profiles: Vec<Str>,
    pub extends: Option<Extends>,
    pub labels: Vec<(Str, Option<Str>)>,
    pub env_file: Vec<Str>,
    pub links: Vec<Str>,
    /// `network_mode: service:x`, `volumes_from: [x]` and similar service references.
    pub service_refs: Vec<Str>,
    pub command: Option<Node>,
    pub container_name: Option<Str>,
    /// `x-*` keys of the service.
    pub extensions: Vec<Str>,
}

impl Default for Str {
    fn default() -> Self {
        Str { value: String::new(), range: 0..0, verbatim_offset: None }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Build {
    /// `build: ./dir` (short form) rather than a mapping.
    pub short: bool,
    pub range: Range<usize>,
    /// Range of the `build` key.
    pub key_range: Range<usize>,
    pub context: Option<Str>,
    pub dockerfile: Option<Str>,
    pub dockerfile_inline: Option<Str>,
    pub args: Vec<(Str, Option<Str>)>,
    pub target: Option<Str>,
    pub cache_from: Vec<Str>,
    pub cache_to: Vec<Str>,
    pub additional_contexts: Vec<(Str, Str)>,
    pub tags: Vec<Str>,
    pub platforms: Vec<Str>,
    pub labels: Vec<(Str, Option<Str>)>,
    pub secrets: Vec<Str>,
    pub network: Option<Str>,
    pub no_cache: Option<Str>,
    pub pull: Option<Str>,
}

#[derive(Debug, Clone)]
pub struct Port {
    pub range: Range<usize>,
    pub host_ip: Option<String>,
    /// Published (host) port or range, as written.
    pub published: Option<String>,
    pub target: String,
    pub protocol: String,
}

#[derive(Debug, Clone)]
pub struct ServiceVolume {
    pub range: Range<usize>,
    /// `volume`, `bind`, `tmpfs`, `npipe`, `cluster` or `image`.
    pub kind: String,
    pub source: Option<String>,
    pub target: Option<String>,
    pub read_only: bool,
}

#[derive(Debug, Clone)]
pub struct Dependency {
    pub service: Str,
    /// `service_started` (the short form), `service_healthy` or `service_completed_successfully`.
    pub condition: Option<Str>,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct Healthcheck {
    pub range: Range<usize>,
    pub test: Option<Node>,
    pub disabled: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Resources {
    pub range: Range<usize>,
    pub limits_memory: Option<Str>,
    pub limits_cpus: Option<Str>,
    pub reservations_memory: Option<Str>,
}

#[derive(Debug, Clone)]
pub struct Extends {
    pub range: Range<usize>,
    pub service: Str,
    pub file: Option<Str>,
}

/// Parses a Compose file. Never fails: YAML problems are in `yaml.errors`.
pub fn parse(source: &str) -> ComposeFile {
    parse_incremental(source, None).0
}

/// [`parse`] re-using the previous YAML tree (see [`yaml::parse_incremental`]).
pub fn parse_incremental(source: &str, old: Option<&yaml::Tree>) -> (ComposeFile, Option<yaml::Tree>) {
    let (yaml, tree) = yaml::parse_incremental(source, old);
    (from_yaml(source, yaml), tree)
}

fn from_yaml(source: &str, yaml: yaml::Yaml) -> ComposeFile {
    let mut file = ComposeFile {
        source: source.to_string(),
        version: None,
        name: None,
        services: Vec::new(),
        volumes: Vec::new(),
        includes: Vec::new(),
        yaml,
    };
    let Some(root) = file.yaml.documents.first() else { return file };
    let src = source;
    let s = |n: &Node| Str::from_node(n, src);
    if let Some(e) = root.entry("version") {
        if let Some(v) = s(&e.value) {
            file.version = Some((v, e.key.range.start..e.value.range.end));
        }
    }
    file.name = root.get("name").and_then(s);
    if let Some(map) = root.get("volumes").and_then(Node::as_map) {
        file.volumes = map.iter().filter_map(|e| s(&e.key)).collect();
    }
    if let Some(items) = root.get("include").and_then(Node::as_seq) {
        for it in items {
            match &it.value {
                Value::Scalar(_) => file.includes.extend(s(it)),
                Value::Map(_) => match it.get("path") {
                    Some(p) if p.as_seq().is_some() => {
                        file.includes.extend(p.as_seq().unwrap_or(&[]).iter().filter_map(s))
                    }
                    Some(p) => file.includes.extend(s(p)),
                    None => {}
                },
                _ => {}
            }
        }
    }
    if let Some(services) = root.get("services").and_then(Node::as_map) {
        file.services = services.iter().filter_map(|e| service(e, src)).collect();
    }
    file
}

impl ComposeFile {
    pub fn root(&self) -> Option<&Node> {
        self.yaml.documents.first()
    }

    pub fn errors(&self) -> &[YamlError] {
        &self.yaml.errors
    }

    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name.value == name)
    }
}

fn strs(n: Option<&Node>, src: &str) -> Vec<Str> {
    match n {
        Some(n) => match &n.value {
            Value::Seq(items) => items.iter().filter_map(|i| Str::from_node(i, src)).collect(),
            Value::Scalar(_) => Str::from_node(n, src).into_iter().collect(),
            _ => Vec::new(),
        },
        None => Vec::new(),
    }
}

/// A mapping (`K: V`) or list (`K=V`) of pairs, as used by labels, args and environment.
fn pairs(n: Option<&Node>, src: &str) -> Vec<(Str, Option<Str>)> {
    let Some(n) = n else { return Vec::new() };
    match &n.value {
        Value::Map(entries) => {
            entries.iter().filter_map(|e| Some((Str::from_node(&e.key, src)?, Str::from_node(&e.value, src)))).collect()
        }
        Value::Seq(items) => items
            .iter()
            .filter_map(|i| {
                let item = Str::from_node(i, src)?;
                Some(match item.value.split_once('=') {
                    Some((k, v)) => {
                        let klen = k.len();
                        let key = Str {
                            value: k.to_string(),
                            range: item.sub_range(0..klen),
                            verbatim_offset: item.verbatim_offset,
                        };
                        let vo = item.verbatim_offset.map(|o| o + klen + 1);
                        let val = Str {
                            value: v.to_string(),
                            range: item.sub_range(klen + 1..item.value.len()),
                            verbatim_offset: vo,
                        };
                        (key, Some(val))
                    }
                    None => (item, None),
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

fn service(e: &Entry, src: &str) -> Option<Service> {
    let name = Str::from_node(&e.key, src)?;
    let n = &e.value;
    let s = |n: &Node| Str::from_node(n, src);
    let get = |k: &str| n.get(k);
    let mut svc = Service {
        name,
        range: e.key.range.start..e.value.range.end.max(e.key.range.end),
        image: get("image").and_then(s),
        container_name: get("container_name").and_then(s),
        profiles: strs(get("profiles"), src),
        labels: pairs(get("labels"), src),
        env_file: match get("env_file") {
            Some(Node { value: Value::Seq(items), .. }) => {
                items.iter().filter_map(|i| i.get("path").map_or_else(|| s(i), s)).collect()
            }
            other => strs(other, src),
        },
        links: strs(get("links"), src),
        command: get("command").cloned(),
        ..Default::default()
    };
    if let Some(map) = n.as_map() {
        svc.extensions = map.iter().filter_map(|e| s(&e.key)).filter(|k| k.value.starts_with("x-")).collect();
    }
    if let Some(be) = n.entry("build") {
        svc.build = Some(build(be, src));
    }
    if let Some(ports) = get("ports").and_then(Node::as_seq) {
        svc.ports = ports.iter().filter_map(|p| port(p, src)).collect();
    }
    if let Some(vols) = get("volumes").and_then(Node::as_seq) {
        svc.volumes = vols.iter().filter_map(volume).collect();
    }
    match get("depends_on").map(|d| &d.value) {
        Some(Value::Seq(items)) => {
            svc.depends_on = items
                .iter()
                .filter_map(|i| Some(Dependency { service: s(i)?, condition: None, required: true }))
                .collect();
        }
        Some(Value::Map(entries)) => {
            svc.depends_on = entries
                .iter()
                .filter_map(|d| {
                    Some(Dependency {
                        service: s(&d.key)?,
                        condition: d.value.get("condition").and_then(s),
                        required: d.value.get("required").and_then(Node::as_str) != Some("false"),
                    })
                })
                .collect();
        }
        _ => {}
    }
    if let Some(hc) = get("healthcheck") {
        svc.healthcheck = Some(Healthcheck {
            range: hc.range.clone(),
            test: hc.get("test").cloned(),
            disabled: hc.get("disable").and_then(Node::as_str) == Some("true")
                || hc.get("test").and_then(Node::as_seq).and_then(|t| t.first()).and_then(Node::as_str) == Some("NONE"),
        });
    }
    let limits = get("deploy").and_then(|d| d.get("resources"));
    if limits.is_some() || get("mem_limit").is_some() || get("cpus").is_some() {
        let r = limits.map_or(0..0, |l| l.range.clone());
        let lim = limits.and_then(|l| l.get("limits"));
        svc.resources = Some(Resources {
            range: r,
            limits_memory: lim.and_then(|l| l.get("memory")).and_then(s).or_else(|| get("mem_limit").and_then(s)),
            limits_cpus: lim.and_then(|l| l.get("cpus")).and_then(s).or_else(|| get("cpus").and_then(s)),
            reservations_memory: limits
                .and_then(|l| l.get("reservations"))
                .and_then(|r| r.get("memory"))
                .and_then(s)
                .or_else(|| get("mem_reservation").and_then(s)),
        });
    }
    if let Some(ext) = get("extends") {
        let (service, file) = match &ext.value {
            Value::Scalar(_) => (s(ext), None),
            _ => (ext.get("service").and_then(s), ext.get("file").and_then(s)),
        };
        if let Some(service) = service {
            svc.extends = Some(Extends { range: ext.range.clone(), service, file });
        }
    }
    for key in ["network_mode", "pid", "ipc"] {
        if let Some(v) = get(key).and_then(s) {
            if let Some(rest) = v.value.strip_prefix("service:") {
                let off = "service:".len();
                svc.service_refs.push(Str {
                    value: rest.to_string(),
                    range: v.sub_range(off..v.value.len()),
                    verbatim_offset: v.verbatim_offset.map(|o| o + off),
                });
            }
        }
    }
    for v in strs(get("volumes_from"), src) {
        if v.value.starts_with("container:") {
            continue;
        }
        let name_len = v.value.split(':').next().unwrap_or("").len();
        svc.service_refs.push(Str {
            value: v.value[..name_len].to_string(),
            range: v.sub_range(0..name_len),
            verbatim_offset: v.verbatim_offset,
        });
    }
    Some(svc)
}

fn build(e: &Entry, src: &str) -> Build {
    let n = &e.value;
    let s = |n: &Node| Str::from_node(n, src);
    let mut b = Build { range: n.range.clone(), key_range: e.key.range.clone(), ..Default::default() };
    if let Some(ctx) = s(n) {
        b.short = true;
        b.context = Some(ctx);
        return b;
    }
    let get = |k: &str| n.get(k);
    b.context = get("context").and_then(s);
    b.dockerfile = get("dockerfile").and_then(s);
    b.dockerfile_inline = get("dockerfile_inline").and_then(s);
    b.args = pairs(get("args"), src);
    b.target = get("target").and_then(s);
    b.cache_from = strs(get("cache_from"), src);
    b.cache_to = strs(get("cache_to"), src);
    b.additional_contexts =
        pairs(get("additional_contexts"), src).into_iter().filter_map(|(k, v)| Some((k, v?))).collect();
    b.tags = strs(get("tags"), src);
    b.platforms = strs(get("platforms"), src);
    b.labels = pairs(get("labels"), src);
    b.secrets = match get("secrets").and_then(Node::as_seq) {
        Some(items) => items.iter().filter_map(|i| i.get("source").map_or_else(|| s(i), s)).collect(),
        None => Vec::new(),
    };
    b.network = get("network").and_then(s);
    b.no_cache = get("no_cache").and_then(s);
    b.pull = get("pull").and_then(s);
    b
}

/// Parses a port in either form. Short: `[[ip:]published:]target[/protocol]`.
fn port(n: &Node, src: &str) -> Option<Port> {
    if let Some(map) = n.as_map() {
        let get =
            |k: &str| map.iter().find(|e| e.key.as_str() == Some(k)).and_then(|e| e.value.as_str()).map(str::to_string);
        return Some(Port {
            range: n.range.clone(),
            host_ip: get("host_ip"),
            published: get("published"),
            target: get("target")?,
            protocol: get("protocol").unwrap_or_else(|| "tcp".into()),
        });
    }
    let text = Str::from_node(n, src)?.value;
    // Separators inside `${...}` (`${PORT:-8080}:80`) belong to the variable.
    let (spec, protocol) = match split_unbraced(&text, '/').as_slice() {
        [.., p] if text.len() > p.len() => (text[..text.len() - p.len() - 1].to_string(), p.to_string()),
        _ => (text.clone(), "tcp".to_string()),
    };
    // An IPv6 host address is bracketed: `[::1]:8080:80`.
    let (host_ip, rest) = if let Some(stripped) = spec.strip_prefix('[') {
        let (ip, rest) = stripped.split_once(']')?;
        (Some(ip.to_string()), rest.trim_start_matches(':').to_string())
    } else {
        (None, spec)
    };
    let parts = split_unbraced(&rest, ':');
    let (ip, published, target) = match parts.as_slice() {
        [t] => (None, None, *t),
        [p, t] => (None, Some(*p), *t),
        [ip, p, t] => (Some(*ip), Some(*p), *t),
        _ => return None,
    };
    Some(Port {
        range: n.range.clone(),
        host_ip: host_ip.or(ip.map(str::to_string)).filter(|s| !s.is_empty()),
        published: published.filter(|p| !p.is_empty()).map(str::to_string),
        target: target.to_string(),
        protocol,
    })
}

/// Splits `s` at `sep`, except inside `${...}` interpolations.
pub fn split_unbraced(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut prev = '\0';
    for (i, c) in s.char_indices() {
        match c {
            '{' if prev == '$' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            c if c == sep && depth == 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
        prev = c;
    }
    out.push(&s[start..]);
    out
}

/// Parses a service volume. Short: `source:target[:mode]`; a source that starts with
/// `.`, `/` or `~` is a bind mount, otherwise a named volume.
fn volume(n: &Node) -> Option<ServiceVolume> {
    if let Some(map) = n.as_map() {
        let get =
            |k: &str| map.iter().find(|e| e.key.as_str() == Some(k)).and_then(|e| e.value.as_str()).map(str::to_string);
        return Some(ServiceVolume {
            range: n.range.clone(),
            kind: get("type").unwrap_or_else(|| "volume".into()),
            source: get("source"),
            target: get("target"),
            read_only: get("read_only").as_deref() == Some("true"),
        });
    }
    let text = n.as_str()?;
    let parts = split_unbraced(text, ':');
    let (source, target, mode) = match parts.as_slice() {
        [t] => (None, Some(*t), None),
        [s, t] => (Some(*s), Some(*t), None),
        // Windows drive letters (`C:\data:/data`) split into one more part.
        [d, s, t] if d.len() == 1 && s.starts_with('\\') => (None, Some(*t), None),
        [s, t, m, ..] => (Some(*s), Some(*t), Some(*m)),
        _ => return None,
    };
    let kind = match source {
        None => "volume",
        Some(s) if s.starts_with(['.', '/', '~', '$']) || s.contains('/') => "bind",
        Some(_) => "volume",
    };
    Some(ServiceVolume {
        range: n.range.clone(),
        kind: kind.to_string(),
        source: source.map(str::to_string),
        target: target.map(str::to_string),
        read_only: mode.is_some_and(|m| m.split(',').any(|x| x == "ro")),
    })
}

#[cfg(test)]
mod tests;
