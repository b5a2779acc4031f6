//! Silencing comments (SPEC §4): `# shipshape ignore=a,b` on the line(s) above a finding,
//! `# shipshape ignore-file=a` anywhere, hadolint's `# hadolint ignore=DL3006` (and
//! `# hadolint global ignore=`), and BuildKit's `# check=skip=Name` parser directive.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::rules::REGISTRY;
use crate::syntax::dockerfile::Dockerfile;
use crate::text::LineIndex;

#[derive(Default)]
struct Ignores {
    /// 0-based comment line → rule ids it silences on the line(s) below.
    by_line: HashMap<usize, Vec<String>>,
    file: HashSet<String>,
    /// 0-based comment line → ids hadolint's `# hadolint stage ignore=` silences in the
    /// stage whose FROM is on the next line.
    stage: HashMap<usize, Vec<String>>,
}

fn split_ids(list: &str) -> impl Iterator<Item = &str> {
    list.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty())
}

/// What `# hadolint ignore=CODE` silences: the rules mapping CODE, as `rule` when the rule
/// maps only that code, or `rule#CODE` when it maps several (then only the findings of that
/// code, see [`silences`]).
fn hadolint_rules(code: &str) -> impl Iterator<Item = String> + '_ {
    let shellcheck = crate::config::is_foreign_code(code) && code[..2].eq_ignore_ascii_case("SC");
    let sc = shellcheck.then(|| format!("shellcheck#{}", code.to_ascii_uppercase()));
    sc.into_iter().chain(REGISTRY.iter().map(|r| r.meta()).filter_map(move |m| {
        let c = m.hadolint.iter().find(|c| c.eq_ignore_ascii_case(code))?;
        Some(if m.hadolint.len() == 1 { m.id.to_string() } else { format!("{}#{c}", m.id) })
    }))
}

/// Does an ignore entry (`all`, a rule id, or `rule#DL3013`) silence `d`? A `rule#CODE`
/// entry silences the rule's findings of that code, and those that name no code.
fn silences(entry: &str, d: &Diagnostic) -> bool {
    match entry.split_once('#') {
        Some((rule, code)) => rule == d.rule && d.hadolint.is_none_or(|c| c == code),
        None => entry == "all" || entry == d.rule,
    }
}

fn buildkit_rules(name: &str) -> impl Iterator<Item = &'static str> + '_ {
    REGISTRY
        .iter()
        .map(|r| r.meta())
        .filter(move |m| {
            name.eq_ignore_ascii_case("all") && !m.buildkit.is_empty()
                || m.buildkit.iter().any(|c| c.eq_ignore_ascii_case(name))
        })
        .map(|m| m.id)
}

/// Reads the directives of one comment's text (after `#`).
fn parse_comment(text: &str, line: usize, hadolint: bool, ig: &mut Ignores) {
    let text = text.trim();
    if let Some(rest) = text.strip_prefix("shipshape") {
        let rest = rest.trim_start_matches(':').trim();
        if let Some(list) = rest.strip_prefix("ignore-file=") {
            ig.file.extend(split_ids(list).map(str::to_string));
        } else if let Some(list) = rest.strip_prefix("ignore=") {
            ig.by_line.entry(line).or_default().extend(split_ids(list).map(str::to_string));
        }
    } else if let Some(rest) = text.strip_prefix("hadolint").filter(|_| hadolint) {
        let rest = rest.trim();
        let (scope, rest) = match (rest.strip_prefix("global"), rest.strip_prefix("stage")) {
            (Some(r), _) => ("global", r.trim()),
            (_, Some(r)) => ("stage", r.trim()),
            _ => ("line", rest),
        };
        if let Some(list) = rest.strip_prefix("ignore=") {
            let ids: Vec<String> = split_ids(list).flat_map(hadolint_rules).collect();
            match scope {
                "global" => ig.file.extend(ids),
                "stage" => ig.stage.entry(line).or_default().extend(ids),
                _ => ig.by_line.entry(line).or_default().extend(ids),
            }
        }
    }
}

