use super::{Category, ComposeContext, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;

pub struct SyntaxError;

static META: RuleMeta = RuleMeta {
    id: "syntax-error",
    summary: "The file cannot be parsed here; the rest of the file is still analysed",
    category: Category::Syntax,
    default_severity: Some(Severity::Error),
    target: Target::Both,
    fix: FixKind::None,
    hadolint: &["DL1000", "DL3043"],
    buildkit: &[],
    docs: r#"# syntax-error

## What it finds
Text that the builder or Compose would reject: an unknown instruction (`RU` for `RUN`),
an instruction missing its arguments (`COPY` with no destination), an unknown flag,
an unterminated heredoc, an invalid `# escape=` directive, `ONBUILD` triggering `ONBUILD`,
`FROM` or `MAINTAINER`, broken YAML (a key without
`:`, bad indentation, a duplicate key, an unknown `*alias`), and files that are not text.

## Why
`docker build` and `docker compose` stop at the first such error, usually after you
have pushed and waited for CI. shipshape reports every one at once, on the right line,
and keeps analysing the rest of the file so the other findings stay visible while you type.

## Example
```dockerfile
FROM alpine:3.20
# unknown instruction: RU (did you mean RUN?)
RU apk add curl
# COPY requires at least two arguments
COPY
```

## Fix
Correct the line as the message says. Nothing is fixed automatically: a syntax error
means the intent is unclear.

## Silence
Syntax errors cannot be silenced by comments, since the file is not what the builder
will accept; exclude the file from the check instead (`ignore = ["syntax-error"]` in
`.shipshape.toml` if you must).
"#,
};

impl Rule for SyntaxError {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        for e in &cx.file.errors {
            // hadolint reports triggers ONBUILD refuses as DL3043, other parse errors as DL1000.
            let code = if e.message.ends_with("isn't allowed as an ONBUILD trigger") { "DL3043" } else { "DL1000" };
            out.report(e.range.clone(), e.message.clone()).with_hadolint(code);
        }
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        for e in cx.file.errors() {
            out.report(e.range.clone(), e.message.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::diagnostics;

    #[test]
    fn findings_name_the_hadolint_code() {
        let d = diagnostics("syntax-error", "FROM a\nONBUILD FROM b\nRU x\n");
        let codes: Vec<_> = d.iter().map(|d| d.hadolint_code()).collect();
        assert_eq!(codes, [Some("DL3043"), Some("DL1000")]);
    }
}
