use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::model::install::{package_command, Manager, PackageCommand};
use crate::model::shell::ShellWord;
use crate::syntax::dockerfile::Kind;

pub struct UnpinnedPackage;

static META: RuleMeta = RuleMeta {
    id: "unpinned-package",
    summary: "A package installed without a version, so each build may get a different one",
    category: Category::Hygiene,
    default_severity: None,
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3008", "DL3013", "DL3016", "DL3018", "DL3028", "DL3033", "DL3037", "DL3041", "DL3062"],
    buildkit: &[],
    docs: r#"# unpinned-package

## What it finds
Each package a `RUN` installs by name without a version:

| command | pinned as | hadolint |
|---------|-----------|----------|
| `apt-get install`, `apt install` | `curl=7.88.1-10+deb12u8` | DL3008 |
| `apk add` | `curl=8.9.1-r1`, `curl~8.9` | DL3018 |
| `yum install` | `gcc-11.4.1`, `gcc-11.4.1-3.el9` | DL3033 |
| `dnf`/`microdnf`/`tdnf install` | `gcc-11.4.1` | DL3041 |
| `zypper install` | `curl=8.6.0`, `curl>=8` | DL3037 |
| `pip install` | `flask==3.0.3` (or any `>=`, `~=`… specifier) | DL3013 |
| `npm install <pkg>` | `express@4.19.2` | DL3016 |
| `gem install` | `-v 2.5.6` or `bundler:2.5.6` | DL3028 |
| `go install`, `go get`, `go run` | `@v1.2.3` (not `@latest`, `@master`, `@main`, `@HEAD`) | DL3062 |

Not reported: package files and paths (`./pkg.deb`, `*.rpm`, `*.apk`, `*.whl`, `dir/`),
URLs and versioned VCS sources, words built from variables (`$PKGS`, which may hold
pins), `pip install -r`/`-c`/`.`, bare `npm install`/`npm ci` (the lock file pins),
package groups (`@development-tools`, `zypper in -t pattern …`), and `go install pkg`
without a version — inside a module that builds the version `go.mod` pins, outside one
Go refuses it. `go get pkg` without a version upgrades to the latest and is reported.

## Why
Without a version, the build installs whatever the repository has the day it runs, so two
builds of the same commit can differ, and a new release can break a build that nothing
changed. Pinning names the exact version that was tested.

This rule is **off by default** (turn it on with `select` or the `strict` preset).
Pinning distribution packages has a cost: Debian, Ubuntu and Alpine keep only the current
version of a package in their archives, so a pinned `apt-get install curl=…` fails with
"Version … was not found" as soon as a security update replaces it — the pin has to be
chased by hand on every update. Reproducibility is better had from a base image pinned
by digest (its packages and its repository snapshot move together) and from lock files
(`package-lock.json`, `requirements.txt` with hashes, `Gemfile.lock`, `go.sum`) that the
language tools already honour. Teams that do want every package pinned turn this on.

## Example
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask
```

## Fix
```dockerfile
FROM python:3.12-slim
RUN pip install --no-cache-dir flask==3.0.3
```
There is no automatic fix: which version to pin is yours to choose (the one you tested).

## Silence
`# shipshape ignore=unpinned-package` on the line above, or
`ignore = ["unpinned-package"]` in `.shipshape.toml`. hadolint's codes (`DL3008`, `DL3013`,
`DL3016`, `DL3018`, `DL3028`, `DL3033`, `DL3037`, `DL3041`, `DL3062`) are honoured, each for
its package manager.
"#,
};

/// A word we cannot judge: built from a variable, or empty.
fn unknown(w: &str) -> bool {
    w.is_empty() || w.contains('$') || w.contains('`')
}

/// Is a path or package file, not a name from a repository?
fn is_path(w: &str, suffixes: &[&str]) -> bool {
    w.contains('/') || w.starts_with('.') || w.starts_with('~') || suffixes.iter().any(|s| w.ends_with(s))
}

/// `name-version` as rpm writes it: the parts after the first `-` look like a version
/// (only version characters, one of them starting with a digit).
fn rpm_versioned(w: &str) -> bool {
    let mut parts = w.split('-');
    parts.next();
    let rest: Vec<&str> = parts.collect();
    !rest.is_empty()
        && rest.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || ".~^_:+".contains(c)))
        && rest.iter().any(|p| p.starts_with(|c: char| c.is_ascii_digit()))
}

const VCS: &[&str] = &["git+", "git:", "hg+", "svn+", "svn:", "bzr+"];

