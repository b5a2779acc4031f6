use crate::util::container_path;
use std::collections::HashMap;
use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::{Base, DockerfileModel};
use crate::model::package_manager::{identify, Tool};
use crate::model::shell::{run_commands, Joiner, ShellCommand, ShellWord};
use crate::model::stage::{run_mounts, RunMount as Mount, StageState};
use crate::syntax::dockerfile::{Dockerfile, Instruction, Kind};

pub struct MissingCacheMount;

static META: RuleMeta = RuleMeta {
    id: "missing-cache-mount",
    summary: "A package manager downloads into the image layer instead of a `--mount=type=cache` cache",
    category: Category::BuildCache,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::SafeOrUnsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# missing-cache-mount

## What it finds
A `RUN` (shell form, exec form or a `RUN <<EOF` script) that installs or builds with a
package manager while that tool's download cache has no `--mount=type=cache`:

| tool | commands | cache directory (root) |
|------|----------|------------------------|
| apt | `apt-get install`, `apt install`, upgrades | `/var/cache/apt` **and** `/var/lib/apt`, both `sharing=locked` |
| apk | `apk add` | `/var/cache/apk` |
| dnf, yum, microdnf | `install`, `upgrade` | `/var/cache/dnf` (`/var/cache/yum` for microdnf and EL7 yum, `/var/cache/libdnf5` for dnf5) |
| npm | `npm ci`, `npm install` | `/root/.npm` |
| yarn | `yarn`, `yarn install` | `/usr/local/share/.cache/yarn` (Yarn 1 as root) |
| pnpm | `pnpm install`, `pnpm fetch` | `/root/.local/share/pnpm/store` (`$PNPM_HOME/store`) |
| pip | `pip install`, `python -m pip install` | `/root/.cache/pip` |
| uv | `uv sync`, `uv pip install` | `/root/.cache/uv` |
| poetry | `poetry install` | `/root/.cache/pypoetry` (`cache/` and `artifacts/`) |
| cargo | `cargo build`, `install`, `fetch`, `test`, `chef cook` | `$CARGO_HOME/registry` and `$CARGO_HOME/git` (`/usr/local/cargo` in the `rust` image) |
| go | `go build`, `install`, `test`, `mod download` | `/root/.cache/go-build` and `/go/pkg/mod` |
| maven | `mvn`, `./mvnw` | `/root/.m2/repository` |
| gradle | `gradle`, `./gradlew` | `/root/.gradle/caches` (and `wrapper/`) |
| composer | `composer install` | `/tmp/cache` in the `composer` image, else `/root/.composer/cache` |
| bundler | `bundle install` | `/usr/local/bundle/cache` |
| dotnet | `dotnet restore`, `build`, `publish` | `/root/.nuget/packages` |

A mount counts when its target is that directory, a parent or a child of it
(`/var/cache/apt/archives`, `/var/lib/apt/lists`), ends with
the home-relative part (`.npm`, `.cache/pip`, `.m2`, `.gradle`, `.nuget/packages`,
`go/pkg/mod`, `cargo/registry`…, so other users' homes work), or is the directory the
stage configures with `ENV` (`PIP_CACHE_DIR`, `npm_config_cache`, `UV_CACHE_DIR`,
`GOCACHE`, `GOMODCACHE`, `GOPATH`, `CARGO_HOME`, `GRADLE_USER_HOME`, `NUGET_PACKAGES`,
`YARN_CACHE_FOLDER`, `PNPM_HOME`, `POETRY_CACHE_DIR`, `COMPOSER_CACHE_DIR`…) or with an
option (`--cache-dir`, `--cache`, `--store-dir`, `-Dmaven.repo.local=`). A `tmpfs` mount
there counts too (a deliberate choice not to cache). A `RUN` that already mounts one of
a tool's caches (say Go's module cache but not its build cache) is taken as deliberate.

Not reported: caching turned off on purpose — `apk add --no-cache`, `pip install
--no-cache-dir` or `PIP_NO_CACHE_DIR`, `uv … --no-cache` or `UV_NO_CACHE`, `poetry
--no-cache`, `composer --no-cache`, `bundle install --no-cache`, `dotnet build --no-restore`
(nothing is downloaded).

## Why
Without a cache mount the downloads happen again each time the step re-runs — and with
the usual layering, a dependency step re-runs whenever its lock file changes, an apt step
whenever anything above it changes. A compiler toolchain from apt is on the order of
100 MB, a frontend's npm dependencies and a Rust service's crates often 100 MB or more,
a Maven or Gradle build's dependencies hundreds of MB; on a CI runner that is tens of
seconds to minutes per build, and the same bytes again for every branch. A cache mount keeps the downloads
on the builder between builds (only the changed packages are fetched) and out of the
image layer, so nothing needs to be deleted afterwards to keep the image small.

## Example
```dockerfile
FROM node:20-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends build-essential
RUN npm ci
```

## Fix
```dockerfile
FROM node:20-bookworm
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends build-essential
RUN --mount=type=cache,target=/root/.npm npm ci
```
The quick fix inserts the missing mounts after `RUN`. It is **safe** (the image content
does not change, only where downloads are kept) except in these cases, where it is marked
**unsafe** and says why:
- the stage runs as a non-root `USER` whose id is known (a numeric `USER`, a user created
  with `useradd -u N`, `node` in the node images): the mounts get `uid=`/`gid=` so the user
  can write them — check its home directory. When the id cannot be told, no mount is added;
- `apt-mark` or `autoremove` in the `RUN`: apt's auto-install marks
  (`/var/lib/apt/extended_states`) then live in the shared cache, not the image — mounting
  only `/var/lib/apt/lists` avoids this;
- Yarn 2+ (`.yarnrc.yml`, `yarn set version`): with Plug'n'Play the cache *is* the install.

No fix is offered (the finding says why) where the mount would break the build or the
container — every one of these was seen to break in a real build:
- a later step reads the downloads from the layer without downloading (`cargo fetch` then
  `cargo build --offline`, `dotnet restore` then `dotnet publish`, `apt-get update` in one
  `RUN` and `apt-get install` in another): a cache is mounted on every step that reads it
  or on none, and even mounted on both, the offline step fails whenever the builder prunes
  the cache while the first step's layer stays cached;
- the container runs the tool (`CMD cargo run`, `mvn spring-boot:run`, `go run`): it needs
  the downloads in the image;
- files were copied into the cache directory earlier, or a later `COPY --from` reads from
  it: the mount keeps them out of the image;
- the `RUN` deletes the cache directory itself or a parent (`rm -rf ~/.cache`,
  `rm -rf $POETRY_CACHE_DIR`): `rm` fails on a mount point — such clean-ups are not needed
  with a cache mount.

**apt on Debian and Ubuntu.** The official images ship
`/etc/apt/apt.conf.d/docker-clean`, which deletes downloaded `.deb` files after every
install, so the mount on `/var/cache/apt` only keeps the package index caches until you
remove it. Docker's documentation does so in a step before:
```dockerfile
RUN rm -f /etc/apt/apt.conf.d/docker-clean; \
    echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache
```
shipshape does not edit that file for you (it is part of the image), so the fix's title
says what the mounts keep: the package lists, which `apt-get update` then refreshes instead
of downloading again. With the mounts, `rm -rf /var/lib/apt/lists/*` and `apt-get clean`
have nothing left to remove from the layer and would only empty the cache, so the fix takes
them out of the `RUN`.
`sharing=locked` matters: apt takes a lock in both directories, and two builds sharing
the cache at once would otherwise fail.

**apk** keeps the index in `/var/cache/apk`, but keeps packages only when
`/etc/apk/cache` links there: `ln -s /var/cache/apk /etc/apk/cache` in the same `RUN`.

**dnf** deletes downloaded packages unless `--setopt=keepcache=1`; the mount still keeps
the repository metadata, which is most of the download for small installs.

**Cargo's target directory.** `--mount=type=cache,target=/app/target` also keeps compiled
dependencies between builds, but the fix does not add it: a cache mount is not part of the
layer, so `target/` is empty afterwards and a later `COPY --from=build /app/target/release/app`
fails. If you add it, copy the binary out in the same `RUN`
(`cargo build --release && cp target/release/app /usr/local/bin/`).

**Poetry** creates its virtualenvs under its cache directory by default, so the fix mounts
only the download caches (`cache/` and `artifacts/`), not the whole directory.

## Silence
`# shipshape ignore=missing-cache-mount` on the line above the `RUN`, or
`ignore = ["missing-cache-mount"]` in `.shipshape.toml` (for builders without BuildKit).
"#,
};

/// What a stage has set up before an instruction: what the tools' cache paths depend on —
/// the shared stage state (variables, working directory, user, base) and what only this
/// rule follows.
#[derive(Debug, Clone, Default)]
struct State {
    stage: StageState,
    /// Absolute destinations of earlier COPY/ADD.
    copy_dests: Vec<String>,
    /// rustup installed Rust (its CARGO_HOME is `~/.cargo`).
    rustup: bool,
    /// Signs of Yarn 2+ (`.yarnrc.yml`, `yarn set version`).
    yarn_berry: bool,
    /// Users created with a fixed id (`useradd -u 10001 app`): name → (uid, gid).
    uids: HashMap<String, (String, Option<String>)>,
}

impl std::ops::Deref for State {
    type Target = StageState;
    fn deref(&self) -> &StageState {
        &self.stage
    }
}

