use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::dockerfile::Kind;

pub struct InstructionBeforeFrom;

static META: RuleMeta = RuleMeta {
    id: "instruction-before-from",
    summary: "An instruction other than `ARG` comes before the first `FROM`",
    category: Category::Stages,
    default_severity: Some(Severity::Error),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3061"],
    buildkit: &[],
    docs: r#"# instruction-before-from

## What it finds
Any instruction but `ARG` above the first `FROM` (parser directives, comments and blank
lines may come first). Every such instruction is reported; in a file with no `FROM` at
all, only the first.

## Why
Only `ARG` can come before the first `FROM`: it declares the arguments `FROM` lines may
use. Anything else has no stage to run in, and BuildKit rejects the file with "no build
stage in current context". This often happens when a `FROM` line was deleted or
commented out, or when two Dockerfiles were pasted together.

## Example
```dockerfile
ENV NODE_ENV=production
FROM node:20-slim
```

## Fix
Move the instruction below the `FROM` of the stage it belongs to (an `ENV` or `LABEL`
meant for every stage has to be repeated in each, or put in a common base stage), or
turn it into an `ARG` if it only feeds a `FROM` line.

Files named `*.in` (`Containerfile.in`) are not judged: buildah and podman run them through
the C preprocessor, whose `#include` lines may bring the `FROM`.

## Silence
`# shipshape ignore=instruction-before-from` on the line above, or
`ignore = ["instruction-before-from"]` in `.shipshape.toml`. hadolint's `DL3061` is
honoured.
"#,
};

impl Rule for InstructionBeforeFrom {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // `Containerfile.in` is run through cpp by buildah and podman: its `#include`s may
        // bring the FROM.
        if cx.path.and_then(|p| p.file_name()).is_some_and(|n| n.to_string_lossy().ends_with(".in")) {
            return;
        }
        let first_from = cx.model.stages.first().map_or(df.instructions.len(), |s| s.from);
        let no_from = first_from == df.instructions.len();
        // Unknown keywords are syntax errors already.
        let misplaced = df.instructions[..first_from].iter().filter(|i| !matches!(i.kind, Kind::Arg | Kind::Unknown));
        for inst in misplaced {
            let name = inst.kind.name();
            if no_from {
                // One problem: the file has no FROM. Reported once, at the first instruction.
                out.report(
                    inst.keyword_range.clone(),
                    format!("`{name}` has no stage to run in: the file has no `FROM`, and BuildKit fails with \"no build stage in current context\""),
                );
                break;
            }
            out.report(
                inst.keyword_range.clone(),
                format!(
                    "`{name}` comes before the first `FROM`: only `ARG` may, and BuildKit fails with \
                     \"no build stage in current context\""
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "instruction-before-from";

    #[test]
    fn only_arg_may_come_first() {
        let text = "# syntax=docker/dockerfile:1\n# a comment\nARG V=1\nrun echo \\\n  hi\nENV A=1\nFROM a:$V\nRUN x\n";
        let f = findings(ID, text);
        assert_eq!(spans(ID, text), ["run", "ENV"]);
        assert!(f[0].1.contains("no build stage in current context"), "{}", f[0].1);
        assert!(spans(ID, "ARG A\nFROM a\nENV B=1\n").is_empty());
        assert!(spans(ID, "RU x\nFROM a\n").is_empty(), "an unknown keyword is a syntax error");
    }

    #[test]
    fn a_file_without_from() {
        let f = findings(ID, "ARG A\nRUN echo\nCMD x\n");
        assert_eq!(f.len(), 1, "one finding for a file without FROM");
        assert_eq!(f[0].0, "RUN");
        assert!(f[0].1.contains("has no `FROM`"), "{}", f[0].1);
        assert!(spans(ID, "").is_empty());
    }

    #[test]
    fn cpp_templates_are_not_judged() {
        let files = [("/p/Containerfile.in", "# include \"Containerfile.base\"\nRUN echo hi\n")];
        assert!(crate::rules::test_util::project_file_findings(ID, &files, "/p/Containerfile.in").is_empty());
        let files = [("/p/Containerfile", "RUN echo hi\n")];
        assert_eq!(crate::rules::test_util::project_file_findings(ID, &files, "/p/Containerfile").len(), 1);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
