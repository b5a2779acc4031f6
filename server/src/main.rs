//! The `shipshape` binary: the faces of the core — the language server and the CLI.

mod check;
mod cli;
mod lsp;
mod osfs;
mod output;
mod pin;
mod registry;
mod report;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
