//! `shipshape report`: the project's diagnosis report, in the shape of the hand-written
//! report this project started from (SPEC §2). It has a services inventory with a status per
//! service, the build configuration, the issues with their impact, the recommendations, and
//! a plan ordered by how much work each step is. It is Markdown, or HTML with
//! `--format html`.
//!
//! Everything in it comes from the same analysis as `check` (the findings and their fixes)
//! and from the project model (services, builds, Dockerfiles, context scans). The report
//! adds grouping, wording, pictures and measurements, never findings of its own.
//!
//! - `mod.rs`: the facts, gathered from the findings and the model;
//! - `measure.rs`: what the fixes change, measured (context bytes, steps that stop
//!   re-running);
//! - `render.rs`: the sections, as Markdown blocks and charts;
//! - `chart.rs`: the charts as SVG with their text tables; `html.rs`: the HTML page.

mod chart;
mod html;
mod measure;
mod render;

use std::collections::{BTreeMap, HashMap};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shipshape_rules::model::dockerfile::{Base, DockerfileModel};
use shipshape_rules::model::pinning::PIN_RULES;
use shipshape_rules::model::project::{normalize, DockerfileRef, Project};
use shipshape_rules::model::stage::{cache_mounts, end_states};
use shipshape_rules::rules;
use shipshape_rules::syntax::compose::Service;
use shipshape_rules::syntax::dockerfile::{Dockerfile, Kind};
use shipshape_rules::syntax::image_ref::ImageRef;
use shipshape_rules::text::LineIndex;
use shipshape_rules::{Applicability, Diagnostic, Severity};

use crate::check::{check_paths, fatal_exit, plan_fix, Checked, Fatal};
use crate::cli::{ReportArgs, ReportFormat, RuleArgs};
use crate::osfs::BoundedFs;
use crate::registry::{Credentials, Registry, RegistrySettings};

pub fn run(args: &ReportArgs) -> ExitCode {
    match report(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => fatal_exit(f),
    }
}

fn report(args: &ReportArgs) -> Result<(), Fatal> {
    let meta = std::fs::metadata(&args.path).map_err(|e| Fatal(format!("{}: {e}", args.path.display())))?;
    // A file names its folder: the report is about a project.
    let root = if meta.is_dir() { args.path.clone() } else { args.path.parent().map_or(".".into(), Path::to_path_buf) };
    let root = if root.as_os_str().is_empty() { PathBuf::from(".") } else { root };
    let files = check_paths(std::slice::from_ref(&root), &RuleArgs::default())?;
    let env = |name: &str| std::env::var(name).ok();
    let fs = BoundedFs::for_paths(std::slice::from_ref(&root));
    let project = Project::load(&fs, &root, &env);
    let mut facts = Facts::gather(&root, &project, &files);
    facts.contexts = measure::contexts(&root, &fs, &project, &files);
    facts.steps = measure::steps(&files);
    facts.conversions = measure::conversions(&files);
    let config = crate::check::config_for(Some(&root.join(".shipshape.toml")))?;
    let registry = RegistrySettings::from_config(config.as_ref(), args.online.then_some(true));
    if registry.online {
        facts.sizes = Some(image_sizes(&registry, facts.images_to_size())?);
    }
    let paths = std::slice::from_ref(&root);
    facts.fixed_safe = plan_fix(paths, &RuleArgs::default(), false)?.fixed;
    facts.fixed_unsafe = plan_fix(paths, &RuleArgs::default(), true)?.fixed.saturating_sub(facts.fixed_safe);
    let blocks = render::render(&facts);
    let out = match args.format {
        ReportFormat::Markdown => render::markdown(&blocks),
        ReportFormat::Html => html::page(&facts.title, &blocks),
    };
    match &args.output {
        Some(path) => {
            crate::osfs::write_atomically(path, &out)
                .map_err(|e| Fatal(format!("{}: cannot write: {e}", path.display())))?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            if let Err(e) = lock.write_all(out.as_bytes()) {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(Fatal(format!("cannot write output: {e}")));
                }
            }
        }
    }
    Ok(())
}

