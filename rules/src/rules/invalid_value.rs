use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::compose::validate::{validate, ProblemKind};

pub struct InvalidValue;

static META: RuleMeta = RuleMeta {
    id: "invalid-value",
    summary: "A Compose value of the wrong type or format for its key",
    category: Category::Compose,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# invalid-value

## What it finds
A value that doesn't fit its key in the Compose Specification:

- the wrong shape: a mapping where a string is expected, a string where a list is;
- the wrong type: `user: 1000` (must be a string), `tty: maybe`, `cpus: two`;
- durations without a unit or in a bad format: `interval: 10` instead of `10s`
  (Compose reads Go durations: `500ms`, `10s`, `1m30s`, `2h`);
- sizes it can't read: `mem_limit: 512 megs` (use `512m`, `1gb`, `2GiB`);
- values outside a fixed set: `restart: allways`, `condition: service_ready`,
  `pull_policy: sometimes`, a volume `type: nfs`, a port `protocol: icmp`;
- port mappings Docker rejects: `80:80:80:80`, `70000:80`, mismatched ranges.

Values with `${VAR}` are judged by what they resolve to with the `.env` file and the
environment; when a variable is unknown, the value isn't judged. Booleans written as
`yes`/`no`/`on`/`off` are accepted, as Compose accepts them (with a warning).

## Why
Compose validates the whole file before doing anything, so one bad value stops every
service from starting, often with a message that points at a path rather than a line.
Some mistakes survive validation and misbehave later (a restart policy the engine
refuses when the container is created).

## Example
```yaml
services:
  db:
    image: postgres:16
    restart: allways
    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 10
```

## Fix
Write the value in the form the key takes: `restart: always`, `interval: 10s`, quote
numbers meant as strings (`user: "1000"`).

## Silence
`# shipshape ignore=invalid-value` on the line above, or `ignore = ["invalid-value"]` in
`.shipshape.toml`.
"#,
};

