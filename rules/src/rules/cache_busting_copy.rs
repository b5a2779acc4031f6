use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::package_manager::{identify, Tool};
use crate::model::shell::{run_commands, ShellCommand, ShellWord};
use crate::syntax::dockerfile::{Dockerfile, Instruction, Kind};
use crate::text::LineEnding;

pub struct CacheBustingCopy;

static META: RuleMeta = RuleMeta {
    id: "cache-busting-copy",
    summary: "The whole build context is copied before the dependency install, so every source edit re-runs it",
    category: Category::BuildCache,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::UnsafeOrManual,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# cache-busting-copy

## What it finds
A `COPY .` / `ADD .` (also `./`, `*`, `./*`) of the whole build context, followed in the
same stage by a step that installs dependencies from manifest files:

| install | manifests to copy first |
|---------|-------------------------|
| `npm ci`, `npm install` (no package names) | `package.json`, `package-lock.json` |
| `yarn`, `yarn install` | `package.json`, `yarn.lock` |
| `pnpm install`, `pnpm fetch` | `package.json`, `pnpm-lock.yaml` |
| `pip install -r requirements.txt`, `uv pip install -r …` | the requirements files |
| `poetry install` | `pyproject.toml`, `poetry.lock` |
| `uv sync` | `pyproject.toml`, `uv.lock` |
| `pipenv install`, `pipenv sync` | `Pipfile`, `Pipfile.lock` |
| `bundle install` | `Gemfile`, `Gemfile.lock` |
| `composer install` | `composer.json`, `composer.lock` |
| `go mod download` | `go.mod`, `go.sum` |
| `dotnet restore` | the `*.csproj` files |
| `mvn dependency:go-offline` / `dependency:resolve` | `pom.xml` |
| `gradle dependencies` | `build.gradle(.kts)`, `settings.gradle(.kts)` |
| `cargo fetch` | `Cargo.toml`, `Cargo.lock` |

Not reported: a `COPY . .` followed only by build steps (`npm run build`, `cargo build`,
`go build`, `mvn package`, `dotnet publish`), or by installs of the project itself
(`pip install .`, `pip install -e .`); installs of named packages (`npm install -g serve`);
`COPY --from=…`; an install in another stage.

## Why
The builder caches a step as long as its inputs are unchanged, and a `COPY .` layer
changes with every edit to any file in the context. Everything after it re-runs — so an
install placed after it downloads and installs all dependencies again for a one-line code
change: typically 30 s to several minutes per build for `npm ci` or `pip install`, and
just as long on CI. Copying only the manifests first lets the install layer stay cached
until the dependencies themselves change.

## Example
```dockerfile
FROM node:20
WORKDIR /app
COPY . .
RUN npm ci
RUN npm run build
```

## Fix
```dockerfile
FROM node:20
WORKDIR /app
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
```
The quick fix does this when the install step contains only installs: it copies the
manifests and the install before the `COPY .` and removes the later install. Settings and
environment set-up between the two (`ENV`, `ARG`, `RUN python -m venv …`, apt installs)
move up with the install, in order; anything else there (a step that reads the copied
files, a `USER`) means no fix. The fix is **unsafe** — `shipshape fix --unsafe` applies
it — when the build context shows that the manifests are all the install reads; otherwise
it is **manual** (review and complete it). For `poetry install`, `uv sync` and `composer install`, which also install
the project itself, the early step gets `--no-root`, `--no-install-project` or
`--no-scripts --no-autoloader` and the later step is kept (it then only installs the
project). Workspaces, requirement files that include others, Gemfiles with `gemspec`
and `cargo fetch` (which needs source files) need more files than the manifests: complete
the `COPY` by hand. No fix is offered when the install changes directory or the
`WORKDIR` changes in between.

## Silence
`# shipshape ignore=cache-busting-copy` on the line above the `COPY`, or
`ignore = ["cache-busting-copy"]` in `.shipshape.toml`.
"#,
};

/// A dependency install from manifests.
struct Install<'a> {
    cmd: &'a ShellCommand,
    label: String,
    /// Manifest names for the message.
    names: &'static str,
    /// `COPY` lines for the fix: (sources, destination relative to the copy's target dir);
    /// `None` when they cannot be told.
    copies: Option<Vec<(String, String)>>,
    /// Flags that make the early install skip the project itself (the later one is kept).
    deps_only: Option<&'static str>,
    /// The word after which `deps_only` goes.
    anchor: Option<&'a ShellWord>,
}

