//! Stages and build arguments of a Dockerfile.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use crate::model::shell::{self, ShellCommand};
use crate::syntax::dockerfile::{vars, Dockerfile, Instruction, Kind};
use crate::syntax::image_ref;

/// An `ARG` declaration.
#[derive(Debug, Clone)]
pub struct ArgDecl {
    pub name: String,
    pub default: Option<String>,
    pub name_range: Range<usize>,
    /// Index of the declaring instruction.
    pub instruction: usize,
}

#[derive(Debug, Clone)]
pub struct Stage {
    /// Index of the stage's `FROM` instruction in [`Dockerfile::instructions`].
    pub from: usize,
    /// Instruction indices of the stage (FROM included).
    pub instructions: Range<usize>,
    /// `AS name`, as written.
    pub name: Option<String>,
    pub name_range: Option<Range<usize>>,
    pub base: Base,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `FROM scratch`.
    Scratch,
    /// `FROM <earlier stage>`: the stage's index.
    Stage(usize),
    /// An image; `resolved` is the reference after substituting global ARG defaults,
    /// `None` when some variable has no default.
    Image { written: String, range: Range<usize>, resolved: Option<String> },
    /// `FROM` with no argument.
    Missing,
}

#[derive(Debug, Clone, Default)]
pub struct DockerfileModel {
    /// ARGs declared before the first FROM: usable in FROM lines.
    pub global_args: Vec<ArgDecl>,
    pub stages: Vec<Stage>,
    /// What each instruction runs (`model::shell::commands`), worked out on the first ask:
    /// many rules ask about the same RUNs in one analysis.
    commands: Vec<OnceLock<Vec<ShellCommand>>>,
    /// The instruction list the cache belongs to (its address), so that a model is never
    /// asked about another parse's instructions by mistake.
    built_for: usize,
}

impl DockerfileModel {
    /// The commands `inst` runs (a RUN, CMD or ENTRYPOINT of `df`; empty for the others),
    /// from the cache when `inst` is one of the instructions this model was built from.
    pub fn commands<'m>(&'m self, df: &Dockerfile, inst: &Instruction) -> Cow<'m, [ShellCommand]> {
        match self.index_of(df, inst).and_then(|i| self.commands.get(i)) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(|| shell::commands(df, inst)).as_slice()),
            None => Cow::Owned(shell::commands(df, inst)),
        }
    }

    /// The commands a RUN runs (empty for other instructions), as [`Self::commands`].
    pub fn run_commands<'m>(&'m self, df: &Dockerfile, inst: &Instruction) -> Cow<'m, [ShellCommand]> {
        if inst.kind != Kind::Run {
            return Cow::Borrowed(&[]);
        }
        self.commands(df, inst)
    }

    /// `inst`'s index in `df.instructions`, when that is the list this model was built from
    /// (an ONBUILD's inner instruction is not in it).
    fn index_of(&self, df: &Dockerfile, inst: &Instruction) -> Option<usize> {
        let base = df.instructions.as_ptr() as usize;
        let at = inst as *const Instruction as usize;
        if base != self.built_for || at < base {
            return None;
        }
        let i = (at - base) / std::mem::size_of::<Instruction>().max(1);
        df.instructions.get(i).filter(|x| std::ptr::eq(*x, inst)).map(|_| i)
    }

    pub fn build(df: &Dockerfile) -> Self {
        let mut m = DockerfileModel {
            commands: df.instructions.iter().map(|_| OnceLock::new()).collect(),
            built_for: df.instructions.as_ptr() as usize,
            ..DockerfileModel::default()
        };
        let first_from = df.instructions.iter().position(|i| i.kind == Kind::From).unwrap_or(df.instructions.len());
        for (idx, inst) in df.instructions[..first_from].iter().enumerate() {
            if inst.kind == Kind::Arg {
                for kv in inst.key_values(df.escape) {
                    m.global_args.push(ArgDecl {
                        name: kv.key,
                        default: kv.value,
                        name_range: kv.key_range,
                        instruction: idx,
                    });
                }
            }
        }
        let froms: Vec<usize> =
            df.instructions.iter().enumerate().filter(|(_, i)| i.kind == Kind::From).map(|(i, _)| i).collect();
        for (n, &from) in froms.iter().enumerate() {
            let end = froms.get(n + 1).copied().unwrap_or(df.instructions.len());
            let inst = &df.instructions[from];
            let parts = inst.as_from();
            let base = match &parts {
                None => Base::Missing,
                Some(p) => {
                    let written = p.image.text.clone();
                    let resolved = m.expand_global(&written, df.escape);
                    let name = resolved.as_deref().unwrap_or(&written);
                    if image_ref::is_scratch_name(name) {
                        Base::Scratch
                    } else if let Some(si) = m.stage_index(name) {
                        Base::Stage(si)
                    } else {
                        Base::Image { written, range: p.image.range.clone(), resolved }
                    }
                }
            };
            let alias = parts.as_ref().and_then(|p| p.alias);
            m.stages.push(Stage {
                from,
                instructions: from..end,
                name: alias.map(|a| a.text.clone()),
                name_range: alias.map(|a| a.range.clone()),
                base,
            });
        }
        m
    }

    /// The last stage: what `docker build` produces without `--target`.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Index of the stage an instruction belongs to (`None` before the first FROM).
    pub fn stage_of(&self, instruction: usize) -> Option<usize> {
        // Stages are in file order: binary search on their first instruction.
        let k = self.stages.partition_point(|s| s.instructions.start <= instruction).checked_sub(1)?;
        self.stages[k].instructions.contains(&instruction).then_some(k)
    }

    /// The chain of stages a stage builds on, itself first (`FROM build` → build's base…).
    pub fn ancestry(&self, stage: usize) -> Vec<usize> {
        let mut out = vec![stage];
        let mut cur = stage;
        while let Some(Base::Stage(parent)) = self.stages.get(cur).map(|s| &s.base) {
            if out.contains(parent) {
                break;
            }
            out.push(*parent);
            cur = *parent;
        }
        out
    }

    /// Index of the stage called `name` (case-insensitive, as BuildKit matches).
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        self.stages.iter().position(|s| s.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(name)))
    }

    /// Expands `$VAR` in a FROM argument with the global ARGs' defaults. Predefined
    /// platform args are left unknown (they depend on the build).
    pub fn expand_global(&self, word: &str, escape: char) -> Option<String> {
        let lookup =
            |name: &str| self.global_args.iter().rev().find(|a| a.name == name).and_then(|a| a.default.clone());
        vars::expand(word, escape, &lookup)
    }
}

