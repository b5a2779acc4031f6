//! What the fixes change, measured on the project — never estimated:
//!
//! - the bytes each build sends from its context, and how many of them the `.dockerignore`
//!   that `shipshape fix` would write keeps out: the context's files (the model's context
//!   scan) matched one by one against what the build asks for (`Transfer`), the ignore
//!   file that applies, and that file with the fix's edits (`missing-dockerignore` writes
//!   it, `context-bloat` appends to it);
//! - the steps that stop re-running on a source edit after a `cache-busting-copy` fix: the
//!   instructions its edits move from after the whole-context `COPY` to before it, out of
//!   the steps that follow the `COPY` in its stage (the Dockerfile model's stages);
//! - with registry access on, the download size of each image (its manifest's config and
//!   compressed layers, for linux on this machine's architecture), and so what the
//!   multi-stage conversion changes in the final image's base: the base before, and the
//!   base of the final stage once the `single-stage-build` fix's edits are applied.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use shipshape_rules::diagnostic::apply_edits;
use shipshape_rules::fs::FileSystem;
use shipshape_rules::model::context::{scan as scan_context, ContextScan, Sent};
use shipshape_rules::model::dockerfile::{Base, DockerfileModel, Transfer};
use shipshape_rules::model::project::{normalize, DockerfileRef, Project};
use shipshape_rules::syntax::dockerfile;
use shipshape_rules::syntax::dockerignore::DockerIgnore;
use shipshape_rules::text::LineIndex;
use shipshape_rules::Applicability;

use super::display;
use crate::check::Checked;

/// The rules whose fixes write the `.dockerignore` of a context.
const IGNORE_RULES: [&str; 2] = ["missing-dockerignore", "context-bloat"];

/// One build (a context and a Dockerfile), with the services that run it.
pub struct ContextFacts {
    pub services: Vec<String>,
    pub context: String,
    pub dockerfile: String,
    /// The build sends all of the context (`COPY .`), not named paths.
    pub whole: bool,
    /// The ignore file that applies today.
    pub ignore_file: Option<String>,
    /// The ignore file `shipshape fix` would write or extend, when a fix proposes one.
    pub proposed: Option<String>,
    pub sent: Sent,
    /// The scan stopped at its bounds: the numbers are lower limits.
    pub truncated: bool,
}

/// One `cache-busting-copy` finding, measured on its fix.
pub struct StepFacts {
    pub location: String,
    /// Steps after the whole-context `COPY` in its stage.
    pub after: usize,
    /// Of those, the ones the fix moves above the `COPY`; `None` without a fix.
    pub moved: Option<usize>,
    pub applicability: Option<Applicability>,
}

