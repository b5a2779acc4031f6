//! "Convert to multi-stage build": a single-stage Dockerfile that builds on a toolchain
//! image becomes a builder stage (the original, named, with cache mounts on its installs)
//! plus a runtime stage on a slim, pinned base that gets only the build's artifacts.
//!
//! The edits are minimal: everything before the `FROM` is untouched, the builder keeps its
//! text (instructions that only matter at run time are moved out, with the comments right
//! above them), and the runtime stage is appended in the file's line ending. What cannot be
//! told with confidence (an artifact path, a jar name) is written as a visible placeholder
//! with a `# shipshape: check` comment above it, never guessed silently.

use crate::util::container_path;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::fs::FileSystem;
use crate::model::dockerfile::{Base, Stage};
use crate::model::package_manager::{identify, Tool};
use crate::model::shell::{run_commands, ShellCommand};
use crate::model::stage::StageState;
use crate::model::toolchain::{node_build, Toolchain};
use crate::rules::{DockerfileContext, Findings};
use crate::syntax::dockerfile::{Dockerfile, Instruction, Kind};
use crate::syntax::image_ref::ImageRef;
use crate::text::LineEnding;

/// The action's title (code action and fix).
pub const TITLE: &str = "Convert to multi-stage build";

/// The comment prefix of everything the user should review.
const CHECK: &str = "# shipshape: check";

/// The uid/gid of a user the conversion creates.
const UID: &str = "10001";

/// Alpine release for runtime stages whose builder does not name one.
const ALPINE: &str = "3.20";

/// The runtime image for static front ends: nginx without root, listening on 8080.
const NGINX: &str = "nginxinc/nginx-unprivileged:1.27-alpine";

/// Converts a single-stage Dockerfile into builder + runtime stages. `None` when the file
/// has more than one stage (so the action never applies twice), syntax errors, a base
/// that is not a known toolchain image, or nothing to convert.
pub fn convert_to_multistage(cx: &DockerfileContext) -> Option<Fix> {
    let df = cx.file;
    if !df.errors.is_empty() {
        return None;
    }
    let [stage] = cx.model.stages.as_slice() else { return None };
    let Base::Image { resolved: Some(resolved), written, .. } = &stage.base else { return None };
    let image = ImageRef::parse(resolved).ok()?;
    let tool = Toolchain::of(&image)?;
    let from = df.instructions.get(stage.from)?;
    let parts = from.as_from()?;
    if parts.alias.is_none() && from.args.len() > 1 {
        return None;
    }
    let s = Scan::new(cx, stage);
    let builder = parts.alias.map(|a| a.value(df.escape)).unwrap_or_else(|| "build".to_string());
    let tag = image.tag.clone().unwrap_or_default();
    // The tag as written, so that `node:${NODE_VERSION}-alpine` keeps its variable. A digest
    // pins the builder's bytes only: the runtime image is another one, named by its tag.
    let pinned_by_digest = written.contains('@');
    let written = written.split('@').next().unwrap_or(written);
    let written_tag = written.rsplit_once(':').map(|(_, t)| t.to_string()).filter(|t| !t.contains('/'));
    let mut plan = match tool {
        Toolchain::Rust => rust(&s, &tag),
        Toolchain::Go => go(&s, &tag),
        Toolchain::Node => node(&s, &tag, written_tag.as_deref().unwrap_or(&tag)),
        Toolchain::Python => python(&s, &image, written),
        Toolchain::Java => java(&s, &image),
        Toolchain::Dotnet => dotnet(&s, &tag),
    };
    if pinned_by_digest {
        plan.notes.push(format!("the build stage is pinned by digest: pin `{}` too (`shipshape pin`)", plan.base));
    }
    let mut edits = Vec::new();
    if parts.alias.is_none() {
        edits.push(Edit::insert(parts.image.range.end, " AS build"));
    }
    let moved = s.moved();
    let src = &df.source;
    // When everything after the last instruction that stays is moved out (or blank), that
    // tail is replaced as a whole, so that no run of blank lines is left behind.
    let deleted = |i: &Instruction| moved.iter().any(|m| m.delete && std::ptr::eq(m.inst, i));
    let last_kept = s.steps.iter().rev().map(|st| st.inst).find(|i| !deleted(i)).unwrap_or(from);
    let tail = line_end(src, last_kept.range.end);
    let tail_moves_out = {
        let mut rest = src.get(tail..).unwrap_or("").to_string();
        for m in moved.iter().filter(|m| m.delete && m.lines.start >= tail) {
            let r = m.lines.start - tail..m.lines.end - tail;
            rest.replace_range(r.clone(), &" ".repeat(r.len()));
        }
        rest.trim().is_empty()
    };
    for m in &moved {
        if m.delete && !(tail_moves_out && m.lines.start >= tail) {
            edits.push(Edit::delete(m.lines.clone()));
        }
    }
    edits.extend(cache_mount_edits(cx, stage));
    edits.extend(plan.builder_edits.iter().cloned());
    let runtime = s.runtime_text(&plan, &moved, &builder);
    if tail_moves_out {
        let sep = if src[..tail].ends_with('\n') { "" } else { s.le };
        edits.push(Edit::replace(tail..src.len(), format!("{sep}{}{runtime}", s.le)));
    } else {
        let sep = if src.is_empty() || src.ends_with('\n') { "" } else { s.le };
        edits.push(Edit::insert(src.len(), format!("{sep}{}{runtime}", s.le)));
    }
    Some(Fix { title: TITLE.to_string(), applicability: Applicability::Unsafe, edits })
}

/// The safe fixes of `missing-cache-mount` inside the stage: the builder's installs get
/// their cache mounts the same way the rule would add them.
fn cache_mount_edits(cx: &DockerfileContext, stage: &Stage) -> Vec<Edit> {
    let Some(rule) = crate::rules::rule("missing-cache-mount") else { return Vec::new() };
    let mut found = Findings::new(rule.meta(), Severity::Warning);
    rule.check_dockerfile(cx, &mut found);
    let start = cx.file.instructions.get(stage.from).map_or(0, |i| i.range.end);
    found
        .items
        .into_iter()
        .filter_map(|d| d.fix)
        .filter(|f| f.applicability == Applicability::Safe)
        .flat_map(|f| f.edits)
        .filter(|e| e.file.is_none() && e.range.start >= start)
        .collect()
}

/// What the runtime stage is made of.
#[derive(Debug, Default)]
struct Plan {
    base: String,
    os: Os,
    /// Runtime packages to install (runtime names).
    packages: Vec<String>,
    /// A non-root `USER` for when the original has none: `(USER value, create it?)`.
    user: Option<(String, bool)>,
    /// Lines after WORKDIR and before the artifacts (`ENV VIRTUAL_ENV=…`, `RUN npm ci …`).
    setup: Vec<String>,
    artifacts: Vec<Artifact>,
    /// Paths of the build stage as run-time commands name them → where they are now.
    rewrites: Vec<(String, String)>,
    /// Set for a static site: the original process instructions are dropped (nginx serves).
    static_site: bool,
    /// `# shipshape: check` notes at the top of the stage.
    notes: Vec<String>,
    /// Changes to the builder besides moves and cache mounts (a virtualenv for pip).
    builder_edits: Vec<Edit>,
    /// Users known to exist in the runtime base.
    users: &'static [&'static str],
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Os {
    #[default]
    Debian,
    Alpine,
    /// distroless, nginx: nothing to install, no shell.
    Fixed,
}

#[derive(Debug, Clone)]
struct Artifact {
    from: String,
    to: String,
    /// What to verify, when the path is a guess.
    check: Option<String>,
    chown: bool,
}

impl Artifact {
    fn new(from: impl Into<String>, to: impl Into<String>) -> Self {
        Artifact { from: from.into(), to: to.into(), check: None, chown: false }
    }

    fn checked(mut self, why: impl Into<String>) -> Self {
        self.check = Some(why.into());
        self
    }
}

/// An instruction that leaves the builder or is repeated in the runtime stage.
#[derive(Debug)]
struct Moved<'a> {
    inst: &'a Instruction,
    /// Its lines with the comments right above, through the line break.
    lines: Range<usize>,
    /// Removed from the builder (nothing after it there needs it).
    delete: bool,
}

/// One stage walked once: working directory and environment before each instruction.
struct Scan<'a> {
    cx: &'a DockerfileContext<'a>,
    df: &'a Dockerfile,
    esc: char,
    le: &'static str,
    /// Instruction indices of the stage after FROM, with the state before each.
    steps: Vec<Step<'a>>,
    end_workdir: Option<String>,
    /// Whether any `WORKDIR` is written at all.
    has_workdir: bool,
    end_env: HashMap<String, String>,
    /// Build contexts on disk, with the file system to read them.
    contexts: Vec<PathBuf>,
    fs: Option<&'a dyn FileSystem>,
}

struct Step<'a> {
    inst: &'a Instruction,
    workdir: Option<String>,
    env: HashMap<String, String>,
}

/// A command of a RUN with the directory it runs in and variables set for it.
struct Cmd {
    step: usize,
    cmd: ShellCommand,
    cwd: Option<String>,
    vars: HashMap<String, String>,
}

impl<'a> Scan<'a> {
    fn new(cx: &'a DockerfileContext<'a>, stage: &Stage) -> Self {
        let df = cx.file;
        let esc = df.escape;
        // The shared stage state (ARG with global defaults, ENV, WORKDIR); a variable
        // whose value is unknown is left out of `env`.
        let known = |st: &StageState| -> HashMap<String, String> {
            st.env.iter().filter_map(|(k, v)| Some((k.clone(), v.clone()?))).collect()
        };
        let mut state = StageState::starting(&stage.base, &[]);
        let mut has_workdir = false;
        let mut steps = Vec::new();
        for index in stage.instructions.clone().skip(1) {
            let Some(inst) = df.instructions.get(index) else { break };
            steps.push(Step { inst, workdir: state.workdir.clone(), env: known(&state) });
            has_workdir |= inst.kind == Kind::Workdir;
            state.apply(df, cx.model, inst);
        }
        let (workdir, env) = (state.workdir.clone(), known(&state));
        let (contexts, fs) = match cx.project {
            Some(view) => {
                let mut dirs: Vec<PathBuf> = cx.builds().iter().map(|b| b.context_dir.clone()).collect();
                if let Some(dir) = cx.path.and_then(Path::parent) {
                    dirs.push(dir.to_path_buf());
                }
                (dirs, Some(view.fs))
            }
            None => (Vec::new(), None),
        };
        Scan {
            cx,
            df,
            esc,
            le: LineEnding::detect(&df.source).as_str(),
            steps,
            end_workdir: workdir,
            has_workdir,
            end_env: env,
            contexts,
            fs,
        }
    }

