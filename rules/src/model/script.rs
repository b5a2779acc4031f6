//! The shell scripts that `RUN` instructions hand to a shell, as an external checker
//! (ShellCheck) needs them: the dialect the stage's `SHELL` runs, the ARG and ENV names in
//! scope declared (so they are not "referenced but not assigned"), and a map from positions
//! in the script back to exact ranges of the Dockerfile. The checker itself runs outside
//! the core; [`crate::analysis::shellcheck_findings`] turns what it says into findings.

use std::ops::Range;

use crate::model::dockerfile::DockerfileModel;
use crate::model::stage::walk;
use crate::syntax::dockerfile::{Dockerfile, Kind};

/// Variables BuildKit passes to every RUN without an ARG (the proxy settings).
const PREDEFINED: [&str; 8] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellScript {
    /// Index of the RUN in [`Dockerfile::instructions`].
    pub instruction: usize,
    /// `sh`, `bash`, `dash` or `ksh` (what ShellCheck's `--shell` takes).
    pub dialect: &'static str,
    /// `sh` is BusyBox ash here (Alpine, BusyBox images), which has extensions POSIX sh
    /// lacks: ShellCheck's "undefined in POSIX sh" warnings for those are wrong here.
    pub busybox: bool,
    /// What the checker reads: a shebang and `export NAME=1` lines, then the body.
    pub text: String,
    /// Byte length of the header before the body.
    header: usize,
    /// Pieces of the body: (start in `text`, end in `text`, where they come from).
    pieces: Vec<(usize, usize, Origin)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// The RUN's shell-form arguments: logical offsets from `args_logical.start`.
    Args,
    /// Source text starting at this byte (a heredoc body).
    Source(usize),
    /// Text we wrote (a heredoc terminator): points at this source range.
    Written(Range<usize>),
}

/// The shell a stage's `SHELL` runs, as ShellCheck names it; `None` when ShellCheck cannot
/// check it (zsh, fish, PowerShell, cmd, anything else).
fn dialect_of(program: &str) -> Option<&'static str> {
    match program.rsplit('/').next().unwrap_or(program) {
        "sh" | "ash" | "busybox" => Some("sh"),
        "bash" => Some("bash"),
        "dash" => Some("dash"),
        "ksh" | "mksh" => Some("ksh"),
        _ => None,
    }
}

/// The dialect a `#!` line asks for: `Some(None)` when it names something ShellCheck cannot
/// check (python), `None` when there is no shebang.
fn shebang_dialect(body: &str) -> Option<Option<&'static str>> {
    let line = body.strip_prefix("#!")?.lines().next().unwrap_or("");
    let mut words = line.split_whitespace();
    let first = words.next().unwrap_or("");
    let program = if first.ends_with("/env") { words.find(|w| !w.starts_with('-')).unwrap_or("") } else { first };
    Some(dialect_of(program))
}

/// Every RUN script ShellCheck can read. Exec-form RUNs run no shell; files whose shell is
/// not POSIX (Windows, `# hadolint shell=powershell`) give none.
pub fn shell_scripts(df: &Dockerfile, model: &DockerfileModel) -> Vec<ShellScript> {
    if df.non_posix_shell {
        return Vec::new();
    }
    let mut out = Vec::new();
    walk(df, model, |i, inst, state| {
        if inst.kind != Kind::Run || inst.exec.is_some() {
            return;
        }
        let shell = state.shell.as_ref().and_then(|s| s.first()).map_or("/bin/sh", String::as_str);
        let Some(stage_dialect) = dialect_of(shell) else { return };
        let busybox = state.base.as_ref().is_some_and(|b| {
            let repo = b.repository();
            repo.ends_with("/alpine")
                || repo.ends_with("/busybox")
                || b.tag.as_deref().is_some_and(|t| t.contains("alpine") || t.contains("busybox"))
        });
        let mut names: Vec<&str> = state.env.keys().map(String::as_str).chain(PREDEFINED).collect();
        names.sort_unstable();
        names.dedup();
        let header_for = |dialect: &str| {
            let mut h = format!("#!/bin/{dialect}\n");
            for n in &names {
                h.push_str(&format!("export {n}=1\n"));
            }
            h
        };
        let args = inst.args_text();
        let first = inst.args.first().map(|w| w.text.as_str()).unwrap_or("");
        let runner = dialect_of(first).filter(|_| !inst.heredocs.is_empty());
        // `RUN <<EOF` (the heredoc is the script) and `RUN bash <<EOF` (a shell reads it).
        let script_heredoc = inst.heredocs.first().filter(|h| {
            (first.starts_with("<<") && inst.args.len() == 1) || runner.is_some() && h.marker_range.start > 0
        });
        if let Some(h) = script_heredoc {
            let body = &df.source[h.body_range.clone()];
            let dialect = match shebang_dialect(body) {
                Some(Some(d)) => d,
                Some(None) => return,
                None => runner.unwrap_or(stage_dialect),
            };
            let mut text = header_for(dialect);
            let header = text.len();
            // A shebang in the body is a comment to the checker once ours comes first.
            text.push_str(body);
            out.push(ShellScript {
                instruction: i,
                dialect,
                busybox: busybox && dialect == "sh",
                pieces: vec![(header, text.len(), Origin::Source(h.body_range.start))],
                text,
                header,
            });
            return;
        }
        // The shell-form text, with any heredoc bodies fed to its commands after it.
        let mut text = header_for(stage_dialect);
        let header = text.len();
        text.push_str(args);
        let mut pieces = vec![(header, text.len(), Origin::Args)];
        for h in &inst.heredocs {
            text.push('\n');
            let start = text.len();
            text.push_str(&df.source[h.body_range.clone()]);
            pieces.push((start, text.len(), Origin::Source(h.body_range.start)));
            if !text.ends_with('\n') {
                text.push('\n');
            }
            let start = text.len();
            text.push_str(&h.delimiter);
            let at = h.terminator_range.clone().unwrap_or(h.body_range.end..h.body_range.end);
            pieces.push((start, text.len(), Origin::Written(at)));
        }
        text.push('\n');
        out.push(ShellScript {
            instruction: i,
            dialect: stage_dialect,
            busybox: busybox && stage_dialect == "sh",
            text,
            header,
            pieces,
        });
    });
    out
}

