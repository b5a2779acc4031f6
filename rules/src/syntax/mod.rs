//! Syntax: tolerant parsers with exact byte ranges. Nothing here knows about rules.

pub mod compose;
pub mod dotenv;
pub mod dockerfile;
pub mod image_ref;
pub mod yaml;
