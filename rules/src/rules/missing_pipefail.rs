use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::DockerfileModel;
use crate::model::shell::{Joiner, ShellCommand};
use crate::model::stage::walk;
use crate::syntax::dockerfile::{Dockerfile, Heredoc, Instruction, Kind};
use crate::syntax::image_ref::ImageRef;
use crate::text::LineEnding;

pub struct MissingPipefail;

static META: RuleMeta = RuleMeta {
    id: "missing-pipefail",
    summary: "A `RUN` pipes commands without `pipefail`, so a failure on the left of `|` goes unnoticed",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &["DL4006"],
    buildkit: &[],
    docs: r#"# missing-pipefail

## What it finds
A shell-form `RUN` (or a `RUN <<EOF` script) with a pipe `|` while neither the stage's
`SHELL` (the last one in the stage or the stages it builds on) has `-o pipefail` nor the
script runs `set -o pipefail` (`set -eo pipefail`, `set -euxo pipefail`…) before the pipe.

Not reported: `||`, pipes inside quotes, `case` patterns (`amd64|x86_64)`), pipes fed
by `echo`, `printf` or `yes` (nothing to catch there — and `yes | cmd` would *fail* with
`pipefail`, since `yes` is killed by SIGPIPE), exec-form
`RUN [...]`, heredocs whose shebang is not a shell (`#!/usr/bin/env python3`), and stages
whose `SHELL` is PowerShell or `cmd`, or whose base is a Windows image.

## Why
A pipeline's exit status is that of its *last* command. In
`RUN curl -fsSL https://example.com/install.sh | sh` a failed download (404, DNS, TLS)
gives `sh` an empty script, which succeeds — the step passes and the image is built
without the tool, failing much later at run time. Likewise `curl … | tar x` of an
uncompressed archive extracts nothing and succeeds. With `pipefail` the step fails where the
problem is.

## Example
```dockerfile
FROM debian:12
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
```

## Fix
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
SHELL ["/bin/sh", "-c"]
```
`/bin/sh` is `dash` on Debian and Ubuntu images, which rejects `set -o pipefail`
("Illegal option"), so the quick fix depends on the shell that runs the script:
- Alpine (`ash`) or a `SHELL` that is `bash`, `zsh`, `ksh` or `ash`: it prefixes the command
  with `set -o pipefail && `, or adds a `set -o pipefail` line at the top of the heredoc
  (after its shebang);
- the default `/bin/sh` of any other image: it runs that `RUN` with bash —
  `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` before it, and the shell it had set back
  right after it. Only that step changes shell: the other `RUN`s (bash's `echo` is not
  dash's), a shell-form `CMD` and every image built `FROM` this one keep theirs;
- a script run by `sh`/`dash` explicitly: no fix, use `bash`.

The fix is **unsafe**: a pipeline that used to "succeed" may now fail the build (for
example `grep` finding nothing, or `yes | head`), and bash may read the step differently
from `/bin/sh`.

## Silence
`# shipshape ignore=missing-pipefail` on the line above, or `ignore = ["missing-pipefail"]`
in `.shipshape.toml`. hadolint's `DL4006` is honoured.
"#,
};

/// Shells that understand `-o pipefail`.
const PIPEFAIL_SHELLS: &[&str] = &["bash", "zsh", "ksh", "mksh", "ash"];

/// What decides how a stage's RUN lines are run (read from the shared stage state).
#[derive(Clone, Default)]
struct ShellState {
    /// The `SHELL` array, if one was set.
    shell: Option<Vec<String>>,
    base: Option<ImageRef>,
}

impl ShellState {
    fn program(&self) -> Option<String> {
        let first = self.shell.as_ref()?.first()?;
        Some(basename(first).to_ascii_lowercase())
    }

    fn shell_has_pipefail(&self) -> bool {
        self.shell.as_ref().is_some_and(|s| sets_pipefail(s.iter().map(String::as_str)))
    }

    fn is_alpine(&self) -> bool {
        self.base.as_ref().is_some_and(|b| {
            let repo = b.repository();
            let name = repo.rsplit('/').next().unwrap_or(&repo);
            name == "alpine" || b.tag.as_deref().is_some_and(|t| t.contains("alpine"))
        })
    }

