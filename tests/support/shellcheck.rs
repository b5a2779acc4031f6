//! Whether the real `shellcheck` is here for the tests that need it: required when CI is
//! set (the test fails), otherwise a missing one skips the test with a message.

/// True when the test can run; false (after saying so) when it must skip.
pub fn available() -> bool {
    let found =
        std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join("shellcheck").is_file()));
    if !found {
        assert!(std::env::var_os("CI").is_none(), "CI is set but shellcheck is not on PATH");
        eprintln!("skipped: shellcheck is not on PATH");
    }
    found
}
