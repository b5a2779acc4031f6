//! Checks a Compose file against our model of the specification ([`super::schema`]):
//! keys the specification doesn't define at their place, and values of the wrong type or
//! format. Values with `${...}` are judged by what they resolve to; when a variable is
//! unknown the value is left alone.

use std::collections::HashSet;
use std::net::IpAddr;
use std::ops::Range;

use super::interpolation;
use super::schema::{KeySpec, Ty, ROOT};
use super::ComposeFile;
use crate::syntax::yaml::{Node, ScalarKind, Value};
use crate::util::did_you_mean;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A key the specification doesn't define here; `suggestion` is a close known key
    /// that the mapping doesn't already have.
    UnknownKey {
        suggestion: Option<&'static str>,
    },
    InvalidValue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    /// The key (unknown keys) or the value (invalid values).
    pub range: Range<usize>,
    pub message: String,
}

/// Validates the first document of `file`.
pub fn validate(file: &ComposeFile, env: &dyn Fn(&str) -> Option<String>) -> Vec<Problem> {
    let Some(root) = file.root() else { return Vec::new() };
    if !matches!(root.value, Value::Map(_)) {
        // An empty or broken document is the YAML layer's to report.
        return Vec::new();
    }
    let mut w = Walker { env, path: Vec::new(), out: Vec::new(), seen: HashSet::new() };
    w.value(root, ROOT, false);
    w.out
}

struct Walker<'a> {
    env: &'a dyn Fn(&str) -> Option<String>,
    /// Keys and list indexes from the top (`services`, `web`, `ports`, `[0]`).
    path: Vec<String>,
    out: Vec<Problem>,
    /// Values copied by anchors are checked at each use; report each place once.
    seen: HashSet<(usize, usize)>,
}

