use super::{Category, ComposeContext, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::images::{dockerfile_images, ImageUse};

pub struct LatestTag;

static META: RuleMeta = RuleMeta {
    id: "latest-tag",
    summary: "An image is pinned to the moving `latest` tag",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Both,
    fix: FixKind::None,
    hadolint: &["DL3007"],
    buildkit: &[],
    docs: r#"# latest-tag

## What it finds
A `FROM` line or a Compose `image:` with an explicit `:latest` tag and no digest, such as
`image: prom/prometheus:latest` or `FROM grafana/grafana:latest`. References built from
variables are judged by what they resolve to (`FROM ${BASE}` with `ARG BASE=node:latest`,
`image: app:${TAG:-latest}`).

## Why
`latest` is a moving pointer, not a version: each pull may bring a new major release,
so the same file gives a different system on each machine and each day, rollbacks are
guesswork, and the build cache is invalidated whenever the tag moves.

## Example
```yaml
services:
  prometheus:
    image: prom/prometheus:latest
```

## Fix
Replace `latest` with the version you run today, e.g. `prom/prometheus:v2.53.1`, and
optionally a digest: `prom/prometheus:v2.53.1@sha256:…`. With the registry enabled,
`shipshape pin` finds the version that `latest` points at and writes it.

A reference with a digest (`name:latest@sha256:…`) is pinned and not reported.

## Silence
`# shipshape ignore=latest-tag` on the line above, or `ignore = ["latest-tag"]` in
`.shipshape.toml`. hadolint's `DL3007` is honoured.
"#,
};

fn check(images: impl Iterator<Item = ImageUse>, out: &mut Findings) {
    for u in images {
        if !u.image.has_latest_tag() || u.image.digest.is_some() {
            continue;
        }
        let range = u.tag_range.clone().unwrap_or(u.range.clone());
        let via =
            if u.via_variables { format!(" (`{}` after variable substitution)", u.resolved) } else { String::new() };
        out.report(
            range,
            format!(
                "`{}` uses the `latest` tag{via}, which moves with every release; pin a version",
                u.image.familiar()
            ),
        );
    }
}

impl Rule for LatestTag {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        check(dockerfile_images(cx.file, cx.model).into_iter(), out);
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        check(cx.services().pulled_images().into_iter().map(|(_, u)| u), out);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{compose_spans, findings};

    #[test]
    fn the_merged_image_is_judged() {
        let files = [
            ("/p/compose.yaml", "services:\n  db:\n    image: postgres:latest\n  cache:\n    image: redis:7\n  app:\n    image: app:latest\n"),
            ("/p/compose.override.yaml", "services:\n  db:\n    image: postgres:16\n  cache:\n    image: redis:latest\n  app:\n    build: .\n"),
        ];
        let spans = |check: &str| -> Vec<String> {
            crate::rules::test_util::project_file_findings("latest-tag", &files, check)
                .into_iter()
                .map(|(s, _)| s)
                .collect()
        };
        // db runs postgres:16 and app is built: compose.yaml's `latest` is never pulled.
        assert!(spans("/p/compose.yaml").is_empty(), "{:?}", spans("/p/compose.yaml"));
        assert_eq!(spans("/p/compose.override.yaml"), ["latest"]);
    }

    #[test]
    fn points_at_the_tag() {
        let f = findings("latest-tag", "FROM grafana/grafana:latest\n");
        assert_eq!(f[0].0, "latest");
        assert!(f[0].1.contains("grafana/grafana"));
        assert_eq!(compose_spans("latest-tag", "services:\n  a:\n    image: 'redis:latest'\n"), ["latest"]);
    }
}
