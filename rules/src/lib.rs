//! shipshape's pure core: text → syntax → model → rules.
//!
//! No async, no network, and no direct file-system calls: the disk is read through
//! [`fs::FileSystem`], so the language server can serve unsaved buffers and tests can
//! use temp dirs or memory.

pub mod analysis;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod format;
pub mod fs;
pub mod kind;
pub mod model;
pub mod options;
pub mod refactor;
pub mod rules;
pub mod syntax;
pub mod text;
pub mod util;

pub use analysis::{check, check_compose, check_dockerfile, check_in_project, fix, fix_in_project, FileKind, Settings};
pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};

/// The README's example, kept compiling and true.
#[cfg(test)]
mod readme_example {
    use crate::{check, FileKind, Settings};

    #[test]
    fn runs() {
        let findings = check(FileKind::Dockerfile, None, "FROM node:latest\n", &|_| None, &Settings::default());
        assert!(findings.iter().any(|d| d.rule == "latest-tag"));
    }
}
