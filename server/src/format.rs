//! `shipshape format`: lay Dockerfiles and Compose files out the same way everywhere,
//! without changing what they mean (see `shipshape_rules::format`).

use std::io::Write;
use std::process::ExitCode;

use crate::check::{display, fatal_exit, read_inputs, Fatal};
use crate::cli::FormatArgs;
use crate::osfs::BoundedFs;

pub fn run(args: &FormatArgs) -> ExitCode {
    match format(args) {
        Ok(code) => code,
        Err(f) => fatal_exit(f),
    }
}

fn format(args: &FormatArgs) -> Result<ExitCode, Fatal> {
    let inputs = read_inputs(&args.paths, None, &BoundedFs::for_paths(&args.paths))?;
    let (mut changed, mut unchanged) = (0usize, 0usize);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut progress = crate::progress::Progress::new("formatting", inputs.len());
    for input in &inputs {
        progress.tick(&input.display);
        let (Some(text), Some(path)) = (&input.text, &input.path) else { continue };
        // `[format]` of the config that applies to the file; the flag wins.
        let mut options = crate::check::config_for(Some(path))?.map(|c| c.format).unwrap_or_default();
        if let Some(n) = args.compose_indent {
            options.compose_indent = Some(usize::from(n));
        }
        options.split_run_chains |= args.split_run_chains;
        let formatted = shipshape_rules::format::format_with(input.kind, text, options);
        if formatted == *text {
            unchanged += 1;
            continue;
        }
        changed += 1;
        if args.diff {
            let shown = display(path);
            let diff = similar::TextDiff::from_lines(text.as_str(), formatted.as_str());
            let _ = write!(
                out,
                "{}",
                diff.unified_diff().context_radius(3).header(&format!("a/{shown}"), &format!("b/{shown}"))
            );
        } else if args.check {
            eprintln!("Would reformat: {}", input.display);
        } else {
            crate::osfs::write_atomically(path, &formatted)
                .map_err(|e| Fatal(format!("{}: cannot write: {e}", input.display)))?;
        }
    }
    drop(progress);
    let s = |n: usize| if n == 1 { "" } else { "s" };
    let verb = if args.check || args.diff { "would be reformatted" } else { "reformatted" };
    eprintln!("{changed} file{} {verb}, {unchanged} file{} already formatted.", s(changed), s(unchanged));
    Ok(ExitCode::from(u8::from((args.check || args.diff) && changed > 0)))
}