/// BuildKit's `# check=error=true` makes a failed build check fail the build: the findings
/// of the rules that answer BuildKit checks are then errors (what the build will do).
pub fn apply_check_error(df: &Dockerfile, diags: &mut [Diagnostic]) {
    let Some(check) = df.directive("check") else { return };
    let on = check.value.split(';').any(|p| {
        p.trim().strip_prefix("error=").is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1"))
    });
    if !on {
        return;
    }
    for d in diags.iter_mut() {
        if crate::rules::rule(d.rule).is_some_and(|r| !r.meta().buildkit.is_empty()) {
            d.severity = crate::diagnostic::Severity::Error;
        }
    }
}

/// Removes silenced findings. `df` is the parsed Dockerfile when the file is one (its
/// comments, `# check=` directive and instruction starts are used); Compose files are
/// scanned for `#` comment lines.
pub fn apply(text: &str, df: Option<&Dockerfile>, hadolint: bool, diags: &mut Vec<Diagnostic>) {
    if diags.is_empty() || !text.contains('#') {
        return;
    }
    let index = LineIndex::new(text);
    let mut ig = Ignores::default();
    let mut comment_lines: HashSet<usize> = HashSet::new();
    match df {
        Some(df) => {
            for c in &df.comments {
                let line = index.line_of(c.range.start);
                comment_lines.insert(line);
                parse_comment(&c.text, line, hadolint, &mut ig);
            }
            if let Some(check) = df.directive("check") {
                for part in check.value.split(';') {
                    if let Some(list) = part.trim().strip_prefix("skip=") {
                        ig.file.extend(split_ids(list).flat_map(buildkit_rules).map(str::to_string));
                    }
                }
            }
        }
        None => {
            for line in 0..index.line_count() {
                let l = &text[index.line_range(text, line)];
                if let Some(c) = l.trim_start().strip_prefix('#') {
                    comment_lines.insert(line);
                    parse_comment(c, line, hadolint, &mut ig);
                }
            }
        }
    }
    if ig.by_line.is_empty() && ig.file.is_empty() && ig.stage.is_empty() {
        return;
    }
    // `# hadolint stage ignore=` right above a FROM: the byte range of that stage.
    let mut stages: Vec<(std::ops::Range<usize>, &Vec<String>)> = Vec::new();
    if let Some(df) = df {
        let froms: Vec<usize> = df
            .instructions
            .iter()
            .filter(|i| i.kind == crate::syntax::dockerfile::Kind::From)
            .map(|i| i.range.start)
            .collect();
        for (k, &start) in froms.iter().enumerate() {
            let line = index.line_of(start);
            let Some(ids) = line.checked_sub(1).and_then(|l| ig.stage.get(&l)) else { continue };
            let end = froms.get(k + 1).copied().unwrap_or(text.len());
            stages.push((start..end, ids));
        }
    }
    // Silencing applies above the finding's line and above the first line of the
    // instruction that holds it (a comment above a multi-line RUN covers all of it).
    let starts: Vec<usize> = df.map(|d| d.instructions.iter().map(|i| i.range.start).collect()).unwrap_or_default();
    let silenced_above = |line: usize, d: &Diagnostic| -> bool {
        let mut l = line;
        while l > 0 && comment_lines.contains(&(l - 1)) {
            l -= 1;
            if ig.by_line.get(&l).is_some_and(|ids| ids.iter().any(|i| silences(i, d))) {
                return true;
            }
        }
        false
    };
    diags.retain(|d| {
        if d.rule == "syntax-error" {
            return true;
        }
        if ig.file.iter().any(|i| silences(i, d)) {
            return false;
        }
        if stages.iter().any(|(r, ids)| r.contains(&d.range.start) && ids.iter().any(|i| silences(i, d))) {
            return false;
        }
        let line = index.line_of(d.range.start);
        if silenced_above(line, d) {
            return false;
        }
        let i = starts.partition_point(|&s| s <= d.range.start);
        if i > 0 {
            let inst_line = index.line_of(starts[i - 1]);
            if inst_line != line && silenced_above(inst_line, d) {
                return false;
            }
        }
        true
    });
}