impl Walker<'_> {
    /// `copied`: the node was written elsewhere (an anchor reached by `*alias` or `<<`).
    fn value(&mut self, node: &Node, ty: Ty, copied: bool) {
        let copied = copied || node.via_alias.is_some();
        if node.is_null() || matches!(node.value, Value::Invalid) {
            return;
        }
        match ty {
            Ty::Any => {}
            Ty::Map(keys) => match node.as_map() {
                Some(_) => self.map(node, keys, copied),
                None => self.mismatch(node, ty),
            },
            Ty::Dict(inner) => match node.as_map() {
                Some(entries) => {
                    for e in entries {
                        let Some(name) = e.key.as_str() else { continue };
                        self.path.push(name.to_string());
                        self.value(&e.value, *inner, copied || e.merged_from.is_some());
                        self.path.pop();
                    }
                }
                None => self.mismatch(node, ty),
            },
            Ty::List(inner) => match node.as_seq() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.path.push(format!("[{i}]"));
                        self.value(item, *inner, copied);
                        self.path.pop();
                    }
                }
                None => self.mismatch(node, ty),
            },
            Ty::OneOf(alts) => self.one_of(node, alts, copied),
            _ => match node.as_scalar() {
                Some(_) => {
                    if let Some(msg) = self.scalar(node, ty) {
                        self.invalid(node, msg);
                    }
                }
                None => self.mismatch(node, ty),
            },
        }
    }

    fn map(&mut self, node: &Node, keys: &'static [KeySpec], copied: bool) {
        let Some(entries) = node.as_map() else { return };
        for e in entries {
            let Some(name) = e.key.as_str() else { continue };
            // Extensions are free-form; keys are not interpolated, so one with `$` is
            // half-typed or templated and not ours to judge.
            if name.starts_with("x-") || name.contains('$') {
                continue;
            }
            let copied = copied || e.merged_from.is_some() || e.key.via_alias.is_some();
            match keys.iter().find(|s| s.name == name) {
                Some(spec) => {
                    self.path.push(name.to_string());
                    self.value(&e.value, spec.ty, copied);
                    self.path.pop();
                }
                // Report only keys written here, not ones copied in from an anchor.
                None if !copied => {
                    // Compose file format v1: services at the top level, no `services:`.
                    let v1_service = self.path.is_empty()
                        && !entries.iter().any(|o| o.key.as_str() == Some("services"))
                        && e.value.get("image").or_else(|| e.value.get("build")).is_some();
                    // A rename must not make a key the mapping has, or one that another
                    // unknown key here would be renamed to as well.
                    let suggest = |n: &str| did_you_mean(n, keys.iter().map(|s| s.name));
                    let suggestion = suggest(name).filter(|s| {
                        !v1_service
                            && !entries.iter().any(|o| o.key.as_str() == Some(s))
                            && !entries
                                .iter()
                                .filter_map(|o| o.key.as_str())
                                .any(|o| o != name && !keys.iter().any(|k| k.name == o) && suggest(o) == Some(*s))
                    });
                    let mut message = format!("unknown key `{name}` {}", self.place());
                    if v1_service {
                        message.push_str(
                            " (a service in the Compose file format v1, which docker compose no longer reads: put it under `services:`)",
                        );
                    } else if let Some(s) = suggestion {
                        message.push_str(&format!(" (did you mean `{s}`?)"));
                    } else if let Some(home) = nested_home(keys, name) {
                        message.push_str(&format!(" (it belongs under `{home}`)"));
                    }
                    self.out.push(Problem {
                        kind: ProblemKind::UnknownKey { suggestion },
                        range: e.key.range.clone(),
                        message,
                    });
                }
                None => {}
            }
        }
    }

    /// Picks the alternative that fits the node's shape.
    fn one_of(&mut self, node: &Node, alts: &'static [Ty], copied: bool) {
        let fits = |t: &Ty| match &node.value {
            Value::Map(_) => matches!(t, Ty::Map(_) | Ty::Dict(_) | Ty::Any),
            Value::Seq(_) => matches!(t, Ty::List(_) | Ty::Any),
            _ => !matches!(t, Ty::Map(_) | Ty::Dict(_) | Ty::List(_) | Ty::OneOf(_)),
        };
        let candidates: Vec<Ty> = alts.iter().copied().filter(fits).collect();
        match candidates.as_slice() {
            [] => self.mismatch(node, Ty::OneOf(alts)),
            [one] => self.value(node, *one, copied),
            many => {
                // Several scalar forms (`count: 2` or `count: all`): any may match.
                if many.iter().any(|t| self.scalar(node, *t).is_none()) {
                    return;
                }
                let expected = join_or(many.iter().map(|t| expected(*t)));
                let shown = shown(node, &self.resolve(node).map(|r| r.0).unwrap_or_default());
                self.invalid(node, format!("must be {expected}, not {shown}"));
            }
        }
    }

    /// The interpolated text of a string scalar: `None` when it can't be known.
    /// The flag says whether the text had `$` in it.
    fn resolve(&self, node: &Node) -> Option<(String, bool)> {
        let s = node.as_scalar()?;
        if s.kind != ScalarKind::Str || !s.text.contains('$') {
            return Some((s.text.clone(), false));
        }
        let r = interpolation::interpolate(&s.text, self.env);
        // Unknown variables, broken `${`, or an empty result (an unset optional setting)
        // are not ours to judge.
        if !r.unknown.is_empty() || !interpolation::find(&s.text).1.is_empty() || r.value.is_empty() {
            return None;
        }
        Some((r.value, true))
    }

    /// Checks a scalar against a scalar type; the problem, if any.
    fn scalar(&self, node: &Node, ty: Ty) -> Option<String> {
        let s = node.as_scalar()?;
        let (text, interpolated) = self.resolve(node)?;
        let kind = s.kind;
        let is_str = kind == ScalarKind::Str;
        let quote = |t: &str| if interpolated { format!("`{}` (from `{}`)", t, s.text) } else { format!("`{t}`") };
        let wrong = || Some(format!("must be {}, not {}", expected(ty), kind_name(kind)));
        let origin = |e: String| if interpolated { format!("{e} (`{}` resolves to `{text}`)", s.text) } else { e };
        match ty {
            Ty::Any | Ty::Scalar => None,
            Ty::Str => (!is_str).then(|| {
                format!("must be a string, not {}; quote it: `\"{}\"`", kind_name(kind), s.text)
            }),
            Ty::StrOrNum => (kind == ScalarKind::Bool).then(|| "must be a string or a number, not a boolean".into()),
            Ty::Int => match kind {
                ScalarKind::Int => None,
                ScalarKind::Str if text.trim().parse::<i64>().is_ok() => None,
                ScalarKind::Str => Some(format!("{} is not an integer", quote(&text))),
                _ => wrong(),
            },
            Ty::Number => match kind {
                ScalarKind::Int | ScalarKind::Float => None,
                ScalarKind::Str if text.trim().parse::<f64>().is_ok() => None,
                ScalarKind::Str => Some(format!("{} is not a number", quote(&text))),
                _ => wrong(),
            },
            Ty::Bool => match kind {
                ScalarKind::Bool => None,
                ScalarKind::Str if is_bool_word(&text) => None,
                ScalarKind::Str => Some(format!("{} is not a boolean; use `true` or `false`", quote(&text))),
                _ => wrong(),
            },
            Ty::Duration => match kind {
                ScalarKind::Str if is_duration(&text) => None,
                ScalarKind::Str => {
                    Some(format!("{} is not a duration; write a number with a unit, such as `30s` or `1m30s`", quote(&text)))
                }
                ScalarKind::Int | ScalarKind::Float => Some(format!(
                    "must be a duration with a unit, such as `{}s`, not the bare number `{}`",
                    s.text, s.text
                )),
                _ => wrong(),
            },
            Ty::Bytes => match kind {
                ScalarKind::Int | ScalarKind::Float => None,
                ScalarKind::Str if is_byte_size(&text) => None,
                ScalarKind::Str => {
                    Some(format!("{} is not a size; write bytes or a number with a unit, such as `512m` or `2g`", quote(&text)))
                }
                _ => wrong(),
            },
            Ty::Enum(values) => {
                if is_str && values.contains(&text.as_str()) {
                    return None;
                }
                let what = if is_str { quote(&text) } else { kind_name(kind).to_string() };
                let one_of = if values.len() > 1 { "one of " } else { "" };
                Some(format!("{what} is not {one_of}{}", join_or(values.iter().map(|v| format!("`{v}`")))))
            }
            Ty::Restart => match kind {
                // `restart: ""` is no policy: docker compose sets none (the engine's `no`).
                ScalarKind::Str if text.is_empty() || is_restart(&text) => None,
                ScalarKind::Null => None,
                ScalarKind::Str => Some(format!(
                    "{} is not a restart policy; use `no`, `always`, `on-failure[:max-retries]` or `unless-stopped`",
                    quote(&text)
                )),
                _ => Some(format!(
                    "must be a string (`no`, `always`, `on-failure` or `unless-stopped`), not {}",
                    kind_name(kind)
                )),
            },
            Ty::PullPolicy => match kind {
                ScalarKind::Str if is_pull_policy(&text) => None,
                _ => Some(format!(
                    "{} is not a pull policy; use `always`, `never`, `missing`, `build`, `refresh`, `daily`, `weekly` or `every_<duration>`",
                    if is_str { quote(&text) } else { kind_name(kind).to_string() }
                )),
            },
            Ty::Port => match kind {
                ScalarKind::Int => port_number(&s.text).err(),
                ScalarKind::Str => port_spec(&text).err().map(|e| format!("{} is not a port mapping: {e}", quote(&text))),
                _ => wrong(),
            },
            Ty::PortNum => match kind {
                ScalarKind::Str if text.is_empty() => None,
                ScalarKind::Int | ScalarKind::Str => port_range(&text).err().map(&origin),
                _ => wrong(),
            },
            Ty::Expose => match kind {
                ScalarKind::Int | ScalarKind::Str => expose(&text).err().map(&origin),
                _ => wrong(),
            },
            Ty::Protocol => match kind {
                ScalarKind::Str if is_protocol(&text) => None,
                _ => Some(format!(
                    "{} is not a protocol; use `tcp`, `udp` or `sctp`",
                    if is_str { quote(&text) } else { kind_name(kind).to_string() }
                )),
            },
            Ty::List(_) | Ty::Map(_) | Ty::Dict(_) | Ty::OneOf(_) => wrong(),
        }
    }

    fn mismatch(&mut self, node: &Node, ty: Ty) {
        let msg = format!("must be {}, not {}", expected(ty), type_name(node));
        self.invalid(node, msg);
    }

    fn invalid(&mut self, node: &Node, problem: String) {
        if !self.seen.insert((node.range.start, node.range.end)) {
            return;
        }
        let sep = if problem.starts_with("must") { " " } else { ": " };
        let message = format!("`{}`{sep}{problem}", self.dotted());
        self.out.push(Problem { kind: ProblemKind::InvalidValue, range: node.range.clone(), message });
    }

    /// `services.web.ports[0]`.
    fn dotted(&self) -> String {
        let mut s = String::new();
        for seg in &self.path {
            if !s.is_empty() && !seg.starts_with('[') {
                s.push('.');
            }
            s.push_str(seg);
        }
        s
    }

    /// Where the current mapping is, for unknown-key messages.
    fn place(&self) -> String {
        let named = |kind: &str| match kind {
            "services" => Some("service"),
            "networks" => Some("network"),
            "volumes" => Some("volume"),
            "configs" => Some("config"),
            "secrets" => Some("secret"),
            "models" => Some("model"),
            _ => None,
        };
        match self.path.as_slice() {
            [] => "at the top level".to_string(),
            [section, name, rest @ ..] if named(section).is_some() => {
                let what = named(section).unwrap_or("entry");
                if rest.is_empty() {
                    format!("in {what} `{name}`")
                } else {
                    let mut inner = String::new();
                    for seg in rest {
                        if !inner.is_empty() && !seg.starts_with('[') {
                            inner.push('.');
                        }
                        inner.push_str(seg);
                    }
                    format!("in `{inner}` of {what} `{name}`")
                }
            }
            _ => format!("in `{}`", self.dotted()),
        }
    }
}

