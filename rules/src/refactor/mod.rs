//! Refactorings: whole-file rewrites offered as code actions (and, where a rule carries
//! them, as unsafe fixes). Pure like the rules: they read the parsed file, its model and,
//! through [`crate::fs::FileSystem`], manifests next to the build context.

pub mod multistage;

pub use multistage::{convert_to_multistage, TITLE as CONVERT_TO_MULTISTAGE};
