use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::dockerfile::Kind;
use crate::text::LineIndex;

pub struct InvalidDefinitionDescription;

static META: RuleMeta = RuleMeta {
    id: "invalid-definition-description",
    summary: "The comment above a stage or ARG does not start with its name (BuildKit's description format)",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &["InvalidDefinitionDescription"],
    docs: r#"# invalid-definition-description

## What it finds
A comment directly above `FROM … AS name` or `ARG name` whose first word is not `name`,
in a file that turns BuildKit's experimental check on
(`# check=experimental=InvalidDefinitionDescription`, or `experimental=all`). Without that
directive it reports nothing, as BuildKit does.

## Why
BuildKit reads the comment above a stage or build argument as its description — what
`docker buildx build --call=outline` and IDEs show — only when it starts with the name
(`# build compiles the server`). A comment in another form is not a description, so the
outline shows nothing.

## Example
```dockerfile
# check=experimental=InvalidDefinitionDescription
# compiles the server
FROM golang:1.23 AS build
```

## Fix
Start the comment with the name (`# build compiles the server`), or put an empty line
between the comment and the instruction when it is not a description.

## Silence
`# shipshape ignore=invalid-definition-description` on the line above, or
`ignore = ["invalid-definition-description"]` in `.shipshape.toml`. BuildKit's
`# check=skip=InvalidDefinitionDescription` is honoured.
"#,
};

impl Rule for InvalidDefinitionDescription {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let on = df.directive("check").is_some_and(|d| {
            d.value.split(';').any(|p| {
                p.trim().strip_prefix("experimental=").is_some_and(|l| {
                    l.split(',')
                        .any(|n| n.trim() == "all" || n.trim().eq_ignore_ascii_case("InvalidDefinitionDescription"))
                })
            })
        });
        if !on {
            return;
        }
        let index = LineIndex::new(&df.source);
        for inst in &df.instructions {
            let name = match inst.kind {
                Kind::From => inst.as_from().and_then(|f| f.alias).map(|a| a.text.clone()),
                Kind::Arg => inst.key_values(df.escape).first().map(|kv| kv.key.clone()),
                _ => None,
            };
            let Some(name) = name else { continue };
            let line = index.line_of(inst.range.start);
            let Some(above) = line.checked_sub(1) else { continue };
            // The comment on the line right above (parser directives are not descriptions).
            let Some(c) = df.comments.iter().find(|c| index.line_of(c.range.start) == above) else { continue };
            if df.directives.iter().any(|d| d.range.start == c.range.start) {
                continue;
            }
            let first = c.text.split_whitespace().next().unwrap_or("");
            if first != name {
                out.report(
                    c.range.clone(),
                    format!("the comment above `{name}` is not its description: a description starts with `{name}`"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "invalid-definition-description";
    const ON: &str = "# check=experimental=InvalidDefinitionDescription\n";

    #[test]
    fn only_when_the_experimental_check_is_on() {
        let body = "# compiles the server\nFROM golang:1.23 AS build\n# the version\nARG VERSION=1\n";
        assert!(spans(ID, body).is_empty());
        assert_eq!(spans(ID, &format!("{ON}{body}")), ["# compiles the server", "# the version"]);
        let good = "# build compiles the server\nFROM golang:1.23 AS build\n# VERSION of the app\nARG VERSION=1\n# a note\n\nFROM alpine:3.20\n";
        assert!(spans(ID, &format!("{ON}{good}")).is_empty());
        assert_eq!(spans(ID, &format!("# check=experimental=all\n{body}")).len(), 2);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
