//! `shipshape report`: the project's diagnosis report, in the shape of the hand-written
//! report this project started from (SPEC §2). It has a services inventory with a status per
//! service, the build configuration, the issues with their impact, the recommendations, and
//! a plan ordered by how much work each step is. It is Markdown, or HTML with
//! `--format html`.
//!
//! Everything in it comes from the same analysis as `check` (the findings) and from the
//! project model (services, builds, Dockerfiles). The report adds grouping and wording,
//! never findings of its own.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shipshape_rules::model::dockerfile::{is_root_user, Base, DockerfileModel};
use shipshape_rules::model::pinning::PIN_RULES;
use shipshape_rules::model::project::{normalize, DockerfileRef, Project};
use shipshape_rules::model::well_known::known_image;
use shipshape_rules::rules::{self, REGISTRY};
use shipshape_rules::syntax::compose::Service;
use shipshape_rules::syntax::dockerfile::{Dockerfile, Kind};
use shipshape_rules::syntax::image_ref::ImageRef;
use shipshape_rules::text::LineIndex;
use shipshape_rules::{Applicability, Diagnostic, Severity};

use crate::check::{check_paths, fatal_exit, plan_fix, Checked, Fatal};
use crate::cli::{ReportArgs, ReportFormat, RuleArgs};
use crate::osfs::BoundedFs;

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
    let project = Project::load(&BoundedFs::for_paths(std::slice::from_ref(&root)), &root, &env);
    let mut facts = Facts::gather(&root, &project, &files);
    let paths = std::slice::from_ref(&root);
    facts.fixed_safe = plan_fix(paths, &RuleArgs::default(), false)?.fixed;
    facts.fixed_unsafe = plan_fix(paths, &RuleArgs::default(), true)?.fixed.saturating_sub(facts.fixed_safe);
    let markdown = render(&facts);
    let out = match args.format {
        ReportFormat::Markdown => markdown,
        ReportFormat::Html => html(&facts.title, &markdown),
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
    let non_root = final_stage.is_some_and(|s| {
        df.instructions[s.instructions.clone()].iter().rev().find(|i| i.kind == Kind::User).is_some_and(|u| {
            let user = u.args_text();
            !user.trim().is_empty() && !is_root_user(user)
        })
    });
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
        cache_mounts: df.instructions.iter().any(|i| {
            i.kind == Kind::Run
                && i.flags.iter().any(|f| {
                    f.name.eq_ignore_ascii_case("mount")
                        && f.fields(&i.line).iter().any(|x| x.key == "type" && x.value.as_deref() == Some("cache"))
                })
        }),
        non_root,
        healthcheck: in_final(Kind::Healthcheck),
        labels: in_final(Kind::Label),
    }
}