fn ops<'a>(words: &'a [ShellWord], valued: &[&str]) -> Vec<&'a ShellWord> {
    let mut out = Vec::new();
    let mut skip = false;
    for w in words {
        if std::mem::take(&mut skip) {
            continue;
        }
        if w.text.starts_with('-') && w.text.len() > 1 {
            skip = valued.contains(&w.text.as_str());
            continue;
        }
        out.push(w);
    }
    out
}

fn has(words: &[ShellWord], any: &[&str]) -> bool {
    words.iter().any(|w| any.iter().any(|a| w.text == *a || w.text.strip_prefix(a).is_some_and(|r| r.starts_with('='))))
}

/// Options that move the install elsewhere: the manifests' place cannot be told.
const ELSEWHERE: &[&str] = &[
    "--prefix",
    "--cwd",
    "-C",
    "--dir",
    "--project",
    "--directory",
    "--working-dir",
    "-d",
    "--gemfile",
    "-f",
    "--file",
    "-p",
    "--project-dir",
    "--manifest-path",
    "--filter",
    "-w",
    "--workspace",
];

fn pair(sources: &str) -> Option<Vec<(String, String)>> {
    Some(vec![(sources.to_string(), String::new())])
}

fn dep_install(c: &ShellCommand) -> Option<Install<'_>> {
    let prog = c.program()?;
    let words = &c.words;
    let args = words.get(1..).unwrap_or(&[]);
    let mut i = Install { cmd: c, label: String::new(), names: "", copies: None, deps_only: None, anchor: None };
    // pip as the package-manager table knows it (`pip3`, `python -m pip`), or `uv pip`.
    let pip_at = match identify(c) {
        Some((Tool::Pip, first)) => Some(first - 1),
        _ if prog == "uv" && args.first().is_some_and(|w| w.text == "pip") => Some(2),
        _ => None,
    };
    if let Some(skip) = pip_at {
        let rest = args.get(skip..).unwrap_or(&[]);
        let valued = [
            "-r",
            "--requirement",
            "-c",
            "--constraint",
            "-i",
            "--index-url",
            "--extra-index-url",
            "-f",
            "--find-links",
            "-t",
            "--target",
            "--prefix",
            "--root",
            "--cache-dir",
        ];
        let o = ops(rest, &valued);
        if o.first().map(|w| w.text.as_str()) != Some("install") {
            return None;
        }
        let mut files = Vec::new();
        let mut it = rest.iter();
        while let Some(w) = it.next() {
            let t = w.text.as_str();
            let v = match t {
                "-r" | "--requirement" | "-c" | "--constraint" => it.next().map(|v| v.text.clone()),
                _ => t
                    .strip_prefix("--requirement=")
                    .or_else(|| t.strip_prefix("--constraint="))
                    .or_else(|| t.strip_prefix("-r").filter(|r| !r.is_empty() && !t.starts_with("--")))
                    .map(str::to_string),
            };
            files.extend(v);
        }
        if files.is_empty() {
            return None;
        }
        i.label = format!("`{} install -r`", if prog == "uv" { "uv pip" } else { "pip" });
        i.names = "the requirements files";
        let plain =
            files.iter().all(|f| !f.starts_with('/') && !f.contains('$') && !f.contains("..") && !f.contains(' '));
        if o.len() == 1 && plain {
            i.copies = Some(files.iter().map(|f| (f.clone(), f.trim_start_matches("./").to_string())).collect());
        }
        return Some(i);
    }
    let npm_valued =
        ["--prefix", "--cache", "--registry", "--loglevel", "-w", "--workspace", "--filter", "-C", "--dir"];
    let o = ops(args, &npm_valued);
    let sub = o.first().map(|w| w.text.as_str()).unwrap_or("");
    match prog {
        "npm" => {
            let ci = matches!(sub, "ci" | "clean-install" | "ic" | "install-clean" | "isntall-clean");
            let install = matches!(
                sub,
                "install" | "i" | "in" | "ins" | "inst" | "insta" | "instal" | "isnt" | "isnta" | "isntal" | "isntall"
            );
            if !(ci || (install && o.len() == 1)) || has(args, &["-g", "--global"]) {
                return None;
            }
            i.label = format!("`npm {sub}`");
            i.names = "package.json and package-lock.json";
            i.copies = pair("package*.json");
        }
        "yarn" | "yarnpkg" => {
            if !(o.is_empty() && !has(args, &["--version", "-v", "--help", "-h"]) || sub == "install") {
                return None;
            }
            i.label = if sub.is_empty() { "`yarn`".into() } else { "`yarn install`".into() };
            i.names = "package.json and yarn.lock";
            i.copies = pair("package.json yarn.lock");
        }
        "pnpm" => {
            if !(matches!(sub, "install" | "i") && o.len() == 1 || sub == "fetch") {
                return None;
            }
            i.label = format!("`pnpm {sub}`");
            i.names = "package.json and pnpm-lock.yaml";
            i.copies = pair("package.json pnpm-lock.yaml");
        }
        "poetry" => {
            if !matches!(sub, "install" | "sync") || has(args, &["--only-root"]) {
                return None;
            }
            i.label = format!("`poetry {sub}`");
            i.names = "pyproject.toml and poetry.lock";
            i.copies = pair("pyproject.toml poetry.lock");
            if !has(args, &["--no-root"]) {
                i.deps_only = Some(" --no-root");
                i.anchor = o.first().copied();
            }
        }
        "uv" => {
            if sub != "sync" {
                return None;
            }
            i.label = "`uv sync`".into();
            i.names = "pyproject.toml and uv.lock";
            i.copies = pair("pyproject.toml uv.lock");
            if !has(args, &["--no-install-project", "--only-deps"]) {
                i.deps_only = Some(" --no-install-project");
                i.anchor = o.first().copied();
            }
        }
        "pipenv" => {
            if !(sub == "install" && o.len() == 1 || sub == "sync") {
                return None;
            }
            i.label = format!("`pipenv {sub}`");
            i.names = "Pipfile and Pipfile.lock";
            i.copies = pair("Pipfile Pipfile.lock");
        }
        "bundle" | "bundler" => {
            if !(o.is_empty() && !has(args, &["--version", "-v", "--help", "-h"]) || sub == "install") {
                return None;
            }
            i.label = "`bundle install`".into();
            i.names = "Gemfile and Gemfile.lock";
            i.copies = pair("Gemfile Gemfile.lock");
        }
        "composer" | "composer.phar" => {
            if !matches!(sub, "install" | "i") {
                return None;
            }
            i.label = "`composer install`".into();
            i.names = "composer.json and composer.lock";
            i.copies = pair("composer.json composer.lock");
            if !has(args, &["--no-autoloader"]) {
                i.deps_only = Some(" --no-scripts --no-autoloader");
                i.anchor = o.first().copied();
            }
        }
        "go" => {
            if !(sub == "mod" && o.get(1).is_some_and(|w| w.text == "download")) {
                return None;
            }
            i.label = "`go mod download`".into();
            i.names = "go.mod and go.sum";
            i.copies = pair("go.mod go.sum");
        }
        "dotnet" => {
            if sub != "restore" {
                return None;
            }
            i.label = "`dotnet restore`".into();
            i.names = "the *.csproj files";
            let valued = ["-s", "--source", "--packages", "-r", "--runtime", "-v", "--verbosity", "--configfile"];
            let o = ops(args, &valued);
            if let [_, project] = o.as_slice() {
                let p = project.text.as_str();
                let plain = !p.starts_with('/') && !p.contains('$') && !p.contains("..") && !p.contains(' ');
                if plain && [".csproj", ".fsproj", ".vbproj"].iter().any(|e| p.ends_with(e)) {
                    i.copies = Some(vec![(p.to_string(), p.trim_start_matches("./").to_string())]);
                }
            }
        }
        "mvn" | "mvnw" => {
            let valued = ["-s", "--settings", "-P", "--activate-profiles", "-T", "--threads", "-pl", "--projects"];
            let goals = ops(args, &valued);
            let fetch = |w: &&ShellWord| {
                let g = w.text.as_str();
                g.starts_with("dependency:go-offline")
                    || g.starts_with("dependency:resolve")
                    || g.ends_with(":go-offline")
            };
            if goals.is_empty() || !goals.iter().all(fetch) {
                return None;
            }
            i.label = format!("`{prog} {}`", goals[0].text);
            i.names = "pom.xml";
            i.copies = if prog == "mvnw" {
                Some(vec![("mvnw pom.xml".into(), String::new()), (".mvn".into(), ".mvn".into())])
            } else {
                pair("pom.xml")
            };
        }
        "gradle" | "gradlew" => {
            let valued = ["-x", "--exclude-task", "-I", "--init-script", "-g", "--gradle-user-home"];
            let tasks = ops(args, &valued);
            if tasks.is_empty() || !tasks.iter().all(|t| t.text == "dependencies" || t.text.ends_with(":dependencies"))
            {
                return None;
            }
            i.label = format!("`{prog} dependencies`");
            i.names = "build.gradle(.kts) and settings.gradle(.kts)";
            i.copies = if prog == "gradlew" {
                Some(vec![
                    ("gradlew build.gradle* settings.gradle*".into(), String::new()),
                    ("gradle".into(), "gradle".into()),
                ])
            } else {
                pair("build.gradle* settings.gradle*")
            };
        }
        "cargo" => {
            if sub != "fetch" {
                return None;
            }
            i.label = "`cargo fetch`".into();
            i.names = "Cargo.toml and Cargo.lock (with stub sources, or use cargo-chef)";
        }
        _ => return None,
    }
    Some(i)
}

