//! A real editor as the client: headless Neovim (Debian's, 0.7) with the plugin from
//! `editors/nvim` opens a Dockerfile and a Compose file, checks diagnostics, hover and a
//! quick fix applied by Neovim itself, and saves. `.ci/run` installs `neovim`.

use std::path::Path;
use std::process::Command;

#[test]
fn neovim_plugin_end_to_end() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("Dockerfile"), "FROM node\nFROM golang:1.23 AS Build\n").unwrap();
    std::fs::write(dir.path().join("compose.yaml"), "services:\n  web:\n    image: nginx:latest\n").unwrap();
    let nvim = Command::new("nvim")
        .args(["--headless", "-u", "NONE", "-i", "NONE", "-n"])
        .arg("--cmd")
        .arg(format!("set rtp+={}", root.join("editors/nvim").display()))
        .arg("--cmd")
        .arg("filetype on")
        .arg("-c")
        .arg(format!("luafile {}", root.join("tests/nvim/e2e.lua").display()))
        .env("SHIPSHAPE_BIN", env!("CARGO_BIN_EXE_shipshape"))
        .env("WORKDIR", dir.path())
        .output()
        .expect("Neovim must be installed for this test (apt-get install neovim)");
    let stderr = String::from_utf8_lossy(&nvim.stderr);
    assert!(nvim.status.success(), "nvim failed ({}):\n{stderr}", nvim.status);
    assert!(!stderr.contains("FAIL"), "{stderr}");
    let saved = std::fs::read_to_string(dir.path().join("Dockerfile")).unwrap();
    assert_eq!(saved, "FROM node\nFROM golang:1.23 AS build\n", "Neovim applied the fix and saved");
}
