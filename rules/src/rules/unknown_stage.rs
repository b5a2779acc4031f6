use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::{stage_refs, RefSite};
use crate::syntax::dockerfile::Kind;
use crate::syntax::image_ref::ImageRef;
use crate::util::did_you_mean;

pub struct UnknownStage;

static META: RuleMeta = RuleMeta {
    id: "unknown-stage",
    summary: "A stage reference (`--from=`, `FROM`, `--mount from=`) names no stage of this file",
    category: Category::Stages,
    default_severity: Some(Severity::Error),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL3022"],
    buildkit: &[],
    docs: r#"# unknown-stage

## What it finds
`COPY --from=name` or `RUN --mount=…,from=name` where `name` is a bare word that is not a
stage of this Dockerfile, a numeric `--from=N` past the stages defined so far, and
`FROM name` that refers to a stage defined later in the file or misspells an earlier one.

References that look like images (`--from=nginx:1.27`, `--from=ghcr.io/o/r`) are valid and not
reported: copying from an image is a feature. Named build contexts answer before stages
and images: a name that a Compose build of this file declares in `additional_contexts` is
not reported, and for a Dockerfile no Compose file builds (whose contexts come from
`--build-context`, which we cannot see) a bare word is reported only when it is a near miss
of a stage name.

## Why
A bare word that is not a stage is silently treated as an image: `COPY --from=biuld /app .`
makes BuildKit pull `docker.io/library/biuld:latest` and the build fails late with a confusing
registry error — or, worse, succeeds with someone else's image. `FROM` can only build on
stages defined above it.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /app .
FROM gcr.io/distroless/static-debian12
# typo: will be pulled as an image
COPY --from=biuld /app /app
```

## Fix
Use the stage's name; when a stage name is one typo away, the quick fix replaces it.

## Silence
`# shipshape ignore=unknown-stage` on the line above; hadolint's `DL3022` is honoured.
"#,
};

fn looks_like_image(name: &str) -> bool {
    name.contains(['/', ':', '@', '.'])
}

