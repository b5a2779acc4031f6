//! Pinning, the pure half: which image references a file writes literally (and so can be
//! rewritten in place), and what a reference becomes once the registry has answered. The
//! registry client lives in the server; this module never touches the network.

use std::ops::Range;

use crate::model::dockerfile::DockerfileModel;
use crate::model::images::{compose_images, dockerfile_images};
use crate::syntax::compose::ComposeFile;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::image_ref::ImageRef;

/// The findings that a pin answers.
pub const PIN_RULES: [&str; 3] = ["untagged-image", "latest-tag", "no-digest"];

/// What a pin writes: `name:tag@sha256:…` (digest), `name:version` (version) or
/// `name:version@sha256:…` (both, the default of `shipshape pin`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PinMode {
    Digest,
    Version,
    Both,
}

impl PinMode {
    pub fn parse(s: &str) -> Option<PinMode> {
        match s {
            "digest" => Some(PinMode::Digest),
            "version" => Some(PinMode::Version),
            "both" => Some(PinMode::Both),
            _ => None,
        }
    }
}

/// A reference written literally in the source: `range` covers exactly its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinTarget {
    pub range: Range<usize>,
    pub written: String,
    pub image: ImageRef,
}

/// Images written without variables in `FROM`, `COPY --from` and `RUN --mount=from`
/// (stages and `scratch` are not images).
pub fn dockerfile_targets(df: &Dockerfile, model: &DockerfileModel) -> Vec<PinTarget> {
    dockerfile_images(df, model)
        .into_iter()
        .filter(|u| !u.via_variables)
        .map(|u| PinTarget { range: u.range, written: u.resolved, image: u.image })
        .collect()
}

/// Compose `image:` values of services that pull (not build) and are written verbatim in
/// this file (no interpolation, no escapes, not through an alias).
pub fn compose_targets(file: &ComposeFile) -> Vec<PinTarget> {
    compose_images(file, &|_| None)
        .into_iter()
        .filter(|(_, u)| !u.via_variables)
        .filter_map(|(i, u)| {
            let s = file.services.get(i)?.image.as_ref()?;
            s.verbatim_offset?;
            Some(PinTarget { range: s.sub_range(0..s.value.len()), written: u.resolved, image: u.image })
        })
        .collect()
}

/// Does `image` lack what `mode` asks for? A reference with a digest is already pinned.
pub fn needs_pin(image: &ImageRef, mode: PinMode) -> bool {
    if image.digest.is_some() {
        return false;
    }
    match mode {
        PinMode::Digest | PinMode::Both => true,
        PinMode::Version => !image.tag.as_deref().is_some_and(is_full_version),
    }
}

/// A tag with three or more version numbers (`7.2.4`, `v2.53.1-alpine`) is as specific as
/// version tags get; `7`, `7.2` and `latest` move.
fn is_full_version(tag: &str) -> bool {
    crate::model::versions::Version::parse(tag).is_some_and(|v| v.numbers.len() >= 3)
}

/// The pinned text for a reference `written` (parsed as `image`): the name exactly as
/// written, then the version (or the written tag) and the digest as `mode` asks. `None`
/// when nothing would change or `mode` needs a version the registry did not give.
pub fn pinned(written: &str, image: &ImageRef, version: Option<&str>, digest: &str, mode: PinMode) -> Option<String> {
    let name = written.get(image.name_range.clone())?;
    let tag = image.tag.as_deref();
    let out = match mode {
        PinMode::Digest => match tag {
            Some(t) => format!("{name}:{t}@{digest}"),
            None => format!("{name}@{digest}"),
        },
        PinMode::Version => format!("{name}:{}", version?),
        PinMode::Both => match version.or(tag) {
            Some(v) => format!("{name}:{v}@{digest}"),
            None => format!("{name}@{digest}"),
        },
    };
    (out != written).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{compose, dockerfile};

    const D: &str = "sha256:09ade42fe3e69018a3360bb092265af902f9e7d6013146cf152c82ac3a944707";

    fn pin(written: &str, version: Option<&str>, mode: PinMode) -> Option<String> {
        pinned(written, &ImageRef::parse(written).unwrap(), version, D, mode)
    }

    #[test]
    fn rewrites_keep_the_name_as_written() {
        assert_eq!(pin("redis", Some("7.2.4"), PinMode::Both).unwrap(), format!("redis:7.2.4@{D}"));
        assert_eq!(pin("redis:latest", Some("7.2.4"), PinMode::Digest).unwrap(), format!("redis:latest@{D}"));
        assert_eq!(pin("redis", None, PinMode::Digest).unwrap(), format!("redis@{D}"));
        assert_eq!(
            pin("docker.io/library/redis:7", Some("7.2.4"), PinMode::Version).unwrap(),
            "docker.io/library/redis:7.2.4"
        );
        assert_eq!(pin("localhost:5000/app:7", None, PinMode::Both).unwrap(), format!("localhost:5000/app:7@{D}"));
        assert_eq!(pin("redis:7.2.4", Some("7.2.4"), PinMode::Version), None, "nothing to change");
        assert_eq!(pin("redis:latest", None, PinMode::Version), None, "no version found");
    }

    #[test]
    fn what_needs_a_pin() {
        let p = |s: &str, m| needs_pin(&ImageRef::parse(s).unwrap(), m);
        assert!(p("redis", PinMode::Both));
        assert!(p("redis:7.2.4", PinMode::Digest));
        assert!(!p("redis:7.2.4", PinMode::Version));
        assert!(p("redis:7.2", PinMode::Version));
        assert!(!p(&format!("redis:7@{D}"), PinMode::Both));
    }

    #[test]
    fn targets_are_literal_references_only() {
        let src = "ARG V=7\nFROM redis:${V} AS a\nFROM a\nFROM scratch\nFROM  node:20 AS b\n";
        let df = dockerfile::parse(src);
        let t = dockerfile_targets(&df, &DockerfileModel::build(&df));
        assert_eq!(t.len(), 1);
        assert_eq!(&src[t[0].range.clone()], "node:20");

        let src = "services:\n  a:\n    image: \"redis:7\"\n  b:\n    image: nginx:${TAG}\n  c:\n    build: .\n    image: me/app\n";
        let file = compose::parse(src);
        let t = compose_targets(&file);
        assert_eq!(t.len(), 1);
        assert_eq!(&src[t[0].range.clone()], "redis:7");
    }
}
