//! The commands a `RUN` executes: its shell-form text (or heredoc script) split into
//! simple commands with words and source ranges. Enough of POSIX shell for the rules —
//! quotes, escapes, `&&`/`||`/`;`/`|`/`&`, newlines, subshell parentheses and comments —
//! not a full shell parser.

use std::ops::Range;

use crate::syntax::dockerfile::{Dockerfile, Instruction, Kind};

/// How a simple command is joined to the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Joiner {
    And,
    Or,
    Seq,
    Pipe,
    Background,
    End,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellWord {
    /// Unquoted text.
    pub text: String,
    /// Source range of the word as written.
    pub range: Range<usize>,
}

/// A program that runs the command after it (`sudo -E`, `env A=1`, `nice -n 5`), stripped
/// from [`ShellCommand::words`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapper {
    /// The wrapper's own word (`sudo`, `/usr/bin/env`).
    pub program: ShellWord,
    /// Its options, their values and (for `env`) assignments, up to the wrapped program.
    pub options: Vec<ShellWord>,
}

impl Wrapper {
    /// The wrapper's name without its directory.
    pub fn name(&self) -> &str {
        basename(&self.program.text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    /// Words after leading `VAR=value` assignments and wrappers such as `sudo`.
    pub words: Vec<ShellWord>,
    /// Leading `VAR=value` assignments.
    pub assignments: Vec<ShellWord>,
    /// The wrappers in front of the program, outermost first (`sudo` in `sudo -E apt-get …`).
    pub wrappers: Vec<Wrapper>,
    /// Source range from the first to the last word.
    pub range: Range<usize>,
    /// What follows this command.
    pub joiner: Joiner,
    /// This command's output is piped into the next one.
    pub piped: bool,
}

/// Shell keywords that may precede a simple command (`if ! cmd`, `then cmd`, `do cmd`).
const KEYWORDS: &[&str] = &["if", "then", "elif", "else", "do", "while", "until", "!"];

/// Programs that run the command given after their own options, with the options that
/// take a value as the next word (`sudo -u postgres psql` runs `psql`).
const WRAPPERS: &[(&str, &[&str])] = &[
    (
        "sudo",
        &[
            "-u",
            "-g",
            "-C",
            "-D",
            "-p",
            "-r",
            "-t",
            "-U",
            "-T",
            "-R",
            "--user",
            "--group",
            "--close-from",
            "--chdir",
            "--prompt",
            "--role",
            "--type",
            "--other-user",
            "--command-timeout",
            "--chroot",
        ],
    ),
    ("env", &["-u", "-C", "--unset", "--chdir"]),
    ("nice", &["-n", "--adjustment"]),
    ("nohup", &[]),
    ("time", &["-f", "-o", "--format", "--output"]),
    ("command", &[]),
    ("exec", &["-a"]),
    ("eatmydata", &[]),
];

fn basename(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

/// Takes the wrappers (with their options) off the front of `words`. A wrapper with
/// nothing after it (`sudo -v`) is the command itself and stays.
fn strip_wrappers(words: &mut Vec<ShellWord>) -> Vec<Wrapper> {
    let mut out = Vec::new();
    while let Some((_, valued)) = words.first().and_then(|w| WRAPPERS.iter().find(|(n, _)| *n == basename(&w.text))) {
        // Count the wrapper's options (and their values) before the wrapped program.
        let mut n = 1;
        while let Some(w) = words.get(n) {
            let t = w.text.as_str();
            if t == "--" {
                n += 1;
                break;
            }
            if is_assignment(t) {
                n += 1;
                continue;
            }
            if !t.starts_with('-') || t == "-" {
                break;
            }
            n += 1;
            let takes_value = if t.starts_with("--") {
                valued.contains(&t)
            } else {
                // `-u user`, `-Eu user`; `-uuser` carries its value.
                t.char_indices()
                    .skip(1)
                    .find(|&(_, c)| valued.contains(&format!("-{c}").as_str()))
                    .is_some_and(|(i, c)| i + c.len_utf8() == t.len())
            };
            if takes_value && words.get(n).is_some() {
                n += 1;
            }
        }
        // `command -v curl` asks where `curl` is; it runs nothing.
        let queries =
            basename(&words[0].text) == "command" && words[1..n].iter().any(|w| w.text == "-v" || w.text == "-V");
        if n >= words.len() || queries {
            break;
        }
        let mut taken: Vec<ShellWord> = words.drain(..n).collect();
        let program = taken.remove(0);
        out.push(Wrapper { program, options: taken });
    }
    out
}

impl ShellCommand {
    /// The program name without its directory (`/usr/bin/apt-get` → `apt-get`).
    pub fn program(&self) -> Option<&str> {
        self.words.first().map(|w| basename(&w.text))
    }

    /// Does the command run under wrapper `name` (`sudo`)?
    pub fn wrapped_by(&self, name: &str) -> Option<&Wrapper> {
        self.wrappers.iter().find(|w| w.name() == name)
    }

    /// Words after the program that are not options (`-y`, `--quiet`).
    pub fn operands(&self) -> impl Iterator<Item = &ShellWord> {
        self.words.iter().skip(1).filter(|w| !w.text.starts_with('-'))
    }

    /// The first operand: `install` in `apt-get -y install curl`.
    pub fn subcommand(&self) -> Option<&str> {
        self.operands().next().map(|w| w.text.as_str())
    }

    /// Is an option present (`--no-cache`, or a short flag inside a cluster like `-qy`)?
    pub fn has_option(&self, long: &str, short: Option<char>) -> bool {
        self.words.iter().skip(1).any(|w| {
            let t = w.text.as_str();
            t == long
                || t.strip_prefix(long).is_some_and(|r| r.starts_with('='))
                || short.is_some_and(|c| t.starts_with('-') && !t.starts_with("--") && t[1..].contains(c))
        })
    }
}

/// A piece of script text with a map to the source: `(text offset, source offset)` segments.
struct Script<'a> {
    text: &'a str,
    map: &'a dyn Fn(Range<usize>) -> Range<usize>,
}

/// Is `program` pip (`pip`, `pip3`, `pip3.12`)? Not `pipx` or `pipenv`, other tools.
pub fn is_pip(program: &str) -> bool {
    program.strip_prefix("pip").is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// The commands of a `RUN` (shell form and heredoc scripts). Exec-form RUNs run no shell:
/// their single command is returned as is.
pub fn run_commands(df: &Dockerfile, inst: &Instruction) -> Vec<ShellCommand> {
    if inst.kind != Kind::Run {
        return Vec::new();
    }
    commands(df, inst)
}

/// The commands a `RUN`, `CMD` or `ENTRYPOINT` runs (what the container runs, for the last two).
pub fn commands(df: &Dockerfile, inst: &Instruction) -> Vec<ShellCommand> {
    if !matches!(inst.kind, Kind::Run | Kind::Cmd | Kind::Entrypoint) {
        return Vec::new();
    }
    if let Some(exec) = &inst.exec {
        let mut words: Vec<ShellWord> =
            exec.iter().map(|a| ShellWord { text: a.value.clone(), range: a.range.clone() }).collect();
        let range = match (words.first(), words.last()) {
            (Some(a), Some(b)) => a.range.start..b.range.end,
            _ => inst.range.clone(),
        };
        let wrappers = strip_wrappers(&mut words);
        return vec![ShellCommand {
            words,
            assignments: Vec::new(),
            wrappers,
            range,
            joiner: Joiner::End,
            piped: false,
        }];
    }
    // PowerShell or cmd scripts are not split as POSIX shell: the rules reading commands
    // say nothing of them rather than something wrong.
    if df.non_posix_shell {
        return Vec::new();
    }
    let mut out = Vec::new();
    let args = inst.args_logical.clone();
    let line = &inst.line;
    let map = |r: Range<usize>| line.source_range(args.start + r.start..args.start + r.end);
    let text = inst.args_text();
    split(&Script { text, map: &map }, df.escape, &mut out);
    // A heredoc is a script when the RUN runs it directly (`RUN <<EOF`) or hands it to a
    // shell (`RUN bash -e <<EOF`); `RUN cat <<EOF > file` writes data instead.
    let first = inst.args.first().map(|w| w.text.as_str()).unwrap_or("");
    let shell_runner = matches!(first.rsplit('/').next().unwrap_or(""), "sh" | "bash" | "ash" | "dash" | "zsh");
    for (i, h) in inst.heredocs.iter().enumerate() {
        let marker_first = i == 0 && first.contains("<<");
        if !(marker_first || shell_runner) {
            continue;
        }
        let start = h.body_range.start;
        let body = &df.source[h.body_range.clone()];
        let map = |r: Range<usize>| start + r.start..start + r.end;
        split(&Script { text: body, map: &map }, '\\', &mut out);
    }
    // Drop the heredoc marker words from the shell-form commands (`<<EOF` is not an argument).
    for c in &mut out {
        c.words.retain(|w| !w.text.starts_with("<<"));
    }
    out.retain(|c| !c.words.is_empty());
    out
}

fn split(script: &Script, escape: char, out: &mut Vec<ShellCommand>) {
    let text = script.text;
    let mut words: Vec<ShellWord> = Vec::new();
    let mut chars = text.char_indices().peekable();
    let flush = |words: &mut Vec<ShellWord>, joiner: Joiner, out: &mut Vec<ShellCommand>| {
        if words.is_empty() {
            return;
        }
        let mut all = std::mem::take(words);
        while all.len() > 1 && all.first().is_some_and(|w| KEYWORDS.contains(&w.text.as_str())) {
            all.remove(0);
        }
        let assignments_len = all.iter().take_while(|w| is_assignment(&w.text)).count();
        let assignments: Vec<ShellWord> = all.drain(..assignments_len).collect();
        // Strip wrappers (`sudo -E apt-get …`, `env A=1 cmd`).
        let wrappers = strip_wrappers(&mut all);
        let range = match (assignments.first().or(all.first()), all.last().or(assignments.last())) {
            (Some(a), Some(b)) => a.range.start..b.range.end,
            _ => return,
        };
        out.push(ShellCommand { words: all, assignments, wrappers, range, joiner, piped: joiner == Joiner::Pipe });
    };
    while let Some(&(i, c)) = chars.peek() {
        match c {
            ' ' | '\t' | '\r' => {
                chars.next();
            }
            '\n' | ';' => {
                chars.next();
                flush(&mut words, Joiner::Seq, out);
            }
            '#' if words.is_empty() || text[..i].ends_with([' ', '\t', '\n']) => {
                // A comment runs to the end of the line.
                while chars.peek().is_some_and(|&(_, c)| c != '\n') {
                    chars.next();
                }
            }
            // `&>file` redirects output; it is not a background operator.
            '&' | '|' if !(c == '&' && text[i + 1..].starts_with('>')) => {
                chars.next();
                let double = chars.peek().is_some_and(|&(_, n)| n == c);
                if double {
                    chars.next();
                }
                let joiner = match (c, double) {
                    ('&', true) => Joiner::And,
                    ('|', true) => Joiner::Or,
                    ('|', false) => Joiner::Pipe,
                    _ => Joiner::Background,
                };
                flush(&mut words, joiner, out);
            }
            '(' | ')' | '{' | '}' if words.is_empty() || c == ')' => {
                chars.next();
                flush(&mut words, Joiner::Seq, out);
            }
            _ => {
                let start = i;
                let mut value = String::new();
                let mut end = i;
                let mut quote: Option<char> = None;
                while let Some(&(j, c)) = chars.peek() {
                    // `2>&1`, `<&3`, `>|`: redirections keep their `&`/`|` inside the word.
                    let redirect =
                        matches!(c, '&' | '|') && (text[..j].ends_with(['>', '<']) || text[j + 1..].starts_with('>'));
                    if quote.is_none() && !redirect && (c.is_whitespace() || matches!(c, ';' | '&' | '|' | ')')) {
                        break;
                    }
                    chars.next();
                    end = j + c.len_utf8();
                    match (quote, c) {
                        (Some(q), c) if c == q => quote = None,
                        (None, '"' | '\'') => quote = Some(c),
                        (q, c) if c == escape && q != Some('\'') => {
                            if let Some((k, n)) = chars.next() {
                                end = k + n.len_utf8();
                                if n != '\n' {
                                    value.push(n);
                                }
                            }
                        }
                        (_, c) => value.push(c),
                    }
                }
                words.push(ShellWord { text: value, range: (script.map)(start..end) });
            }
        }
    }
    flush(&mut words, Joiner::End, out);
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty()
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !name.starts_with(|c: char| c.is_ascii_digit())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    fn cmds(text: &str) -> Vec<(Vec<String>, Joiner, String)> {
        let df = parse(text);
        run_commands(&df, &df.instructions[0])
            .into_iter()
            .map(|c| (c.words.iter().map(|w| w.text.clone()).collect(), c.joiner, df.source[c.range].to_string()))
            .collect()
    }

    #[test]
    fn splits_on_operators_with_ranges() {
        let got = cmds("RUN apt-get update && DEBIAN_FRONTEND=noninteractive sudo apt-get install -y \\\n  curl | tee log; echo \"a && b\" || true\n");
        assert_eq!(got.len(), 5);
        assert_eq!(got[0].0, ["apt-get", "update"]);
        assert_eq!(got[0].1, Joiner::And);
        assert_eq!(got[1].0, ["apt-get", "install", "-y", "curl"]);
        assert_eq!(got[1].1, Joiner::Pipe);
        assert_eq!(got[1].2, "DEBIAN_FRONTEND=noninteractive sudo apt-get install -y \\\n  curl");
        assert_eq!(got[2].0, ["tee", "log"]);
        assert_eq!(got[3].0, ["echo", "a && b"]);
        assert_eq!(got[4].0, ["true"]);
    }

    #[test]
    fn heredoc_scripts_are_commands_but_data_is_not() {
        let got = cmds("RUN <<EOF\nset -e\napt-get install -y git # comment\nEOF\n");
        assert_eq!(
            got.iter().map(|g| g.0.clone()).collect::<Vec<_>>(),
            [vec!["set", "-e"], vec!["apt-get", "install", "-y", "git"]]
        );
        assert_eq!(got[1].2, "apt-get install -y git");
        let got = cmds("RUN cat <<EOF > /etc/x.conf\napt-get install nothing\nEOF\n");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, ["cat", ">", "/etc/x.conf"]);
        let got = cmds("RUN bash -eux <<EOF\npip install x\nEOF\n");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn keywords_are_not_programs() {
        let got = cmds("RUN if ! apt-get install -y x; then echo no; fi; for p in a b; do pip install $p; done\n");
        let programs: Vec<&str> = got.iter().map(|g| g.0[0].as_str()).collect();
        assert_eq!(programs, ["apt-get", "echo", "fi", "for", "pip", "done"]);
    }

    #[test]
    fn redirections_are_not_operators() {
        let got = cmds("RUN cargo build 2>&1 | tee log && make &>/dev/null\n");
        let words: Vec<_> = got.iter().map(|g| g.0.clone()).collect();
        assert_eq!(words, [vec!["cargo", "build", "2>&1"], vec!["tee", "log"], vec!["make", "&>/dev/null"]]);
        assert_eq!(got[0].1, Joiner::Pipe);
    }

    #[test]
    fn wrappers_are_kept_aside_with_their_options() {
        let df = parse("RUN sudo -u postgres psql -c 'select 1' && env -u X A=1 /usr/bin/sudo -E make && command -v curl && sudo -v\nRUN [\"sudo\", \"-E\", \"apt-get\", \"update\"]\n");
        let c = run_commands(&df, &df.instructions[0]);
        let words = |i: usize| c[i].words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>();
        assert_eq!(words(0), ["psql", "-c", "select 1"]);
        assert_eq!(c[0].wrappers[0].name(), "sudo");
        assert_eq!(c[0].wrappers[0].options.iter().map(|w| w.text.as_str()).collect::<Vec<_>>(), ["-u", "postgres"]);
        assert_eq!(words(1), ["make"]);
        assert_eq!(c[1].wrappers.iter().map(|w| w.name()).collect::<Vec<_>>(), ["env", "sudo"]);
        assert!(c[1].wrapped_by("sudo").is_some());
        assert_eq!(words(2), ["command", "-v", "curl"], "a query runs nothing");
        assert_eq!(words(3), ["sudo", "-v"], "a wrapper with nothing to run is the command");
        let e = run_commands(&df, &df.instructions[1]);
        assert_eq!(e[0].program(), Some("apt-get"));
        assert_eq!(df.source[e[0].wrappers[0].program.range.clone()].to_string(), "\"sudo\"");
    }

    #[test]
    fn exec_form_and_options() {
        let df = parse("RUN [\"apt-get\", \"-qy\", \"install\", \"git\"]\n");
        let c = &run_commands(&df, &df.instructions[0])[0];
        assert_eq!(c.program(), Some("apt-get"));
        assert_eq!(c.subcommand(), Some("install"));
        assert!(c.has_option("--yes", Some('y')));
        assert!(!c.has_option("--no-install-recommends", None));
    }
}

#[cfg(test)]
mod non_posix_tests {
    use super::run_commands;
    use crate::syntax::dockerfile::parse;

    #[test]
    fn powershell_scripts_are_not_split() {
        for text in [
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n# hadolint shell=powershell\nRUN Get-Process | Stop-Process\n",
            "FROM w\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-Process | Stop-Process\n",
            "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n",
        ] {
            let df = parse(text);
            let run = df.instructions.iter().find(|i| i.kind == crate::syntax::dockerfile::Kind::Run).unwrap();
            assert!(run_commands(&df, run).is_empty(), "{text}");
        }
        let df = parse("FROM a\n# hadolint shell=bash\nRUN a | b\n");
        assert_eq!(run_commands(&df, &df.instructions[1]).len(), 2);
    }
}