impl Rule for UnknownStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let model = cx.model;
        let names: Vec<&str> = model.stages.iter().filter_map(|s| s.name.as_deref()).collect();
        // Named build contexts (Compose `additional_contexts`, `--build-context`) answer
        // `--from=name` and `FROM name` before any image does.
        let contexts: Vec<String> = cx.builds().iter().flat_map(|b| b.additional_contexts.clone()).collect();
        let named_context = |name: &str| contexts.iter().any(|c| c == name);
        let report = |out: &mut Findings, name: &str, range: Range<usize>, defined_before: usize| {
            if name.contains('$') || name.is_empty() || named_context(name) {
                return;
            }
            if let Ok(n) = name.parse::<usize>() {
                if n >= defined_before {
                    out.report(
                        range,
                        format!("`--from={n}` refers to stage {n}, but only {defined_before} stage(s) come before it"),
                    );
                }
                return;
            }
            if looks_like_image(name) || model.stage_index(name).is_some() {
                return;
            }
            let image = ImageRef::parse(name).map(|r| r.normalized()).unwrap_or_else(|_| name.to_string());
            let hint = did_you_mean(name, names.iter().copied());
            // Without a Compose build we cannot see the named contexts the build gets
            // (`--build-context name=…`): a bare word that is no near miss of a stage may be one.
            if hint.is_none() && cx.builds().is_empty() {
                return;
            }
            let msg = match hint {
                Some(s) => format!("`{name}` is not a stage of this file (did you mean `{s}`?); BuildKit will pull it as the image `{image}`"),
                None => format!("`{name}` is not a stage of this file; BuildKit will pull it as the image `{image}`"),
            };
            let d = out.report(range.clone(), msg);
            if let Some(s) = hint {
                d.with_fix(Fix {
                    title: format!("Use stage `{s}`"),
                    applicability: Applicability::Safe,
                    edits: vec![Edit::replace(range, s)],
                });
            }
        };

        for r in stage_refs(df) {
            let stage = model.stage_of(r.instruction);
            let before = stage.unwrap_or(0);
            match r.site {
                RefSite::CopyFrom if df.instructions[r.instruction].kind == Kind::Copy => {
                    report(out, &r.name, r.range.clone(), before);
                }
                RefSite::MountFrom if df.instructions[r.instruction].kind == Kind::Run => {
                    report(out, &r.name, r.range.clone(), before);
                }
                RefSite::From => {
                    let name = r.name.clone();
                    if looks_like_image(&name) || name.contains('$') || named_context(&name) {
                        continue;
                    }
                    let this = stage.unwrap_or(0);
                    // FROM can only build on a stage defined above it.
                    let later = model
                        .stages
                        .iter()
                        .enumerate()
                        .skip(this)
                        .find(|(_, s)| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&name)));
                    if later.is_some() {
                        out.report(
                            r.range.clone(),
                            format!("stage `{name}` is defined later in the file; FROM can only use stages above it, so BuildKit will pull `{name}` as an image"),
                        );
                        continue;
                    }
                    let earlier: Vec<&str> = model.stages[..this].iter().filter_map(|s| s.name.as_deref()).collect();
                    if earlier.iter().any(|n| n.eq_ignore_ascii_case(&name))
                        || crate::model::well_known::COMMON_IMAGES.contains(&name.as_str())
                    {
                        continue;
                    }
                    if let Some(s) = did_you_mean(&name, earlier.iter().copied()) {
                        let range = r.range.clone();
                        out.report(range.clone(), format!("`{name}` is not a stage of this file (did you mean `{s}`?); BuildKit will pull it as an image"))
                            .with_fix(Fix {
                                title: format!("Use stage `{s}`"),
                                applicability: Applicability::Safe,
                                edits: vec![Edit::replace(range, s)],
                            });
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, fixed, spans};
    use crate::syntax::dockerfile::parse;

    #[test]
    fn copy_from_bare_word_and_index() {
        let text = "FROM golang:1.23 AS build\nFROM alpine:3\nCOPY --from=biuld /app /app\nCOPY --from=build /a /a\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nCOPY --from=ghcr.io/o/r /x /x\nCOPY --from=0 /a /b\nCOPY --from=5 /a /b\nCOPY --from=${STAGE} /a /b\n";
        let f = findings("unknown-stage", text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "biuld");
        assert!(
            f[0].1.contains("did you mean `build`") && f[0].1.contains("docker.io/library/biuld:latest"),
            "{}",
            f[0].1
        );
        assert_eq!(f[1].0, "5");
        let (t, _) = fixed("unknown-stage", text);
        assert!(t.contains("COPY --from=build /app /app"));
        assert!(parse(&t).errors.is_empty());
    }

    #[test]
    fn mount_from_and_from_lines() {
        let text = "FROM node:20 AS deps\nRUN --mount=type=cache,target=/x,from=dep echo\nFROM later AS a\nFROM alpine:3 AS later\nFROM dpes\nFROM node\n";
        assert_eq!(spans("unknown-stage", text), ["dep", "later", "dpes"]);
    }

    #[test]
    fn named_build_contexts_are_not_stages_to_find() {
        let files = [
            ("/p/compose.yaml", "services:\n  app:\n    build:\n      context: .\n      additional_contexts:\n        assets: ./web\n        base: docker-image://alpine:3.20\n"),
            ("/p/Dockerfile", "FROM base\nCOPY --from=assets /dist /srv\nRUN --mount=from=assets,target=/a ls /a\nCOPY --from=asets /x /x\n"),
        ];
        let found = crate::rules::test_util::project_file_findings("unknown-stage", &files, "/p/Dockerfile");
        let spans: Vec<&str> = found.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(spans, ["asets"], "{found:?}");
    }

    #[test]
    fn bare_unrelated_word_is_not_reported_on_from() {
        assert!(spans("unknown-stage", "FROM builder AS b\nFROM myimage\n").is_empty());
    }
}
