//! shipshape's pure core: syntax → model → rules.
//!
//! No async, no network, and no direct file-system calls: the disk is read through
//! [`fs::FileSystem`], so the language server can serve unsaved buffers and tests can
//! use temp dirs or memory.

pub mod diagnostic;
pub mod syntax;
pub mod text;
pub mod util;
