use std::ops::Range;

use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::compose::{edit::within, Port, Str};

pub struct DuplicateHostPort;

static META: RuleMeta = RuleMeta {
    id: "duplicate-host-port",
    summary: "Two services (or one, twice) publish the same host port",
    category: Category::Compose,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# duplicate-host-port

## What it finds
Two `ports:` entries of the project that publish the same host port with the same
protocol on addresses that overlap: `"8080:80"` in one service and `"8080:8080"` in
another, or the same service listing the host port twice. Port ranges (`"8000-8010:8000-8010"`)
overlap when they share a port. An entry without a host address (or with `0.0.0.0` / `::`)
takes the port on every address, so it clashes with any address of its family;
`127.0.0.1:8080` and `192.168.1.5:8080` do not clash.

Ports written with variables are judged by what they resolve to (`${API_PORT:-8080}`, with
`.env`); when a variable is unknown the entry is skipped. Services are merged first
(`extends`, merge keys, override files), and identical entries count once, as in Compose.
Entries without a host port (`"80"`) get a random one and never clash.

Services whose `profiles:` are both set and share no profile are taken as alternatives
that are not started together (`--profile dev` or `--profile prod`), and are not compared.
Starting both profiles at once would still clash.

## Why
Only one socket can listen on a host port. `docker compose up` starts the first container
and fails on the second with `Bind for 0.0.0.0:8080 failed: port is already allocated`,
leaving the stack half up.

## Example
```yaml
services:
  api:
    image: example/api:1.4
    ports: ["8080:8080"]
  admin:
    image: example/admin:2.0
    ports: ["8080:80"]        # 8080 is taken by api
```

## Fix
Publish one of them on another host port (`"8081:80"`), bind them to different host
addresses, or drop the host port if nothing outside Docker needs it (services reach each
other by name on the project network without publishing anything).

## Silence
`# shipshape ignore=duplicate-host-port` on the line above, or
`ignore = ["duplicate-host-port"]` in `.shipshape.toml`.
"#,
};

struct Published<'a> {
    service: &'a str,
    profiles: &'a [Str],
    /// `None`: every address.
    ip: Option<String>,
    protocol: String,
    ports: (u32, u32),
    written: String,
    /// Where to report in this file, if the entry belongs to it.
    at: Option<Range<usize>>,
}

impl Rule for DuplicateHostPort {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        let partners = set.partners();
        let mut all: Vec<Published> = Vec::new();
        for svc in set.services() {
            let here = cx.file.service(&svc.name.value);
            let mode = set.node(&svc.name.value).and_then(|e| e.value.get("network_mode")).and_then(|n| n.as_str());
            if mode.is_some_and(|m| m == "host" || m.starts_with("service:") || m.starts_with("container:")) {
                continue;
            }
            let mut seen: Vec<(&Option<String>, &Option<String>, &String, &String)> = Vec::new();
            for p in &svc.ports {
                let key = (&p.host_ip, &p.published, &p.target, &p.protocol);
                if seen.contains(&key) {
                    continue;
                }
                seen.push(key);
                let Some(published) = &p.published else { continue };
                let Some(ports) = set.resolve(published).as_deref().and_then(port_range) else { continue };
                let ip = match &p.host_ip {
                    Some(ip) => match set.resolve(ip) {
                        Some(ip) => normalize_ip(&ip),
                        None => continue,
                    },
                    None => None,
                };
                let same = |q: &Port| q.range == p.range && q.published == p.published && q.target == p.target;
                let literal_here = here.is_some_and(|h| h.ports.iter().any(same));
                let in_partner =
                    partners.iter().any(|d| d.file.service(&svc.name.value).is_some_and(|s| s.ports.iter().any(same)));
                let at = match here {
                    Some(h) if literal_here && within(&p.range, &h.range) => Some(p.range.clone()),
                    Some(h) if literal_here || !in_partner => Some(h.name.range.clone()),
                    _ => None,
                };
                let target = set.resolve(&p.target).unwrap_or_else(|| p.target.clone());
                let ip_part = ip.as_ref().map_or(String::new(), |i| {
                    if i.contains(':') {
                        format!("[{i}]:")
                    } else {
                        format!("{i}:")
                    }
                });
                let range_text =
                    if ports.0 == ports.1 { ports.0.to_string() } else { format!("{}-{}", ports.0, ports.1) };
                all.push(Published {
                    service: &svc.name.value,
                    profiles: &svc.profiles,
                    ip,
                    protocol: p.protocol.to_ascii_lowercase(),
                    ports,
                    written: format!("{ip_part}{range_text}:{target}"),
                    at,
                });
            }
        }
        let mut reported: Vec<Range<usize>> = Vec::new();
        for (j, later) in all.iter().enumerate() {
            let Some(at) = &later.at else { continue };
            let Some(first) = all[..j].iter().find(|first| clash(first, later)) else { continue };
            if reported.contains(at) {
                continue;
            }
            reported.push(at.clone());
            let shared = shared_ports(first.ports, later.ports);
            let who = if first.service == later.service {
                "this service".to_string()
            } else {
                format!("`{}`", first.service)
            };
            let d = out.report(
                at.clone(),
                format!(
                    "host port {shared}/{} of `{}` (`{}`) is already published by {who} (`{}`): the second container fails to start with \"port is already allocated\"",
                    later.protocol, later.service, later.written, first.written
                ),
            );
            if let Some(r) = &first.at {
                d.with_related(r.clone(), format!("`{}` publishes {} here", first.service, first.written));
            }
        }
    }
}

