use super::missing_cache_mount::caches_kept_out;
use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::model::install::{package_command, Manager, PackageCommand};
use crate::model::shell::ShellCommand;
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct PackageCacheInLayer;

static META: RuleMeta = RuleMeta {
    id: "package-cache-in-layer",
    summary: "A package manager's download cache is left in the image layer",
    category: Category::Hygiene,
    default_severity: None,
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &["DL3009", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3060"],
    buildkit: &[],
    docs: r#"# package-cache-in-layer

## What it finds
A `RUN` in a stage that ends up in the image (the final stage, the stage Compose builds,
and the stages they build on) that leaves a package manager's cache in its layer:

| command | cache left | cleaned by | hadolint |
|---------|------------|------------|----------|
| `apt-get update` | package lists in `/var/lib/apt/lists` | `rm -rf /var/lib/apt/lists/*` later in the `RUN` | DL3009 |
| `apk add` | index in `/var/cache/apk` | `apk add --no-cache`, or `rm -rf /var/cache/apk/*` | DL3019 |
| `yum install` | metadata and packages in `/var/cache/yum` | `yum clean all` | DL3032 |
| `dnf`/`microdnf`/`tdnf install` | `/var/cache/dnf` (`libdnf5`, `yum`, `tdnf`) | `dnf clean all` | DL3040 |
| `zypper install` | `/var/cache/zypp` | `zypper clean` | DL3036 |
| `pip install` | wheels in `~/.cache/pip` | `--no-cache-dir` or `ENV PIP_NO_CACHE_DIR=1` | DL3042 |
| `yarn install` | `/usr/local/share/.cache/yarn` | `yarn cache clean` | DL3060 |

**Not reported when the `RUN` mounts the cache** (`--mount=type=cache` or `tmpfs` on one
of the tool's cache directories — those `missing-cache-mount` knows, and
`/var/cache/zypp`) or turns caching off: the cache is then not in the layer, and
cleaning it would only throw away what the mount keeps for the next build.

## Why
A layer keeps every file present when its `RUN` ends; deleting them in a later `RUN`
does not make the image smaller. apt's lists are commonly 20–40 MB, dnf's metadata
100 MB or more, and a pip or yarn cache holds a second copy of everything installed.

This rule is **off by default**. With BuildKit, `missing-cache-mount` (on by default)
reports the same steps with a better fix: a cache mount keeps the downloads out of the
layer *and* reuses them on the next build, where deleting them means downloading them
again every time. The often-repeated advice to clean caches is wrong for a `RUN` that
mounts them — the clean-up empties the shared cache and defeats the mount. Turn this rule
on if you build without BuildKit (then `missing-cache-mount` can be turned off).
Builder stages are not judged: their layers are not part of the image.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
```
The quick fix appends the clean-up to the `RUN` (`&& rm -rf /var/lib/apt/lists/*`,
`&& yum clean all`, `&& zypper clean --all`, `&& yarn cache clean`) or adds
`--no-cache` to `apk add` and `--no-cache-dir` to `pip install`. It is **unsafe**: whatever
installs from this image later without refreshing first — a derived image, a script in
the container — no longer finds the package lists. No fix is offered where this file
does so itself (an `apt-get update` alone in its `RUN`, or a later `RUN` that runs
`apt-get install` without its own update): merge the update into the `RUN` that installs.
Nor is one offered for an exec-form `RUN`.

## Silence
`# shipshape ignore=package-cache-in-layer` on the line above, or
`ignore = ["package-cache-in-layer"]` in `.shipshape.toml`. hadolint's `DL3009`, `DL3019`,
`DL3032`, `DL3036`, `DL3040`, `DL3042` and `DL3060` are honoured, each for its tool.
"#,
};

/// Does `c` delete a directory at or under one of `dirs` (`rm -rf /var/lib/apt/lists/*`)?
fn removes(c: &ShellCommand, dirs: &[&str]) -> bool {
    c.program() == Some("rm")
        && c.words.iter().skip(1).any(|w| {
            let t = w.text.trim_end_matches(['*', '/']);
            dirs.iter().any(|d| {
                let d = d.trim_end_matches('/');
                t == d
                    || t.starts_with(&format!("{d}/"))
                    || (d.starts_with(t) && t.len() > 1 && d[t.len()..].starts_with('/'))
            })
        })
}

fn is(c: &ShellCommand, progs: &[&str], args: &[&str]) -> bool {
    c.program().is_some_and(|p| progs.contains(&p)) && args.iter().all(|a| c.words.iter().skip(1).any(|w| w.text == *a))
}

const RPM_INSTALLS: &[&str] = &[
    "install",
    "in",
    "groupinstall",
    "localinstall",
    "reinstall",
    "update",
    "upgrade",
    "up",
    "distro-sync",
    "makecache",
    "builddep",
];
const RPM_CACHES: &[&str] = &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf"];

/// The cache-producing command kinds: one per tool, with its hadolint code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Kindof {
    AptLists,
    Apk,
    Rpm,
    Zypper,
    Pip,
    Yarn,
}

impl Kindof {
    fn code(self, m: Manager) -> &'static str {
        match self {
            Kindof::AptLists => "DL3009",
            Kindof::Apk => "DL3019",
            Kindof::Rpm if m == Manager::Yum => "DL3032",
            Kindof::Rpm => "DL3040",
            Kindof::Zypper => "DL3036",
            Kindof::Pip => "DL3042",
            Kindof::Yarn => "DL3060",
        }
    }
}

/// What kind of cache this command leaves, if any.
fn produces(p: &PackageCommand) -> Option<Kindof> {
    let sub = p.subcommand().map(|w| w.text.as_str());
    match p.manager {
        Manager::AptGet | Manager::Apt if sub == Some("update") => Some(Kindof::AptLists),
        Manager::Apk if sub == Some("add") && !p.has(&["--no-cache", "--no-network"], None) => Some(Kindof::Apk),
        Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf
            if p.is(RPM_INSTALLS)
                || (matches!(sub, Some("group" | "module"))
                    && p.packages(0).next().is_some_and(|w| matches!(w.text.as_str(), "install" | "upgrade"))) =>
        {
            Some(Kindof::Rpm)
        }
        Manager::Zypper
            if p.is(&["install", "in", "update", "up", "patch", "dist-upgrade", "dup", "source-install", "si"]) =>
        {
            Some(Kindof::Zypper)
        }
        Manager::Pip if sub == Some("install") && !p.has(&["--no-cache-dir"], None) => Some(Kindof::Pip),
        // `--immutable` is Yarn 2+, whose cache is often the install itself (Plug'n'Play).
        Manager::Yarn
            if (sub == Some("install") || (sub.is_none() && !p.has(&["--version", "--help"], Some('v'))))
                && !p.has(&["--immutable", "--immutable-cache"], None) =>
        {
            Some(Kindof::Yarn)
        }
        _ => None,
    }
}

/// Does a later command clean this kind of cache?
fn cleans(kind: Kindof, c: &ShellCommand) -> bool {
    match kind {
        Kindof::AptLists => {
            removes(c, &["/var/lib/apt/lists"])
                || is(c, &["apt-get", "apt"], &["distclean"])
                || is(c, &["apt-get", "apt"], &["dist-clean"])
        }
        Kindof::Apk => removes(c, &["/var/cache/apk"]) || is(c, &["apk"], &["cache", "clean"]),
        Kindof::Rpm => is(c, &["yum", "dnf", "dnf5", "microdnf", "tdnf"], &["clean", "all"]) || removes(c, RPM_CACHES),
        Kindof::Zypper => {
            is(c, &["zypper"], &["clean"]) || is(c, &["zypper"], &["cc"]) || removes(c, &["/var/cache/zypp"])
        }
        Kindof::Pip => {
            package_command(c).is_some_and(|p| p.manager == Manager::Pip && p.is(&["cache"]))
                || removes(c, &["/root/.cache/pip", "~/.cache/pip", "$HOME/.cache/pip", "/root/.cache", "~/.cache"])
        }
        Kindof::Yarn => {
            is(c, &["yarn", "yarnpkg"], &["cache", "clean"]) || removes(c, &["/usr/local/share/.cache/yarn"])
        }
    }
}

/// Does the RUN mount zypper's cache (the one cache `missing-cache-mount` does not know)?
fn mounts_zypper_cache(inst: &Instruction) -> bool {
    inst.flags_named("mount").any(|f| {
        let fields = f.fields(&inst.line);
        let get = |k: &[&str]| fields.iter().find(|x| k.contains(&x.key.as_str())).and_then(|x| x.value.clone());
        matches!(get(&["type"]).as_deref(), Some("cache" | "tmpfs"))
            && get(&["target", "dst", "destination"])
                .is_some_and(|t| t.trim_end_matches('/').starts_with("/var/cache/zypp"))
    })
}

impl Rule for PackageCacheInLayer {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let kept = caches_kept_out(cx);
        // The stages whose layers are in the image.
        let shipped = cx.layered_stages();
        for (i, inst) in df.instructions.iter().enumerate() {
            if inst.kind != Kind::Run || !cx.model.stage_of(i).is_some_and(|s| shipped[s]) {
                continue;
            }
            let kept_here = kept.get(&i).map(Vec::as_slice).unwrap_or(&[]);
            let cmds = cx.model.run_commands(df, inst);
            let zypper_mounted = mounts_zypper_cache(inst);
            // The last producer of each appended-clean-up kind, reported once per RUN.
            let mut last: Vec<(Kindof, usize)> = Vec::new();
            for (k, c) in cmds.iter().enumerate() {
                let Some(p) = package_command(c) else { continue };
                let Some(kind) = produces(&p) else { continue };
                // A mounted (or turned off) cache is not in the layer.
                let mounted = match kind {
                    Kindof::Zypper => zypper_mounted,
                    _ => kept_here.contains(&c.range),
                };
                let cleaned = cmds[k + 1..].iter().any(|o| cleans(kind, o));
                if mounted || cleaned {
                    continue;
                }
                if matches!(kind, Kindof::Apk | Kindof::Pip) {
                    report_flag(inst, &p, kind, out);
                } else {
                    last.retain(|(x, _)| *x != kind);
                    last.push((kind, k));
                }
            }
            for (kind, k) in last {
                let p = package_command(&cmds[k]).expect("a package command");
                // Deleting apt's lists breaks an install that reads them without updating:
                // one later in this RUN's stage chain, or the rest of an update-only RUN's
                // work done by the next RUN.
                let no_fix =
                    kind == Kindof::AptLists && (!cmds[k + 1..].iter().any(apt_installs) || later_reads_lists(cx, i));
                report_appended(inst, &cmds, &p, kind, !no_fix, out);
            }
        }
    }
}

/// `apt-get install` (or another command that reads the package lists).
fn apt_installs(c: &ShellCommand) -> bool {
    package_command(c).is_some_and(|p| {
        matches!(p.manager, Manager::AptGet | Manager::Apt)
            && p.is(&["install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "reinstall", "source"])
    })
}

/// Does a later RUN, in this stage or one built on it, install from the lists without
/// updating them first?
fn later_reads_lists(cx: &DockerfileContext, index: usize) -> bool {
    let df = cx.file;
    let Some(stage) = cx.model.stage_of(index) else { return false };
    df.instructions.iter().enumerate().skip(index + 1).any(|(j, inst)| {
        if inst.kind != Kind::Run || !cx.model.stage_of(j).is_some_and(|s| cx.model.ancestry(s).contains(&stage)) {
            return false;
        }
        let cmds = cx.model.run_commands(df, inst);
        let updates = |c: &ShellCommand| {
            package_command(c).is_some_and(|p| matches!(p.manager, Manager::AptGet | Manager::Apt) && p.is(&["update"]))
        };
        match cmds.iter().position(apt_installs) {
            Some(first) => !cmds[..first].iter().any(updates),
            None => false,
        }
    })
}

/// `apk add --no-cache`, `pip install --no-cache-dir`: the fix adds the option.
fn report_flag(inst: &Instruction, p: &PackageCommand, kind: Kindof, out: &mut Findings) {
    let Some(sub) = p.subcommand() else { return };
    let prog = p.cmd.program().unwrap_or("");
    let (flag, msg) = match kind {
        Kindof::Apk => ("--no-cache", "keeps the package index in /var/cache/apk, in the image layer"),
        _ => ("--no-cache-dir", "keeps the downloaded wheels in pip's cache (~/.cache/pip), in the image layer"),
    };
    let insert = if inst.exec.is_some() { format!(", \"{flag}\"") } else { format!(" {flag}") };
    out.report(sub.range.clone(), format!("`{prog} {}` {msg}: add `{flag}` (or mount the cache)", sub.text))
        .with_fix(Fix {
            title: format!("Add `{flag}` (a later step that relies on the cache must then download again)"),
            applicability: Applicability::Unsafe,
            edits: vec![Edit::insert(sub.range.end, insert)],
        })
        .with_hadolint(kind.code(p.manager));
}

/// The clean-up is appended to the RUN.
fn report_appended(
    inst: &Instruction,
    cmds: &[ShellCommand],
    p: &PackageCommand,
    kind: Kindof,
    fixable: bool,
    out: &mut Findings,
) {
    let Some(sub) = p.subcommand().or(p.cmd.words.first()) else { return };
    let prog = p.cmd.program().unwrap_or("");
    let (what, clean) = match kind {
        Kindof::AptLists => (
            "leaves the package lists (/var/lib/apt/lists) in the image layer",
            "rm -rf /var/lib/apt/lists/*".to_string(),
        ),
        Kindof::Rpm => ("leaves its metadata and package cache in the image layer", format!("{prog} clean all")),
        Kindof::Zypper => ("leaves its cache (/var/cache/zypp) in the image layer", "zypper clean --all".to_string()),
        _ => ("leaves its package cache in the image layer", format!("{prog} cache clean")),
    };
    let label = if p.subcommand().is_some() { format!("`{prog} {}`", sub.text) } else { format!("`{prog}`") };
    let d = out.report(sub.range.clone(), format!("{label} {what}: end the RUN with `{clean}` (or mount the cache)"));
    d.with_hadolint(kind.code(p.manager));
    if inst.exec.is_some() || !fixable {
        return;
    }
    let Some(end) = cmds.last().map(|c| c.range.end) else { return };
    d.with_fix(Fix {
        title: format!("Append `&& {clean}` (a later step that relies on the cache must then download again)"),
        applicability: Applicability::Unsafe,
        edits: vec![Edit::insert(end, format!(" && {clean}"))],
    });
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{assert_fix, diagnostics, spans};

    const ID: &str = "package-cache-in-layer";

    fn fix_ok(text: &str, expected: &str) {
        assert_fix(ID, text, expected, Applicability::Unsafe);
    }

    fn codes(text: &str) -> Vec<(String, &'static str)> {
        diagnostics(ID, text).into_iter().map(|d| (text[d.range].to_string(), d.hadolint.unwrap_or(""))).collect()
    }

    #[test]
    fn apt_lists() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";
        assert_eq!(codes(text), [("update".to_string(), "DL3009")]);
        fix_ok(text, "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n");
        fix_ok(
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n",
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl && rm -rf /var/lib/apt/lists/*\nEOF\n",
        );
        fix_ok(
            "# escape=`\nFROM debian:12\nrun apt-get update && `\n    apt-get install -y curl\n",
            "# escape=`\nFROM debian:12\nrun apt-get update && `\n    apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
        );
        // A clean-up before the update does not count.
        assert_eq!(spans(ID, "FROM debian:12\nRUN rm -rf /var/lib/apt/lists/* && apt-get update\n"), ["update"]);
    }

    #[test]
    fn each_tool() {
        fix_ok("FROM alpine:3.20\nRUN apk add curl\n", "FROM alpine:3.20\nRUN apk add --no-cache curl\n");
        fix_ok("FROM centos:7\nRUN yum install -y gcc\n", "FROM centos:7\nRUN yum install -y gcc && yum clean all\n");
        fix_ok(
            "FROM fedora:40\nRUN dnf install -y gcc && dnf install -y make\n",
            "FROM fedora:40\nRUN dnf install -y gcc && dnf install -y make && dnf clean all\n",
        );
        fix_ok(
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl\n",
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper clean --all\n",
        );
        fix_ok(
            "FROM python:3.12\nRUN python -m pip install flask\n",
            "FROM python:3.12\nRUN python -m pip install --no-cache-dir flask\n",
        );
        fix_ok(
            "FROM node:20\nRUN yarn install --frozen-lockfile\n",
            "FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n",
        );
        assert_eq!(
            codes("FROM fedora:40\nRUN dnf install -y gcc\nFROM centos:7\nRUN microdnf install x && yum install y\n"),
            [("install".to_string(), "DL3032")],
            "the builder stage is not judged; one finding per RUN, at the last install"
        );
        let d = codes("FROM centos:7\nRUN yum install -y gcc\n");
        assert_eq!(d[0].1, "DL3032");
        fix_ok(
            "FROM python:3.12\nRUN [\"pip\", \"install\", \"flask\"]\n",
            "FROM python:3.12\nRUN [\"pip\", \"install\", \"--no-cache-dir\", \"flask\"]\n",
        );
        // Exec form: no clean-up can be appended.
        let d = diagnostics(ID, "FROM centos:7\nRUN [\"yum\", \"install\", \"-y\", \"gcc\"]\n");
        assert!(d.len() == 1 && d[0].fix.is_none());
    }

    #[test]
    fn cleaned_or_mounted_is_not_reported() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n  && apt-get clean && rm -rf /var/lib/apt/lists\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked apt-get update && apt-get install -y curl\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n",
            "FROM debian:12\nRUN --mount=type=tmpfs,target=/var/lib/apt apt-get update && apt-get install -y curl\n",
            "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
            "FROM alpine:3.20\nRUN apk add --update curl && rm -rf /var/cache/apk/*\n",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
            "FROM centos:7\nRUN yum install -y gcc && yum clean all\n",
            "FROM centos:7\nRUN yum install -y gcc && rm -rf /var/cache/yum\n",
            "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf install -y gcc\n",
            "FROM opensuse/leap:15.6\nRUN zypper -n in curl && zypper cc -a\n",
            "FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper -n in curl\n",
            "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
            "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=off pip install flask\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n",
            "FROM python:3.12\nRUN pip install flask && rm -rf /root/.cache\n",
            "FROM node:20\nRUN yarn install && yarn cache clean\n",
            "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install\n",
            "FROM node:20\nRUN yarn install --immutable\n",
            "FROM debian:12\nRUN apt-get install -y curl\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn no_fix_where_a_later_install_reads_the_lists() {
        for text in [
            "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n",
            "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y git\nFROM base\nRUN apt-get install -y curl\n",
        ] {
            let d = diagnostics(ID, text);
            assert!(!d.is_empty() && d[0].fix.is_none(), "{text}: {d:?}");
        }
        // A later RUN that updates first is fine.
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y git\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n";
        let d = diagnostics(ID, text);
        assert!(d.len() == 1 && d[0].fix.is_some(), "{d:?}");
    }

    #[test]
    fn builder_stages_are_not_judged() {
        let text = "FROM python:3.12 AS build\nRUN pip install flask\nFROM python:3.12-slim\nCOPY --from=build /usr/local /usr/local\n";
        assert!(spans(ID, text).is_empty());
        // A stage the final one builds on ships its layers.
        let text = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nCMD [\"curl\"]\n";
        assert_eq!(spans(ID, text), ["update"]);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
