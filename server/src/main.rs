//! The `shipshape` binary: the faces of the core (CLI today; the language server next).

mod check;
mod cli;
mod osfs;
mod output;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