/// Commands that may sit next to an install in the step moved by the fix.
fn is_prep(c: &ShellCommand) -> bool {
    let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
    match words.as_slice() {
        ["rm" | "true" | "set" | "echo" | "corepack" | "export", ..] => true,
        ["npm" | "yarn" | "pnpm", "cache" | "config" | "store" | "set", ..] => true,
        ["bundle", "config", ..] | ["composer", "clear-cache" | "clearcache" | "config", ..] => true,
        [p, rest @ ..] if p.starts_with("pip") => {
            let o: Vec<&&str> = rest.iter().filter(|w| !w.starts_with('-')).collect();
            o.first().is_some_and(|s| **s == "install")
                && o.len() > 1
                && o[1..].iter().all(|p| {
                    let name = p.split(['=', '<', '>', '~']).next().unwrap_or("");
                    matches!(name, "pip" | "setuptools" | "wheel" | "uv" | "poetry" | "pipenv")
                })
        }
        _ => false,
    }
}

/// `.`, `./`, `*`, `./*`: the whole context.
fn is_whole_context(source: &str) -> bool {
    matches!(source, "." | "./" | "*" | "./*" | ".\\")
}

impl Rule for CacheBustingCopy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for stage in &cx.model.stages {
            let range = stage.instructions.clone();
            let Some(insts) = df.instructions.get(range.clone()) else { continue };
            let Some(copy_at) = insts.iter().position(|i| whole_context_copy(i, df.escape)) else { continue };
            let copy = &insts[copy_at];
            // Tools that already installed from manifests before the copy: a later run of
            // them installs the project itself (`uv sync` after `uv sync --no-install-project`).
            let earlier: Vec<String> = insts[..copy_at]
                .iter()
                .filter(|i| i.kind == Kind::Run)
                .flat_map(|i| cx.model.run_commands(df, i).into_owned())
                .filter(|c| dep_install(c).is_some())
                .filter_map(|c| c.program().map(str::to_string))
                .collect();
            let mut workdir_changed = false;
            for (k, run) in insts.iter().enumerate().skip(copy_at + 1) {
                if run.kind == Kind::Workdir {
                    workdir_changed = true;
                }
                if run.kind != Kind::Run {
                    continue;
                }
                let cmds = cx.model.run_commands(df, run);
                let fresh = |c: &ShellCommand| !earlier.iter().any(|p| Some(p.as_str()) == c.program());
                let Some(install) = cmds.iter().filter(|c| fresh(c)).find_map(dep_install) else { continue };
                let step = Step { copy, between: &insts[copy_at + 1..k], run, cmds: &cmds, install: &install };
                report(cx, &step, workdir_changed, out);
                break;
            }
        }
    }
}