impl Rule for InvalidValue {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        for p in validate(cx.file, cx.env) {
            if p.kind == ProblemKind::InvalidValue {
                out.report(p.range, p.message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{check_compose, Settings};
    use crate::rules::test_util::compose_spans;

    const RULE: &str = "invalid-value";

    fn messages_with(text: &str, env: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
        let settings = Settings { select: Some(vec![RULE.into()]), ..Default::default() };
        check_compose(text, env, &settings).into_iter().filter(|d| d.rule == RULE).map(|d| d.message).collect()
    }

    fn messages(text: &str) -> Vec<String> {
        messages_with(text, &|_| None)
    }

    fn service(body: &str) -> String {
        let mut s = "services:\n  web:\n    image: nginx:1.27\n".to_string();
        for line in body.lines() {
            s.push_str("    ");
            s.push_str(line);
            s.push('\n');
        }
        s
    }

    #[test]
    fn type_mismatches() {
        let text = service("user: 1000\ncommand: {run: x}\nenvironment: FOO=1\nhealthcheck: [CMD, x]");
        assert_eq!(compose_spans(RULE, &text), ["1000", "{run: x}", "FOO=1", "[CMD, x]"]);
        let m = messages(&text);
        assert_eq!(m[0], "`services.web.user` must be a string, not an integer; quote it: `\"1000\"`");
        assert_eq!(m[1], "`services.web.command` must be a string or a list, not a mapping");
        assert_eq!(m[2], "`services.web.environment` must be a mapping or a list, not a string");
        assert_eq!(m[3], "`services.web.healthcheck` must be a mapping, not a list");
    }

    #[test]
    fn enums_and_formats() {
        let text = service(
            "restart: allways\npull_policy: sometimes\ncpus: two\ntty: maybe\nstop_grace_period: 10\nmem_limit: 512 megs\nhealthcheck:\n  interval: 1m30\n  retries: three\nports:\n  - \"80:80:80:80\"\n  - 70000:80\n  - target: 80\n    protocol: icmp\n    mode: bridge\nvolumes:\n  - type: nfs\n    source: x\n    target: /x\nexpose: [\"3000/tcp\", \"abc\"]",
        );
        assert_eq!(
            compose_spans(RULE, &text),
            [
                "allways",
                "sometimes",
                "two",
                "maybe",
                "10",
                "512 megs",
                "1m30",
                "three",
                "\"80:80:80:80\"",
                "70000:80",
                "icmp",
                "nfs",
                "\"abc\""
            ]
        );
        let m = messages(&text);
        assert_eq!(
            m[0],
            "`services.web.restart`: `allways` is not a restart policy; use `no`, `always`, `on-failure[:max-retries]` or `unless-stopped`"
        );
        assert_eq!(
            m[4],
            "`services.web.stop_grace_period` must be a duration with a unit, such as `10s`, not the bare number `10`"
        );
        assert_eq!(m[8], "`services.web.ports[0]`: `80:80:80:80` is not a port mapping: `80:80` is not an IP address");
        assert_eq!(
            m[9],
            "`services.web.ports[1]`: `70000:80` is not a port mapping: 70000 is above the highest port, 65535"
        );
        assert_eq!(m[11], "`services.web.volumes[0].type`: `nfs` is not one of `volume`, `bind`, `tmpfs`, `npipe`, `cluster` or `image`");
        assert_eq!(m[12], "`services.web.expose[1]`: `abc` is not a port number");
    }

    #[test]
    fn depends_on_condition() {
        let text = "services:\n  web:\n    image: a:1\n    depends_on:\n      db:\n        condition: service_ready\n  db:\n    image: b:1\n";
        assert_eq!(compose_spans(RULE, text), ["service_ready"]);
        assert!(messages(text)[0].contains("`service_started`, `service_healthy` or `service_completed_successfully`"));
    }

    #[test]
    fn valid_values_are_quiet() {
        let text = service(
            "restart: on-failure:5\npull_policy: every_12h\ncpus: 0.5\ntty: true\nstdin_open: \"yes\"\nprivileged: no\ninit: \"true\"\nstop_grace_period: 1m30s\nmem_limit: 1gb\nshm_size: 256m\nmemswap_limit: -1\nuser: \"1000:1000\"\ncommand: [\"npm\", \"start\"]\nentrypoint: /bin/sh -c\nenvironment:\n  A: 1\n  B: true\n  C:\n  D: x\nlabels: [\"a=b\"]\nulimits:\n  nproc: 65535\n  nofile:\n    soft: 20000\n    hard: 40000\nhealthcheck:\n  test: curl -f http://localhost\n  interval: 10s\n  timeout: 500ms\n  retries: 3\n  start_period: \"0\"\nports:\n  - 80\n  - \"8080:80\"\n  - 127.0.0.1:9090:9090/udp\n  - \"3000-3005\"\n  - \"[::1]:5432:5432\"\n  - target: 80\n    published: \"8000-8010\"\n    protocol: tcp\n    mode: host\nexpose: [3000, \"4000-4010/udp\"]\nvolumes:\n  - ./data:/data:ro\n  - type: tmpfs\n    target: /tmp\n    tmpfs:\n      size: 100m\ngpus: all\ndeploy:\n  replicas: 2\n  resources:\n    limits:\n      cpus: \"1.0\"\n      memory: 512M\n  restart_policy:\n    condition: on-failure\n    delay: 5s\n    max_attempts: 3\nextra_hosts:\n  - host.docker.internal:host-gateway\nnetworks: [front]\ndepends_on: [db]\nbuild: ./web",
        );
        assert!(compose_spans(RULE, &text).is_empty(), "{:?}", messages(&text));
    }

    #[test]
    fn interpolated_values_are_judged_by_what_they_resolve_to() {
        let text = service("restart: ${RESTART:-allways}\ncpus: ${CPUS}\nmem_limit: ${MEM:-1g}\nports:\n  - \"${PORT:-8080}:80\"\n  - \"${BAD:-99999}:80\"");
        // CPUS is unknown: not judged; the defaults are.
        assert_eq!(compose_spans(RULE, &text), ["${RESTART:-allways}", "\"${BAD:-99999}:80\""]);
        assert!(messages(&text)[0].contains("`allways` (from `${RESTART:-allways}`)"), "{:?}", messages(&text));
        let env = |k: &str| (k == "CPUS").then(|| "lots".to_string());
        let m = messages_with(&service("cpus: ${CPUS}"), &env);
        assert_eq!(m, ["`services.web.cpus`: `lots` (from `${CPUS}`) is not a number"]);
    }

    #[test]
    fn values_docker_compose_accepts_are_not_errors() {
        // Swarm rejects these; `docker compose up` runs them (it maps the condition onto the
        // engine's restart policy and ignores the Swarm-only keys).
        let text = service(
            "deploy:\n  mode: global\n  endpoint_mode: dnsrr2\n  restart_policy:\n    condition: unless-stopped\n  update_config:\n    failure_action: retry\nports:\n  - target: 80\n    mode: bridge",
        );
        assert!(compose_spans(RULE, &text).is_empty(), "{:?}", messages(&text));
        assert!(compose_spans(RULE, &service("restart: \"\"")).is_empty(), "an empty policy is none");
        let text = service("deploy:\n  restart_policy:\n    condition: sometimes");
        assert_eq!(compose_spans(RULE, &text), ["sometimes"], "the engine refuses a policy it does not know");
    }

    #[test]
    fn values_from_anchors_are_reported_once_where_written() {
        let text = "\
x-hc: &hc
  interval: 10
services:
  a:
    image: a:1
    healthcheck:
      <<: *hc
      test: [CMD, true]
  b:
    image: b:1
    healthcheck: *hc
";
        assert_eq!(compose_spans(RULE, text), ["10", "true"]);
    }

    #[test]
    fn top_level_sections() {
        let text = "\
services:
  web:
    image: a:1
networks:
  front:
    external: maybe
    ipam:
      config: {subnet: 10.0.0.0/8}
volumes:
  data:
    driver_opts: [a]
secrets:
  s:
    file: [./a]
";
        assert_eq!(compose_spans(RULE, text), ["maybe", "{subnet: 10.0.0.0/8}", "[a]", "[./a]"]);
    }
}
