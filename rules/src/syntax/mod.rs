//! Syntax: tolerant parsers with exact byte ranges. Nothing here knows about rules.

pub mod compose;
pub mod dockerfile;
pub mod image_ref;
pub mod yaml;
