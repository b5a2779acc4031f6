use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::Base;
use crate::syntax::dockerfile::vars;
use crate::syntax::image_ref::ImageRef;

pub struct InvalidBaseImagePlatform;

static META: RuleMeta = RuleMeta {
    id: "invalid-base-image-platform",
    summary: "the base image is not published for the platform the stage builds for",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &["InvalidBaseImagePlatform"],
    docs: r#"# invalid-base-image-platform

## What it finds
A `FROM` image that its registry does not publish for the platform the stage builds for:
the `--platform` the stage names, or, without one (or with `$BUILDPLATFORM` /
`$TARGETPLATFORM`), the platform of the machine the editor runs on, which is what a plain
`docker build` there targets. For example an image published for `linux/amd64` only, built
on an ARM laptop or CI runner, or named with `--platform=linux/arm64`.

It needs to know what the registry publishes, so it speaks only where registry access is
on (the editor with `registry.online`, see *Pinning images from the registry*) and once the
registry has answered; `shipshape check` reads no network and never reports it.

## Why
BuildKit then pulls the platform the image has, warns (`InvalidBaseImagePlatform`) and
builds on it: the stage's programs run under emulation (slowly, when emulation is
installed at all — else the first `RUN` fails with `exec format error`), and binaries built
or copied from it are for the wrong architecture.

## Example
With the registry saying `example/amd64-only:1.0` is published for `linux/amd64` only:

```dockerfile
FROM --platform=linux/arm64 example/amd64-only:1.0
CMD ["app"]
```

## Fix
Use an image (or a tag) that is published for the platform you build for — most official
images are multi-platform — or build that stage for a platform the image has
(`--platform=linux/amd64`) and copy out only what does not depend on the architecture.

## Silence
`# shipshape ignore=invalid-base-image-platform` on the line above, or
`ignore = ["invalid-base-image-platform"]` in `.shipshape.toml`. BuildKit's
`# check=skip=InvalidBaseImagePlatform` is honoured.
"#,
};

/// `os/arch` of a platform string (`linux/arm64/v8` → `linux/arm64`).
fn os_arch(p: &str) -> String {
    p.split('/').take(2).collect::<Vec<_>>().join("/")
}

impl Rule for InvalidBaseImagePlatform {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let known = &cx.options.image_platforms;
        if known.is_empty() {
            return;
        }
        let df = cx.file;
        for stage in &cx.model.stages {
            let Base::Image { resolved: Some(resolved), range, written } = &stage.base else { continue };
            // Only what is written as is: a reference built from ARGs may resolve otherwise.
            if written != resolved || written.contains('$') {
                continue;
            }
            let Ok(image) = ImageRef::parse(resolved) else { continue };
            let Some(published) = known.get(&image.normalized()).filter(|p| !p.is_empty()) else { continue };
            let from = &df.instructions[stage.from];
            // The platform the stage builds for: a literal `--platform`, else the builder's.
            let expected = match from.flag("platform").and_then(|f| f.value_unquoted(df.escape)) {
                Some(p) if p.contains('$') => {
                    let native = ["$BUILDPLATFORM", "${BUILDPLATFORM}", "$TARGETPLATFORM", "${TARGETPLATFORM}"];
                    if !native.contains(&p.as_str()) {
                        continue;
                    }
                    cx.options.native_platform.clone()
                }
                Some(p) if !vars::find_vars(&p, df.escape).is_empty() => continue,
                Some(p) => Some(p),
                None => cx.options.native_platform.clone(),
            };
            let Some(expected) = expected.map(|p| os_arch(&p)) else { continue };
            if published.iter().any(|p| os_arch(p) == expected) {
                continue;
            }
            let has = published.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ");
            out.report(
                range.clone(),
                format!(
                    "`{written}` is not published for `{expected}`, the platform this stage builds for (the registry lists {has}): the build pulls another platform's image and runs it under emulation, or fails"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{check_dockerfile, Settings};
    use crate::options::RuleOptions;

    fn run(text: &str, native: Option<&str>) -> Vec<String> {
        let options = RuleOptions {
            image_platforms: [
                ("docker.io/example/amd64-only:1.0".to_string(), vec!["linux/amd64".to_string()]),
                ("docker.io/library/node:22".to_string(), vec!["linux/amd64".into(), "linux/arm64/v8".into()]),
            ]
            .into(),
            native_platform: native.map(str::to_string),
            ..Default::default()
        };
        let settings = Settings { select: Some(vec![META.id.into()]), options, ..Default::default() };
        check_dockerfile(text, &settings).into_iter().map(|d| d.message).collect()
    }

    #[test]
    fn the_stage_platform_against_what_is_published() {
        assert_eq!(run("FROM --platform=linux/arm64 example/amd64-only:1.0\n", None).len(), 1);
        assert!(run("FROM --platform=linux/amd64 example/amd64-only:1.0\n", None).is_empty());
        // Variants do not matter (`linux/arm64/v8` is `linux/arm64`).
        assert!(run("FROM --platform=linux/arm64 node:22\n", None).is_empty());
        // Without --platform (or with the builder's): the machine's platform.
        assert_eq!(run("FROM example/amd64-only:1.0\n", Some("linux/arm64")).len(), 1);
        assert!(run("FROM example/amd64-only:1.0\n", Some("linux/amd64")).is_empty());
        assert_eq!(run("FROM --platform=$BUILDPLATFORM example/amd64-only:1.0 AS b\n", Some("linux/arm64")).len(), 1);
        assert!(run("FROM example/amd64-only:1.0\n", None).is_empty(), "the machine unknown");
        // Unknown images, other variables, and no registry answers: quiet.
        assert!(run("FROM --platform=linux/arm64 example/other:1.0\n", None).is_empty());
        assert!(run("ARG P=linux/arm64\nFROM --platform=$P example/amd64-only:1.0\n", None).is_empty());
        let none = Settings { select: Some(vec![META.id.into()]), ..Default::default() };
        assert!(check_dockerfile("FROM --platform=linux/arm64 example/amd64-only:1.0\n", &none).is_empty());
    }

    #[test]
    fn check_skip_is_honoured() {
        let text = "# check=skip=InvalidBaseImagePlatform\nFROM --platform=linux/arm64 example/amd64-only:1.0\n";
        assert!(run(text, None).is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(META.id);
    }
}
