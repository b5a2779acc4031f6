use std::collections::HashMap;

use super::consistent_instruction_casing::in_file_case;
use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{vars, Dockerfile, Instruction, Kind};

pub struct AddInsteadOfCopy;

static META: RuleMeta = RuleMeta {
    id: "add-instead-of-copy",
    summary: "`ADD` of local files or directories, where `COPY` does the same",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL3020"],
    buildkit: &[],
    docs: r#"# add-instead-of-copy

## What it finds
`ADD` whose sources are all local files or directories of the build context (or inline
heredocs), which `COPY` handles identically.

Not reported: URLs, Git sources (`https://…/repo.git`, `git@…`, `github.com/…`), local
tar archives that `ADD` unpacks (`.tar`, `.tar.gz`, `.tgz`, `.tar.bz2`, `.tar.xz`,
`.tar.zst`, other compressed files, and wildcards that could match one), sources whose
variables have no value known in the Dockerfile, and `ADD --unpack`.

## Why
`ADD` does three different things: it copies, it unpacks local tar archives, and it
downloads URLs and Git repositories. When it only copies, a reader still has to check the
sources to know which of the three happens, and a source that later becomes a tarball
(`app.tar.gz` instead of `app/`) is silently unpacked into the image instead of copied.
`COPY` says what it does, and is the documented best practice.

## Example
```dockerfile
FROM node:22-bookworm-slim
WORKDIR /app
ADD package.json package-lock.json ./
ADD src/ /app/src/
```

## Fix
```dockerfile
COPY package.json package-lock.json ./
COPY src/ /app/src/
```
The quick fix changes the keyword (in the case the file's keywords mostly use) when all flags are ones `COPY`
accepts (`--chown`, `--chmod`, `--link`, `--exclude`, `--parents`); with `ADD`-only flags
such as `--checksum`, `--keep-git-dir` or `--unpack=false` it offers no fix.

## Silence
`# shipshape ignore=add-instead-of-copy` on the line above, or
`ignore = ["add-instead-of-copy"]` in `.shipshape.toml`. hadolint's `DL3020` is honoured.
"#,
};

const COPY_FLAGS: &[&str] = &["chown", "chmod", "link", "exclude", "parents"];

/// Endings of files `ADD` may unpack (BuildKit sniffs the content: tar, possibly
/// compressed with gzip, bzip2, xz or zstd).
const ARCHIVE_ENDINGS: &[&str] = &[
    ".tar", ".tgz", ".tbz", ".tbz2", ".tb2", ".txz", ".tzst", ".tlz", ".taz", ".gz", ".bz2", ".xz", ".zst", ".zstd",
    ".lz", ".lzma", ".lz4", ".tpz", ".z",
];

fn is_remote(src: &str) -> bool {
    let s = src.to_ascii_lowercase();
    s.contains("://")
        || s.starts_with("git@")
        || s.starts_with("github.com/")
        || s.ends_with(".git")
        || s.contains(".git#")
}

fn is_archive_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ARCHIVE_ENDINGS.iter().any(|e| name.ends_with(e))
}

/// Could `ADD` unpack this source? Wildcards count when they may match an archive.
fn may_be_archive(src: &str) -> bool {
    let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
    match name.rfind(['*', '?', '[', ']']) {
        // `*.py` cannot match an archive; `*`, `dist/*` or `*.gz` can.
        Some(i) => {
            let tail = &name[i + 1..];
            match tail.rfind('.') {
                Some(dot) if dot + 1 < tail.len() => is_archive_name(tail),
                _ => true,
            }
        }
        None => is_archive_name(name),
    }
}

/// ENV values set earlier in the instruction's stage, when fully known. ARG values are
/// never known: a build argument can override them.
fn stage_env(cx: &DockerfileContext, index: usize) -> HashMap<String, Option<String>> {
    let df = cx.file;
    let mut env: HashMap<String, Option<String>> = HashMap::new();
    let Some(stage) = cx.model.stage_of(index) else { return env };
    for inst in &df.instructions[cx.model.stages[stage].instructions.start..index] {
        match inst.kind {
            Kind::Env => {
                for kv in inst.key_values(df.escape) {
                    let value = kv
                        .raw_value
                        .as_deref()
                        .and_then(|raw| vars::expand(raw, df.escape, &|name| env.get(name).cloned().flatten()));
                    env.insert(kv.key, value);
                }
            }
            Kind::Arg => {
                for kv in inst.key_values(df.escape) {
                    env.entry(kv.key).or_insert(None);
                }
            }
            _ => {}
        }
    }
    env
}

/// The source words of an `ADD`: raw text of every argument but the destination,
/// heredoc markers excluded (inline content is a plain file).
fn sources(inst: &Instruction) -> Option<Vec<String>> {
    if let Some(exec) = &inst.exec {
        let (_, srcs) = exec.split_last()?;
        return (!srcs.is_empty()).then(|| srcs.iter().map(|a| a.value.clone()).collect());
    }
    let (dest, srcs) = inst.args.split_last()?;
    let is_marker = |r: &std::ops::Range<usize>| inst.heredocs.iter().any(|h| h.marker_range == *r);
    if is_marker(&dest.range) || (srcs.is_empty() && inst.heredocs.is_empty()) {
        return None;
    }
    Some(srcs.iter().filter(|w| !is_marker(&w.range)).map(|w| w.text.clone()).collect())
}