    /// The working directory at the end of the build (`/` when none is set).
    fn workdir(&self) -> String {
        self.end_workdir.clone().unwrap_or_else(|| "/".to_string())
    }

    /// Every command of every RUN, with `cd` and `export` inside the RUN followed.
    fn commands(&self) -> Vec<Cmd> {
        let mut out = Vec::new();
        for (step, s) in self.steps.iter().enumerate() {
            if s.inst.kind != Kind::Run {
                continue;
            }
            let mut cwd = s.workdir.clone().or(Some("/".to_string()));
            let mut vars: HashMap<String, String> = HashMap::new();
            for c in run_commands(self.df, s.inst) {
                match c.program() {
                    Some("cd") => {
                        let to = c.words.get(1).map(|w| w.text.clone()).unwrap_or_default();
                        cwd = if to.contains('$') || to.is_empty() || to == "-" { None } else { resolve(&cwd, &to) };
                    }
                    Some("export") => {
                        for w in c.words.iter().skip(1) {
                            if let Some((k, v)) = w.text.split_once('=') {
                                vars.insert(k.to_string(), v.to_string());
                            }
                        }
                    }
                    _ => {}
                }
                let mut local = vars.clone();
                for a in &c.assignments {
                    if let Some((k, v)) = a.text.split_once('=') {
                        local.insert(k.to_string(), v.to_string());
                    }
                }
                out.push(Cmd { step, cmd: c, cwd: cwd.clone(), vars: local });
            }
        }
        out
    }

    /// A variable as a command sees it: set on the command, exported, or from ENV/ARG.
    fn var(&self, c: &Cmd, name: &str) -> Option<String> {
        c.vars.get(name).cloned().or_else(|| self.steps.get(c.step).and_then(|s| s.env.get(name).cloned()))
    }

    /// Reads a file of the build context that the stage copied to `container_path`.
    fn context_file(&self, container_path: &str) -> Option<String> {
        let fs = self.fs?;
        let mut candidates: Vec<String> = Vec::new();
        for s in self.steps.iter().rev() {
            if !matches!(s.inst.kind, Kind::Copy | Kind::Add) || s.inst.flag("from").is_some() {
                continue;
            }
            let words = copy_words(s.inst, self.esc);
            let Some((dest, sources)) = words.split_last() else { continue };
            let Some(dest_abs) = resolve(&s.workdir.clone().or(Some("/".into())), dest) else { continue };
            for src in sources {
                if src.contains("://") || src.starts_with("<<") || src.contains('$') {
                    continue;
                }
                let src = src.trim_start_matches("./").trim_end_matches('/');
                let src = if src == "." { "" } else { src };
                let base = src.rsplit('/').next().unwrap_or(src);
                // A directory copied into dest, or a file copied as dest or into it.
                if let Some(rel) = container_path.strip_prefix(&format!("{}/", dest_abs.trim_end_matches('/'))) {
                    candidates.push(join_rel(src, rel));
                }
                if container_path == dest_abs || (!base.is_empty() && container_path == join(&dest_abs, base)) {
                    candidates.push(src.to_string());
                }
            }
        }
        candidates.push(container_path.rsplit('/').next().unwrap_or("").to_string());
        for ctx in &self.contexts {
            for c in &candidates {
                if c.is_empty() || c.contains('*') {
                    continue;
                }
                if let Ok(text) = fs.read_to_string(&ctx.join(c)) {
                    return Some(text);
                }
            }
        }
        None
    }

    /// The files of a context folder (for `*.csproj`), given a container directory.
    fn context_dir_entries(&self, container_dir: &str) -> Vec<(String, String)> {
        let Some(fs) = self.fs else { return Vec::new() };
        let mut out = Vec::new();
        for ctx in &self.contexts {
            let mut dirs = vec![ctx.clone()];
            for s in &self.steps {
                if let (Kind::Copy, None) = (s.inst.kind, s.inst.flag("from")) {
                    let words = copy_words(s.inst, self.esc);
                    if let Some((dest, sources)) = words.split_last() {
                        let dest = resolve(&s.workdir.clone().or(Some("/".into())), dest);
                        if dest.as_deref() == Some(container_dir) {
                            dirs.extend(sources.iter().map(|src| ctx.join(src.trim_start_matches("./"))));
                        }
                    }
                }
            }
            for d in dirs {
                for e in fs.read_dir(&d).unwrap_or_default() {
                    if let Ok(t) = fs.read_to_string(&d.join(&e.name)) {
                        out.push((e.name.clone(), t));
                    }
                }
            }
        }
        out
    }

    /// Instructions that belong to the runtime stage: run-time only ones leave the builder;
    /// ENV, WORKDIR and USER are repeated, and leave the builder only when nothing after
    /// them there (RUN, COPY, ADD) could depend on them.
    fn moved(&self) -> Vec<Moved<'a>> {
        let src = &self.df.source;
        let mut out = Vec::new();
        let mut prev_end = self.df.instructions.get(self.cx.model.stages[0].from).map_or(0, |i| i.range.end);
        for (n, s) in self.steps.iter().enumerate() {
            let inst = s.inst;
            let start = attached_start(src, inst.range.start, prev_end);
            prev_end = inst.range.end;
            let lines = start..line_end(src, inst.range.end);
            let later_build = self.steps[n + 1..]
                .iter()
                .any(|l| matches!(l.inst.kind, Kind::Run | Kind::Copy | Kind::Add | Kind::Onbuild));
            let delete = match inst.kind {
                Kind::Expose
                | Kind::Volume
                | Kind::Healthcheck
                | Kind::Label
                | Kind::Cmd
                | Kind::Entrypoint
                | Kind::Stopsignal => true,
                Kind::Env | Kind::Workdir | Kind::User => !later_build,
                _ => continue,
            };
            out.push(Moved { inst, lines, delete });
        }
        // An ARG that only instructions leaving the builder read leaves with them (the
        // runtime stage declares it again); one the builder still reads stays.
        let reads = |inst: &Instruction, name: &str| {
            let text = self.df.text(inst.range.clone());
            text.contains(&format!("${name}")) || text.contains(&format!("${{{name}"))
        };
        let mut prev_end = self.df.instructions.get(self.cx.model.stages[0].from).map_or(0, |i| i.range.end);
        let mut args = Vec::new();
        for (n, s) in self.steps.iter().enumerate() {
            let inst = s.inst;
            let start = attached_start(src, inst.range.start, prev_end);
            prev_end = inst.range.end;
            if inst.kind != Kind::Arg {
                continue;
            }
            let names: Vec<String> = inst.key_values(self.esc).into_iter().map(|kv| kv.key).collect();
            let later = &self.steps[n + 1..];
            let leaving = |i: &Instruction| out.iter().any(|m| m.delete && std::ptr::eq(m.inst, i));
            let read_by_moved = later.iter().any(|l| leaving(l.inst) && names.iter().any(|v| reads(l.inst, v)));
            let read_by_builder = later.iter().any(|l| !leaving(l.inst) && names.iter().any(|v| reads(l.inst, v)));
            if read_by_moved && !read_by_builder {
                args.push(Moved { inst, lines: start..line_end(src, inst.range.end), delete: true });
            }
        }
        out.extend(args);
        out.sort_by_key(|m| m.lines.start);
        out
    }

    /// The text of the runtime stage.
    fn runtime_text(&self, plan: &Plan, moved: &[Moved], builder: &str) -> String {
        let le = self.le;
        let esc = self.esc;
        let src = &self.df.source;
        let mut lines: Vec<String> = Vec::new();
        let name = if builder.eq_ignore_ascii_case("runtime") { String::new() } else { " AS runtime".to_string() };
        lines.push(format!("FROM {}{name}", plan.base));
        let mut body: Vec<String> = Vec::new();
        let mut used_vars: Vec<String> = Vec::new();
        let mut defined: HashSet<String> = HashSet::new();
        let note = |body: &mut Vec<String>, what: &str| body.push(format!("{CHECK} - {what}"));
        for n in &plan.notes {
            note(&mut body, n);
        }
        let process = |k: Kind| {
            matches!(k, Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck | Kind::Expose | Kind::Stopsignal | Kind::User)
        };
        let user_written = moved.iter().any(|m| m.inst.kind == Kind::User);
        let track = |inst: &Instruction, used: &mut Vec<String>, defined: &mut HashSet<String>| {
            for v in inst.variables(esc) {
                if !defined.contains(&v.name) && !used.contains(&v.name) {
                    used.push(v.name);
                }
            }
            if inst.kind == Kind::Env {
                defined.extend(inst.key_values(esc).into_iter().map(|kv| kv.key));
            }
        };
        // Packages, then the user, then the environment and working directory.
        if !plan.packages.is_empty() {
            body.push(install(plan.os, &plan.packages, esc, le));
        }
        let original_user = moved.iter().rev().find(|m| m.inst.kind == Kind::User).and_then(|m| m.inst.args.first());
        let create = match (original_user, &plan.user) {
            (Some(u), _) if !plan.static_site => {
                let name = u.value(esc);
                let name = name.split(':').next().unwrap_or("").to_string();
                let exists = plan.users.contains(&name.as_str())
                    || (plan.os != Os::Fixed && matches!(name.as_str(), "nobody" | "daemon"))
                    || name.chars().all(|c| c.is_ascii_digit())
                    || name.contains('$')
                    || name == "root";
                if exists {
                    None
                } else if plan.os == Os::Fixed {
                    note(&mut body, &format!("user `{name}` does not exist in {}: use `nonroot`", plan.base));
                    None
                } else {
                    Some(name)
                }
            }
            (None, Some((_, true))) => Some("app".to_string()),
            _ => None,
        };
        if let Some(name) = create {
            body.push(create_user(plan.os, &name, le, esc));
        }
        if !plan.static_site {
            for m in moved.iter().filter(|m| m.inst.kind == Kind::Env && !build_only_env(m.inst, esc)) {
                track(m.inst, &mut used_vars, &mut defined);
                body.push(self.rewritten(&src[m.lines.clone()], plan));
            }
            match &self.end_workdir {
                Some(w) if self.has_workdir => body.push(format!("WORKDIR {w}")),
                _ => {
                    for m in moved.iter().filter(|m| m.inst.kind == Kind::Workdir) {
                        track(m.inst, &mut used_vars, &mut defined);
                        body.push(trim_le(&src[m.lines.clone()]).to_string());
                    }
                }
            }
        }
        body.extend(plan.setup.iter().map(|l| l.replace("{builder}", builder)));
        for a in &plan.artifacts {
            if let Some(c) = &a.check {
                note(&mut body, c);
            }
            let chown = match (&plan.user, a.chown) {
                (Some((u, _)), true) => format!(" --chown={u}"),
                _ => String::new(),
            };
            body.push(format!("COPY --from={builder}{chown} {} {}", a.from, a.to));
        }
        if let Some((u, _)) = plan.user.as_ref().filter(|_| !user_written || plan.static_site) {
            body.push(format!("USER {u}"));
        }
        let mut dropped: Vec<&str> = Vec::new();
        if plan.static_site && moved.iter().any(|m| m.inst.kind == Kind::Env) {
            dropped.push("ENV");
        }
        // Moved ARGs are declared again at the top, for what the runtime stage reads.
        for m in moved.iter().filter(|m| !matches!(m.inst.kind, Kind::Env | Kind::Workdir | Kind::Arg)) {
            if plan.static_site && (process(m.inst.kind) || m.inst.kind == Kind::Volume) {
                let k = m.inst.kind.name();
                if !dropped.contains(&k) {
                    dropped.push(k);
                }
                continue;
            }
            track(m.inst, &mut used_vars, &mut defined);
            let text = self.rewritten(&src[m.lines.clone()], plan);
            if matches!(m.inst.kind, Kind::Cmd | Kind::Entrypoint) && runs_build_tool(&text) {
                note(
                    &mut body,
                    "this command runs a build tool, which the runtime image does not have: run the artifact",
                );
            }
            body.push(text);
        }
        if plan.static_site {
            body.push("EXPOSE 8080".to_string());
            if !dropped.is_empty() {
                let note_text = format!(
                    "{CHECK} - nginx serves the files on port 8080; the original {} were dropped",
                    join_and(&dropped)
                );
                // Before EXPOSE, so it reads as its explanation.
                let at = body.len() - 1;
                body.insert(at, note_text);
            }
        }
        // ARGs the moved instructions use, re-declared (ARGs are per stage).
        for name in &used_vars {
            if let Some(text) = self.arg_decl(name) {
                lines.push(text);
            }
        }
        lines.extend(body);
        let mut out = String::new();
        for l in lines {
            out.push_str(trim_le(&l));
            out.push_str(le);
        }
        out
    }

    /// `ARG NAME[=default]` for a variable the builder stage declared (or a global ARG).
    fn arg_decl(&self, name: &str) -> Option<String> {
        for s in self.steps.iter().rev().filter(|s| s.inst.kind == Kind::Arg) {
            if let Some(kv) = s.inst.key_values(self.esc).into_iter().find(|kv| kv.key == name) {
                return Some(format!("ARG {}", self.df.text(kv.range)));
            }
        }
        self.cx.model.global_args.iter().any(|a| a.name == name).then(|| format!("ARG {name}"))
    }

    /// An instruction's text with build-stage paths replaced by their runtime places.
    fn rewritten(&self, text: &str, plan: &Plan) -> String {
        let mut out = trim_le(text).to_string();
        let mut rewrites = plan.rewrites.clone();
        rewrites.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
        for (from, to) in rewrites {
            out = replace_path(&out, &from, &to);
        }
        out
    }
}

