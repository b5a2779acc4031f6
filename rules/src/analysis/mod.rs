//! The engine: text → syntax → model → rules, for one file.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::dockerfile::DockerfileModel;
use crate::model::project::ProjectView;
use crate::rules::{ComposeContext, DockerfileContext, Findings, Rule, Target, REGISTRY};
use crate::syntax::dockerfile::Dockerfile;
use crate::syntax::{compose, dockerfile};

pub mod fix;
mod suppress;

pub use crate::kind::{looks_like_template, FileKind};

/// Which rules run and at what severity.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// When set, only these rules (ids) run, whatever their default.
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub severity: HashMap<String, Severity>,
    /// The strict preset turns on rules that are off by default.
    pub strict: bool,
    /// hadolint codes (`DL3008`, upper case) given a level (`None`: silenced). A code's
    /// findings take that level; a rule that is off runs for the codes given one, and
    /// reports only those.
    pub codes: HashMap<String, Option<Severity>>,
    /// `# hadolint ignore=` comments are not honoured (hadolint's `disable-ignore-pragma`).
    pub no_hadolint_pragmas: bool,
    /// What the configurable rules look for.
    pub options: crate::options::RuleOptions,
    /// Lets a caller stop an analysis that a newer edit made useless.
    pub cancel: Option<Cancel>,
}

/// A cancellation flag checked between rules: the analysis of `version` is cancelled once
/// the shared latest version moves past it (the language server bumps it on each edit).
#[derive(Debug, Clone)]
pub struct Cancel {
    pub latest: std::sync::Arc<std::sync::atomic::AtomicI32>,
    pub version: i32,
}

impl Cancel {
    pub fn is_cancelled(&self) -> bool {
        self.latest.load(std::sync::atomic::Ordering::Relaxed) != self.version
    }
}

impl Settings {
    /// The severity a rule runs at, or `None` if it does not run.
    pub fn effective(&self, rule: &dyn Rule) -> Option<Severity> {
        let m = rule.meta();
        if self.ignore.iter().any(|i| i == m.id) {
            return None;
        }
        let selected = self.select.as_ref().map(|s| s.iter().any(|i| i == m.id));
        if selected == Some(false) && m.id != "syntax-error" {
            return None;
        }
        let default =
            m.default_severity.or(if self.strict || selected == Some(true) { Some(Severity::Warning) } else { None });
        let sev = self.severity.get(m.id).copied().or(default)?;
        Some(sev)
    }

    /// The level set for a hadolint code: `Some(None)` when silenced, `None` when unset.
    fn code_level(&self, code: &str) -> Option<Option<Severity>> {
        if self.codes.is_empty() {
            return None;
        }
        self.codes.get(&code.to_ascii_uppercase()).copied()
    }

    /// Does the rule run, and at what level: its own, or (when it is off) the highest a
    /// code of it is given. The flag says the rule runs only for its codes' sake.
    fn run_level(&self, rule: &dyn Rule) -> Option<(Severity, bool)> {
        if let Some(s) = self.effective(rule) {
            return Some((s, false));
        }
        let m = rule.meta();
        if self.ignore.iter().any(|i| i == m.id) || self.select.as_ref().is_some_and(|s| !s.iter().any(|i| i == m.id)) {
            return None;
        }
        m.hadolint.iter().filter_map(|c| self.code_level(c).flatten()).max().map(|s| (s, true))
    }
}

fn run(settings: &Settings, target: Target, mut check: impl FnMut(&dyn Rule, &mut Findings)) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for &rule in REGISTRY {
        if !(rule.meta().target == target || rule.meta().target == Target::Both) {
            continue;
        }
        // A newer edit supersedes this analysis: stop; the caller drops the partial result.
        if settings.cancel.as_ref().is_some_and(Cancel::is_cancelled) {
            break;
        }
        let Some((sev, only_codes)) = settings.run_level(rule) else { continue };
        let mut f = Findings::new(rule.meta(), sev);
        check(rule, &mut f);
        out.extend(f.finish().into_iter().filter_map(|mut d| {
            match d.hadolint_code().and_then(|c| settings.code_level(c)) {
                Some(None) => return None,
                Some(Some(level)) => d.severity = level,
                None if only_codes => return None,
                None => {}
            }
            Some(d)
        }));
    }
    out.sort_by(|a, b| (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule)));
    // The same finding twice (a value shared through a YAML anchor, judged for each user) is
    // one finding at one place; when only the names in it differ (a `build:` that 19
    // services merge from one anchor), it says how many more share it.
    let mut merged: Vec<(Diagnostic, usize)> = Vec::with_capacity(out.len());
    for d in out {
        match merged.last_mut() {
            Some((prev, n))
                if prev.rule == d.rule && prev.range == d.range && same_shape(&prev.message, &d.message) =>
            {
                if prev.message != d.message {
                    *n += 1;
                }
            }
            _ => merged.push((d, 0)),
        }
    }
    merged
        .into_iter()
        .map(|(mut d, n)| {
            if n > 0 {
                let s = if n == 1 { "" } else { "s" };
                d.message = format!("{} (the same for {n} more service{s})", d.message);
            }
            d
        })
        .collect()
}