/// Where `name` is a key of a mapping nested under `keys` (through mappings only, up to
/// three levels): `context` under a service belongs under `build`.
fn nested_home(keys: &'static [KeySpec], name: &str) -> Option<String> {
    let mut level: Vec<(String, &'static [KeySpec])> = vec![(String::new(), keys)];
    for _ in 0..3 {
        let mut next = Vec::new();
        for (prefix, keys) in &level {
            for spec in keys.iter() {
                let maps: Vec<&'static [KeySpec]> = match spec.ty {
                    Ty::Map(k) => vec![k],
                    Ty::OneOf(alts) => {
                        alts.iter().filter_map(|a| if let Ty::Map(k) = a { Some(*k) } else { None }).collect()
                    }
                    _ => Vec::new(),
                };
                for m in maps {
                    let path =
                        if prefix.is_empty() { spec.name.to_string() } else { format!("{prefix}.{}", spec.name) };
                    if m.iter().any(|s| s.name == name) {
                        return Some(path);
                    }
                    next.push((path, m));
                }
            }
        }
        level = next;
    }
    None
}

fn kind_name(kind: ScalarKind) -> &'static str {
    match kind {
        ScalarKind::Str => "a string",
        ScalarKind::Int => "an integer",
        ScalarKind::Float => "a number",
        ScalarKind::Bool => "a boolean",
        ScalarKind::Null => "null",
    }
}