// ---------------------------------------------------------------------------------------
// Ecosystems

fn rust(s: &Scan, tag: &str) -> Plan {
    let mut plan = Plan::default();
    let (os, release) = debian_release(tag, "rust", (1, 89));
    plan.os = os;
    plan.base = match os {
        Os::Alpine => format!("alpine:{}", release.clone().unwrap_or_else(|| ALPINE.to_string())),
        _ => format!("debian:{}-slim", release.clone().unwrap_or_else(|| "bookworm".to_string())),
    };
    if os == Os::Debian && release.is_none() {
        plan.base = "debian:bookworm-slim".into();
        plan.notes.push(format!(
            "`rust:{tag}` does not name its Debian release: the runtime must match it (glibc), pin both (`rust:<version>-bookworm`)"
        ));
    }
    plan.packages = runtime_packages(s, os, release.as_deref());
    add_package(&mut plan.packages, "ca-certificates");
    plan.user = Some((format!("{UID}:{UID}"), true));
    let cmds = s.commands();
    let bin_from_cmd = process_words(s).into_iter().find_map(|w| {
        let w = w.trim_start_matches("./");
        let (dir, name) = w.rsplit_once('/')?;
        (dir.ends_with("/release") || dir == "release" || dir.ends_with("/debug")).then(|| name.to_string())
    });
    for c in &cmds {
        if c.cmd.program() != Some("cargo") {
            continue;
        }
        let words: Vec<&str> = c.cmd.words.iter().map(|w| w.text.as_str()).collect();
        let sub = words.iter().skip(1).find(|w| !w.starts_with('-') && !w.starts_with('+')).copied().unwrap_or("");
        let opt = |names: &[&str]| option_values(&words, names);
        match sub {
            "build" | "b" => {
                let manifest_dir = opt(&["--manifest-path"])
                    .first()
                    .and_then(|m| resolve(&c.cwd, m.trim_end_matches("Cargo.toml").trim_end_matches('/')))
                    .or_else(|| c.cwd.clone());
                let target_dir = opt(&["--target-dir"])
                    .first()
                    .cloned()
                    .or_else(|| s.var(c, "CARGO_TARGET_DIR"))
                    .and_then(|t| resolve(&manifest_dir, &t))
                    .or_else(|| manifest_dir.as_ref().map(|d| join(d, "target")));
                let profile = match opt(&["--profile"]).first().map(String::as_str) {
                    Some("dev") => "debug".to_string(),
                    Some(p) => p.to_string(),
                    None if words.iter().any(|w| *w == "--release" || *w == "-r") => "release".into(),
                    None => "debug".into(),
                };
                let triple = opt(&["--target"]).first().cloned();
                let dir = match (&target_dir, &triple) {
                    (Some(t), Some(tr)) => Some(format!("{t}/{tr}/{profile}")),
                    (Some(t), None) => Some(format!("{t}/{profile}")),
                    _ => None,
                };
                let mut bins = opt(&["--bin"]);
                let mut sure = true;
                if bins.is_empty() {
                    let manifest = manifest_dir.as_ref().and_then(|d| s.context_file(&join(d, "Cargo.toml")));
                    let from_manifest = manifest.as_deref().map(cargo_bins).unwrap_or_default();
                    let package = opt(&["-p", "--package"]);
                    if !package.is_empty() {
                        bins = package;
                    } else if !from_manifest.is_empty() {
                        bins = from_manifest;
                    } else if let Some(b) = &bin_from_cmd {
                        bins = vec![b.clone()];
                    } else {
                        bins = vec!["<binary>".into()];
                        sure = false;
                    }
                }
                for b in bins {
                    let from = match &dir {
                        Some(d) => format!("{d}/{b}"),
                        None => {
                            sure = false;
                            format!("/<build-dir>/target/{profile}/{b}")
                        }
                    };
                    let to = format!("/usr/local/bin/{b}");
                    add_rewrites(&mut plan, s, &from, &to);
                    let a = Artifact::new(from, to);
                    plan.artifacts.push(if sure {
                        a
                    } else {
                        a.checked("the binary's name and path could not be told from Cargo.toml or the command")
                    });
                }
            }
            "install" => {
                let root = opt(&["--root"])
                    .first()
                    .cloned()
                    .or_else(|| s.var(c, "CARGO_INSTALL_ROOT"))
                    .or_else(|| s.var(c, "CARGO_HOME"))
                    .unwrap_or_else(|| "/usr/local/cargo".into());
                let path = opt(&["--path"]).first().cloned();
                let manifest = path.as_ref().and_then(|p| resolve(&c.cwd, p)).map(|d| join(&d, "Cargo.toml"));
                let mut bins = opt(&["--bin"]);
                if bins.is_empty() {
                    bins = manifest.and_then(|m| s.context_file(&m)).map(|t| cargo_bins(&t)).unwrap_or_default();
                }
                // `cargo install ripgrep`: the crate name.
                if bins.is_empty() && path.is_none() {
                    let crate_name = words.iter().skip(2).find(|w| !w.starts_with('-'));
                    bins.extend(crate_name.map(|w| w.split('@').next().unwrap_or(w).to_string()));
                }
                // `CMD ["worker"]`: the installed binary, found on PATH.
                let bare = first_process_word(s).filter(|w| {
                    !w.contains('/') && !w.contains('$') && !matches!(w.as_str(), "sh" | "bash" | "tini" | "dumb-init")
                });
                let guess = bin_from_cmd.clone().or(bare);
                let sure = !bins.is_empty() || guess.is_some();
                if bins.is_empty() {
                    bins.push(guess.unwrap_or_else(|| "<binary>".into()));
                }
                let root = resolve(&c.cwd, &root).unwrap_or(root);
                for b in bins {
                    let a = Artifact::new(format!("{root}/bin/{b}"), format!("/usr/local/bin/{b}"));
                    plan.artifacts.push(if sure { a } else { a.checked("the installed binary's name is a guess") });
                }
            }
            _ => {}
        }
    }
    if plan.artifacts.is_empty() {
        let dir = join(&s.workdir(), "target/release");
        plan.artifacts.push(
            Artifact::new(format!("{dir}/<binary>"), "/usr/local/bin/<binary>")
                .checked("no `cargo build` was found: copy the binaries the build produces"),
        );
    }
    carry_files(&mut plan, s);
    plan
}