/// Are two messages the same but for the names in backticks?
fn same_shape(a: &str, b: &str) -> bool {
    let mask = |s: &str| -> String { s.split('`').step_by(2).collect::<Vec<_>>().join("`…`") };
    a == b || mask(a) == mask(b)
}

/// Analyses Dockerfile text.
pub fn check_dockerfile(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_dockerfile_at(None, text, settings)
}

/// Analyses Dockerfile text known to live at `path`.
pub fn check_dockerfile_at(path: Option<&Path>, text: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_dockerfile_in(path, text, settings, None)
}

fn check_dockerfile_in(
    path: Option<&Path>,
    text: &str,
    settings: &Settings,
    project: Option<&ProjectView>,
) -> Vec<Diagnostic> {
    check_parsed_dockerfile(path, &dockerfile::parse(text), settings, project)
}

/// Analyses a Dockerfile already parsed (the language server parses each version once for
/// its requests and its analysis).
pub fn check_parsed_dockerfile(
    path: Option<&Path>,
    file: &Dockerfile,
    settings: &Settings,
    project: Option<&ProjectView>,
) -> Vec<Diagnostic> {
    let text = file.source.as_str();
    let model = DockerfileModel::build(file);
    let cx = DockerfileContext { path, file, model: &model, project, options: &settings.options };
    let mut out = run(settings, Target::Dockerfile, |rule, f| rule.check_dockerfile(&cx, f));
    // The engine carries the whole-file refactoring as the rule's fix, so the rules need
    // not know the refactorings (which build on them).
    for d in out.iter_mut().filter(|d| d.rule == "single-stage-build" && d.fix.is_none()) {
        d.fix = crate::refactor::convert_to_multistage(&cx);
    }
    suppress::apply(text, Some(file), !settings.no_hadolint_pragmas, &mut out);
    suppress::apply_check_error(file, &mut out);
    out
}

/// Analyses Compose text; `env` answers interpolation variables (`.env`, environment).
pub fn check_compose(text: &str, env: &dyn Fn(&str) -> Option<String>, settings: &Settings) -> Vec<Diagnostic> {
    check_compose_in(None, text, env, settings, None)
}

fn check_compose_in(
    path: Option<&Path>,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
    settings: &Settings,
    project: Option<&ProjectView>,
) -> Vec<Diagnostic> {
    // The project usually parsed this very text already: reuse it.
    let cached = match (project, path) {
        (Some(view), Some(p)) => view.project.compose_doc(p).map(|(_, d)| d.file.clone()).filter(|f| f.source == text),
        _ => None,
    };
    let file = cached.unwrap_or_else(|| std::sync::Arc::new(compose::parse(text)));
    let cx = ComposeContext::new(path, &file, env, project, &settings.options);
    let mut out = run(settings, Target::Compose, |rule, f| rule.check_compose(&cx, f));
    suppress::apply(text, None, !settings.no_hadolint_pragmas, &mut out);
    out
}

/// Analyses a file of either kind; `path` is where it lives, if on disk.
pub fn check(
    kind: FileKind,
    path: Option<&Path>,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
    settings: &Settings,
) -> Vec<Diagnostic> {
    check_in_project(kind, path, text, env, settings, None)
}

/// Analyses a file with the project around it: Compose builds give Dockerfiles their
/// contexts, and Compose rules see merged services and the disk.
pub fn check_in_project(
    kind: FileKind,
    path: Option<&Path>,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
    settings: &Settings,
    project: Option<&ProjectView>,
) -> Vec<Diagnostic> {
    match kind {
        FileKind::Dockerfile => check_dockerfile_in(path, text, settings, project),
        FileKind::Compose => check_compose_in(path, text, env, settings, project),
    }
}

