use std::collections::BTreeSet;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::Base;
use crate::options::LabelKind;
use crate::syntax::dockerfile::Kind;

pub struct LabelSchema;

static META: RuleMeta = RuleMeta {
    id: "label-schema",
    summary: "The image's labels do not follow the project's label schema",
    category: Category::Metadata,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3049", "DL3050", "DL3051", "DL3052", "DL3053", "DL3054", "DL3055", "DL3056", "DL3058"],
    buildkit: &[],
    docs: r#"# label-schema

## What it finds
Labels that break the project's label schema (`[label-schema]` in `.shipshape.toml`, or
`label-schema` in a `.hadolint.yaml`), which names the labels every image must carry and
the form of each value: `text`, `url`, `semver`, `hash` (a 7- or 40-digit git commit),
`rfc3339` (a timestamp), `spdx` (a license expression) or `email`. Quiet until a schema
is set. It reports:
- a built stage (the last one, or the `build.target` Compose builds) that lacks a schema
  label, on its `FROM`; labels set in the stages it builds on count;
- a schema label whose value is empty, or not of its form;
- with `strict-labels = true`, a label the schema does not list.

Values written with variables (`version="${VERSION}"`) are only known at build time and
are not judged. `spdx` checks the expression's syntax (`MIT`, `Apache-2.0 OR MIT`,
`GPL-2.0-only WITH Classpath-exception-2.0`), not that each identifier is on the SPDX list.

## Why
Labels are how registries, scanners and deployment tools find an image's version, source
and owner. A schema written once and checked on every Dockerfile keeps that metadata
present and machine-readable: a `version` that is not semver breaks sorting, a `revision`
that is not a commit cannot be traced back.

## Example
With `[label-schema]` `"org.opencontainers.image.version" = "semver"`:
```dockerfile
FROM alpine:3.20
LABEL org.opencontainers.image.version="v1.2"
```

## Fix
Set each required label with a value of its form:
`LABEL org.opencontainers.image.version="1.2.0"`. Values known only at build time come
from build arguments: `ARG VERSION` then `LABEL org.opencontainers.image.version="${VERSION}"`.

## Silence
`# shipshape ignore=label-schema` on the line above, or `ignore = ["label-schema"]` in
`.shipshape.toml`. hadolint's `DL3049`–`DL3056` and `DL3058` are honoured, each for its
own kind of finding.
"#,
};

fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else { return false };
    let mut s = scheme.chars();
    s.next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !v.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`'))
}

fn is_semver(v: &str) -> bool {
    let numeric = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && (s == "0" || !s.starts_with('0'));
    let ident = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let (v, build) = match v.split_once('+') {
        Some((v, b)) => (v, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match v.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (v, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| p.split('.').all(|i| ident(i) && (!i.bytes().all(|b| b.is_ascii_digit()) || numeric(i))))
        && build.is_none_or(|b| b.split('.').all(ident))
}

fn is_hash(v: &str) -> bool {
    (v.len() == 7 || v.len() == 40) && v.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 20 || !digits(0..4) || b[4] != b'-' || !digits(5..7) || b[7] != b'-' || !digits(8..10) {
        return false;
    }
    if !matches!(b[10], b'T' | b't' | b' ') || !digits(11..13) || b[13] != b':' || !digits(14..16) || b[16] != b':' {
        return false;
    }
    if !digits(17..19) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| v[r].parse::<u32>().unwrap_or(99);
    if !(1..=12).contains(&num(5..7))
        || !(1..=31).contains(&num(8..10))
        || num(11..13) > 23
        || num(14..16) > 59
        || num(17..19) > 60
    {
        return false;
    }
    let mut rest = &v[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// SPDX license expression syntax: ids (`MIT`, `LicenseRef-x`, `GPL-2.0+`) joined by
/// `AND`/`OR`, an exception after `WITH`, parentheses.
fn is_spdx(v: &str) -> bool {
    let spaced = v.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let id = |t: &str| {
        let t = t.strip_suffix('+').unwrap_or(t);
        !t.is_empty()
            && t.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':'))
            && !matches!(t, "AND" | "OR" | "WITH" | "and" | "or" | "with")
    };
    // expr := term ((AND|OR) term)* ; term := '(' expr ')' | id (WITH id)?
    fn expr(t: &[&str], i: &mut usize, id: &dyn Fn(&str) -> bool) -> bool {
        loop {
            if !term(t, i, id) {
                return false;
            }
            match t.get(*i) {
                Some(&("AND" | "OR" | "and" | "or")) => *i += 1,
                _ => return true,
            }
        }
    }
    fn term(t: &[&str], i: &mut usize, id: &dyn Fn(&str) -> bool) -> bool {
        match t.get(*i) {
            Some(&"(") => {
                *i += 1;
                if !expr(t, i, id) || t.get(*i) != Some(&")") {
                    return false;
                }
                *i += 1;
                true
            }
            Some(x) if id(x) => {
                *i += 1;
                if matches!(t.get(*i), Some(&("WITH" | "with"))) {
                    *i += 1;
                    return t.get(*i).is_some_and(|x| id(x)) && {
                        *i += 1;
                        true
                    };
                }
                true
            }
            _ => false,
        }
    }
    let mut i = 0;
    !tokens.is_empty() && expr(&tokens, &mut i, &id) && i == tokens.len()
}

fn is_email(v: &str) -> bool {
    // A display name with the address in angle brackets is accepted too.
    let v = match (v.rfind('<'), v.strip_suffix('>')) {
        (Some(i), Some(_)) => &v[i + 1..v.len() - 1],
        _ => v,
    };
    let Some((local, domain)) = v.rsplit_once('@') else { return false };
    !local.is_empty()
        && !local.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';' | ':' | '@'))
        && domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
}

/// The hadolint code and the problem of a value of `kind`, if it is not of that form.
fn bad_value(kind: LabelKind, v: &str) -> Option<(&'static str, &'static str)> {
    let ok = match kind {
        LabelKind::Text => true,
        LabelKind::Url => is_url(v),
        LabelKind::Semver => is_semver(v),
        LabelKind::Hash => is_hash(v),
        LabelKind::Rfc3339 => is_rfc3339(v),
        LabelKind::Spdx => is_spdx(v),
        LabelKind::Email => is_email(v),
    };
    if ok {
        return None;
    }
    Some(match kind {
        LabelKind::Text => unreachable!("text accepts any value"),
        LabelKind::Url => ("DL3052", "is not a URL"),
        LabelKind::Semver => ("DL3056", "is not a semantic version (MAJOR.MINOR.PATCH)"),
        LabelKind::Hash => ("DL3055", "is not a git commit hash (7 or 40 lower-case hex digits)"),
        LabelKind::Rfc3339 => ("DL3053", "is not an RFC 3339 timestamp (2024-05-01T12:00:00Z)"),
        LabelKind::Spdx => ("DL3054", "is not an SPDX license expression"),
        LabelKind::Email => ("DL3058", "is not an email address"),
    })
}

impl Rule for LabelSchema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let schema = &cx.options.label_schema;
        if schema.is_empty() {
            return;
        }
        let df = cx.file;
        // Labels each stage sets, and the values' checks (on every LABEL, built or not).
        let mut set: Vec<BTreeSet<String>> = vec![BTreeSet::new(); cx.model.stages.len()];
        for (s, stage) in cx.model.stages.iter().enumerate() {
            for inst in &df.instructions[stage.instructions.clone()] {
                if inst.kind != Kind::Label {
                    continue;
                }
                for kv in inst.key_values(df.escape) {
                    set[s].insert(kv.key.clone());
                    let Some(kind) = schema.get(&kv.key) else {
                        if cx.options.strict_labels && !kv.key.contains('$') {
                            out.report(kv.key_range.clone(), format!("label `{}` is not in the label schema", kv.key))
                                .with_hadolint("DL3050");
                        }
                        continue;
                    };
                    let value = kv.value.clone().unwrap_or_default();
                    let range = kv.value_range.clone().unwrap_or(kv.range.clone());
                    if value.trim().is_empty() {
                        out.report(range, format!("label `{}` is empty", kv.key)).with_hadolint("DL3051");
                        continue;
                    }
                    if kv.raw_value.as_deref().is_some_and(|r| r.contains('$')) {
                        continue;
                    }
                    if let Some((code, why)) = bad_value(*kind, &value) {
                        out.report(range, format!("label `{}`: `{value}` {why}", kv.key)).with_hadolint(code);
                    }
                }
            }
        }
        for s in cx.built_stages() {
            // Labels are inherited from the stages this one builds on.
            let mut have = BTreeSet::new();
            let mut at = Some(s);
            let mut guard = 0;
            while let Some(i) = at {
                have.extend(set[i].iter().cloned());
                at = match cx.model.stages[i].base {
                    Base::Stage(p) if p < i && guard < 1000 => Some(p),
                    _ => None,
                };
                guard += 1;
            }
            let missing: Vec<&String> = schema.keys().filter(|k| !have.contains(*k)).collect();
            if missing.is_empty() {
                continue;
            }
            let from = &df.instructions[cx.model.stages[s].from];
            let names = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            let plural = if missing.len() == 1 { "" } else { "s" };
            out.report(
                from.keyword_range.clone(),
                format!("{} lacks the label{plural} {names} that the label schema requires", cx.built_stage_name(s)),
            )
            .with_hadolint("DL3049");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{check_dockerfile, Settings};
    use crate::options::RuleOptions;

    fn run(schema: &[(&str, LabelKind)], strict: bool, text: &str) -> Vec<(String, Option<&'static str>)> {
        let settings = Settings {
            select: Some(vec!["label-schema".into()]),
            options: RuleOptions {
                label_schema: schema.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
                strict_labels: strict,
                ..Default::default()
            },
            ..Default::default()
        };
        check_dockerfile(text, &settings)
            .into_iter()
            .filter(|d| d.rule == "label-schema")
            .map(|d| (text[d.range].to_string(), d.hadolint))
            .collect()
    }

    #[test]
    fn missing_labels_on_the_built_stage_with_inheritance() {
        let schema = [("a", LabelKind::Text), ("b", LabelKind::Text)];
        let text = "FROM x AS base\nLABEL a=1\nFROM base\nLABEL b=2\n";
        assert!(run(&schema, false, text).is_empty());
        let text = "FROM x AS build\nLABEL a=1 b=2\nFROM y\nCOPY --from=build /a /a\n";
        assert_eq!(run(&schema, false, text), [("FROM".to_string(), Some("DL3049"))]);
    }

    #[test]
    fn values_are_checked_by_form() {
        let schema = [
            ("v", LabelKind::Semver),
            ("u", LabelKind::Url),
            ("h", LabelKind::Hash),
            ("t", LabelKind::Rfc3339),
            ("l", LabelKind::Spdx),
            ("e", LabelKind::Email),
        ];
        let good = "FROM x\nLABEL v=1.2.3-rc.1+b5 u=https://example.com/x h=0123abc t=2024-05-01T12:00:00.5+02:00 l=\"(MIT OR Apache-2.0) AND GPL-2.0-only WITH Classpath-exception-2.0\" e=\"Jane <jane@example.com>\"\n";
        assert!(run(&schema, false, good).is_empty(), "{:?}", run(&schema, false, good));
        let bad = "FROM x\nLABEL v=v1.2 u=\"not a url\" h=0123ABC t=2024-05-01 l=\"MIT OR\" e=jane@localhost\n";
        let codes: Vec<_> = run(&schema, false, bad).into_iter().map(|f| f.1.unwrap()).collect();
        assert_eq!(codes, ["DL3056", "DL3052", "DL3055", "DL3053", "DL3054", "DL3058"]);
    }

    #[test]
    fn empty_variable_and_strict() {
        let schema = [("v", LabelKind::Semver)];
        assert_eq!(run(&schema, false, "FROM x\nLABEL v=\"\"\n"), [("\"\"".to_string(), Some("DL3051"))]);
        assert!(run(&schema, false, "FROM x\nARG V\nLABEL v=\"${V}\"\n").is_empty());
        assert_eq!(run(&schema, true, "FROM x\nLABEL v=1.0.0 other=1\n"), [("other".to_string(), Some("DL3050"))]);
    }

    #[test]
    fn quiet_without_a_schema() {
        crate::rules::clean_examples::assert_clean("label-schema");
    }
}