fn clash(a: &Published, b: &Published) -> bool {
    a.protocol == b.protocol
        && a.ports.0 <= b.ports.1
        && b.ports.0 <= a.ports.1
        && ips_clash(a.ip.as_deref(), b.ip.as_deref())
        && run_together(a.profiles, b.profiles)
}

/// Services whose profile sets are both non-empty and disjoint are taken as alternatives.
fn run_together(a: &[Str], b: &[Str]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|x| b.iter().any(|y| x.value == y.value))
}

fn ips_clash(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, _) | (_, None) => true,
        (Some(a), Some(b)) => {
            let any = |ip: &str| ip == "0.0.0.0" || ip == "::";
            a.contains(':') == b.contains(':') && (a == b || any(a) || any(b))
        }
    }
}

fn normalize_ip(ip: &str) -> Option<String> {
    let ip = ip.trim().trim_start_matches('[').trim_end_matches(']');
    (!ip.is_empty()).then(|| ip.to_string())
}

/// `8080` or `8000-8010`; `0` (any free port) and malformed values give `None`.
fn port_range(s: &str) -> Option<(u32, u32)> {
    let num = |t: &str| t.trim().parse::<u32>().ok().filter(|n| (1..=65535).contains(n));
    match s.split_once('-') {
        Some((a, b)) => {
            let (a, b) = (num(a)?, num(b)?);
            (a <= b).then_some((a, b))
        }
        None => num(s).map(|n| (n, n)),
    }
}

