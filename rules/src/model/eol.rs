//! End-of-life dates of the official images' release cycles (Node.js 16, Python 3.8,
//! PostgreSQL 12, Debian buster, Alpine 3.17, …), from the bundled snapshot
//! `data/eol.tsv` (see `data/EOL-SOURCES.md` for where the dates come from and how the
//! snapshot is refreshed). Which cycle an image reference runs — its tag's version, or the
//! Debian/Alpine release a variant tag names (`node:20-bullseye`) — is read here too.

use std::sync::OnceLock;

use crate::syntax::image_ref::ImageRef;

/// The date of the bundled snapshot: what "today" is when the caller says nothing.
pub const SNAPSHOT_DATE: &str = "2026-12-07";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cycle {
    pub product: &'static str,
    /// `16`, `3.8`, `12`, `10` (Debian), `3.17` (Alpine).
    pub cycle: &'static str,
    /// End of life, `YYYY-MM-DD`.
    pub eol: &'static str,
    /// Debian/Ubuntu codename, if any.
    pub codename: Option<&'static str>,
    /// `Node.js`, `Debian`.
    pub label: &'static str,
}

fn table() -> &'static [Cycle] {
    static TABLE: OnceLock<Vec<Cycle>> = OnceLock::new();
    TABLE.get_or_init(|| {
        include_str!("../data/eol.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut f = l.split('\t');
                let (product, cycle, eol, codename, label) = (f.next()?, f.next()?, f.next()?, f.next()?, f.next()?);
                Some(Cycle { product, cycle, eol, codename: (!codename.is_empty()).then_some(codename), label })
            })
            .collect()
    })
}

/// Every cycle of a product, oldest first.
pub fn cycles(product: &str) -> Vec<&'static Cycle> {
    let mut v: Vec<&Cycle> = table().iter().filter(|c| c.product == product).collect();
    v.sort_by_key(|c| version_key(c.cycle));
    v
}

fn version_key(v: &str) -> Vec<u32> {
    v.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// The product an official image is (`node`, `python`, `postgres`, …).
fn product_of(image: &ImageRef) -> Option<&'static str> {
    let repo = image.repository();
    let name = repo.strip_prefix("library/")?;
    table().iter().find(|c| c.product == name).map(|c| c.product)
}

/// What an image reference runs: its own product's cycle, and the base distribution's
/// (the Debian or Alpine release a variant tag names). Unknown versions give nothing.
pub fn cycles_of(image: &ImageRef) -> Vec<&'static Cycle> {
    let Some(tag) = image.tag.as_deref() else { return Vec::new() };
    let mut out = Vec::new();
    let Some(product) = product_of(image) else { return out };
    let parts: Vec<&str> = tag.split('-').collect();
    let version = parts[0];
    let find = |p: &str, pred: &dyn Fn(&Cycle) -> bool| table().iter().find(|c| c.product == p && pred(c));
    // The product's own cycle: the longest cycle that the tag's version starts with
    // (`3.8.19` → `3.8`; `16.20.2` → `16`; `buster` → Debian 10).
    let own = if matches!(product, "debian" | "ubuntu") {
        find(product, &|c| {
            c.codename == Some(version) || c.cycle == version || version.starts_with(&format!("{}.", c.cycle))
        })
    } else {
        table()
            .iter()
            .filter(|c| c.product == product)
            .filter(|c| version == c.cycle || version.starts_with(&format!("{}.", c.cycle)))
            .max_by_key(|c| c.cycle.len())
    };
    out.extend(own);
    // The variant's distribution: `-bullseye`, `-buster`, `-alpine3.17`.
    if !matches!(product, "debian" | "ubuntu" | "alpine") {
        for p in &parts[1..] {
            if let Some(c) = find("debian", &|c| c.codename == Some(p)) {
                out.push(c);
            } else if let Some(v) = p.strip_prefix("alpine").filter(|v| !v.is_empty()) {
                out.extend(find("alpine", &|c| c.cycle == v));
            }
        }
    }
    out
}

/// The oldest cycle of `product` still supported on `today` (what an upgrade aims for).
pub fn oldest_supported(product: &str, today: &str) -> Option<&'static Cycle> {
    cycles(product).into_iter().find(|c| c.eol > today)
}

/// A Markdown summary of a product's cycles (for hover): supported ones with their end dates.
pub fn summary(product: &str, today: &str) -> Option<String> {
    let all = cycles(product);
    let label = all.first()?.label;
    let supported: Vec<String> = all
        .iter()
        .filter(|c| c.eol > today)
        .map(|c| format!("`{}`{} until {}", c.cycle, c.codename.map(|n| format!(" ({n})")).unwrap_or_default(), c.eol))
        .collect();
    Some(format!(
        "**{label}** supported releases: {}",
        if supported.is_empty() { "none known".into() } else { supported.join(", ") }
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(r: &str) -> Vec<(&'static str, &'static str)> {
        cycles_of(&ImageRef::parse(r).unwrap()).into_iter().map(|c| (c.product, c.cycle)).collect()
    }

    #[test]
    fn tags_name_cycles_and_their_distributions() {
        assert_eq!(of("node:16"), [("node", "16")]);
        assert_eq!(of("node:16.20.2-buster-slim"), [("node", "16"), ("debian", "10")]);
        assert_eq!(of("python:3.8-slim-bullseye"), [("python", "3.8"), ("debian", "11")]);
        assert_eq!(of("python:3.10.14-alpine3.17"), [("python", "3.10"), ("alpine", "3.17")]);
        assert_eq!(of("debian:buster-slim"), [("debian", "10")]);
        assert_eq!(of("ubuntu:20.04"), [("ubuntu", "20.04")]);
        assert_eq!(of("postgres:12-alpine"), [("postgres", "12")]);
        assert!(of("node:lts").is_empty());
        assert!(of("node").is_empty());
        assert!(of("ghcr.io/x/node:16").is_empty(), "only the official images");
        assert!(of("mysql:8").is_empty(), "8 is 8.0 or 8.4: not known");
    }

    #[test]
    fn oldest_supported_and_summary() {
        assert_eq!(oldest_supported("node", "2026-12-07").map(|c| c.cycle), Some("22"));
        assert_eq!(oldest_supported("python", "2026-12-07").map(|c| c.cycle), Some("3.11"));
        assert_eq!(oldest_supported("debian", "2026-12-07").map(|c| c.cycle), Some("12"));
        assert!(summary("node", "2026-12-07").unwrap().contains("`22` until 2027-04-30"));
    }
}