/// The unpinned package words of a command, with the hadolint code and a pinned example.
fn unpinned<'a>(p: &PackageCommand<'a>) -> (Vec<&'a ShellWord>, &'static str, &'static str) {
    let mut out = Vec::new();
    // A command substitution (`$(cat packages.txt)`) hides the package list.
    if p.cmd.words.iter().any(|w| w.text.contains("$(") || w.text.contains('`')) {
        return (out, "", "");
    }
    let (code, how) = match p.manager {
        Manager::AptGet | Manager::Apt if p.is(&["install"]) => {
            for w in p.packages(0) {
                let t = w.text.as_str();
                if !(t.contains('=') || is_path(t, &[".deb"])) {
                    out.push(w);
                }
            }
            ("DL3008", "`{pkg}=<version>`")
        }
        Manager::Apk if p.is(&["add"]) => {
            for w in p.packages(0) {
                let t = w.text.as_str();
                if !(t.contains(['=', '~', '<', '>']) || is_path(t, &[".apk"])) {
                    out.push(w);
                }
            }
            ("DL3018", "`{pkg}=<version>`")
        }
        Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf => {
            let code = if p.manager == Manager::Yum { "DL3033" } else { "DL3041" };
            if p.is(&["install"]) {
                for w in p.packages(0) {
                    let t = w.text.as_str();
                    // `@group`, `@module:stream`: groups and modules are not versioned packages;
                    // `dnf-command(copr)`, `pkgconfig(zlib)` are capabilities, not package names.
                    if !(rpm_versioned(t)
                        || t.starts_with('@')
                        || t.contains('(')
                        || is_path(t, &[".rpm"])
                        || t.contains(['<', '>', '=']))
                    {
                        out.push(w);
                    }
                }
            } else if p.is(&["module"]) && p.packages(0).next().is_some_and(|w| w.text == "install") {
                for w in p.packages(1) {
                    if !w.text.contains(':') {
                        out.push(w);
                    }
                }
            }
            (code, "`{pkg}-<version>`")
        }
        Manager::Zypper if p.is(&["install", "in"]) => {
            // `-t pattern`/`-t patch`…: not packages.
            let typed = p.options().any(|o| o.starts_with("--type=") && o != "--type=package")
                || p.cmd
                    .words
                    .windows(2)
                    .any(|w| matches!(w[0].text.as_str(), "-t" | "--type") && w[1].text != "package");
            if !typed {
                for w in p.packages(0) {
                    let t = w.text.as_str();
                    if !(t.contains(['=', '<', '>', '(']) || is_path(t, &[".rpm"])) {
                        out.push(w);
                    }
                }
            }
            ("DL3037", "`{pkg}=<version>`")
        }
        Manager::Pip if p.is(&["install"]) => {
            let files = p.options().any(|o| {
                ["-r", "--requirement", "-c", "--constraint", "-e", "--editable"]
                    .iter()
                    .any(|f| o == *f || o.strip_prefix(f).is_some_and(|r| r.starts_with('=')))
                    || (o.starts_with("-r") && !o.starts_with("--"))
            });
            if !files && !p.packages(0).any(|w| w.text == ".") {
                for w in p.packages(0) {
                    let t = w.text.as_str();
                    let vcs = VCS.iter().any(|v| t.starts_with(v));
                    // A VCS source is pinned by `@<ref>` after the repository path
                    // (`git+https://host/repo@v1.2#egg=x`), not by a user in the host part.
                    let vcs_ref = vcs && {
                        let no_fragment = t.split('#').next().unwrap_or(t);
                        no_fragment.rsplit('/').next().is_some_and(|last| last.contains('@'))
                    };
                    let specifier = ["==", ">=", "<=", "~=", "!=", ">", "<", "@"].iter().any(|s| t.contains(s)) && !vcs;
                    let url = t.contains("://") && !vcs;
                    let pinned = if vcs {
                        vcs_ref
                    } else {
                        specifier || url || is_path(t, &[".whl", ".tar.gz", ".zip", ".tar.bz2"])
                    };
                    if !pinned {
                        out.push(w);
                    }
                }
            }
            ("DL3013", "`{pkg}==<version>`")
        }
        Manager::Npm if p.is(&["install", "i", "add", "in", "isntall"]) => {
            for w in p.packages(0) {
                let t = w.text.as_str();
                let git =
                    ["git:", "git+", "github:", "gitlab:", "bitbucket:", "gist:"].iter().any(|g| t.starts_with(g));
                let name =
                    if let Some(scoped) = t.strip_prefix('@') { scoped.split_once('/').map_or("", |x| x.1) } else { t };
                let version = name.split_once('@').map(|x| x.1);
                let pinned = if git {
                    t.contains('#')
                } else if t.contains("://") || is_path(name, &[".tgz", ".tar.gz", ".tar"]) || t.starts_with("file:") {
                    true
                } else {
                    version.is_some_and(|v| !v.is_empty() && !matches!(v, "latest" | "next"))
                };
                if !pinned {
                    out.push(w);
                }
            }
            ("DL3016", "`{pkg}@<version>`")
        }
        Manager::Gem if p.is(&["install", "i"]) => {
            let version = p.options().any(|o| o == "-v" || o == "--version" || o.starts_with("--version="));
            if !version {
                for w in p.packages(0) {
                    let t = w.text.as_str();
                    if !(t.contains(':') || is_path(t, &[".gem"])) {
                        out.push(w);
                    }
                }
            }
            ("DL3028", "`{pkg}:<version>` (or `-v <version>`)")
        }
        Manager::Go if p.is(&["install", "get", "run"]) => {
            let get = p.is(&["get"]);
            let packages: Vec<&ShellWord> =
                if p.is(&["run"]) { p.packages(0).take(1).collect() } else { p.packages(0).collect() };
            for w in packages {
                let t = w.text.as_str();
                // A remote package path starts with a domain (`golang.org/x/…`, `github.com/…`).
                let remote = t.split('/').next().is_some_and(|h| h.contains('.')) && !t.starts_with('.');
                if !remote {
                    continue;
                }
                let pinned = match t.rsplit_once('@') {
                    Some((_, v)) => !matches!(v, "latest" | "upgrade" | "patch" | "master" | "main" | "HEAD" | ""),
                    // Without a version, `go install` and `go run` build what go.mod pins
                    // (or refuse, outside a module); `go get` upgrades to the latest.
                    None => !get,
                };
                if !pinned {
                    out.push(w);
                }
            }
            ("DL3062", "`{pkg}@<version>`")
        }
        _ => return (Vec::new(), "", ""),
    };
    out.retain(|w| !unknown(&w.text));
    (out, code, how)
}