    fn is_windows(&self) -> bool {
        let shell = self.program().unwrap_or_default();
        if matches!(shell.as_str(), "pwsh" | "pwsh.exe" | "powershell" | "powershell.exe" | "cmd" | "cmd.exe") {
            return true;
        }
        self.base.as_ref().is_some_and(|b| {
            crate::model::dockerfile::is_windows_image(&format!(
                "{}:{}",
                b.repository(),
                b.tag.as_deref().unwrap_or("")
            ))
        })
    }

    /// Does the default shell (SHELL, or /bin/sh of the base) accept `set -o pipefail`?
    fn supports_pipefail(&self) -> bool {
        match self.program() {
            Some(p) => PIPEFAIL_SHELLS.contains(&p.as_str()),
            None => self.is_alpine(),
        }
    }
}

fn basename(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// `-o pipefail`, `-eo pipefail`, `-euxo pipefail` among the words.
fn sets_pipefail<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let mut prev = "";
    for w in words {
        if w == "pipefail" && prev.starts_with('-') && !prev.starts_with("--") && prev.ends_with('o') {
            return true;
        }
        prev = w;
    }
    false
}

fn is_set_pipefail(c: &ShellCommand) -> bool {
    c.program() == Some("set") && sets_pipefail(c.words.iter().map(|w| w.text.as_str()))
}

/// Is the text after a `|` a `case` pattern (`x86_64) …`, `b|c) …`)?
fn looks_like_pattern(after: &str) -> bool {
    let line = after.split(['\n', ';', '&']).next().unwrap_or("");
    let Some(close) = line.find(')') else { return false };
    let before = &line[..close];
    !before.trim().is_empty()
        && before.split('|').all(|alt| {
            let t = alt.trim();
            !t.is_empty() && !t.contains(char::is_whitespace) && !t.contains('(')
        })
}

/// Where a script comes from: the RUN line itself or one of its heredocs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Line,
    Heredoc(usize),
}

struct Pipe {
    /// The `|` character.
    range: Range<usize>,
    left: String,
    right: String,
    unit: Unit,
}

/// The first pipe of each unit that runs without `set -o pipefail` before it.
fn unprotected_pipes(df: &Dockerfile, model: &DockerfileModel, inst: &Instruction) -> Vec<Pipe> {
    let cmds = model.run_commands(df, inst);
    let unit_of = |c: &ShellCommand| {
        inst.heredocs
            .iter()
            .position(|h| h.body_range.start <= c.range.start && c.range.end <= h.body_range.end)
            .map_or(Unit::Line, Unit::Heredoc)
    };
    let mut out: Vec<Pipe> = Vec::new();
    let mut protected: Vec<Unit> = Vec::new();
    let mut case_depth: Vec<(Unit, usize)> = Vec::new();
    for (i, c) in cmds.iter().enumerate() {
        let unit = unit_of(c);
        let first = c.words.first().map(|w| w.text.as_str()).unwrap_or("");
        let depth = match case_depth.iter_mut().find(|(u, _)| *u == unit) {
            Some((_, d)) => d,
            None => {
                case_depth.push((unit, 0));
                &mut case_depth.last_mut().expect("just pushed").1
            }
        };
        if first == "case" {
            *depth += 1;
        }
        if c.words.iter().any(|w| w.text == "esac") {
            *depth = depth.saturating_sub(1);
        }
        let in_case = *depth > 0;
        if is_set_pipefail(c) {
            protected.push(unit);
        }
        if c.joiner != Joiner::Pipe || protected.contains(&unit) || out.iter().any(|p| p.unit == unit) {
            continue;
        }
        let after = df.source.get(c.range.end..).unwrap_or("");
        let Some(bar) = after.find('|') else { continue };
        let at = c.range.end + bar;
        if (in_case || first == "case") && looks_like_pattern(&after[bar + 1..]) {
            continue;
        }
        // A pipeline inside `$(…)` or backticks feeds a word (`for x in $(a | b)`,
        // `echo $(a | b)`): its status is not the step's — except in a bare assignment
        // (`V=$(curl … | jq …) && …`), whose status is the substitution's.
        let unit_start = match unit {
            Unit::Line => inst.range.start,
            Unit::Heredoc(h) => inst.heredocs[h].body_range.start,
        };
        let before = df.source.get(unit_start..at).unwrap_or("");
        match substitution_start(before) {
            Some(open) if !bare_assignment(&before[..open]) => continue,
            _ => {}
        }
        // A pipeline that is an `if`/`while` condition (or negated) only picks a branch.
        let mut start = i;
        while start > 0 && cmds[start - 1].joiner == Joiner::Pipe {
            start -= 1;
        }
        let gap_from = if start == 0 { unit_start } else { cmds[start - 1].range.end.max(unit_start) };
        let gap = df.source.get(gap_from..cmds[start].range.start).unwrap_or("");
        if gap
            .split(|ch: char| ch.is_whitespace() || ch == ';')
            .any(|w| matches!(w, "if" | "elif" | "while" | "until" | "!"))
        {
            continue;
        }
        let left = left_program(c);
        // Their failure is not worth checking; and `yes | cmd` would fail with pipefail
        // (yes dies of SIGPIPE).
        if matches!(left.as_str(), "echo" | "printf" | "yes" | "true") {
            continue;
        }
        // The pipeline's status is its last command's: some already fail when the left
        // side fails (no input: `grep -q` finds nothing, `sha256sum -c -` checks nothing).
        let last = cmds[i + 1..].iter().find(|n| n.joiner != Joiner::Pipe);
        if last.is_some_and(fails_without_input) {
            continue;
        }
        let right = cmds.get(i + 1).and_then(|n| n.program()).unwrap_or("").to_string();
        out.push(Pipe { range: at..at + 1, left, right, unit });
    }
    out
}