impl State {
    fn apply(&mut self, df: &Dockerfile, model: &DockerfileModel, inst: &Instruction) {
        let esc = df.escape;
        self.stage.apply(df, model, inst);
        match inst.kind {
            Kind::Copy | Kind::Add => {
                let words: Vec<String> = match &inst.exec {
                    Some(e) => e.iter().map(|a| a.value.clone()).collect(),
                    None => inst.args.iter().map(|w| w.value(esc)).collect(),
                };
                if let Some((dest, sources)) = words.split_last() {
                    if let Some(d) = self.absolute(dest) {
                        self.copy_dests.push(d);
                    }
                    if sources.iter().any(|s| s.contains(".yarnrc.yml") || s.trim_end_matches('/').ends_with(".yarn")) {
                        self.yarn_berry = true;
                    }
                }
            }
            Kind::Run => {
                for c in model.run_commands(df, inst).iter() {
                    let w: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
                    if matches!(c.program(), Some("useradd" | "adduser")) {
                        let value = |names: &[&str]| option_value(&c.words, names).filter(|v| v.parse::<u32>().is_ok());
                        let name = w.iter().skip(1).rev().find(|x| !x.starts_with('-')).map(|x| x.to_string());
                        if let (Some(name), Some(uid)) = (name, value(&["-u", "--uid"])) {
                            self.uids.insert(name, (uid, value(&["-g", "--gid", "-G"])));
                        }
                    }
                    // Installing rustup (not just running it, as in the `rust` image).
                    if w.iter().any(|w| w.contains("sh.rustup.rs") || w.contains("rustup-init")) {
                        self.rustup = true;
                    }
                    let berry_version =
                        |v: &str| v.starts_with(['2', '3', '4', '5', '6']) || v == "berry" || v == "stable";
                    if c.program() == Some("yarn") && w.get(1) == Some(&"set") && w.get(2) == Some(&"version") {
                        self.yarn_berry |= w.get(3).is_some_and(|v| berry_version(v));
                    }
                    if c.program() == Some("corepack") {
                        self.yarn_berry |= w.iter().any(|w| w.strip_prefix("yarn@").is_some_and(berry_version));
                    }
                }
            }
            _ => {}
        }
    }

    /// The `uid=…,gid=…` that make a cache mount the stage's user's, when it can be told:
    /// a numeric `USER`, a user created with a fixed id, or the `node` user of the node
    /// images (1000).
    fn owner(&self) -> Option<String> {
        let user = self.user.as_deref()?;
        let (name, group) = match user.split_once(':') {
            Some((n, g)) => (n, Some(g)),
            None => (user, None),
        };
        let numeric = |v: &str| v.parse::<u32>().is_ok();
        let (uid, gid) = if numeric(name) {
            (name.to_string(), group.filter(|g| numeric(g)).map(str::to_string))
        } else if let Some((u, g)) = self.uids.get(name) {
            (u.clone(), group.filter(|g| numeric(g)).map(str::to_string).or(g.clone()))
        } else if name == "node" && self.base_is(|n| n == "node") {
            ("1000".to_string(), Some("1000".to_string()))
        } else {
            return None;
        };
        Some(match gid {
            Some(g) => format!("uid={uid},gid={g}"),
            None => format!("uid={uid}"),
        })
    }
}

/// Calls `f` for each instruction of each stage (FROM excluded) with the stage state before it.
fn walk(cx: &DockerfileContext, mut f: impl FnMut(usize, &Instruction, &State)) {
    let df = cx.file;
    let mut ends: Vec<State> = Vec::new();
    for stage in &cx.model.stages {
        let mut st = match &stage.base {
            Base::Stage(p) => ends.get(*p).cloned().unwrap_or_default(),
            base => State { stage: StageState::starting(base, &[]), ..State::default() },
        };
        for i in stage.instructions.clone().skip(1) {
            let Some(inst) = df.instructions.get(i) else { break };
            f(i, inst, &st);
            st.apply(df, cx.model, inst);
        }
        ends.push(st);
    }
}

/// Options that take their value as the next word, so that it is not read as an operand.
#[rustfmt::skip]
fn valued_options(tool: Tool) -> &'static [&'static str] {
    match tool {
        Tool::Apt => &["-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release"],
        Tool::Apk => &["-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "-t", "--virtual",
            "--repositories-file"],
        Tool::Dnf => &["-c", "--config", "--installroot", "--releasever", "--setopt", "--enablerepo",
            "--disablerepo", "-x", "--exclude", "--repo"],
        Tool::Npm | Tool::Pnpm => &["--prefix", "--cache", "--registry", "--loglevel", "-w", "--workspace",
            "--filter", "-C", "--dir", "--store-dir"],
        Tool::Yarn => &["--cwd", "--cache-folder", "--modules-folder", "--network-timeout", "--mutex", "--registry"],
        Tool::Pip => &["--cache-dir", "-i", "--index-url", "--extra-index-url", "-r", "--requirement", "-c",
            "--constraint", "-t", "--target", "--prefix", "--root", "-f", "--find-links"],
        Tool::Uv => &["--cache-dir", "--directory", "--project", "-p", "--python", "--index-url",
            "--extra-index-url"],
        Tool::Poetry => &["-C", "--directory", "-P", "--project", "--with", "--without", "--only", "-E", "--extras"],
        Tool::Cargo => &["-Z", "--config", "-C", "--manifest-path", "-p", "--package", "--target", "--target-dir",
            "--features", "-F", "-j", "--jobs", "--profile", "--bin", "--root"],
        Tool::Go => &["-C", "-o", "-ldflags", "-gcflags", "-tags", "-mod", "-p"],
        Tool::Maven => &["-f", "--file", "-s", "--settings", "-gs", "--global-settings", "-P", "--activate-profiles",
            "-pl", "--projects", "-T", "--threads", "-rf", "--resume-from", "-l", "--log-file", "-t", "--toolchains"],
        Tool::Gradle => &["-p", "--project-dir", "-g", "--gradle-user-home", "-x", "--exclude-task", "-b",
            "--build-file", "-c", "--settings-file", "-I", "--init-script"],
        Tool::Composer => &["-d", "--working-dir"],
        Tool::Bundler => &["--gemfile", "--path", "-j", "--jobs", "--retry", "--without", "--with"],
        Tool::Dotnet => &["-c", "--configuration", "-o", "--output", "-r", "--runtime", "-f", "--framework", "-s",
            "--source", "--packages", "-a", "--arch", "--os", "-v", "--verbosity"],
        Tool::Conda => &["-n", "--name", "-p", "--prefix", "-c", "--channel", "-f", "--file", "-r", "--root-prefix"],
        Tool::Bun => &["--cwd", "--cache-dir", "--registry"],
    }
}

fn operands<'a>(words: &'a [ShellWord], valued: &[&str]) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in words {
        if skip {
            skip = false;
            continue;
        }
        let t = w.text.as_str();
        if t.starts_with('-') && t.len() > 1 {
            skip = valued.contains(&t);
            continue;
        }
        out.push(t);
    }
    out
}

/// The value of `--name=value` or `--name value`.
fn option_value(words: &[ShellWord], names: &[&str]) -> Option<String> {
    let mut it = words.iter();
    while let Some(w) = it.next() {
        for n in names {
            if w.text == *n {
                return it.next().map(|v| v.text.clone());
            }
            if let Some(v) = w.text.strip_prefix(n).and_then(|r| r.strip_prefix('=')) {
                return Some(v.to_string());
            }
        }
    }
    None
}

fn has_word(words: &[ShellWord], any: &[&str]) -> bool {
    words.iter().any(|w| {
        any.contains(&w.text.as_str()) || any.iter().any(|a| w.text.strip_prefix(a).is_some_and(|r| r.starts_with('=')))
    })
}

/// One tool use found in a RUN.
struct Use<'a> {
    tool: Tool,
    cmd: &'a ShellCommand,
    label: String,
    /// The command only downloads, for later steps to use.
    fetch_only: bool,
}

