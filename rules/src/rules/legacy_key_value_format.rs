use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{Dockerfile, Instruction, KeyValue, Kind};

pub struct LegacyKeyValueFormat;

static META: RuleMeta = RuleMeta {
    id: "legacy-key-value-format",
    summary: "`ENV`/`LABEL` in the deprecated `key value` form instead of `key=value`",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::SafeOrUnsafe,
    hadolint: &[],
    buildkit: &["LegacyKeyValueFormat"],
    docs: r#"# legacy-key-value-format

## What it finds
`ENV` and `LABEL` written with a space between the name and the value
(`ENV NODE_ENV production`) instead of an equals sign (`ENV NODE_ENV=production`).

## Why
The space-separated form is deprecated and BuildKit warns about it on every build. It is
also a trap: it sets a single variable whose value is *the whole rest of the line*, so
`ENV A 1 B 2` sets `A` to `1 B 2`, and a multi-line value silently keeps the indentation
of its continuation lines. The `key=value` form is explicit, can set several variables
in one instruction, and quotes show exactly where a value starts and ends.

## Example
```dockerfile
FROM alpine:3.20
ENV PATH /app/bin:$PATH
LABEL description This image runs the API
```

## Fix
```dockerfile
ENV PATH=/app/bin:$PATH
LABEL description="This image runs the API"
```
The quick fix inserts `=`, and quotes the value when it contains spaces. It is safe when
the value is a single word, or has no quotes, `$` or escape characters; otherwise the
value is re-quoted to keep its meaning and the fix is marked unsafe for review.

## Silence
`# shipshape ignore=legacy-key-value-format` on the line above, or
`ignore = ["legacy-key-value-format"]` in `.shipshape.toml`. BuildKit's
`# check=skip=LegacyKeyValueFormat` is honoured.
"#,
};