/// A finding with where it is, for the report.
#[derive(Clone)]
struct Finding {
    rule: &'static str,
    severity: Severity,
    message: String,
    location: String,
    applicability: Option<Applicability>,
}

#[derive(Default)]
struct ServiceFacts {
    name: String,
    /// The Compose configuration it belongs to (a file with its override file): separate
    /// files that are not merged by default (`docker-compose.dev.yml`) are separate
    /// configurations, and a service in two of them is two services here.
    config: String,
    /// The Compose files that define it.
    files: Vec<String>,
    /// The image it pulls (a service that builds: the name it gives the result).
    image: Option<String>,
    /// Images it pulls in files where it does not build (`file`, `image`).
    pulled_elsewhere: Vec<(String, String)>,
    built: Option<BuildFacts>,
    limits: bool,
    healthcheck: bool,
    volumes: bool,
    findings: Vec<Finding>,
}

struct BuildFacts {
    dockerfile: String,
    context: String,
    context_is_root: bool,
    ignore_file: Option<String>,
    dockerfile_facts: Option<DockerfileFacts>,
}

#[derive(Clone)]
struct DockerfileFacts {
    stages: usize,
    bases: Vec<String>,
    /// The bases with global ARG defaults substituted (what is pulled), where known.
    resolved_bases: Vec<String>,
    cache_mounts: bool,
    non_root: bool,
    healthcheck: bool,
    labels: bool,
}

struct Facts {
    title: String,
    compose_files: Vec<(String, usize)>,
    dockerfiles: Vec<(String, Option<DockerfileFacts>, Vec<String>)>,
    services: Vec<ServiceFacts>,
    /// Findings not tied to one service (a Dockerfile no service builds, a file-level one).
    other: Vec<Finding>,
    all: Vec<Finding>,
    files_checked: usize,
    /// What `shipshape fix` fixes, and `--unsafe` on top: `fix`'s own plan, not an estimate
    /// from the findings (two findings can share one edit, a fix can be skipped).
    fixed_safe: usize,
    fixed_unsafe: usize,
    /// What each build sends from its context, and what the proposed ignore file keeps out.
    contexts: Vec<measure::ContextFacts>,
    /// The steps that stop re-running on a source edit after each `cache-busting-copy` fix.
    steps: Vec<measure::StepFacts>,
    /// The final image's base before and after each multi-stage conversion.
    conversions: Vec<measure::Conversion>,
    /// Download sizes of the images, by reference, when registry access is on (`None`:
    /// off, so sizes are unknown); a lookup that failed says why.
    sizes: Option<BTreeMap<String, Result<u64, String>>>,
}

/// Asks the registry for the size of every image, concurrently, on a runtime made for
/// this command.
fn image_sizes(
    settings: &RegistrySettings,
    images: Vec<String>,
) -> Result<BTreeMap<String, Result<u64, String>>, Fatal> {
    let rt = crate::registry::command_runtime().map_err(Fatal)?;
    rt.block_on(async {
        let registry = Registry::new(settings, std::sync::Arc::new(Credentials::load()));
        let mut set = tokio::task::JoinSet::new();
        for image in images {
            let registry = registry.clone();
            set.spawn(async move {
                let size = match ImageRef::parse(&image) {
                    Ok(r) => registry.image_size(&r).await.map_err(|e| e.to_string()),
                    Err(e) => Err(format!("not an image reference: {e:?}")),
                };
                (image, size)
            });
        }
        let mut out = BTreeMap::new();
        while let Some(joined) = set.join_next().await {
            let (image, size) = joined.map_err(|e| Fatal(format!("a registry lookup failed: {e}")))?;
            out.insert(image, size);
        }
        Ok(out)
    })
}

fn display(root: &Path, p: &Path) -> String {
    let root = normalize(root);
    let p = normalize(p);
    let rel = p.strip_prefix(&root).unwrap_or(&p);
    let s = rel.to_string_lossy().replace('\\', "/");
    if s.is_empty() {
        ".".into()
    } else {
        s
    }
}