/// Is this command an install or build that downloads with its tool?
fn tool_use(c: &ShellCommand) -> Option<Use<'_>> {
    let (tool, first) = identify(c)?;
    let args = c.words.get(first..).unwrap_or(&[]);
    let ops = operands(args, valued_options(tool));
    let op = |i: usize| ops.get(i).copied().unwrap_or("");
    let prog = c.program().unwrap_or("");
    let label = |s: &str| if s.is_empty() { format!("`{prog}`") } else { format!("`{prog} {s}`") };
    let version = has_word(args, &["--version", "-v", "--help", "-h", "-V"]);
    let (label, fetch_only) = match tool {
        Tool::Apt
            if matches!(op(0), "install" | "upgrade" | "dist-upgrade" | "full-upgrade" | "build-dep" | "reinstall") =>
        {
            (label(op(0)), false)
        }
        // `--no-network` installs from what is already on disk: nothing is downloaded.
        Tool::Apk if matches!(op(0), "add" | "upgrade") && !has_word(args, &["--no-cache", "--no-network"]) => {
            (label(op(0)), false)
        }
        Tool::Conda
            if matches!(op(0), "install" | "create" | "update" | "upgrade")
                || (op(0) == "env" && matches!(op(1), "create" | "update")) =>
        {
            (label(if op(0) == "env" { "env" } else { op(0) }), false)
        }
        Tool::Bun if matches!(op(0), "install" | "i" | "add" | "update") => (label(op(0)), false),
        Tool::Dnf
            if matches!(
                op(0),
                "install"
                    | "reinstall"
                    | "upgrade"
                    | "update"
                    | "groupinstall"
                    | "localinstall"
                    | "builddep"
                    | "distro-sync"
            ) || (op(0) == "group" && op(1) == "install") =>
        {
            (label(op(0)), false)
        }
        Tool::Npm
            if matches!(
                op(0),
                "install"
                    | "i"
                    | "in"
                    | "ins"
                    | "inst"
                    | "insta"
                    | "instal"
                    | "isnt"
                    | "isnta"
                    | "isntal"
                    | "isntall"
                    | "add"
                    | "ci"
                    | "clean-install"
                    | "ic"
                    | "install-clean"
                    | "isntall-clean"
                    | "install-test"
                    | "it"
                    | "install-ci-test"
                    | "cit"
                    | "update"
                    | "up"
                    | "upgrade"
            ) =>
        {
            (label(op(0)), false)
        }
        Tool::Yarn if (ops.is_empty() && !version) || op(0) == "install" => (label(op(0)), false),
        Tool::Pnpm if matches!(op(0), "install" | "i" | "add" | "update" | "up" | "fetch") => {
            (label(op(0)), op(0) == "fetch")
        }
        Tool::Pip if matches!(op(0), "install" | "download" | "wheel") => {
            (format!("`pip {}`", op(0)), op(0) == "download")
        }
        Tool::Uv if op(0) == "sync" => (label("sync"), false),
        Tool::Uv if matches!((op(0), op(1)), ("pip", "install" | "sync") | ("tool", "install")) => {
            (label(&format!("{} {}", op(0), op(1))), false)
        }
        Tool::Poetry if matches!(op(0), "install" | "sync" | "update") => (label(op(0)), false),
        // Offline cargo reads what an earlier step left in the layer and downloads nothing.
        Tool::Cargo if offline_consumer(c).is_some() => return None,
        Tool::Cargo => {
            let ops: Vec<&str> = ops.iter().copied().filter(|o| !o.starts_with('+')).collect();
            let sub = ops.first().copied().unwrap_or("");
            match sub {
                "build" | "b" | "install" | "check" | "c" | "test" | "t" | "run" | "r" | "bench" | "doc" | "d"
                | "clippy" | "zigbuild" | "auditable" => (label(sub), false),
                "fetch" => (label(sub), true),
                "chef" if ops.get(1) == Some(&"cook") => (label("chef cook"), false),
                _ => return None,
            }
        }
        Tool::Go if matches!(op(0), "build" | "install" | "test" | "run" | "get" | "vet") => (label(op(0)), false),
        Tool::Go if op(0) == "mod" && op(1) == "download" => (label("mod download"), false),
        Tool::Maven if !ops.is_empty() && !version => {
            let fetch =
                ops.iter().all(|o| o.contains("dependency:") || o.contains(":go-offline") || o.contains(":resolve"));
            (label(""), fetch)
        }
        Tool::Gradle if !ops.is_empty() && !version => {
            let fetch = ops.iter().all(|o| *o == "dependencies" || o.ends_with(":dependencies"));
            (label(""), fetch)
        }
        Tool::Composer
            if matches!(op(0), "install" | "i" | "update" | "u" | "require") && !has_word(args, &["--no-cache"]) =>
        {
            (label(op(0)), false)
        }
        // `bundle install --no-cache` keeps no gem cache on purpose.
        Tool::Bundler
            if ((ops.is_empty() && !version) || matches!(op(0), "install" | "update"))
                && !has_word(args, &["--no-cache"]) =>
        {
            (label(op(0)), false)
        }
        Tool::Dotnet if op(0) == "restore" => (label("restore"), true),
        Tool::Dotnet
            if matches!(op(0), "build" | "publish" | "test" | "pack" | "run")
                && !has_word(args, &["--no-restore", "--no-build"]) =>
        {
            (label(op(0)), false)
        }
        _ => return None,
    };
    Some(Use { tool, cmd: c, label, fetch_only })
}

/// A later command that works offline from what a fetch-only step downloaded.
fn offline_consumer(c: &ShellCommand) -> Option<Tool> {
    let (tool, first) = identify(c)?;
    let args = c.words.get(first..).unwrap_or(&[]);
    let offline = match tool {
        Tool::Cargo => {
            has_word(args, &["--offline", "--frozen"])
                || c.assignments.iter().any(|a| a.text.starts_with("CARGO_NET_OFFLINE=t"))
        }
        Tool::Maven => has_word(args, &["-o", "--offline"]),
        Tool::Gradle | Tool::Pnpm => has_word(args, &["--offline"]),
        Tool::Dotnet => has_word(args, &["--no-restore", "--no-build"]),
        _ => false,
    };
    offline.then_some(tool)
}

/// A tool that a container runs and that reads its dependency cache then
/// (`cargo run`, `go run`, `mvn spring-boot:run`, `gradle bootRun`, `dotnet run`).
fn runtime_reader(c: &ShellCommand) -> Option<Tool> {
    let (tool, first) = identify(c)?;
    let sub = c.words.get(first..).unwrap_or(&[]).iter().find(|w| !w.text.starts_with('-')).map(|w| w.text.as_str());
    match tool {
        Tool::Cargo | Tool::Go | Tool::Maven | Tool::Gradle => Some(tool),
        Tool::Dotnet if matches!(sub, Some("run" | "watch" | "test")) => Some(tool),
        _ => None,
    }
}

/// A cache directory the fix can add.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Dir {
    path: String,
    locked: bool,
}

/// How a tool's cache is recognised and which mounts the fix adds.
struct Spec {
    /// Mounts to add; empty when the directory cannot be told (no fix for this tool).
    add: Vec<Dir>,
    /// Directories an existing mount may cover (configured, defaults).
    known: Vec<String>,
    /// Path fragments that identify the tool's cache in a mount target.
    fragments: &'static [&'static str],
    /// Every directory of `add` must be mounted (apt), not just one.
    all: bool,
    /// Caching turned off by the environment.
    disabled: bool,
    /// The cache directory is set explicitly (ENV or an option): only a mount there
    /// counts, not one that merely looks like the tool's cache elsewhere.
    configured: bool,
}

