use super::consistent_instruction_casing::in_file_case;
use super::multiple_cmd::instruction_lines;
use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct MaintainerDeprecated;

const AUTHORS: &str = "org.opencontainers.image.authors";

static META: RuleMeta = RuleMeta {
    id: "maintainer-deprecated",
    summary: "`MAINTAINER` is deprecated; set the `org.opencontainers.image.authors` label",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL4000"],
    buildkit: &["MaintainerDeprecated"],
    docs: r#"# maintainer-deprecated

## What it finds
Any `MAINTAINER` instruction.

## Why
`MAINTAINER` has been deprecated since Docker 1.13 and BuildKit warns about it on every
build. It fills the image's legacy `Author` field, which registries, scanners and SBOM
tools largely ignore. The standard place for this metadata is the OCI annotation
`org.opencontainers.image.authors`, set with `LABEL` next to the other
`org.opencontainers.image.*` labels.

## Example
```dockerfile
FROM debian:bookworm-slim
MAINTAINER Jane Doe <jane@example.com>
```

## Fix
```dockerfile
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
```
The quick fix writes this label (quotes around the whole value are dropped, and `"`, `$`
and the escape character are escaped so the value stays literal). When the stage already
sets `org.opencontainers.image.authors`, it removes the `MAINTAINER` line instead.

## Silence
`# shipshape ignore=maintainer-deprecated` on the line above, or
`ignore = ["maintainer-deprecated"]` in `.shipshape.toml`. hadolint's `DL4000` and
BuildKit's `# check=skip=MaintainerDeprecated` are honoured.
"#,
};

/// `MAINTAINER` takes the rest of the line verbatim; drop one pair of quotes around it.
fn author(raw: &str) -> &str {
    let raw = raw.trim();
    for q in ['"', '\''] {
        if let Some(inner) = raw.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            if !inner.contains(q) {
                return inner;
            }
        }
    }
    raw
}

/// A double-quoted Dockerfile word whose value is `value` exactly (no expansion).
fn quoted(value: &str, escape: char) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out.push('"');
    out
}

impl Rule for MaintainerDeprecated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for (i, inst) in df.instructions.iter().enumerate() {
            if inst.kind != Kind::Maintainer {
                continue;
            }
            let has_authors = cx.model.stage_of(i).is_some_and(|s| {
                df.instructions[cx.model.stages[s].instructions.clone()].iter().any(|l: &Instruction| {
                    l.kind == Kind::Label && l.key_values(df.escape).iter().any(|kv| kv.key == AUTHORS)
                })
            });
            let value = author(inst.args_text());
            let d = out.report(
                inst.keyword_range.clone(),
                format!("`MAINTAINER` is deprecated: set the author with `LABEL {AUTHORS}=…` instead"),
            );
            if inst.args.is_empty() {
                continue;
            }
            let fix = if has_authors {
                Fix {
                    title: format!("Remove `MAINTAINER` (the stage already sets `{AUTHORS}`)"),
                    applicability: Applicability::Safe,
                    edits: vec![Edit::delete(instruction_lines(&df.source, inst))],
                }
            } else {
                let end = inst.args_range().end.max(inst.keyword_range.end);
                Fix {
                    title: format!("Replace with `LABEL {AUTHORS}`"),
                    applicability: Applicability::Safe,
                    edits: vec![Edit::replace(
                        inst.keyword_range.start..end,
                        format!("{} {AUTHORS}={}", in_file_case(df, "LABEL"), quoted(value, df.escape)),
                    )],
                }
            };
            d.with_fix(fix);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, fixed, spans};
    use crate::syntax::dockerfile::parse;
    use crate::Applicability;

    const ID: &str = "maintainer-deprecated";

    fn check_fix(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Safe);
    }

    #[test]
    fn reports_the_keyword() {
        let f = findings(ID, "FROM a\nMAINTAINER Jane <j@x.io>\n");
        assert_eq!(f[0].0, "MAINTAINER");
        assert!(spans(ID, "FROM a\nLABEL maintainer=jane\n").is_empty());
    }

    #[test]
    fn fix_writes_the_oci_label() {
        check_fix(
            "FROM a\nMAINTAINER Jane Doe <jane@example.com>\nRUN x\n",
            "FROM a\nLABEL org.opencontainers.image.authors=\"Jane Doe <jane@example.com>\"\nRUN x\n",
        );
        check_fix("from a\nmaintainer \"Jane\"\n", "from a\nlabel org.opencontainers.image.authors=\"Jane\"\n");
    }

    #[test]
    fn fix_escapes_quotes_dollars_and_escape_char() {
        let (t, _) = fixed(ID, "FROM a\nMAINTAINER Jo \"J\" $HOME a\\b\n");
        assert_eq!(t, "FROM a\nLABEL org.opencontainers.image.authors=\"Jo \\\"J\\\" \\$HOME a\\\\b\"\n");
        let df = parse(&t);
        let kv = df.instructions[1].key_values(df.escape);
        assert_eq!(kv[0].value.as_deref(), Some("Jo \"J\" $HOME a\\b"));
        // Under `# escape=``, the backslash is an ordinary character.
        let (t, _) = fixed(ID, "# escape=`\nFROM a\nMAINTAINER C:\\x `y\n");
        assert_eq!(t, "# escape=`\nFROM a\nLABEL org.opencontainers.image.authors=\"C:\\x ``y\"\n");
    }

    #[test]
    fn fix_removes_it_when_the_label_exists() {
        check_fix(
            "FROM a\nLABEL org.opencontainers.image.authors=\"x\"\nMAINTAINER x\nRUN y\n",
            "FROM a\nLABEL org.opencontainers.image.authors=\"x\"\nRUN y\n",
        );
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
