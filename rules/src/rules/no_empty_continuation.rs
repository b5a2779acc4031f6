use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct NoEmptyContinuation;

static META: RuleMeta = RuleMeta {
    id: "no-empty-continuation",
    summary: "An empty line inside an instruction continued with `\\`",
    category: Category::Syntax,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &["NoEmptyContinuation"],
    docs: r#"# no-empty-continuation

## What it finds
An instruction continued over several lines (a line ending with the escape character,
`\` or `` ` ``) with an empty or blank line among its continuation lines. Comment lines
there are fine.

## Why
The builder skips such lines and carries on with the instruction, so the empty line does
not end it, although it looks as if it does. Often it hides a stray `\` on the line above:
the next "instruction" is then glued onto the previous one as arguments
(`RUN make \` + empty line + `COPY . /app` runs `make COPY . /app`). BuildKit warns
("Empty continuation line") and has announced that these lines will become an error.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN apt-get update && \

    apt-get install -y curl
```

## Fix
Delete the empty lines; the quick fix does, and it is safe (the builder already ignores
them). When the line after the empty ones starts with an instruction keyword, the
continuation itself is probably the mistake: no quick fix is offered, remove the stray
escape character at the end of the line before instead.

## Silence
`# shipshape ignore=no-empty-continuation` on the line above, or
`ignore = ["no-empty-continuation"]` in `.shipshape.toml`. BuildKit's
`# check=skip=NoEmptyContinuation` is honoured.
"#,
};

/// The empty lines (each with its line terminator) among the continuation lines of `inst`.
fn empty_lines(source: &str, inst: &Instruction) -> Vec<Range<usize>> {
    let text = &inst.line.text;
    if text.is_empty() {
        return Vec::new();
    }
    let end = inst.line.source_range(0..text.len()).end.min(source.len());
    let mut out = Vec::new();
    let mut pos = inst.range.start;
    // Skip the first line: it holds the keyword.
    let Some(nl) = source[pos..end].find('\n') else { return out };
    pos += nl + 1;
    while pos < end {
        let line_end = source[pos..].find('\n').map_or(source.len(), |i| pos + i + 1);
        if source[pos..line_end].trim_end_matches(['\n', '\r']).chars().all(|c| c == ' ' || c == '\t') {
            out.push(pos..line_end);
        }
        pos = line_end;
    }
    out
}

impl Rule for NoEmptyContinuation {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in &df.instructions {
            let lines = empty_lines(&df.source, inst);
            let Some(last) = lines.last() else { continue };
            // What follows the empty lines: an instruction keyword there means the
            // continuation itself is the likely mistake.
            // (A new instruction starts its line; continuation lines are usually indented, and
            // a shell word such as `add` or `user` may begin one.)
            let rest = &df.source[last.end..];
            let next_word = rest.split_whitespace().next().unwrap_or("");
            let glued = Kind::from_keyword(next_word) != Kind::Unknown
                && (!rest.starts_with([' ', '\t']) || next_word.chars().all(|c| c.is_ascii_uppercase()));
            let n = lines.len();
            let what = if n == 1 { "an empty line".to_string() } else { format!("{n} empty lines") };
            let msg = if glued {
                format!(
                    "this instruction continues over {what} into `{next_word} …`, which becomes part of its arguments; \
                     is the escape character at the end of the line before a mistake?"
                )
            } else {
                format!("{what} inside this continued instruction: the builder skips them (BuildKit warns, and will reject them in a future release)")
            };
            let d = out.report(inst.keyword_range.clone(), msg);
            for l in &lines {
                d.with_related(l.start..l.start, "empty continuation line");
            }
            if !glued {
                d.with_fix(Fix {
                    title: "Remove the empty continuation lines".to_string(),
                    applicability: Applicability::Safe,
                    edits: lines.into_iter().map(Edit::delete).collect(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{assert_fix, diagnostics, findings, spans};
    use crate::Applicability;

    const ID: &str = "no-empty-continuation";

    #[test]
    fn empty_and_blank_lines_inside_a_continuation() {
        let text = "FROM a\nRUN a \\\n\n  \t\r\n    && b\nRUN c \\\n  # comment\n  d\n\nRUN e\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "RUN");
        assert!(f[0].1.contains("2 empty lines"), "{}", f[0].1);
        assert_eq!(diagnostics(ID, text)[0].related.len(), 2);
    }

    #[test]
    fn heredoc_bodies_and_single_lines_are_not_continuations() {
        assert!(spans(ID, "FROM a\nRUN <<EOF\na\n\nb\nEOF\n").is_empty());
        assert!(spans(ID, "FROM a\nRUN a\n\nRUN b\n").is_empty());
        assert!(spans(ID, "FROM a\nRUN x \\\n  y <<EOF\n\nEOF\n").is_empty());
        assert_eq!(spans(ID, "# escape=`\nFROM a\nRUN a `\n\n  b\n"), ["RUN"]);
    }

    #[test]
    fn an_instruction_glued_on_gets_no_fix() {
        let text = "FROM a\nRUN make \\\n\nCOPY . /app\n";
        let d = diagnostics(ID, text);
        assert!(d[0].message.contains("into `COPY …`"), "{}", d[0].message);
        assert!(d[0].fix.is_none());
        // An indented shell word that happens to be a keyword is a continuation line.
        let d = diagnostics(ID, "FROM a\nRUN apk \\\n\n    add curl\n");
        assert!(d[0].fix.is_some(), "{}", d[0].message);
    }

    #[test]
    fn fix_deletes_the_lines() {
        assert_fix(ID, "FROM a\nRUN a && \\\n\n   \n    b\n", "FROM a\nRUN a && \\\n    b\n", Applicability::Safe);
        assert_fix(
            ID,
            "FROM a\r\nLABEL a=1 \\\r\n\r\n  b=2\r\n",
            "FROM a\r\nLABEL a=1 \\\r\n  b=2\r\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
