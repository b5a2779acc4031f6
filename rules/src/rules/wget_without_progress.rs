use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::Base;
use crate::model::package_manager::{identify, Tool};
use crate::model::shell::ShellCommand;
use crate::model::stage::StageState;
use crate::syntax::dockerfile::Kind;

pub struct WgetWithoutProgress;

static META: RuleMeta = RuleMeta {
    id: "wget-without-progress",
    summary: "`wget` without `--progress` or `-q`/`-nv` fills the build log with progress dots",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::SafeOrUnsafe,
    hadolint: &["DL3047"],
    buildkit: &[],
    docs: r#"# wget-without-progress

## What it finds
GNU `wget` in a `RUN` without any of `--progress=…`, `-q`/`--quiet`, `-nv`/`--no-verbose`,
`-o`/`--output-file` or `-a`/`--append-output`.

Not reported on Alpine and BusyBox stages, whose `wget` is BusyBox's (it draws a single
progress line and has no `--progress` option), unless the stage installs GNU `wget`.

## Why
Without a terminal, GNU `wget` falls back to its `dot` progress display: one dot per
kilobyte, a line per 50 KB. A 200 MB download prints some 4,000 lines into the build
log, which buries the output that matters and can hit BuildKit's per-step log limit
(`[output clipped, log limit 2MiB reached]`), hiding any error that follows.
`--progress=dot:giga` prints a dot per megabyte (a line per 32 MB), and `-nv` one line
per file.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y wget \
 && wget https://example.com/tool.tar.gz
```

## Fix
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y wget \
 && wget --progress=dot:giga https://example.com/tool.tar.gz
```
The quick fix inserts `--progress=dot:giga` after `wget`. It is safe where the `wget` is
known to be GNU's (the stage installs it, or the base is a Debian, Ubuntu, Fedora or
Red Hat family image); elsewhere it is **unsafe**, as BusyBox's `wget` rejects the option.

## Silence
`# shipshape ignore=wget-without-progress` on the line above, or
`ignore = ["wget-without-progress"]` in `.shipshape.toml`. hadolint's `DL3047` is honoured.
"#,
};

/// Short options of GNU wget that take a value: the rest of a cluster after them is that value.
const VALUED_SHORT: &str = "OoaeiBtTwQPUlARDIXY";

/// Does the command quiet or redirect wget's progress output?
fn quiet(c: &ShellCommand) -> bool {
    c.words.iter().skip(1).take_while(|w| w.text != "--").any(|w| {
        let t = w.text.as_str();
        if let Some(long) = t.strip_prefix("--") {
            let name = long.split('=').next().unwrap_or(long);
            return matches!(name, "progress" | "quiet" | "no-verbose" | "output-file" | "append-output");
        }
        // `-nv`, `-nc`, `-nH`…: two-letter options of their own.
        if t.starts_with("-n") {
            return t == "-nv";
        }
        let Some(cluster) = t.strip_prefix('-') else { return false };
        for ch in cluster.chars() {
            if matches!(ch, 'q' | 'o' | 'a') {
                return true;
            }
            if VALUED_SHORT.contains(ch) {
                break;
            }
        }
        false
    })
}

/// Does the command install GNU wget with a system package manager?
fn installs_wget(c: &ShellCommand) -> bool {
    identify(c).is_some_and(|(t, _)| matches!(t, Tool::Apt | Tool::Apk | Tool::Dnf))
        && matches!(c.subcommand(), Some("install" | "add"))
        && c.operands().any(|w| w.text == "wget" || w.text.starts_with("wget="))
}

/// Is the stage's `wget` BusyBox's unless something else is installed?
fn busybox_base(st: &StageState) -> bool {
    st.base_is(|n| matches!(n, "alpine" | "busybox"))
        || st.base.as_ref().and_then(|b| b.tag.as_deref()).is_some_and(|t| t.contains("alpine") || t.contains("musl"))
}

/// Is the stage's `wget` GNU's: a glibc distribution image?
fn gnu_base(st: &StageState) -> bool {
    const DISTROS: &[&str] = &[
        "debian",
        "ubuntu",
        "buildpack-deps",
        "fedora",
        "centos",
        "rockylinux",
        "almalinux",
        "amazonlinux",
        "oraclelinux",
        "ubi",
        "ubi8",
        "ubi9",
        "ubi-minimal",
        "opensuse",
        "leap",
        "tumbleweed",
    ];
    const RELEASES: &[&str] = &["bookworm", "bullseye", "buster", "trixie", "jammy", "noble", "focal"];
    st.base_is(|n| DISTROS.contains(&n))
        || st.base.as_ref().and_then(|b| b.tag.as_deref()).is_some_and(|t| RELEASES.iter().any(|r| t.contains(r)))
}

