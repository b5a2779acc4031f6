use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::compose::{Service, Str};
use crate::syntax::yaml::Node;

pub struct ProfileOnlyDependency;

static META: RuleMeta = RuleMeta {
    id: "profile-only-dependency",
    summary: "A service needs another that runs only under a profile it does not share",
    category: Category::Compose,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# profile-only-dependency

## What it finds
A service that needs another service which is enabled only under `profiles:` that the
first one does not share:
- through `depends_on` (unless `required: false`), `links`, `network_mode: service:x`,
  `volumes_from`, `pid:`/`ipc: service:x` — an **error** when the first service always
  runs (it has no `profiles:`), since plain `docker compose up` then fails; a warning when
  both have profiles but none in common (only `--profile a --profile b` together works);
- by host name in its `environment` (`DATABASE_URL=postgres://pgbouncer:6432/app`), a
  **warning**: Compose starts it, but without the service it talks to.
Profiles and names are judged after interpolation and after merging override files.

## Why
A service with `profiles:` is not part of the project unless one of its profiles is
active, and Compose does not enable it for the services that need it: `docker compose up`
stops with `service "pgbouncer" is required by "api" but is disabled. Can be enabled by
profiles [production]`. A dependency by host name fails later and quieter: the container
starts and its connections fail.

## Example
```yaml
services:
  api:
    image: example/api:1.4
    depends_on: [pgbouncer]
  pgbouncer:
    image: edoburu/pgbouncer:1.23.1
    profiles: [production]
```

## Fix
Give both services the profile, drop the profile from the dependency (the core services
of an application should always run), or mark the dependency optional:
`depends_on: {pgbouncer: {condition: service_started, required: false}}`.

## Silence
`# shipshape ignore=profile-only-dependency` on the line above, or
`ignore = ["profile-only-dependency"]` in `.shipshape.toml`.
"#,
};

fn profiles(cx: &ComposeContext, s: &Service) -> Vec<String> {
    let set = cx.services();
    s.profiles
        .iter()
        .filter_map(|p| if p.value.contains('$') { set.resolve(&p.value) } else { Some(p.value.clone()) })
        .collect()
}

/// Does an environment value reach `host` by name (`host:5432`, `//host/`, `@host`, `=host`)?
fn names_host(value: &str, host: &str) -> bool {
    let bytes = value.as_bytes();
    let mut from = 0;
    while let Some(i) = value[from..].find(host) {
        let start = from + i;
        let end = start + host.len();
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let after = bytes.get(end).copied();
        let left = matches!(before, None | Some(b'/' | b'@' | b'=' | b',' | b' ' | b';'));
        let right = matches!(after, None | Some(b':' | b'/' | b',' | b' ' | b';' | b'?'));
        // A bare value equal to the name is a host only when the variable says so (`*_HOST`).
        if left && right && (before.is_some() || after.is_some()) {
            return true;
        }
        from = end;
    }
    false
}

/// `(variable, value, range)` of a service's `environment`, map or list form.
fn environment(node: &Node) -> Vec<(String, String, std::ops::Range<usize>)> {
    let Some(env) = node.get("environment") else { return Vec::new() };
    if let Some(map) = env.as_map() {
        return map
            .iter()
            .filter_map(|e| Some((e.key.as_str()?.to_string(), e.value.as_str()?.to_string(), e.value.range.clone())))
            .collect();
    }
    env.as_seq()
        .unwrap_or_default()
        .iter()
        .filter_map(|i| {
            let (k, v) = i.as_str()?.split_once('=')?;
            Some((k.to_string(), v.to_string(), i.range.clone()))
        })
        .collect()
}

