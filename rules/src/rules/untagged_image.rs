use super::{Category, ComposeContext, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::images::{dockerfile_images, ImageUse};

pub struct UntaggedImage;

static META: RuleMeta = RuleMeta {
    id: "untagged-image",
    summary: "An image is used without a tag or digest, so it silently means `latest`",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Both,
    fix: FixKind::None,
    hadolint: &["DL3006"],
    buildkit: &[],
    docs: r#"# untagged-image

## What it finds
A `FROM` line or a Compose `image:` that names an image with neither a tag nor a
digest: `FROM node`, `image: redis`. Docker reads these as `:latest`.

Not reported: `FROM scratch`, `FROM <an earlier stage>`, `FROM ${BASE}` when the
`ARG BASE` default is pinned, references whose variables have no default (they are
decided at build time), and services that `build:` their image (see
`built-image-untagged`).

## Why
`latest` is whatever the publisher pushed last. The same Dockerfile builds a different
image next week: a new major version of Node or Postgres can break the build or the
app, and the layer cache is invalidated whenever the base moves. Pinned versions make
builds reproducible and upgrades deliberate.

## Example
```dockerfile
# means node:latest
FROM node
```
```yaml
services:
  cache:
    image: redis     # means redis:latest
```

## Fix
Name a version, as specific as you are willing to maintain: `FROM node:20.17-bookworm-slim`,
`image: redis:7.4-alpine`; add a digest (`@sha256:…`) for full reproducibility.
With the registry enabled, `shipshape pin` writes both for you.

## Silence
`# shipshape ignore=untagged-image` on the line above (Dockerfile or Compose), or
`ignore = ["untagged-image"]` in `.shipshape.toml`. hadolint's `DL3006` is honoured.
"#,
};

fn check(images: impl Iterator<Item = ImageUse>, out: &mut Findings) {
    for u in images {
        if u.image.tag.is_some() || u.image.digest.is_some() {
            continue;
        }
        let via =
            if u.via_variables { format!(" (`{}` after variable substitution)", u.resolved) } else { String::new() };
        out.report(
            u.range.clone(),
            format!(
                "`{}` has no tag and will pull `{}:latest`{via}; pin a version",
                u.image.familiar(),
                u.image.familiar()
            ),
        );
    }
}

impl Rule for UntaggedImage {
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
    use crate::rules::test_util::{compose_spans, spans};

    #[test]
    fn dockerfile_and_compose() {
        assert_eq!(spans("untagged-image", "FROM node\nFROM node:20\nFROM scratch\n"), ["node"]);
        assert_eq!(compose_spans("untagged-image", "services:\n  a:\n    image: redis\n"), ["redis"]);
    }

    #[test]
    fn images_named_by_from_flags() {
        let text = "FROM golang:1.23 AS build\nCOPY --from=tianon/gosu /gosu /gosu\nCOPY --from=build /a /a\nCOPY --from=docker.io/library/busybox:1.36 /bin/sh /sh\nRUN --mount=from=ghcr.io/o/tools,target=/t ls /t\nCOPY --from=0 /a /b\nCOPY --from=assets /x /x\n";
        assert_eq!(spans("untagged-image", text), ["tianon/gosu", "ghcr.io/o/tools"]);
        assert_eq!(spans("latest-tag", "FROM a:1\nCOPY --from=node:latest /x /y\n"), ["latest"]);
    }
}