fn whole_context_copy(inst: &Instruction, escape: char) -> bool {
    if !matches!(inst.kind, Kind::Copy | Kind::Add) || inst.flag("from").is_some() || !inst.heredocs.is_empty() {
        return false;
    }
    source_word(inst, escape).is_some()
}

/// The range of the whole-context source word (`None` if the copy is not of the whole context).
fn source_word(inst: &Instruction, escape: char) -> Option<Range<usize>> {
    if let Some(exec) = &inst.exec {
        let (_, sources) = exec.split_last()?;
        return sources.iter().find(|a| is_whole_context(&a.value)).map(|a| a.range.clone());
    }
    let (_, sources) = inst.args.split_last()?;
    sources.iter().find(|w| is_whole_context(&w.value(escape))).map(|w| w.range.clone())
}

/// A whole-context copy and the install after it.
struct Step<'a> {
    copy: &'a Instruction,
    /// The instructions between the copy and the install's RUN.
    between: &'a [Instruction],
    run: &'a Instruction,
    cmds: &'a [ShellCommand],
    install: &'a Install<'a>,
}

fn report(cx: &DockerfileContext, step: &Step, workdir_changed: bool, out: &mut Findings) {
    let df = cx.file;
    let Step { copy, install, .. } = *step;
    let Some(word) = source_word(copy, df.escape) else { return };
    let shown = df.text(word.clone()).trim_matches(['"', '\'']).to_string();
    let message = format!(
        "`{} {shown}` copies the whole context before {}, so every source change re-runs the install; copy {} first and install before copying the rest",
        copy.kind.name(),
        install.label,
        install.names
    );
    let fix = fix(df, step, workdir_changed).map(|mut f| {
        // With the manifests known to be all the install reads, `fix --unsafe` applies it.
        if manifests_complete(cx, install) {
            f.applicability = Applicability::Unsafe;
        }
        f
    });
    let d = out.report(word, message);
    d.with_related(install.cmd.range.clone(), format!("{} re-runs after every source change", install.label));
    if let Some(f) = fix {
        d.with_fix(f);
    }
}