fn spec(u: &Use, st: &State, env: &dyn Fn(&str) -> Option<String>) -> Spec {
    let home = st.home();
    let args = &u.cmd.words;
    let under = |base: &Option<String>, rel: &str| base.as_ref().map(|b| container_path(&format!("{b}/{rel}")));
    let first_set = |names: &[&str]| names.iter().find_map(|n| env(n)).filter(|v| !v.is_empty());
    let dirs = |paths: Vec<Option<String>>| -> Vec<Dir> {
        paths.into_iter().flatten().map(|path| Dir { path, locked: false }).collect()
    };
    let mut s =
        Spec { add: Vec::new(), known: Vec::new(), fragments: &[], all: false, disabled: false, configured: false };
    match u.tool {
        Tool::Apt => {
            s.add = ["/var/cache/apt", "/var/lib/apt"].map(|p| Dir { path: p.into(), locked: true }).to_vec();
            s.all = true;
        }
        Tool::Apk => {
            s.add = dirs(vec![Some("/var/cache/apk".into())]);
            s.known = vec!["/etc/apk/cache".into()];
        }
        Tool::Dnf => {
            let prog = u.cmd.program().unwrap_or("");
            let base_tag = st.base.as_ref().and_then(|b| b.tag.clone()).unwrap_or_default();
            let el7 = base_tag.starts_with('7')
                || (st.base_is(|n| n == "amazonlinux") && base_tag.starts_with("2") && !base_tag.starts_with("2023"));
            let fedora_dnf5 = st.base_is(|n| n == "fedora")
                && (base_tag.is_empty()
                    || base_tag == "latest"
                    || base_tag == "rawhide"
                    || base_tag.parse::<u32>().is_ok_and(|v| v >= 41));
            let path = match prog {
                "tdnf" => "/var/cache/tdnf",
                "microdnf" => "/var/cache/yum",
                "dnf5" => "/var/cache/libdnf5",
                "yum" if el7 => "/var/cache/yum",
                _ if fedora_dnf5 => "/var/cache/libdnf5",
                _ => "/var/cache/dnf",
            };
            s.add = dirs(vec![Some(path.into())]);
            s.known = ["/var/cache/dnf", "/var/cache/yum", "/var/cache/libdnf5", "/var/cache/tdnf"]
                .map(String::from)
                .to_vec();
        }
        Tool::Npm => {
            let dir = option_value(args, &["--cache"]).or_else(|| first_set(&["npm_config_cache", "NPM_CONFIG_CACHE"]));
            s.configured = dir.is_some();
            let dir = dir.or_else(|| under(&home, ".npm"));
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &[".npm", "npm-cache", "npm_cache", "npm"];
        }
        Tool::Yarn => {
            let configured = option_value(args, &["--cache-folder"]).or_else(|| first_set(&["YARN_CACHE_FOLDER"]));
            let dir = if st.yarn_berry {
                configured
                    .or_else(|| first_set(&["YARN_GLOBAL_FOLDER"]).map(|g| format!("{g}/cache")))
                    .or_else(|| under(&home, ".yarn/berry/cache"))
            } else if st.is_root() {
                configured.or_else(|| Some("/usr/local/share/.cache/yarn".into()))
            } else {
                configured.or_else(|| under(&home, ".cache/yarn"))
            };
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["yarn"];
        }
        Tool::Pnpm => {
            let dir = option_value(args, &["--store-dir"])
                .or_else(|| first_set(&["npm_config_store_dir", "NPM_CONFIG_STORE_DIR"]))
                .or_else(|| first_set(&["PNPM_HOME"]).map(|h| format!("{h}/store")))
                .or_else(|| first_set(&["XDG_DATA_HOME"]).map(|h| format!("{h}/pnpm/store")))
                .or_else(|| under(&home, ".local/share/pnpm/store"));
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.known = first_set(&["PNPM_HOME"]).into_iter().collect();
            s.fragments = &["pnpm"];
        }
        Tool::Pip => {
            s.disabled = env("PIP_NO_CACHE_DIR").is_some_and(|v| !v.is_empty()) || has_word(args, &["--no-cache-dir"]);
            let dir = option_value(args, &["--cache-dir"])
                .or_else(|| first_set(&["PIP_CACHE_DIR"]))
                .or_else(|| first_set(&["XDG_CACHE_HOME"]).map(|h| format!("{h}/pip")));
            s.configured = dir.is_some();
            let dir = dir.or_else(|| under(&home, ".cache/pip"));
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["pip"];
        }
        Tool::Uv => {
            s.disabled = env("UV_NO_CACHE").is_some_and(|v| !matches!(v.as_str(), "" | "0" | "false"))
                || has_word(args, &["--no-cache", "-n"]);
            let dir = option_value(args, &["--cache-dir"])
                .or_else(|| first_set(&["UV_CACHE_DIR"]))
                .or_else(|| first_set(&["XDG_CACHE_HOME"]).map(|h| format!("{h}/uv")))
                .or_else(|| under(&home, ".cache/uv"));
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["uv", "uv-cache", "uv_cache"];
        }
        Tool::Poetry => {
            s.disabled = has_word(args, &["--no-cache"]);
            let dir = first_set(&["POETRY_CACHE_DIR"])
                .or_else(|| first_set(&["XDG_CACHE_HOME"]).map(|h| format!("{h}/pypoetry")))
                .or_else(|| under(&home, ".cache/pypoetry"))
                .and_then(|d| st.absolute(&d));
            // Only the download caches: virtualenvs live in the same directory by default.
            s.add = dirs(vec![under(&dir, "cache"), under(&dir, "artifacts")]);
            s.known = dir.into_iter().collect();
            s.fragments = &["pypoetry", "poetry"];
        }
        Tool::Cargo => {
            let rust_base = st.base.is_none() || st.base_is(|n| n.contains("rust") || n.contains("cargo"));
            s.configured = first_set(&["CARGO_HOME"]).is_some();
            let cargo_home = first_set(&["CARGO_HOME"]).or_else(|| {
                if rust_base && !st.rustup {
                    Some("/usr/local/cargo".into())
                } else {
                    under(&home, ".cargo")
                }
            });
            let cargo_home = cargo_home.and_then(|d| st.absolute(&d));
            s.add = dirs(vec![under(&cargo_home, "registry"), under(&cargo_home, "git")]);
            s.fragments = &["cargo", ".cargo"];
        }
        Tool::Go => {
            let gocache = first_set(&["GOCACHE"])
                .or_else(|| first_set(&["XDG_CACHE_HOME"]).map(|h| format!("{h}/go-build")))
                .or_else(|| under(&home, ".cache/go-build"));
            let gopath = first_set(&["GOPATH"]).map(|p| p.split(':').next().unwrap_or_default().to_string());
            s.configured =
                ["GOCACHE", "XDG_CACHE_HOME", "GOMODCACHE", "GOPATH"].iter().any(|n| first_set(&[n]).is_some());
            let go_base = st.base.is_none() || st.base_is(|n| n.contains("go"));
            let gomod = first_set(&["GOMODCACHE"]).or_else(|| gopath.map(|p| format!("{p}/pkg/mod"))).or_else(|| {
                if go_base {
                    Some("/go/pkg/mod".into())
                } else {
                    under(&home, "go/pkg/mod")
                }
            });
            let build = if u.label.contains("mod download") { None } else { gocache.and_then(|d| st.absolute(&d)) };
            s.add = dirs(vec![build, gomod.and_then(|d| st.absolute(&d))]);
            s.fragments = &["go-build", "pkg/mod", "gocache", "gomodcache", "go-cache", "go-mod"];
        }
        Tool::Maven => {
            let repo = args.iter().find_map(|w| w.text.strip_prefix("-Dmaven.repo.local=").map(str::to_string));
            let repo = repo.or_else(|| under(&home, ".m2/repository")).and_then(|d| st.absolute(&d));
            s.add = dirs(vec![repo]);
            s.fragments = &[".m2", "m2"];
        }
        Tool::Gradle => {
            let user_home = option_value(args, &["--gradle-user-home", "-g"])
                .or_else(|| first_set(&["GRADLE_USER_HOME"]))
                .or_else(|| {
                    if st.base_is(|n| n == "gradle") && st.is_root() {
                        Some("/home/gradle/.gradle".into())
                    } else {
                        None
                    }
                })
                .or_else(|| under(&home, ".gradle"))
                .and_then(|d| st.absolute(&d));
            let wrapper = u.cmd.program() == Some("gradlew");
            s.add = dirs(vec![under(&user_home, "caches"), if wrapper { under(&user_home, "wrapper") } else { None }]);
            s.known = user_home.into_iter().collect();
            s.fragments = &[".gradle", "gradle"];
        }
        Tool::Composer => {
            let dir = first_set(&["COMPOSER_CACHE_DIR"])
                .or_else(|| first_set(&["COMPOSER_HOME"]).map(|h| format!("{h}/cache")))
                .or_else(|| {
                    if st.base_is(|n| n == "composer") {
                        Some("/tmp/cache".into())
                    } else {
                        under(&home, ".composer/cache")
                    }
                });
            s.disabled = env("COMPOSER_CACHE_DIR").as_deref() == Some("/dev/null");
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["composer"];
        }
        Tool::Bundler => {
            // With BUNDLE_PATH (or deployment mode) the gems and their cache go to
            // `<path>/ruby/<version>/`, which the file does not tell.
            let gem_home = first_set(&["GEM_HOME"])
                .or_else(|| st.base_is(|n| n.contains("ruby")).then(|| "/usr/local/bundle".into()));
            let path_mode = first_set(&["BUNDLE_PATH"]).is_some() || first_set(&["BUNDLE_DEPLOYMENT"]).is_some();
            let dir = if path_mode { None } else { gem_home.map(|g| format!("{g}/cache")) };
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["bundle", "gem", "gems"];
        }
        Tool::Dotnet => {
            let dir = option_value(args, &["--packages"])
                .or_else(|| first_set(&["NUGET_PACKAGES"]))
                .or_else(|| under(&home, ".nuget/packages"));
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["nuget"];
        }
        Tool::Conda => {
            // The package cache is `<root prefix>/pkgs`; the conda images install at /opt/conda.
            let conda_image = st.base_is(|n| {
                n.contains("conda") || n.contains("mamba") || n.contains("miniforge") || n.starts_with("anaconda")
            });
            let configured =
                first_set(&["CONDA_PKGS_DIRS"]).map(|d| d.split(',').next().unwrap_or_default().to_string());
            s.configured = configured.is_some();
            let dir = configured
                .or_else(|| first_set(&["MAMBA_ROOT_PREFIX", "CONDA_DIR", "CONDA_PREFIX"]).map(|p| format!("{p}/pkgs")))
                .or_else(|| conda_image.then(|| "/opt/conda/pkgs".into()));
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["conda/pkgs", "mamba/pkgs", "pkgs"];
        }
        Tool::Bun => {
            let dir = option_value(args, &["--cache-dir"]).or_else(|| first_set(&["BUN_INSTALL_CACHE_DIR"]));
            s.configured = dir.is_some();
            let dir = dir
                .or_else(|| first_set(&["BUN_INSTALL"]).map(|b| format!("{b}/install/cache")))
                .or_else(|| under(&home, ".bun/install/cache"));
            s.disabled = has_word(args, &["--no-cache"]);
            s.add = dirs(vec![dir.and_then(|d| st.absolute(&d))]);
            s.fragments = &["bun"];
        }
    }
    s.known.extend(s.add.iter().map(|d| d.path.clone()));
    s
}

/// Is `dir` inside `mount` or `mount` inside `dir`?
fn covers(mount: &str, dir: &str) -> bool {
    let (m, d) = (mount.trim_end_matches('/'), dir.trim_end_matches('/'));
    m == d || d.starts_with(&format!("{m}/")) || m.starts_with(&format!("{d}/")) || m.is_empty()
}

/// Does a path contain `fragment` as whole segments (`/home/app/.cache/pip` has `.cache/pip`)?
fn has_fragment(path: &str, fragment: &str) -> bool {
    let p = format!("/{}/", path.trim_matches('/').to_ascii_lowercase());
    p.contains(&format!("/{fragment}/"))
}

/// Does mount `m` hold (one of) the tool's cache directories? A target we cannot resolve
/// is given the benefit of the doubt.
fn holds_cache(s: &Spec, m: &Mount) -> bool {
    match &m.target {
        None => true,
        Some(t) => {
            s.known.iter().any(|k| covers(t, k)) || (!s.configured && s.fragments.iter().any(|f| has_fragment(t, f)))
        }
    }
}

/// For each `RUN` (by instruction index), the commands (by range) that keep their tool's
/// download cache out of the layer: a `--mount=type=cache` or `tmpfs` holds one of its
/// directories (a partial mount is taken as deliberate), or caching is turned off
/// (`--no-cache-dir`, `PIP_NO_CACHE_DIR`, `apk add --no-cache`…). Rules that ask a step to
/// delete its cache read this, so that they never tell a step to empty a cache it mounts.
pub(crate) fn caches_kept_out(cx: &DockerfileContext) -> HashMap<usize, Vec<Range<usize>>> {
    let df = cx.file;
    let mut out: HashMap<usize, Vec<Range<usize>>> = HashMap::new();
    walk(cx, |i, inst, st| {
        if inst.kind != Kind::Run {
            return;
        }
        let mounts = run_mounts(inst, st, df.escape);
        let mut local: HashMap<String, String> = HashMap::new();
        for c in cx.model.run_commands(df, inst).iter() {
            if c.program() == Some("export") {
                for w in &c.words[1..] {
                    if let Some((k, v)) = w.text.split_once('=') {
                        local.insert(k.to_string(), v.to_string());
                    }
                }
            }
            let Some((tool, first)) = identify(c) else { continue };
            let assigned: HashMap<&str, &str> = c.assignments.iter().filter_map(|a| a.text.split_once('=')).collect();
            let env = |n: &str| -> Option<String> {
                assigned
                    .get(n)
                    .map(|v| v.to_string())
                    .or_else(|| local.get(n).cloned())
                    .or_else(|| st.get(n).map(str::to_string))
            };
            let u = Use { tool, cmd: c, label: String::new(), fetch_only: false };
            let s = spec(&u, st, &env);
            let args = c.words.get(first..).unwrap_or(&[]);
            let off = s.disabled || (tool == Tool::Apk && has_word(args, &["--no-cache"]));
            if off || mounts.iter().any(|m| holds_cache(&s, m)) {
                out.entry(i).or_default().push(c.range.clone());
            }
        }
    });
    out
}

