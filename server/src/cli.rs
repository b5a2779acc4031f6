//! Command-line arguments and dispatch (SPEC §2).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use shipshape_rules::rules::REGISTRY;
use shipshape_rules::Severity;

#[derive(Parser)]
#[command(name = "shipshape", version, about = "Lint, fix and explain Dockerfiles and Docker Compose files")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the language server (LSP 3.17) on stdio.
    Lsp {
        /// Listen on 127.0.0.1:PORT (one client) instead of stdio.
        #[arg(long)]
        port: Option<u16>,
        /// Accepted for compatibility with clients that pass it; stdio is the default.
        #[arg(long, hide = true)]
        stdio: bool,
    },
    /// Lint files or folders (default `.`); `-` reads stdin.
    Check(CheckArgs),
    /// Apply fixes in place: safe ones, and unsafe ones with `--unsafe`.
    Fix(FixArgs),
    /// Lay files out the same way (keyword case, spacing, indentation of continued lines,
    /// blank lines), never changing what they mean.
    Format(FormatArgs),
    /// Pin images to a version and digest from the registry (needs `[registry] online = true` or `--online`).
    Pin(PinArgs),
    /// Write the project's diagnosis report (Markdown, or HTML).
    Report(ReportArgs),
    /// List the rules.
    Rules {
        /// `text` (aligned columns) or `markdown` (the README's rule table).
        #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
        format: RulesFormat,
    },
    /// Write a `.shipshape.toml` in the current folder: a starter, or the equivalent of a
    /// hadolint config with `--from-hadolint`.
    Init(InitArgs),
    /// Print one rule's documentation.
    Explain {
        /// Rule id, e.g. `latest-tag`.
        rule: String,
    },
}

#[derive(clap::Args)]
pub struct InitArgs {
    /// Convert hadolint's config: FILE, or the `.hadolint.yaml`/`.yml` found from here
    /// upwards, then hadolint's user-level one.
    #[arg(long, value_name = "FILE", num_args = 0..=1)]
    pub from_hadolint: Option<Option<PathBuf>>,
    /// Replace an existing `.shipshape.toml`.
    #[arg(long)]
    pub force: bool,
}

/// Rule selection flags shared by `check` and `fix` (on top of `.shipshape.toml`).
#[derive(clap::Args, Default)]
pub struct RuleArgs {
    /// Run only these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Skip these rules (comma-separated ids).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Use the strict preset (turns on rules that are off by default, such as no-digest).
    #[arg(long)]
    pub strict: bool,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files or folders to check; `-` reads standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Also write FORMAT to FILE (repeatable), e.g. `-o sarif:shipshape.sarif`.
    #[arg(short = 'o', long = "output", value_name = "FORMAT:FILE", value_parser = parse_output)]
    pub outputs: Vec<(Format, PathBuf)>,
    /// Lowest severity that makes the exit code 1 [default: the config's `fail-level`, else warning]
    #[arg(long, value_enum)]
    pub fail_level: Option<FailLevel>,
    /// File name to use for standard input (decides Dockerfile or Compose).
    #[arg(long)]
    pub stdin_filename: Option<PathBuf>,
    /// Say on stderr which external checkers ran (ShellCheck) and on how much.
    #[arg(short, long)]
    pub verbose: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(clap::Args)]
pub struct FixArgs {
    /// Files or folders to fix.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Also apply unsafe fixes (they may change behaviour: review the result).
    #[arg(long)]
    pub r#unsafe: bool,
    /// Print a unified diff instead of writing the files.
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub rules: RuleArgs,
}

#[derive(clap::Args)]
pub struct FormatArgs {
    /// Files or folders to format.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Write nothing; exit 1 when a file would change (for CI).
    #[arg(long)]
    pub check: bool,
    /// Print a unified diff instead of writing (exit 1 when a file would change).
    #[arg(long)]
    pub diff: bool,
    /// Re-indent Compose files to N spaces per level (1–8); overrides `[format]
    /// compose-indent` in `.shipshape.toml`. Without either, indentation is kept.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=8))]
    pub compose_indent: Option<u8>,
    /// Lay out RUN chains one command per line (`&&` / `||` leading each line); also
    /// `[format] split-run-chains = true`. Without either, hand-laid RUNs are kept.
    #[arg(long)]
    pub split_run_chains: bool,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// The project folder (a Compose file names its folder).
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// `markdown` or `html` (a standalone page).
    #[arg(long, value_enum, default_value_t = ReportFormat::Markdown)]
    pub format: ReportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Ask the registry for image sizes in this run even when `.shipshape.toml` does not
    /// enable registry access (without it, sizes are reported as unknown).
    #[arg(long)]
    pub online: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Markdown,
    Html,
}

