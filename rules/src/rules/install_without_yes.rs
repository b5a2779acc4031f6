use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::Base;
use crate::model::install::{package_command, Manager, PackageCommand};
use crate::model::shell::Joiner;
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct InstallWithoutYes;

static META: RuleMeta = RuleMeta {
    id: "install-without-yes",
    summary: "A package install that asks for confirmation, which a build cannot give",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL3014", "DL3030", "DL3034", "DL3038"],
    buildkit: &[],
    docs: r#"# install-without-yes

## What it finds
A package manager in a `RUN` that may stop to ask "Do you want to continue?":

| manager | commands | what answers yes |
|---------|----------|------------------|
| `apt-get`, `apt` | `install`, `upgrade`, `dist-upgrade`, `full-upgrade`, `remove`, `purge`, `autoremove`, `build-dep`, `reinstall` | `-y`, `--yes`, `--assume-yes`, `-qq` (quiet level 2 implies `-y`), `-o APT::Get::Assume-Yes=true` |
| `yum`, `dnf`, `microdnf`, `tdnf` | `install`, `groupinstall`, `localinstall`, `reinstall`, `update`, `upgrade`, `remove`, `erase`, `downgrade`, `group install`… | `-y`, `--assumeyes` |
| `zypper` | `install`/`in`, `remove`/`rm`, `update`/`up`, `patch`, `dist-upgrade`/`dup`, `source-install`/`si` | `-n`/`--non-interactive` before the subcommand, `-y`/`--no-confirm` after it |

Not reported: a command whose input is piped in (`yes | apt-get install …`), a
simulation (`apt-get install -s`), a stage (or a stage it builds on) that configures
`APT::Get::Assume-Yes` or yum's/dnf's `assumeyes` in an earlier `RUN`, or copies files into
`/etc/apt/apt.conf.d/`.

## Why
A build has no terminal: the prompt reads end-of-file and the package manager gives up —
apt prints `Do you want to continue? [Y/n] Abort.`, yum and dnf `Operation aborted.` — and
the step fails. (`microdnf` asked nothing until 2021; since then — UBI 9, Oracle Linux
9 — it asks like dnf.) It fails only when the install needs confirmation (apt asks whenever it
installs more than the packages named, which is almost always), so a Dockerfile can build
today and break when a package gains a dependency.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl
```

## Fix
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
The quick fix (safe) inserts `-y` after the subcommand — for `zypper` the global `-n`
after `zypper`, which every subcommand accepts. In an exec-form `RUN` it adds a `"-y"`
argument.

## Silence
`# shipshape ignore=install-without-yes` on the line above, or
`ignore = ["install-without-yes"]` in `.shipshape.toml`. hadolint's `DL3014` (apt-get),
`DL3030` (yum), `DL3034` (zypper) and `DL3038` (dnf) are honoured, each for its manager.
"#,
};

const APT_SUBS: &[&str] =
    &["install", "upgrade", "dist-upgrade", "full-upgrade", "remove", "purge", "autoremove", "build-dep", "reinstall"];
const RPM_SUBS: &[&str] = &[
    "install",
    "in",
    "groupinstall",
    "localinstall",
    "reinstall",
    "update",
    "upgrade",
    "up",
    "remove",
    "erase",
    "rm",
    "downgrade",
    "distro-sync",
    "groupupdate",
    "groupremove",
    "autoremove",
    "swap",
];
const ZYPPER_SUBS: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "update",
    "up",
    "patch",
    "dist-upgrade",
    "dup",
    "source-install",
    "si",
    "install-new-recommends",
    "inr",
];

/// Does this instruction configure the answer for later installs?
fn configures_yes(src: &str, inst: &Instruction) -> (bool, bool) {
    match inst.kind {
        Kind::Run => {
            let t = src.get(inst.range.clone()).unwrap_or("");
            (t.contains("Assume-Yes"), t.contains("assumeyes"))
        }
        Kind::Copy | Kind::Add => (inst.args.last().is_some_and(|d| d.text.contains("/etc/apt/apt.conf.d")), false),
        _ => (false, false),
    }
}