/// Rewrites a legacy value (the raw rest of the line, as the builder reads it) as one
/// double-quoted word with the same value: quotes are re-encoded, escapes kept, `$` left
/// to expand as before. `None` if the quoting is unbalanced.
fn requote(raw: &str, escape: char) -> Option<String> {
    let mut out = String::from("\"");
    let literal = |out: &mut String, c: char| {
        if c == '"' || c == '$' || c == escape {
            out.push(escape);
        }
        out.push(c);
    };
    let mut quote: Option<char> = None;
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        match quote {
            None if c == escape => literal(&mut out, chars.next()?),
            None if c == '"' || c == '\'' => quote = Some(c),
            None => out.push(c),
            Some('\'') if c == '\'' => quote = None,
            Some('\'') => literal(&mut out, c),
            Some(_) if c == '"' => quote = None,
            Some(_) if c == escape => {
                out.push(c);
                out.push(chars.next()?);
            }
            Some(_) => out.push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    out.push('"');
    Some(out)
}

/// For `KEY = value` (three words, the middle one a lone `=`), the fix to what was
/// meant: `KEY=value`. It changes the value the builder reads, so it is unsafe.
fn spaced_equals(df: &Dockerfile, inst: &Instruction, kv: &KeyValue) -> Option<Fix> {
    let [_, eq, value] = inst.args.as_slice() else { return None };
    if eq.text != "=" || !kv.raw_value.as_deref().is_some_and(|r| r.starts_with('=')) {
        return None;
    }
    let gap = kv.key_range.end..value.range.start;
    if df.comments.iter().any(|c| c.range.start < gap.end && gap.start < c.range.end) {
        return None;
    }
    Some(Fix {
        title: format!("Write `{}={}`", kv.key, value.text),
        applicability: Applicability::Unsafe,
        edits: vec![Edit::replace(gap, "=")],
    })
}

fn fix(df: &Dockerfile, inst: &Instruction, kv: &KeyValue) -> Option<Fix> {
    let raw = kv.raw_value.as_deref()?;
    let value_range = kv.value_range.clone()?;
    let separator = kv.key_range.end..value_range.start;
    // Never delete a comment line sitting inside a continuation.
    let has_comment =
        |r: &std::ops::Range<usize>| df.comments.iter().any(|c| c.range.start < r.end && r.start < c.range.end);
    if separator.start > separator.end || has_comment(&separator) {
        return None;
    }
    // Unbalanced quotes are a build error either way: leave them to the author.
    requote(raw, df.escape)?;
    let title = "Use the `key=value` form".to_string();
    if inst.args.len() == 2 {
        // One word: `key=word` reads exactly as the legacy value did.
        return Some(Fix { title, applicability: Applicability::Safe, edits: vec![Edit::replace(separator, "=")] });
    }
    let whole = kv.key_range.end..value_range.end;
    if has_comment(&whole) {
        return None;
    }
    if !raw.contains(['"', '\'', '$', df.escape]) {
        // Quoting a plain value keeps it as is; its continuation lines are kept verbatim.
        let written = df.source.get(value_range)?;
        return Some(Fix {
            title,
            applicability: Applicability::Safe,
            edits: vec![Edit::replace(whole, format!("=\"{written}\""))],
        });
    }
    Some(Fix {
        title,
        applicability: Applicability::Unsafe,
        edits: vec![Edit::replace(whole, format!("={}", requote(raw, df.escape)?))],
    })
}

impl Rule for LegacyKeyValueFormat {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in df.instructions.iter().flat_map(|i| std::iter::once(i).chain(i.onbuild.as_deref())) {
            if !matches!(inst.kind, Kind::Env | Kind::Label) {
                continue;
            }
            let kvs = inst.key_values(df.escape);
            let [kv] = kvs.as_slice() else { continue };
            if !kv.legacy || kv.value.is_none() {
                continue;
            }
            let name = inst.kind.name();
            // `LABEL maintainer = "x"`: the spaces make it the legacy form, whose value is
            // `= x`. The author meant `maintainer="x"`; say so and fix towards that.
            if let Some(meant) = spaced_equals(df, inst, kv) {
                let value = kv.value.as_deref().unwrap_or("");
                let d = out.report(
                    kv.key_range.clone(),
                    format!(
                        "`{name} {} = …` sets `{}` to `{value}`: with spaces around `=` this is the old \
                         space-separated form. Write `{name} {}=…`",
                        kv.key, kv.key, kv.key
                    ),
                );
                d.with_fix(meant);
                continue;
            }
            let example = match kv.raw_value.as_deref() {
                Some(raw) if inst.args.len() == 2 && raw.len() <= 40 => format!("{name} {}={raw}", kv.key),
                _ => format!("{name} {}=\"…\"", kv.key),
            };
            let d = out.report(
                kv.key_range.clone(),
                format!(
                    "`{name} {} …` uses the deprecated space-separated form, which takes the whole rest of the \
                     line as the value: write `{example}`",
                    kv.key
                ),
            );
            if let Some(f) = fix(df, inst, kv) {
                d.with_fix(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::requote;
    use crate::rules::test_util::{diagnostics, fixed, spans};
    use crate::syntax::dockerfile::parse;
    use crate::Applicability;

    const ID: &str = "legacy-key-value-format";

    /// Applies the fix and checks the value the builder reads is unchanged.
    fn check(text: &str, expected: &str, applicability: Applicability) {
        let before = parse(text);
        let (t, a) = fixed(ID, text);
        assert_eq!(t, expected);
        assert_eq!(a, applicability);
        let after = parse(&t);
        assert!(after.errors.is_empty(), "{t}");
        assert!(spans(ID, &t).is_empty(), "{t}");
        let value = |df: &crate::syntax::dockerfile::Dockerfile| {
            df.instructions.last().unwrap().key_values(df.escape)[0].value.clone()
        };
        assert_eq!(value(&before), value(&after));
    }

    #[test]
    fn spaces_around_equals_mean_the_legacy_form() {
        let text = "FROM a\nLABEL maintainer = \"x y\"\n";
        let d = diagnostics(ID, text);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("sets `maintainer` to `= x y`"), "{}", d[0].message);
        let (t, a) = fixed(ID, text);
        assert_eq!(t, "FROM a\nLABEL maintainer=\"x y\"\n");
        assert_eq!(a, Applicability::Unsafe);
    }

    #[test]
    fn reports_legacy_env_and_label() {
        assert_eq!(spans(ID, "FROM a\nENV NODE_ENV production\nLABEL version 1.0\n"), ["NODE_ENV", "version"]);
        assert!(spans(ID, "FROM a\nENV A=1 B=2\nLABEL a=b\nARG X\nARG Y=1\nENV C=\"x y\"\n").is_empty());
        assert_eq!(spans(ID, "FROM a\nONBUILD ENV A b\n"), ["A"]);
    }

    #[test]
    fn single_word_values() {
        check("FROM a\nENV PATH /app/bin:$PATH\n", "FROM a\nENV PATH=/app/bin:$PATH\n", Applicability::Safe);
        check(
            "FROM a\nLABEL maintainer \"Jane <j@x>\"\n",
            "FROM a\nLABEL maintainer=\"Jane <j@x>\"\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn plain_multi_word_values_are_quoted() {
        check(
            "FROM a\nLABEL description This runs the API\n",
            "FROM a\nLABEL description=\"This runs the API\"\n",
            Applicability::Safe,
        );
        check(
            "FROM a\nENV DEPS \\\n    curl \\\n    git\n",
            "FROM a\nENV DEPS=\"curl \\\n    git\"\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn values_with_quotes_or_variables_are_requoted() {
        check(
            "FROM a\nENV OPTS -Xmx1g -Dname=\"a b\" -Dhome=$HOME\n",
            "FROM a\nENV OPTS=\"-Xmx1g -Dname=a b -Dhome=$HOME\"\n",
            Applicability::Unsafe,
        );
        check("FROM a\nENV A x 'y $z' \\$w\n", "FROM a\nENV A=\"x y \\$z \\$w\"\n", Applicability::Unsafe);
        assert_eq!(requote("a 'b", '\\'), None);
        assert!(diagnostics(ID, "FROM a\nLABEL a 'b\n")[0].fix.is_none());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
