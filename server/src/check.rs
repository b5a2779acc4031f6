//! `shipshape check`: discover, read, analyse, print, exit code.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shipshape_rules::discover::discover;
use shipshape_rules::fs::FileSystem;
use shipshape_rules::rules::REGISTRY;
use shipshape_rules::syntax::dotenv;
use shipshape_rules::{Diagnostic, FileKind, Settings, Severity};

use crate::cli::{CheckArgs, Format};
use crate::osfs::OsFs;
use crate::output;

/// Files larger than this are skipped with a message: no Dockerfile or Compose file
/// is this big, and reading one must not cost the user's memory.
pub const MAX_FILE_SIZE: u64 = 5 * 1024 * 1024;

/// One analysed file, ready for output.
pub struct Checked {
    /// The path as shown to the user (SPEC §2).
    pub display: String,
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

struct Target {
    path: Option<PathBuf>,
    display: String,
    kind: FileKind,
}

/// A fatal error: printed on stderr, exit code 2, nothing on stdout.
struct Fatal(String);

pub fn run(args: &CheckArgs) -> ExitCode {
    match check(args) {
        Ok((files, checked)) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            let res = match args.format {
                Format::Human => output::human(&mut out, &files, checked),
                Format::Json => output::json(&mut out, &files, checked),
                Format::Github => output::github(&mut out, &files),
            };
            if let Err(e) = res {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    eprintln!("shipshape: error: cannot write output: {e}");
                    return ExitCode::from(2);
                }
            }
            let failed = files.iter().flat_map(|f| &f.diagnostics).any(|d| args.fail_level.fails(d.severity));
            ExitCode::from(u8::from(failed))
        }
        Err(Fatal(msg)) => {
            eprintln!("shipshape: error: {msg}");
            ExitCode::from(2)
        }
    }
}

fn settings(args: &CheckArgs) -> Settings {
    let known = |id: &String| REGISTRY.iter().any(|r| r.meta().id == id);
    for id in args.select.iter().flatten().chain(&args.ignore) {
        if !known(id) {
            let ids = REGISTRY.iter().map(|r| r.meta().id);
            let hint = shipshape_rules::util::did_you_mean(id, ids)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            eprintln!("shipshape: warning: unknown rule `{id}`{hint}");
        }
    }
    Settings { select: args.select.clone(), ignore: args.ignore.clone(), ..Default::default() }
}

/// Returns the analysed files (sorted by display path) and how many files were checked.
fn check(args: &CheckArgs) -> Result<(Vec<Checked>, usize), Fatal> {
    let settings = settings(args);
    let targets = targets(args)?;
    let mut files = Vec::new();
    for t in &targets {
        let bytes = match &t.path {
            None => {
                let mut buf = Vec::new();
                std::io::stdin()
                    .take(MAX_FILE_SIZE + 1)
                    .read_to_end(&mut buf)
                    .map_err(|e| Fatal(format!("cannot read standard input: {e}")))?;
                buf
            }
            Some(p) => {
                let len = std::fs::metadata(p)
                    .map(|m| m.len())
                    .map_err(|e| Fatal(format!("{}: {}", t.display, io_msg(&e))))?;
                if len > MAX_FILE_SIZE {
                    eprintln!(
                        "shipshape: skipping {}: {} MiB is over the {} MiB limit",
                        t.display,
                        len / (1024 * 1024),
                        MAX_FILE_SIZE / (1024 * 1024)
                    );
                    continue;
                }
                std::fs::read(p).map_err(|e| Fatal(format!("{}: {}", t.display, io_msg(&e))))?
            }
        };
        if bytes.len() as u64 > MAX_FILE_SIZE {
            eprintln!("shipshape: skipping {}: over the {} MiB limit", t.display, MAX_FILE_SIZE / (1024 * 1024));
            continue;
        }
        files.push(analyse(t, bytes, &settings));
    }
    let count = files.len();
    files.sort_by(|a, b| a.display.cmp(&b.display));
    Ok((files, count))
}

fn io_msg(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn analyse(t: &Target, bytes: Vec<u8>, settings: &Settings) -> Checked {
    let binary = bytes.iter().take(8192).any(|&b| b == 0);
    let text = match (binary, String::from_utf8(bytes)) {
        (false, Ok(text)) => text,
        _ => {
            let d = Diagnostic {
                rule: "syntax-error",
                severity: Severity::Error,
                message: "not a text file (binary content or invalid UTF-8); skipped".into(),
                range: 0..0,
                fix: None,
                related: Vec::new(),
            };
            return Checked { display: t.display.clone(), text: String::new(), diagnostics: vec![d] };
        }
    };
    let env = compose_env(t.path.as_deref());
    let lookup = |name: &str| {
        std::env::var(name).ok().or_else(|| env.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
    };
    let diagnostics = shipshape_rules::check(t.kind, t.path.as_deref(), &text, &lookup, settings);
    Checked { display: t.display.clone(), text, diagnostics }
}

/// The `.env` next to a Compose file, which Compose reads for interpolation.
fn compose_env(path: Option<&Path>) -> Vec<(String, String)> {
    let Some(dir) = path.and_then(Path::parent) else { return Vec::new() };
    OsFs.read_to_string(&dir.join(".env")).map(|t| dotenv::parse(&t)).unwrap_or_default()
}

fn display(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn targets(args: &CheckArgs) -> Result<Vec<Target>, Fatal> {
    let mut out = Vec::new();
    for p in &args.paths {
        if p.as_os_str() == "-" {
            let name = args.stdin_filename.clone();
            let kind = name.as_deref().map_or(FileKind::Dockerfile, kind_for_explicit);
            out.push(Target { path: None, display: name.as_deref().map_or("-".into(), display), kind });
            continue;
        }
        let meta = std::fs::metadata(p).map_err(|e| Fatal(format!("{}: {}", p.display(), io_msg(&e))))?;
        if meta.is_dir() {
            for (file, kind) in discover(&OsFs, p) {
                let rel = file.strip_prefix(p).unwrap_or(&file);
                out.push(Target { display: display(rel), path: Some(file), kind });
            }
        } else {
            out.push(Target { path: Some(p.clone()), display: display(p), kind: kind_for_explicit(p) });
        }
    }
    Ok(out)
}

/// A file named on the command line is checked whatever its name: YAML as Compose,
/// anything else as a Dockerfile.
fn kind_for_explicit(p: &Path) -> FileKind {
    FileKind::detect(p).unwrap_or_else(|| match p.extension().and_then(|e| e.to_str()) {
        Some("yml" | "yaml") => FileKind::Compose,
        _ => FileKind::Dockerfile,
    })
}