#[derive(clap::Args)]
pub struct PinArgs {
    /// Files or folders whose `FROM` lines and Compose `image:` values to pin.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// `digest`: name:tag@sha256:…; `version`: name:<most specific version>; `both`: name:<version>@sha256:….
    #[arg(long, value_enum, default_value_t = PinModeArg::Both)]
    pub mode: PinModeArg,
    /// Print a unified diff instead of writing the files.
    #[arg(long)]
    pub dry_run: bool,
    /// Allow registry access for this run even when `.shipshape.toml` does not enable it.
    #[arg(long)]
    pub online: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PinModeArg {
    Digest,
    Version,
    Both,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum, Debug)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    /// Checkstyle XML (Jenkins warnings, reviewdog, …).
    Checkstyle,
    /// JUnit XML (CI test reports).
    Junit,
    /// GitLab Code Quality (Code Climate JSON).
    Gitlab,
}

/// `FORMAT:FILE` of `--output`.
fn parse_output(value: &str) -> Result<(Format, PathBuf), String> {
    let (format, file) = value.split_once(':').ok_or_else(|| format!("expected FORMAT:FILE, got `{value}`"))?;
    let format = Format::from_str(format, true).map_err(|_| {
        let names: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect();
        format!("unknown format `{format}` (one of {})", names.join(", "))
    })?;
    if file.is_empty() {
        return Err(format!("no file after `{value}`"));
    }
    Ok((format, PathBuf::from(file)))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum RulesFormat {
    Text,
    Markdown,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailLevel {
    Info,
    Warning,
    Error,
    Never,
}

impl FailLevel {
    /// A config file's `fail-level` value.
    pub fn parse(s: &str) -> Option<FailLevel> {
        <FailLevel as ValueEnum>::from_str(s, true).ok()
    }

    pub fn fails(self, s: Severity) -> bool {
        match self {
            FailLevel::Info => true,
            FailLevel::Warning => s >= Severity::Warning,
            FailLevel::Error => s >= Severity::Error,
            FailLevel::Never => false,
        }
    }
}

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Lsp { .. }) {
        crate::exit_quietly_on_closed_pipe();
    }
    match cli.command {
        Command::Lsp { port, .. } => crate::lsp::run(port),
        Command::Check(args) => crate::check::run_check(&args),
        Command::Fix(args) => crate::check::run_fix(&args),
        Command::Format(args) => crate::format::run(&args),
        Command::Pin(args) => crate::pin::run(&args),
        Command::Report(args) => crate::report::run(&args),
        Command::Init(args) => crate::init::run(&args),
        Command::Rules { format } => {
            if format == RulesFormat::Markdown {
                println!("| rule | default | category | fix | hadolint | BuildKit | what it finds |");
                println!("|---|---|---|---|---|---|---|");
            }
            for r in REGISTRY {
                let m = r.meta();
                let sev = m.default_severity.map_or("off", Severity::as_str);
                match format {
                    RulesFormat::Text => println!("{:<28} {:<8} {:<14} {}", m.id, sev, m.category.as_str(), m.summary),
                    RulesFormat::Markdown => {
                        let fix = m.fix.as_str();
                        let (id, cat, summary) = (m.id, m.category.as_str(), m.summary);
                        let (hl, bk) = (m.hadolint.join(", "), m.buildkit.join(", "));
                        println!("| [`{id}`](docs/rules/{id}.md) | {sev} | {cat} | {fix} | {hl} | {bk} | {summary} |");
                    }
                }
            }
            ExitCode::SUCCESS
        }
        Command::Explain { rule } => {
            if let Some(r) = shipshape_rules::rules::rule(&rule) {
                print!("{}", r.meta().docs);
                return ExitCode::SUCCESS;
            }
            // hadolint's and BuildKit's ids explain the rules that cover them.
            let mapped = shipshape_rules::rules::by_foreign_id(&rule);
            if !mapped.is_empty() {
                let ids: Vec<String> = mapped.iter().map(|r| format!("`{}`", r.meta().id)).collect();
                eprintln!("shipshape: `{rule}` is checked by {}", ids.join(" and "));
                let docs: Vec<&str> = mapped.iter().map(|r| r.meta().docs).collect();
                print!("{}", docs.join("\n"));
                return ExitCode::SUCCESS;
            }
            let ids = REGISTRY.iter().map(|r| r.meta().id);
            let hint = shipshape_rules::util::did_you_mean(&rule, ids)
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            eprintln!("shipshape: unknown rule `{rule}`{hint}; `shipshape rules` lists them");
            ExitCode::from(2)
        }
    }
}
