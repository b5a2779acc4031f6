use std::collections::HashMap;

use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::{Base, DockerfileModel};
use crate::syntax::image_ref::ImageRef;

pub struct BuildOrderDependency;

static META: RuleMeta = RuleMeta {
    id: "build-order-dependency",
    summary: "A service builds FROM an image another service builds, with nothing ordering the builds",
    category: Category::Compose,
    default_severity: Some(Severity::Warning),
    target: Target::Compose,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# build-order-dependency

## What it finds
A service whose Dockerfile builds `FROM` (or copies `--from`) an image that another service
of the same project builds (its `image:` name), when neither `build.additional_contexts`
(`base: service:base`) nor `depends_on` ties the two together.

## Why
`docker compose build` builds services in parallel. Without a link, the dependent build may
pull a stale image from a registry, use yesterday's local image, or fail because the base
does not exist yet — and which one happens depends on timing.

## Example
```yaml
services:
  base:
    build: ./base
    image: acme/base:dev
  api:
    build: ./api            # FROM acme/base:dev
```

## Fix
Declare the dependency: `additional_contexts: {acme/base:dev: "service:base"}` in the
dependent build (Compose 2.17+), or `depends_on: [base]`.

## Silence
`# shipshape ignore=build-order-dependency` on the line above the service's `build:`.
"#,
};

fn key(image: &str) -> Option<String> {
    ImageRef::parse(image).ok().map(|r| r.normalized())
}

impl Rule for BuildOrderDependency {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let Some(view) = cx.project else { return };
        let Some((index, doc)) = cx.doc() else { return };
        let built: HashMap<String, &str> = view
            .project
            .builds
            .iter()
            .filter(|b| b.compose == index)
            .filter_map(|b| Some((key(b.image.as_deref()?)?, b.service_name.as_str())))
            .collect();
        if built.is_empty() {
            return;
        }
        for (b, svc) in cx.builds() {
            let Some(df) = view.project.dockerfile_of(b) else { continue };
            let model = DockerfileModel::build(&df);
            let merged = doc.merged_service(&svc.name.value).unwrap_or(svc);
            for stage in &model.stages {
                let Base::Image { resolved: Some(image), .. } = &stage.base else { continue };
                let Some(k) = key(image) else { continue };
                let Some(&producer) = built.get(&k) else { continue };
                if producer == b.service_name
                    || merged.depends_on.iter().any(|d| d.service.value == producer)
                    || b.additional_contexts.iter().any(|c| key(c) == Some(k.clone()) || c == image)
                {
                    continue;
                }
                let Some(build) = &svc.build else { continue };
                out.report(
                    build.key_range.clone(),
                    format!(
                        "service `{}` builds FROM `{image}`, which service `{producer}` builds; nothing orders the two builds, so this one may use a stale or missing image",
                        b.service_name
                    ),
                );
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fs::MemoryFs;
    use crate::rules::test_util::project_spans;

    #[test]
    fn unordered_base_image_builds() {
        let fs = MemoryFs::new()
            .with("/p/compose.yaml", "services:\n  base:\n    build: ./base\n    image: acme/base:${TAG:-dev}\n  api:\n    build: ./api\n  ok:\n    build: ./api\n    depends_on: [base]\n")
            .with("/p/base/Dockerfile", "FROM alpine:3\n")
            .with("/p/api/Dockerfile", "FROM acme/base:dev\n");
        assert_eq!(project_spans(&fs, &["/p/compose.yaml"], "/p/compose.yaml", "build-order-dependency"), ["build"]);
    }
}
