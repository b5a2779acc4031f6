use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::images::dockerfile_images;

pub struct UntrustedRegistry;

static META: RuleMeta = RuleMeta {
    id: "untrusted-registry",
    summary: "An image comes from a registry the project does not trust",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3026"],
    buildkit: &[],
    docs: r#"# untrusted-registry

## What it finds
A `FROM` image, a `COPY --from=<image>` or a `RUN --mount=from=<image>` whose registry is
not in the project's `trusted-registries` list (in `.shipshape.toml`, or `trustedRegistries`
in a `.hadolint.yaml`). Quiet until the list is set. Entries are registry hosts
(`docker.io`, `registry.example.com:5000`); `*` matches any, `*.example.com` any host
ending in `.example.com`, `mirror.*` any host starting with `mirror.`. Images without a
registry (`node:22`) come from Docker Hub, which `docker.io` (or `hub.docker.com`) allows.
Stages and `scratch` pull nothing and are never reported.

## Why
Where base images come from is a supply-chain decision: many teams allow only their own
mirror or a vetted set of registries, so that images are scanned, cached and available
when a public registry rate-limits or goes down. One `FROM` that slips past the mirror
brings unscanned code into production.

## Example
With `trusted-registries = ["registry.example.com"]`:
```dockerfile
FROM node:22-bookworm-slim
```

## Fix
Pull the image through a trusted registry (`FROM registry.example.com/library/node:22-bookworm-slim`),
or add the registry to `trusted-registries` when it is in fact trusted.

## Silence
`# shipshape ignore=untrusted-registry` on the line above, or
`ignore = ["untrusted-registry"]` in `.shipshape.toml`. hadolint's `DL3026` is honoured.
"#,
};

/// Docker Hub's names: an entry naming one of them trusts every Hub image.
const DOCKER_HUB: [&str; 4] = ["docker.io", "index.docker.io", "registry-1.docker.io", "hub.docker.com"];

/// Does a `trusted-registries` entry match a registry host?
fn matches(entry: &str, registry: &str) -> bool {
    if entry == "*" {
        return true;
    }
    if let Some(suffix) = entry.strip_prefix('*') {
        return registry.ends_with(suffix);
    }
    if let Some(prefix) = entry.strip_suffix('*') {
        return registry.starts_with(prefix);
    }
    entry.eq_ignore_ascii_case(registry)
}

fn trusted(list: &[String], registry: &str, hub: bool) -> bool {
    list.iter().any(|e| matches(e, registry) || (hub && DOCKER_HUB.iter().any(|h| matches(e, h))))
}

impl Rule for UntrustedRegistry {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let list = &cx.options.trusted_registries;
        if list.is_empty() {
            return;
        }
        for u in dockerfile_images(cx.file, cx.model) {
            if u.image.is_scratch() || trusted(list, u.image.registry(), u.image.is_docker_hub()) {
                continue;
            }
            let via = if u.via_variables {
                format!(" (`{}` after variable substitution)", u.resolved)
            } else {
                String::new()
            };
            out.report(
                u.range.clone(),
                format!(
                    "`{}`{via} comes from `{}`, which is not among the trusted registries ({})",
                    u.image.familiar(),
                    u.image.registry(),
                    list.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::{check_dockerfile, Settings};
    use crate::options::RuleOptions;

    fn spans(trusted: &[&str], text: &str) -> Vec<String> {
        let settings = Settings {
            select: Some(vec!["untrusted-registry".into()]),
            options: RuleOptions {
                trusted_registries: trusted.iter().map(|s| s.to_string()).collect(),
                ..Default::default()
            },
            ..Default::default()
        };
        check_dockerfile(text, &settings)
            .into_iter()
            .filter(|d| d.rule == "untrusted-registry")
            .map(|d| text[d.range].to_string())
            .collect()
    }

    #[test]
    fn quiet_without_a_list() {
        assert!(spans(&[], "FROM quay.io/a/b:1\n").is_empty());
    }

    #[test]
    fn hub_images_need_a_hub_entry() {
        assert_eq!(spans(&["ghcr.io"], "FROM node:22\n"), ["node:22"]);
        assert!(spans(&["docker.io"], "FROM node:22\nFROM docker.io/library/redis:7\n").is_empty());
        assert!(spans(&["hub.docker.com"], "FROM node:22\n").is_empty());
    }

    #[test]
    fn wildcards_and_ports() {
        let t = ["*.gcr.io", "registry.local:5000", "mirror.*"];
        assert!(spans(&t, "FROM eu.gcr.io/p/i:1\nFROM registry.local:5000/a:1\nFROM mirror.corp/a:1\n").is_empty());
        assert_eq!(spans(&t, "FROM gcr.io.evil.com/a:1\nFROM registry.local:5001/a:1\n").len(), 2);
        assert!(spans(&["*"], "FROM quay.io/a:1\n").is_empty());
    }

    #[test]
    fn stages_scratch_and_copy_from() {
        let text =
            "FROM ghcr.io/o/b:1 AS build\nFROM scratch\nCOPY --from=build /a /a\nCOPY --from=quay.io/o/x:1 /b /b\n";
        assert_eq!(spans(&["ghcr.io"], text), ["quay.io/o/x:1"]);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean("untrusted-registry");
    }
}
