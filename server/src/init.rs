//! `shipshape init`: writes `.shipshape.toml` — a starter, or the equivalent of the
//! project's hadolint config, so a team moving from hadolint keeps its choices in one
//! file it can then extend.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shipshape_rules::config::{Config, FILE_NAME, HADOLINT_FILE_NAMES};

use crate::cli::InitArgs;

const STARTER: &str = r#"# shipshape's settings: https://github.com/shipshape-dev/shipshape#configuration-and-silencing
preset = "recommended"          # "strict" turns on the rules that are off by default
# ignore = ["root-user"]        # rule ids or hadolint codes (DL3008)
# fail-level = "warning"        # the CLI's default --fail-level
# trusted-registries = ["docker.io"]

# [severity]
# latest-tag = "error"          # info | warning | error | off

# [registry]
# online = true                 # `shipshape pin` and tag checks may ask registries

# [format]
# compose-indent = 2            # `shipshape format` re-indents Compose files (unset: kept)
# split-run-chains = true       # and lays RUN a && b out one command per line
"#;

pub fn run(args: &InitArgs) -> ExitCode {
    let target = PathBuf::from(FILE_NAME);
    if target.exists() && !args.force {
        eprintln!("shipshape: {FILE_NAME} already exists here; pass --force to replace it");
        return ExitCode::from(2);
    }
    let text = match &args.from_hadolint {
        None => STARTER.to_string(),
        Some(p) => {
            let source = p.clone().or_else(find_hadolint);
            let Some(source) = source else {
                eprintln!(
                    "shipshape: no hadolint config found (looked for {} here and above, and hadolint's user-level ones)",
                    HADOLINT_FILE_NAMES.join(", ")
                );
                return ExitCode::from(2);
            };
            match convert(&source) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("shipshape: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    };
    if let Err(e) = crate::osfs::write_atomically(&target, &text) {
        eprintln!("shipshape: {FILE_NAME}: cannot write: {e}");
        return ExitCode::from(2);
    }
    eprintln!("shipshape: wrote {FILE_NAME}");
    ExitCode::SUCCESS
}

/// The nearest project-level hadolint config, then the user-level one.
fn find_hadolint() -> Option<PathBuf> {
    let here = std::env::current_dir().ok()?;
    here.ancestors()
        .flat_map(|d| HADOLINT_FILE_NAMES.map(|n| d.join(n)))
        .find(|p| p.is_file())
        .or_else(crate::check::user_hadolint_config)
}

/// The `.shipshape.toml` text for a hadolint config; its problems go to stderr.
fn convert(source: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(source).map_err(|e| format!("{}: {e}", source.display()))?;
    let (config, issues) = Config::from_hadolint(&text);
    for i in &issues {
        if i.fatal {
            return Err(format!("{}: {}", source.display(), i.message));
        }
        eprintln!("shipshape: warning: {}: {}", source.display(), i.message);
    }
    let body = config.to_toml();
    Ok(format!(
        "# Converted from {} by `shipshape init --from-hadolint`.\n# hadolint codes (DL3008) name the findings of the rules that answer them.\n{body}",
        source.display()
    ))
}