fn go(s: &Scan, tag: &str) -> Plan {
    let mut plan = Plan::default();
    let (os, release) = debian_release(tag, "golang", (1, 25));
    let cmds = s.commands();
    let builder_has_gcc =
        apt_or_apk_packages(s).iter().any(|p| matches!(p.as_str(), "gcc" | "build-base" | "musl-dev"));
    let mut static_bin = true;
    let mut any = false;
    for c in cmds.iter().filter(|c| c.cmd.program() == Some("go")) {
        let words: Vec<&str> = c.cmd.words.iter().map(|w| w.text.as_str()).collect();
        let sub = words.get(1).copied().unwrap_or("");
        if sub != "build" && sub != "install" {
            continue;
        }
        any = true;
        let cgo = s.var(c, "CGO_ENABLED");
        // Without a C compiler (the alpine images) Go turns cgo off by itself.
        let is_static = cgo.as_deref() == Some("0") || (os == Os::Alpine && !builder_has_gcc && cgo.is_none());
        static_bin &= is_static;
        let valued = [
            "-o",
            "-ldflags",
            "-gcflags",
            "-asmflags",
            "-tags",
            "-mod",
            "-p",
            "-C",
            "-modfile",
            "-pkgdir",
            "-buildmode",
            "-installsuffix",
            "-overlay",
            "-pgo",
        ];
        let mut pkgs = Vec::new();
        let mut skip = false;
        for w in words.iter().skip(2) {
            if skip {
                skip = false;
                continue;
            }
            if w.starts_with('-') {
                let name = format!("-{}", w.trim_start_matches('-'));
                skip = !w.contains('=') && valued.contains(&name.as_str());
                continue;
            }
            pkgs.push(*w);
        }
        let out = option_values(&words, &["-o"]).into_iter().next();
        let module = || {
            c.cwd
                .as_ref()
                .and_then(|d| s.context_file(&join(d, "go.mod")))
                .and_then(|t| t.lines().find_map(|l| l.trim().strip_prefix("module ").map(|m| m.trim().to_string())))
                .and_then(|m| go_binary_name(&m))
        };
        let name_of = |pkg: Option<&&str>| -> Option<String> {
            match pkg {
                None | Some(&".") => module(),
                Some(p) if p.contains("...") || p.ends_with(".go") => None,
                Some(p) => go_binary_name(p),
            }
        };
        let (from, sure) = if sub == "install" {
            let bin_dir = s
                .var(c, "GOBIN")
                .or_else(|| s.var(c, "GOPATH").map(|g| format!("{g}/bin")))
                .unwrap_or("/go/bin".into());
            match name_of(pkgs.first()) {
                Some(n) => (join(&bin_dir, &n), true),
                None => (join(&bin_dir, "<binary>"), false),
            }
        } else {
            match (out, name_of(pkgs.first())) {
                (Some(o), name) if o.ends_with('/') => match name {
                    Some(n) => (resolve(&c.cwd, &format!("{o}{n}")).unwrap_or(o), true),
                    None => (format!("{o}<binary>"), false),
                },
                (Some(o), _) => match resolve(&c.cwd, &o) {
                    Some(p) => (p, !o.contains('$')),
                    None => (o, false),
                },
                (None, Some(n)) => match &c.cwd {
                    Some(d) => (join(d, &n), true),
                    None => (n, false),
                },
                (None, None) => (join(&c.cwd.clone().unwrap_or("/".into()), "<binary>"), false),
            }
        };
        let name = from.rsplit('/').next().unwrap_or("app").to_string();
        let to = format!("/usr/local/bin/{name}");
        add_rewrites(&mut plan, s, &from, &to);
        let a = Artifact::new(from, to);
        plan.artifacts.push(if sure { a } else { a.checked("the binary's path could not be told from `go build`") });
    }
    if !any {
        plan.artifacts.push(
            Artifact::new(join(&s.workdir(), "<binary>"), "/usr/local/bin/<binary>")
                .checked("no `go build` was found: copy the binary the build produces"),
        );
    }
    let packages = runtime_packages(s, os, release.as_deref());
    let needs_shell = process_needs_shell(s);
    if static_bin && packages.is_empty() && !needs_shell {
        plan.os = Os::Fixed;
        plan.base = "gcr.io/distroless/static-debian12:nonroot".into();
        plan.users = &["nonroot", "nobody"];
        plan.user = Some(("nonroot:nonroot".into(), false));
    } else {
        plan.os = os;
        plan.packages = packages;
        add_package(&mut plan.packages, "ca-certificates");
        plan.user = Some((format!("{UID}:{UID}"), true));
        // A static binary that needs a shell or a tool runs on Alpine; one that links glibc
        // on the Debian release it was built on.
        let portable =
            plan.packages.iter().all(|p| matches!(p.as_str(), "ca-certificates" | "curl" | "wget" | "tzdata"));
        plan.base = if os == Os::Alpine || (static_bin && portable) {
            plan.os = Os::Alpine;
            plan.packages.retain(|p| p != "wget");
            format!("alpine:{}", release.clone().filter(|_| os == Os::Alpine).unwrap_or(ALPINE.into()))
        } else {
            format!("debian:{}-slim", release.clone().unwrap_or("bookworm".into()))
        };
        if !static_bin && os == Os::Debian && release.is_none() {
            plan.notes.push(format!(
                "`golang:{tag}` does not name its Debian release: the runtime must match it (glibc) unless the binary is static (CGO_ENABLED=0)"
            ));
        }
    }
    carry_files(&mut plan, s);
    plan
}

