//! Compose key docs for hover and completion, read from the core's schema table (the same
//! table that validates keys).

use shipshape_rules::syntax::compose::schema::{self, KeySpec};

/// Markdown for the key at `path` (mapping keys from the root; `[]` for list items).
pub fn describe(path: &[String]) -> Option<String> {
    let segs: Vec<&str> = path.iter().map(String::as_str).collect();
    if segs.len() == 2 && segs[0] == "services" {
        return Some(format!("**services.{}**\n\nA service: one container definition.", segs[1]));
    }
    let spec = schema::lookup(&segs)?;
    let shown: Vec<&str> = segs.iter().copied().filter(|s| *s != "[]").collect();
    Some(format!("**{}**\n\n{}", shown.join("."), spec.doc))
}

/// The keys a mapping at `path` takes.
pub fn keys_at(path: &[&str]) -> &'static [KeySpec] {
    schema::keys_at(path)
}
