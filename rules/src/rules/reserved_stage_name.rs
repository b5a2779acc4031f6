use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;

pub struct ReservedStageName;

static META: RuleMeta = RuleMeta {
    id: "reserved-stage-name",
    summary: "A stage is named `scratch` or `context`, names the builder reserves",
    category: Category::Stages,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3063"],
    buildkit: &["ReservedStageName"],
    docs: r#"# reserved-stage-name

## What it finds
`FROM … AS scratch` or `FROM … AS context` (in any case: stage names are matched without
regard to case).

## Why
`scratch` is the empty image and `context` is the name of the main build context (`COPY
--from=context`, `--build-context context=…`). A stage with one of these names competes
with the builder's meaning: `FROM scratch` further down does not read as the stage, and
which one `--from=context` means depends on the builder. BuildKit warns
(`ReservedStageName`).

## Example
```dockerfile
FROM alpine:3.20 AS scratch
RUN echo hi > /hi
```

## Fix
Rename the stage (and its references), for example to `base` or `sources`.

## Silence
`# shipshape ignore=reserved-stage-name` on the line above, or
`ignore = ["reserved-stage-name"]` in `.shipshape.toml`. hadolint's `DL3063` and BuildKit's
`# check=skip=ReservedStageName` are honoured.
"#,
};

impl Rule for ReservedStageName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        for stage in &cx.model.stages {
            let (Some(name), Some(range)) = (&stage.name, &stage.name_range) else { continue };
            let lower = name.to_ascii_lowercase();
            let meaning = match lower.as_str() {
                "scratch" => "the empty base image",
                "context" => "the main build context",
                _ => continue,
            };
            out.report(range.clone(), format!("`{lower}` is reserved for {meaning}; give the stage another name"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "reserved-stage-name";

    #[test]
    fn scratch_and_context() {
        let text = "FROM alpine:3 AS scratch\nFROM alpine:3 as Context\nFROM alpine:3 AS contexts\nFROM scratch\n";
        assert_eq!(spans(ID, text), ["scratch", "Context"]);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