fn fix(df: &Dockerfile, step: &Step, workdir_changed: bool) -> Option<Fix> {
    let Step { copy, between, run, cmds, install } = *step;
    let copies = install.copies.as_ref()?;
    if workdir_changed || copy.exec.is_some() {
        return None;
    }
    // What lies between the copy and the install moves up with it, in order — which is only
    // right when none of it reads the copied files (a venv and its `ENV PATH`, apt packages).
    if !between.iter().all(|i| movable(df, i)) {
        return None;
    }
    // Only installs (and their preparation) can move; all in the same directory.
    let installs: Vec<Install> = cmds.iter().filter_map(dep_install).collect();
    if installs.len() != 1 || cmds.iter().any(|c| c.program() == Some("cd")) {
        return None;
    }
    if cmds.iter().any(|c| !std::ptr::eq(c, install.cmd) && !is_prep(c)) || has(&install.cmd.words, ELSEWHERE) {
        return None;
    }
    let src = &df.source;
    let eol = LineEnding::detect(src).as_str();
    let dest_word = copy.args.last()?;
    let dest = dest_word.text.as_str();
    if dest.contains(['"', '\'']) {
        return None;
    }
    let dest_dir = if dest == "." {
        "./".to_string()
    } else if dest.ends_with('/') {
        dest.to_string()
    } else {
        format!("{dest}/")
    };
    let indent = line_indent(src, copy.keyword_range.start);
    let flags: String = copy
        .flags
        .iter()
        .filter(|f| matches!(f.name.as_str(), "chown" | "chmod" | "link"))
        .map(|f| format!(" {}", df.text(f.range.clone())))
        .collect();
    let mut text = String::new();
    for i in between {
        let lines = whole_lines(src, i.range.clone());
        text.push_str(src[lines].trim_start());
        if !text.ends_with('\n') {
            text.push_str(eol);
        }
        text.push_str(&indent);
    }
    for (sources, rel) in copies {
        text.push_str(&format!("{}{flags} {sources} {dest_dir}{rel}{eol}{indent}", copy.keyword));
    }
    // The install step, moved (or copied with a deps-only flag when the project itself
    // must be installed after the sources are in).
    let run_text = df.text(run.range.clone());
    let moved = match (install.deps_only, install.anchor) {
        (Some(flag), Some(anchor)) => {
            let at = anchor.range.end.checked_sub(run.range.start)?;
            if !run_text.is_char_boundary(at) {
                return None;
            }
            format!("{}{flag}{}", &run_text[..at], &run_text[at..])
        }
        _ => run_text.to_string(),
    };
    text.push_str(&moved);
    text.push_str(eol);
    text.push_str(&indent);
    let mut edits = vec![Edit::insert(copy.keyword_range.start, text)];
    edits.extend(between.iter().map(|i| Edit::delete(whole_lines(src, i.range.clone()))));
    if install.deps_only.is_none() {
        edits.push(Edit::delete(whole_lines(src, run.range.clone())));
    }
    let title = if install.deps_only.is_none() {
        format!("Copy the manifests and run {} before copying the whole context", install.label)
    } else {
        format!(
            "Copy the manifests and install the dependencies only ({}) before copying the whole context",
            install.deps_only.unwrap_or("").trim()
        )
    };
    Some(Fix { title, applicability: Applicability::Manual, edits })
}

