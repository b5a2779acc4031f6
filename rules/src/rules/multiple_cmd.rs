use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct MultipleCmd;

static META: RuleMeta = RuleMeta {
    id: "multiple-cmd",
    summary: "A stage has more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK`; only the last one counts",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL4003", "DL4004", "DL3012"],
    buildkit: &["MultipleInstructionsDisallowed"],
    docs: r#"# multiple-cmd

## What it finds
A stage with two or more `CMD`, two or more `ENTRYPOINT`, or two or more `HEALTHCHECK`
instructions. Every one but the last is reported, pointing at the one that wins.
Each stage is counted on its own, and a `HEALTHCHECK … CMD …` is not a `CMD`.

## Why
An image has a single command, entrypoint and health check: each of these instructions
replaces the previous one, so the earlier ones do nothing. They mislead the reader (and
often the author, who expected both to run), and a later edit to the "wrong" one has no
effect.

## Example
```dockerfile
FROM node:20-slim
# overridden: never runs
CMD ["node", "migrate.js"]
CMD ["node", "server.js"]
```

## Fix
Delete the overridden instruction (the quick fix does this). To run several programs,
start one script that runs them, or run each in its own container.

## Silence
`# shipshape ignore=multiple-cmd` on the line above, or `ignore = ["multiple-cmd"]` in
`.shipshape.toml`. hadolint's `DL4003` (CMD), `DL4004` (ENTRYPOINT) and `DL3012`
(HEALTHCHECK) and BuildKit's
`# check=skip=MultipleInstructionsDisallowed` are honoured.
"#,
};

/// The source range that removes a whole instruction: from the start of its first line
/// (indentation included) through the line terminator after its last line.
pub(super) fn instruction_lines(source: &str, inst: &Instruction) -> Range<usize> {
    let bytes = source.as_bytes();
    let mut start = inst.range.start.min(source.len());
    while start > 0 && matches!(bytes[start - 1], b' ' | b'\t') {
        start -= 1;
    }
    if start > 0 && bytes[start - 1] != b'\n' {
        // Something else precedes the keyword on its line: keep the indentation.
        start = inst.range.start.min(source.len());
    }
    let mut end = inst.range.end.clamp(start, source.len());
    if source[end..].starts_with("\r\n") {
        end += 2;
    } else if source[end..].starts_with('\n') {
        end += 1;
    }
    start..end
}

impl Rule for MultipleCmd {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for stage in &cx.model.stages {
            for kind in [Kind::Cmd, Kind::Entrypoint, Kind::Healthcheck] {
                let found: Vec<&Instruction> =
                    df.instructions[stage.instructions.clone()].iter().filter(|i| i.kind == kind).collect();
                let Some((winner, earlier)) = found.split_last() else { continue };
                let name = kind.name();
                let code = match kind {
                    Kind::Cmd => "DL4003",
                    Kind::Entrypoint => "DL4004",
                    _ => "DL3012",
                };
                for inst in earlier {
                    out.report(
                        inst.keyword_range.clone(),
                        format!(
                            "This `{name}` is overridden by a later `{name}` in the same stage and has no effect: \
                             only the last one counts"
                        ),
                    )
                    .with_hadolint(code)
                    .with_related(winner.keyword_range.clone(), format!("the `{name}` that takes effect"))
                    .with_fix(Fix {
                        title: format!("Remove the overridden `{name}`"),
                        applicability: Applicability::Safe,
                        edits: vec![Edit::delete(instruction_lines(&df.source, inst))],
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{diagnostics, fixed, spans};
    use crate::Applicability;

    const ID: &str = "multiple-cmd";

    #[test]
    fn reports_every_overridden_instruction() {
        let text =
            "FROM a\nCMD [\"x\"]\nENTRYPOINT [\"e\"]\ncmd y\nHEALTHCHECK NONE\nCMD [\"z\"]\nHEALTHCHECK CMD true\n";
        assert_eq!(spans(ID, text), ["CMD", "cmd", "HEALTHCHECK"]);
        let d = diagnostics(ID, text);
        assert_eq!(&text[d[0].related[0].range.clone()], "CMD");
        assert_eq!(d[0].related[0].range.start, text.rfind("CMD [\"z\"]").unwrap());
        let codes: Vec<_> = d.iter().map(|d| d.hadolint_code()).collect();
        assert_eq!(codes, [Some("DL4003"), Some("DL4003"), Some("DL3012")]);
    }

    #[test]
    fn stages_are_separate_and_healthcheck_cmd_is_not_cmd() {
        let text = "FROM a AS build\nCMD [\"a\"]\nFROM a\nHEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\n\
                    CMD [\"b\"]\nENTRYPOINT [\"c\"]\n";
        assert!(spans(ID, text).is_empty());
        assert!(spans(ID, "FROM a\nONBUILD CMD [\"x\"]\nCMD [\"y\"]\n").is_empty());
    }

    #[test]
    fn fix_removes_the_whole_instruction() {
        let text = "FROM a\n  CMD echo one \\\n    two\r\nCMD [\"b\"]\n";
        let (t, a) = fixed(ID, text);
        assert_eq!(t, "FROM a\nCMD [\"b\"]\n");
        assert_eq!(a, Applicability::Safe);
        assert!(crate::syntax::dockerfile::parse(&t).errors.is_empty());
        assert!(spans(ID, &t).is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
