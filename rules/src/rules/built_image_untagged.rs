use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::services::{image_component, ServiceSet};
use crate::syntax::compose::edit::{after_line, append_to_map, own_entries};
use crate::syntax::image_ref::ImageRef;
use crate::text::LineEnding;

pub struct BuiltImageUntagged;

static META: RuleMeta = RuleMeta {
    id: "built-image-untagged",
    summary: "A service builds an image without an `image:` name and version",
    category: Category::Metadata,
    default_severity: Some(Severity::Warning),
    target: Target::Compose,
    fix: FixKind::SafeOrUnsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# built-image-untagged

## What it finds
A Compose service with `build:` and no `image:`, or an `image:` without a tag or with
`latest` (after variable substitution: `app:${TAG:-latest}` is `latest` unless `TAG` is set).
A versioned entry in `build.tags` counts as a version. Services are merged first
(`extends`, merge keys, override files).

## Why
Without `image:` Compose names the result `<project>-<service>:latest`. Every build
overwrites it, so you cannot tell which build is running, compare two versions, or roll
back to the previous one, and nothing can be pushed under a meaningful name.

## Example
```yaml
services:
  backend:
    build: ./backend
```

## Fix
Name the image and give it a version, typically from a variable set by CI:

```yaml
services:
  backend:
    image: reconciliation/backend:${TAG:-dev}
    build: ./backend
```

The quick fix (safe) adds `image: <project>/<service>:${TAG:-dev}` as the service's first
key, where `<project>` is the top-level `name:` or else the Compose file's folder,
lowercased into a valid image name. For an `image:` without a version it offers (unsafe, as
scripts may use the old name) to add or replace the tag with `${TAG:-dev}`.

## Silence
`# shipshape ignore=built-image-untagged` on the line above the service, or
`ignore = ["built-image-untagged"]` in `.shipshape.toml`.
"#,
};

const TAG: &str = "${TAG:-dev}";

impl Rule for BuiltImageUntagged {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        let eol = LineEnding::detect(&cx.file.source).as_str();
        for svc in &cx.file.services {
            let name = &svc.name.value;
            let m = set.get(name).unwrap_or(svc);
            if set.judged_in_base(&svc.name.value) {
                continue;
            }
            let Some(build) = &m.build else { continue };
            let versioned = |r: &str| ImageRef::parse(r).is_ok_and(|i| i.tag.as_deref().is_some_and(|t| t != "latest"));
            if build.tags.iter().any(|t| set.resolve(&t.value).is_some_and(|t| versioned(&t))) {
                continue;
            }
            let Some(image) = &m.image else {
                let compose_name = match set.project_name() {
                    Some(p) => format!("{p}-{}", image_component(name)),
                    None => format!("<project>-{}", image_component(name)),
                };
                let d = out.report(
                    svc.name.range.clone(),
                    format!(
                        "`{name}` builds an image without an `image:` name: Compose tags it `{compose_name}:latest` and every build overwrites it, so versions can't be told apart or rolled back"
                    ),
                );
                if let Some(fix) = insert_image(cx, set, name, eol) {
                    d.with_fix(fix);
                }
                continue;
            };
            let Some(resolved) = set.resolve(&image.value) else { continue };
            let Ok(r) = ImageRef::parse(&resolved) else { continue };
            if r.digest.is_some() || r.tag.as_deref().is_some_and(|t| t != "latest") {
                continue;
            }
            // Report on this file's `image:` if it is written here.
            // Written in this service (not shared through an anchor, whose range is elsewhere).
            let here = svc.image.as_ref().filter(|i| i.range == image.range && svc.range.contains(&i.range.start));
            let at = here.map_or(svc.name.range.clone(), |i| i.range.clone());
            let what = if r.tag.is_some() { "the `latest` tag" } else { "no tag" };
            let d = out.report(
                at,
                format!(
                    "`{name}` builds `{resolved}` with {what}: every build overwrites the previous one, so versions can't be told apart or rolled back"
                ),
            );
            // Only a literal reference is rewritten (not one made of variables).
            let Some(i) = here.filter(|i| i.value == resolved && i.verbatim_offset.is_some()) else { continue };
            let edit = match &r.tag_range {
                Some(t) => Edit::replace(i.sub_range(t.clone()), TAG),
                None => {
                    let end = i.sub_range(0..i.value.len()).end;
                    Edit::insert(end, format!(":{TAG}"))
                }
            };
            d.with_fix(Fix {
                title: format!("Tag the image with `{TAG}`"),
                applicability: Applicability::Unsafe,
                edits: vec![edit],
            });
        }
    }
}