/// A local source of a `COPY`/`ADD` (not `--from`, not a URL or git source, not a heredoc).
#[derive(Debug, Clone)]
pub struct CopySource {
    /// Index of the instruction.
    pub instruction: usize,
    /// The path as the builder reads it (unquoted, leading `./` and `/` removed).
    pub path: String,
    pub range: Range<usize>,
    /// The path has glob characters (`*`, `?`, `[`).
    pub glob: bool,
    /// The path uses variables; what it names is decided at build time.
    pub variable: bool,
}

pub use crate::syntax::image_ref::is_windows_image;

/// A Windows Dockerfile also shows itself by the backtick escape or a PowerShell/cmd SHELL
/// (or hadolint's `# hadolint shell=powershell`).
pub fn is_windows_file(df: &Dockerfile) -> bool {
    df.non_posix_shell
}

/// Is a `USER` value root? Only the user part matters (`root:staff` is still root).
pub fn is_root_user(user: &str) -> bool {
    let u = user.split(':').next().unwrap_or("").trim();
    u == "root" || (!u.is_empty() && u.chars().all(|c| c == '0'))
}

/// One operand of a `COPY`/`ADD`: a source (a path, URL, git source or `<<EOF` heredoc
/// marker) or the destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyOperand {
    /// As the builder reads it (unquoted; variables not expanded).
    pub value: String,
    /// Source range of the word or exec-form string, quotes included.
    pub range: Range<usize>,
    /// The word is quoted (shell-form `"…"`/`'…'`, or an exec-form JSON string).
    pub quoted: bool,
}

/// The operands of a `COPY`/`ADD` in order, the destination last (shell or exec form);
/// empty for other instructions.
pub fn copy_operands(inst: &Instruction, escape: char) -> Vec<CopyOperand> {
    if !matches!(inst.kind, Kind::Copy | Kind::Add) {
        return Vec::new();
    }
    match &inst.exec {
        Some(exec) => {
            exec.iter().map(|a| CopyOperand { value: a.value.clone(), range: a.range.clone(), quoted: true }).collect()
        }
        None => inst
            .args
            .iter()
            .map(|w| CopyOperand {
                value: w.value(escape),
                range: w.range.clone(),
                quoted: w.text.len() >= 2 && (w.text.ends_with('"') || w.text.ends_with('\'')),
            })
            .collect(),
    }
}