/// Does the command ask, or is it told yes? `None` when it does not ask.
fn asks(p: &PackageCommand) -> Option<&'static str> {
    let sub = p.subcommand()?;
    match p.manager {
        Manager::AptGet | Manager::Apt if p.is(APT_SUBS) => {
            let yes = p.has(&["--yes", "--assume-yes", "--force-yes"], Some('y'))
                || p.options().filter(|o| *o == "-q" || *o == "--quiet").count() >= 2
                || p.options().any(|o| {
                    o == "-qq" || o == "-q=2" || o == "--quiet=2" || (o.starts_with('-') && o.matches('q').count() >= 2)
                })
                || assume_yes_option(p);
            let simulates = p.has(&["--simulate", "--just-print", "--dry-run", "--recon", "--no-act"], Some('s'));
            (!yes && !simulates).then_some("DL3014")
        }
        Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf
            if p.is(RPM_SUBS)
                || (matches!(sub.text.as_str(), "group" | "module")
                    && p.packages(0)
                        .next()
                        .is_some_and(|w| matches!(w.text.as_str(), "install" | "remove" | "upgrade"))) =>
        {
            let yes = p.has(&["--assumeyes"], Some('y'))
                || p.options()
                    .any(|o| o.starts_with("--setopt=assumeyes=1") || o.starts_with("--setopt=assumeyes=True"));
            let dry = p.has(&["--assumeno"], None);
            (!yes && !dry).then_some(if p.manager == Manager::Yum { "DL3030" } else { "DL3038" })
        }
        Manager::Zypper if p.is(ZYPPER_SUBS) => {
            let sub_index = p.operands[0].0;
            let global = p.options_before(sub_index).any(|o| o == "-n" || o == "--non-interactive");
            let after = p.options().any(|o| o == "-y" || o == "--no-confirm");
            let dry = p.options().any(|o| o == "-D" || o == "--dry-run");
            (!global && !after && !dry).then_some("DL3034")
        }
        _ => None,
    }
}

/// `-o APT::Get::Assume-Yes=true` (or `--option`).
fn assume_yes_option(p: &PackageCommand) -> bool {
    crate::model::install::apt_bool_option(&p.cmd.words[p.first.min(p.cmd.words.len())..], "APT::Get::Assume-Yes")
        == Some(true)
}

impl Rule for InstallWithoutYes {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // Per stage: (apt told yes, yum/dnf told yes) by the end of it.
        let mut ends: Vec<(bool, bool)> = Vec::new();
        for stage in &cx.model.stages {
            let (mut apt_yes, mut rpm_yes) = match stage.base {
                Base::Stage(p) => ends.get(p).copied().unwrap_or_default(),
                _ => (false, false),
            };
            for i in stage.instructions.clone().skip(1) {
                let Some(inst) = df.instructions.get(i) else { break };
                if inst.kind == Kind::Run {
                    let cmds = cx.model.run_commands(df, inst);
                    for (k, c) in cmds.iter().enumerate() {
                        // Input piped in (`yes | apt-get install …`) answers the prompt.
                        if k > 0 && cmds[k - 1].joiner == Joiner::Pipe {
                            continue;
                        }
                        let Some(p) = package_command(c) else { continue };
                        let Some(code) = asks(&p) else { continue };
                        let told = match p.manager {
                            Manager::AptGet | Manager::Apt => apt_yes,
                            Manager::Zypper => false,
                            _ => rpm_yes,
                        };
                        if told {
                            continue;
                        }
                        report(inst, &p, code, out);
                    }
                }
                let (a, r) = configures_yes(&df.source, inst);
                apt_yes |= a;
                rpm_yes |= r;
            }
            ends.push((apt_yes, rpm_yes));
        }
    }
}

