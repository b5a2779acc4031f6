use super::{Category, ComposeContext, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::model::images::{dockerfile_images, ImageUse};

pub struct NoDigest;

static META: RuleMeta = RuleMeta {
    id: "no-digest",
    summary: "An image is pinned by tag only, not by digest (off unless the strict preset is on)",
    category: Category::Images,
    default_severity: None,
    target: Target::Both,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# no-digest

## What it finds
A `FROM` line or a Compose `image:` with a version tag but no `@sha256:` digest, such as
`FROM node:20.17-bookworm-slim`. Off by default; `preset = "strict"` in `.shipshape.toml`
(or `--select no-digest`) turns it on. Images without a tag or with `latest` are left to
`untagged-image` and `latest-tag`, which say more.

## Why
A tag is a name the publisher can move: `node:20.17` is rebuilt for security fixes, and a
compromised or mistaken push changes what you run without any change in your files. A digest
names exact bytes, so builds are reproducible and supply-chain tampering is visible in review.
The cost is that updates become explicit (a bot or `shipshape pin` refreshes the digest).

## Example
```dockerfile
FROM python:3.12-slim
```

## Fix
Add the digest after the tag, keeping the tag for readers:
`FROM python:3.12-slim@sha256:…`. With the registry enabled, `shipshape pin` looks the
digest up and writes it.

## Silence
`# shipshape ignore=no-digest` on the line above, or leave the rule off (the default).
"#,
};

fn check(images: impl Iterator<Item = ImageUse>, out: &mut Findings) {
    for u in images {
        let tag = u.image.tag.as_deref();
        if u.image.digest.is_some() || tag.is_none() || tag == Some("latest") {
            continue;
        }
        out.report(
            u.range.clone(),
            format!(
                "`{}` is pinned by tag only; add `@sha256:…` so the same bytes are used every time",
                u.image.familiar()
            ),
        );
    }
}

impl Rule for NoDigest {
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
    fn only_tagged_images_without_digest() {
        let text = "FROM node:20 AS a\nFROM node\nFROM node:latest\nFROM a\nFROM alpine:3.20@sha256:0000000000000000000000000000000000000000000000000000000000000000\n";
        assert_eq!(spans("no-digest", text), ["node:20"]);
        assert_eq!(compose_spans("no-digest", "services:\n  a:\n    image: redis:7\n"), ["redis:7"]);
    }
}