fn node(s: &Scan, tag: &str, written_tag: &str) -> Plan {
    let mut plan = Plan::default();
    let cmds = s.commands();
    let cwd = s.workdir();
    let pkg: Option<serde_json::Value> =
        s.context_file(&join(&cwd, "package.json")).and_then(|t| serde_json::from_str(&t).ok());
    let script = |name: &str| pkg.as_ref().and_then(|p| p["scripts"][name].as_str()).map(str::to_string);
    let has_dep = |names: &[&str]| {
        pkg.as_ref().is_some_and(|p| {
            ["dependencies", "devDependencies"].iter().any(|k| names.iter().any(|n| p[*k].get(*n).is_some()))
        })
    };
    let build_cmd = cmds.iter().find(|c| node_build(&c.cmd));
    let build_words: String = build_cmd.map(|c| words_text(&c.cmd)).unwrap_or_default();
    let build_script = script("build").unwrap_or_default();
    let build_text = format!("{build_words} {build_script}");
    let process = process_words(s).join(" ");
    let server_deps = [
        "next",
        "nuxt",
        "express",
        "fastify",
        "koa",
        "@nestjs/core",
        "@hapi/hapi",
        "hono",
        "@remix-run/node",
        "@sveltejs/adapter-node",
        "@angular/ssr",
    ];
    let static_tool = ["vite", "react-scripts", "vue-cli-service", "ng build", "parcel build", "webpack"];
    let serves_static = ["serve ", "serve -s", "http-server", "vite preview", "run preview", "nginx"];
    let is_server = has_dep(&server_deps) || build_text.contains("next build") || build_text.contains("nuxt");
    let is_static = !is_server
        && (serves_static.iter().any(|w| format!("{process} ").contains(w))
            || (static_tool.iter().any(|t| build_text.contains(t))
                && !process.contains(".js")
                && !process.contains("npm start")
                && !process.contains("npm run start")));
    // The version part of the tag (`20`, `20.15.1`, `${NODE_VERSION}`) and its flavour.
    let (version, rest) = written_tag.split_once('-').unwrap_or((written_tag, ""));
    let alpine = tag.contains("alpine");
    if is_static {
        plan.static_site = true;
        plan.os = Os::Fixed;
        plan.base = NGINX.into();
        plan.users = &["nginx", "101"];
        plan.user = Some(("101:101".into(), false));
        let out = node_out_dir(&build_text, &process);
        let (dir, sure) = match out {
            Some(d) => (d, true),
            None => ("dist".to_string(), false),
        };
        if let Some(conf) = ["nginx.conf", "default.conf", "nginx/default.conf", "nginx/nginx.conf"]
            .iter()
            .find(|f| s.contexts.iter().any(|c| s.fs.is_some_and(|fs| fs.exists(&c.join(f)))))
        {
            plan.setup.push(format!("COPY {conf} /etc/nginx/conf.d/default.conf"));
        } else {
            plan.notes.push(
                "a single-page app with client-side routes needs `try_files $uri /index.html` in /etc/nginx/conf.d/default.conf"
                    .into(),
            );
        }
        let a = Artifact::new(join(&cwd, &dir), "/usr/share/nginx/html");
        plan.artifacts.push(if sure {
            a
        } else {
            a.checked("the build's output folder is a guess (dist/, build/, out/?)")
        });
        return plan;
    }
    let floating = version.is_empty() || !version.starts_with(|c: char| c.is_ascii_digit() || c == '$');
    let flavour = if alpine {
        rest.split('-').find(|p| p.starts_with("alpine")).unwrap_or("alpine").to_string()
    } else if let Some(codename) = rest.split('-').find(|p| is_codename(p)) {
        format!("{codename}-slim")
    } else {
        "slim".into()
    };
    plan.base = if floating { format!("node:lts-{flavour}") } else { format!("node:{version}-{flavour}") };
    if floating {
        plan.notes.push(format!(
            "`node:{tag}` is not pinned to a version: pin both stages to the same major (native modules)"
        ));
    }
    plan.os = if alpine { Os::Alpine } else { Os::Debian };
    plan.users = &["node"];
    plan.user = Some(("node".into(), false));
    plan.packages = runtime_packages(s, plan.os, None);
    // Production dependencies only, installed from the same manifests.
    let manager = cmds.iter().find_map(|c| match c.cmd.program() {
        Some(p @ ("npm" | "yarn" | "pnpm")) if !node_build(&c.cmd) => Some((p, words_text(&c.cmd))),
        _ => None,
    });
    let esc = s.esc;
    let mount = |target: &str| format!("--mount=type=cache,target={target}");
    match manager {
        Some(("yarn", _)) => {
            plan.setup
                .push(format!("COPY --from={{builder}} {cwd_}package.json {cwd_}yarn.lock ./", cwd_ = slash(&cwd)));
            plan.setup.push(format!(
                "RUN {} {esc}{}    yarn install --production --frozen-lockfile",
                mount("/usr/local/share/.cache/yarn"),
                s.le
            ));
        }
        Some(("pnpm", _)) => {
            plan.setup.push(format!(
                "COPY --from={{builder}} {cwd_}package.json {cwd_}pnpm-lock.yaml ./",
                cwd_ = slash(&cwd)
            ));
            plan.setup.push(format!(
                "RUN {} {esc}{}    corepack enable && pnpm install --prod --frozen-lockfile",
                mount("/root/.local/share/pnpm/store"),
                s.le
            ));
        }
        Some((_, text)) if !text.contains(" ci") && !text.contains("clean-install") => {
            plan.setup.push(format!("COPY --from={{builder}} {}package*.json ./", slash(&cwd)));
            plan.setup.push(format!("RUN {} npm install --omit=dev", mount("/root/.npm")));
        }
        _ => {
            plan.setup.push(format!("COPY --from={{builder}} {}package*.json ./", slash(&cwd)));
            plan.setup.push(format!("RUN {} npm ci --omit=dev", mount("/root/.npm")));
        }
    }
    if !s.end_env.contains_key("NODE_ENV") {
        plan.setup.insert(0, "ENV NODE_ENV=production".into());
    }
    // The built output: from the start command or the build tool.
    let start = script("start").unwrap_or_default();
    let run_dir = format!("{process} {start}")
        .split_whitespace()
        .filter(|w| !w.starts_with('-') && (w.ends_with(".js") || w.ends_with(".mjs") || w.ends_with(".cjs")))
        .find_map(|w| {
            let w = w.trim_matches(|c| c == '"' || c == '\'' || c == ',' || c == '[' || c == ']');
            let w = w.strip_prefix(&slash(&cwd)).unwrap_or(w).trim_start_matches("./");
            w.split_once('/').map(|(d, _)| d.to_string())
        });
    let mut copied: Vec<String> = Vec::new();
    if build_text.contains("next build") || has_dep(&["next"]) {
        copied.push(".next".into());
        for extra in ["public", "next.config.js", "next.config.mjs", "next.config.ts"] {
            if s.contexts.iter().any(|c| s.fs.is_some_and(|fs| fs.exists(&c.join(extra)))) {
                copied.push(extra.into());
            }
        }
        if copied.len() == 1 {
            plan.notes.push("Next.js also needs `public/` and `next.config.*` when the app has them".into());
        }
    } else if build_text.contains("nuxt") {
        copied.push(".output".into());
    } else if let Some(d) = run_dir.clone() {
        copied.push(d);
    }
    if copied.is_empty() {
        plan.artifacts.push(
            Artifact::new(join(&cwd, "dist"), join(&cwd, "dist"))
                .checked("the build's output folder is a guess: copy what the start command runs"),
        );
    }
    for d in copied {
        plan.artifacts.push(Artifact::new(join(&cwd, &d), format!("./{d}")));
    }
    // Files the start command reads outside the output folder (`server.js` at the root).
    for w in format!("{process} {start}").split_whitespace() {
        let w = w.trim_matches(|c| c == '"' || c == '\'' || c == ',' || c == '[' || c == ']').trim_start_matches("./");
        if (w.ends_with(".js") || w.ends_with(".mjs") || w.ends_with(".cjs")) && !w.contains('/') && !w.contains('$') {
            plan.artifacts.push(Artifact::new(join(&cwd, w), format!("./{w}")));
        }
    }
    carry_files(&mut plan, s);
    plan
}

fn python(s: &Scan, image: &ImageRef, written: &str) -> Plan {
    let mut plan = Plan::default();
    let written = written.split('@').next().unwrap_or(written);
    let tag = image.tag.clone().unwrap_or_default();
    let alpine = tag.contains("alpine");
    plan.os = if alpine { Os::Alpine } else { Os::Debian };
    // The same Python on its slim variant: `3.12` → `3.12-slim`, `3.12-bookworm` → `3.12-slim-bookworm`.
    let written_tag = written.rsplit_once(':').map(|(_, t)| t).filter(|t| !t.contains('/')).unwrap_or(&tag);
    let runtime_tag = if alpine || written_tag.contains("slim") {
        written_tag.to_string()
    } else if let Some((v, rest)) = written_tag.split_once('-') {
        format!("{v}-slim-{rest}")
    } else if written_tag.is_empty() || !written_tag.starts_with(|c: char| c.is_ascii_digit() || c == '$') {
        plan.notes.push(format!("`python:{tag}` is not pinned: pin both stages to the same Python version"));
        "3-slim".into()
    } else {
        format!("{written_tag}-slim")
    };
    let repo = written.rsplit_once(':').filter(|(_, t)| !t.contains('/')).map_or(written, |(r, _)| r);
    plan.base = format!("{repo}:{runtime_tag}");
    let (_, release) = debian_release(&tag, "python", (3, 99));
    plan.packages = runtime_packages(s, plan.os, release.as_deref());
    plan.user = Some((format!("{UID}:{UID}"), true));
    let cmds = s.commands();
    let cwd = s.workdir();
    // Where the dependencies end up: an existing virtualenv, uv's `.venv`, or a new one.
    let existing = cmds.iter().find_map(|c| {
        let w: Vec<&str> = c.cmd.words.iter().map(|w| w.text.as_str()).collect();
        let i = w.iter().position(|x| *x == "venv" || *x == "virtualenv")?;
        let dir = w.iter().skip(i + 1).find(|x| !x.starts_with('-'))?;
        resolve(&c.cwd, dir)
    });
    let env_venv = s.end_env.get("VIRTUAL_ENV").cloned();
    let uv = cmds.iter().find(|c| c.cmd.program() == Some("uv") && c.cmd.subcommand() == Some("sync"));
    let poetry = cmds.iter().any(|c| c.cmd.program() == Some("poetry"));
    let venv = if let Some(v) = existing.or(env_venv) {
        Some(v)
    } else if let Some(c) = uv {
        s.var(c, "UV_PROJECT_ENVIRONMENT").or_else(|| c.cwd.as_ref().map(|d| join(d, ".venv")))
    } else if poetry {
        None
    } else if let Some(first_pip) = cmds.iter().find(|c| is_pip_install(&c.cmd)) {
        // Install into a virtualenv the runtime stage can copy.
        let step = &s.steps[first_pip.step];
        let at = line_start(&s.df.source, step.inst.range.start);
        let le = s.le;
        let esc = s.esc;
        plan.builder_edits.push(Edit::insert(
            at,
            format!(
                "ENV VIRTUAL_ENV=/opt/venv {esc}{le}    PATH=\"/opt/venv/bin:$PATH\"{le}RUN python -m venv /opt/venv{le}"
            ),
        ));
        Some("/opt/venv".into())
    } else {
        None
    };
    // The file already puts the virtualenv on PATH (`ENV PATH=/venv/bin:$PATH`).
    let bin = format!("{}/bin", venv.as_deref().unwrap_or("-"));
    let on_path = s.steps.iter().filter(|st| st.inst.kind == Kind::Env).any(|st| {
        st.inst.key_values(s.esc).iter().any(|kv| {
            kv.key == "PATH"
                && kv.value.as_deref().is_some_and(|p| p.split(':').any(|d| d.trim_end_matches('/') == bin))
        })
    });
    let venv_env = |v: &str| format!("ENV VIRTUAL_ENV={v} {}{}    PATH=\"{v}/bin:$PATH\"", s.esc, s.le);
    match venv {
        Some(v) if on_path => {
            if !v.starts_with(&format!("{}/", cwd.trim_end_matches('/'))) || cwd == "/" {
                plan.artifacts.push(Artifact::new(v.clone(), v));
            }
        }
        Some(v) if !v.starts_with(&format!("{}/", cwd.trim_end_matches('/'))) || cwd == "/" => {
            plan.setup.push(venv_env(&v));
            plan.artifacts.push(Artifact::new(v.clone(), v));
        }
        Some(v) => {
            // Inside the app folder (uv): copied with it.
            plan.setup.push(venv_env(&v));
        }
        None => {
            plan.artifacts.push(
                Artifact::new("/opt/venv", "/opt/venv")
                    .checked("install the dependencies into a virtualenv in the build stage and copy it here"),
            );
        }
    }
    if cwd == "/" {
        plan.artifacts.push(
            Artifact::new("/app", "/app").checked("the build stage has no WORKDIR: copy the application's files"),
        );
    } else {
        plan.artifacts.push(Artifact::new(cwd.clone(), cwd));
    }
    carry_files(&mut plan, s);
    plan
}