/// Can this instruction move above the whole-context copy? Settings (ENV, ARG, LABEL,
/// EXPOSE) and RUNs that prepare the environment without reading the project's files.
fn movable(df: &Dockerfile, i: &Instruction) -> bool {
    match i.kind {
        Kind::Env | Kind::Arg | Kind::Label | Kind::Expose => true,
        Kind::Run => i.heredocs.is_empty() && run_commands(df, i).iter().all(|c| is_prep(c) || is_setup(c)),
        _ => false,
    }
}

/// Commands that set up the environment and read nothing from the build context.
fn is_setup(c: &ShellCommand) -> bool {
    let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
    match words.as_slice() {
        [p, "-m", "venv" | "virtualenv", ..] if p.starts_with("python") => true,
        ["virtualenv" | "mkdir" | "useradd" | "groupadd" | "adduser" | "addgroup" | "ln" | "apt-get" | "apt" | "apk"
        | "dnf" | "yum" | "microdnf", ..] => true,
        _ => false,
    }
}

/// Are the files the fix copies first all that the install reads? Read from the build
/// context: npm workspaces, requirement files that pull in others or local paths, a
/// Gemfile's `gemspec`, Maven modules, Gradle subprojects and .NET project references
/// need more files than the manifests.
fn manifests_complete(cx: &DockerfileContext, install: &Install) -> bool {
    let Some(view) = cx.project else { return false };
    let context = match cx.builds().first() {
        Some(b) => b.context_dir.clone(),
        // A Dockerfile no Compose file builds: `docker build .` in its folder.
        None => match cx.path.and_then(std::path::Path::parent) {
            Some(d) => d.to_path_buf(),
            None => return false,
        },
    };
    let Some(copies) = &install.copies else { return false };
    let read = |name: &str| view.fs.read_to_string(&context.join(name)).ok();
    let prog = install.cmd.program().unwrap_or("");
    for (sources, _) in copies {
        for name in sources.split_whitespace() {
            if name.contains(['*', '?', '[']) {
                // `package*.json`: package.json must exist and name no workspaces.
                if name.starts_with("package") {
                    match read("package.json") {
                        Some(t) if !t.contains("\"workspaces\"") => {}
                        _ => return false,
                    }
                    if read("pnpm-workspace.yaml").is_some() {
                        return false;
                    }
                }
                continue;
            }
            let Some(text) = read(name) else { return false };
            let lines = || text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
            let incomplete = match name.rsplit('/').next().unwrap_or(name) {
                "package.json" => text.contains("\"workspaces\""),
                "Gemfile" => lines().any(|l| l.starts_with("gemspec") || l.contains("path:")),
                "pom.xml" => text.contains("<modules>"),
                n if n.starts_with("settings.gradle") => text.contains("include"),
                n if n.ends_with(".csproj") || n.ends_with(".fsproj") => text.contains("ProjectReference"),
                _ if prog.starts_with("pip") || prog.starts_with("python") || prog == "uv" => lines().any(|l| {
                    l.starts_with('-')
                        || l.starts_with('.')
                        || l.starts_with('/')
                        || l.contains("file:")
                        || l.contains(" @ ")
                }),
                _ => false,
            };
            if incomplete {
                return false;
            }
        }
    }
    true
}