/// The edits of the ignore-file fixes, by the file they write: that file's lines after
/// the fix (its text today, then what the fixes add).
fn proposed_ignores(fs: &dyn FileSystem, files: &[Checked]) -> HashMap<PathBuf, String> {
    let mut out: HashMap<PathBuf, String> = HashMap::new();
    let edits = files
        .iter()
        .flat_map(|f| &f.diagnostics)
        .filter(|d| IGNORE_RULES.contains(&d.rule))
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|fix| &fix.edits);
    for e in edits {
        let Some(path) = &e.file else { continue };
        let text = out.entry(normalize(path)).or_insert_with(|| fs.read_to_string(path).unwrap_or_default());
        // The same fix comes from every Compose file that builds the context: once.
        for line in e.new_text.lines() {
            if !text.lines().any(|l| l == line) {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    out
}

/// Every build of the project, measured: one row per context and Dockerfile.
pub fn contexts(root: &Path, fs: &dyn FileSystem, project: &Project, files: &[Checked]) -> Vec<ContextFacts> {
    let proposed = proposed_ignores(fs, files);
    let mut scans: HashMap<PathBuf, ContextScan> = HashMap::new();
    let mut out: Vec<ContextFacts> = Vec::new();
    for b in project.builds.iter().filter(|b| b.context_exists) {
        let dockerfile = match &b.dockerfile {
            DockerfileRef::Path { path, .. } => display(root, path),
            DockerfileRef::Inline(_) => "(inline `dockerfile_inline`)".to_string(),
        };
        let context = display(root, &b.context_dir);
        if let Some(row) = out.iter_mut().find(|r| r.context == context && r.dockerfile == dockerfile) {
            if !row.services.contains(&b.service_name) {
                row.services.push(b.service_name.clone());
            }
            continue;
        }
        let scan = scans.entry(b.context_dir.clone()).or_insert_with(|| scan_context(fs, &b.context_dir));
        let transfer = project.transfer(b);
        let current = b.ignore_file.as_ref().and_then(|p| fs.read_to_string(p).ok()).map(|t| DockerIgnore::parse(&t));
        let target = normalize(&b.ignore_file.clone().unwrap_or_else(|| b.context_dir.join(".dockerignore")));
        let after = proposed.get(&target).map(|t| DockerIgnore::parse(t));
        out.push(ContextFacts {
            services: vec![b.service_name.clone()],
            context,
            dockerfile,
            whole: transfer == Transfer::Whole,
            ignore_file: b.ignore_file.as_deref().map(|p| display(root, p)),
            proposed: after.is_some().then(|| display(root, &target)),
            sent: scan.sent(&transfer, current.as_ref(), after.as_ref()),
            truncated: scan.truncated,
        });
    }
    out
}

/// Every `cache-busting-copy` finding, with the steps its fix stops from re-running.
pub fn steps(files: &[Checked]) -> Vec<StepFacts> {
    let mut out = Vec::new();
    for f in files {
        let findings: Vec<_> = f.diagnostics.iter().filter(|d| d.rule == "cache-busting-copy").collect();
        if findings.is_empty() {
            continue;
        }
        let df = dockerfile::parse(&f.text);
        let model = DockerfileModel::build(&df);
        let lines = LineIndex::new(&f.text);
        for d in findings {
            let Some(copy) = df.instructions.iter().position(|i| i.range.contains(&d.range.start)) else { continue };
            let Some(stage) = model.stage_of(copy).and_then(|s| model.stages.get(s)) else { continue };
            // The fix moves instructions by deleting them after the `COPY` and inserting
            // them before it: each deletion in this file is one step moved.
            let moved = d.fix.as_ref().map(|fix| {
                fix.edits
                    .iter()
                    .filter(|e| e.file.is_none() && e.new_text.is_empty() && e.range.start > d.range.start)
                    .count()
            });
            out.push(StepFacts {
                location: format!("{}:{}", f.display, lines.line_of(d.range.start.min(f.text.len())) + 1),
                after: stage.instructions.end.saturating_sub(copy + 1),
                moved,
                applicability: d.fix.as_ref().map(|x| x.applicability),
            });
        }
    }
    out
}

/// One `single-stage-build` finding with a conversion: the final image's base before and
/// after it (`None`: `scratch`, or a base written with a variable that has no default).
pub struct Conversion {
    pub location: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub after_is_scratch: bool,
}

/// The base a Dockerfile's final stage stands on (through `FROM <stage>` chains).
fn final_base(text: &str) -> (Option<String>, bool) {
    let df = dockerfile::parse(text);
    let model = DockerfileModel::build(&df);
    let Some(last) = model.stages.len().checked_sub(1) else { return (None, false) };
    let root = *model.ancestry(last).last().unwrap_or(&last);
    match &model.stages[root].base {
        Base::Image { resolved, .. } => (resolved.clone(), false),
        Base::Scratch => (None, true),
        _ => (None, false),
    }
}

/// Every `single-stage-build` finding whose fix converts the file.
pub fn conversions(files: &[Checked]) -> Vec<Conversion> {
    let mut out = Vec::new();
    for f in files {
        for d in f.diagnostics.iter().filter(|d| d.rule == "single-stage-build") {
            let Some(fix) = &d.fix else { continue };
            let edits: Vec<_> = fix.edits.iter().filter(|e| e.file.is_none()).collect();
            let (before, _) = final_base(&f.text);
            let (after, after_is_scratch) = final_base(&apply_edits(&f.text, &edits));
            let line = LineIndex::new(&f.text).line_of(d.range.start.min(f.text.len())) + 1;
            out.push(Conversion { location: format!("{}:{line}", f.display), before, after, after_is_scratch });
        }
    }
    out
}
