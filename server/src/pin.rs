//! `shipshape pin`: rewrite `FROM` images and Compose `image:` values to
//! `name:version@sha256:…` from what the registry says today. Each reference that resolves
//! is pinned; each that does not (a private image, a typo, a locally built name) is left as
//! written and reported on stderr with the registry's reason, and the exit code is 1. Only
//! when no registry could be reached at all is nothing written (exit 2).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use shipshape_rules::diagnostic::apply_edits;
use shipshape_rules::model::dockerfile::DockerfileModel;
use shipshape_rules::model::pinning::{self, PinMode, PinTarget};
use shipshape_rules::syntax::{compose, dockerfile};
use shipshape_rules::text::LineIndex;
use shipshape_rules::{Edit, FileKind};

use crate::check::{config_for, fatal_exit, read_inputs, Fatal};
use crate::cli::{PinArgs, PinModeArg};
use crate::osfs::BoundedFs;
use crate::registry::{Credentials, PinInfo, Registry, RegistryError, RegistrySettings};

/// The references a file can have pinned, in source order.
pub fn targets(kind: FileKind, text: &str) -> Vec<PinTarget> {
    match kind {
        FileKind::Dockerfile => {
            let df = dockerfile::parse(text);
            pinning::dockerfile_targets(&df, &DockerfileModel::build(&df))
        }
        FileKind::Compose => pinning::compose_targets(&compose::parse(text)),
    }
}

struct Planned {
    display: String,
    path: Option<PathBuf>,
    text: String,
    targets: Vec<(PinTarget, RegistrySettings)>,
}

pub fn run(args: &PinArgs) -> ExitCode {
    match pin(args) {
        Ok(code) => code,
        Err(f) => fatal_exit(f),
    }
}

fn pin(args: &PinArgs) -> Result<ExitCode, Fatal> {
    let mode = match args.mode {
        PinModeArg::Digest => PinMode::Digest,
        PinModeArg::Version => PinMode::Version,
        PinModeArg::Both => PinMode::Both,
    };
    let mut plans = Vec::new();
    for input in read_inputs(&args.paths, None, &BoundedFs::for_paths(&args.paths))? {
        let Some(text) = input.text else {
            eprintln!("shipshape: warning: {}: not a text file; skipped", input.display);
            continue;
        };
        let found: Vec<PinTarget> =
            targets(input.kind, &text).into_iter().filter(|t| pinning::needs_pin(&t.image, mode)).collect();
        if found.is_empty() {
            continue;
        }
        let config = config_for(input.path.as_deref())?;
        let settings = RegistrySettings::from_config(config.as_ref(), args.online.then_some(true));
        if !settings.online {
            return Err(Fatal(format!(
                "{}: registry access is off, so nothing can be pinned and nothing was written: set \
                 `[registry] online = true` in .shipshape.toml or pass --online",
                input.display
            )));
        }
        let targets = found.into_iter().map(|t| (t, settings.clone())).collect();
        plans.push(Planned { display: input.display, path: input.path, text, targets });
    }
    if plans.is_empty() {
        eprintln!("Nothing to pin.");
        return Ok(ExitCode::SUCCESS);
    }

    let answers = lookup_all(&plans)?;
    if !answers.is_empty() && answers.values().all(|a| a.as_ref().is_err_and(RegistryError::is_unreachable)) {
        for plan in &plans {
            let index = LineIndex::new(&plan.text);
            for (t, s) in &plan.targets {
                if let Some(Err(e)) = answers.get(&(s.clone(), t.image.normalized_name(), t.image.tag.clone())) {
                    let line = index.line_of(t.range.start) + 1;
                    eprintln!("shipshape: error: {}:{line}: {}: {e}", plan.display, t.written);
                }
            }
        }
        eprintln!("shipshape: no registry could be reached; nothing was written.");
        return Ok(ExitCode::from(2));
    }

    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let (mut pinned, mut files, mut left) = (0, 0, 0);
    let mut writes = Vec::new();
    for plan in &plans {
        let index = LineIndex::new(&plan.text);
        let mut edits = Vec::new();
        for (t, s) in &plan.targets {
            let line = index.line_of(t.range.start) + 1;
            let info = match answers.get(&(s.clone(), t.image.normalized_name(), t.image.tag.clone())) {
                Some(Ok(info)) => info,
                Some(Err(e)) => {
                    eprintln!("shipshape: {}:{line}: {} left as is: {e}", plan.display, t.written);
                    left += 1;
                    continue;
                }
                None => continue,
            };
            match pinning::pinned(&t.written, &t.image, info.version.as_deref(), &info.digest, mode) {
                Some(new) => {
                    eprintln!("{}:{line}: {} -> {new}", plan.display, t.written);
                    edits.push(Edit::replace(t.range.clone(), new));
                }
                None if mode == PinMode::Version && info.version.is_none() => {
                    eprintln!(
                        "shipshape: {}:{line}: {} left as is: no version tag points at the same image",
                        plan.display, t.written
                    );
                    left += 1;
                }
                None => {}
            }
        }
        if edits.is_empty() {
            continue;
        }
        pinned += edits.len();
        files += 1;
        let new_text = apply_edits(&plan.text, &edits.iter().collect::<Vec<_>>());
        if args.dry_run {
            let diff = similar::TextDiff::from_lines(plan.text.as_str(), new_text.as_str());
            let (a, b) = (format!("a/{}", plan.display), format!("b/{}", plan.display));
            let _ = write!(out, "{}", diff.unified_diff().context_radius(3).header(&a, &b));
        } else if let Some(path) = &plan.path {
            writes.push((path.clone(), plan.display.clone(), new_text));
        }
    }
    for (path, display, text) in writes {
        crate::osfs::write_atomically(&path, &text).map_err(|e| Fatal(format!("{display}: cannot write: {e}")))?;
    }
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let verb = if args.dry_run { "Would pin" } else { "Pinned" };
    let unpinned =
        if left > 0 { format!("; {left} reference{} left unpinned (see above)", s(left)) } else { String::new() };
    eprintln!("{verb} {pinned} image{} in {files} file{}{unpinned}.", s(pinned), s(files));
    Ok(ExitCode::from(u8::from(left > 0)))
}

type Key = (RegistrySettings, String, Option<String>);

/// Looks every distinct reference up, concurrently, on a runtime made for this command.
fn lookup_all(plans: &[Planned]) -> Result<HashMap<Key, Result<Arc<PinInfo>, RegistryError>>, Fatal> {
    let rt = crate::registry::command_runtime().map_err(Fatal)?;
    rt.block_on(async {
        let creds = Arc::new(Credentials::load());
        let mut registries: HashMap<RegistrySettings, Arc<Registry>> = HashMap::new();
        let mut set = tokio::task::JoinSet::new();
        let mut asked = std::collections::HashSet::new();
        for (t, s) in plans.iter().flat_map(|p| &p.targets) {
            let key: Key = (s.clone(), t.image.normalized_name(), t.image.tag.clone());
            if !asked.insert(key.clone()) {
                continue;
            }
            let registry = registries.entry(s.clone()).or_insert_with(|| Registry::new(s, creds.clone())).clone();
            let image = t.image.clone();
            set.spawn(async move { (key, registry.lookup(&image).await) });
        }
        let mut answers = HashMap::new();
        let mut progress = crate::progress::Progress::new("asking the registry", set.len());
        while let Some(joined) = set.join_next().await {
            let (k, v) = joined.map_err(|e| Fatal(format!("a registry lookup failed: {e}")))?;
            progress.tick(&k.1);
            answers.insert(k, v);
        }
        Ok(answers)
    })
}
