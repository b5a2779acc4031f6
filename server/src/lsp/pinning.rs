//! Registry answers in the editor: pin actions (resolved lazily through
//! `codeAction/resolve`, so the menu opens at once), the registry part of an image hover,
//! and registry facts added to image findings once a background lookup lands. Nothing here
//! waits on the network except `codeAction/resolve`, which the user asked for.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use shipshape_rules::model::pinning::{self, PinMode, PinTarget, PIN_RULES};
use shipshape_rules::syntax::image_ref::ImageRef;
use shipshape_rules::Diagnostic;

use crate::registry::{PinInfo, Registry, RegistryError};

/// What `codeAction/resolve` needs to compute a pin edit.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PinData {
    pub uri: String,
    /// The document version the range belongs to.
    pub version: i32,
    pub start: usize,
    pub end: usize,
    pub written: String,
    pub mode: String,
}

/// The pin target a finding points into.
pub fn target_of<'a>(targets: &'a [PinTarget], d: &Diagnostic) -> Option<&'a PinTarget> {
    if !PIN_RULES.contains(&d.rule) {
        return None;
    }
    targets.iter().find(|t| t.range.start <= d.range.start && d.range.end <= t.range.end.max(d.range.start))
}

/// The actions offered for one reference: `(title, mode)`. With the answer at hand the
/// titles name the version; otherwise they say the registry will be asked.
pub fn offers(target: &PinTarget, info: Option<&PinInfo>) -> Vec<(String, PinMode)> {
    let mut out = Vec::new();
    match info {
        Some(info) => {
            let version = info.version.as_deref();
            let short = short_digest(&info.digest);
            let current = target.image.tag.as_deref();
            if let Some(v) = version {
                if pinning::needs_pin(&target.image, PinMode::Both) {
                    out.push((format!("Pin to {v}@{short}"), PinMode::Both));
                }
                if current != Some(v) && pinning::needs_pin(&target.image, PinMode::Version) {
                    out.push((format!("Pin to {v}"), PinMode::Version));
                }
            }
            if pinning::needs_pin(&target.image, PinMode::Digest) {
                let tag = current.map_or(String::new(), |t| format!(" (keep `{t}`)"));
                out.push((format!("Pin to digest {short}{tag}"), PinMode::Digest));
            }
        }
        None => {
            if pinning::needs_pin(&target.image, PinMode::Both) {
                out.push(("Pin to version and digest (asks the registry)".into(), PinMode::Both));
                out.push(("Pin to digest (asks the registry)".into(), PinMode::Digest));
            }
        }
    }
    out
}

pub fn mode_name(m: PinMode) -> &'static str {
    match m {
        PinMode::Digest => "digest",
        PinMode::Version => "version",
        PinMode::Both => "both",
    }
}

/// The replacement text for a resolved pin, or why there is none.
pub fn replacement(data: &PinData, info: &PinInfo) -> Result<String, String> {
    let image = shipshape_rules::syntax::image_ref::ImageRef::parse(&data.written)
        .map_err(|_| format!("`{}` is not an image reference", data.written))?;
    let mode = PinMode::parse(&data.mode).unwrap_or(PinMode::Both);
    pinning::pinned(&data.written, &image, info.version.as_deref(), &info.digest, mode).ok_or_else(|| match mode {
        PinMode::Version if info.version.is_none() => {
            format!("no version tag points at the same image as `{}`", data.written)
        }
        _ => format!("`{}` is already pinned", data.written),
    })
}

fn short_digest(d: &str) -> String {
    let (alg, hex) = d.split_once(':').unwrap_or(("", d));
    format!("{alg}:{}…", &hex[..hex.len().min(12)])
}

/// One sentence of registry facts for an image finding's message.
pub fn note(info: &PinInfo) -> String {
    let mut s = match &info.version {
        Some(v) if *v != info.tag => {
            format!(" The registry says `{}` is {v} today ({}).", info.tag, short_digest(&info.digest))
        }
        _ => format!(" The registry says `{}` is {} today.", info.tag, short_digest(&info.digest)),
    };
    if let Some(n) = info.newer.first() {
        s += &format!(" Newer: {n}.");
    }
    s
}

/// The registry part of an image hover.
pub fn hover(target: &PinTarget, answer: Option<&Result<Arc<PinInfo>, RegistryError>>) -> String {
    let mut s = String::from("\n\n**Registry**");
    match answer {
        None => s += &format!(": looking up `{}`…", target.written),
        Some(Err(e)) => s += &format!(": {e}"),
        Some(Ok(info)) => {
            s += &format!(" (`{}`)\n\n| | |\n|---|---|\n", info.name);
            s += &format!("| `{}` now | `{}` |\n", info.tag, info.digest);
            if let Some(v) = &info.version {
                s += &format!("| version | `{v}` |\n");
            }
            if !info.newer.is_empty() {
                let list: Vec<String> = info.newer.iter().map(|n| format!("`{n}`")).collect();
                s += &format!("| newer | {} |\n", list.join(", "));
            }
            if let Some(pinned) = &target.image.digest {
                if *pinned == info.digest {
                    s += "\nThe pinned digest is what the tag points at today.";
                } else {
                    s += &format!("\nThe pinned digest is older: the tag has moved to `{}`.", info.digest);
                }
            }
        }
    }
    s
}