fn dockerfile_facts(df: &Dockerfile) -> DockerfileFacts {
    let model = DockerfileModel::build(df);
    let final_stage = model.stages.last();
    let in_final = |kind: Kind| {
        final_stage.is_some_and(|s| df.instructions[s.instructions.clone()].iter().any(|i| i.kind == kind))
    };
    // The user the final image runs as: the stage state at its end (a `USER` in a parent
    // stage counts, variables are expanded).
    let non_root = end_states(df, &model).last().is_some_and(|st| st.user.is_some() && !st.is_root());
    DockerfileFacts {
        stages: model.stages.len(),
        bases: model
            .stages
            .iter()
            .filter_map(|s| match &s.base {
                Base::Image { written, .. } => Some(written.clone()),
                _ => None,
            })
            .collect(),
        resolved_bases: model
            .stages
            .iter()
            .filter_map(|s| match &s.base {
                Base::Image { resolved, .. } => resolved.clone(),
                _ => None,
            })
            .collect(),
        cache_mounts: !cache_mounts(df, &model).is_empty(),
        non_root,
        healthcheck: in_final(Kind::Healthcheck),
        labels: in_final(Kind::Label),
    }
}

impl Facts {
    /// The images whose sizes the report shows: every base image and pulled image, and the
    /// bases the multi-stage conversions would use.
    fn images_to_size(&self) -> Vec<String> {
        let mut images: Vec<String> = self
            .dockerfiles
            .iter()
            .filter_map(|(_, d, _)| d.as_ref())
            .flat_map(|d| d.resolved_bases.iter().cloned())
            .chain(self.services.iter().filter(|s| s.built.is_none()).filter_map(|s| s.image.clone()))
            .chain(self.conversions.iter().flat_map(|c| c.before.iter().chain(c.after.iter()).cloned()))
            .collect();
        images.sort();
        images.dedup();
        images
    }

    fn gather(root: &Path, project: &Project, files: &[Checked]) -> Facts {
        let title = std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| "project".into());
        let mut services: Vec<ServiceFacts> = Vec::new();
        let mut index: HashMap<(usize, String), usize> = HashMap::new();
        let mut compose_files = Vec::new();
        let config_of = |doc: usize| project.configuration_of(doc).unwrap_or(doc);
        for (d, doc) in project.compose.iter().enumerate() {
            let shown = display(root, &doc.path);
            compose_files.push((shown.clone(), doc.file.services.len()));
            if project.configuration_of(d) != Some(d) {
                continue;
            }
            for svc in &doc.merged {
                let name = svc.name.value.clone();
                let i = *index.entry((d, name.clone())).or_insert_with(|| {
                    services.push(ServiceFacts { name: name.clone(), config: shown.clone(), ..Default::default() });
                    services.len() - 1
                });
                let s = &mut services[i];
                if !s.files.contains(&shown) {
                    s.files.push(shown.clone());
                }
                absorb(s, svc, &shown);
            }
        }
        // Builds, with their Dockerfile's facts.
        let mut dockerfile_users: BTreeMap<String, (Option<DockerfileFacts>, Vec<String>)> = BTreeMap::new();
        // The services (configuration, name) that build each Dockerfile.
        let mut dockerfile_keys: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        for b in &project.builds {
            let (dockerfile, facts) = match &b.dockerfile {
                DockerfileRef::Path { path, .. } => {
                    (display(root, path), project.dockerfiles.get(&normalize(path)).map(|d| dockerfile_facts(d)))
                }
                DockerfileRef::Inline(_) => ("(inline `dockerfile_inline`)".to_string(), None),
            };
            let entry = dockerfile_users.entry(dockerfile.clone()).or_insert_with(|| (facts.clone(), Vec::new()));
            if !entry.1.contains(&b.service_name) {
                entry.1.push(b.service_name.clone());
            }
            let key = (config_of(b.compose), b.service_name.clone());
            let keys = dockerfile_keys.entry(dockerfile.clone()).or_default();
            if !keys.contains(&key) {
                keys.push(key.clone());
            }
            if let Some(&i) = index.get(&key) {
                let s = &mut services[i];
                if s.built.is_none() {
                    let context = display(root, &b.context_dir);
                    s.built = Some(BuildFacts {
                        context_is_root: context == ".",
                        context,
                        dockerfile,
                        ignore_file: b.ignore_file.as_deref().map(|p| display(root, p)),
                        dockerfile_facts: facts,
                    });
                    s.image = b.image.clone();
                }
            }
        }
        // Dockerfiles no service builds still belong in the build setup.
        for f in files {
            let is_dockerfile = f
                .path
                .as_deref()
                .is_some_and(|p| shipshape_rules::FileKind::detect(p) == Some(shipshape_rules::FileKind::Dockerfile));
            if is_dockerfile && !dockerfile_users.contains_key(&f.display) {
                let df = shipshape_rules::syntax::dockerfile::parse(&f.text);
                dockerfile_users.insert(f.display.clone(), (Some(dockerfile_facts(&df)), Vec::new()));
            }
        }