fn report(inst: &Instruction, p: &PackageCommand, code: &'static str, out: &mut Findings) {
    let Some(sub) = p.subcommand() else { return };
    let prog = p.cmd.program().unwrap_or("");
    let exec = inst.exec.is_some();
    let (at, flag) = if p.manager == Manager::Zypper {
        // The global `-n` goes right after the program (and any global options before it
        // are fine either way).
        (p.cmd.words[p.first - 1].range.end, "-n")
    } else {
        (sub.range.end, "-y")
    };
    let insert = if exec { format!(", \"{flag}\"") } else { format!(" {flag}") };
    let what = if p.manager == Manager::Zypper { "`-n` (`--non-interactive`)" } else { "`-y`" };
    out.report(
        sub.range.clone(),
        format!(
            "`{prog} {}` without {what} stops to ask for confirmation, and the build aborts at the prompt",
            sub.text
        ),
    )
    .with_fix(Fix {
        title: format!("Add {what}"),
        applicability: Applicability::Safe,
        edits: vec![Edit::insert(at, insert)],
    })
    .with_hadolint(code);
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{assert_fix, diagnostics, spans};

    const ID: &str = "install-without-yes";

    fn fix_ok(text: &str, expected: &str) {
        assert_fix(ID, text, expected, Applicability::Safe);
    }

    #[test]
    fn apt_get_install_without_yes() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends curl\n";
        let d = diagnostics(ID, text);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].hadolint, Some("DL3014"));
        assert_eq!(&text[d[0].range.clone()], "install");
        fix_ok(text, "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n");
        fix_ok("FROM ubuntu:24.04\nRUN apt upgrade\n", "FROM ubuntu:24.04\nRUN apt upgrade -y\n");
        fix_ok("FROM debian:12\nRUN apt-get purge git\n", "FROM debian:12\nRUN apt-get purge -y git\n");
    }

    #[test]
    fn yes_in_any_form() {
        for text in [
            "FROM debian:12\nRUN apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get -y install curl\n",
            "FROM debian:12\nRUN apt-get install curl --yes\n",
            "FROM debian:12\nRUN apt-get install --assume-yes curl\n",
            "FROM debian:12\nRUN apt-get -qqy install curl\n",
            "FROM debian:12\nRUN apt-get -qq install curl\n",
            "FROM debian:12\nRUN apt-get -q -q install curl\n",
            "FROM debian:12\nRUN apt-get install -o APT::Get::Assume-Yes=true curl\n",
            "FROM debian:12\nRUN apt-get install -s curl\n",
            "FROM debian:12\nRUN yes | apt-get install curl\n",
            "FROM debian:12\nRUN echo 'APT::Get::Assume-Yes \"true\";' > /etc/apt/apt.conf.d/90yes\nRUN apt-get install curl\n",
            "FROM debian:12 AS base\nCOPY 90yes /etc/apt/apt.conf.d/\nFROM base\nRUN apt-get install curl\n",
            "FROM debian:12\nRUN apt-get update\n",
            "FROM debian:12\nRUN apt-cache policy curl\n",
            "FROM debian:12\nRUN echo apt-get install curl\n",
            "FROM fedora:40\nRUN dnf install -y gcc\n",
            "FROM fedora:40\nRUN dnf --assumeyes install gcc\n",
            "FROM centos:7\nRUN yum -y install gcc && yum clean all\n",
            "FROM centos:7\nRUN echo assumeyes=1 >> /etc/yum.conf\nRUN yum install gcc\n",
            "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y gcc\n",
            "FROM opensuse/leap:15.6\nRUN zypper -n install curl\n",
            "FROM opensuse/leap:15.6\nRUN zypper --non-interactive in curl\n",
            "FROM opensuse/leap:15.6\nRUN zypper install -y curl\n",
            "FROM opensuse/leap:15.6\nRUN zypper refresh\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn rpm_managers_and_their_codes() {
        let code = |text: &str| diagnostics(ID, text).iter().map(|d| d.hadolint.unwrap_or("")).collect::<Vec<_>>();
        assert_eq!(code("FROM centos:7\nRUN yum install gcc\n"), ["DL3030"]);
        assert_eq!(code("FROM fedora:40\nRUN dnf install gcc && dnf upgrade\n"), ["DL3038", "DL3038"]);
        assert_eq!(code("FROM rockylinux:9\nRUN dnf group install 'Development Tools'\n"), ["DL3038"]);
        assert_eq!(code("FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install gcc\n"), ["DL3038"]);
        assert_eq!(code("FROM opensuse/leap:15.6\nRUN zypper in curl\n"), ["DL3034"]);
        // `-n` after the subcommand is `--name`, not non-interactive.
        assert_eq!(code("FROM opensuse/leap:15.6\nRUN zypper install -n curl\n"), ["DL3034"]);
        fix_ok("FROM centos:7\nRUN yum install gcc\n", "FROM centos:7\nRUN yum install -y gcc\n");
        fix_ok(
            "FROM opensuse/leap:15.6\nRUN zypper --quiet install curl\n",
            "FROM opensuse/leap:15.6\nRUN zypper -n --quiet install curl\n",
        );
    }

    #[test]
    fn exec_form_heredoc_and_continuations() {
        fix_ok(
            "FROM debian:12\nRUN [\"apt-get\", \"install\", \"curl\"]\n",
            "FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n",
        );
        fix_ok(
            "FROM opensuse/leap:15.6\nRUN [\"zypper\", \"install\", \"curl\"]\n",
            "FROM opensuse/leap:15.6\nRUN [\"zypper\", \"-n\", \"install\", \"curl\"]\n",
        );
        fix_ok(
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install curl\nEOF\n",
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n",
        );
        fix_ok(
            "FROM debian:12\nrun apt-get update && \\\n    apt-get install \\\n      curl\n",
            "FROM debian:12\nrun apt-get update && \\\n    apt-get install -y \\\n      curl\n",
        );
        fix_ok(
            "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install curl\n",
            "# escape=`\nFROM debian:12\nRUN apt-get update && `\n    apt-get install -y curl\n",
        );
    }

    #[test]
    fn message_names_the_command() {
        let d = diagnostics(ID, "FROM opensuse/leap:15.6\nRUN zypper in curl\n");
        assert!(d[0].message.starts_with("`zypper in` without `-n`"), "{}", d[0].message);
        let d = diagnostics(ID, "FROM debian:12\nRUN apt-get install curl\n");
        assert!(d[0].message.starts_with("`apt-get install` without `-y` stops"), "{}", d[0].message);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
