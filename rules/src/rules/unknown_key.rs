use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::compose::validate::{validate, ProblemKind};

pub struct UnknownKey;

static META: RuleMeta = RuleMeta {
    id: "unknown-key",
    summary: "A Compose key that the Compose Specification doesn't define at that place",
    category: Category::Compose,
    default_severity: Some(Severity::Error),
    target: Target::Compose,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# unknown-key

## What it finds
A key that the Compose Specification doesn't define where it is written: a typo such as
`imgae:` or `helthcheck:`, an option at the wrong level (`context:` directly under a
service instead of under `build:`), or a key from another tool. The message names the
place and, when a known key is close, suggests it: "unknown key `imgae` in service `web`
(did you mean `image`?)".

Not checked: `x-` extension keys, keys under free-form mappings (`environment`, `labels`,
`args`, `sysctls`, `driver_opts`, `logging.options`, extension content…), keys that
contain `${...}`, and keys merged in from a YAML anchor with `<<:` (they are checked
where they are written, unless that is an `x-` block).

## Why
Docker Compose rejects the whole file when a key is unknown (`additional properties
'imgae' not allowed`), so nothing starts, and tools that are more lenient silently ignore
the setting: a misspelt `healthcheck` or `mem_limit` means the service runs without it.
Catching it while typing saves a failed `docker compose up` in CI.

## Example
```yaml
services:
  web:
    imgae: nginx:1.27
    build:
      context: .
      dockerfiel: Dockerfile.web
```

## Fix
Rename the key to the one meant. When there is a close match that the mapping doesn't
already have, the quick fix (safe) renames it: `imgae` → `image`. Otherwise move the key
to where it belongs or remove it; put tool-specific data under an `x-` key.

## Silence
`# shipshape ignore=unknown-key` on the line above, or `ignore = ["unknown-key"]` in
`.shipshape.toml`.
"#,
};