fn shared_ports(a: (u32, u32), b: (u32, u32)) -> String {
    let (lo, hi) = (a.0.max(b.0), a.1.min(b.1));
    if lo == hi {
        lo.to_string()
    } else {
        format!("{lo}-{hi}")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};

    use crate::analysis::{check_compose, check_in_project, FileKind, Settings};
    use crate::fs::{FileSystem, MemoryFs};
    use crate::model::context::ScanCache;
    use crate::model::project::{Project, ProjectView};
    use crate::rules::test_util::compose_spans;

    const RULE: &str = "duplicate-host-port";

    fn settings() -> Settings {
        Settings { select: Some(vec![RULE.into()]), ..Default::default() }
    }

    #[test]
    fn same_port_in_two_services_and_twice_in_one() {
        let text = "services:\n  api:\n    image: a:1\n    ports: [\"8080:8080\", \"9000:9000\"]\n  admin:\n    image: b:1\n    ports:\n      - \"8080:80\"\n      - target: 81\n        published: \"9000\"\n  twice:\n    image: c:1\n    ports: [\"7000:70\", \"7000:71\", \"7000:70\"]\n";
        assert_eq!(
            compose_spans(RULE, text),
            ["\"8080:80\"", "target: 81\n        published: \"9000\"", "\"7000:71\""]
        );
        let d = check_compose(text, &|_| None, &settings());
        assert!(
            d[0].message
                .contains("host port 8080/tcp of `admin` (`8080:80`) is already published by `api` (`8080:8080`)"),
            "{}",
            d[0].message
        );
        assert_eq!(&text[d[0].related[0].range.clone()], "\"8080:8080\"");
        assert!(d[2].message.contains("by this service"), "{}", d[2].message);
    }

    #[test]
    fn addresses_protocols_ranges_and_profiles() {
        let ok = "services:\n  a:\n    image: a:1\n    ports: [\"127.0.0.1:8080:80\", \"53:53/udp\", \"80\"]\n  b:\n    image: b:1\n    ports: [\"192.168.1.5:8080:80\", \"53:53/tcp\", \"80\"]\n  c:\n    image: c:1\n    profiles: [dev]\n    ports: [\"3000:3000\"]\n  d:\n    image: d:1\n    profiles: [prod]\n    ports: [\"3000:3000\"]\n  e:\n    image: e:1\n    ports: [\"[::1]:8080:80\"]\n";
        assert!(compose_spans(RULE, ok).is_empty());
        let bad = "services:\n  a:\n    image: a:1\n    ports: [\"8000-8010:8000-8010\"]\n  b:\n    image: b:1\n    ports: [\"127.0.0.1:8005:80\"]\n  c:\n    image: c:1\n    profiles: [dev]\n    ports: [\"0.0.0.0:8010:80\"]\n";
        assert_eq!(compose_spans(RULE, bad), ["\"127.0.0.1:8005:80\"", "\"0.0.0.0:8010:80\""]);
    }

    #[test]
    fn interpolated_ports() {
        let text = "services:\n  a:\n    image: a:1\n    ports: [\"${A_PORT:-8080}:80\"]\n  b:\n    image: b:1\n    ports: [\"${B_PORT:-8080}:80\"]\n  c:\n    image: c:1\n    ports: [\"${C_PORT}:80\"]\n";
        assert_eq!(compose_spans(RULE, text), ["\"${B_PORT:-8080}:80\""]);
        let env = |n: &str| (n == "B_PORT" || n == "C_PORT").then(|| "8080".to_string());
        let d = check_compose(text, &env, &settings());
        assert_eq!(d.len(), 2);
        let env = |n: &str| (n == "B_PORT").then(|| "8081".to_string());
        assert!(check_compose(text, &env, &settings()).is_empty());
    }

    #[test]
    fn extends_and_merge_keys_report_in_this_file() {
        let text = "x-web: &web\n  image: w:1\n  ports: [\"80:80\"]\nservices:\n  one:\n    <<: *web\n  two:\n    <<: *web\n  base:\n    image: b:1\n    ports: [\"9090:9090\"]\n  child:\n    extends: base\n";
        assert_eq!(compose_spans(RULE, text), ["two"], "the anchor's port, reported at the second user");
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", text)
            .with("/p/compose.override.yaml", "services:\n  extra:\n    image: e:1\n    ports: [\"80:8080\"]\n");
        let env = |_: &str| None;
        let paths = [PathBuf::from("/p/compose.yaml"), PathBuf::from("/p/compose.override.yaml")];
        let project = Project::from_compose_files(&fs, &paths, &env, &HashMap::new(), &Default::default());
        let scans = ScanCache::default();
        let view = ProjectView { project: &project, fs: &fs, scans: &scans };
        let run = |p: &str| {
            let t = fs.read_to_string(Path::new(p)).unwrap();
            check_in_project(FileKind::Compose, Some(Path::new(p)), &t, &env, &settings(), Some(&view))
                .into_iter()
                .map(|d| t[d.range].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(run("/p/compose.yaml"), ["two", "child"]);
        assert_eq!(run("/p/compose.override.yaml"), ["\"80:8080\""]);
    }
}