impl ShellScript {
    /// Byte offset in [`text`](Self::text) of a 1-based line and column as ShellCheck counts
    /// them (characters; a tab is one).
    fn offset(&self, line: usize, column: usize) -> usize {
        let mut start = 0;
        for _ in 1..line.max(1) {
            match self.text[start..].find('\n') {
                Some(n) => start += n + 1,
                None => return self.text.len(),
            }
        }
        let rest = &self.text[start..];
        let end_of_line = rest.find('\n').unwrap_or(rest.len());
        let col = rest[..end_of_line].char_indices().nth(column.saturating_sub(1)).map_or(end_of_line, |(b, _)| b);
        start + col
    }

    /// The Dockerfile range of a checker's span (1-based lines and columns, end exclusive).
    pub fn source_range(&self, df: &Dockerfile, from: (usize, usize), to: (usize, usize)) -> Range<usize> {
        let inst = &df.instructions[self.instruction];
        let a = self.offset(from.0, from.1);
        let b = self.offset(to.0, to.1).max(a);
        let map = |o: usize, end: bool| -> usize {
            let piece = self.pieces.iter().find(|(s, e, _)| o >= *s && (o < *e || (end && o == *e)));
            match piece {
                Some((s, _, Origin::Args)) => {
                    let logical = inst.args_logical.start + (o - s);
                    if end && o > *s {
                        inst.line.source_range(logical - 1..logical).end
                    } else {
                        inst.line.source_range(logical..logical + 1).start
                    }
                }
                Some((s, _, Origin::Source(at))) => at + (o - s),
                Some((_, _, Origin::Written(r))) => {
                    if end {
                        r.end
                    } else {
                        r.start
                    }
                }
                // The header (a finding about the declared names): the instruction's keyword.
                None => {
                    if end {
                        inst.keyword_range.end
                    } else {
                        inst.keyword_range.start
                    }
                }
            }
        };
        if a < self.header {
            return inst.keyword_range.clone();
        }
        let start = map(a, false);
        let end = map(b, true).max(start);
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    fn scripts(text: &str) -> (Dockerfile, Vec<ShellScript>) {
        let df = parse(text);
        let model = DockerfileModel::build(&df);
        let s = shell_scripts(&df, &model);
        (df, s)
    }

    /// The source text a checker span (in the script's body lines) points at.
    fn at(text: &str, s: usize, needle: &str) -> String {
        let (df, scripts) = scripts(text);
        let sc = &scripts[s];
        let pos = sc.text[sc.header..].find(needle).expect("needle in body") + sc.header;
        let line = sc.text[..pos].matches('\n').count() + 1;
        let col = sc.text[..pos].rsplit('\n').next().unwrap().chars().count() + 1;
        let r = sc.source_range(&df, (line, col), (line, col + needle.chars().count()));
        df.source[r].to_string()
    }

    #[test]
    fn shell_form_maps_through_continuations() {
        let text = "FROM a\nARG V=1\nRUN --mount=type=cache,target=/x echo $V \\\n    && echo $é \\\n  # a comment\n  && ls $x\n";
        let (_, s) = scripts(text);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].dialect, "sh");
        assert!(s[0].text.contains("export V=1\n"), "{}", s[0].text);
        assert!(s[0].text.ends_with("echo $V     && echo $é   && ls $x\n"), "{:?}", s[0].text);
        assert_eq!(at(text, 0, "$x"), "$x");
        assert_eq!(at(text, 0, "$é"), "$é");
        assert_eq!(at(text, 0, "&& echo"), "&& echo");
    }

    #[test]
    fn heredocs_shells_and_dialects() {
        let text = "FROM a\nSHELL [\"/bin/bash\", \"-c\"]\nRUN <<EOF\necho $y\nEOF\nRUN python3 <<EOF\nprint(1)\nEOF\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\nRUN [\"echo\", \"$z\"]\nRUN sh <<EOF\nls $w\nEOF\n";
        let (_, s) = scripts(text);
        let d: Vec<_> = s.iter().map(|s| (s.instruction, s.dialect)).collect();
        assert_eq!(d, [(2, "bash"), (3, "bash"), (6, "sh")]);
        assert_eq!(at(text, 0, "$y"), "$y");
        assert_eq!(at(text, 2, "$w"), "$w");
        // Data for another program is fed to it, not checked as shell.
        assert!(s[1].text.ends_with("python3 <<EOF\nprint(1)\nEOF\n"), "{:?}", s[1].text);
    }

    #[test]
    fn other_shells_are_left_alone() {
        assert!(scripts("FROM a\nSHELL [\"zsh\", \"-c\"]\nRUN ls\n").1.is_empty());
        assert!(scripts("FROM a\n# hadolint shell=pwsh\nRUN ls\n").1.is_empty());
        assert_eq!(scripts("FROM a\nSHELL [\"zsh\", \"-c\"]\nFROM b\nRUN ls\n").1.len(), 1);
    }
}