impl Rule for UnknownKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        for p in validate(cx.file, cx.env) {
            let ProblemKind::UnknownKey { suggestion } = p.kind else { continue };
            let d = out.report(p.range.clone(), p.message);
            if let Some(s) = suggestion {
                let old = cx.file.source.get(p.range.clone()).unwrap_or("");
                d.with_fix(Fix {
                    title: format!("Rename `{old}` to `{s}`"),
                    applicability: Applicability::Safe,
                    edits: vec![Edit::replace(p.range, s)],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{check_compose, Settings};
    use crate::diagnostic::{apply_edits, Applicability};
    use crate::rules::test_util::compose_spans;

    const RULE: &str = "unknown-key";

    fn messages(text: &str) -> Vec<String> {
        let env = |_: &str| None;
        let settings = Settings { select: Some(vec![RULE.into()]), ..Default::default() };
        check_compose(text, &env, &settings).into_iter().filter(|d| d.rule == RULE).map(|d| d.message).collect()
    }

    fn fixed(text: &str) -> (String, Applicability) {
        let env = |_: &str| None;
        let settings = Settings { select: Some(vec![RULE.into()]), ..Default::default() };
        let d = check_compose(text, &env, &settings);
        let fix = d.iter().find_map(|d| d.fix.clone()).expect("a fix");
        (apply_edits(text, &fix.edits.iter().collect::<Vec<_>>()), fix.applicability)
    }

    #[test]
    fn compose_file_format_v1_is_named() {
        let m = messages("web:\n  image: nginx:1.27\ndb:\n  build: ./db\n");
        assert_eq!(m.len(), 2);
        assert!(m[0].ends_with("(a service in the Compose file format v1, which docker compose no longer reads: put it under `services:`)"), "{}", m[0]);
        // No rename to `services` for them (two would make a duplicate key).
        let env = |_: &str| None;
        let settings = Settings { select: Some(vec![RULE.into()]), ..Default::default() };
        let d = check_compose("service_a:\n  image: a:1\nservice_b:\n  image: b:1\n", &env, &settings);
        assert!(d.iter().all(|d| d.fix.is_none()), "{d:?}");
        // Two typos that would both become the same key: neither is renamed.
        let d = check_compose("servces:\n  a: {image: a:1}\nservcies:\n  b: {image: b:1}\n", &env, &settings);
        assert!(d.iter().all(|d| d.fix.is_none()), "{d:?}");
    }

    #[test]
    fn typo_in_a_service_with_suggestion_and_fix() {
        let text = "services:\n  web:\n    imgae: nginx:1.27\n";
        assert_eq!(compose_spans(RULE, text), ["imgae"]);
        assert_eq!(messages(text), ["unknown key `imgae` in service `web` (did you mean `image`?)"]);
        let (after, app) = fixed(text);
        assert_eq!(after, "services:\n  web:\n    image: nginx:1.27\n");
        assert_eq!(app, Applicability::Safe);
        assert!(crate::syntax::compose::parse(&after).errors().is_empty());
        assert!(compose_spans(RULE, &after).is_empty());
    }

    #[test]
    fn every_level_is_checked() {
        let text = "\
servces: {}
services:
  web:
    build:
      context: .
      dockerfiel: Dockerfile
    deploy:
      resources:
        limits:
          memroy: 512M
    healthcheck:
      intervall: 10s
    ports:
      - target: 80
        publshed: 8080
    volumes:
      - type: bind
        source: .
        target: /app
        bind:
          propagaton: shared
    depends_on:
      db:
        condtion: service_healthy
    networks:
      front:
        alias: [web]
networks:
  front:
    drvier: bridge
volumes:
  data:
    exernal: true
";
        assert_eq!(
            compose_spans(RULE, text),
            [
                "servces",
                "dockerfiel",
                "memroy",
                "intervall",
                "publshed",
                "propagaton",
                "condtion",
                "alias",
                "drvier",
                "exernal"
            ]
        );
        let m = messages(text);
        assert_eq!(m[0], "unknown key `servces` at the top level");
        assert_eq!(m[1], "unknown key `dockerfiel` in `build` of service `web` (did you mean `dockerfile`?)");
        assert_eq!(m[2], "unknown key `memroy` in `deploy.resources.limits` of service `web` (did you mean `memory`?)");
        assert_eq!(m[4], "unknown key `publshed` in `ports[0]` of service `web` (did you mean `published`?)");
        assert_eq!(m[8], "unknown key `drvier` in network `front` (did you mean `driver`?)");
    }

    #[test]
    fn a_key_at_the_wrong_level_says_where_it_belongs() {
        let text = "services:\n  web:\n    context: .\n    interval: 10s\n    memory: 1g\n";
        assert_eq!(
            messages(text),
            [
                "unknown key `context` in service `web` (it belongs under `build`)",
                "unknown key `interval` in service `web` (it belongs under `healthcheck`)",
                "unknown key `memory` in service `web` (it belongs under `deploy.resources.limits`)",
            ]
        );
    }

    #[test]
    fn free_form_and_extension_keys_are_not_checked() {
        let text = "\
x-anything: {foo: 1}
name: shop
services:
  web:
    image: nginx:1.27
    x-team: payments
    environment:
      ANYTHING_GOES: 1
    labels:
      com.example.whatever: x
    build:
      context: .
      args:
        WHATEVER: 1
      x-note: hi
    logging:
      driver: json-file
      options:
        max-size: 10m
    sysctls:
      net.core.somaxconn: 1024
    extra_hosts:
      somehost: 10.0.0.1
    ulimits:
      nofile: {soft: 1024, hard: 2048}
    ${KEY}: templated
    deploy:
      labels:
        anything: x
networks:
  front:
    driver_opts:
      com.docker.network.bridge.name: br0
    ipam:
      config:
        - subnet: 172.28.0.0/16
";
        assert!(compose_spans(RULE, text).is_empty());
    }

    #[test]
    fn keys_merged_from_an_anchor_are_reported_where_written_only() {
        let text = "\
x-defaults: &defaults
  restat: always
services:
  web:
    <<: *defaults
    image: nginx:1.27
";
        assert!(compose_spans(RULE, text).is_empty());
        // A typo next to a merge key is still reported.
        let text = "x-d: &d\n  restart: always\nservices:\n  web:\n    <<: *d\n    imgae: a:1\n";
        assert_eq!(compose_spans(RULE, text), ["imgae"]);
    }

    #[test]
    fn no_suggestion_when_the_key_is_far_or_already_present() {
        let text = "services:\n  web:\n    image: a:1\n    imgae: b:1\n    completely_different: 1\n";
        assert_eq!(
            messages(text),
            ["unknown key `imgae` in service `web`", "unknown key `completely_different` in service `web`"]
        );
        let env = |_: &str| None;
        let settings = crate::analysis::Settings { select: Some(vec![RULE.into()]), ..Default::default() };
        assert!(check_compose(text, &env, &settings).iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn modern_keys_are_known() {
        let text = "\
name: app
include:
  - path: ../common/compose.yaml
    project_directory: ..
    env_file: ../common/.env
services:
  web:
    image: app:1
    pull_policy: daily
    develop:
      watch:
        - path: ./src
          action: sync+restart
          target: /app/src
          ignore: [node_modules/]
    post_start:
      - command: ./warmup.sh
        user: root
    pre_stop:
      - command: [./drain.sh]
    gpus: all
    use_api_socket: true
    models:
      llm:
        endpoint_var: LLM_URL
    label_file: ./labels
    annotations:
      com.example.a: b
    attach: false
    build:
      context: .
      additional_contexts:
        shared: ../shared
      cache_to: [type=inline]
      entitlements: [network.host]
      platforms: [linux/amd64]
      tags: [app:latest]
      provenance: mode=max
      sbom: true
      ssh: [default]
      secrets: [npmrc]
      dockerfile_inline: |
        FROM alpine:3.20
    networks:
      front:
        gw_priority: 1
        priority: 10
        interface_name: eth1
    volumes:
      - type: image
        source: alpine:3.20
        target: /data
        image:
          subpath: etc
      - type: volume
        source: data
        target: /v
        volume:
          subpath: a
          nocopy: true
    deploy:
      resources:
        limits: {pids: 100}
        reservations:
          devices:
            - driver: nvidia
              count: all
              capabilities: [gpu]
  llm-runner:
    provider:
      type: model
      options:
        model: ai/smollm2
models:
  llm:
    model: ai/smollm2
    context_size: 4096
secrets:
  npmrc:
    environment: NPM_TOKEN
configs:
  app:
    content: |
      hello
networks:
  front:
    enable_ipv4: true
    enable_ipv6: false
volumes:
  data: {}
";
        assert!(compose_spans(RULE, text).is_empty(), "{:?}", messages(text));
    }
}
