use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::Base;
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct JsonArgsRecommended;

static META: RuleMeta = RuleMeta {
    id: "json-args-recommended",
    summary: "`CMD`/`ENTRYPOINT` in shell form: the program runs under `/bin/sh -c` and misses signals",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::SafeOrUnsafe,
    hadolint: &["DL3025"],
    buildkit: &["JSONArgsRecommended"],
    docs: r#"# json-args-recommended

## What it finds
`CMD` and `ENTRYPOINT` written in shell form (`CMD node server.js`) rather than exec
form (`CMD ["node", "server.js"]`), including arguments that were meant as exec form
but are not valid JSON (`CMD ['node', 'server.js']`: JSON needs double quotes), which
Docker then runs as a shell command line.

Not reported, as in BuildKit: stages that set their own shell with `SHELL` (before the
instruction, or in a stage they build on), where shell form is a deliberate choice.
`HEALTHCHECK CMD` is not checked: a health check is not the container's main process.

## Why
Shell form is stored as `["/bin/sh", "-c", "node server.js"]`: the container's PID 1 is
the shell, not your program (unless the image's `/bin/sh` happens to replace itself with a
lone command, which you cannot rely on). `docker stop` sends SIGTERM to the shell, which
does not pass it on, so the program never gets to close connections or flush data; after
the 10-second grace period it is killed with SIGKILL. Every stop and rolling deploy takes
10 seconds longer and ends in a hard kill. Shell form `ENTRYPOINT` also ignores `CMD`
and `docker run` arguments.

## Example
```dockerfile
FROM python:3.12-slim
CMD node server.js
ENTRYPOINT gunicorn -b 0.0.0.0:$PORT app:app
```

## Fix
```dockerfile
FROM python:3.12-slim
CMD ["node", "server.js"]
ENTRYPOINT ["/bin/sh", "-c", "exec gunicorn -b 0.0.0.0:$PORT app:app"]
```
When the command uses no shell feature (no variables, quotes that need a shell, globs,
redirections, pipes, `&&`, `;`, assignments or shell builtins), the quick fix writes the
exec form directly; a leading `exec` is dropped. This is safe, except for an `ENTRYPOINT`
in a stage that also sets `CMD`: in exec form, `CMD` becomes the entrypoint's arguments,
so that fix is marked unsafe.

When the command needs the shell, the unsafe fix writes it in exec form as
`["/bin/sh", "-c", "…"]`. That keeps the shell, so on its own it does not solve the signal
problem; for a single command the fix therefore prefixes it with `exec`, which makes the
shell replace itself with the program. For pipelines or `&&` chains, move the logic into
an entrypoint script that ends with `exec "$@"`, or use an init such as `tini`
(`docker run --init`). No fix is offered for Windows images, whose shell is `cmd`.

## Silence
`# shipshape ignore=json-args-recommended` on the line above, or
`ignore = ["json-args-recommended"]` in `.shipshape.toml`. hadolint's `DL3025` and
BuildKit's `# check=skip=JSONArgsRecommended` are honoured.
"#,
};

/// Shell keywords and builtins: a command starting with one needs the shell.
const SHELL_WORDS: &[&str] = &[
    "!", "{", "}", "[[", "]]", "if", "then", "else", "elif", "fi", "case", "esac", "for", "while", "until", "do",
    "done", "in", "function", "select", "time", "cd", "export", "source", ".", ":", "set", "unset", "eval", "exit",
    "trap", "ulimit", "umask", "read", "alias", "unalias", "shift", "return", "break", "continue", "readonly", "local",
    "declare", "typeset", "wait", "jobs", "fg", "bg", "hash", "type", "getopts", "command", "builtin", "let", "shopt",
    "exec",
];

/// How a shell-form command line reads.
#[derive(Debug, PartialEq)]
struct Scan {
    /// The argv `sh -c` would run, when no shell feature is involved.
    argv: Option<Vec<String>>,
    /// A single command that `exec` can prefix (variables, quotes and redirections allowed).
    single: bool,
    /// Unbalanced quotes, `${`, `$(` or backquotes: the shell would reject the line.
    broken: bool,
}

