use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::DockerfileModel;
use crate::model::shell::{Joiner, ShellCommand};
use crate::syntax::dockerfile::{Dockerfile, Instruction, Kind};
use crate::text::LineEnding;

pub struct CdInsteadOfWorkdir;

static META: RuleMeta = RuleMeta {
    id: "cd-instead-of-workdir",
    summary: "A `RUN` starts with `cd <dir> &&`: set the directory with `WORKDIR`",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &["DL3003"],
    buildkit: &[],
    docs: r#"# cd-instead-of-workdir

## What it finds
A shell-form `RUN` whose command begins with `cd <dir> &&` (or `cd <dir>;`), so that the
whole step runs in that directory: `RUN cd /app && npm ci`.

Not reported: a `cd` later in the command (`… && cd /tmp && …`), a `cd` inside a subshell
(`(cd web && npm ci)`), a `cd` into a temporary directory (`/tmp`, `/var/tmp`,
`$(mktemp -d)`, or a directory the same `RUN` removes afterwards), `cd -`, `cd ..`, and a
`cd` that is the whole command.

## Why
A `cd` lasts only for its own `RUN`: the next `RUN`, `COPY` or `CMD` is back in the previous
directory, which makes such files fragile — every later step has to repeat the `cd`, and
relative paths silently point elsewhere when someone forgets. `WORKDIR` states the
directory once, for all following instructions, creates it if needed, and shows in the
image configuration (`docker inspect`) where the container starts.

## Example
```dockerfile
FROM node:20
COPY . /app
RUN cd /app && npm ci
```

## Fix
```dockerfile
FROM node:20
COPY . /app
WORKDIR /app
RUN npm ci
```
The quick fix (offered when the directory is an absolute path without variables) puts a
`WORKDIR` line before the `RUN` and removes the `cd`. It is **unsafe**: the instructions
after it now also run in that directory, so relative paths in later `COPY`, `RUN` and
`CMD` change meaning — check them.

## Silence
`# shipshape ignore=cd-instead-of-workdir` on the line above, or
`ignore = ["cd-instead-of-workdir"]` in `.shipshape.toml`. hadolint's `DL3003` is honoured.
"#,
};

/// Directories a build step visits only to work on throw-away files.
fn is_temporary(dir: &str) -> bool {
    let d = dir.trim_matches(['"', '\'']);
    d == "/tmp"
        || d.starts_with("/tmp/")
        || d == "/var/tmp"
        || d.starts_with("/var/tmp/")
        || d.contains("mktemp")
        || d.contains("$TMP")
        || d.contains("${TMP")
        || d.to_ascii_lowercase().contains("tmp") && d.starts_with('$')
        || matches!(d, "-" | ".." | "." | "~" | "/")
}

/// Does a later command of the RUN remove `dir` (or a parent of it)?
fn removed_later(cmds: &[ShellCommand], dir: &str) -> bool {
    let dir = dir.trim_end_matches('/');
    cmds.iter().skip(1).any(|c| {
        c.program() == Some("rm")
            && c.words.iter().skip(1).any(|w| {
                let t = w.text.trim_end_matches('/');
                !t.starts_with('-') && !t.is_empty() && (dir == t || dir.starts_with(&format!("{t}/")))
            })
    })
}

impl Rule for CdInsteadOfWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for stage in &cx.model.stages {
            for i in stage.instructions.clone() {
                let Some(inst) = df.instructions.get(i) else { break };
                if inst.kind == Kind::Run && inst.exec.is_none() {
                    check_run(df, cx.model, inst, out);
                }
            }
        }
    }
}

