//! What a stage has set up before each of its instructions: the variables the builder
//! expands (ARG and ENV), the working directory, the user and the base image. One walker
//! of this state, so that rules and refactorings agree on it.

use std::collections::HashMap;

use crate::model::dockerfile::{Base, DockerfileModel};
use crate::syntax::dockerfile::{vars, Dockerfile, Instruction, Kind};
use crate::syntax::image_ref::ImageRef;
use crate::util::container_path;

#[derive(Debug, Clone, Default)]
pub struct StageState {
    /// ARG and ENV values; `None` when set to something unknown (an ARG without default,
    /// which `--build-arg` may set; a value built from an unknown variable).
    pub env: HashMap<String, Option<String>>,
    /// The last `USER`, expanded when possible.
    pub user: Option<String>,
    /// The working directory, absolute; `None` until a `WORKDIR` (the base image's).
    pub workdir: Option<String>,
    /// The image the stage (or the stage it builds on) starts from.
    pub base: Option<ImageRef>,
    /// The last `SHELL` (exec form), if any.
    pub shell: Option<Vec<String>>,
}

impl StageState {
    /// The state a stage starts with: its parent stage's at the end, or a fresh one on an
    /// image.
    pub fn starting(base: &Base, ends: &[StageState]) -> StageState {
        match base {
            Base::Stage(p) => ends.get(*p).cloned().unwrap_or_default(),
            Base::Image { resolved, .. } => {
                StageState { base: resolved.as_deref().and_then(|r| ImageRef::parse(r).ok()), ..StageState::default() }
            }
            _ => StageState::default(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.env.get(name).and_then(|v| v.as_deref())
    }

    /// `word` with the builder's `$VAR` expansion, `None` when a variable is unknown.
    pub fn expand(&self, word: &str, escape: char) -> Option<String> {
        vars::expand(word, escape, &|n: &str| self.get(n).map(str::to_string))
    }

    /// `path` made absolute against the working directory (`None` when it is relative and
    /// the working directory is the base image's).
    pub fn absolute(&self, path: &str) -> Option<String> {
        if path.starts_with('/') {
            Some(container_path(path))
        } else {
            self.workdir.as_ref().map(|w| container_path(&format!("{w}/{path}")))
        }
    }

    /// Follows ARG, ENV, USER and WORKDIR. A bare `ARG NAME` takes the default of a global
    /// `ARG NAME=…` before the first FROM, as BuildKit does.
    pub fn apply(&mut self, df: &Dockerfile, model: &DockerfileModel, inst: &Instruction) {
        let esc = df.escape;
        match inst.kind {
            Kind::Env | Kind::Arg => {
                for kv in inst.key_values(esc) {
                    let value = match &kv.raw_value {
                        Some(raw) => self.expand(raw, esc),
                        None if inst.kind == Kind::Arg => {
                            model.global_args.iter().rev().find(|a| a.name == kv.key).and_then(|a| a.default.clone())
                        }
                        None => None,
                    };
                    self.env.insert(kv.key, value);
                }
            }
            Kind::Shell => {
                if let Some(e) = &inst.exec {
                    self.shell = Some(e.iter().map(|a| a.value.clone()).collect());
                }
            }
            Kind::User => self.user = inst.args.first().map(|w| self.expand(&w.text, esc).unwrap_or(w.text.clone())),
            Kind::Workdir => {
                if let Some(w) = inst.args.first() {
                    // Relative to the one before, or to `/` (where the builder starts).
                    let dir = self.expand(&w.text, esc);
                    self.workdir = dir.map(|d| match (&self.workdir, d.starts_with('/')) {
                        (_, true) => container_path(&d),
                        (Some(cur), false) => container_path(&format!("{cur}/{d}")),
                        (None, false) => container_path(&format!("/{d}")),
                    });
                }
            }
            _ => {}
        }
    }

    pub fn is_root(&self) -> bool {
        match &self.user {
            None => true,
            Some(u) => matches!(u.split(':').next().unwrap_or(""), "root" | "0"),
        }
    }

    /// The home directory of the user at this point, when it can be told.
    pub fn home(&self) -> Option<String> {
        if let Some(h) = self.get("HOME") {
            return Some(container_path(h));
        }
        let user = self.user.as_deref().map(|u| u.split(':').next().unwrap_or(""));
        match user {
            None | Some("root" | "0") => Some("/root".into()),
            Some(u) if !u.is_empty() && u.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) => {
                if u.chars().all(|c| c.is_ascii_digit()) {
                    None
                } else {
                    Some(format!("/home/{u}"))
                }
            }
            _ => None,
        }
    }

    /// The last path segment of the base image's repository (`rust` for `rust:1.80-slim`).
    pub fn base_name(&self) -> Option<String> {
        let repo = self.base.as_ref()?.repository();
        Some(repo.rsplit('/').next().unwrap_or(&repo).to_ascii_lowercase())
    }

    pub fn base_is(&self, pred: impl Fn(&str) -> bool) -> bool {
        self.base_name().is_some_and(|n| pred(&n))
    }
}

/// Calls `f` for each instruction of each stage (FROM excluded) with the state before
/// it; a stage built on another starts where that one ended.
pub fn walk(df: &Dockerfile, model: &DockerfileModel, mut f: impl FnMut(usize, &Instruction, &StageState)) {
    let mut ends: Vec<StageState> = Vec::new();
    for stage in &model.stages {
        let mut st = StageState::starting(&stage.base, &ends);
        for i in stage.instructions.clone().skip(1) {
            let Some(inst) = df.instructions.get(i) else { break };
            f(i, inst, &st);
            st.apply(df, model, inst);
        }
        ends.push(st);
    }
}

/// A `--mount` of a `RUN` that can hold a cache: `type=cache` or `type=tmpfs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunMount {
    /// Absolute target; `None` when it depends on a variable that cannot be resolved.
    pub target: Option<String>,
    /// `type=cache` (else `tmpfs`).
    pub cache: bool,
    pub sharing: Option<String>,
    /// Index of the `--mount` flag in the instruction's flags.
    pub flag: usize,
}