fn scan(text: &str) -> Scan {
    let mut words: Vec<String> = Vec::new();
    let mut cur: Option<String> = None;
    let mut quote: Option<char> = None;
    // `plain`: the words are exactly the argv; `control`: operators or groups.
    let (mut plain, mut control, mut assignment, mut broken) = (true, false, false, false);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') | (Some('"'), '"') => quote = None,
            (Some('\''), c) => cur.get_or_insert_with(String::new).push(c),
            (Some(_), c) => {
                if matches!(c, '$' | '`' | '\\') {
                    plain = false;
                }
                cur.get_or_insert_with(String::new).push(c);
            }
            (None, ' ' | '\t') => words.extend(cur.take()),
            (None, '\'' | '"') => {
                cur.get_or_insert_with(String::new);
                quote = Some(c);
            }
            (None, '$') => {
                plain = false;
                let w = cur.get_or_insert_with(String::new);
                w.push(c);
                // `${…}` and `$(…)` belong to the word, whatever they contain.
                let close = match chars.peek() {
                    Some('{') => '}',
                    Some('(') => ')',
                    _ => continue,
                };
                let open = chars.next().unwrap_or(close);
                w.push(open);
                let mut depth = 1;
                for n in chars.by_ref() {
                    w.push(n);
                    if n == open {
                        depth += 1;
                    } else if n == close {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                }
                broken |= depth != 0;
            }
            (None, '`') => {
                plain = false;
                let w = cur.get_or_insert_with(String::new);
                w.push(c);
                let mut closed = false;
                for n in chars.by_ref() {
                    w.push(n);
                    if n == '`' {
                        closed = true;
                        break;
                    }
                }
                broken |= !closed;
            }
            (None, '\\') => {
                plain = false;
                let w = cur.get_or_insert_with(String::new);
                w.extend(chars.next());
            }
            (None, '#') if cur.is_none() => {
                plain = false;
                break;
            }
            (None, ';' | '&' | '|' | '(' | ')' | '{' | '}' | '\n' | '\r') => {
                plain = false;
                control = true;
                cur.get_or_insert_with(String::new).push(c);
            }
            (None, '*' | '?' | '[' | ']' | '<' | '>' | '!' | '~' | '#') => {
                plain = false;
                cur.get_or_insert_with(String::new).push(c);
            }
            (None, '=') => {
                assignment |= words.is_empty();
                cur.get_or_insert_with(String::new).push(c);
            }
            (None, c) => cur.get_or_insert_with(String::new).push(c),
        }
    }
    broken |= quote.is_some();
    words.extend(cur);
    let first = words.first().map(String::as_str);
    let builtin = first.is_some_and(|w| SHELL_WORDS.contains(&w));
    let single = !control && !broken && !assignment && !builtin && first.is_some();
    // `exec prog args` is `prog args` without the shell.
    let argv = match words.split_first() {
        Some((w, rest)) if w == "exec" && rest.first().is_some_and(|p| !p.starts_with('-')) => rest.to_vec(),
        _ => words,
    };
    let ok = plain
        && !broken
        && !assignment
        && argv.first().is_some_and(|w| !SHELL_WORDS.contains(&w.as_str()) && !w.is_empty());
    Scan { argv: ok.then_some(argv), single, broken }
}

