use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};

pub struct StageNameCasing;

static META: RuleMeta = RuleMeta {
    id: "stage-name-casing",
    summary: "A stage name has upper-case letters",
    category: Category::Stages,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &["StageNameCasing"],
    docs: r#"# stage-name-casing

## What it finds
A stage named with upper-case letters: `FROM golang:1.23 AS Builder`.

## Why
Stage names are matched case-insensitively, but they share a namespace with image names,
which must be lower case; `--target Builder`, `COPY --from=builder` and `FROM Builder` all
look like different things to a reader. BuildKit warns about it for the same reason.

## Example
```dockerfile
FROM golang:1.23 AS Builder
```

## Fix
Write the name in lower case: `AS builder` (the automatic fix; references keep working
because they are matched case-insensitively).

## Silence
`# shipshape ignore=stage-name-casing` on the line above, or BuildKit's
`# check=skip=StageNameCasing`.
"#,
};

impl Rule for StageNameCasing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        for s in &cx.model.stages {
            let (Some(name), Some(range)) = (&s.name, &s.name_range) else { continue };
            if !name.chars().any(|c| c.is_uppercase()) {
                continue;
            }
            let lower = name.to_lowercase();
            out.report(range.clone(), format!("stage name `{name}` should be lower case: `{lower}`")).with_fix(Fix {
                title: format!("Rename the stage to `{lower}`"),
                applicability: Applicability::Safe,
                edits: vec![Edit::replace(range.clone(), lower)],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{fixed, spans};
    use crate::syntax::dockerfile::parse;

    #[test]
    fn lowercases_the_name() {
        let text = "FROM golang:1.23 AS Builder\nFROM alpine:3 AS run\n";
        assert_eq!(spans("stage-name-casing", text), ["Builder"]);
        let (t, _) = fixed("stage-name-casing", text);
        assert_eq!(t, "FROM golang:1.23 AS builder\nFROM alpine:3 AS run\n");
        assert!(parse(&t).errors.is_empty());
        assert!(spans("stage-name-casing", &t).is_empty());
    }
}
