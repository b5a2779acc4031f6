use super::{Category, ComposeContext, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::eol::{cycles_of, oldest_supported, Cycle, SNAPSHOT_DATE};
use crate::model::images::{dockerfile_images, ImageUse};

pub struct EolImage;

/// The fix's title, around the suggested image (see [`upgrade_target`]).
const UPGRADE_TO: &str = "Upgrade to ";
const UPGRADE_NOTE: &str = " (the oldest supported releases); check that the application works";

/// The image an `eol-image` finding's fix upgrades to (`node:22-alpine`), for a face that can
/// ask a registry whether the tag exists.
pub fn upgrade_target(d: &crate::diagnostic::Diagnostic) -> Option<String> {
    if d.rule != META.id {
        return None;
    }
    let title = d.fix.as_ref()?.title.strip_prefix(UPGRADE_TO)?;
    Some(title.strip_prefix('`')?.split('`').next()?.to_string())
}

/// How close to its end of life a cycle is reported (as info).
const SOON_DAYS: i64 = 90;

static META: RuleMeta = RuleMeta {
    id: "eol-image",
    summary: "An image runs a release that is past (or close to) its end of life",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Both,
    fix: FixKind::Manual,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# eol-image

## What it finds
A base image, `COPY --from` image or Compose `image:` of an official image whose version is
a release past its end of life — `node:16`, `python:3.8`, `postgres:12`, `debian:buster`,
`alpine:3.17`, `ruby:3.0`, `php:8.0`, `mysql:5.7`, `mongo:5.0`, `golang:1.21` — or whose
variant tag names one (`node:20-buster`, `python:3.12-alpine3.17`). A release that reaches
its end of life within 90 days is reported as info, with the date. The dates come from a
snapshot bundled with shipshape (endoflife.date's data; no network is needed); a release
the snapshot does not list is never reported. References written with variables are
judged by their defaults.

## Why
Past its end of life a release gets no security fixes: every new CVE in Node.js 16 or
Debian buster stays open in the image for good, scanners flag it, and the longer the
upgrade waits the bigger it gets. Base images are where most of an image's
vulnerabilities come from.

## Example
```dockerfile
FROM node:16-alpine
```

## Fix
Move to a supported release: the message names the oldest one still supported (the
smallest step). The editor's quick fix rewrites the tag to it (`node:22-alpine`); it is a
manual fix, never applied by `shipshape fix --unsafe`, because a new major version can
break the application — and the tag must exist (with `[registry] online = true`,
`shipshape pin` checks it). Hover on the image lists the
supported releases and their end dates.

## Silence
`# shipshape ignore=eol-image` on the line above, or `ignore = ["eol-image"]` in
`.shipshape.toml`.
"#,
};

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the civil-from-days algorithm reversed).
pub(crate) fn days(date: &str) -> Option<i64> {
    let mut p = date.splitn(3, '-').map(|x| x.parse::<i64>().ok());
    let (y, m, d) = (p.next()??, p.next()??, p.next()??);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

fn check(images: impl Iterator<Item = ImageUse>, today: &str, out: &mut Findings) {
    let Some(now) = days(today) else { return };
    for u in images {
        // The image's own release and the distribution its variant names: one finding
        // for the reference, naming each that has ended (or is about to).
        let ending: Vec<(&Cycle, bool)> = cycles_of(&u.image)
            .into_iter()
            .filter_map(|c| {
                let end = days(c.eol)?;
                (end <= now || end - now <= SOON_DAYS).then_some((c, end <= now))
            })
            .collect();
        if ending.is_empty() {
            continue;
        }
        let parts: Vec<String> = ending
            .iter()
            .map(|(c, past)| {
                let name =
                    format!("{} {}{}", c.label, c.cycle, c.codename.map(|n| format!(" ({n})")).unwrap_or_default());
                let when = if *past { format!("ended {}", c.eol) } else { format!("ends {}", c.eol) };
                let next = oldest_supported(c.product, today)
                    .map(|n| {
                        format!(
                            "; oldest supported: {}{}",
                            n.cycle,
                            n.codename.map(|x| format!(" ({x})")).unwrap_or_default()
                        )
                    })
                    .unwrap_or_default();
                format!("{name} ({when}{next})")
            })
            .collect();
        let any_past = ending.iter().any(|(_, p)| *p);
        let msg = format!(
            "`{}` runs {}{}",
            u.image.familiar(),
            parts.join(" on "),
            if any_past {
                ": past its end of life, it gets no more security fixes"
            } else {
                ": close to its end of life"
            }
        );
        let range = u.tag_range.clone().unwrap_or(u.range.clone());
        let d = out.report(range, msg);
        if !any_past {
            d.severity = d.severity.min(Severity::Info);
        }
        let (Some(tag_range), Some(tag)) = (&u.tag_range, u.image.tag.as_deref()) else { continue };
        let mut new_tag = tag.to_string();
        for (c, _) in &ending {
            let Some(n) = oldest_supported(c.product, today) else { continue };
            if let Some(t) = upgraded_tag(&new_tag, c, n) {
                new_tag = t;
            }
        }
        if new_tag != tag {
            let name = u.image.familiar();
            let name = name.strip_suffix(&format!(":{tag}")).unwrap_or(&name);
            d.with_fix(Fix {
                title: format!("{UPGRADE_TO}`{name}:{new_tag}`{UPGRADE_NOTE}"),
                applicability: Applicability::Manual,
                edits: vec![Edit::replace(tag_range.clone(), new_tag)],
            });
        }
    }
}

/// The tag with the cycle `from` replaced by `to`: the version part (`16.20.2` → `22`) or
/// the distribution part (`buster` → `bookworm`, `alpine3.17` → `alpine3.22`).
fn upgraded_tag(tag: &str, from: &Cycle, to: &Cycle) -> Option<String> {
    let mut parts: Vec<String> = tag.split('-').map(str::to_string).collect();
    let names_from = |p: &str| {
        from.codename == Some(p)
            || p == from.cycle
            || p.starts_with(&format!("{}.", from.cycle))
            || p.strip_prefix("alpine") == Some(from.cycle)
    };
    let i = parts.iter().position(|p| names_from(p))?;
    parts[i] = if parts[i].starts_with("alpine") && from.product == "alpine" && i > 0 {
        format!("alpine{}", to.cycle)
    } else if from.codename == Some(parts[i].as_str()) {
        to.codename?.to_string()
    } else {
        to.cycle.to_string()
    };
    Some(parts.join("-"))
}

impl Rule for EolImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let today = cx.options.today.as_deref().unwrap_or(SNAPSHOT_DATE);
        check(dockerfile_images(cx.file, cx.model).into_iter(), today, out);
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let today = cx.options.today.as_deref().unwrap_or(SNAPSHOT_DATE);
        check(cx.services().pulled_images().into_iter().map(|(_, u)| u), today, out);
    }
}