/// Where the outermost command substitution (`$(` or `` ` ``) still open at the end of
/// `text` starts, if any. Quotes are followed so that a `(` or `` ` `` in a
/// single-quoted string does not count.
fn substitution_start(text: &str) -> Option<usize> {
    // Each open parenthesis: its offset, and whether it is `$(` (not a subshell or `((`).
    let mut stack: Vec<(usize, bool)> = Vec::new();
    let mut backtick: Option<usize> = None;
    let mut single = false;
    let mut double = false;
    let mut chars = text.char_indices();
    let mut prev = ' ';
    while let Some((i, ch)) = chars.next() {
        match ch {
            '\\' if !single => {
                chars.next();
                prev = ' ';
                continue;
            }
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            '`' if !single => backtick = if backtick.is_some() { None } else { Some(i) },
            '(' if !single && (!double || prev == '$') => stack.push((i.saturating_sub(1), prev == '$')),
            ')' if !single => {
                stack.pop();
            }
            _ => {}
        }
        prev = ch;
    }
    let dollar = stack.iter().find(|(_, sub)| *sub).map(|(i, _)| *i);
    match (dollar, backtick) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Does `before` (the text up to a `$(`) end a bare `NAME=` at the start of a command?
fn bare_assignment(before: &str) -> bool {
    let word_start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    let word = &before[word_start..];
    let is_name = |n: &str| {
        n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let Some(name) = word.strip_suffix('=') else { return false };
    if !is_name(name) {
        return false;
    }
    let rest = before[..word_start].trim_end();
    rest.is_empty()
        || ["&&", "||", ";", "(", "{", "then", "do", "else", "RUN", "run"].iter().any(|s| rest.ends_with(s))
        || rest.ends_with(char::is_whitespace)
}

/// A pipeline's last command that fails on empty or cut-off input, so the pipeline fails
/// when the left side does even without `pipefail`.
fn fails_without_input(c: &ShellCommand) -> bool {
    match c.program() {
        // A compressed archive that is empty or cut short fails to decompress.
        Some("tar") => {
            let words: Vec<&str> = c.words.iter().skip(1).map(|w| w.text.as_str()).collect();
            let cluster =
                words.first().filter(|w| !w.starts_with("--")).map(|w| w.trim_start_matches('-')).unwrap_or("");
            let short = |w: &&str| w.starts_with('-') && !w.starts_with("--");
            let extracts = cluster.contains('x')
                || words.iter().any(|w| *w == "--extract" || *w == "--get" || (short(w) && w.contains('x')));
            let compressed = cluster.contains(['z', 'j', 'J'])
                || words.iter().any(|w| {
                    matches!(*w, "-z" | "-j" | "-J" | "--gzip" | "--gunzip" | "--bzip2" | "--xz" | "--zstd" | "--lzma")
                        || (w.starts_with('-') && !w.starts_with("--") && w.contains(['z', 'j', 'J']))
                });
            extracts && compressed
        }
        Some("grep" | "egrep" | "fgrep") => c.has_option("--quiet", Some('q')) || c.has_option("--silent", None),
        Some("sha256sum" | "sha512sum" | "sha1sum" | "md5sum" | "sha384sum" | "sha224sum") => {
            c.has_option("--check", Some('c'))
        }
        _ => false,
    }
}

/// The program on the left of a pipe, also inside `$(…)` (`V=$(curl … | jq …)` → `curl`).
fn left_program(c: &ShellCommand) -> String {
    let tokens: Vec<&str> = c.assignments.iter().chain(&c.words).map(|w| w.text.as_str()).collect();
    let Some(at) = tokens.iter().rposition(|t| t.contains("$(") || t.contains('`')) else {
        return c.program().unwrap_or("").to_string();
    };
    let t = tokens[at];
    let rest = t.rsplit(['(', '`']).next().unwrap_or("");
    let prog = if rest.is_empty() { tokens.get(at + 1).copied().unwrap_or("") } else { rest };
    basename(prog).to_string()
}

/// The interpreter a heredoc's shebang names (`#!/usr/bin/env bash` → `bash`).
fn shebang(body: &str) -> Option<String> {
    let line = body.strip_prefix("#!")?.lines().next().unwrap_or("");
    let mut parts = line.split_whitespace();
    let first = basename(parts.next()?);
    let prog = if first == "env" { parts.find(|p| !p.starts_with('-')).map(basename)? } else { first };
    Some(prog.to_ascii_lowercase())
}

impl Rule for MissingPipefail {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let eol = LineEnding::detect(&df.source).as_str();
        walk(df, cx.model, |_, inst, st| {
            let st = ShellState { shell: st.shell.clone(), base: st.base.clone() };
            if inst.kind == Kind::Run && inst.exec.is_none() && !st.is_windows() {
                check_run(df, cx.model, inst, &st, eol, out);
            }
        });
    }
}

fn check_run(
    df: &Dockerfile,
    model: &DockerfileModel,
    inst: &Instruction,
    st: &ShellState,
    eol: &str,
    out: &mut Findings,
) {
    // `RUN <<EOF` runs the body with SHELL; `RUN bash <<EOF` and `RUN <<EOF bash` feed it to
    // that program, which SHELL's options (`-o pipefail`) do not reach.
    let command: Vec<&str> = inst.args.iter().map(|w| w.text.as_str()).filter(|w| !w.starts_with("<<")).collect();
    let direct = command.is_empty();
    let runner = basename(command.first().copied().unwrap_or("")).to_ascii_lowercase();
    for pipe in unprotected_pipes(df, model, inst) {
        let heredoc: Option<&Heredoc> = match pipe.unit {
            Unit::Line => None,
            Unit::Heredoc(h) => inst.heredocs.get(h),
        };
        let body = heredoc.map(|h| df.text(h.body_range.clone())).unwrap_or("");
        let interpreter = heredoc.and_then(|_| shebang(body));
        // Who runs this script, and does SHELL's pipefail reach it?
        let by_shell = match (heredoc, &interpreter) {
            (None, _) => true,
            (Some(_), Some(_)) => false,
            (Some(_), None) => direct,
        };
        if let Some(i) = &interpreter {
            if !matches!(i.as_str(), "sh" | "dash" | "bash" | "zsh" | "ksh" | "mksh" | "ash" | "busybox") {
                continue;
            }
        }
        if by_shell && st.shell_has_pipefail() {
            continue;
        }
        let message = if pipe.right.is_empty() {
            format!("`{} | …` runs without `pipefail`: if `{}` fails, the step still succeeds", pipe.left, pipe.left)
        } else {
            format!(
                "`{} | {}` runs without `pipefail`: if `{}` fails, the step still succeeds as long as `{}` does",
                pipe.left, pipe.right, pipe.left, pipe.right
            )
        };
        let fix = fix(df, inst, st, heredoc, interpreter.as_deref(), by_shell, &runner, eol);
        let d = out.report(pipe.range.clone(), message);
        if let Some(f) = fix {
            d.with_fix(f);
        }
        // One finding per RUN.
        return;
    }
}

#[allow(clippy::too_many_arguments)]
fn fix(
    df: &Dockerfile,
    inst: &Instruction,
    st: &ShellState,
    heredoc: Option<&Heredoc>,
    interpreter: Option<&str>,
    by_shell: bool,
    runner: &str,
    eol: &str,
) -> Option<Fix> {
    // `sh` is busybox ash on Alpine, which has pipefail; elsewhere it may be dash.
    let shell_ok = |s: &str| PIPEFAIL_SHELLS.contains(&s) || (s == "sh" && st.is_alpine());
    let supports = match (heredoc, interpreter) {
        (_, Some(i)) => shell_ok(i),
        (Some(_), None) if !by_shell => shell_ok(runner),
        _ => st.supports_pipefail(),
    };
    let unsafe_fix =
        |title: &str, edits| Some(Fix { title: title.into(), applicability: Applicability::Unsafe, edits });
    if supports {
        return match heredoc {
            None => {
                let at = inst.args_range().start;
                unsafe_fix("Run `set -o pipefail` first", vec![Edit::insert(at, "set -o pipefail && ")])
            }
            Some(h) => {
                let body = df.text(h.body_range.clone());
                // After the shebang line, if any.
                let at = if body.starts_with("#!") {
                    h.body_range.start + body.find('\n').map_or(body.len(), |n| n + 1)
                } else {
                    h.body_range.start
                };
                if at > h.body_range.end || (at == h.body_range.end && !body.ends_with('\n')) {
                    return None;
                }
                unsafe_fix(
                    "Add `set -o pipefail` at the top of the script",
                    vec![Edit::insert(at, format!("set -o pipefail{eol}"))],
                )
            }
        };
    }
    // /bin/sh may be dash, which has no pipefail: run this RUN — and only this one — with
    // bash. The SHELL before it is set back right after it, so the other RUNs, the image's
    // shell-form CMD and every image built FROM this one keep the shell they had (bash's
    // `echo` and dash's differ).
    if !by_shell {
        return None;
    }
    let src = &df.source;
    let line_start = src[..inst.keyword_range.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &src[line_start..inst.keyword_range.start];
    let indent = if indent.chars().all(|c| c == ' ' || c == '\t') { indent } else { "" };
    let keyword = if inst.keyword.chars().all(|c| c.is_ascii_lowercase()) { "shell" } else { "SHELL" };
    let previous = st.shell.clone().unwrap_or_else(|| vec!["/bin/sh".into(), "-c".into()]);
    let previous: Vec<String> = previous.iter().map(|a| serde_json::Value::from(a.as_str()).to_string()).collect();
    let end = src[inst.range.end..].find('\n').map_or(src.len(), |n| inst.range.end + n + 1);
    let lead = if end == src.len() && !src.ends_with('\n') { eol } else { "" };
    unsafe_fix(
        "Run this RUN with bash and pipefail, and set the shell back after it (/bin/sh may be dash, which has no pipefail)",
        vec![
            Edit::insert(inst.keyword_range.start, format!("{keyword} [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]{eol}{indent}")),
            Edit::insert(end, format!("{lead}{indent}{keyword} [{}]{eol}", previous.join(", "))),
        ],
    )
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{diagnostics, findings, spans};

    const ID: &str = "missing-pipefail";

    fn fix_ok(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Unsafe);
    }

    #[test]
    fn debian_gets_a_bash_shell() {
        let text = "FROM debian:12\nRUN curl -fsSL https://x.sh | sh\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "|");
        assert!(f[0].1.contains("`curl | sh`"), "{}", f[0].1);
        fix_ok(
            text,
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl -fsSL https://x.sh | sh\nSHELL [\"/bin/sh\", \"-c\"]\n",
        );
        // Only the piped RUN runs with bash: the RUNs after it (bash's `echo` is not dash's),
        // the shell-form CMD and images built FROM this one keep the shell they had.
        fix_ok(
            "FROM debian:12\nSHELL [\"/bin/sh\", \"-eu\", \"-c\"]\nRUN a | b\nRUN echo \"x\\ny\" > /f\nCMD x\n",
            "FROM debian:12\nSHELL [\"/bin/sh\", \"-eu\", \"-c\"]\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\nSHELL [\"/bin/sh\", \"-eu\", \"-c\"]\nRUN echo \"x\\ny\" > /f\nCMD x\n",
        );
        // Each piped RUN carries its own fix.
        let d = diagnostics(ID, "FROM debian:12\nRUN a | b\nRUN c | d\n");
        assert_eq!(d.len(), 2);
        assert!(d[0].fix.is_some() && d[1].fix.is_some());
    }

    #[test]
    fn alpine_and_bash_get_a_prefix() {
        fix_ok(
            "FROM alpine:3.20\r\nRUN wget -qO- https://x/a.tgz \\\r\n    | sh\r\n",
            "FROM alpine:3.20\r\nRUN set -o pipefail && wget -qO- https://x/a.tgz \\\r\n    | sh\r\n",
        );
        fix_ok(
            "FROM ubuntu:24.04\nSHELL [\"/bin/bash\", \"-c\"]\nRUN --mount=type=cache,target=/x curl x | sh\n",
            "FROM ubuntu:24.04\nSHELL [\"/bin/bash\", \"-c\"]\nRUN --mount=type=cache,target=/x set -o pipefail && curl x | sh\n",
        );
    }

    #[test]
    fn heredocs() {
        fix_ok(
            "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -e\ncurl x | sh\nEOF\n",
            "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -o pipefail\nset -e\ncurl x | sh\nEOF\n",
        );
        fix_ok(
            "FROM alpine:3.20\nRUN <<EOF\ncurl x | sh\nEOF\n",
            "FROM alpine:3.20\nRUN <<EOF\nset -o pipefail\ncurl x | sh\nEOF\n",
        );
        fix_ok(
            "FROM debian:12\nRUN bash -e <<EOF\ncurl x | sh\nEOF\n",
            "FROM debian:12\nRUN bash -e <<EOF\nset -o pipefail\ncurl x | sh\nEOF\n",
        );
        // The program after the marker runs the body: a SHELL with pipefail would not reach
        // it (bash started by `bash -o pipefail -c` does not inherit the option).
        fix_ok(
            "FROM debian:12\nRUN <<EOF bash\ncurl x | sh\nEOF\n",
            "FROM debian:12\nRUN <<EOF bash\nset -o pipefail\ncurl x | sh\nEOF\n",
        );
        assert_eq!(diagnostics(ID, "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF bash\ncurl x | sh\nEOF\n").len(), 1);
        // Run by /bin/sh: the SHELL fix reaches it.
        fix_ok(
            "FROM debian:12\nRUN <<EOF\ncurl x | sh\nEOF\n",
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF\ncurl x | sh\nEOF\nSHELL [\"/bin/sh\", \"-c\"]\n",
        );
        fix_ok(
            "FROM alpine:3.20\nRUN <<EOF\n#!/bin/sh\ncurl x | sh\nEOF\n",
            "FROM alpine:3.20\nRUN <<EOF\n#!/bin/sh\nset -o pipefail\ncurl x | sh\nEOF\n",
        );
        // `sh` explicitly: reported, no fix.
        let d = diagnostics(ID, "FROM debian:12\nRUN sh <<EOF\ncurl x | sh\nEOF\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN curl x | sh\n",
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-euxo\", \"pipefail\", \"-c\"]\nRUN curl x | sh\n",
            "FROM debian:12 AS base\nSHELL [\"/bin/ash\", \"-eo\", \"pipefail\", \"-c\"]\nFROM base\nRUN curl x | sh\n",
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN <<EOF\ncurl x | sh\nEOF\n",
            "FROM debian:12\nRUN set -o pipefail && curl x | sh\n",
            "FROM debian:12\nRUN set -euxo pipefail; curl x | sh\n",
            "FROM debian:12\nRUN <<EOF\n#!/bin/bash\nset -Eeuo pipefail\ncurl x | sh\nEOF\n",
            "FROM debian:12\nRUN test -f /x || exit 1\n",
            "FROM debian:12\nRUN echo 'a | b' && grep -E \"x|y\" f\n",
            "FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"curl x | sh\"]\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir | findstr x\n",
            "FROM debian:12\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-ChildItem | Select-Object Name\n",
            "FROM debian:12\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF\n",
            "FROM debian:12\nRUN cat <<EOF > /x.sh\ncurl x | sh\nEOF\n",
            "FROM debian:12\nRUN case \"$(dpkg --print-architecture)\" in amd64|x86_64) A=x64 ;; arm64|aarch64) A=arm64 ;; esac && echo $A\n",
            "FROM debian:12\nRUN <<EOF\ncase \"$arch\" in\n  amd64|x86_64) a=x ;;\n  arm64 | aarch64 | armv8) a=y ;;\nesac\nEOF\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn harmless_left_sides() {
        assert!(spans(ID, "FROM debian:12\nRUN echo 'root:x' | chpasswd && yes | apt-get install x\n").is_empty());
        assert_eq!(spans(ID, "FROM debian:12\nRUN echo x | a | b\n"), ["|"]);
    }

    #[test]
    fn command_substitution() {
        let f = findings(ID, "FROM debian:12\nRUN V=$(curl -s https://x | jq -r .tag) && echo $V\n");
        assert!(f[0].1.contains("`curl | jq`"), "{}", f[0].1);
    }

    #[test]
    fn pipes_whose_status_is_not_the_steps() {
        for text in [
            // Lists and arguments built from a substitution.
            "FROM debian:12\nRUN for f in $(ls /x | grep y); do echo $f; done\n",
            "FROM debian:12\nRUN echo \"$(uname -m | tr a-z A-Z)\" > /arch\n",
            "FROM debian:12\nRUN cp `ls /x | head -1` /y\n",
            // The last command already fails when the left side does.
            "FROM debian:12\nRUN dpkg -l | grep -q libssl && echo ok\n",
            "FROM debian:12\nRUN curl -fsSL https://x/a.sha256 | sha256sum -c -\n",
            "FROM debian:12\nRUN curl -fsSL https://x | tee /y | grep --quiet ok\n",
            "FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar -xzf - -C /opt\n",
            "FROM debian:12\nRUN wget -qO- https://x/a.txz | tar xJ\n",
            "FROM debian:12\nRUN curl -fsSL https://x/a.tgz | tar -C /usr/local/bin -xzv --strip-components=1\n",
            // Conditions only pick a branch.
            "FROM debian:12\nRUN if head -1 .git | grep -q ^gitdir:; then echo sub; fi\n",
            "FROM debian:12\nRUN while read l | cat; do :; done\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
        // A bare assignment's status is its substitution's: reported.
        assert_eq!(spans(ID, "FROM debian:12\nRUN set -e; V=$(curl -s https://x | jq -r .tag); echo $V\n"), ["|"]);
        assert_eq!(spans(ID, "FROM debian:12\nRUN curl -s https://x | grep -v y > /z\n"), ["|"]);
    }

    #[test]
    fn pipe_inside_a_case_branch_counts() {
        let text = "FROM debian:12\nRUN case x in a) curl x | sh ;; esac\n";
        assert_eq!(spans(ID, text), ["|"]);
    }

    #[test]
    fn lowercase_keywords_and_indent() {
        fix_ok(
            "from debian:12\n  run a | b\n",
            "from debian:12\n  shell [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n  run a | b\n  shell [\"/bin/sh\", \"-c\"]\n",
        );
    }
}