        // Findings, attributed to services: Compose findings by the service entry they sit
        // in, Dockerfile findings to every service that builds the Dockerfile.
        let mut all = Vec::new();
        let mut other = Vec::new();
        for f in files {
            let index_lines = LineIndex::new(&f.text);
            let compose = f
                .path
                .as_deref()
                .and_then(|p| project.compose.iter().enumerate().find(|(_, d)| normalize(&d.path) == normalize(p)));
            for d in &f.diagnostics {
                let finding = finding(f, &index_lines, d);
                all.push(finding.clone());
                let owners: Vec<usize> = match compose {
                    Some((di, doc)) => doc
                        .file
                        .services
                        .iter()
                        .filter(|s| {
                            s.range.start <= d.range.start && d.range.start < s.range.end.max(s.range.start + 1)
                        })
                        .filter_map(|s| index.get(&(config_of(di), s.name.value.clone())).copied())
                        .collect(),
                    None => dockerfile_keys
                        .get(&f.display)
                        .map(|keys| keys.iter().filter_map(|k| index.get(k).copied()).collect())
                        .unwrap_or_default(),
                };
                for &i in &owners {
                    // The same finding in several Compose files is one issue of the service.
                    let list = &mut services[i].findings;
                    if !list.iter().any(|x| x.rule == finding.rule && x.message == finding.message) {
                        list.push(finding.clone());
                    }
                }
                if owners.is_empty() {
                    other.push(finding);
                }
            }
        }
        // A service that never builds is known by the image it pulls.
        for s in services.iter_mut().filter(|s| s.built.is_none()) {
            s.image = s.pulled_elsewhere.first().map(|(_, i)| i.clone());
        }
        Facts {
            title,
            compose_files,
            dockerfiles: dockerfile_users.into_iter().map(|(k, (f, u))| (k, f, u)).collect(),
            services,
            other,
            all,
            files_checked: files.len(),
            fixed_safe: 0,
            fixed_unsafe: 0,
            contexts: Vec::new(),
            steps: Vec::new(),
            conversions: Vec::new(),
            sizes: None,
        }
    }
}

fn absorb(s: &mut ServiceFacts, svc: &Service, file: &str) {
    if svc.build.is_none() {
        if let Some(i) = &svc.image {
            s.pulled_elsewhere.push((file.to_string(), i.value.clone()));
        }
    }
    s.limits |= svc.resources.is_some();
    s.healthcheck |= svc.healthcheck.is_some();
    s.volumes |= !svc.volumes.is_empty();
}

fn finding(f: &Checked, index: &LineIndex, d: &Diagnostic) -> Finding {
    let line = index.line_of(d.range.start.min(f.text.len())) + 1;
    Finding {
        rule: d.rule,
        severity: d.severity,
        message: d.message.clone(),
        location: format!("{}:{line}", f.display),
        applicability: d.fix.as_ref().map(|x| x.applicability),
    }
}