/// The cache and tmpfs mounts of a `RUN`, their targets resolved against the stage state
/// before it (variables, working directory).
pub fn run_mounts(inst: &Instruction, st: &StageState, escape: char) -> Vec<RunMount> {
    let mut out = Vec::new();
    for (i, f) in inst.flags.iter().enumerate() {
        if !f.name.eq_ignore_ascii_case("mount") {
            continue;
        }
        let fields = f.fields(&inst.line);
        let get = |k: &[&str]| fields.iter().find(|x| k.contains(&x.key.as_str())).and_then(|x| x.value.clone());
        let kind = get(&["type"]).unwrap_or_else(|| "bind".into());
        if kind != "cache" && kind != "tmpfs" {
            continue;
        }
        let target = get(&["target", "dst", "destination"]).unwrap_or_default();
        let target = st.expand(&target, escape).and_then(|t| st.absolute(&t));
        out.push(RunMount { target, cache: kind == "cache", sharing: get(&["sharing"]), flag: i });
    }
    out
}

/// Every `--mount=type=cache` of the file: (instruction index, mount).
pub fn cache_mounts(df: &Dockerfile, model: &DockerfileModel) -> Vec<(usize, RunMount)> {
    let mut out = Vec::new();
    walk(df, model, |i, inst, st| {
        if inst.kind == Kind::Run {
            out.extend(run_mounts(inst, st, df.escape).into_iter().filter(|m| m.cache).map(|m| (i, m)));
        }
    });
    out
}

/// The state at the end of each stage (what the image of that stage runs with).
pub fn end_states(df: &Dockerfile, model: &DockerfileModel) -> Vec<StageState> {
    let mut ends: Vec<StageState> = Vec::new();
    for stage in &model.stages {
        let mut st = StageState::starting(&stage.base, &ends);
        for i in stage.instructions.clone().skip(1) {
            let Some(inst) = df.instructions.get(i) else { break };
            st.apply(df, model, inst);
        }
        ends.push(st);
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    /// The state before each instruction of the last stage.
    fn states(text: &str) -> Vec<StageState> {
        let df = parse(text);
        let model = DockerfileModel::build(&df);
        let mut ends: Vec<StageState> = Vec::new();
        let mut out = Vec::new();
        for stage in &model.stages {
            let mut st = StageState::starting(&stage.base, &ends);
            out.clear();
            for i in stage.instructions.clone().skip(1) {
                out.push(st.clone());
                st.apply(&df, &model, &df.instructions[i]);
            }
            out.push(st.clone());
            ends.push(st);
        }
        out
    }

    #[test]
    fn variables_workdir_user_and_inheritance() {
        let s = states(
            "ARG V=1.2\nFROM node:20 AS base\nARG V\nARG SECRET\nENV HOME=/srv P=$V/x\nWORKDIR app\nWORKDIR sub\nUSER node\nFROM base\nWORKDIR ../etc\n",
        );
        let end = s.last().unwrap();
        assert_eq!(end.get("V"), Some("1.2"), "a bare ARG takes the global default");
        assert_eq!(end.env.get("SECRET"), Some(&None), "set at build time: unknown");
        assert_eq!(end.get("P"), Some("1.2/x"));
        assert_eq!(end.workdir.as_deref(), Some("/app/etc"));
        assert_eq!(end.home().as_deref(), Some("/srv"));
        assert!(!end.is_root());
        assert_eq!(end.base_name().as_deref(), Some("node"), "inherited from the parent stage");
    }

    #[test]
    fn cache_mounts_and_end_states() {
        let df = parse("FROM node:20\nWORKDIR /app\nRUN --mount=type=cache,target=.npm --mount=type=bind,target=/x --mount=type=tmpfs,target=/t npm ci\nUSER node\n");
        let model = DockerfileModel::build(&df);
        let mounts = cache_mounts(&df, &model);
        assert_eq!(mounts.len(), 1);
        assert_eq!((mounts[0].0, mounts[0].1.target.as_deref(), mounts[0].1.flag), (2, Some("/app/.npm"), 0));
        let ends = end_states(&df, &model);
        assert_eq!(ends.len(), 1);
        assert!(!ends[0].is_root());
    }
}
