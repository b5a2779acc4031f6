//! The model: what the syntax means. Stages and ARG scopes of a Dockerfile, the image
//! references a file pulls, and (with the project issue) services and build contexts.

pub mod context;
pub mod dockerfile;
pub mod eol;
pub mod images;
pub mod install;
pub mod package_manager;
pub mod pinning;
pub mod project;
pub mod script;
pub mod services;
pub mod shell;
pub mod stage;
pub mod toolchain;
pub mod versions;
pub mod well_known;
