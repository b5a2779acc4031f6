//! Runs the real `shipshape` binary the way the end-to-end tests need it: no colour, and
//! today's date pinned (`eol-image` findings must not change with the calendar).

use std::path::Path;
use std::process::{Command, Output};

/// The date the tests' end-of-life findings are judged on.
pub const TODAY: &str = "2026-12-07";

pub fn shipshape(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shipshape"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env("SHIPSHAPE_TODAY", TODAY)
        .output()
        .expect("run shipshape")
}