/// Local sources of every `COPY`/`ADD` that reads the build context.
pub fn copy_sources(df: &Dockerfile) -> Vec<CopySource> {
    let mut out = Vec::new();
    for (i, inst) in df.instructions.iter().enumerate() {
        if !matches!(inst.kind, Kind::Copy | Kind::Add) || inst.flag("from").is_some() {
            continue;
        }
        let words: Vec<(String, Range<usize>)> =
            copy_operands(inst, df.escape).into_iter().map(|o| (o.value, o.range)).collect();
        let Some((_, sources)) = words.split_last() else { continue };
        for (value, range) in sources {
            if value.starts_with("<<") || value.contains("://") || value.starts_with("git@") {
                continue;
            }
            // With `# escape=`` (Windows images) a backslash is a path separator, not an escape.
            let value = if df.escape == '\\' { value.clone() } else { value.replace('\\', "/") };
            let trimmed = value.trim_start_matches("./").trim_start_matches('/');
            let path = if trimmed.is_empty() { ".".to_string() } else { trimmed.trim_end_matches('/').to_string() };
            out.push(CopySource {
                instruction: i,
                glob: path.contains(['*', '?', '[']),
                variable: path.contains('$'),
                path,
                range: range.clone(),
            });
        }
    }
    out
}

/// Where a name that may be a stage is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefSite {
    /// `FROM <name>`.
    From,
    /// `COPY --from=<name>` (or `ADD`).
    CopyFrom,
    /// `RUN --mount=…,from=<name>`.
    MountFrom,
}

/// A name that refers to a stage — or, when no stage has it, to a named build context or
/// an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageRef {
    pub instruction: usize,
    pub site: RefSite,
    /// As the builder reads it (unquoted).
    pub name: String,
    pub range: Range<usize>,
}

/// Every place that names a stage (or may): `FROM`, `--from=`, `--mount …,from=`.
pub fn stage_refs(df: &Dockerfile) -> Vec<StageRef> {
    let mut out = Vec::new();
    for (i, inst) in df.instructions.iter().enumerate() {
        if let Some(p) = inst.as_from() {
            let name = p.image.value(df.escape);
            out.push(StageRef { instruction: i, site: RefSite::From, name, range: p.image.range.clone() });
        }
        for f in inst.flags_named("from") {
            if let (Some(name), Some(r)) = (f.value_unquoted(df.escape), &f.value_range) {
                out.push(StageRef { instruction: i, site: RefSite::CopyFrom, name, range: r.clone() });
            }
        }
        for f in inst.flags_named("mount") {
            for field in f.fields(&inst.line) {
                if let (true, Some(name), Some(range)) = (field.key == "from", field.value, field.value_range) {
                    out.push(StageRef { instruction: i, site: RefSite::MountFrom, name, range });
                }
            }
        }
    }
    out
}

/// What a build sends from its context to the builder. BuildKit asks the client only for
/// the paths the Dockerfile reads (COPY/ADD sources, bind mounts) — the whole folder only
/// when something reads the whole folder (`COPY . …`, a bind mount of the context).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transfer {
    Whole,
    /// Context-relative paths (`/`-separated, no leading `./`), possibly globs.
    Paths(Vec<String>),
}

impl Transfer {
    /// Is the context-relative `path` (a file or folder) sent, wholly or in part?
    pub fn sends(&self, path: &str) -> bool {
        match self {
            Transfer::Whole => true,
            // A COPY source selects like a .dockerignore pattern: itself, what is below it,
            // and (for a folder above a source) the part of it that holds the source.
            Transfer::Paths(paths) => paths.iter().any(|p| {
                crate::syntax::dockerignore::DockerIgnore::parse(p).is_excluded(path)
                    || p.starts_with(&format!("{}/", path.trim_end_matches('/')))
            }),
        }
    }
}