fn type_name(node: &Node) -> &'static str {
    match &node.value {
        Value::Map(_) => "a mapping",
        Value::Seq(_) => "a list",
        Value::Scalar(s) => kind_name(s.kind),
        Value::Null => "null",
        Value::Invalid => "an invalid value",
    }
}

/// How a value node looks in a message: `` `text` `` for a scalar, else its type.
fn shown(node: &Node, resolved: &str) -> String {
    match node.as_scalar() {
        Some(s) if s.kind == ScalarKind::Str => format!("`{resolved}`"),
        Some(s) => kind_name(s.kind).to_string(),
        None => type_name(node).to_string(),
    }
}

/// What a type expects, for messages.
pub fn expected(ty: Ty) -> String {
    match ty {
        Ty::Any | Ty::Scalar => "a single value".into(),
        Ty::Str => "a string".into(),
        Ty::StrOrNum => "a string or a number".into(),
        Ty::Int => "an integer".into(),
        Ty::Number => "a number".into(),
        Ty::Bool => "`true` or `false`".into(),
        Ty::Duration => "a duration such as `30s`".into(),
        Ty::Bytes => "a size such as `512m`".into(),
        Ty::Enum(values) => join_or(values.iter().map(|v| format!("`{v}`"))),
        Ty::Restart => "a restart policy".into(),
        Ty::PullPolicy => "a pull policy".into(),
        Ty::Port => "a port mapping such as `\"8080:80\"`".into(),
        Ty::PortNum => "a port number".into(),
        Ty::Expose => "a port".into(),
        Ty::Protocol => "`tcp`, `udp` or `sctp`".into(),
        Ty::List(_) => "a list".into(),
        Ty::Map(_) | Ty::Dict(_) => "a mapping".into(),
        Ty::OneOf(alts) => {
            let mut parts: Vec<String> = Vec::new();
            for a in alts {
                let e = expected(*a);
                if !parts.contains(&e) {
                    parts.push(e);
                }
            }
            join_or(parts.into_iter())
        }
    }
}

