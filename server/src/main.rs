//! The `shipshape` binary: the faces of the core — the language server and the CLI.

mod check;
mod cli;
mod clock;
mod format;
mod init;
mod lsp;
mod osfs;
mod output;
mod pin;
mod progress;
mod registry;
mod report;
mod shellcheck;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}

/// Lets a closed pipe end the process quietly, as it ends other Unix tools
/// (`shipshape rules | head -3`). Rust ignores SIGPIPE, so every `print!` into a closed
/// pipe would panic instead. Only the CLI commands call this: the language server keeps
/// SIGPIPE ignored and handles a client that goes away as a write error. Files are always
/// written through a temporary file and a rename, so a write interrupted here leaves no
/// half-written file.
pub(crate) fn exit_quietly_on_closed_pipe() {
    #[cfg(unix)]
    // SAFETY: resetting a signal's disposition to its default, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