impl Rule for UnpinnedPackage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in df.instructions.iter().filter(|i| i.kind == Kind::Run) {
            for c in cx.model.run_commands(df, inst).iter() {
                let Some(p) = package_command(c) else { continue };
                let (words, code, how) = unpinned(&p);
                let prog = c.program().unwrap_or("");
                let sub = p.subcommand().map_or("", |w| w.text.as_str());
                for w in words {
                    // `name@latest` (npm, Go) names a moving tag; `@scope/name` is a name.
                    let tagged = matches!(p.manager, Manager::Npm | Manager::Go);
                    let name = match w.text.rsplit_once('@') {
                        Some((n, _)) if tagged && !n.is_empty() => n,
                        _ => w.text.as_str(),
                    };
                    let pin = how.replace("{pkg}", name);
                    let what = if name.len() < w.text.len() { "at a moving version" } else { "without a version" };
                    out.report(
                        w.range.clone(),
                        format!(
                            "`{prog} {sub}` installs `{}` {what}: each build gets whatever is newest; pin it as {pin}",
                            w.text
                        ),
                    )
                    .with_hadolint(code);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{diagnostics, spans};

    const ID: &str = "unpinned-package";

    fn codes(text: &str) -> Vec<(String, &'static str)> {
        diagnostics(ID, text).into_iter().map(|d| (text[d.range].to_string(), d.hadolint.unwrap_or(""))).collect()
    }

    fn pair(w: &str, c: &'static str) -> (String, &'static str) {
        (w.to_string(), c)
    }

    #[test]
    fn vcs_sources_need_a_ref() {
        let f = crate::rules::test_util::spans(
            ID,
            "FROM python:3.12\nRUN pip install git+git://github.com/docker/docker-py.git git+https://h/r@v1\n",
        );
        assert_eq!(f, ["git+git://github.com/docker/docker-py.git"]);
    }

    #[test]
    fn one_finding_per_unpinned_package() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10 git \\\n    ./local.deb ca-certificates\n";
        assert_eq!(codes(text), [pair("git", "DL3008"), pair("ca-certificates", "DL3008")]);
        let d = diagnostics(ID, text);
        assert!(
            d[0].message.contains("without a version") && d[0].message.contains("`git=<version>`"),
            "{}",
            d[0].message
        );
        let d = diagnostics(ID, "FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest\n");
        assert!(
            d[0].message.contains("at a moving version")
                && d[0].message.contains("`golang.org/x/tools/gopls@<version>`"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn each_manager() {
        assert_eq!(
            codes(
                "FROM alpine:3.20\nRUN apk add --no-cache --virtual .deps curl=8.9.1-r1 git~2.45 gcc mkcert@testing\n"
            ),
            [pair("gcc", "DL3018"), pair("mkcert@testing", "DL3018")]
        );
        assert_eq!(
            codes("FROM centos:7\nRUN yum install -y gcc-4.8.5 python3-devel @development epel-release-7-14\n"),
            [pair("python3-devel", "DL3033")]
        );
        assert_eq!(
            codes("FROM fedora:40\nRUN dnf install -y gcc && microdnf install -y make-4.3 && dnf module install -y nodejs:18 ruby\n"),
            [pair("gcc", "DL3041"), pair("ruby", "DL3041")]
        );
        assert_eq!(
            codes("FROM opensuse/leap:15.6\nRUN zypper -n in curl=8.6.0 git 'vim>=9' && zypper in -t pattern devel_basis\n"),
            [pair("git", "DL3037")]
        );
        assert_eq!(
            codes("FROM python:3.12\nRUN pip install --no-cache-dir -U pip flask==3.0 'requests>=2' ./pkg dist/x.whl git+https://g/x@v1 git+https://u@h/r.git@v2#egg=r https://x/y.tar.gz\n"),
            [pair("pip", "DL3013")]
        );
        assert_eq!(
            codes("FROM node:20\nRUN npm install -g npm@10.8.2 @angular/cli@17 typescript @types/node yarn@latest ./local git+https://x/y#v1\n"),
            [pair("typescript", "DL3016"), pair("@types/node", "DL3016"), pair("yarn@latest", "DL3016")]
        );
        assert_eq!(
            codes("FROM ruby:3.3\nRUN gem install bundler rake:13.2 && gem install -N -v 2.4 nokogiri\n"),
            [pair("bundler", "DL3028")]
        );
        assert_eq!(
            codes("FROM golang:1.23\nRUN go install golang.org/x/tools/gopls@latest github.com/x/y@v1.2.3 ./cmd/... github.com/me/app/cmd/x && go get -v github.com/mattn/goreman\n"),
            [pair("golang.org/x/tools/gopls@latest", "DL3062"), pair("github.com/mattn/goreman", "DL3062")]
        );
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM python:3.12\nRUN pip install -r requirements.txt\n",
            "FROM python:3.12\nRUN pip install -r requirements.txt flask\n",
            "FROM python:3.12\nRUN pip install -e .\n",
            "FROM python:3.12\nRUN pip install .\n",
            "FROM python:3.12\nRUN pip install --no-deps -c constraints.txt flask\n",
            "FROM node:20\nRUN npm install && npm ci\n",
            "FROM node:20\nRUN npm install --production\n",
            "FROM debian:12\nRUN apt-get install -y $PACKAGES \"${EXTRA}\"\n",
            "FROM debian:12\nRUN apt-get update && apt-get upgrade -y\n",
            "FROM debian:12\nRUN echo apt-get install curl\n",
            "FROM golang:1.23\nRUN go install -ldflags '-s -w' ./cmd/app && go build -o /app .\n",
            "FROM golang:1.23\nRUN go install \"gotest.tools/gotestsum@${GOTESTSUM_VERSION}\"\n",
            "FROM ruby:3.3\nRUN gem install --version 2.5.6 bundler\n",
            "FROM ruby:3.3\nRUN gem update --system\n",
            "FROM debian:12\nRUN apt-get install -y $(cat packages.txt) && apk add `cat apk.txt`\n",
            "FROM fedora:40\nRUN dnf install -y 'dnf-command(copr)' 'pkgconfig(zlib)' && zypper in 'perl(Foo)'\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn exec_form_and_heredoc() {
        assert_eq!(
            codes("FROM debian:12\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\n"),
            [pair("\"curl\"", "DL3008")]
        );
        assert_eq!(codes("FROM python:3.12\nRUN <<EOF\npip install flask\nEOF\n"), [pair("flask", "DL3013")]);
        assert_eq!(
            codes("# escape=`\nFROM python:3.12\nrun python -m pip install `\n    flask\n"),
            [pair("flask", "DL3013")]
        );
    }

    // Off by default: the clean examples install unpinned distro packages on purpose (the
    // recommended setup pins the base image and uses lock files), so there is no
    // clean-examples check for this rule.
}