/// What a build of `df` transfers from its context.
pub fn context_transfer(df: &Dockerfile) -> Transfer {
    let mut paths: Vec<String> = Vec::new();
    for s in copy_sources(df) {
        if s.variable || s.path == "." || s.path.starts_with(['*', '?', '[']) {
            return Transfer::Whole;
        }
        paths.push(s.path);
    }
    for inst in df.instructions.iter().filter(|i| i.kind == Kind::Run) {
        for f in inst.flags.iter().filter(|f| f.name.eq_ignore_ascii_case("mount")) {
            let fields = f.fields(&inst.line);
            let get = |k: &[&str]| fields.iter().find(|x| k.contains(&x.key.as_str())).and_then(|x| x.value.clone());
            let kind = get(&["type"]).unwrap_or_else(|| "bind".into());
            if kind != "bind" || get(&["from"]).is_some() {
                continue;
            }
            let source = get(&["source", "src"]).unwrap_or_default();
            let source = source.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/');
            if source.is_empty() || source == "." || source.contains('$') {
                return Transfer::Whole;
            }
            paths.push(source.to_string());
        }
    }
    paths.sort();
    paths.dedup();
    Transfer::Paths(paths)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    #[test]
    fn stages_and_bases() {
        let df = parse("ARG BASE=node:20\nARG UNSET\nFROM ${BASE} AS deps\nRUN x\nFROM deps AS build\nFROM scratch\nFROM ${UNSET}\nFROM\n");
        let m = DockerfileModel::build(&df);
        assert_eq!(m.global_args.len(), 2);
        assert_eq!(m.stages.len(), 5);
        assert!(matches!(&m.stages[0].base, Base::Image { resolved: Some(r), .. } if r == "node:20"));
        assert_eq!(m.stages[0].instructions, 2..4);
        assert_eq!(m.stages[1].base, Base::Stage(0));
        assert_eq!(m.stages[2].base, Base::Scratch);
        assert!(matches!(&m.stages[3].base, Base::Image { resolved: None, .. }));
        assert_eq!(m.stages[4].base, Base::Missing);
        assert_eq!(m.stage_index("DEPS"), Some(0));
        assert_eq!(m.ancestry(1), [1, 0]);
        assert_eq!(m.stage_of(3), Some(0));
        assert_eq!(m.stage_of(0), None);
        assert_eq!(m.final_stage().unwrap().from, 7);
    }

    #[test]
    fn what_a_build_transfers() {
        let t = |text: &str| context_transfer(&parse(text));
        assert_eq!(t("FROM a:1\nCOPY . /app\n"), Transfer::Whole);
        assert_eq!(t("FROM a:1\nCOPY ./ /app\n"), Transfer::Whole);
        assert_eq!(t("FROM a:1\nCOPY $SRC /app\n"), Transfer::Whole);
        assert_eq!(t("FROM a:1\nRUN --mount=type=bind,target=/src make\n"), Transfer::Whole);
        let named = t("FROM a:1\nCOPY ./src/cart ./\nCOPY package*.json ./\nRUN --mount=type=bind,source=go.mod,target=/m x\nCOPY --from=b /x /y\n");
        assert_eq!(named, Transfer::Paths(vec!["go.mod".into(), "package*.json".into(), "src/cart".into()]));
        assert!(named.sends("src/cart/node_modules") && named.sends("package.json") && !named.sends("node_modules"));
        assert_eq!(t("FROM a:1\nRUN make\n"), Transfer::Paths(vec![]));
    }

    #[test]
    fn windows_paths_under_a_backtick_escape() {
        let df = parse("# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY .\\scripts\\setup.ps1 C:\\setup\\\nCOPY src\\ C:\\app\\\n");
        let paths: Vec<String> = copy_sources(&df).into_iter().map(|s| s.path).collect();
        assert_eq!(paths, ["scripts/setup.ps1", "src"]);
    }

    #[test]
    fn copy_sources_skip_stages_urls_and_heredocs() {
        let df = parse("FROM a:1\nCOPY ./src/ package*.json /app/\nCOPY --from=b /x /y\nADD https://x/y.tgz /z\nCOPY <<EOF /f\nhi\nEOF\nCOPY [\"a b\", \"/c\"]\nCOPY $DIR /d\nCOPY . .\n");
        let got: Vec<_> = copy_sources(&df).into_iter().map(|c| (c.path, c.glob, c.variable)).collect();
        assert_eq!(
            got,
            [
                ("src".to_string(), false, false),
                ("package*.json".to_string(), true, false),
                ("a b".to_string(), false, false),
                ("$DIR".to_string(), false, true),
                (".".to_string(), false, false)
            ]
        );
    }
}