impl Rule for MissingCacheMount {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // The Windows builder has no `RUN --mount`.
        if crate::model::dockerfile::is_windows_file(df) {
            return;
        }
        // Where later steps read downloads offline, and what later `COPY --from` reads.
        let mut last_offline: HashMap<Tool, usize> = HashMap::new();
        let mut copy_from: Vec<(usize, String)> = Vec::new();
        let mut reads_only: Vec<usize> = Vec::new();
        let mut dotnet_restored = false;
        for (i, inst) in df.instructions.iter().enumerate() {
            match inst.kind {
                Kind::Run => {
                    let cmds = cx.model.run_commands(df, inst);
                    for c in cmds.iter() {
                        if let Some(t) = offline_consumer(c) {
                            last_offline.insert(t, i);
                        }
                    }
                    // `apt-get install` without an update reads the lists an earlier RUN left.
                    let apt = |c: &ShellCommand, sub: &str| {
                        identify(c).is_some_and(|(t, _)| t == Tool::Apt) && c.subcommand() == Some(sub)
                    };
                    if cmds.iter().any(|c| apt(c, "install")) && !cmds.iter().any(|c| apt(c, "update")) {
                        last_offline.insert(Tool::Apt, i);
                    }
                    // After a `dotnet restore` RUN, `dotnet build`/`publish` restore nothing
                    // new: they read the packages the restore left in the layer.
                    let dotnet = |c: &ShellCommand| identify(c).is_some_and(|(t, _)| t == Tool::Dotnet);
                    let restores = cmds.iter().any(|c| dotnet(c) && c.subcommand() == Some("restore"));
                    if dotnet_restored && !restores && cmds.iter().any(|c| dotnet(c) && tool_use(c).is_some()) {
                        last_offline.insert(Tool::Dotnet, i);
                        reads_only.push(i);
                    }
                    dotnet_restored |= restores;
                }
                Kind::Copy | Kind::Add if inst.flag("from").is_some() => {
                    let n = inst.args.len().saturating_sub(1);
                    for w in inst.args.iter().take(n) {
                        copy_from.push((i, container_path(&w.value(df.escape))));
                    }
                }
                _ => {}
            }
        }
        // What the containers of each stage run (CMD/ENTRYPOINT, inherited by later stages).
        let mut runs: Vec<(usize, Tool, String)> = Vec::new();
        for (s, stage) in cx.model.stages.iter().enumerate() {
            for inst in stage.instructions.clone().filter_map(|i| df.instructions.get(i)) {
                for c in cx.model.commands(df, inst).iter().filter(|_| inst.kind != Kind::Run) {
                    if let Some(t) = runtime_reader(c) {
                        runs.push((
                            s,
                            t,
                            format!("`{}`", c.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")),
                        ));
                    }
                }
            }
        }
        walk(cx, |i, inst, st| {
            let windows = st.base.as_ref().is_some_and(|b| {
                crate::model::dockerfile::is_windows_image(&format!(
                    "{}:{}",
                    b.repository(),
                    b.tag.as_deref().unwrap_or("")
                ))
            });
            if inst.kind == Kind::Run && !windows {
                // Stages that start from this RUN's stage run what it leaves in the image too.
                let stage = cx.model.stage_of(i);
                let readers: Vec<(Tool, String)> = runs
                    .iter()
                    .filter(|(s, ..)| stage.is_some_and(|st| cx.model.ancestry(*s).contains(&st)))
                    .map(|(_, t, how)| (*t, how.clone()))
                    .collect();
                let later = Later { offline: &last_offline, copy_from: &copy_from, runtime_readers: &readers };
                check_run(df, i, inst, st, &later, reads_only.contains(&i), out);
            }
        });
    }
}

/// What reads a RUN's downloads after it: the fix is safe only if those readers get the
/// same mount or need none.
struct Later<'a> {
    /// The last RUN that works from a tool's downloads in the layer without downloading.
    offline: &'a HashMap<Tool, usize>,
    /// Paths later `COPY --from` instructions read, with their instruction index.
    copy_from: &'a [(usize, String)],
    /// Tools the containers of stages built on this one run (`CMD cargo run`).
    runtime_readers: &'a [(Tool, String)],
}

