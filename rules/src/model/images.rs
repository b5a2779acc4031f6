//! Every place a file names an image it will pull, resolved as far as the text allows.
//! Shared by the image rules (`untagged-image`, `latest-tag`, `no-digest`) and pinning.

use std::ops::Range;

use crate::model::dockerfile::{stage_refs, Base, DockerfileModel, RefSite};
use crate::syntax::compose::interpolation;
use crate::syntax::compose::ComposeFile;
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::image_ref::ImageRef;

#[derive(Debug, Clone)]
pub struct ImageUse {
    /// Range of the reference as written (FROM argument or `image:` value).
    pub range: Range<usize>,
    /// The reference after variable substitution.
    pub resolved: String,
    pub image: ImageRef,
    /// Range of the tag in the source, when the tag is written literally there.
    pub tag_range: Option<Range<usize>>,
    /// How the reference came from variables, for messages ("via ARG BASE").
    pub via_variables: bool,
}

/// Images pulled by `FROM` lines, `COPY --from=<image>` and `RUN --mount=from=<image>`.
/// Stages, `scratch` and references whose variables have no default are skipped: nothing
/// certain can be said of them.
pub fn dockerfile_images(df: &Dockerfile, model: &DockerfileModel) -> Vec<ImageUse> {
    let mut out = Vec::new();
    for stage in &model.stages {
        let Base::Image { written, range, resolved: Some(resolved) } = &stage.base else { continue };
        let Ok(image) = ImageRef::parse(resolved) else { continue };
        let literal = written == resolved && range.len() == written.len();
        let tag_range = match (&image.tag_range, literal) {
            (Some(t), true) => Some(range.start + t.start..range.start + t.end),
            _ => None,
        };
        out.push(ImageUse {
            range: range.clone(),
            resolved: resolved.clone(),
            image,
            tag_range,
            via_variables: !literal,
        });
    }
    out.extend(from_flag_images(df, model));
    out.sort_by_key(|u| u.range.start);
    out
}

/// `--from=` values that name an image: not a stage, not a stage index, not a variable,
/// and written like an image reference (a bare word is a stage or a named build context,
/// which `unknown-stage` judges).
fn from_flag_images(df: &Dockerfile, model: &DockerfileModel) -> Vec<ImageUse> {
    let mut out = Vec::new();
    let mut push = |value: &str, range: Range<usize>| {
        let is_image = value.contains(['/', ':', '@', '.'])
            && !value.contains('$')
            && model.stage_index(value).is_none()
            && value.parse::<usize>().is_err();
        if !is_image {
            return;
        }
        let Ok(image) = ImageRef::parse(value) else { return };
        let literal = range.len() == value.len();
        let tag_range = image.tag_range.clone().filter(|_| literal).map(|t| range.start + t.start..range.start + t.end);
        out.push(ImageUse { range, resolved: value.to_string(), image, tag_range, via_variables: false });
    };
    for r in stage_refs(df).into_iter().filter(|r| r.site != RefSite::From) {
        push(&r.name, r.range);
    }
    out
}

/// Images pulled by Compose services: `image:` of services that do not `build:` (a
/// service that builds names the image it produces, which `built-image-untagged` judges).
pub fn compose_images(file: &ComposeFile, env: &dyn Fn(&str) -> Option<String>) -> Vec<(usize, ImageUse)> {
    let mut out = Vec::new();
    for (i, svc) in file.services.iter().enumerate() {
        if svc.build.is_some() {
            continue;
        }
        let Some(img) = &svc.image else { continue };
        let r = interpolation::interpolate(&img.value, env);
        if !r.unknown.is_empty() || r.value.is_empty() {
            continue;
        }
        let Ok(image) = ImageRef::parse(&r.value) else { continue };
        let literal = r.value == img.value;
        let tag_range = match (&image.tag_range, literal) {
            (Some(t), true) if img.verbatim_offset.is_some() => Some(img.sub_range(t.clone())),
            _ => None,
        };
        out.push((
            i,
            ImageUse { range: img.range.clone(), resolved: r.value, image, tag_range, via_variables: !literal },
        ));
    }
    out
}
