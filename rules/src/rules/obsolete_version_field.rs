use std::ops::Range;

use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};

pub struct ObsoleteVersionField;

static META: RuleMeta = RuleMeta {
    id: "obsolete-version-field",
    summary: "The top-level `version` of a Compose file is obsolete and ignored",
    category: Category::Compose,
    default_severity: Some(Severity::Warning),
    target: Target::Compose,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# obsolete-version-field

## What it finds
A top-level `version:` key (`version: "3.8"`) in a Compose file.

## Why
The Compose Specification dropped file-format versions: Docker Compose v2 reads every
file with the same, latest rules whatever `version` says, and prints a warning on each
run ("the attribute `version` is obsolete, it will be ignored"). Keeping it suggests the
file is limited to the features of that old format, which is no longer true, and the
warning hides the ones that matter in CI logs.

## Example
```yaml
version: "3.8"

services:
  web:
    image: nginx:1.27
```

## Fix
Delete the line. The quick fix (safe: Compose ignores the key, so nothing changes) removes
the `version` line with its line break, and the blank line after it when that would
otherwise open the file or double a blank line.

## Silence
`# shipshape ignore=obsolete-version-field` on the line above, or
`ignore = ["obsolete-version-field"]` in `.shipshape.toml`.
"#,
};

impl Rule for ObsoleteVersionField {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let Some((value, range)) = &cx.file.version else { return };
        let d = out.report(
            range.clone(),
            format!("`version: {}` is obsolete: Compose ignores it and warns on every run; remove it", value.value),
        );
        let aliased = cx.file.root().and_then(|r| r.entry("version")).is_some_and(|e| e.value.via_alias.is_some());
        if let Some(del) = (!aliased).then(|| line_span(&cx.file.source, range.clone())).flatten() {
            d.with_fix(Fix {
                title: "Remove the obsolete `version` line".into(),
                applicability: Applicability::Safe,
                edits: vec![Edit::delete(del)],
            });
        }
    }
}

/// The whole lines of `range` with their line terminator, plus one following blank line
/// when the removed lines start the file or follow a blank line. `None` when something
/// else shares those lines (a flow mapping, another key).
fn line_span(src: &str, range: Range<usize>) -> Option<Range<usize>> {
    let start = src.get(..range.start)?.rfind('\n').map_or(0, |i| i + 1);
    if !src[start..range.start].chars().all(|c| c == ' ') {
        return None;
    }
    let after = src.get(range.end..)?;
    let line_end = after.find('\n').map_or(src.len(), |i| range.end + i + 1);
    let tail = src[range.end..line_end].trim_end_matches(['\n', '\r']).trim_start_matches([' ', '\t']);
    if !tail.is_empty() && !tail.starts_with('#') {
        return None;
    }
    let mut end = line_end;
    let starts_file_or_follows_blank =
        start == 0 || src[..start.saturating_sub(1)].rsplit('\n').next().is_some_and(|l| l.trim().is_empty());
    if starts_file_or_follows_blank {
        let next = &src[end..];
        if let Some(i) = next.find('\n') {
            if next[..i].trim().is_empty() {
                end += i + 1;
            }
        }
    }
    if line_end == src.len() && start > 0 && !src[..start].ends_with("\n\n") {
        // The last line: take the line break before it instead, so no blank line remains.
        let prev = if src[..start].ends_with("\r\n") { start - 2 } else { start - 1 };
        return Some(prev..end);
    }
    Some(start..end)
}

#[cfg(test)]
mod tests {
    use crate::analysis::{check_compose, Settings};
    use crate::diagnostic::{apply_edits, Applicability};
    use crate::rules::test_util::compose_spans;

    const RULE: &str = "obsolete-version-field";

    fn fixed(text: &str) -> Option<(String, Applicability)> {
        let env = |_: &str| None;
        let settings = Settings { select: Some(vec![RULE.into()]), ..Default::default() };
        let d = check_compose(text, &env, &settings);
        let fix = d.iter().find_map(|d| d.fix.clone())?;
        Some((apply_edits(text, &fix.edits.iter().collect::<Vec<_>>()), fix.applicability))
    }

    fn assert_fix(before: &str, after: &str) {
        let (t, app) = fixed(before).expect("a fix");
        assert_eq!(t, after);
        assert_eq!(app, Applicability::Safe);
        assert!(crate::syntax::compose::parse(&t).errors().is_empty());
        assert!(compose_spans(RULE, &t).is_empty());
    }

    #[test]
    fn reports_the_key_and_value() {
        assert_eq!(compose_spans(RULE, "version: \"3.8\"\nservices: {}\n"), ["version: \"3.8\""]);
        assert_eq!(compose_spans(RULE, "services: {}\nversion: '2'\n"), ["version: '2'"]);
        assert!(compose_spans(RULE, "services:\n  web:\n    image: a:1\n    version: 1\n").is_empty());
        assert!(compose_spans(RULE, "services: {}\n").is_empty());
    }

    #[test]
    fn removes_the_line_and_the_blank_line_after_it() {
        assert_fix("version: \"3.8\"\n\nservices:\n  web:\n    image: a:1\n", "services:\n  web:\n    image: a:1\n");
        assert_fix("version: \"3.8\"\r\n\r\nservices: {}\r\n", "services: {}\r\n");
        assert_fix("# app\nversion: '3' # old\nservices: {}\n", "# app\nservices: {}\n");
        assert_fix("services: {}\n\nversion: '3'\n\nvolumes: {}\n", "services: {}\n\nvolumes: {}\n");
        assert_fix("services: {}\nversion: '3'", "services: {}");
        assert_fix("version: 3.8\n", "");
    }

    #[test]
    fn no_fix_when_the_line_holds_more() {
        assert_eq!(compose_spans(RULE, "{version: '3', services: {}}\n").len(), 1);
        assert!(fixed("{version: '3', services: {}}\n").is_none());
    }
}