#[cfg(test)]
mod tests {
    use super::days;
    use crate::analysis::{check_compose, check_dockerfile, Settings};
    use crate::diagnostic::Severity;
    use crate::options::RuleOptions;
    use crate::rules::test_util::{assert_fix, spans};
    use crate::Applicability;

    const ID: &str = "eol-image";

    fn at(today: &str, text: &str) -> Vec<(String, Severity, String)> {
        let settings = Settings {
            select: Some(vec![ID.into()]),
            options: RuleOptions { today: Some(today.into()), ..Default::default() },
            ..Default::default()
        };
        check_dockerfile(text, &settings)
            .into_iter()
            .map(|d| (text[d.range].to_string(), d.severity, d.message))
            .collect()
    }

    #[test]
    fn dates() {
        assert_eq!(days("1970-01-01"), Some(0));
        assert_eq!(days("2000-03-01"), Some(11_017));
        assert_eq!(days("2024-02-29").unwrap() + 1, days("2024-03-01").unwrap());
    }

    #[test]
    fn past_and_close_to_the_end() {
        let f = at("2026-12-07", "FROM node:16-alpine\nFROM python:3.12-slim-buster\nFROM postgres:17\n");
        assert_eq!(f.len(), 2);
        assert_eq!((f[0].0.as_str(), f[0].1), ("16-alpine", Severity::Warning));
        assert!(f[0].2.contains("Node.js 16 (ended 2023-09-11; oldest supported: 22)"), "{}", f[0].2);
        assert!(f[1].2.contains("Debian 10 (buster)"), "{}", f[1].2);
        // Two months before Node.js 22's end: info, with the date.
        let f = at("2027-03-01", "FROM node:22\n");
        assert_eq!(f[0].1, Severity::Info);
        assert!(
            f[0].2.contains("Node.js 22 (ends 2027-04-30") && f[0].2.contains("close to its end of life"),
            "{}",
            f[0].2
        );
        assert!(at("2025-01-01", "FROM node:22\n").is_empty());
    }

    #[test]
    fn fix_moves_to_the_oldest_supported_release() {
        assert_fix(ID, "FROM node:16-alpine\n", "FROM node:22-alpine\n", Applicability::Manual);
        assert_fix(ID, "FROM debian:buster-slim\n", "FROM debian:bookworm-slim\n", Applicability::Manual);
        assert_fix(ID, "FROM python:3.8.19-slim\n", "FROM python:3.11-slim\n", Applicability::Manual);
        assert_fix(ID, "FROM ruby:3.3-alpine3.17\n", "FROM ruby:3.3-alpine3.22\n", Applicability::Manual);
        let d = &crate::rules::test_util::diagnostics(ID, "FROM node:16.20.2-alpine3.17\n")[0];
        assert_eq!(super::upgrade_target(d).as_deref(), Some("node:22-alpine3.22"));
        // Both the release and the distribution: one finding, one edit.
        assert_fix(ID, "FROM node:16.20.2-alpine3.17\n", "FROM node:22-alpine3.22\n", Applicability::Manual);
    }

    #[test]
    fn compose_images_and_unknown_versions() {
        let env = |_: &str| None;
        let s = Settings { select: Some(vec![ID.into()]), ..Default::default() };
        let text = "services:\n  db:\n    image: postgres:12\n  cache:\n    image: redis:7\n";
        let d: Vec<_> = check_compose(text, &env, &s).into_iter().filter(|d| d.rule == ID).collect();
        assert_eq!(d.len(), 1);
        assert!(spans(ID, "FROM node:lts\nFROM node\nFROM myorg/node:16\n").is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