fn java(s: &Scan, image: &ImageRef) -> Plan {
    let mut plan = Plan::default();
    let tag = image.tag.clone().unwrap_or_default();
    let alpine = tag.contains("alpine");
    let version = jdk_version(image);
    let ubuntu = ["jammy", "noble", "focal"].into_iter().find(|c| tag.contains(c));
    let v = version.clone().unwrap_or_else(|| "21".into());
    plan.base = match (alpine, ubuntu) {
        (true, _) => format!("eclipse-temurin:{v}-jre-alpine"),
        (false, Some(u)) => format!("eclipse-temurin:{v}-jre-{u}"),
        _ => format!("eclipse-temurin:{v}-jre"),
    };
    if version.is_none() {
        plan.notes.push(format!("the JDK version of `{}` is not in its tag: match the JRE to it", image.familiar()));
    }
    plan.os = if alpine { Os::Alpine } else { Os::Debian };
    plan.packages = runtime_packages(s, plan.os, None);
    plan.user = Some((format!("{UID}:{UID}"), true));
    let cmds = s.commands();
    let maven = cmds.iter().find(|c| matches!(c.cmd.program(), Some("mvn" | "mvnw")));
    let gradle = cmds.iter().find(|c| matches!(c.cmd.program(), Some("gradle" | "gradlew")));
    let to = "/app/app.jar".to_string();
    let (from, check) = if let Some(c) = maven {
        let dir = c.cwd.clone().unwrap_or_else(|| s.workdir());
        let pom = s.context_file(&join(&dir, "pom.xml"));
        match pom.as_deref().and_then(maven_jar) {
            Some(jar) => (join(&dir, &format!("target/{jar}")), None),
            None => (join(&dir, "target/*.jar"), Some("exactly one jar must match (the name is not in pom.xml)")),
        }
    } else if let Some(c) = gradle {
        let dir = c.cwd.clone().unwrap_or_else(|| s.workdir());
        (
            join(&dir, "build/libs/*.jar"),
            Some("exactly one jar must match: Spring Boot also writes *-plain.jar (disable the `jar` task)"),
        )
    } else {
        (join(&s.workdir(), "<app>.jar"), Some("no Maven or Gradle build was found: copy the jar the build produces"))
    };
    // The command may name the jar exactly (`java -jar target/app-1.0.jar`): that is the artifact.
    let dir = from.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string());
    let named = process_words(s)
        .into_iter()
        .filter(|w| w.ends_with(".jar") && !w.contains('*') && !w.contains('$'))
        .find_map(|w| resolve(&Some(s.workdir()), &w).filter(|p| p.rsplit_once('/').is_some_and(|(d, _)| d == dir)));
    let (from, check) = match named {
        Some(jar) if from.contains('*') => (jar, None),
        _ => (from, check),
    };
    add_rewrites(&mut plan, s, &from, &to);
    for w in process_words(s).into_iter().filter(|w| w.ends_with(".jar")) {
        if resolve(&Some(s.workdir()), &w).is_some_and(|p| p.rsplit_once('/').is_some_and(|(d, _)| d == dir)) {
            plan.rewrites.push((w, to.clone()));
        }
    }
    let a = Artifact::new(from, to);
    plan.artifacts.push(match check {
        Some(c) => a.checked(c),
        None => a,
    });
    carry_files(&mut plan, s);
    plan
}

fn dotnet(s: &Scan, tag: &str) -> Plan {
    let mut plan = Plan::default();
    let (version, rest) = tag.split_once('-').unwrap_or((tag, ""));
    let mut nums = version.split('.');
    let major: Option<u32> = nums.next().and_then(|m| m.parse().ok());
    let minor = nums.next().filter(|m| m.chars().all(|c| c.is_ascii_digit()));
    let channel = match (major, minor) {
        (Some(m), Some(n)) => format!("{m}.{n}"),
        (Some(m), None) => format!("{m}.0"),
        _ => {
            plan.notes.push(format!("`dotnet/sdk:{tag}` is not pinned: pin both stages to the same .NET version"));
            "8.0".into()
        }
    };
    let suffix = if rest.is_empty() { String::new() } else { format!("-{rest}") };
    plan.os = if tag.contains("alpine") { Os::Alpine } else { Os::Debian };
    let cmds = s.commands();
    let publish = cmds.iter().find(|c| c.cmd.program() == Some("dotnet") && c.cmd.subcommand() == Some("publish"));
    let build = cmds.iter().find(|c| c.cmd.program() == Some("dotnet") && c.cmd.subcommand() == Some("build"));
    let c = publish.or(build);
    let words: Vec<&str> = c.map(|c| c.cmd.words.iter().map(|w| w.text.as_str()).collect()).unwrap_or_default();
    let project = words.iter().find(|w| w.ends_with(".csproj") || w.ends_with(".fsproj")).map(|w| w.to_string());
    let cwd = c.and_then(|c| c.cwd.clone()).unwrap_or_else(|| s.workdir());
    // The SDK of the project file tells web apps (aspnet) from the rest (runtime).
    let csproj = match &project {
        Some(p) => resolve(&Some(cwd.clone()), p).and_then(|p| s.context_file(&p)),
        None => s
            .context_dir_entries(&cwd)
            .into_iter()
            .find(|(n, _)| n.ends_with(".csproj") || n.ends_with(".fsproj"))
            .map(|(_, t)| t),
    };
    let web =
        csproj.as_deref().is_none_or(|t| t.contains("Microsoft.NET.Sdk.Web") || t.contains("Microsoft.NET.Sdk.Razor"));
    let image = if web { "aspnet" } else { "runtime" };
    plan.base = format!("mcr.microsoft.com/dotnet/{image}:{channel}{suffix}");
    plan.packages = runtime_packages(s, plan.os, None);
    if major.is_some_and(|m| m >= 8) || major.is_none() {
        plan.users = &["app"];
        plan.user = Some(("app".into(), false));
    } else {
        plan.user = Some((format!("{UID}:{UID}"), true));
    }
    let out = option_values(&words, &["-o", "--output"]).into_iter().next();
    // `ENTRYPOINT ["dotnet", "bin/Release/net8.0/publish/Api.dll"]` names the folder.
    let dll_dir = process_words(s)
        .into_iter()
        .filter(|w| w.ends_with(".dll") && w.contains('/') && !w.contains('$'))
        .find_map(|w| resolve(&s.end_workdir.clone().or(Some("/".into())), &w))
        .and_then(|p| p.rsplit_once('/').map(|(d, _)| d.to_string()));
    let from = match out.and_then(|o| resolve(&Some(cwd.clone()), &o)).or(dll_dir) {
        Some(o) if !o.contains('$') => Ok(o),
        _ => {
            let config = option_values(&words, &["-c", "--configuration"]).into_iter().next().unwrap_or_else(|| {
                if publish.is_some() && major.is_some_and(|m| m >= 8) { "Release" } else { "Debug" }.into()
            });
            let tfm = csproj.as_deref().and_then(|t| xml_value(t, "TargetFramework"));
            let tail = if publish.is_some() { "/publish" } else { "" };
            match tfm {
                Some(tfm) if project.is_none() => Ok(join(&cwd, &format!("bin/{config}/{tfm}{tail}"))),
                tfm => Err(join(
                    &cwd,
                    &format!("bin/{config}/{}{tail}", tfm.unwrap_or_else(|| "<target-framework>".into())),
                )),
            }
        }
    };
    // Copied to the same place, so that ENTRYPOINT and WORKDIR stay valid.
    plan.artifacts.push(match from {
        Ok(f) => Artifact::new(f.clone(), f),
        Err(f) => Artifact::new(f.clone(), f)
            .checked("the publish folder is a guess: add `-o /app/publish` to `dotnet publish` and copy that"),
    });
    carry_files(&mut plan, s);
    plan
}

// ---------------------------------------------------------------------------------------
// Helpers

/// The base OS and Debian release (or Alpine version) a toolchain tag names. Tags with only
/// a version get the default of that version (`newer` and later moved to trixie).
fn debian_release(tag: &str, _image: &str, newer: (u32, u32)) -> (Os, Option<String>) {
    let parts: Vec<&str> = tag.split('-').collect();
    if let Some(a) = parts.iter().find(|p| p.starts_with("alpine")) {
        let v = a.trim_start_matches("alpine");
        return (Os::Alpine, (!v.is_empty()).then(|| v.to_string()));
    }
    if let Some(c) = parts.iter().find(|p| is_codename(p)) {
        return (Os::Debian, Some(c.to_string()));
    }
    let mut nums = parts.first().copied().unwrap_or("").split('.').map(|n| n.parse::<u32>());
    match (nums.next(), nums.next()) {
        (Some(Ok(major)), Some(Ok(minor))) => {
            let release = if (major, minor) >= newer { "trixie" } else { "bookworm" };
            (Os::Debian, Some(release.into()))
        }
        _ => (Os::Debian, None),
    }
}

fn is_codename(p: &str) -> bool {
    matches!(p, "bookworm" | "bullseye" | "buster" | "trixie" | "stretch")
}

/// Packages the builder installs with apt or apk (and does not remove again).
fn apt_or_apk_packages(s: &Scan) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in s.commands() {
        let tool = identify(&c.cmd).map(|(t, _)| t);
        let ops: Vec<&str> = c.cmd.operands().map(|w| w.text.as_str()).collect();
        let sub = ops.first().copied().unwrap_or("");
        match (tool, sub) {
            (Some(Tool::Apt), "install") | (Some(Tool::Apk), "add") => {
                let skip_value = ["-t", "--virtual", "-X", "--repository", "-o"];
                let mut skip = false;
                for w in c.cmd.words.iter().skip(1) {
                    let t = w.text.as_str();
                    if skip {
                        skip = false;
                        continue;
                    }
                    if t.starts_with('-') {
                        skip = skip_value.contains(&t);
                        continue;
                    }
                    if t != sub && !t.contains('$') && !out.iter().any(|o| o == t) {
                        out.push(t.to_string());
                    }
                }
            }
            (Some(Tool::Apt), "purge" | "remove") | (Some(Tool::Apk), "del") => {
                out.retain(|p| !ops.iter().skip(1).any(|o| o == p));
            }
            _ => {}
        }
    }
    out
}