impl Rule for ProfileOnlyDependency {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        let resolve = |r: &Str| -> Option<String> {
            if r.value.contains('$') {
                set.resolve(&r.value)
            } else {
                Some(r.value.clone())
            }
        };
        for svc in &cx.file.services {
            let who = &svc.name.value;
            let Some(merged) = set.get(who) else { continue };
            let mine = profiles(cx, merged);
            // What needs `dep`: the range to report and how it is needed.
            let judge = |dep: &str, range: std::ops::Range<usize>, how: &str, hard: bool, out: &mut Findings| {
                let Some(target) = set.get(dep) else { return };
                let theirs = profiles(cx, target);
                if theirs.is_empty() || mine.iter().any(|p| theirs.contains(p)) {
                    return;
                }
                let list = theirs.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
                let (severity, consequence) = match (hard, mine.is_empty()) {
                    (true, true) => (
                        Severity::Error,
                        "so `docker compose up` fails (`required by … but is disabled`)".to_string(),
                    ),
                    (true, false) => (
                        Severity::Warning,
                        format!(
                            "which `{who}` does not share: it starts only with both profiles enabled (`--profile {} --profile {}`)",
                            mine[0], theirs[0]
                        ),
                    ),
                    (false, _) => (Severity::Warning, format!("so `{who}` starts without it unless a profile enables it")),
                };
                let d = out.report(
                    range,
                    format!("`{who}` {how} `{dep}`, which runs only with the profile {list}, {consequence}"),
                );
                // The rule's level is the worst case; the milder cases stay milder.
                if severity < d.severity {
                    d.severity = severity;
                }
            };
            // `required: false` says the dependency is optional: exactly what a profile makes it.
            for dep in svc.depends_on.iter().filter(|d| d.required) {
                let Some(name) = resolve(&dep.service) else { continue };
                judge(&name, dep.service.range.clone(), "depends on", true, out);
            }
            for link in &svc.links {
                let Some(v) = resolve(link) else { continue };
                let name = v.split(':').next().unwrap_or("").to_string();
                judge(&name, link.range.clone(), "links to", true, out);
            }
            for r in &svc.service_refs {
                let Some(name) = resolve(r) else { continue };
                judge(&name, r.range.clone(), "shares a namespace or volumes with", true, out);
            }
            if !mine.is_empty() {
                continue;
            }
            let Some(node) = set.node(who).map(|e| &e.value) else { continue };
            for (var, value, range) in environment(node) {
                let value = if value.contains('$') { set.resolve(&value).unwrap_or(value) } else { value };
                for target in set.services() {
                    let name = &target.name.value;
                    if name == who || profiles(cx, target).is_empty() {
                        continue;
                    }
                    let bare_host = value == *name && var.to_ascii_uppercase().ends_with("HOST");
                    if bare_host || names_host(&value, name) {
                        judge(name, range.clone(), &format!("reaches (in `{var}`)"), false, out);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{check_compose, Settings};
    use crate::diagnostic::Severity;

    fn found(text: &str) -> Vec<(String, Severity)> {
        let env = |_: &str| None;
        let s = Settings { select: Some(vec!["profile-only-dependency".into()]), ..Default::default() };
        check_compose(text, &env, &s)
            .into_iter()
            .filter(|d| d.rule == "profile-only-dependency")
            .map(|d| (text[d.range].to_string(), d.severity))
            .collect()
    }

    #[test]
    fn always_on_service_needing_a_profile_service_is_an_error() {
        let text = "services:\n  api:\n    image: a:1\n    depends_on: [pgb]\n    links: [\"pgb:db\"]\n  pgb:\n    image: p:1\n    profiles: [production]\n";
        assert_eq!(found(text), [("pgb".into(), Severity::Error), ("\"pgb:db\"".into(), Severity::Error)]);
    }

    #[test]
    fn optional_shared_and_profile_less_dependencies_are_fine() {
        let text = "services:\n  api:\n    image: a:1\n    depends_on:\n      pgb: {condition: service_started, required: false}\n      db: {condition: service_healthy}\n  tool:\n    image: t:1\n    profiles: [ops, production]\n    depends_on: [pgb]\n  pgb:\n    image: p:1\n    profiles: [production]\n  db:\n    image: postgres:16\n";
        assert!(found(text).is_empty(), "{:?}", found(text));
    }

    #[test]
    fn disjoint_profiles_warn() {
        let text = "services:\n  tool:\n    image: t:1\n    profiles: [ops]\n    network_mode: service:vpn\n  vpn:\n    image: v:1\n    profiles: [vpn]\n";
        assert_eq!(found(text), [("vpn".into(), Severity::Warning)]);
    }

    #[test]
    fn hosts_in_the_environment_warn() {
        let text = "services:\n  api:\n    image: a:1\n    environment:\n      DATABASE_URL: postgres://u:p@pgbouncer:6432/app\n      DB_HOST: pgbouncer\n      NOTE: pgbouncer-docs\n  pgbouncer:\n    image: p:1\n    profiles: [production]\n";
        let f = found(text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f.iter().all(|(_, s)| *s == Severity::Warning));
    }
}