fn join_or(items: impl Iterator<Item = String>) -> String {
    let items: Vec<String> = items.collect();
    match items.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// What Compose's boolean cast accepts (the YAML 1.1 words with a warning).
fn is_bool_word(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "true" | "false" | "y" | "yes" | "on" | "n" | "no" | "off")
}

/// Go's `time.ParseDuration`: `[-+]` then one or more `<decimal><unit>`, or `0`.
pub fn is_duration(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    if s == "0" {
        return true;
    }
    if s.is_empty() {
        return false;
    }
    let mut rest = s;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut num_len = int_len;
        let mut frac_len = 0;
        if rest[num_len..].starts_with('.') {
            frac_len = rest[num_len + 1..].bytes().take_while(u8::is_ascii_digit).count();
            num_len += 1 + frac_len;
        }
        if int_len == 0 && frac_len == 0 {
            return false;
        }
        rest = &rest[num_len..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        if !matches!(&rest[..unit_len], "ns" | "us" | "µs" | "μs" | "ms" | "s" | "m" | "h") {
            return false;
        }
        rest = &rest[unit_len..];
    }
    true
}

/// docker/go-units `RAMInBytes`: `<digits>[.<digits>]…[ ][kmgtp][i][b]`, any case.
pub fn is_byte_size(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if i == 0 {
        return false;
    }
    while i < b.len() && b[i] == b'.' {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    let mut rest = &s[i..];
    rest = rest.strip_prefix(' ').unwrap_or(rest);
    let lower = rest.to_ascii_lowercase();
    let mut r = lower.as_str();
    r = r.strip_prefix(['k', 'm', 'g', 't', 'p']).unwrap_or(r);
    r = r.strip_prefix('i').unwrap_or(r);
    r = r.strip_prefix('b').unwrap_or(r);
    r.is_empty()
}

fn is_restart(s: &str) -> bool {
    match s {
        "no" | "always" | "unless-stopped" | "on-failure" => true,
        _ => s.strip_prefix("on-failure:").is_some_and(|n| !n.is_empty() && n.bytes().all(|c| c.is_ascii_digit())),
    }
}

fn is_pull_policy(s: &str) -> bool {
    match s {
        "always" | "never" | "missing" | "if_not_present" | "build" | "refresh" | "daily" | "weekly" => true,
        _ => s.strip_prefix("every_").is_some_and(|d| {
            // `every_12h`, `every_1w2d`: numbers with w, d, h, m or s units.
            let mut rest = d;
            while !rest.is_empty() {
                let n = rest.bytes().take_while(u8::is_ascii_digit).count();
                if n == 0 || !rest[n..].starts_with(['w', 'd', 'h', 'm', 's']) {
                    return false;
                }
                rest = &rest[n + 1..];
            }
            !d.is_empty()
        }),
    }
}

fn is_protocol(s: &str) -> bool {
    matches!(s.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp")
}

fn port_number(s: &str) -> Result<u16, String> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return Err(format!("`{s}` is not a port number"));
    }
    s.parse::<u16>().map_err(|_| format!("{s} is above the highest port, 65535"))
}

/// `8080` or `8080-8085`.
fn port_range(s: &str) -> Result<(u16, u16), String> {
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (port_number(a)?, port_number(b)?);
            if b < a {
                return Err(format!("the range {a}-{b} ends before it starts"));
            }
            Ok((a, b))
        }
        None => port_number(s).map(|p| (p, p)),
    }
}

