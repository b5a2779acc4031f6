//! Version tags: parsing `v2.53.1-alpine` into its numbers and its family, choosing the most
//! specific version among tags that point at the same image, and listing newer ones. Pure
//! logic for pinning: the registry client supplies the tags and digests.

use std::cmp::Ordering;

/// A tag read as a version: optional `v`, dotted numbers, and the rest (the family suffix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version<'a> {
    pub tag: &'a str,
    pub prefix: &'a str,
    pub numbers: Vec<u64>,
    /// Everything after the numbers (`-alpine`, `-bookworm-slim`, `-alpine3.20`); tags with
    /// the same prefix and suffix belong to one family.
    pub suffix: &'a str,
}

impl<'a> Version<'a> {
    /// `None` for tags that do not start with a version (`latest`, `bookworm`, `alpine`).
    pub fn parse(tag: &'a str) -> Option<Version<'a>> {
        let prefix = if tag.starts_with('v') { "v" } else { "" };
        let rest = &tag[prefix.len()..];
        let mut numbers = Vec::new();
        let mut pos = 0;
        loop {
            let digits = rest[pos..].bytes().take_while(u8::is_ascii_digit).count();
            if digits == 0 || digits > 9 {
                break;
            }
            numbers.push(rest[pos..pos + digits].parse().ok()?);
            pos += digits;
            // Another component only after a dot that is followed by a digit.
            if rest[pos..].starts_with('.') && rest[pos + 1..].starts_with(|c: char| c.is_ascii_digit()) {
                pos += 1;
            } else {
                break;
            }
        }
        if numbers.is_empty() {
            return None;
        }
        Some(Version { tag, prefix, numbers, suffix: &rest[pos..] })
    }

    pub fn same_family(&self, other: &Version) -> bool {
        self.prefix == other.prefix && self.suffix == other.suffix
    }
}

/// The family a current tag asks for: its own, or plain versions for `latest` / no tag.
fn family_of(current: Option<&str>) -> (String, String) {
    match current.and_then(Version::parse) {
        Some(v) => (v.prefix.to_string(), v.suffix.to_string()),
        None => (String::new(), String::new()),
    }
}

/// Among `same_digest` (the tags that point at the digest the current reference resolves
/// to), the version to pin to: same family as `current`, most specific first (`2.53.1` over
/// `2.53` over `2`), highest on ties. `v`-prefixed tags count as the plain family when the
/// current tag is `latest` and no plain tag exists.
pub fn choose(current: Option<&str>, same_digest: &[&str]) -> Option<String> {
    let (prefix, suffix) = family_of(current);
    let versions: Vec<Version> = same_digest.iter().filter_map(|t| Version::parse(t)).collect();
    let pick = |want_prefix: &str| {
        versions
            .iter()
            .filter(|v| v.prefix == want_prefix && v.suffix == suffix)
            .max_by(|a, b| a.numbers.len().cmp(&b.numbers.len()).then_with(|| a.numbers.cmp(&b.numbers)))
            .map(|v| v.tag.to_string())
    };
    pick(&prefix).or_else(|| if current.and_then(Version::parse).is_none() { pick("v") } else { None })
}

/// Tags of the same family and specificity as `chosen` with a higher version, newest first.
pub fn newer<'a>(chosen: &str, all: &[&'a str]) -> Vec<&'a str> {
    let Some(c) = Version::parse(chosen) else { return Vec::new() };
    let mut out: Vec<Version> = all
        .iter()
        .filter_map(|t| Version::parse(t))
        .filter(|v| {
            v.same_family(&c) && v.numbers.len() == c.numbers.len() && v.numbers.cmp(&c.numbers) == Ordering::Greater
        })
        .collect();
    out.sort_by(|a, b| b.numbers.cmp(&a.numbers));
    out.into_iter().map(|v| v.tag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_versions_and_families() {
        let v = Version::parse("v2.53.1-alpine").unwrap();
        assert_eq!((v.prefix, v.numbers.clone(), v.suffix), ("v", vec![2, 53, 1], "-alpine"));
        let v = Version::parse("1.27.0-alpine3.20").unwrap();
        assert_eq!((v.numbers.clone(), v.suffix), (vec![1, 27, 0], "-alpine3.20"));
        assert_eq!(Version::parse("15.8-bookworm").unwrap().suffix, "-bookworm");
        assert!(Version::parse("latest").is_none());
        assert!(Version::parse("bookworm").is_none());
        assert_eq!(Version::parse("7").unwrap().numbers, [7]);
        assert_eq!(Version::parse("3.").unwrap().suffix, ".");
    }

    #[test]
    fn most_specific_in_the_same_family() {
        let same = ["latest", "2", "2.53", "2.53.1", "v2.53.1", "2.53.1-alpine"];
        assert_eq!(choose(Some("latest"), &same).as_deref(), Some("2.53.1"));
        assert_eq!(choose(None, &same).as_deref(), Some("2.53.1"));
        assert_eq!(choose(Some("2"), &same).as_deref(), Some("2.53.1"));
        let alpine = ["7-alpine", "7.4-alpine", "7.4.1-alpine", "7.4.1", "alpine"];
        assert_eq!(choose(Some("7-alpine"), &alpine).as_deref(), Some("7.4.1-alpine"), "-alpine stays -alpine");
        // Only v-prefixed versions (prometheus): `latest` pins to them.
        assert_eq!(choose(Some("latest"), &["latest", "v2.53.1", "v2.53"]).as_deref(), Some("v2.53.1"));
        assert_eq!(choose(Some("latest"), &["latest", "main"]), None);
    }

    #[test]
    fn newer_versions_of_the_same_shape() {
        let all = ["2.53.1", "2.54.0", "2.54", "2.55.1-alpine", "3.0.0", "2.9.9", "v2.60.0"];
        assert_eq!(newer("2.53.1", &all), ["3.0.0", "2.54.0"]);
        assert!(newer("latest", &all).is_empty());
    }
}
