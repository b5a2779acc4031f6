//! Syntax: tolerant parsers with exact byte ranges. Nothing here knows about rules.

pub mod compose;
pub mod dockerfile;
pub mod dockerignore;
pub mod dotenv;
pub mod image_ref;
pub mod yaml;