fn icon(s: Severity) -> &'static str {
    match s {
        Severity::Error => "❌",
        Severity::Warning => "⚠️",
        // Not 💡: without a colour-emoji font (Chromium on a server) it renders as a box.
        Severity::Info => "ℹ️",
    }
}

fn counts(findings: &[Finding]) -> (usize, usize, usize) {
    let n = |s| findings.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn status(findings: &[Finding]) -> String {
    let (e, w, i) = counts(findings);
    let mut parts = Vec::new();
    if e > 0 {
        parts.push(plural(e, "error"));
    }
    if w > 0 {
        parts.push(plural(w, "warning"));
    }
    if i > 0 {
        parts.push(plural(i, "suggestion"));
    }
    let mark = if e > 0 {
        "❌"
    } else if w > 0 {
        "⚠️"
    } else {
        "✅"
    };
    if parts.is_empty() {
        format!("{mark} no issues found")
    } else {
        format!("{mark} {}", parts.join(", "))
    }
}

/// Text for a table cell: one line, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('\n', " ").replace('|', "\\|")
}

fn pulled_optimizations(s: &ServiceFacts) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(img) = &s.image {
        if let Ok(r) = ImageRef::parse(img) {
            if r.digest.is_some() {
                out.push("pinned by digest".to_string());
            } else if r
                .tag
                .as_deref()
                .is_some_and(|t| t != "latest" && t.chars().next().is_some_and(|c| c.is_ascii_digit() || c == 'v'))
            {
                out.push("version pinned".to_string());
            }
            if r.tag.as_deref().is_some_and(|t| t.contains("alpine") || t.contains("slim")) {
                out.push("slim base (alpine/slim)".to_string());
            }
        }
    }
    if s.limits {
        out.push("resource limits".into());
    }
    if s.healthcheck {
        out.push("healthcheck".into());
    }
    if s.volumes {
        out.push("volumes".into());
    }
    out
}

fn built_optimizations(s: &ServiceFacts, b: &BuildFacts) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(f) = &b.dockerfile_facts {
        if f.stages > 1 {
            out.push(format!("{}-stage build", f.stages));
        }
        if f.cache_mounts {
            out.push("BuildKit cache mounts".into());
        }
        if f.non_root {
            out.push("non-root user".into());
        }
        if f.healthcheck || s.healthcheck {
            out.push("healthcheck".into());
        }
        if f.labels {
            out.push("image labels".into());
        }
    }
    if b.ignore_file.is_some() {
        out.push("`.dockerignore`".into());
    }
    if s.limits {
        out.push("resource limits".into());
    }
    out
}

/// Recommendations for a set of findings: one per rule, with how to apply it.
fn recommendations(findings: &[Finding]) -> Vec<String> {
    let mut seen = Vec::new();
    let mut out = Vec::new();
    for f in findings {
        if seen.contains(&f.rule) {
            continue;
        }
        seen.push(f.rule);
        let Some(r) = rules::rule(f.rule) else { continue };
        let how = how_to_apply(f.rule, findings.iter().filter(|x| x.rule == f.rule).filter_map(|x| x.applicability));
        out.push(format!("{} (`{}`){how}", r.meta().summary, f.rule));
    }
    out
}

fn how_to_apply(rule: &str, applicabilities: impl Iterator<Item = Applicability>) -> String {
    let list: Vec<Applicability> = applicabilities.collect();
    if PIN_RULES.contains(&rule) {
        return " — `shipshape pin`".into();
    }
    if list.contains(&Applicability::Safe) {
        " — `shipshape fix`".into()
    } else if list.contains(&Applicability::Unsafe) {
        format!(" — `shipshape fix --unsafe --select {rule}` (review the result)")
    } else {
        String::new()
    }
}

/// `SOURCE_DATE_EPOCH` when set (reproducible output), else now; as `YYYY-MM-DD` (UTC).
fn today() -> String {
    let secs =
        std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
        });
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_420), (2025, 11, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }
}