#[cfg(test)]
mod tests {
    use crate::analysis::{check_compose, check_dockerfile, Settings};

    fn settings() -> Settings {
        let ids = ["untagged-image", "latest-tag", "stage-name-casing", "syntax-error"];
        Settings { select: Some(ids.iter().map(|s| s.to_string()).collect()), ..Default::default() }
    }

    fn rules(text: &str) -> Vec<&'static str> {
        check_dockerfile(text, &settings()).into_iter().map(|d| d.rule).collect()
    }

    #[test]
    fn line_above_silences_only_that_instruction() {
        let text = "# shipshape ignore=untagged-image\nFROM node\nFROM redis\n";
        assert_eq!(rules(text), ["untagged-image"]);
        let text = "# a note\n# shipshape ignore=latest-tag, untagged-image\nFROM node\n";
        assert!(rules(text).is_empty());
    }

    #[test]
    fn file_level_hadolint_and_buildkit() {
        assert!(rules("FROM node\n# shipshape ignore-file=untagged-image\nFROM redis\n").is_empty());
        assert!(rules("# hadolint ignore=DL3006,DL3007\nFROM node\n").is_empty());
        assert!(rules("# hadolint global ignore=DL3007\nFROM a:1\nFROM node:latest\n").is_empty());
        assert_eq!(rules("# check=skip=StageNameCasing\nFROM a:1 AS Build\n"), Vec::<&str>::new());
        assert_eq!(rules("# check=skip=all\nFROM a:1 AS Build\nFROM node\n"), ["untagged-image"]);
    }

    #[test]
    fn syntax_errors_cannot_be_silenced() {
        assert_eq!(rules("# shipshape ignore=syntax-error\nRU x\n"), ["syntax-error"]);
    }

    #[test]
    fn compose_comments() {
        let env = |_: &str| None;
        let text = "services:\n  a:\n    # shipshape ignore=untagged-image\n    image: redis\n  b:\n    image: redis\n";
        let d = check_compose(text, &env, &settings());
        assert_eq!(d.len(), 1);
        assert_eq!(&text[d[0].range.clone()], "redis");
        assert!(d[0].range.start > text.find("b:").unwrap());
    }

    #[test]
    fn check_error_true_makes_buildkit_findings_errors() {
        use crate::diagnostic::Severity;
        let settings =
            Settings { select: Some(vec!["stage-name-casing".into(), "untagged-image".into()]), ..Default::default() };
        let sev = |text: &str| -> Vec<(&'static str, Severity)> {
            check_dockerfile(text, &settings).into_iter().map(|d| (d.rule, d.severity)).collect()
        };
        let text = "# check=error=true\nFROM node AS Base\n";
        assert_eq!(sev(text), [("untagged-image", Severity::Warning), ("stage-name-casing", Severity::Error)]);
        let text = "# check=skip=StageNameCasing;error=true\nFROM node AS Base\n";
        assert_eq!(sev(text), [("untagged-image", Severity::Warning)]);
        assert_eq!(sev("FROM node AS Base\n")[1], ("stage-name-casing", Severity::Warning));
    }

    #[test]
    fn hadolint_stage_ignore_covers_the_stage_below() {
        let text = "# hadolint stage ignore=DL3006\nFROM node AS build\nFROM redis\n";
        assert_eq!(rules(text), ["untagged-image"]);
        // Not above a FROM: nothing.
        let text = "FROM a:1\n# hadolint stage ignore=DL3006\nRUN x\nFROM redis\n";
        assert_eq!(rules(text), ["untagged-image"]);
    }
}