/// The target under `offset`, if any.
pub fn target_at(targets: &[PinTarget], offset: usize) -> Option<&PinTarget> {
    targets.iter().find(|t| t.range.start <= offset && offset <= t.range.end)
}

/// Targets overlapping `range` that still need a pin.
pub fn targets_in(targets: &[PinTarget], range: Range<usize>) -> Vec<&PinTarget> {
    targets
        .iter()
        .filter(|t| t.range.start <= range.end && range.start <= t.range.end)
        .filter(|t| pinning::needs_pin(&t.image, PinMode::Both) || pinning::needs_pin(&t.image, PinMode::Version))
        .collect()
}

/// Starts lookups for references with no answer yet; the tasks, if any were started.
/// `eol-image`'s upgrade fixes, checked against what the registry has answered: a tag it
/// has is said so in the fix's title; one it does not have loses the fix (the message says
/// why). Returns the suggested images it has not been asked about yet.
pub fn confirm_upgrades(registry: &Arc<Registry>, diags: &mut [Diagnostic]) -> Vec<ImageRef> {
    let mut ask = Vec::new();
    for d in diags.iter_mut() {
        let Some(target) = shipshape_rules::rules::eol_upgrade_target(d) else { continue };
        let Ok(image) = ImageRef::parse(&target) else { continue };
        match registry.peek(&image) {
            Some(Ok(_)) => {
                if let Some(f) = d.fix.as_mut() {
                    f.title.push_str(" (the registry has it)");
                }
            }
            Some(Err(RegistryError::NotFound { .. })) => {
                d.fix = None;
                d.message += &format!(" (the registry has no `{target}`: choose the tag by hand)");
            }
            Some(Err(_)) => {}
            None => ask.push(image),
        }
    }
    ask
}

pub fn prefetch(registry: &Arc<Registry>, targets: &[PinTarget]) -> Option<tokio::task::JoinSet<()>> {
    let mut set = tokio::task::JoinSet::new();
    let mut seen = std::collections::HashSet::new();
    for t in targets {
        if registry.peek(&t.image).is_some() || !seen.insert(t.image.normalized()) {
            continue;
        }
        let (r, image) = (registry.clone(), t.image.clone());
        set.spawn(async move {
            let _ = r.lookup(&image).await;
        });
    }
    (!set.is_empty()).then_some(set)
}

/// Asks the platforms of the images a Dockerfile builds on that the registry has not been
/// asked about (for `invalid-base-image-platform`), adding the lookups to `set`.
pub fn prefetch_platforms(registry: &Arc<Registry>, targets: &[PinTarget], set: &mut tokio::task::JoinSet<()>) {
    let mut seen = std::collections::HashSet::new();
    for t in targets {
        if registry.platforms_asked(&t.image) || !seen.insert(t.image.normalized()) {
            continue;
        }
        let (r, image) = (registry.clone(), t.image.clone());
        set.spawn(async move {
            let _ = r.platforms(&image).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_rules::syntax::image_ref::ImageRef;

    fn target(s: &str) -> PinTarget {
        PinTarget { range: 5..5 + s.len(), written: s.into(), image: ImageRef::parse(s).unwrap() }
    }

    fn info(version: Option<&str>) -> PinInfo {
        PinInfo {
            name: "docker.io/library/redis".into(),
            tag: "latest".into(),
            digest: "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef".into(),
            version: version.map(str::to_string),
            newer: vec!["7.4.2".into()],
        }
    }

    #[test]
    fn offers_name_the_version_when_known() {
        let titles: Vec<String> =
            offers(&target("redis:latest"), Some(&info(Some("7.4.1")))).into_iter().map(|o| o.0).collect();
        assert_eq!(
            titles,
            ["Pin to 7.4.1@sha256:0123456789ab…", "Pin to 7.4.1", "Pin to digest sha256:0123456789ab… (keep `latest`)"]
        );
        assert_eq!(offers(&target("redis"), None).len(), 2);
        // A full version only lacks its digest.
        let t: Vec<PinMode> =
            offers(&target("redis:7.4.1"), Some(&info(Some("7.4.1")))).into_iter().map(|o| o.1).collect();
        assert_eq!(t, [PinMode::Both, PinMode::Digest]);
    }

    #[test]
    fn replacement_texts() {
        let d = |mode: &str| PinData {
            uri: String::new(),
            version: 1,
            start: 0,
            end: 0,
            written: "redis".into(),
            mode: mode.into(),
        };
        assert_eq!(replacement(&d("version"), &info(Some("7.4.1"))).unwrap(), "redis:7.4.1");
        assert!(replacement(&d("version"), &info(None)).unwrap_err().contains("no version tag"));
        assert!(replacement(&d("both"), &info(None)).unwrap().starts_with("redis@sha256:"));
    }
}