fn line_indent(src: &str, at: usize) -> String {
    let start = src[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &src[start..at];
    if before.chars().all(|c| c == ' ' || c == '\t') {
        before.to_string()
    } else {
        String::new()
    }
}

/// The range extended to whole lines, with the line ending after it.
fn whole_lines(src: &str, r: Range<usize>) -> Range<usize> {
    let start = src[..r.start].rfind('\n').map_or(0, |i| i + 1);
    let start = if src[start..r.start].chars().all(|c| c == ' ' || c == '\t') { start } else { r.start };
    let mut end = r.end;
    if src[end..].starts_with("\r\n") {
        end += 2;
    } else if src[end..].starts_with('\n') {
        end += 1;
    }
    start..end
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{diagnostics, findings, fixed, spans};
    use crate::syntax::dockerfile::parse;

    const ID: &str = "cache-busting-copy";

    fn fix_ok(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Manual);
    }

    #[test]
    fn npm_ci_after_copy_all() {
        let text = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n";
        let f = findings(ID, text);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, ".");
        assert!(f[0].1.contains("package.json and package-lock.json"), "{}", f[0].1);
        assert!(f[0].1.contains("`npm ci`"));
        assert_eq!(diagnostics(ID, text)[0].related.len(), 1);
        fix_ok(text, "FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n");
    }

    #[test]
    fn build_steps_only_are_fine() {
        for text in [
            "FROM node:20\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n",
            "FROM rust:1.80\nCOPY . .\nRUN cargo build --release\n",
            "FROM golang:1.23\nCOPY . .\nRUN go build -o /app .\n",
            "FROM maven:3.9\nCOPY . .\nRUN mvn -B package\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet publish -c Release -o /out\n",
            "FROM python:3.12\nCOPY . .\nRUN pip install .\n",
            "FROM python:3.12\nCOPY . .\nRUN pip install --no-cache-dir -e .\n",
            "FROM node:20\nCOPY . .\nRUN npm install -g serve\n",
            "FROM node:20\nCOPY --from=build /app .\nRUN npm ci\n",
            "FROM node:20 AS a\nCOPY . .\nFROM node:20\nRUN npm ci\n",
            "FROM node:20\nCOPY src ./src\nRUN npm ci\n",
            "FROM node:20\nCOPY . .\nRUN yarn build\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn installs_of_each_ecosystem() {
        for (install, names) in [
            ("yarn install --frozen-lockfile", "yarn.lock"),
            ("yarn", "yarn.lock"),
            ("pnpm install --frozen-lockfile", "pnpm-lock.yaml"),
            ("pip install -r requirements.txt", "requirements"),
            ("python -m pip install --no-cache-dir -r requirements/prod.txt", "requirements"),
            ("poetry install --no-interaction", "poetry.lock"),
            ("uv sync --locked", "uv.lock"),
            ("pipenv install --deploy --system", "Pipfile.lock"),
            ("bundle install", "Gemfile.lock"),
            ("composer install --no-dev", "composer.lock"),
            ("go mod download", "go.sum"),
            ("dotnet restore", "csproj"),
            ("mvn -B dependency:go-offline", "pom.xml"),
            ("./gradlew dependencies --no-daemon", "settings.gradle"),
            ("cargo fetch", "Cargo.lock"),
        ] {
            let text = format!("FROM x:1\nCOPY ./ /app/\nRUN {install}\n");
            let f = findings(ID, &text);
            assert_eq!(f.len(), 1, "{text}");
            assert!(f[0].1.contains(names), "{text}: {}", f[0].1);
        }
    }

    #[test]
    fn fixes_keep_flags_indentation_and_crlf() {
        fix_ok(
            "FROM python:3.12\r\nWORKDIR /app\r\n  COPY --chown=app:app . /app\r\n  RUN pip install --no-cache-dir -r requirements.txt\r\n  CMD [\"python\", \"app.py\"]\r\n",
            "FROM python:3.12\r\nWORKDIR /app\r\n  COPY --chown=app:app requirements.txt /app/requirements.txt\r\n  RUN pip install --no-cache-dir -r requirements.txt\r\n  COPY --chown=app:app . /app\r\n  CMD [\"python\", \"app.py\"]\r\n",
        );
        // Continuation lines and a cache mount travel with the install.
        fix_ok(
            "FROM node:20\nCOPY . .\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci --omit=dev && \\\n    npm cache clean --force\nRUN npm run build\n",
            "FROM node:20\nCOPY package*.json ./\nRUN --mount=type=cache,target=/root/.npm \\\n    npm ci --omit=dev && \\\n    npm cache clean --force\nCOPY . .\nRUN npm run build\n",
        );
        // Heredoc install.
        fix_ok(
            "FROM golang:1.23\nCOPY . .\nRUN <<EOF\ngo mod download\nEOF\nRUN go build .\n",
            "FROM golang:1.23\nCOPY go.mod go.sum ./\nRUN <<EOF\ngo mod download\nEOF\nCOPY . .\nRUN go build .\n",
        );
    }

    #[test]
    fn project_installs_keep_the_later_step() {
        let text = "FROM python:3.12\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked\n";
        let (t, _) = fixed(ID, text);
        assert_eq!(
            t,
            "FROM python:3.12\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --no-install-project --locked\nCOPY . .\nRUN uv sync --locked\n"
        );
        assert!(parse(&t).errors.is_empty());
        assert!(spans(ID, &t).is_empty());
        let (t, _) = fixed(ID, "FROM python:3.12\nCOPY . .\nRUN poetry install\n");
        assert_eq!(t, "FROM python:3.12\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --no-root\nCOPY . .\nRUN poetry install\n");
    }

    /// The fix, applied, in a project whose context is `files`.
    fn fixed_in(files: &[(&str, &str)]) -> Option<(String, Applicability)> {
        let found = crate::rules::test_util::project_findings_with_fix(ID, files, "/p/Dockerfile");
        let text = files.iter().find(|(p, _)| *p == "/p/Dockerfile").unwrap().1;
        let fix = found.into_iter().next()?.fix?;
        Some((crate::diagnostic::apply_edits(text, &fix.edits.iter().collect::<Vec<_>>()), fix.applicability))
    }

    #[test]
    fn the_venv_moves_up_with_the_install() {
        let dockerfile = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN python -m venv /venv\nENV PATH=/venv/bin:$PATH\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n";
        let files = [("/p/Dockerfile", dockerfile), ("/p/requirements.txt", "flask==3.0.0\n"), ("/p/app.py", "")];
        let (out, a) = fixed_in(&files).expect("a fix");
        assert_eq!(
            out,
            "FROM python:3.12-slim\nWORKDIR /app\nRUN python -m venv /venv\nENV PATH=/venv/bin:$PATH\nCOPY requirements.txt ./requirements.txt\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"app.py\"]\n"
        );
        assert_eq!(a, Applicability::Unsafe, "requirements.txt names only packages");
        // A requirement file that pulls in another, or a local path: complete it by hand.
        let files =
            [("/p/Dockerfile", dockerfile), ("/p/requirements.txt", "-r base.txt\n"), ("/p/base.txt", "flask\n")];
        assert_eq!(fixed_in(&files).unwrap().1, Applicability::Manual);
        // A step between that reads the copied files: no fix at all.
        let d = dockerfile.replace("RUN python -m venv /venv", "RUN ./configure");
        assert!(fixed_in(&[("/p/Dockerfile", &d), ("/p/requirements.txt", "flask\n")]).is_none());
    }

    #[test]
    fn npm_workspaces_need_more_than_the_manifests() {
        let dockerfile = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\nRUN npm run build\n";
        let plain =
            [("/p/Dockerfile", dockerfile), ("/p/package.json", "{\"name\": \"a\"}"), ("/p/package-lock.json", "{}")];
        assert_eq!(fixed_in(&plain).unwrap().1, Applicability::Unsafe);
        let ws = [("/p/Dockerfile", dockerfile), ("/p/package.json", "{\"workspaces\": [\"pkgs/*\"]}")];
        assert_eq!(fixed_in(&ws).unwrap().1, Applicability::Manual);
    }

    #[test]
    fn no_fix_when_unsure() {
        for text in [
            "FROM node:20\nCOPY . .\nRUN npm ci && npm run build\n",
            "FROM node:20\nCOPY . .\nRUN cd web && npm ci\n",
            "FROM node:20\nCOPY . .\nWORKDIR /app/web\nRUN npm ci\n",
            "FROM python:3.12\nCOPY . .\nRUN pip install -r /app/requirements.txt\n",
            "FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet restore\n",
            "FROM rust:1.80\nCOPY . .\nRUN cargo fetch\n",
            "FROM node:20\nCOPY . .\nRUN npm ci --prefix web\n",
        ] {
            let d = diagnostics(ID, text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].fix.is_none(), "{text}");
        }
        let (t, _) =
            fixed(ID, "FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet restore src/App/App.csproj\n");
        assert!(t.contains("COPY src/App/App.csproj ./src/App/App.csproj\n"), "{t}");
    }

    #[test]
    fn exec_form_copy_is_found() {
        assert_eq!(spans(ID, "FROM node:20\nCOPY [\".\", \"/app\"]\nRUN [\"npm\", \"ci\"]\n"), ["\".\""]);
    }
}