fn check_run(
    df: &Dockerfile,
    index: usize,
    inst: &Instruction,
    st: &State,
    later: &Later,
    dotnet_reads_only: bool,
    out: &mut Findings,
) {
    let (last_offline, copy_from, runtime_readers) = (later.offline, later.copy_from, later.runtime_readers);
    let cmds = run_commands(df, inst);
    let mounts = run_mounts(inst, st, df.escape);
    // Variables set for the command (`PIP_NO_CACHE_DIR=1 pip …`, `export …` earlier in the RUN).
    let mut local: HashMap<String, String> = HashMap::new();
    let mut seen: Vec<Tool> = Vec::new();
    let mut missing: Vec<(String, Vec<Dir>, bool)> = Vec::new();
    let mut sharing_fixes: Vec<Edit> = Vec::new();
    let mut unsafe_why: Vec<String> = Vec::new();
    // Reasons the mount would break the build or the container: no fix is offered.
    let mut blockers: Vec<String> = Vec::new();
    let mut related: Vec<(Range<usize>, String)> = Vec::new();
    let mut apt_updated = false;
    for c in &cmds {
        if c.program() == Some("export") {
            for w in &c.words[1..] {
                if let Some((k, v)) = w.text.split_once('=') {
                    local.insert(k.to_string(), v.to_string());
                }
            }
        }
        if identify(c).is_some_and(|(t, _)| t == Tool::Apt) && c.subcommand() == Some("update") {
            apt_updated = true;
        }
        let Some(u) = tool_use(c) else { continue };
        if seen.contains(&u.tool) || (u.tool == Tool::Dotnet && dotnet_reads_only) {
            continue;
        }
        let assigned: HashMap<&str, &str> = c.assignments.iter().filter_map(|a| a.text.split_once('=')).collect();
        let env = |n: &str| -> Option<String> {
            assigned
                .get(n)
                .map(|v| v.to_string())
                .or_else(|| local.get(n).cloned())
                .or_else(|| st.get(n).map(str::to_string))
        };
        let s = spec(&u, st, &env);
        if s.disabled {
            continue;
        }
        seen.push(u.tool);
        let matches_tool = |m: &Mount| holds_cache(&s, m);
        let missing_dirs: Vec<Dir> = if s.all {
            s.add
                .iter()
                .filter(|d| !mounts.iter().any(|m| m.target.as_ref().is_none_or(|t| covers(t, &d.path))))
                .cloned()
                .collect()
        } else if mounts.iter().any(matches_tool) {
            Vec::new()
        } else {
            s.add.clone()
        };
        if u.tool == Tool::Apt {
            for m in &mounts {
                let apt = m.target.as_ref().is_some_and(|t| s.add.iter().any(|d| covers(t, &d.path)));
                if apt && m.cache && !matches!(m.sharing.as_deref(), Some("locked" | "private")) {
                    sharing_fixes.extend(sharing_edit(inst, m.flag));
                }
            }
        }
        let uncached = if s.all { !missing_dirs.is_empty() } else { !mounts.iter().any(matches_tool) };
        if !uncached {
            continue;
        }
        related.push((c.range.clone(), format!("{} downloads here", u.label)));
        // Why adding the mount could change the build.
        if u.tool == Tool::Apt
            && cmds.iter().any(|c| {
                c.program() == Some("apt-mark")
                    || c.words.iter().any(|w| w.text == "autoremove" || w.text == "--auto-remove")
            })
        {
            unsafe_why.push(
                "apt's auto-install marks (/var/lib/apt/extended_states) then live in the cache, not the image".into(),
            );
        }
        // The package lists this RUN installs from were fetched by an earlier RUN, into its
        // layer: a mount on /var/lib/apt here would hide them ("Unable to locate package").
        if u.tool == Tool::Apt && !apt_updated {
            related.push((c.range.clone(), "no fix: this installs from the lists of an earlier `apt-get update`; run the update in this RUN to cache them".into()));
            missing.push((u.label, Vec::new(), s.all));
            continue;
        }
        if u.tool == Tool::Yarn && st.yarn_berry {
            unsafe_why.push("with Yarn 2+ Plug'n'Play the cache holds the installed packages".into());
        }
        // What would break the build (or the container) with the mount: then no fix. A cache
        // is mounted on every step that reads it or on none — and a later offline step
        // that got the mount too would fail whenever the builder prunes the cache while
        // this step's layer stays cached.
        if last_offline.get(&u.tool).is_some_and(|&l| l > index) {
            let what = if u.fetch_only { "only downloads" } else { "downloads" };
            blockers.push(format!(
                "{} {what} and a later step reads what it leaves in the layer without downloading: it needs the same mount, and the cache can be pruned while this layer stays cached",
                u.label
            ));
        }
        if let Some(how) = runtime_readers.iter().find(|(t, _)| *t == u.tool).map(|(_, how)| how) {
            blockers.push(format!(
                "the container runs {how}, which reads the same cache at run time: with the mount the downloads are not in the image"
            ));
        }
        for d in &missing_dirs {
            if removes_mount_point(&cmds, st, df.escape, &d.path) {
                blockers.push(format!(
                    "this RUN deletes {} or a parent, which fails on a mount point (\"Device or resource busy\"): drop that `rm`",
                    d.path
                ));
            }
            if st.copy_dests.iter().any(|c| c == &d.path || c.starts_with(&format!("{}/", d.path))) {
                blockers.push(format!("files copied into {} earlier would be hidden by the mount", d.path));
            }
            // `copy_from` is in file order: only the entries after this RUN matter.
            let later = &copy_from[copy_from.partition_point(|(j, _)| *j <= index)..];
            let under =
                |p: &str| p.strip_prefix(d.path.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
            if later.iter().any(|(_, p)| under(p)) {
                blockers
                    .push(format!("a later `COPY --from` reads {}, which the mount keeps out of the image", d.path));
            }
        }
        missing.push((u.label, missing_dirs, s.all));
    }
    if missing.is_empty() && sharing_fixes.is_empty() {
        return;
    }
    let describe = |(label, dirs, _): &(String, Vec<Dir>, bool)| {
        if dirs.is_empty() {
            label.clone()
        } else {
            format!("{label} ({})", dirs.iter().map(|d| d.path.as_str()).collect::<Vec<_>>().join(", "))
        }
    };
    let message = match (missing.as_slice(), sharing_fixes.is_empty()) {
        ([], _) => {
            "the apt cache mounts lack `sharing=locked`: builds sharing the cache at the same time fail on apt's lock"
                .to_string()
        }
        ([one], sharing_ok) => format!(
            "{} runs without a cache mount: its downloads are repeated whenever this step re-runs{}",
            describe(one),
            if sharing_ok { "" } else { ", and the apt mounts lack `sharing=locked`" }
        ),
        (many, sharing_ok) => format!(
            "{} run without cache mounts: their downloads are repeated whenever this step re-runs{}",
            join_and(&many.iter().map(describe).collect::<Vec<_>>()),
            if sharing_ok { "" } else { ", and the apt mounts lack `sharing=locked`" }
        ),
    };
    // The fix: one `--mount` per missing directory, after the RUN keyword.
    let mut add: Vec<&Dir> = Vec::new();
    for d in missing.iter().flat_map(|m| m.1.iter()) {
        if !add.iter().any(|a| a.path == d.path) && d.path.chars().all(|c| !c.is_whitespace() && !",\"'$=".contains(c))
        {
            add.push(d);
        }
    }
    // A cache mount is root-owned: a non-root user can write it only when it is mounted
    // with that user's id; where the id cannot be told, no mount is added.
    let owner = if st.is_root() { None } else { st.owner() };
    if !st.is_root() {
        let user = st.user.clone().unwrap_or_default();
        match &owner {
            Some(o) => unsafe_why
                .insert(0, format!("the stage runs as USER {user}: the mounts get {o}; check its home directory")),
            None => add.clear(),
        }
    }
    let mut edits = sharing_fixes;
    let mut apt_note = "";
    if !add.is_empty() {
        let own = owner.as_deref().map_or(String::new(), |o| format!(",{o}"));
        let text: String = add
            .iter()
            .map(|d| {
                format!(" --mount=type=cache,target={}{}{own}", d.path, if d.locked { ",sharing=locked" } else { "" })
            })
            .collect();
        edits.push(Edit::insert(inst.keyword_range.end, text));
        // With the mounts the RUN's own clean-up would empty the cache on every run; the
        // files it deletes are no longer in the layer, so it has nothing left to do.
        let apt_dirs = ["/var/lib/apt", "/var/cache/apt"];
        if add.iter().any(|d| apt_dirs.contains(&d.path.as_str())) {
            match apt_cleanup_edits(&cmds, inst) {
                Some(cleanups) => edits.extend(cleanups),
                None => unsafe_why.push("this RUN empties the apt cache again (`apt-get clean`, `rm -rf /var/lib/apt/lists/*`) in a way the fix cannot take out".into()),
            }
            apt_note = " (keeps apt's package lists between builds; the Debian and Ubuntu images still delete downloaded .deb files unless /etc/apt/apt.conf.d/docker-clean is removed: see the rule's docs)";
        }
    }
    let d = out.report(inst.keyword_range.clone(), message);
    for (r, m) in related {
        d.with_related(r, m);
    }
    if !blockers.is_empty() {
        d.with_related(inst.keyword_range.clone(), format!("no fix: {}", blockers.join("; ")));
        return;
    }
    if edits.is_empty() {
        return;
    }
    let what = if add.is_empty() {
        "Add `sharing=locked` to the apt cache mounts".to_string()
    } else {
        format!("Add cache mounts on {}{apt_note}", add.iter().map(|d| d.path.as_str()).collect::<Vec<_>>().join(", "))
    };
    let (title, applicability) = if unsafe_why.is_empty() {
        (what, Applicability::Safe)
    } else {
        (format!("{what} (review: {})", unsafe_why.join("; ")), Applicability::Unsafe)
    };
    d.with_fix(Fix { title, applicability, edits });
}

/// Would an `rm` of the RUN try to delete `mount` itself (`rm -rf /root/.cache`,
/// `rm -rf /root/.cache/*`, `rm -rf $POETRY_CACHE_DIR`)? Deleting inside it is fine.
fn removes_mount_point(cmds: &[ShellCommand], st: &State, escape: char, mount: &str) -> bool {
    cmds.iter().filter(|c| c.program() == Some("rm")).flat_map(|c| c.words.iter().skip(1)).any(|w| {
        let t = w.text.as_str();
        if t.starts_with('-') {
            return false;
        }
        let t = match t.strip_prefix('~') {
            Some(rest) => match st.home() {
                Some(h) => format!("{h}{rest}"),
                None => return false,
            },
            None => t.to_string(),
        };
        let Some(path) = st.expand(&t, escape).and_then(|p| st.absolute(&p)) else { return false };
        match path.strip_suffix("/*") {
            Some(parent) => mount.starts_with(&format!("{parent}/")),
            None if path.contains('*') => false,
            None => mount == path || mount.starts_with(&format!("{path}/")),
        }
    })
}

/// Edits that take apt's clean-ups (`apt-get clean`, `rm -rf /var/lib/apt/lists/*`) out of
/// a shell-form RUN: the command with the `&&`/`;` that joins it, or only the apt paths of
/// an `rm` that deletes other things too. `None` when one cannot be taken out cleanly.
fn apt_cleanup_edits(cmds: &[ShellCommand], inst: &Instruction) -> Option<Vec<Edit>> {
    let apt_path = |t: &str| {
        let t = t.trim_end_matches(['*', '/']);
        ["/var/lib/apt", "/var/cache/apt"].iter().any(|d| t == *d || t.starts_with(&format!("{d}/")))
    };
    let mut edits = Vec::new();
    for (k, c) in cmds.iter().enumerate() {
        let is_clean = identify(c).is_some_and(|(t, _)| t == Tool::Apt) && c.subcommand() == Some("clean");
        let rm = c.program() == Some("rm");
        let paths: Vec<&ShellWord> = c.words.iter().skip(1).filter(|w| !w.text.starts_with('-')).collect();
        let apt_paths: Vec<&&ShellWord> = paths.iter().filter(|w| apt_path(&w.text)).collect();
        let apt_rm = rm && !apt_paths.is_empty();
        if !is_clean && !apt_rm {
            continue;
        }
        if !inst.heredocs.is_empty() || inst.exec.is_some() {
            return None;
        }
        if rm && apt_paths.len() < paths.len() {
            // `rm -rf /var/lib/apt/lists/* /tmp/*`: keep the rm, drop the apt paths.
            for w in apt_paths {
                let prev_end = c.words.iter().rev().find(|p| p.range.end <= w.range.start)?.range.end;
                edits.push(Edit::replace(prev_end..w.range.end, ""));
            }
            continue;
        }
        let joins = |j: Joiner| matches!(j, Joiner::And | Joiner::Seq);
        let prev = k.checked_sub(1).and_then(|p| cmds.get(p)).filter(|p| joins(p.joiner) && !p.piped);
        let next = cmds.get(k + 1).filter(|_| joins(c.joiner));
        match (prev, next) {
            (Some(p), _) => edits.push(Edit::replace(p.range.end..c.range.end, "")),
            (None, Some(n)) => edits.push(Edit::replace(c.range.start..n.range.start, "")),
            (None, None) => return None,
        }
    }
    Some(edits)
}

/// Adds `sharing=locked` to an existing `--mount` (or changes its `sharing=`).
fn sharing_edit(inst: &Instruction, flag: usize) -> Option<Edit> {
    let f = inst.flags.get(flag)?;
    let fields = f.fields(&inst.line);
    if let Some(s) = fields.iter().find(|x| x.key == "sharing") {
        return s.value_range.clone().map(|r| Edit::replace(r, "locked"));
    }
    let value = f.value.as_deref()?;
    let end = f.value_range.as_ref()?.end;
    let at = if value.len() > 1 && (value.ends_with('"') || value.ends_with('\'')) { end - 1 } else { end };
    Some(Edit::insert(at, ",sharing=locked"))
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{diagnostics, findings, fixed, spans};
    use crate::syntax::dockerfile::parse;

    const ID: &str = "missing-cache-mount";

    /// The finding's fix is withheld, and a related note says why.
    fn no_fix(text: &str, why: &str) {
        let d = diagnostics(ID, text);
        assert!(!d.is_empty(), "{text}");
        assert!(d[0].fix.is_none(), "{text}: {:?}", d[0].fix);
        let note = d[0].related.iter().find(|r| r.message.starts_with("no fix:")).map(|r| r.message.clone());
        assert!(note.as_deref().is_some_and(|n| n.contains(why)), "{text}: {note:?}");
    }

    fn fix_ok(text: &str, expected: &str, applicability: Applicability) {
        let (t, a) = fixed(ID, text);
        assert_eq!(t, expected);
        assert_eq!(a, applicability);
        assert!(parse(&t).errors.is_empty(), "fixed text has syntax errors: {t}");
        assert!(spans(ID, &t).is_empty(), "still reported after the fix: {t}");
    }

    #[test]
    fn apt_needs_both_dirs_locked() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "RUN");
        assert!(f[0].1.contains("/var/cache/apt, /var/lib/apt"), "{}", f[0].1);
        fix_ok(
            text,
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n",
            Applicability::Safe,
        );
        // One of the two is missing.
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y curl\n";
        assert!(findings(ID, text)[0].1.contains("(/var/lib/apt)"));
        fix_ok(
            text,
            "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update && apt-get install -y curl\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn apt_mount_without_sharing_locked() {
        let text = "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt --mount=type=cache,target=/var/lib/apt,sharing=shared \\\n    apt-get update && apt-get install -y curl\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 1);
        assert!(f[0].1.contains("sharing=locked"));
        fix_ok(
            text,
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked \\\n    apt-get update && apt-get install -y curl\n",
            Applicability::Safe,
        );
        let ok = "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt/archives,sharing=locked --mount=type=cache,target=/var/lib/apt/lists,sharing=private apt-get update && apt-get install -y curl\n";
        assert!(spans(ID, ok).is_empty());
    }

    #[test]
    fn apt_without_update_gets_no_fix() {
        // The lists come from the earlier RUN's layer: a mount here would hide them
        // ("Unable to locate package"), as a real build shows.
        let text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n";
        let d = diagnostics(ID, text);
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        assert!(d[0].related.iter().any(|r| r.message.starts_with("no fix:")));
    }

    #[test]
    fn heredoc_exec_form_and_crlf() {
        let text = "FROM python:3.12\nRUN <<EOF\nset -e\npip install -r requirements.txt\nEOF\n";
        fix_ok(
            text,
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip <<EOF\nset -e\npip install -r requirements.txt\nEOF\n",
            Applicability::Safe,
        );
        let text = "FROM node:20\r\nRUN [\"npm\", \"ci\"]\r\n";
        fix_ok(
            text,
            "FROM node:20\r\nRUN --mount=type=cache,target=/root/.npm [\"npm\", \"ci\"]\r\n",
            Applicability::Safe,
        );
        let text = "FROM node:20\r\nWORKDIR /app\r\nRUN npm ci && \\\r\n    npm cache clean --force\r\n";
        assert_eq!(spans(ID, text), ["RUN"]);
    }

    #[test]
    fn disabled_caches_are_not_reported() {
        for text in [
            "FROM alpine:3.20\nRUN apk add --no-cache curl\n",
            "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
            "FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n",
            "FROM python:3.12\nRUN PIP_NO_CACHE_DIR=1 pip install flask\n",
            "FROM python:3.12\nRUN uv pip install --no-cache flask\n",
            "FROM python:3.12\nENV UV_NO_CACHE=1\nRUN uv sync\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish --no-restore -o /out\n",
            "FROM node:20\nRUN npm run build\n",
            "FROM node:20\nRUN yarn build\n",
            "FROM node:20\nRUN yarn --version\n",
            "FROM rust:1.80\nRUN cargo --version\n",
            "FROM debian:12\nRUN apt-get update\n",
            "FROM debian:12\nRUN cat <<EOF > /x.sh\napt-get install -y curl\nEOF\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn satisfied_mounts() {
        for text in [
            "FROM node:20\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
            "FROM node:20\nUSER node\nRUN --mount=type=cache,target=/home/node/.npm,uid=1000 npm ci\n",
            "FROM node:20\nENV npm_config_cache=/cache/npm\nRUN --mount=type=cache,target=/cache/npm npm ci\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache pip install flask\n",
            "FROM python:3.12\nENV PIP_CACHE_DIR=/pipcache\nRUN --mount=type=cache,target=/pipcache pip install flask\n",
            "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --locked\n",
            "FROM golang:1.23\nRUN --mount=type=cache,target=/go/pkg/mod/ go build -o /bin/app .\n",
            "FROM golang:1.23\nRUN --mount=type=cache,target=/root/.cache/go-build go build .\n",
            "FROM rust:1.80\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release\n",
            "FROM rust:1.80\nENV CARGO_HOME=/cargo\nRUN --mount=type=cache,target=/cargo cargo build --release\n",
            "FROM maven:3.9\nRUN --mount=type=cache,target=/root/.m2 mvn -B package\n",
            "FROM gradle:8\nRUN --mount=type=cache,target=/home/gradle/.gradle/caches gradle build\n",
            "FROM node:20\nARG CACHE=/c\nRUN --mount=type=cache,target=$UNKNOWN npm ci\n",
            "FROM node:20\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n",
            "FROM node:20\nENV PNPM_HOME=/pnpm\nRUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN --mount=type=cache,target=/root/.nuget/packages dotnet restore\n",
            "FROM composer:2\nRUN --mount=type=cache,target=/tmp/cache composer install\n",
            "FROM ruby:3.3\nRUN --mount=type=cache,target=/usr/local/bundle/cache bundle install\n",
            "FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n",
            "FROM fedora:40\nRUN --mount=type=cache,target=/var/cache/dnf dnf install -y gcc\n",
            "FROM python:3.12\nRUN --mount=type=tmpfs,target=/root/.cache/pip pip install flask\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn tool_dirs_in_fixes() {
        let cases = [
            ("FROM rust:1.80\nRUN cargo build --release\n", "/usr/local/cargo/registry ", "/usr/local/cargo/git"),
            ("FROM golang:1.23\nRUN go build -o /app .\n", "/root/.cache/go-build", "/go/pkg/mod"),
            ("FROM maven:3.9\nRUN mvn -B package\n", "/root/.m2/repository", "/root/.m2/repository"),
            ("FROM eclipse-temurin:21\nRUN ./gradlew build\n", "/root/.gradle/caches", "/root/.gradle/wrapper"),
            ("FROM composer:2\nRUN composer install\n", "/tmp/cache", "/tmp/cache"),
            ("FROM php:8.3\nRUN composer install --no-dev\n", "/root/.composer/cache", "/root/.composer/cache"),
            ("FROM ruby:3.3\nRUN bundle install\n", "/usr/local/bundle/cache", "/usr/local/bundle/cache"),
            (
                "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish -c Release -o /out\n",
                "/root/.nuget/packages",
                "/root/.nuget/packages",
            ),
            ("FROM node:20\nRUN yarn\n", "/usr/local/share/.cache/yarn", "/usr/local/share/.cache/yarn"),
            ("FROM node:20\nRUN pnpm install\n", "/root/.local/share/pnpm/store", "/root/.local/share/pnpm/store"),
            (
                "FROM python:3.12\nRUN poetry install --no-root\n",
                "/root/.cache/pypoetry/cache",
                "/root/.cache/pypoetry/artifacts",
            ),
            ("FROM python:3.12\nRUN python -m pip install flask\n", "/root/.cache/pip", "/root/.cache/pip"),
            ("FROM python:3.12\nRUN uv sync --locked\n", "/root/.cache/uv", "/root/.cache/uv"),
            ("FROM alpine:3.20\nRUN apk add curl\n", "/var/cache/apk", "/var/cache/apk"),
            ("FROM rockylinux:9\nRUN yum install -y gcc\n", "/var/cache/dnf", "/var/cache/dnf"),
            (
                "FROM registry.access.redhat.com/ubi9/ubi-minimal\nRUN microdnf install -y gcc\n",
                "/var/cache/yum",
                "/var/cache/yum",
            ),
            (
                "FROM python:3.12\nENV PIP_CACHE_DIR=/var/pip\nRUN pip install flask\n",
                "target=/var/pip",
                "target=/var/pip",
            ),
            ("FROM node:20\nUSER node\nRUN npm ci\n", "/home/node/.npm", "/home/node/.npm"),
        ];
        for (text, a, b) in cases {
            let (t, _) = fixed(ID, text);
            assert!(t.contains(a) && t.contains(b), "{text} → {t}");
            assert!(parse(&t).errors.is_empty());
            assert!(spans(ID, &t).is_empty(), "{t}");
        }
    }

    #[test]
    fn several_tools_one_finding() {
        let text =
            "FROM python:3.12\nRUN apt-get update && apt-get install -y nodejs npm && pip install flask && npm ci\n";
        let d = diagnostics(ID, text);
        assert_eq!(d.len(), 1);
        assert!(
            d[0].message.contains("`apt-get install`")
                && d[0].message.contains("`pip install`")
                && d[0].message.contains("`npm ci`")
        );
        assert_eq!(d[0].related.len(), 3);
        let (t, a) = fixed(ID, text);
        assert_eq!(a, Applicability::Safe);
        assert!(t.starts_with("FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/root/.cache/pip --mount=type=cache,target=/root/.npm apt-get"));
    }

    #[test]
    fn unsafe_cases() {
        // Non-root user: the mount is made theirs, or not added when their id is unknown.
        let (t, a) = fixed(ID, "FROM node:20\nUSER node\nRUN npm ci\n");
        assert_eq!(a, Applicability::Unsafe);
        assert!(t.contains("--mount=type=cache,target=/home/node/.npm,uid=1000,gid=1000 npm ci"), "{t}");
        let (t, _) = fixed(ID, "FROM python:3.12\nRUN useradd -u 10001 -m app\nUSER app\nRUN pip install flask\n");
        assert!(t.contains("target=/home/app/.cache/pip,uid=10001 pip"), "{t}");
        let d = diagnostics(ID, "FROM python:3.12\nRUN useradd -m app\nUSER app\nRUN pip install flask\n");
        assert!(d[0].fix.is_none(), "unknown uid: no mount");
        // Fetch-only followed by an offline step.
        let text = "FROM rust:1.80\nCOPY Cargo.toml Cargo.lock ./\nRUN cargo fetch\nCOPY src src\nRUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --offline\n";
        no_fix(text, "a later step reads what it leaves in the layer");
        let text =
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore\nRUN dotnet publish --no-restore -o /out\n";
        no_fix(text, "a later step reads");
        // Without an offline consumer the fetch is safe to cache.
        let text = "FROM golang:1.23\nRUN go mod download\nRUN --mount=type=cache,target=/go/pkg/mod go build .\n";
        assert_eq!(fixed(ID, text).1, Applicability::Safe);
        // A settings file copied into the cache directory.
        let text = "FROM maven:3.9\nCOPY settings.xml /root/.m2/repository/x.xml\nRUN mvn package\n";
        no_fix(text, "would be hidden by the mount");
        // A later stage copies from the cache directory.
        let text = "FROM maven:3.9 AS build\nRUN mvn install\nFROM eclipse-temurin:21\nCOPY --from=build /root/.m2/repository/com/x /x\n";
        no_fix(text, "a later `COPY --from` reads");
        // Yarn 2+.
        let text = "FROM node:20\nCOPY .yarnrc.yml package.json yarn.lock ./\nRUN yarn install --immutable\n";
        let (t, a) = fixed(ID, text);
        assert_eq!(a, Applicability::Unsafe);
        assert!(t.contains("/root/.yarn/berry/cache"));
    }

    #[test]
    fn every_reader_of_a_cache_gets_the_mount_or_none_does() {
        // `cargo build --offline` reads what `cargo fetch` left in the layer: no download,
        // no finding; and the fetch may not get a mount the build does not have.
        // (A real build of this broke with the mount on the fetch: "no matching package".)
        let text = "FROM rust:1.80\nRUN cargo fetch\nRUN cargo build --offline --release\n";
        assert_eq!(diagnostics(ID, text).len(), 1, "only the fetch");
        no_fix(text, "a later step reads what it leaves in the layer");
        // `dotnet publish` after a separate restore restores nothing new.
        let text = "FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet restore\nRUN dotnet publish -c Release -o /out\n";
        assert_eq!(diagnostics(ID, text).len(), 1, "only the restore");
        no_fix(text, "a later step reads");
        // apt-get install without an update reads the lists of the RUN before: that RUN's
        // fix is unsafe, and the later one gets none.
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n";
        let d = diagnostics(ID, text);
        assert!(d[0].fix.is_none() && d[1].fix.is_none(), "{d:?}");
    }

    #[test]
    fn containers_that_run_the_tool_need_its_downloads() {
        for (text, how) in [
            ("FROM rust:1.80\nCOPY . .\nRUN cargo fetch\nCMD [\"cargo\", \"run\", \"--offline\"]\n", "cargo run"),
            (
                "FROM maven:3.9\nCOPY . .\nRUN mvn dependency:go-offline\nCMD mvn spring-boot:run\n",
                "mvn spring-boot:run",
            ),
            ("FROM golang:1.23 AS dev\nRUN go mod download\nFROM dev\nCMD go run .\n", "go run ."),
        ] {
            no_fix(text, how);
        }
        // A builder stage whose output is copied: the final image runs the binary.
        let text = "FROM rust:1.80 AS build\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /app/target/release/app /app\nCMD [\"/app\"]\n";
        assert_eq!(fixed(ID, text).1, Applicability::Safe);
    }

    #[test]
    fn apt_clean_ups_leave_with_the_mounts() {
        // The clean-ups would empty the mounted cache on every run; with the mounts the
        // lists are not in the layer, so there is nothing for them to do.
        fix_ok(
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl \\\n    && apt-get clean \\\n    && rm -rf /var/lib/apt/lists/*\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n",
            Applicability::Safe,
        );
        fix_ok(
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* /tmp/x\n",
            "FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl && rm -rf /tmp/x\n",
            Applicability::Safe,
        );
        // The title says what the mounts keep, and what they don't.
        let d = diagnostics(ID, "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n");
        assert!(
            d[0].fix.as_ref().unwrap().title.contains("keeps apt's package lists"),
            "{}",
            d[0].fix.as_ref().unwrap().title
        );
    }

    #[test]
    fn windows_stages_have_no_mounts() {
        assert!(spans(ID, "FROM mcr.microsoft.com/dotnet/framework/sdk:4.8\nRUN nuget restore && dotnet build\n")
            .is_empty());
        assert!(spans(
            ID,
            "# escape=`\nFROM mcr.microsoft.com/dotnet/sdk:8.0-nanoserver-ltsc2022\nRUN dotnet restore\n"
        )
        .is_empty());
    }

    #[test]
    fn more_tools_and_their_caches() {
        let title = |text: &str| diagnostics(ID, text)[0].fix.as_ref().map(|f| f.title.clone()).unwrap_or_default();
        assert!(title("FROM photon:5.0\nRUN tdnf install -y git\n").contains("/var/cache/tdnf"));
        assert!(spans(ID, "FROM alpine:3.20\nRUN apk add --no-network /tmp/x.apk\n").is_empty());
        assert!(title("FROM continuumio/miniconda3:24.1.2-0\nRUN conda install -y numpy\n").contains("/opt/conda/pkgs"));
        assert!(title(
            "FROM mambaorg/micromamba:1.5\nENV MAMBA_ROOT_PREFIX=/opt/conda\nRUN micromamba install -y -n base numpy\n"
        )
        .contains("/opt/conda/pkgs"));
        assert!(title("FROM oven/bun:1.1\nRUN bun install --frozen-lockfile\n").contains("/root/.bun/install/cache"));
        assert!(title("FROM golang:1.23\nRUN xx-go build -o /out/app .\n").contains("/go/pkg/mod"));
        assert!(title("FROM rust:1.80\nRUN xx-cargo build --release\n").contains("/usr/local/cargo/registry"));
        // A mount that only looks like the cache while the tool is configured elsewhere.
        let text = "FROM golang:1.23\nENV GOCACHE=/tmp/gocache GOMODCACHE=/tmp/gomod\nRUN --mount=type=cache,target=/root/.cache/go-build go build .\n";
        assert!(title(text).contains("/tmp/gocache"), "{}", title(text));
    }

    #[test]
    fn apt_marks_and_bundle_path() {
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y gcc && make && apt-get purge -y --auto-remove gcc\n";
        assert_eq!(fixed(ID, text).1, Applicability::Unsafe);
        let d = diagnostics(ID, "FROM ruby:3.3\nENV BUNDLE_PATH=/usr/local/bundle\nRUN bundle install\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn cargo_home_follows_the_install() {
        let (t, _) = fixed(ID, "FROM rust:1.80\nRUN rustup target add x86_64-unknown-linux-musl\nRUN cargo build\n");
        assert!(t.contains("target=/usr/local/cargo/registry"), "{t}");
        let text = "FROM debian:12\nRUN curl https://sh.rustup.rs -sSf | sh -s -- -y\nRUN cargo build\n";
        let (t, _) = fixed(ID, text);
        assert!(t.contains("target=/root/.cargo/registry"), "{t}");
    }

    #[test]
    fn deleting_the_mount_point_is_unsafe() {
        for text in [
            "FROM python:3.12\nENV POETRY_CACHE_DIR=/tmp/poetry_cache\nRUN poetry install --no-root && rm -rf $POETRY_CACHE_DIR\n",
            "FROM python:3.12\nRUN pip install flask && rm -rf ~/.cache\n",
            "FROM python:3.12\nRUN pip install flask && rm -rf /root/.cache/*\n",
        ] {
            no_fix(text, "fails on a mount point");
        }
        // Deleting inside the cache is fine.
        let text = "FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives\n";
        assert_eq!(fixed(ID, text).1, Applicability::Safe);
    }

    #[test]
    fn numeric_user_gets_no_fix() {
        let d = diagnostics(ID, "FROM node:20\nUSER 1001\nRUN npm ci\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
    }

    #[test]
    fn stage_inheritance_and_env() {
        let text = "FROM python:3.12 AS base\nENV PIP_NO_CACHE_DIR=1\nFROM base\nRUN pip install flask\n";
        assert!(spans(ID, text).is_empty());
        let text = "FROM node:20 AS base\nUSER node\nFROM base\nRUN npm ci\n";
        assert_eq!(fixed(ID, text).1, Applicability::Unsafe);
    }

    #[test]
    fn half_typed_input_does_not_panic() {
        for text in [
            "FROM x\nRUN --mount=type=cache, apt-get install",
            "FROM x\nRUN --mount= pip install",
            "RUN npm ci",
            "FROM x\nRUN python -m",
            "FROM x\nRUN --mount=type=cache,target=\"/var/cache/apt apt-get install x",
        ] {
            let _ = diagnostics(ID, text);
        }
    }
}