/// Build-only packages: compilers, headers and tools that the runtime does not need.
fn build_only(p: &str) -> bool {
    matches!(
        p,
        "gcc"
            | "g++"
            | "cpp"
            | "clang"
            | "llvm"
            | "lld"
            | "mold"
            | "make"
            | "cmake"
            | "ninja-build"
            | "ninja"
            | "meson"
            | "autoconf"
            | "automake"
            | "libtool"
            | "pkg-config"
            | "pkgconf"
            | "pkgconfig"
            | "build-essential"
            | "build-base"
            | "musl-dev"
            | "musl-tools"
            | "linux-headers"
            | "git"
            | "curl"
            | "wget"
            | "unzip"
            | "zip"
            | "xz-utils"
            | "xz"
            | "bzip2"
            | "gnupg"
            | "gnupg2"
            | "dirmngr"
            | "protobuf-compiler"
            | "protobuf"
            | "protoc"
            | "python3"
            | "python3-pip"
            | "python3-dev"
            | "gfortran"
            | "nasm"
            | "yasm"
            | "bison"
            | "flex"
            | "patch"
            | "file"
            | "binutils"
            | "upx"
            | "ca-certificates"
            | "apt-transport-https"
            | "software-properties-common"
            | "lsb-release"
            | "sudo"
            | "vim"
            | "nano"
            | "less"
            | "openssh-client"
            | "rsync"
            | "cargo"
            | "rustc"
            | "golang"
            | "npm"
            | "yarn"
            | "maven"
            | "gradle"
            | "g++-multilib"
            | "gcc-multilib"
    ) || p.ends_with("-dev")
        || p.ends_with("-devel")
        || p.ends_with("-headers")
        || p.contains("-jdk")
}

/// The runtime library a `-dev` package installs headers for, by distribution.
fn runtime_name(dev: &str, os: Os, release: Option<&str>) -> Option<String> {
    let release = release.unwrap_or("bookworm");
    let t64 = release == "trixie" || release == "noble";
    let name = match os {
        Os::Alpine => match dev {
            "openssl-dev" | "libressl-dev" => "libssl3",
            "postgresql-dev" | "libpq-dev" => "libpq",
            "sqlite-dev" => "sqlite-libs",
            "zlib-dev" => "zlib",
            "libffi-dev" => "libffi",
            "mariadb-dev" | "mariadb-connector-c-dev" => "mariadb-connector-c",
            "libxml2-dev" => "libxml2",
            "libxslt-dev" => "libxslt",
            "jpeg-dev" | "libjpeg-turbo-dev" => "libjpeg-turbo",
            "libpng-dev" => "libpng",
            "curl-dev" => "libcurl",
            "gmp-dev" => "gmp",
            "yaml-dev" => "yaml",
            "libsodium-dev" => "libsodium",
            "pcre-dev" => "pcre",
            "zstd-dev" => "zstd-libs",
            _ => return None,
        },
        _ => match dev {
            "libpq-dev" => "libpq5",
            "libssl-dev" if matches!(release, "bullseye" | "buster" | "focal") => "libssl1.1",
            "libssl-dev" if t64 => "libssl3t64",
            "libssl-dev" => "libssl3",
            "libsqlite3-dev" => "libsqlite3-0",
            "default-libmysqlclient-dev" | "libmariadb-dev" | "libmariadb-dev-compat" => "libmariadb3",
            "zlib1g-dev" => "zlib1g",
            "libffi-dev" if matches!(release, "bullseye" | "buster") => "libffi7",
            "libffi-dev" => "libffi8",
            "libxml2-dev" if !t64 => "libxml2",
            "libxslt1-dev" if !t64 => "libxslt1.1",
            "libjpeg-dev" | "libjpeg62-turbo-dev" => "libjpeg62-turbo",
            "libpng-dev" if t64 => "libpng16-16t64",
            "libpng-dev" => "libpng16-16",
            "libcurl4-openssl-dev" if t64 => "libcurl4t64",
            "libcurl4-openssl-dev" => "libcurl4",
            "libgmp-dev" => "libgmp10",
            "libyaml-dev" => "libyaml-0-2",
            "libsasl2-dev" => "libsasl2-2",
            "libzstd-dev" => "libzstd1",
            "liblzma-dev" => "liblzma5",
            "libbz2-dev" => "libbz2-1.0",
            "libmagic-dev" => "libmagic1",
            "libsodium-dev" => "libsodium23",
            _ => return None,
        },
    };
    Some(name.to_string())
}

/// What the runtime stage installs: runtime names of the builder's `-dev` packages, its
/// other non-build packages, and the tools the run-time commands call.
fn runtime_packages(s: &Scan, os: Os, release: Option<&str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in apt_or_apk_packages(s) {
        let name = p.split(['=', ':']).next().unwrap_or(&p);
        if let Some(r) = runtime_name(name, os, release) {
            add_package(&mut out, &r);
        } else if name == "ca-certificates" || name == "tzdata" || !build_only(name) {
            add_package(&mut out, &p);
        }
    }
    let process = process_words(s);
    for tool in ["curl", "wget"] {
        if process.iter().any(|w| w.rsplit('/').next() == Some(tool)) && !(os == Os::Alpine && tool == "wget") {
            add_package(&mut out, tool);
        }
    }
    out
}

fn add_package(list: &mut Vec<String>, p: &str) {
    if !list.iter().any(|x| x == p) {
        list.push(p.to_string());
    }
}

fn install(os: Os, packages: &[String], esc: char, le: &str) -> String {
    match os {
        Os::Alpine => format!("RUN apk add --no-cache {}", packages.join(" ")),
        _ => format!(
            "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked {esc}{le}    --mount=type=cache,target=/var/lib/apt,sharing=locked {esc}{le}    apt-get update {esc}{le}    && apt-get install -y --no-install-recommends {}",
            packages.join(" ")
        ),
    }
}

fn create_user(os: Os, name: &str, le: &str, esc: char) -> String {
    match os {
        Os::Alpine => format!("RUN addgroup -S -g {UID} {name} {esc}{le}    && adduser -S -u {UID} -G {name} -H {name}"),
        _ => format!(
            "RUN groupadd --system --gid {UID} {name} {esc}{le}    && useradd --system --uid {UID} --gid {name} --no-create-home {name}"
        ),
    }
}

/// Words of the run-time commands (CMD, ENTRYPOINT, HEALTHCHECK), unquoted.
fn process_words(s: &Scan) -> Vec<String> {
    let mut out = Vec::new();
    for st in &s.steps {
        if !matches!(st.inst.kind, Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck) {
            continue;
        }
        match &st.inst.exec {
            Some(exec) => out.extend(exec.iter().map(|a| a.value.clone())),
            None => {
                for w in &st.inst.args {
                    let v = w.value(s.esc);
                    // `HEALTHCHECK CMD ["curl", …]`: the JSON after CMD.
                    out.extend(
                        v.split([',', '[', ']', '"']).map(str::trim).filter(|x| !x.is_empty()).map(String::from),
                    );
                }
            }
        }
    }
    out
}

/// The program the image runs: the first word of its ENTRYPOINT, else of its CMD.
fn first_process_word(s: &Scan) -> Option<String> {
    let last = |k: Kind| s.steps.iter().rev().find(|st| st.inst.kind == k);
    let inst = last(Kind::Entrypoint).or_else(|| last(Kind::Cmd))?.inst;
    match &inst.exec {
        Some(e) => e.first().map(|a| a.value.clone()),
        None => inst.args.first().map(|w| w.value(s.esc)),
    }
}

/// Do the run-time commands need a shell (shell form) — which distroless lacks?
fn process_needs_shell(s: &Scan) -> bool {
    s.steps.iter().any(|st| match st.inst.kind {
        Kind::Cmd | Kind::Entrypoint => st.inst.exec.is_none() && !st.inst.args.is_empty(),
        Kind::Healthcheck => {
            let t = st.inst.args_text().trim_start();
            !(t.eq_ignore_ascii_case("none") || t.get(3..).is_some_and(|r| r.trim_start().starts_with('[')))
        }
        _ => false,
    }) || process_words(s).iter().any(|w| matches!(w.rsplit('/').next(), Some("curl" | "wget" | "sh" | "bash")))
}

/// An ENV that only configures the build tools (`CGO_ENABLED=0`, `DEBIAN_FRONTEND`):
/// not repeated in the runtime stage.
fn build_only_env(inst: &Instruction, esc: char) -> bool {
    let kvs = inst.key_values(esc);
    !kvs.is_empty()
        && kvs.iter().all(|kv| {
            let k = kv.key.as_str();
            matches!(
                k,
                "CGO_ENABLED"
                    | "GOOS"
                    | "GOARCH"
                    | "GOARM"
                    | "GOAMD64"
                    | "GOFLAGS"
                    | "GOPROXY"
                    | "GOPRIVATE"
                    | "GONOSUMDB"
                    | "GOCACHE"
                    | "GOMODCACHE"
                    | "RUSTFLAGS"
                    | "RUSTC_WRAPPER"
                    | "SQLX_OFFLINE"
                    | "MAVEN_OPTS"
                    | "GRADLE_OPTS"
                    | "GRADLE_USER_HOME"
                    | "DEBIAN_FRONTEND"
                    | "NUGET_PACKAGES"
                    | "DOTNET_CLI_TELEMETRY_OPTOUT"
                    | "DOTNET_NOLOGO"
            ) || ["CARGO_", "PIP_", "POETRY_", "UV_", "NPM_CONFIG_", "npm_config_", "YARN_"]
                .iter()
                .any(|p| k.starts_with(p))
        })
}

fn runs_build_tool(text: &str) -> bool {
    let t = text.replace(['"', ',', '[', ']'], " ");
    let words: Vec<&str> = t.split_whitespace().collect();
    words.windows(2).any(|w| {
        matches!(
            (w[0].rsplit('/').next().unwrap_or(""), w[1]),
            ("cargo", "run")
                | ("go", "run")
                | ("dotnet", "run" | "watch")
                | ("mvn" | "mvnw", _)
                | ("gradle" | "gradlew", _)
        )
    })
}

