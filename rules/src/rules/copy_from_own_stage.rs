use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::{stage_refs, RefSite};
use crate::syntax::dockerfile::Kind;

pub struct CopyFromOwnStage;

static META: RuleMeta = RuleMeta {
    id: "copy-from-own-stage",
    summary: "`COPY --from` or `RUN --mount=from=` names the stage it is in",
    category: Category::Stages,
    default_severity: Some(Severity::Error),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3023"],
    buildkit: &[],
    docs: r#"# copy-from-own-stage

## What it finds
`COPY --from=<name>` or `RUN --mount=…,from=<name>` inside the stage called `<name>`
(names match without regard to case, as BuildKit matches them).

## Why
A stage cannot read from itself: its files do not exist until it is finished. BuildKit
refuses to build the file: "circular dependency detected on stage: <name>". The usual cause
is a copy-pasted line, or a stage renamed without its references.

A numeric `--from=N` that points at the current stage (or a later one) is reported by
`unknown-stage`.

## Example
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /out/app .
COPY --from=build /out/app /usr/local/bin/app
```

## Fix
Copy from the stage that produced the files (often an earlier one), or, within the same
stage, use the path directly (`RUN cp /out/app /usr/local/bin/app`).

## Silence
`# shipshape ignore=copy-from-own-stage` on the line above, or
`ignore = ["copy-from-own-stage"]` in `.shipshape.toml`. hadolint's `DL3023` is honoured.
"#,
};

impl Rule for CopyFromOwnStage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // A named build context of the same name answers before the stage does.
        let contexts: Vec<String> = cx.builds().iter().flat_map(|b| b.additional_contexts.clone()).collect();
        for r in stage_refs(df) {
            let kind = df.instructions[r.instruction].kind;
            let what = match (r.site, kind) {
                (RefSite::CopyFrom, Kind::Copy) => "COPY --from",
                (RefSite::MountFrom, Kind::Run) => "RUN --mount=from",
                _ => continue,
            };
            let Some(stage) = cx.model.stage_of(r.instruction).map(|s| &cx.model.stages[s]) else { continue };
            let Some(own) = stage.name.as_deref() else { continue };
            if r.name.contains('$') || !r.name.eq_ignore_ascii_case(own) || contexts.iter().any(|c| c == &r.name) {
                continue;
            }
            let d = out.report(
                r.range.clone(),
                format!(
                    "`{what}={}` names the stage it is in: a stage cannot read from itself, and BuildKit fails with \
                     \"circular dependency detected on stage: {}\"",
                    r.name,
                    own.to_ascii_lowercase()
                ),
            );
            if let Some(n) = &stage.name_range {
                d.with_related(n.clone(), "the stage this instruction belongs to");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "copy-from-own-stage";

    #[test]
    fn copy_and_mount_from_the_own_stage() {
        let text =
            "FROM golang:1.23 AS build\nCOPY --from=build /a /b\nRUN --mount=type=bind,from=Build,target=/x ls\n\
                    FROM alpine:3 AS final\nCOPY --from=build /a /b\nRUN --mount=from=build,target=/x ls\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 2, "{f:?}");
        assert_eq!(f[0].0, "build");
        assert!(f[0].1.contains("circular dependency detected on stage: build"), "{}", f[0].1);
        assert_eq!(f[1].0, "Build");
    }

    #[test]
    fn unnamed_stages_variables_and_onbuild() {
        assert!(spans(ID, "FROM a\nCOPY --from=a /x /y\n").is_empty());
        assert!(spans(ID, "FROM a AS s\nCOPY --from=$S /x /y\n").is_empty());
        assert!(spans(ID, "FROM a AS s\nONBUILD COPY --from=s /x /y\n").is_empty());
        assert_eq!(spans(ID, "from a as s\ncopy --from=\"s\" /x /y\n"), ["\"s\""]);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
