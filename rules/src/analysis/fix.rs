//! Applying fixes: all fixes of the allowed applicability, non-overlapping, re-checked
//! until nothing changes (a fix may reveal or enable another), like `ruff --fix`.

use std::ops::Range;

use crate::diagnostic::{apply_edits, Applicability, Diagnostic, Edit};

/// Rounds of check-and-fix before giving up on a file that keeps changing.
pub const MAX_ROUNDS: usize = 10;

#[derive(Debug, Clone)]
pub struct FixOutcome {
    pub text: String,
    /// How many fixes were applied.
    pub applied: usize,
    /// Findings left after the last round.
    pub remaining: Vec<Diagnostic>,
}

/// Which fixes to apply.
pub fn allowed(a: Applicability, include_unsafe: bool) -> bool {
    match a {
        Applicability::Safe => true,
        Applicability::Unsafe => include_unsafe,
        Applicability::Manual => false,
    }
}

/// Picks fixes whose edits (all in this file) overlap no earlier pick, so each fix applies
/// whole or not at all. Returns the edits and how many fixes they make up.
fn pick(diags: &[Diagnostic], include_unsafe: bool) -> (Vec<&Edit>, usize) {
    // The multi-stage conversion rewrites the stage structure that other fixes place their
    // edits in (a label block for "the final stage" is another stage afterwards): it goes
    // alone, and the others are found again on the converted text.
    let conversion = diags.iter().filter_map(|d| d.fix.as_ref()).find(|f| {
        f.title == crate::refactor::CONVERT_TO_MULTISTAGE
            && allowed(f.applicability, include_unsafe)
            && f.edits.iter().all(|e| e.file.is_none())
    });
    if let Some(f) = conversion {
        return (f.edits.iter().collect(), 1);
    }
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut edits = Vec::new();
    let mut fixes = 0;
    for d in diags {
        let Some(fix) = &d.fix else { continue };
        if !allowed(fix.applicability, include_unsafe)
            || fix.edits.is_empty()
            || fix.edits.iter().any(|e| e.file.is_some())
        {
            continue;
        }
        let overlaps = |r: &Range<usize>| {
            taken
                .iter()
                .any(|t| r.start < t.end && t.start < r.end || (r.start == t.start && (r.is_empty() || t.is_empty())))
        };
        if fix.edits.iter().any(|e| overlaps(&e.range)) {
            continue;
        }
        taken.extend(fix.edits.iter().map(|e| e.range.clone()));
        edits.extend(fix.edits.iter());
        fixes += 1;
    }
    (edits, fixes)
}

/// Fixes `text` with `check` (which analyses a text and returns its findings).
pub fn fix_text(text: &str, include_unsafe: bool, check: &dyn Fn(&str) -> Vec<Diagnostic>) -> FixOutcome {
    let mut current = text.to_string();
    let mut applied = 0;
    let mut diags = check(&current);
    for _ in 0..MAX_ROUNDS {
        let (edits, fixes) = pick(&diags, include_unsafe);
        if edits.is_empty() {
            break;
        }
        let next = apply_edits(&current, &edits);
        if next == current {
            break;
        }
        applied += fixes;
        current = next;
        diags = check(&current);
    }
    FixOutcome { text: current, applied, remaining: diags }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{check_dockerfile, Settings};

    #[test]
    fn applies_safe_fixes_until_stable() {
        let settings =
            Settings { select: Some(vec!["stage-name-casing".into(), "unknown-stage".into()]), ..Default::default() };
        let check = |t: &str| check_dockerfile(t, &settings);
        let out = fix_text("FROM a:1 AS Build\nFROM b:1 AS Other\nCOPY --from=buld /x /y\n", false, &check);
        assert_eq!(out.text, "FROM a:1 AS build\nFROM b:1 AS other\nCOPY --from=build /x /y\n");
        assert_eq!(out.applied, 3);
        assert!(out.remaining.is_empty());
        let again = fix_text(&out.text, false, &check);
        assert_eq!(again.text, out.text, "fixing twice changes nothing more");
        assert_eq!(again.applied, 0);
    }
}
