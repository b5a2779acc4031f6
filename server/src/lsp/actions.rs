//! Code actions: the fixes of the findings in range, "ignore this rule" comments, and
//! `source.fixAll.shipshape`.

use ropey::Rope;
use shipshape_rules::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use shipshape_rules::text::{LineEnding, LineIndex};
use shipshape_rules::FileKind;

/// The edit that silences `rule` for the finding: a `# shipshape ignore=` comment above
/// the line (above the instruction's first line in a Dockerfile), or `,rule` appended
/// to such a comment already there.
pub fn ignore_line_edit(kind: FileKind, text: &str, d: &Diagnostic) -> Edit {
    let index = LineIndex::new(text);
    let mut line = index.line_of(d.range.start);
    if kind == FileKind::Dockerfile {
        let df = shipshape_rules::syntax::dockerfile::parse(text);
        if let Some(i) = df.instructions.iter().find(|i| i.range.start <= d.range.start && d.range.start <= i.range.end)
        {
            line = index.line_of(i.range.start);
        }
    }
    if line > 0 {
        let above = index.line_range(text, line - 1);
        let above_text = &text[above.clone()];
        if above_text.trim_start().starts_with("# shipshape ignore=") {
            return Edit::insert(above.end, format!(",{}", d.rule));
        }
    }
    let start = index.line_start(line);
    let indent: String = text[start..].chars().take_while(|c| *c == ' ' || *c == '\t').collect();
    let eol = LineEnding::detect(text).as_str();
    Edit::insert(start, format!("{indent}# shipshape ignore={}{eol}", d.rule))
}

/// The edit that silences `rule` in the whole file: a comment at the top, after any
/// Dockerfile parser directives (which must stay first).
pub fn ignore_file_edit(kind: FileKind, text: &str, rule: &str) -> Edit {
    let eol = LineEnding::detect(text).as_str();
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    if kind == FileKind::Dockerfile {
        let df = shipshape_rules::syntax::dockerfile::parse(text);
        if let Some(last) = df.directives.last() {
            let rest = &text[last.range.end..];
            at = last.range.end + rest.find('\n').map_or(rest.len(), |i| i + 1);
        }
    }
    let prefix = if at == text.len() && !text.is_empty() && !text.ends_with('\n') { eol } else { "" };
    Edit::insert(at, format!("{prefix}# shipshape ignore-file={rule}{eol}"))
}

/// All safe fixes of a document as one edit over the whole text (or `None` if nothing changes).
pub fn fix_all(rope: &Rope, fixed: &str) -> Option<Fix> {
    let current = rope.to_string();
    if current == fixed {
        return None;
    }
    Some(Fix {
        title: "Fix all safe findings (shipshape)".into(),
        applicability: Applicability::Safe,
        edits: vec![Edit::replace(0..current.len(), fixed.to_string())],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_rules::diagnostic::apply_edits;
    use shipshape_rules::Severity;

    fn diag(text: &str, needle: &str, rule: &'static str) -> Diagnostic {
        let start = text.find(needle).unwrap();
        Diagnostic {
            rule,
            severity: Severity::Warning,
            message: String::new(),
            range: start..start + needle.len(),
            fix: None,
            related: Vec::new(),
        }
    }

    #[test]
    fn ignore_comments_above_the_instruction_and_merged() {
        let text = "FROM a:1\nRUN apt-get update && \\\n    apt-get install -y curl\n";
        let d = diag(text, "install", "apt-no-install-recommends");
        let t = apply_edits(text, &[&ignore_line_edit(FileKind::Dockerfile, text, &d)]);
        assert_eq!(t, "FROM a:1\n# shipshape ignore=apt-no-install-recommends\nRUN apt-get update && \\\n    apt-get install -y curl\n");
        let d2 = diag(&t, "RUN", "missing-cache-mount");
        let t2 = apply_edits(&t, &[&ignore_line_edit(FileKind::Dockerfile, &t, &d2)]);
        assert!(t2.contains("# shipshape ignore=apt-no-install-recommends,missing-cache-mount\nRUN"));
    }

    #[test]
    fn compose_ignore_keeps_indentation_and_crlf() {
        let text = "services:\r\n  a:\r\n    image: redis\r\n";
        let d = diag(text, "redis", "untagged-image");
        let t = apply_edits(text, &[&ignore_line_edit(FileKind::Compose, text, &d)]);
        assert_eq!(t, "services:\r\n  a:\r\n    # shipshape ignore=untagged-image\r\n    image: redis\r\n");
    }

    #[test]
    fn ignore_file_goes_after_directives() {
        let text = "# syntax=docker/dockerfile:1\nFROM node\n";
        let t = apply_edits(text, &[&ignore_file_edit(FileKind::Dockerfile, text, "untagged-image")]);
        assert_eq!(t, "# syntax=docker/dockerfile:1\n# shipshape ignore-file=untagged-image\nFROM node\n");
    }
}
