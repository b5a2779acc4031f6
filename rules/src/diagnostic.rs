//! What rules produce: findings with exact byte ranges and optional fixes.

use std::ops::Range;
use std::path::PathBuf;

use serde::Serialize;

/// How serious a finding is. `Off` only appears in configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "info" | "hint" | "note" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// How safe a fix is to apply without review (ruff's model).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Keeps the meaning of the file; `shipshape fix` applies it.
    Safe,
    /// Changes behaviour in a way a person should review; needs `--unsafe`.
    Unsafe,
    /// A suggestion: the edit is a starting point that needs completing by hand.
    Manual,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
            Applicability::Manual => "manual",
        }
    }
}

/// One text replacement. `file: None` means the file the diagnostic is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub file: Option<PathBuf>,
    pub range: Range<usize>,
    pub new_text: String,
}

impl Edit {
    pub fn replace(range: Range<usize>, new_text: impl Into<String>) -> Self {
        Edit { file: None, range, new_text: new_text.into() }
    }

    pub fn insert(at: usize, new_text: impl Into<String>) -> Self {
        Edit::replace(at..at, new_text)
    }

    pub fn delete(range: Range<usize>) -> Self {
        Edit::replace(range, "")
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A second place that a finding involves (the other duplicate, the line that caused it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: Option<PathBuf>,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Byte range in the analysed file.
    pub range: Range<usize>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
    /// The hadolint code this finding answers, for a rule that maps several
    /// (`unpinned-package` is DL3008 for apt, DL3013 for pip): `# hadolint ignore=DL3013`
    /// then silences only the pip findings, and the output names the code.
    pub hadolint: Option<&'static str>,
}

/// The `hadolint` of a finding that answers no hadolint code although its rule maps one.
pub const NO_HADOLINT_CODE: &str = "";

impl Diagnostic {
    /// Where the finding is explained: ShellCheck's wiki page for its code, else the rule's
    /// docs.
    pub fn url(&self) -> Option<String> {
        match self.hadolint.filter(|c| c.starts_with("SC")) {
            Some(code) => Some(format!("https://www.shellcheck.net/wiki/{code}")),
            None => crate::rules::rule(self.rule).map(|r| r.meta().url()),
        }
    }

    /// The hadolint code of this finding: its own, or its rule's when the rule maps one.
    pub fn hadolint_code(&self) -> Option<&'static str> {
        match self.hadolint {
            Some(NO_HADOLINT_CODE) => None,
            Some(c) => Some(c),
            None => match crate::rules::rule(self.rule)?.meta().hadolint {
                [one] => Some(*one),
                _ => None,
            },
        }
    }
}

/// Applies non-overlapping edits to `text` (edits for other files are ignored).
/// Overlapping edits after the first are skipped, so a batch of fixes never corrupts text.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().copied().filter(|e| e.file.is_none()).collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for e in sorted {
        if e.range.start < pos || e.range.end > text.len() || e.range.start > e.range.end {
            continue;
        }
        if !text.is_char_boundary(e.range.start) || !text.is_char_boundary(e.range.end) {
            continue;
        }
        out.push_str(&text[pos..e.range.start]);
        out.push_str(&e.new_text);
        pos = e.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_sorted_and_skips_overlaps() {
        let a = Edit::replace(0..1, "X");
        let b = Edit::insert(3, "!");
        let c = Edit::replace(0..2, "YY");
        assert_eq!(apply_edits("abc", &[&b, &a, &c]), "Xbc!");
    }
}