/// The short port syntax as Docker parses it: `[[ip:]host:]container[/protocol]`, where
/// host and container may be ranges and an IPv6 address may be bracketed.
pub fn port_spec(s: &str) -> Result<(), String> {
    let (spec, proto) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    if let Some(p) = proto {
        if !is_protocol(p) {
            return Err(format!("`{p}` is not a protocol (`tcp`, `udp` or `sctp`)"));
        }
    }
    let parts: Vec<&str> = spec.split(':').collect();
    let n = parts.len();
    let container = parts[n - 1];
    let host = if n >= 2 { parts[n - 2] } else { "" };
    let ip = if n >= 3 { parts[..n - 2].join(":") } else { String::new() };
    if container.is_empty() {
        return Err("the container port is missing".into());
    }
    let (cs, ce) = port_range(container)?;
    if !ip.is_empty() {
        let bare = ip.strip_prefix('[').and_then(|i| i.strip_suffix(']')).unwrap_or(&ip);
        if bare.parse::<IpAddr>().is_err() {
            return Err(format!("`{ip}` is not an IP address"));
        }
    }
    if !host.is_empty() {
        let (hs, he) = port_range(host)?;
        if he - hs != ce - cs && ce != cs {
            return Err(format!("the host range `{host}` and the container range `{container}` differ in length"));
        }
    }
    Ok(())
}

/// An `expose` entry: a port or range, optionally `/protocol`.
fn expose(s: &str) -> Result<(), String> {
    let (port, proto) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    if let Some(p) = proto {
        if !is_protocol(p) {
            return Err(format!("`{p}` is not a protocol (`tcp`, `udp` or `sctp`)"));
        }
    }
    port_range(port).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The seed's Compose files pass `docker compose config`: no problem may be found.
    #[test]
    fn seed_fixtures_are_valid() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
        let mut checked = 0;
        for dir in ["reconciliation-platform", "reconciliation-platform-optimized"] {
            let dir = root.join(dir);
            let dotenv = std::fs::read_to_string(dir.join(".env")).unwrap_or_default();
            let vars = crate::syntax::dotenv::parse(&dotenv);
            let env = |k: &str| vars.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            for e in std::fs::read_dir(&dir).expect("fixture dir").flatten() {
                let name = e.file_name().to_string_lossy().to_string();
                if !(name.starts_with("docker-compose") || name.starts_with("compose")) {
                    continue;
                }
                let text = std::fs::read_to_string(e.path()).expect("readable");
                let file = super::super::parse(&text);
                assert!(!file.services.is_empty(), "{name}");
                assert_eq!(validate(&file, &env), [], "{}", e.path().display());
                assert_eq!(validate(&file, &|_| None), [], "{} without .env", e.path().display());
                checked += 1;
            }
        }
        assert_eq!(checked, 8);
    }

    #[test]
    fn a_real_world_file_is_valid() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/compose/real-world.compose.yaml");
        let text = std::fs::read_to_string(path).expect("test data");
        let file = super::super::parse(&text);
        assert!(file.errors().is_empty(), "{:?}", file.errors());
        assert_eq!(validate(&file, &|_| None), []);
    }

    #[test]
    fn durations() {
        for ok in ["10s", "1m30s", "500ms", "1h", "0", "1.5s", ".5s", "2h45m", "-1s", "100us", "3µs"] {
            assert!(is_duration(ok), "{ok}");
        }
        for bad in ["10", "", "1d", "s", "1.s5", "10 s", "1m30", "abc", "."] {
            assert!(!is_duration(bad), "{bad}");
        }
    }

    #[test]
    fn byte_sizes() {
        for ok in ["512m", "512M", "1gb", "2GiB", "100", "1.5g", "512 m", "10b", "1kb"] {
            assert!(is_byte_size(ok), "{ok}");
        }
        for bad in ["", "m", "512x", "1.g", "-1", "512mbb", "1 gb b"] {
            assert!(!is_byte_size(bad), "{bad}");
        }
    }

    #[test]
    fn ports() {
        for ok in [
            "80",
            "8080:80",
            "127.0.0.1:80:80/udp",
            "3000-3005",
            "9090-9091:8080-8081",
            "[::1]:80:80",
            "::1:80:80",
            "127.0.0.1::80",
            "8000-9000:80",
            "80/SCTP",
        ] {
            assert_eq!(port_spec(ok), Ok(()), "{ok}");
        }
        for bad in ["80:80:80:80", "70000:80", "80:", "80/icmp", "a:80", "3000-3005:80-81", "90-80", ""] {
            assert!(port_spec(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn policies() {
        assert!(is_restart("on-failure:3") && is_restart("no") && !is_restart("on-failure:") && !is_restart("never"));
        assert!(is_pull_policy("every_12h") && is_pull_policy("every_1w2d") && is_pull_policy("missing"));
        assert!(!is_pull_policy("every_") && !is_pull_policy("every_12") && !is_pull_policy("sometimes"));
    }
}