/// Items of a bracketed list that is not valid JSON: `['a', 'b']`, `[a, b]`.
fn lenient_list(text: &str) -> Option<Vec<String>> {
    let inner = text.strip_prefix('[')?.strip_suffix(']')?;
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, ',') => items.push(std::mem::take(&mut cur)),
            (None, '\'' | '"') => {
                if !cur.trim().is_empty() {
                    return None;
                }
                cur.clear();
                cur.push(c);
                quote = Some(c);
            }
            (Some('"'), '\\') => {
                cur.push(chars.next()?);
            }
            (Some(q), c) if c == q => {
                cur.push(c);
                quote = None;
            }
            (_, c) => cur.push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    items.push(cur);
    if items.last().is_some_and(|i| i.trim().is_empty()) && items.len() > 1 {
        items.pop();
    }
    items
        .into_iter()
        .map(|i| {
            let i = i.trim();
            let unquoted = ['"', '\''].iter().find_map(|&q| i.strip_prefix(q)?.strip_suffix(q));
            match unquoted {
                Some(u) if !u.contains(['"', '\'']) || i.starts_with('"') => Some(u.to_string()),
                Some(_) => None,
                None if !i.is_empty() && !i.contains(['"', '\'', ' ', '\t']) => Some(i.to_string()),
                None => None,
            }
        })
        .collect()
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn json_array<S: AsRef<str>>(items: &[S]) -> String {
    let items: Vec<String> = items.iter().map(|s| json_string(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

struct StageFacts {
    /// The base image's shell is `cmd`, not `/bin/sh`: no fix.
    windows: bool,
    /// The stage sets `CMD`, which an exec-form `ENTRYPOINT` would receive as arguments.
    has_cmd: bool,
}

fn fix(inst: &Instruction, text: &str, range: Range<usize>, facts: &StageFacts) -> Option<Fix> {
    let name = inst.kind.name();
    if text.starts_with('[') && text.ends_with(']') {
        let items = lenient_list(text)?;
        return Some(Fix {
            title: "Write the arguments as a JSON array".into(),
            applicability: Applicability::Unsafe,
            edits: vec![Edit::replace(range, json_array(&items))],
        });
    }
    let scan = scan(text);
    if scan.broken {
        return None;
    }
    if let Some(argv) = scan.argv {
        let cmd_args = inst.kind == Kind::Entrypoint && facts.has_cmd;
        return Some(Fix {
            title: if cmd_args {
                "Convert to exec form (the stage's `CMD` then becomes the entrypoint's arguments)".into()
            } else {
                "Convert to exec form".into()
            },
            applicability: if cmd_args { Applicability::Unsafe } else { Applicability::Safe },
            edits: vec![Edit::replace(range, json_array(&argv))],
        });
    }
    let (script, title) = if scan.single {
        (
            format!("exec {text}"),
            "Run through `/bin/sh -c` in exec form, with `exec` so the program replaces the shell".into(),
        )
    } else if text.starts_with("exec ") {
        (text.to_string(), "Run through `/bin/sh -c` in exec form (`exec` already replaces the shell)".into())
    } else {
        (
            text.to_string(),
            format!("Run through `/bin/sh -c` in exec form (the shell stays PID 1, so {name} still misses signals)"),
        )
    };
    Some(Fix {
        title,
        applicability: Applicability::Unsafe,
        edits: vec![Edit::replace(range, json_array(&["/bin/sh", "-c", script.as_str()]))],
    })
}

impl Rule for JsonArgsRecommended {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let model = cx.model;
        let stage_has =
            |s: usize, kind: Kind| df.instructions[model.stages[s].instructions.clone()].iter().any(|i| i.kind == kind);
        for (si, stage) in model.stages.iter().enumerate() {
            let chain = model.ancestry(si);
            let root = chain.last().and_then(|&r| model.stages.get(r)).map(|s| &s.base);
            let root_image = match root {
                Some(Base::Image { written, resolved, .. }) => resolved.as_deref().unwrap_or(written),
                _ => "",
            };
            let facts = StageFacts {
                windows: df.escape == '`' || crate::model::dockerfile::is_windows_image(root_image),
                has_cmd: stage_has(si, Kind::Cmd),
            };
            // BuildKit skips the check once the image has a custom shell (`SHELL`).
            let mut custom_shell = chain[1..].iter().any(|&a| stage_has(a, Kind::Shell));
            for inst in &df.instructions[stage.instructions.clone()] {
                match inst.kind {
                    Kind::Shell => custom_shell = true,
                    Kind::Cmd | Kind::Entrypoint if !custom_shell => check(cx, inst, &facts, out),
                    _ => {}
                }
            }
        }
    }
}

fn check(cx: &DockerfileContext, inst: &Instruction, facts: &StageFacts, out: &mut Findings) {
    if inst.exec.is_some() || inst.args.is_empty() {
        return;
    }
    let name = inst.kind.name();
    let text = inst.args_text();
    let range = inst.args_range();
    let message = if text.starts_with('[') && text.ends_with(']') {
        format!(
            "`{name}` arguments are not a valid JSON array (JSON strings need double quotes), so they run as a \
             shell command line instead of exec form"
        )
    } else {
        format!(
            "`{name}` in shell form runs under `/bin/sh -c`, which does not pass signals such as SIGTERM on to \
             the program: use the exec form `{name} [\"program\", \"arg\"]`"
        )
    };
    let d = out.report(range.clone(), message);
    let commented = cx.file.comments.iter().any(|c| c.range.start < range.end && range.start < c.range.end);
    if facts.windows || commented || !inst.flags.is_empty() {
        return;
    }
    if let Some(f) = fix(inst, text, range, facts) {
        d.with_fix(f);
    }
}

#[cfg(test)]
mod tests {
    use super::{lenient_list, scan};
    use crate::rules::test_util::{diagnostics, fixed, spans};
    use crate::syntax::dockerfile::parse;
    use crate::Applicability;

    const ID: &str = "json-args-recommended";

    fn check_fix(text: &str, expected: &str, applicability: Applicability) {
        let (t, a) = fixed(ID, text);
        assert_eq!(t, expected);
        assert_eq!(a, applicability);
        assert!(parse(&t).errors.is_empty(), "{t}");
        assert!(spans(ID, &t).is_empty(), "{t}");
    }

    #[test]
    fn reports_shell_form_arguments() {
        let text = "FROM a\nCMD node server.js\nENTRYPOINT [\"tini\", \"--\"]\nCMD [\"x\"]\n";
        assert_eq!(spans(ID, text), ["node server.js"]);
        assert_eq!(spans(ID, "FROM a\nENTRYPOINT ['a', 'b']\n"), ["['a', 'b']"]);
    }

    #[test]
    fn not_reported() {
        let text = "FROM a\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\nONBUILD CMD x y\n\
                    CMD [\"nginx\", \"-g\", \"daemon off;\"]\nENTRYPOINT []\n";
        assert!(spans(ID, text).is_empty());
        // A custom SHELL makes shell form deliberate, also for stages built on it.
        let text = "FROM a AS base\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nCMD x | y\n\
                    FROM base\nCMD a && b\nFROM a\nCMD before\nSHELL [\"/bin/bash\", \"-c\"]\nCMD after\n";
        assert_eq!(spans(ID, text), ["before"]);
    }

    #[test]
    fn plain_commands_convert_safely() {
        check_fix("FROM a\nCMD node server.js\n", "FROM a\nCMD [\"node\", \"server.js\"]\n", Applicability::Safe);
        check_fix(
            "FROM a\nCMD exec nginx -g 'daemon off;'\n",
            "FROM a\nCMD [\"nginx\", \"-g\", \"daemon off;\"]\n",
            Applicability::Safe,
        );
        check_fix(
            "FROM a\nentrypoint java \\\n  -jar \"/app/my app.jar\"\n",
            "FROM a\nentrypoint [\"java\", \"-jar\", \"/app/my app.jar\"]\n",
            Applicability::Safe,
        );
        check_fix(
            "FROM a\nCMD python -c \"print('hi')\" ''\n",
            "FROM a\nCMD [\"python\", \"-c\", \"print('hi')\", \"\"]\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn entrypoint_with_cmd_is_unsafe() {
        check_fix(
            "FROM a\nENTRYPOINT uvicorn app:app\nCMD [\"--port\", \"80\"]\n",
            "FROM a\nENTRYPOINT [\"uvicorn\", \"app:app\"]\nCMD [\"--port\", \"80\"]\n",
            Applicability::Unsafe,
        );
    }

    #[test]
    fn shell_features_keep_the_shell() {
        check_fix(
            "FROM a\nCMD gunicorn -b 0.0.0.0:${PORT:-8000} app:app\n",
            "FROM a\nCMD [\"/bin/sh\", \"-c\", \"exec gunicorn -b 0.0.0.0:${PORT:-8000} app:app\"]\n",
            Applicability::Unsafe,
        );
        check_fix(
            "FROM a\nCMD ./migrate && node \"server.js\"\n",
            "FROM a\nCMD [\"/bin/sh\", \"-c\", \"./migrate && node \\\"server.js\\\"\"]\n",
            Applicability::Unsafe,
        );
        check_fix(
            "FROM a\nCMD cd /app; ./run\n",
            "FROM a\nCMD [\"/bin/sh\", \"-c\", \"cd /app; ./run\"]\n",
            Applicability::Unsafe,
        );
        check_fix(
            "FROM a\nCMD exec node $APP\n",
            "FROM a\nCMD [\"/bin/sh\", \"-c\", \"exec node $APP\"]\n",
            Applicability::Unsafe,
        );
    }

    #[test]
    fn invalid_json_is_rewritten() {
        check_fix(
            "FROM a\nCMD ['node', 'server.js']\n",
            "FROM a\nCMD [\"node\", \"server.js\"]\n",
            Applicability::Unsafe,
        );
        check_fix("FROM a\nCMD [python, app.py]\n", "FROM a\nCMD [\"python\", \"app.py\"]\n", Applicability::Unsafe);
        assert_eq!(lenient_list("[\"a\" \"b\"]"), None);
        assert_eq!(lenient_list("['a', ]"), Some(vec!["a".to_string()]));
    }

    #[test]
    fn no_fix_for_windows() {
        let d = diagnostics(ID, "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ping localhost\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        let d = diagnostics(ID, "# escape=`\nFROM a\nCMD dir\n");
        assert!(d[0].fix.is_none());
        // A line the shell would reject gets no fix either.
        let d = diagnostics(ID, "FROM a\nCMD echo \"unterminated\n");
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn scanning() {
        let argv = |t: &str| scan(t).argv;
        assert_eq!(argv("a 'b c'd \"e\""), Some(vec!["a".into(), "b cd".into(), "e".into()]));
        for t in ["a $B", "a > f", "a *.txt", "A=1 a", "a # c", "cd x", "a \\ b", "a `b`", "a 'b", "a ~/x", "exec"] {
            assert_eq!(argv(t), None, "{t}");
        }
        assert!(scan("a $(b c) ${D:-e f} > g").single);
        for t in ["a; b", "a | b", "a && b", "X=1 a", "(a)", "a 'b", "exec a", "if true; then a; fi"] {
            assert!(!scan(t).single, "{t}");
        }
        for t in ["a 'b", "a \"b", "a $(b", "a ${b", "a `b"] {
            assert!(scan(t).broken, "{t}");
        }
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
