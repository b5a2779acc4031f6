use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::package_manager::{identify, Tool};
use crate::model::shell::ShellCommand;
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct AptNoInstallRecommends;

static META: RuleMeta = RuleMeta {
    id: "apt-no-install-recommends",
    summary: "`apt-get install` without `--no-install-recommends` pulls in recommended packages too",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &["DL3015"],
    buildkit: &[],
    docs: r#"# apt-no-install-recommends

## What it finds
`apt-get install` or `apt install` (in a `RUN`, an exec-form `RUN` or a `RUN <<EOF`
script) without `--no-install-recommends` or `-o APT::Install-Recommends=false`.
Not reported when the stage (or a stage it builds on) already configures
`APT::Install-Recommends` in a `RUN`, or copies files into `/etc/apt/apt.conf.d/`.

## Why
By default apt also installs every package that the requested ones *recommend*, and
what those recommend in turn. In a container these are rarely used — documentation
tools, X11 libraries, alternative implementations: on Debian, `apt-get install git`
also brings `openssh-client`, `patch` and `less`, and through `openssh-client` `xauth`
and X11 libraries. The extra packages commonly add tens of MB (often a third or more of
the layer) and download time to every build, and each one is more to patch when a CVE
appears. Installing only what you ask for gives smaller, faster-building images with a
smaller attack surface.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y curl
```

## Fix
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
The quick fix inserts `--no-install-recommends` after `install`. It is **unsafe**: if the
software relies on a recommended package (for example `ca-certificates` for HTTPS, which
`curl` only recommends), add that package to the list by hand.

## Silence
`# shipshape ignore=apt-no-install-recommends` on the line above, or
`ignore = ["apt-no-install-recommends"]` in `.shipshape.toml`. hadolint's `DL3015` is honoured.
"#,
};

/// Does an earlier (or this) RUN configure apt's recommends, or a COPY put apt config in place?
fn configures_recommends(df_source: &str, inst: &Instruction) -> bool {
    match inst.kind {
        Kind::Run => df_source.get(inst.range.clone()).is_some_and(|t| t.contains("Install-Recommends")),
        Kind::Copy | Kind::Add => inst.args.last().is_some_and(|d| d.text.contains("/etc/apt/apt.conf.d")),
        _ => false,
    }
}

fn lacks_option(c: &ShellCommand) -> bool {
    let flag = c.words.iter().skip(1).any(|w| {
        matches!(w.text.as_str(), "--no-install-recommends" | "--install-recommends=no" | "--install-recommends=false")
    });
    let words = c.words.get(1..).unwrap_or_default();
    !flag && crate::model::install::apt_bool_option(words, "APT::Install-Recommends") != Some(false)
}

impl Rule for AptNoInstallRecommends {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let src = &df.source;
        // Per stage: has apt been told not to install recommends before this instruction?
        let mut configured: Vec<bool> = Vec::new();
        for stage in &cx.model.stages {
            let mut done = match stage.base {
                crate::model::dockerfile::Base::Stage(p) => configured.get(p).copied().unwrap_or(false),
                _ => false,
            };
            for i in stage.instructions.clone().skip(1) {
                let Some(inst) = df.instructions.get(i) else { break };
                if configures_recommends(src, inst) {
                    done = true;
                }
                if done || inst.kind != Kind::Run {
                    continue;
                }
                for c in cx.model.run_commands(df, inst).iter() {
                    if !identify(c).is_some_and(|(t, _)| t == Tool::Apt) || !lacks_option(c) {
                        continue;
                    }
                    // A simulation (`-s`, `--simulate`, `--dry-run`…) or a download-only run
                    // installs nothing.
                    let simulates =
                        ["--simulate", "--just-print", "--dry-run", "--recon", "--no-act", "--download-only"]
                            .iter()
                            .any(|o| c.has_option(o, None))
                            || c.has_option("-s", Some('s'))
                            || c.has_option("-d", Some('d'));
                    if simulates {
                        continue;
                    }
                    let valued = ["-o", "-c", "-t", "--option", "--config-file", "--target-release"];
                    let mut skip = false;
                    let install = c.words.iter().skip(1).find(|w| {
                        if std::mem::take(&mut skip) {
                            return false;
                        }
                        if w.text.starts_with('-') {
                            skip = valued.contains(&w.text.as_str());
                            return false;
                        }
                        true
                    });
                    let Some(install) = install.filter(|w| w.text == "install") else { continue };
                    let prog = c.program().unwrap_or("apt-get");
                    // Exec form: the new argument is a JSON string of its own.
                    let insert =
                        if inst.exec.is_some() { ", \"--no-install-recommends\"" } else { " --no-install-recommends" };
                    out.report(
                        install.range.clone(),
                        format!(
                            "`{prog} install` without `--no-install-recommends` also installs recommended packages, which bloat the image"
                        ),
                    )
                    .with_fix(Fix {
                        title: "Add `--no-install-recommends` (check that nothing needed was only recommended)".into(),
                        applicability: Applicability::Unsafe,
                        edits: vec![Edit::insert(install.range.end, insert)],
                    });
                }
            }
            configured.push(done);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "apt-no-install-recommends";

    fn fix_ok(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Unsafe);
    }

    #[test]
    fn simulations_install_nothing() {
        for text in [
            "FROM debian:12\nRUN apt-get install -s curl\n",
            "FROM debian:12\nRUN apt-get -qqs install curl | grep Inst\n",
            "FROM debian:12\nRUN apt-get install --dry-run curl\n",
            "FROM debian:12\nRUN apt-get install -y --download-only curl\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn reports_the_install_word() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get -y install curl\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "install");
        fix_ok(text, "FROM debian:12\nRUN apt-get update && apt-get -y install --no-install-recommends curl\n");
        fix_ok(
            "FROM ubuntu:24.04\r\nRUN apt update && \\\r\n    apt install -y \\\r\n      git\r\n",
            "FROM ubuntu:24.04\r\nRUN apt update && \\\r\n    apt install --no-install-recommends -y \\\r\n      git\r\n",
        );
    }

    #[test]
    fn heredoc_and_exec_form() {
        fix_ok(
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n",
            "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install --no-install-recommends -y curl\nEOF\n",
        );
        fix_ok(
            "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
            "FROM debian:12\nRUN [\"apt-get\", \"install\", \"--no-install-recommends\", \"-y\", \"curl\"]\n",
        );
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n",
            "FROM debian:12\nRUN apt-get --no-install-recommends install -y curl\n",
            "FROM debian:12\nRUN apt-get install -o APT::Install-Recommends=false -y curl\n",
            "FROM debian:12\nRUN apt-get -o APT::Install-Recommends=0 install curl\n",
            "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n",
            "FROM debian:12\nRUN apt-get remove -y curl\n",
            "FROM debian:12\nRUN echo 'APT::Install-Recommends \"false\";' > /etc/apt/apt.conf.d/99norecommends\nRUN apt-get install -y curl\n",
            "FROM debian:12 AS base\nCOPY norecommends /etc/apt/apt.conf.d/\nFROM base\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN echo apt-get install curl\n",
            "FROM debian:12\nRUN cat <<EOF > /x\napt-get install curl\nEOF\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn options_with_values_before_install() {
        assert_eq!(
            spans(ID, "FROM debian:12\nRUN apt-get -o Dpkg::Options::=--force-confold install -y x\n"),
            ["install"]
        );
    }
}