impl Rule for WgetWithoutProgress {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // Per stage, its state at the end and whether GNU wget was installed (a stage built
        // on another inherits both).
        let mut ends: Vec<StageState> = Vec::new();
        let mut gnu_at_end: Vec<bool> = Vec::new();
        for stage in &cx.model.stages {
            let mut st = StageState::starting(&stage.base, &ends);
            let mut gnu = match stage.base {
                Base::Stage(p) => gnu_at_end.get(p).copied().unwrap_or(false),
                _ => false,
            };
            for i in stage.instructions.clone().skip(1) {
                let Some(inst) = df.instructions.get(i) else { break };
                if inst.kind == Kind::Run {
                    for c in cx.model.run_commands(df, inst).iter() {
                        gnu |= installs_wget(c);
                        if c.program() == Some("wget") && !quiet(c) && (gnu || !busybox_base(&st)) {
                            report(out, c, inst.exec.is_some(), gnu || gnu_base(&st));
                        }
                    }
                }
                st.apply(df, cx.model, inst);
            }
            ends.push(st);
            gnu_at_end.push(gnu);
        }
    }
}

fn report(out: &mut Findings, c: &ShellCommand, exec: bool, safe: bool) {
    let Some(prog) = c.words.first() else { return };
    let insert = if exec { ", \"--progress=dot:giga\"" } else { " --progress=dot:giga" };
    out.report(
        prog.range.clone(),
        "`wget` without `--progress=dot:giga` (or `-nv`) prints thousands of progress lines into the build log",
    )
    .with_fix(Fix {
        title: if safe {
            "Add `--progress=dot:giga`".into()
        } else {
            "Add `--progress=dot:giga` (GNU wget only: BusyBox's rejects it)".into()
        },
        applicability: if safe { Applicability::Safe } else { Applicability::Unsafe },
        edits: vec![Edit::insert(prog.range.end, insert)],
    });
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{assert_fix, spans};

    const ID: &str = "wget-without-progress";

    #[test]
    fn reported_with_a_fix() {
        assert_fix(
            ID,
            "FROM debian:12\nRUN wget -O /tmp/x.tgz https://example.com/x.tgz\n",
            "FROM debian:12\nRUN wget --progress=dot:giga -O /tmp/x.tgz https://example.com/x.tgz\n",
            Applicability::Safe,
        );
        assert_fix(
            ID,
            "FROM python:3.12-slim-bookworm\nRUN [\"wget\", \"https://example.com/x\"]\n",
            "FROM python:3.12-slim-bookworm\nRUN [\"wget\", \"--progress=dot:giga\", \"https://example.com/x\"]\n",
            Applicability::Safe,
        );
        assert_fix(
            ID,
            "FROM debian:12\nRUN <<EOF\nset -e\nwget https://example.com/x\nEOF\n",
            "FROM debian:12\nRUN <<EOF\nset -e\nwget --progress=dot:giga https://example.com/x\nEOF\n",
            Applicability::Safe,
        );
        // An unknown base: the wget may be BusyBox's.
        assert_fix(
            ID,
            "FROM example/tools:1\nrun wget https://example.com/x\n",
            "FROM example/tools:1\nrun wget --progress=dot:giga https://example.com/x\n",
            Applicability::Unsafe,
        );
    }

    #[test]
    fn alpine_only_when_gnu_wget_is_installed() {
        assert!(spans(ID, "FROM alpine:3.20\nRUN wget https://example.com/x\n").is_empty());
        assert!(spans(ID, "FROM node:20-alpine\nRUN wget https://example.com/x\n").is_empty());
        let text = "FROM alpine:3.20 AS base\nRUN apk add --no-cache wget\nFROM base\nRUN wget https://example.com/x\n";
        assert_fix(
            ID,
            text,
            "FROM alpine:3.20 AS base\nRUN apk add --no-cache wget\nFROM base\nRUN wget --progress=dot:giga https://example.com/x\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nRUN wget -q https://example.com/x\n",
            "FROM debian:12\nRUN wget -qO- https://example.com/x | sh\n",
            "FROM debian:12\nRUN wget --quiet https://example.com/x\n",
            "FROM debian:12\nRUN wget -nv https://example.com/x\n",
            "FROM debian:12\nRUN wget --no-verbose https://example.com/x\n",
            "FROM debian:12\nRUN wget --progress=bar:force https://example.com/x\n",
            "FROM debian:12\nRUN wget -o /tmp/log https://example.com/x\n",
            "FROM debian:12\nRUN wget -a /tmp/log https://example.com/x\n",
            "FROM debian:12\nRUN apt-get install -y wget\n",
            "FROM debian:12\nRUN command -v wget || apt-get install -y curl\n",
            "FROM debian:12\nHEALTHCHECK CMD wget http://localhost/ || exit 1\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn value_clusters_are_not_flags() {
        // `-O` takes `qa.tgz` as its value: no quiet flag there.
        assert_eq!(spans(ID, "FROM debian:12\nRUN wget -Oqa.tgz https://example.com/x\n"), ["wget"]);
        assert_eq!(spans(ID, "FROM debian:12\nRUN wget -nc https://example.com/x\n"), ["wget"]);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