impl Facts {
    fn gather(root: &Path, project: &Project, files: &[Checked]) -> Facts {
        let title = std::fs::canonicalize(root)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().to_string()))
            .unwrap_or_else(|| "project".into());
        let mut services: Vec<ServiceFacts> = Vec::new();
        let mut index: HashMap<(usize, String), usize> = HashMap::new();
        let mut compose_files = Vec::new();
        // An override file belongs to its base's configuration (its services are in the
        // base's merged list already).
        let config_of = |doc: usize| project.compose.get(doc).and_then(|d| d.overrides).unwrap_or(doc);
        // Files other files `extends` from or `include` are parts of those configurations.
        let mut parts: Vec<PathBuf> = Vec::new();
        for doc in &project.compose {
            let dir = doc.dir();
            parts.extend(doc.file.includes.iter().map(|i| normalize(&dir.join(&i.value))));
            parts.extend(
                doc.file
                    .services
                    .iter()
                    .filter_map(|s| s.extends.as_ref()?.file.as_ref())
                    .map(|f| normalize(&dir.join(&f.value))),
            );
        }
        for (d, doc) in project.compose.iter().enumerate() {
            let shown = display(root, &doc.path);
            compose_files.push((shown.clone(), doc.file.services.len()));
            if doc.overrides.is_some() || parts.contains(&normalize(&doc.path)) {
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

/// Where a pulled image belongs in the inventory.
fn role(image: &str) -> &'static str {
    let repo = ImageRef::parse(image).map(|r| r.repository()).unwrap_or_else(|_| image.to_string());
    let name = repo.rsplit('/').next().unwrap_or(&repo).to_ascii_lowercase();
    const LOGGING: &[&str] = &[
        "elasticsearch",
        "logstash",
        "kibana",
        "apm-server",
        "loki",
        "promtail",
        "fluentd",
        "fluent-bit",
        "filebeat",
        "vector",
        "opensearch",
        "opensearch-dashboards",
        "graylog",
        "seq",
    ];
    const MONITORING: &[&str] = &[
        "prometheus",
        "grafana",
        "alertmanager",
        "node-exporter",
        "cadvisor",
        "jaeger",
        "all-in-one",
        "tempo",
        "opentelemetry-collector",
        "opentelemetry-collector-contrib",
        "zipkin",
        "pushgateway",
        "blackbox-exporter",
        "uptime-kuma",
        "netdata",
    ];
    const INFRA: &[&str] = &[
        "pgbouncer",
        "nginx",
        "traefik",
        "haproxy",
        "caddy",
        "envoy",
        "kafka",
        "rabbitmq",
        "nats",
        "vault",
        "consul",
        "keycloak",
        "mailhog",
        "mailpit",
        "localstack",
        "memcached",
    ];
    if LOGGING.contains(&name.as_str()) {
        "Logging Services"
    } else if MONITORING.contains(&name.as_str()) || name.ends_with("-exporter") {
        "Monitoring Services"
    } else if known_image(image).is_some() || INFRA.iter().any(|k| name == *k || name.starts_with(&format!("{k}-"))) {
        "Infrastructure Services"
    } else {
        "Other Services"
    }
}

const GROUPS: [&str; 5] =
    ["Application Services", "Infrastructure Services", "Monitoring Services", "Logging Services", "Other Services"];

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

/// The first paragraph of a docs section (`## Why`, `## Fix`), on one line.
fn doc_paragraph(docs: &str, heading: &str) -> Option<String> {
    let start = docs.find(heading)? + heading.len();
    let body = &docs[start..];
    let para: Vec<&str> = body
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    if para.is_empty() || para[0].starts_with("```") {
        return None;
    }
    let mut out = para.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    // "…, for example:" introduces a code block: keep it, or the sentence dangles.
    if out.ends_with(':') {
        let rest =
            body.lines().skip_while(|l| l.trim().is_empty()).skip(para.len()).skip_while(|l| l.trim().is_empty());
        let mut block: Vec<&str> = Vec::new();
        for l in rest {
            if block.is_empty() && !l.starts_with("```") {
                break;
            }
            block.push(l);
            if block.len() > 1 && l.starts_with("```") {
                break;
            }
        }
        if block.len() > 1 && block.last().is_some_and(|l| l.starts_with("```")) {
            out = format!("{out}\n\n{}", block.join("\n"));
        } else {
            out.pop();
            out.push('.');
        }
    }
    Some(out)
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

fn render(f: &Facts) -> String {
    let mut md = String::new();
    let (e, w, i) = counts(&f.all);
    let built = f.services.iter().filter(|s| s.built.is_some()).count();
    let pulled = f.services.len() - built;
    let (safe, unsafe_) = (f.fixed_safe, f.fixed_unsafe);

    let _ = writeln!(md, "# Docker Services Diagnosis & Optimization Report\n");
    let _ = writeln!(md, "**Project**: `{}`  ", f.title);
    let _ = writeln!(md, "**Generated**: {} by shipshape {}  ", today(), env!("CARGO_PKG_VERSION"));
    let _ = writeln!(
        md,
        "**Scope**: {}, {}, {} checked\n",
        plural(f.compose_files.len(), "Compose file"),
        plural(f.dockerfiles.len(), "Dockerfile"),
        plural(f.files_checked, "file")
    );

    let _ = writeln!(md, "## Executive Summary\n");
    let _ = writeln!(
        md,
        "{}{} ({} built from Dockerfiles, {} pulled). shipshape found {}, {} and {}. \
         {} can be fixed automatically with `shipshape fix`; {} more with `shipshape fix --unsafe` \
         (review those).\n",
        plural(f.services.len(), "service"),
        {
            let mut configs: Vec<&str> = f.services.iter().map(|s| s.config.as_str()).collect();
            configs.sort_unstable();
            configs.dedup();
            if configs.len() > 1 {
                format!(" in {} Compose configurations (each file with its override file)", configs.len())
            } else {
                String::new()
            }
        },
        built,
        pulled,
        plural(e, "error"),
        plural(w, "warning"),
        plural(i, "suggestion"),
        plural(safe, "finding"),
        unsafe_
    );
    let mut by_rule: Vec<(&'static str, Vec<&Finding>)> = Vec::new();
    for x in &f.all {
        match by_rule.iter_mut().find(|(r, _)| *r == x.rule) {
            Some((_, v)) => v.push(x),
            None => by_rule.push((x.rule, vec![x])),
        }
    }
    let worst = |v: &Vec<&Finding>| v.iter().map(|x| x.severity).max().unwrap_or(Severity::Info);
    by_rule.sort_by(|a, b| worst(&b.1).cmp(&worst(&a.1)).then(b.1.len().cmp(&a.1.len())).then(a.0.cmp(b.0)));
    if !by_rule.is_empty() {
        let _ = writeln!(md, "Most frequent issues:\n");
        for (rule, v) in by_rule.iter().take(5) {
            let summary = rules::rule(rule).map_or("", |r| r.meta().summary);
            let _ = writeln!(md, "- {} `{rule}` ×{}: {summary}", icon(worst(v)), v.len());
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Services Inventory\n");
    if f.services.is_empty() {
        let _ = writeln!(md, "No Compose services were found.\n");
    }
    let mut n = 0;
    for group in GROUPS {
        let members: Vec<&ServiceFacts> = f
            .services
            .iter()
            .filter(|s| match (&s.built, &s.image) {
                (Some(_), _) => group == "Application Services",
                (None, Some(img)) => role(img) == group,
                (None, None) => group == "Other Services",
            })
            .collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(md, "### {group}\n");
        for s in members {
            n += 1;
            service_entry(&mut md, n, s);
        }
    }

    if !f.other.is_empty() {
        let _ = writeln!(md, "### Outside the Services\n");
        let _ = writeln!(md, "Findings in files no Compose service builds, or at file level:\n");
        for x in &f.other {
            let _ = writeln!(md, "- {} `{}`: {} (`{}`)", icon(x.severity), x.rule, x.message, x.location);
        }
        md.push('\n');
    }

    let _ = writeln!(md, "## Build Configuration Analysis\n");
    let _ = writeln!(md, "### Current Build Setup\n");
    if !f.compose_files.is_empty() {
        let _ = writeln!(md, "**Docker Compose Files:**");
        for (file, count) in &f.compose_files {
            let _ = writeln!(md, "- `{file}` — {}", plural(*count, "service"));
        }
        md.push('\n');
    }
    if !f.dockerfiles.is_empty() {
        let _ = writeln!(md, "**Dockerfiles:**");
        for (file, facts, users) in &f.dockerfiles {
            let stages = facts.as_ref().map_or(String::new(), |x| format!(" — {}", plural(x.stages, "stage")));
            let by = if users.is_empty() {
                " (built by no Compose service)".to_string()
            } else {
                format!(", built by {}", users.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", "))
            };
            let _ = writeln!(md, "- `{file}`{stages}{by}");
        }
        md.push('\n');
    }
    let _ = writeln!(md, "**Build Optimizations Currently Applied:**");
    let dfs: Vec<&DockerfileFacts> = f.dockerfiles.iter().filter_map(|(_, x, _)| x.as_ref()).collect();
    let builds: Vec<&BuildFacts> = f.services.iter().filter_map(|s| s.built.as_ref()).collect();
    let pulled_imgs: Vec<&String> =
        f.services.iter().filter(|s| s.built.is_none()).filter_map(|s| s.image.as_ref()).collect();
    let check = |label: &str, have: usize, of: usize, what: &str| {
        let mark = if of == 0 {
            return String::new();
        } else if have == of {
            "✅"
        } else if have == 0 {
            "❌"
        } else {
            "⚠️"
        };
        format!("- {mark} {label} ({have} of {of} {what})\n")
    };
    md += &check("Multi-stage builds", dfs.iter().filter(|d| d.stages > 1).count(), dfs.len(), "Dockerfiles");
    md += &check("BuildKit cache mounts", dfs.iter().filter(|d| d.cache_mounts).count(), dfs.len(), "Dockerfiles");
    md += &check("Non-root runtime user", dfs.iter().filter(|d| d.non_root).count(), dfs.len(), "Dockerfiles");
    let mut contexts: Vec<(&str, bool)> =
        builds.iter().map(|b| (b.context.as_str(), b.ignore_file.is_some())).collect();
    contexts.sort();
    contexts.dedup();
    md += &check(
        "`.dockerignore` for the build context",
        contexts.iter().filter(|c| c.1).count(),
        contexts.len(),
        "contexts",
    );
    md += &check(
        "Build context narrower than the project root",
        builds.iter().filter(|b| !b.context_is_root).count(),
        builds.len(),
        "builds",
    );
    let pinned = pulled_imgs
        .iter()
        .filter(|i| {
            ImageRef::parse(i).is_ok_and(|r| r.digest.is_some() || r.tag.as_deref().is_some_and(|t| t != "latest"))
        })
        .count();
    md += &check("Image versions pinned", pinned, pulled_imgs.len(), "pulled images");
    md += &check(
        "Built images named (`image:`)",
        f.services.iter().filter(|s| s.built.is_some() && s.image.is_some()).count(),
        built,
        "built services",
    );
    md += &check("Resource limits", f.services.iter().filter(|s| s.limits).count(), f.services.len(), "services");
    md += &check(
        "Healthchecks",
        f.services
            .iter()
            .filter(|s| {
                s.healthcheck
                    || s.built.as_ref().is_some_and(|b| b.dockerfile_facts.as_ref().is_some_and(|d| d.healthcheck))
            })
            .count(),
        f.services.len(),
        "services",
    );
    md.push('\n');

    let _ = writeln!(md, "### Issues Identified\n");
    if by_rule.is_empty() {
        let _ = writeln!(md, "None: every file is clean at all severities.\n");
    }
    for (k, (rule, v)) in by_rule.iter().enumerate() {
        let Some(r) = rules::rule(rule) else { continue };
        let meta = r.meta();
        let _ = writeln!(md, "{}. **{}** (`{rule}`, {} ×{})", k + 1, meta.summary, worst(v).as_str(), v.len());
        if let Some(why) = doc_paragraph(meta.docs, "## Why") {
            let _ = writeln!(md, "   - **Impact**: {why}");
        }
        let mut places: Vec<&str> = v.iter().map(|x| x.location.as_str()).collect();
        places.dedup();
        let shown: Vec<String> = places.iter().take(8).map(|p| format!("`{p}`")).collect();
        let more = if places.len() > 8 { format!(" and {} more", places.len() - 8) } else { String::new() };
        let _ = writeln!(md, "   - **Where**: {}{more}", shown.join(", "));
    }
    md.push('\n');

    let _ = writeln!(md, "## Optimization Recommendations\n");
    if by_rule.is_empty() {
        let _ = writeln!(md, "Nothing to recommend.\n");
    }
    for (k, (rule, v)) in by_rule.iter().enumerate() {
        let Some(r) = rules::rule(rule) else { continue };
        let meta = r.meta();
        let _ = writeln!(md, "### {}. {}\n", k + 1, meta.summary);
        if let Some(fix) = doc_paragraph(meta.docs, "## Fix") {
            let _ = writeln!(md, "{fix}\n");
        }
        let how = how_to_apply(rule, v.iter().filter_map(|x| x.applicability));
        if let Some(cmd) = how.strip_prefix(" — ") {
            let _ = writeln!(md, "Apply: {cmd}. Details: `shipshape explain {rule}`.\n");
        } else {
            let _ = writeln!(md, "Details: `shipshape explain {rule}`.\n");
        }
    }

    let _ = writeln!(md, "## Implementation Plan\n");
    let pins = f.all.iter().filter(|x| PIN_RULES.contains(&x.rule)).count();
    let manual = f.all.iter().filter(|x| x.applicability.is_none_or(|a| a == Applicability::Manual)).count();
    let phases = [
        ("Safe automatic fixes", safe, "`shipshape fix` (then `shipshape check` to confirm)"),
        ("Pin images", pins, "`shipshape pin` with `[registry] online = true` (or `--online`)"),
        ("Reviewed rewrites", unsafe_, "`shipshape fix --unsafe --diff`, review, then apply"),
        ("Manual changes", manual.saturating_sub(pins), "the recommendations above, file by file"),
    ];
    let mut phase = 0;
    for (name, count, how) in phases {
        if count == 0 {
            continue;
        }
        phase += 1;
        let _ = writeln!(md, "### Phase {phase}: {name}\n- {}: {how}\n", plural(count, "finding"));
    }
    if phase == 0 {
        let _ = writeln!(md, "Nothing to do.\n");
    }

    if !f.all.is_empty() {
        let _ = writeln!(md, "## All Findings\n");
        let _ = writeln!(md, "| Location | Severity | Rule | Message |\n|---|---|---|---|");
        let mut all: Vec<&Finding> = f.all.iter().collect();
        all.sort_by(|a, b| a.location.cmp(&b.location).then(b.severity.cmp(&a.severity)));
        for x in all {
            let _ =
                writeln!(md, "| `{}` | {} | `{}` | {} |", x.location, x.severity.as_str(), x.rule, cell(&x.message));
        }
        md.push('\n');
    }
    let _ = write!(md, "---\n\nGenerated by `shipshape report`. Rules: {} (see `shipshape rules`).\n", REGISTRY.len());
    md
}

fn service_entry(md: &mut String, n: usize, s: &ServiceFacts) {
    let _ = writeln!(md, "{n}. **{}** (`{}`)", s.name, s.config);
    let _ = writeln!(md, "   - **Status**: {}", status(&s.findings));
    match &s.built {
        Some(b) => {
            let shape = b.dockerfile_facts.as_ref().map_or(String::new(), |d| match d.stages {
                1 => " (single-stage build)".into(),
                k => format!(" ({k}-stage build)"),
            });
            let _ = writeln!(md, "   - **Dockerfile**: `{}`{shape}", b.dockerfile);
            let root = if b.context_is_root { " (project root)" } else { "" };
            let _ = writeln!(md, "   - **Build Context**: `{}`{root}", b.context);
            if let Some(d) = &b.dockerfile_facts {
                if !d.bases.is_empty() {
                    let bases: Vec<String> = d.bases.iter().map(|x| format!("`{x}`")).collect();
                    let _ = writeln!(md, "   - **Base Images**: {}", bases.join(", "));
                }
            }
            if let Some(img) = &s.image {
                let _ = writeln!(md, "   - **Image Name**: `{img}`");
            }
            for (file, img) in &s.pulled_elsewhere {
                let _ = writeln!(md, "   - **Runs `{img}` instead in**: `{file}`");
            }
            let opts = built_optimizations(s, b);
            let _ = writeln!(
                md,
                "   - **Current Optimizations**: {}",
                if opts.is_empty() { "none found".into() } else { opts.join(", ") }
            );
        }
        None => {
            if let Some(img) = &s.image {
                let _ = writeln!(md, "   - **Image**: `{img}`");
            }
            let opts = pulled_optimizations(s);
            let _ = writeln!(
                md,
                "   - **Optimizations**: {}",
                if opts.is_empty() { "none found".into() } else { opts.join(", ") }
            );
        }
    }
    let files: Vec<String> = s.files.iter().map(|f| format!("`{f}`")).collect();
    let _ = writeln!(md, "   - **Defined in**: {}", files.join(", "));
    if s.findings.is_empty() {
        let _ = writeln!(md, "   - **Issues**: none identified");
    } else {
        let _ = writeln!(md, "   - **Issues**:");
        for x in &s.findings {
            let _ = writeln!(md, "     - {} `{}`: {} (`{}`)", icon(x.severity), x.rule, x.message, x.location);
        }
        let recs = recommendations(&s.findings);
        let _ = writeln!(md, "   - **Recommendations**:");
        for r in recs {
            let _ = writeln!(md, "     - {r}");
        }
    }
    md.push('\n');
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

/// The Markdown as a standalone HTML page. Raw HTML in the Markdown (a service or file
/// name is user text) is shown as text, never passed through.
fn html(title: &str, markdown: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser};
    let parser = Parser::new_ext(markdown, Options::ENABLE_TABLES).flat_map(|e| match e {
        Event::Html(t) | Event::InlineHtml(t) => vec![Event::Text(t)],
        Event::Text(t) => icons_to_badges(&t),
        other => vec![other],
    });
    let mut body = String::new();
    pulldown_cmark::html::push_html(&mut body, parser);
    let title = pulldown_cmark_escape(title);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Docker diagnosis report: {title}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )
}

/// The Markdown's status emoji as CSS-drawn badges in HTML: a browser without a colour
/// emoji font (Chromium on a CI machine) draws ❌ as an empty box.
fn icons_to_badges(text: &str) -> Vec<pulldown_cmark::Event<'static>> {
    use pulldown_cmark::{CowStr, Event};
    const BADGES: [(&str, &str, &str); 4] =
        [("❌", "error", "error"), ("⚠️", "warning", "warning"), ("ℹ️", "info", "info"), ("✅", "ok", "no findings")];
    let mut events = Vec::new();
    let mut rest = text;
    while let Some((at, (emoji, class, label))) =
        BADGES.iter().filter_map(|b| rest.find(b.0).map(|i| (i, b))).min_by_key(|(i, _)| *i)
    {
        if at > 0 {
            events.push(Event::Text(CowStr::from(rest[..at].to_string())));
        }
        events.push(Event::InlineHtml(CowStr::from(format!(
            "<span class=\"badge {class}\" role=\"img\" aria-label=\"{label}\" title=\"{label}\"></span>"
        ))));
        rest = &rest[at + emoji.len()..];
    }
    if !rest.is_empty() {
        events.push(Event::Text(CowStr::from(rest.to_string())));
    }
    events
}

fn pulldown_cmark_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const CSS: &str = "body { font: 15px/1.5 system-ui, sans-serif; color: #1f2328; margin: 0; }
main { max-width: 980px; margin: 0 auto; padding: 24px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
code { background: #eff1f3; padding: .1em .3em; border-radius: 4px; font-size: 90%; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
.badge { display: inline-block; width: .8em; height: .8em; border-radius: 50%; vertical-align: -.05em; }
.badge.error { background: #d1242f; }
.badge.warning { background: #d4a72c; border-radius: 2px; }
.badge.info { background: #0969da; }
.badge.ok { background: #1a7f37; }
@media (prefers-color-scheme: dark) {
  body { background: #0d1117; color: #e6edf3; }
  code { background: #262c36; }
  th { background: #161b22; }
  th, td, h1, h2 { border-color: #3d444d; }
}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_420), (2025, 11, 28));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn roles() {
        assert_eq!(role("prom/prometheus:latest"), "Monitoring Services");
        assert_eq!(role("docker.elastic.co/kibana/kibana:8.11.0"), "Logging Services");
        assert_eq!(role("postgres:15-alpine"), "Infrastructure Services");
        assert_eq!(role("edoburu/pgbouncer"), "Infrastructure Services");
        assert_eq!(role("example/thing"), "Other Services");
    }

    #[test]
    fn html_never_passes_raw_html_through() {
        let page = html("x<y", "# Title\n\nservice <script>alert(1)</script>\n\n| a |\n|---|\n| b |\n");
        assert!(!page.contains("<script>"));
        assert!(page.contains("&lt;script&gt;"));
        assert!(page.contains("<table>"));
        assert!(page.contains("<title>Docker diagnosis report: x&lt;y</title>"));
    }

    #[test]
    fn doc_paragraphs() {
        let docs = "# x\n\n## Why\nLine one\nline two.\n\nMore.\n## Fix\n```\ncode\n```\n## Silence\nFor example:\n\n```toml\na = 1\n```\n";
        assert_eq!(doc_paragraph(docs, "## Why").as_deref(), Some("Line one line two."));
        assert_eq!(doc_paragraph(docs, "## Fix"), None);
        assert_eq!(doc_paragraph(docs, "## Silence").as_deref(), Some("For example:\n\n```toml\na = 1\n```"));
    }
}