/// Files copied from the context to fixed places that the run-time commands or ENV name
/// (`ADD config/settings.toml /etc/app/settings.toml` with `--config /etc/app/settings.toml`).
fn carry_files(plan: &mut Plan, s: &Scan) {
    let runtime_text: String = s
        .steps
        .iter()
        .filter(|st| matches!(st.inst.kind, Kind::Cmd | Kind::Entrypoint | Kind::Healthcheck | Kind::Env))
        .map(|st| s.df.text(st.inst.range.clone()))
        .collect::<Vec<_>>()
        .join("\n");
    let cwd = s.workdir();
    for st in &s.steps {
        if !matches!(st.inst.kind, Kind::Copy | Kind::Add) || st.inst.flag("from").is_some() {
            continue;
        }
        let words = copy_words(st.inst, s.esc);
        let Some((dest, sources)) = words.split_last() else { continue };
        let Some(dest_abs) = resolve(&st.workdir.clone().or(Some("/".into())), dest) else { continue };
        let mut paths = vec![dest_abs.clone()];
        if dest.ends_with('/') || sources.len() > 1 {
            paths = sources
                .iter()
                .filter(|src| !src.contains('*'))
                .map(|src| join(&dest_abs, src.trim_end_matches('/').rsplit('/').next().unwrap_or(src)))
                .collect();
        }
        for p in paths {
            // Inside the folder the app is copied from anyway, or already an artifact.
            let inside = |root: &str| p == root || p.starts_with(&format!("{}/", root.trim_end_matches('/')));
            if p == "/" || (cwd != "/" && inside(&cwd)) || plan.artifacts.iter().any(|a| inside(&a.from)) {
                continue;
            }
            let base = p.rsplit('/').next().unwrap_or("");
            let named = mentions_path(&runtime_text, &p)
                || (!base.is_empty()
                    && base.contains('.')
                    && (p.starts_with("/usr/local/bin/") || p.starts_with("/usr/bin/"))
                    && mentions_path(&runtime_text, base));
            if named && !plan.artifacts.iter().any(|a| a.from == p) {
                plan.artifacts.push(Artifact::new(p.clone(), p));
            }
        }
    }
}

/// Old paths (as the run-time commands may write them) → new path.
fn add_rewrites(plan: &mut Plan, s: &Scan, from: &str, to: &str) {
    if from == to || from.contains('<') {
        return;
    }
    plan.rewrites.push((from.to_string(), to.to_string()));
    let cwd = s.workdir();
    if let Some(rel) = from.strip_prefix(&format!("{}/", cwd.trim_end_matches('/'))) {
        plan.rewrites.push((format!("./{rel}"), to.to_string()));
        plan.rewrites.push((rel.to_string(), to.to_string()));
    }
}

/// Replaces `from` where it stands as a whole path (not inside a longer one).
fn replace_path(text: &str, from: &str, to: &str) -> String {
    let path_char = |c: char| c.is_ascii_alphanumeric() || "/._-".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(from) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + from.len()..].chars().next();
        out.push_str(&rest[..i]);
        if before.is_some_and(path_char) || after.is_some_and(path_char) {
            out.push_str(from);
        } else {
            out.push_str(to);
        }
        rest = &rest[i + from.len()..];
    }
    out.push_str(rest);
    out
}

fn mentions_path(text: &str, path: &str) -> bool {
    replace_path(text, path, "\u{0}") != text
}

/// `--name value` and `--name=value` values of a command's words.
fn option_values(words: &[&str], names: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        for n in names {
            if w == n {
                if let Some(v) = it.next() {
                    out.push(v.to_string());
                }
                break;
            }
            if let Some(v) = w.strip_prefix(n).and_then(|r| r.strip_prefix('=')) {
                out.push(v.to_string());
            }
        }
    }
    out
}

/// Binary names of a Cargo.toml: `[[bin]]` names, else the package name.
fn cargo_bins(text: &str) -> Vec<String> {
    let Ok(v) = text.parse::<toml::Table>() else { return Vec::new() };
    let bins: Vec<String> = v
        .get("bin")
        .and_then(|b| b.as_array())
        .map(|a| a.iter().filter_map(|b| b.get("name")?.as_str().map(String::from)).collect())
        .unwrap_or_default();
    if !bins.is_empty() {
        return bins;
    }
    v.get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(|n| vec![n.to_string()])
        .unwrap_or_default()
}

/// The binary `go build`/`go install` names after a package path: its last element, without
/// the `@version` query and the `/vN` major-version suffix (`github.com/x/tool/v2@v2.1.0`
/// → `tool`).
fn go_binary_name(pkg: &str) -> Option<String> {
    let path = pkg.split('@').next().unwrap_or(pkg).trim_end_matches('/');
    let mut parts = path.rsplit('/');
    let last = parts.next().filter(|l| !l.is_empty())?;
    let major = last.len() > 1 && last.starts_with('v') && last[1..].chars().all(|c| c.is_ascii_digit());
    let name = if major { parts.next().unwrap_or(last) } else { last };
    Some(name.to_string())
}

/// `target/<finalName or artifactId-version>.jar` of a pom.xml, when it is written plainly.
fn maven_jar(pom: &str) -> Option<String> {
    if let Some(f) = xml_value(pom, "finalName") {
        return (!f.contains('$')).then(|| format!("{f}.jar"));
    }
    // The project's own coordinates: outside <parent>, before <dependencies>/<build>.
    let mut head = pom.to_string();
    if let (Some(a), Some(b)) = (head.find("<parent>"), head.find("</parent>")) {
        if a < b {
            head.replace_range(a..b + "</parent>".len(), "");
        }
    }
    for cut in ["<dependencies>", "<build>", "<dependencyManagement>", "<profiles>"] {
        if let Some(i) = head.find(cut) {
            head.truncate(i);
        }
    }
    let packaging = xml_value(&head, "packaging").unwrap_or_else(|| "jar".into());
    if packaging != "jar" {
        return None;
    }
    let id = xml_value(&head, "artifactId")?;
    let version = xml_value(&head, "version")?;
    (!id.contains('$') && !version.contains('$')).then(|| format!("{id}-{version}.jar"))
}

fn xml_value(text: &str, tag: &str) -> Option<String> {
    let open = format!("<{tag}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find('<')? + start;
    Some(text[start..end].trim().to_string()).filter(|v| !v.is_empty())
}

/// The JDK major version a toolchain image tag names.
fn jdk_version(image: &ImageRef) -> Option<String> {
    let tag = image.tag.as_deref().unwrap_or("");
    let repo = image.repository();
    let digits = |s: &str| -> Option<String> {
        let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        (!d.is_empty()).then_some(d)
    };
    if matches!(repo.as_str(), "library/eclipse-temurin" | "library/openjdk" | "library/amazoncorretto") {
        return digits(tag)
            .filter(|d| d != "1" || tag.starts_with("1.8"))
            .map(|d| if d == "1" { "8".into() } else { d });
    }
    // maven:3.9-eclipse-temurin-21, gradle:8.7-jdk21-alpine, maven:3-openjdk-17.
    for part in tag.split('-').skip(1) {
        let p = part.trim_start_matches("jdk");
        if p.len() < part.len() || part.chars().all(|c| c.is_ascii_digit()) {
            if let Some(d) = digits(p) {
                return Some(d);
            }
        }
    }
    None
}

fn node_out_dir(build_text: &str, process: &str) -> Option<String> {
    let words: Vec<&str> = build_text.split_whitespace().collect();
    if let Some(o) = option_values(&words, &["--outDir", "--out-dir", "--output-path"]).into_iter().next() {
        return Some(o.trim_start_matches("./").trim_end_matches('/').to_string());
    }
    // `serve -s build`, `http-server dist`.
    let pw: Vec<&str> = process.split_whitespace().collect();
    if let Some(i) = pw.iter().position(|w| *w == "serve" || *w == "http-server") {
        if let Some(d) = pw[i + 1..].iter().find(|w| !w.starts_with('-')) {
            return Some(d.trim_start_matches("./").trim_end_matches('/').to_string());
        }
    }
    if build_text.contains("react-scripts") {
        Some("build".into())
    } else if build_text.contains("vite") || build_text.contains("vue-cli-service") {
        Some("dist".into())
    } else {
        None
    }
}

fn is_pip_install(c: &ShellCommand) -> bool {
    let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
    let pip = identify(c).is_some_and(|(t, _)| t == Tool::Pip);
    pip && words.contains(&"install")
        && !words.contains(&"--user")
        && !words.iter().any(|w| w.starts_with("--target") || w.starts_with("--prefix"))
}

fn words_text(c: &ShellCommand) -> String {
    c.words.iter().map(|w| w.text.as_str()).collect::<Vec<_>>().join(" ")
}

/// Sources and destination of a COPY/ADD, unquoted.
fn copy_words(inst: &Instruction, esc: char) -> Vec<String> {
    match &inst.exec {
        Some(e) => e.iter().map(|a| a.value.clone()).collect(),
        None => inst.args.iter().map(|w| w.value(esc)).collect(),
    }
}

fn join(base: &str, rel: &str) -> String {
    container_path(&format!("{base}/{rel}"))
}

fn join_rel(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_string()
    } else {
        format!("{a}/{b}")
    }
}

/// A path as seen from `cwd` (absolute when it can be told).
fn resolve(cwd: &Option<String>, path: &str) -> Option<String> {
    if path.starts_with('/') {
        Some(container_path(path))
    } else {
        cwd.as_ref().map(|c| join(c, path))
    }
}

/// The directory with a trailing slash, for `COPY --from=build /app/package*.json ./`.
fn slash(dir: &str) -> String {
    format!("{}/", dir.trim_end_matches('/'))
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn trim_le(s: &str) -> &str {
    s.trim_end_matches(['\n', '\r'])
}

fn line_start(src: &str, pos: usize) -> usize {
    src.get(..pos).and_then(|s| s.rfind('\n')).map_or(0, |i| i + 1)
}

/// The end of the line holding `pos - 1`, through its line break.
fn line_end(src: &str, pos: usize) -> usize {
    let from = pos.saturating_sub(1).min(src.len());
    src.get(from..).and_then(|s| s.find('\n')).map_or(src.len(), |i| from + i + 1)
}

/// Where an instruction's lines start, with the comment lines right above it (no blank
/// line between) that come after `floor`.
fn attached_start(src: &str, inst_start: usize, floor: usize) -> usize {
    let mut start = line_start(src, inst_start);
    while start > floor && start > 0 {
        let prev = line_start(src, start - 1);
        if prev < floor || !src[prev..start].trim_start().starts_with('#') {
            break;
        }
        start = prev;
    }
    start
}