fn check_run(df: &Dockerfile, model: &DockerfileModel, inst: &Instruction, out: &mut Findings) {
    let cmds = model.run_commands(df, inst);
    let (Some(cd), Some(next)) = (cmds.first(), cmds.get(1)) else { return };
    if cd.program() != Some("cd") || !matches!(cd.joiner, Joiner::And | Joiner::Seq) || !cd.assignments.is_empty() {
        return;
    }
    // The cd must open the RUN's own command: not a heredoc line, not inside `(`/`{`.
    let args = inst.args_range();
    let lead = df.text(args.start..cd.range.start.max(args.start));
    if cd.range.start < args.start || next.range.start > args.end || !lead.trim().is_empty() {
        return;
    }
    let [_, dir] = cd.words.as_slice() else { return };
    let raw = df.text(dir.range.clone());
    if is_temporary(&dir.text) || is_temporary(raw) || removed_later(&cmds, &dir.text) {
        return;
    }
    // Into the RUN's own mount (a cache or bind mount target): it exists only during this
    // step, and a WORKDIR would leave an empty folder in the image.
    if mount_targets(inst).iter().any(|t| dir.text == *t || dir.text.starts_with(&format!("{t}/"))) {
        return;
    }
    let message = format!(
        "`cd {}` at the start of `RUN` only lasts for this step; set the directory with `WORKDIR {}`",
        dir.text, dir.text
    );
    let d = out.report(cd.range.clone(), message);
    // Only a literal absolute path can become a WORKDIR as is.
    let literal = raw == dir.text
        && dir.text.starts_with('/')
        && !dir.text.contains(|c: char| c.is_whitespace() || matches!(c, '$' | '`' | '*' | '?' | '~' | '\\'));
    if !literal {
        return;
    }
    let src = &df.source;
    let eol = LineEnding::detect(src).as_str();
    let line_start = src[..inst.keyword_range.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &src[line_start..inst.keyword_range.start];
    let indent = if indent.chars().all(|c| c == ' ' || c == '\t') { indent } else { "" };
    let keyword = if inst.keyword.chars().all(|c| c.is_ascii_lowercase()) { "workdir" } else { "WORKDIR" };
    d.with_fix(Fix {
        title: format!("Use `WORKDIR {}` (later instructions then run there too)", dir.text),
        applicability: Applicability::Unsafe,
        edits: vec![
            Edit::insert(inst.keyword_range.start, format!("{keyword} {}{eol}{indent}", dir.text)),
            Edit::delete(cd.range.start..next.range.start),
        ],
    });
}

/// The `target=` paths of the RUN's `--mount` flags, as written.
fn mount_targets(inst: &Instruction) -> Vec<String> {
    inst.flags
        .iter()
        .filter(|f| f.name.eq_ignore_ascii_case("mount"))
        .flat_map(|f| f.fields(&inst.line))
        .filter(|x| matches!(x.key.as_str(), "target" | "dst" | "destination"))
        .filter_map(|x| x.value)
        .map(|t| if t.len() > 1 { t.trim_end_matches('/').to_string() } else { t })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{diagnostics, findings, spans};

    const ID: &str = "cd-instead-of-workdir";

    fn fix_ok(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Unsafe);
    }

    #[test]
    fn cd_into_the_runs_own_mount_is_fine() {
        assert!(spans(ID, "FROM golang:1.23\nRUN --mount=type=cache,target=/go/src/cache cd /go/src/cache && ls\n")
            .is_empty());
        assert!(spans(
            ID,
            "FROM golang:1.23\nRUN --mount=type=bind,target=/src,rw cd /src/app && go build -o /out/app .\n"
        )
        .is_empty());
        assert_eq!(
            spans(ID, "FROM golang:1.23\nRUN --mount=type=cache,target=/cache cd /src && go build\n"),
            ["cd /src"]
        );
    }

    #[test]
    fn leading_cd_becomes_workdir() {
        let text = "FROM node:20\nRUN cd /app && npm ci\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "cd /app");
        assert!(f[0].1.contains("WORKDIR /app"));
        fix_ok(text, "FROM node:20\nWORKDIR /app\nRUN npm ci\n");
        fix_ok("FROM node:20\nRUN cd /app; make\n", "FROM node:20\nWORKDIR /app\nRUN make\n");
    }

    #[test]
    fn keeps_flags_indentation_continuations_and_crlf() {
        fix_ok(
            "FROM node:20\r\n  RUN --mount=type=cache,target=/root/.npm cd /srv/app && \\\r\n      npm ci && \\\r\n      npm run build\r\n",
            "FROM node:20\r\n  WORKDIR /srv/app\r\n  RUN --mount=type=cache,target=/root/.npm npm ci && \\\r\n      npm run build\r\n",
        );
        fix_ok("from node:20\nrun cd /app && make\n", "from node:20\nworkdir /app\nrun make\n");
        fix_ok(
            "FROM node:20\nRUN cd /app && bash <<EOF\nmake\nEOF\n",
            "FROM node:20\nWORKDIR /app\nRUN bash <<EOF\nmake\nEOF\n",
        );
    }

    #[test]
    fn reported_without_fix() {
        for text in [
            "FROM node:20\nRUN cd web && npm ci\n",
            "FROM node:20\nRUN cd $APP_HOME && npm ci\n",
            "FROM node:20\nRUN cd \"/my app\" && make\n",
        ] {
            let d = diagnostics(ID, text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].fix.is_none(), "{text}");
        }
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM node:20\nRUN npm ci && cd /tmp && ls\n",
            "FROM node:20\nRUN (cd web && npm ci)\n",
            "FROM node:20\nRUN { cd web && npm ci; }\n",
            "FROM node:20\nRUN cd /tmp && curl -O https://x/a.tgz && tar xzf a.tgz\n",
            "FROM node:20\nRUN cd \"$(mktemp -d)\" && curl -O https://x/a.tgz\n",
            "FROM node:20\nRUN cd /usr/src/lua && make && cd / && rm -rf /usr/src/lua\n",
            "FROM node:20\nRUN cd /app\n",
            "FROM node:20\nRUN cd /app || exit 1\n",
            "FROM node:20\nRUN [\"sh\", \"-c\", \"cd /app && make\"]\n",
            "FROM node:20\nRUN <<EOF\ncd /app\nmake\nEOF\n",
            "FROM node:20\nRUN cd - && make\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }
}