/// `image: <project>/<service>:${TAG:-dev}` right after the service's key line.
fn insert_image(cx: &ComposeContext, set: &ServiceSet, name: &str, eol: &str) -> Option<Fix> {
    let text = &cx.file.source;
    let entry = set.node(name)?;
    let ins = append_to_map(text, &entry.value)?;
    let at = after_line(text, entry.key.range.end);
    let first = own_entries(&entry.value).first()?.key.range.start;
    if at > first {
        return None;
    }
    let service = image_component(name);
    if service.is_empty() {
        return None;
    }
    let image = match set.project_name().map(|p| image_component(&p)).filter(|p| !p.is_empty()) {
        Some(p) => format!("{p}/{service}:{TAG}"),
        None => format!("{service}:{TAG}"),
    };
    // Without `pull_policy: build`, `compose up` first tries to pull that name from the
    // registry (Docker Hub for a bare `org/name`) and runs whatever it finds there.
    let pad = " ".repeat(ins.indent);
    let pull =
        if entry.value.get("pull_policy").is_some() { String::new() } else { format!("{pad}pull_policy: build{eol}") };
    Some(Fix {
        title: format!("Name the built image `{image}` (built here, never pulled)"),
        applicability: Applicability::Safe,
        edits: vec![Edit::insert(at, format!("{pad}image: {image}{eol}{pull}"))],
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::analysis::{check_compose, check_in_project, FileKind, Settings};
    use crate::diagnostic::{apply_edits, Applicability};
    use crate::rules::test_util::compose_spans;
    use crate::syntax::compose::parse;

    const RULE: &str = "built-image-untagged";

    fn settings() -> Settings {
        Settings { select: Some(vec![RULE.into()]), ..Default::default() }
    }

    #[test]
    fn built_services_without_a_version() {
        let text = "services:\n  a:\n    build: .\n  b:\n    build: .\n    image: b\n  c:\n    build: .\n    image: org/c:latest\n  d:\n    build: .\n    image: org/d:${TAG:-dev}\n  e:\n    build: .\n    image: org/e:${TAG:-latest}\n  f:\n    build: .\n    image: ${REGISTRY}/f:1\n  g:\n    build:\n      context: .\n      tags: [\"org/g:1.2\"]\n  h:\n    image: redis\n";
        assert_eq!(compose_spans(RULE, text), ["a", "b", "org/c:latest", "org/e:${TAG:-latest}"]);
        let env = |n: &str| (n == "TAG").then(|| "2.0".to_string());
        let d = check_compose(text, &env, &settings());
        assert_eq!(d.len(), 3, "TAG is set: e is versioned");
    }

    #[test]
    fn fix_inserts_image_after_the_key_line() {
        let text =
            "name: Reconciliation Platform\nservices:\n  backend:\n    # the API\n    build:\n      context: .\n";
        let d = check_compose(text, &|_| None, &settings());
        let fix = d[0].fix.clone().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        let out = apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "name: Reconciliation Platform\nservices:\n  backend:\n    image: reconciliationplatform/backend:${TAG:-dev}\n    pull_policy: build\n    # the API\n    build:\n      context: .\n"
        );
        assert!(parse(&out).errors().is_empty());
        assert!(compose_spans(RULE, &out).is_empty());
    }

    #[test]
    fn fix_uses_the_folder_name_and_crlf() {
        let text = "services:\r\n  Web_UI:\r\n    build: ./web\r\n";
        let env = |_: &str| None;
        let d = check_in_project(
            FileKind::Compose,
            Some(Path::new("/src/My App/compose.yaml")),
            text,
            &env,
            &settings(),
            None,
        );
        // Compose keeps only `[a-z0-9_-]` of the project name.
        assert!(d[0].message.contains("`myapp-web_ui:latest`"), "{}", d[0].message);
        let out = apply_edits(text, &d[0].fix.as_ref().unwrap().edits.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "services:\r\n  Web_UI:\r\n    image: myapp/web_ui:${TAG:-dev}\r\n    pull_policy: build\r\n    build: ./web\r\n"
        );
        assert!(parse(&out).errors().is_empty());
    }

    #[test]
    fn fix_tags_an_unversioned_image() {
        let text = "services:\n  c:\n    build: .\n    image: 'org/c:latest'\n  b:\n    build: .\n    image: org/b\n";
        let d = check_compose(text, &|_| None, &settings());
        for (d, want) in d.iter().zip(["image: 'org/c:${TAG:-dev}'", "image: org/b:${TAG:-dev}"]) {
            let fix = d.fix.clone().unwrap();
            assert_eq!(fix.applicability, Applicability::Unsafe);
            let out = apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
            assert!(out.contains(want), "{out}");
            assert!(parse(&out).errors().is_empty());
        }
    }
}