fn check(cx: &DockerfileContext, index: usize, inst: &Instruction, df: &Dockerfile, out: &mut Findings) {
    if let Some(unpack) = inst.flag("unpack") {
        // `--unpack` asks for ADD's own behaviour; `--unpack=false` turns it off.
        if !unpack.value_unquoted(df.escape).is_some_and(|v| v.eq_ignore_ascii_case("false")) {
            return;
        }
    }
    let unpacks = inst.flag("unpack").is_none();
    let Some(srcs) = sources(inst) else { return };
    let mut env = None;
    for raw in &srcs {
        let value = if raw.contains('$') && inst.exec.is_some() {
            None
        } else if inst.exec.is_some() {
            Some(raw.clone())
        } else if raw.contains('$') {
            let env = env.get_or_insert_with(|| stage_env(cx, index));
            vars::expand(raw, df.escape, &|name| env.get(name).cloned().flatten())
        } else {
            Some(crate::syntax::dockerfile::unquote(raw, df.escape))
        };
        let Some(value) = value else { return };
        if is_remote(&value) || (unpacks && may_be_archive(&value)) {
            return;
        }
    }
    let d = out.report(
        inst.keyword_range.clone(),
        "`ADD` only copies local files here: use `COPY`, as `ADD` also unpacks archives and downloads URLs, \
         which hides what the step does",
    );
    if inst.flags.iter().all(|f| COPY_FLAGS.contains(&f.name.as_str())) {
        let kw = in_file_case(df, "COPY");
        d.with_fix(Fix {
            title: format!("Replace `{}` with `{kw}`", inst.keyword),
            applicability: Applicability::Safe,
            edits: vec![Edit::replace(inst.keyword_range.clone(), kw)],
        });
    }
}

impl Rule for AddInsteadOfCopy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for (i, top) in df.instructions.iter().enumerate() {
            for inst in std::iter::once(top).chain(top.onbuild.as_deref()) {
                if inst.kind == Kind::Add {
                    check(cx, i, inst, df, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::may_be_archive;
    use crate::rules::test_util::{diagnostics, spans};

    use crate::Applicability;

    const ID: &str = "add-instead-of-copy";

    fn check_fix(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Safe);
    }

    #[test]
    fn local_sources_are_reported() {
        let text = "FROM a\nADD package.json yarn.lock ./\nADD . /app\nADD [\"a b\", \"/c/\"]\nADD *.py /app/\n\
                    ADD app.zip /x\nADD --chown=1:1 <<EOF /etc/x.conf\nk=v\nEOF\n";
        assert_eq!(spans(ID, text), ["ADD", "ADD", "ADD", "ADD", "ADD", "ADD"]);
    }

    #[test]
    fn remote_archives_and_unknowns_are_not() {
        let text = "FROM a\nADD https://example.com/x.bin /x\nADD git@github.com:o/r.git /src\n\
                    ADD https://github.com/o/r.git#v1 /src\nADD github.com/o/r /src\nADD rootfs.tar.xz /\n\
                    ADD app.TGZ /opt\nADD dist/* /x/\nADD *.tar.gz /x/\nADD $SRC /x\nADD --unpack=true data.bin /x\n\
                    ARG F=a.txt\nADD ${F} /x\n";
        assert!(spans(ID, text).is_empty(), "{:?}", spans(ID, text));
        assert!(spans(ID, "ADD a.txt\nFROM a\nADD\n").is_empty());
    }

    #[test]
    fn known_env_values_are_followed() {
        assert_eq!(spans(ID, "FROM a\nENV D=conf\nADD $D/app.ini /etc/\n"), ["ADD"]);
        assert!(spans(ID, "FROM a\nENV D=x.tar.gz\nADD $D /opt/\n").is_empty());
        assert!(spans(ID, "FROM a\nARG V\nENV D=$V\nADD $D /opt/\n").is_empty());
    }

    #[test]
    fn unpack_false_makes_archives_plain_but_has_no_fix() {
        let d = diagnostics(ID, "FROM a\nADD --unpack=false a.tar.gz /x/\nADD --checksum=sha256:00 a.txt /x\n");
        assert_eq!(d.len(), 2);
        assert!(d.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn fix_keeps_the_case() {
        check_fix(
            "FROM a\nADD --chown=app:app --link src/ /app/src/\n",
            "FROM a\nCOPY --chown=app:app --link src/ /app/src/\n",
        );
        check_fix("from a\nadd a b\n", "from a\ncopy a b\n");
        check_fix("FROM a\nAdd a b\n", "FROM a\nCOPY a b\n");
        check_fix("FROM a\nONBUILD ADD . /app\n", "FROM a\nONBUILD COPY . /app\n");
    }

    #[test]
    fn archive_guesses() {
        assert!(may_be_archive("x.tar.gz") && may_be_archive("dist/*") && may_be_archive("*.gz"));
        assert!(may_be_archive("pkg-*.tar") && may_be_archive("a/b.tbz2") && may_be_archive("*."));
        assert!(!may_be_archive("*.py") && !may_be_archive("src/") && !may_be_archive("a/f[0-9].txt"));
        assert!(!may_be_archive("app.jar") && !may_be_archive("."));
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