/// Applies fixes to a file of either kind (safe ones, and unsafe ones if asked).
pub fn fix(
    kind: FileKind,
    path: Option<&Path>,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
    settings: &Settings,
    include_unsafe: bool,
) -> fix::FixOutcome {
    fix_in_project(kind, path, text, env, settings, include_unsafe, None)
}

/// [`fix`] with the project around the file.
pub fn fix_in_project(
    kind: FileKind,
    path: Option<&Path>,
    text: &str,
    env: &dyn Fn(&str) -> Option<String>,
    settings: &Settings,
    include_unsafe: bool,
    project: Option<&ProjectView>,
) -> fix::FixOutcome {
    fix::fix_text(text, include_unsafe, &|t: &str| check_in_project(kind, path, t, env, settings, project))
}

#[cfg(test)]
mod tests;

/// What ShellCheck said of one script (`--format=json1`): 1-based lines and columns, end
/// exclusive, columns in characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCheckComment {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    /// `error`, `warning`, `info` or `style`.
    pub level: String,
    pub code: u32,
    pub message: String,
}

/// ShellCheck's excluded codes, as hadolint excludes them: SC1090/SC1091 (a sourced file
/// it cannot follow) and SC2187 (ash is checked as sh).
pub const SHELLCHECK_EXCLUDED: [u32; 3] = [1090, 1091, 2187];

/// "Undefined in POSIX sh" warnings for what BusyBox ash (Alpine's `/bin/sh`) does support:
/// `$'…'`, `[[ ]]`, `<<<`, `==` in `[ ]`, `&>`, `$RANDOM`, `echo -n/-e`, `set -o pipefail`,
/// `local`, `source`, `${v:o:l}`, `${v//a/b}`.
const BUSYBOX_SUPPORTS: [u32; 12] = [3003, 3010, 3011, 3014, 3020, 3028, 3037, 3040, 3043, 3046, 3057, 3060];

/// The scripts of a Dockerfile that ShellCheck should read (nothing when the `shellcheck`
/// rule does not run under `settings`).
pub fn shell_scripts(file: &Dockerfile, settings: &Settings) -> Vec<crate::model::script::ShellScript> {
    let rule: &dyn Rule = &crate::rules::shellcheck::ShellCheck;
    if settings.run_level(rule).is_none() {
        return Vec::new();
    }
    let model = DockerfileModel::build(file);
    crate::model::script::shell_scripts(file, &model)
}

/// Findings from ShellCheck's comments on the scripts [`shell_scripts`] gave for the same
/// text: placed in the Dockerfile, levelled, and silenced like every rule's.
pub fn shellcheck_findings(
    file: &Dockerfile,
    settings: &Settings,
    scripts: &[crate::model::script::ShellScript],
    comments: &[(usize, ShellCheckComment)],
) -> Vec<Diagnostic> {
    let rule: &dyn Rule = &crate::rules::shellcheck::ShellCheck;
    let Some((level, _)) = settings.run_level(rule) else { return Vec::new() };
    let mut out: Vec<Diagnostic> = Vec::new();
    for (s, c) in comments {
        let Some(script) = scripts.get(*s) else { continue };
        if SHELLCHECK_EXCLUDED.contains(&c.code)
            || (script.busybox && BUSYBOX_SUPPORTS.contains(&c.code))
            || script.instruction >= file.instructions.len()
        {
            continue;
        }
        let code = crate::rules::shellcheck::code(c.code);
        let severity = match settings.code_level(code) {
            Some(None) => continue,
            Some(Some(l)) => l,
            None if matches!(c.level.as_str(), "info" | "style") => level.min(Severity::Info),
            None => level,
        };
        out.push(Diagnostic {
            rule: crate::rules::shellcheck::META.id,
            severity,
            message: format!("{code}: {}", c.message),
            range: script.source_range(file, (c.line, c.column), (c.end_line, c.end_column)),
            fix: None,
            related: Vec::new(),
            hadolint: Some(code),
        });
    }
    out.sort_by(|a, b| (a.range.start, a.range.end, &a.message).cmp(&(b.range.start, b.range.end, &b.message)));
    out.dedup_by(|a, b| a.range == b.range && a.message == b.message);
    suppress::apply(&file.source, Some(file), !settings.no_hadolint_pragmas, &mut out);
    suppress::apply_check_error(file, &mut out);
    out
}
