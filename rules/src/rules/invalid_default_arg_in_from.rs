use std::collections::HashMap;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::dockerfile::vars::{self, VarModifier};
use crate::syntax::image_ref::ImageRef;

pub struct InvalidDefaultArgInFrom;

static META: RuleMeta = RuleMeta {
    id: "invalid-default-arg-in-from",
    summary: "Without build arguments, a `FROM` built from global `ARG`s is empty or not a valid image reference",
    category: Category::Arguments,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &["InvalidDefaultArgInFrom"],
    docs: r#"# invalid-default-arg-in-from

## What it finds
A `FROM` whose image uses global `ARG`s (declared before the first `FROM`) and which, with
the defaults of those `ARG`s — an `ARG` without a default is empty — gives an empty or
invalid image reference: `ARG TAG` then `FROM alpine:${TAG}` reads `alpine:`, and
`ARG BASE_IMAGE` then `FROM ${BASE_IMAGE}` reads nothing at all.

As in BuildKit, the predefined platform arguments (`$TARGETARCH`, `$BUILDPLATFORM`, …)
count as set. A variable that is not declared at all is left to `undefined-variable`; a
result that names a stage of the file is fine.

## Why
`docker build .` without `--build-arg TAG=…` fails ("invalid reference format", or "base
name should not be blank"). A file that only builds with the right arguments is hard to
use: the arguments live in a CI script or a Makefile the reader does not see, and editors,
scanners and `docker build --check` cannot resolve the base image. BuildKit warns
(`InvalidDefaultArgInFrom`).

## Example
```dockerfile
ARG ALPINE_VERSION
FROM alpine:${ALPINE_VERSION}
```

## Fix
Give the argument a default that works (`ARG ALPINE_VERSION=3.20`); builds can still
override it with `--build-arg`.

## Silence
`# shipshape ignore=invalid-default-arg-in-from` on the line above, or
`ignore = ["invalid-default-arg-in-from"]` in `.shipshape.toml`. BuildKit's
`# check=skip=InvalidDefaultArgInFrom` is honoured.
"#,
};

/// The platform arguments BuildKit always sets, with a typical value. The variant, OS
/// version and target stage may be empty, so words using them are not judged.
const PLATFORM_VALUES: &[(&str, &str)] = &[
    ("TARGETPLATFORM", "linux/amd64"),
    ("TARGETOS", "linux"),
    ("TARGETARCH", "amd64"),
    ("BUILDPLATFORM", "linux/amd64"),
    ("BUILDOS", "linux"),
    ("BUILDARCH", "amd64"),
];

impl Rule for InvalidDefaultArgInFrom {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let esc = df.escape;
        // The global ARGs as a build without --build-arg has them: `None` = declared, unset.
        let mut args: HashMap<String, Option<String>> =
            PLATFORM_VALUES.iter().map(|(k, v)| (k.to_string(), Some(v.to_string()))).collect();
        for a in &cx.model.global_args {
            match &a.default {
                Some(d) => {
                    let lookup = |n: &str| args.get(n).cloned().flatten();
                    let Some(v) = vars::expand(d, esc, &lookup) else { return };
                    args.insert(a.name.clone(), Some(v));
                }
                None => {
                    args.entry(a.name.clone()).or_insert(None);
                }
            }
        }
        for stage in &cx.model.stages {
            let Some(from) = df.instructions[stage.from].as_from() else { continue };
            let word = &from.image.text;
            let refs = vars::find_vars(word, esc);
            if refs.is_empty() {
                continue;
            }
            // Unknown names are undefined-variable's; `${A-x}` tells unset from empty.
            let judged = refs.iter().all(|v| {
                args.get(&v.name).is_some_and(|val| {
                    val.is_some()
                        || !matches!(
                            &v.modifier,
                            Some(
                                VarModifier::Default { colon: false, .. }
                                    | VarModifier::Alternate { colon: false, .. }
                                    | VarModifier::Required { .. }
                            )
                        )
                })
            });
            if !judged {
                continue;
            }
            let lookup = |n: &str| Some(args.get(n).cloned().flatten().unwrap_or_default());
            let Some(result) = vars::expand(word, esc, &lookup) else { continue };
            if !result.is_empty() && (ImageRef::parse(&result).is_ok() || cx.model.stage_index(&result).is_some()) {
                continue;
            }
            let mut unset: Vec<&str> = refs
                .iter()
                .filter(|v| args.get(&v.name).is_some_and(Option::is_none))
                .map(|v| v.name.as_str())
                .collect();
            unset.dedup();
            let why = match unset.as_slice() {
                [] => String::new(),
                [one] => format!(" (`{one}` has no default)"),
                many => format!(
                    " ({} have no default)",
                    many.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            let reads = if result.is_empty() { "nothing".to_string() } else { format!("`{result}`") };
            out.report(
                from.image.range.clone(),
                format!(
                    "without build arguments this `FROM` reads {reads}{why}, which is not a valid image reference: \
                     `docker build` fails unless every build passes them; give the `ARG` a working default"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "invalid-default-arg-in-from";

    #[test]
    fn missing_or_bad_defaults() {
        let f = findings(ID, "ARG TAG\nFROM alpine:${TAG}\n");
        assert_eq!(f[0].0, "alpine:${TAG}");
        assert!(f[0].1.contains("reads `alpine:` (`TAG` has no default)"), "{}", f[0].1);
        let f = findings(ID, "ARG BASE_IMAGE\nFROM $BASE_IMAGE AS base\n");
        assert!(f[0].1.contains("reads nothing"), "{}", f[0].1);
        assert_eq!(spans(ID, "ARG REPO=My/Image\nFROM ${REPO}:1\n"), ["${REPO}:1"]);
        assert_eq!(spans(ID, "ARG A\nARG B\nFROM ${A}${B}\n"), ["${A}${B}"]);
    }

    #[test]
    fn good_defaults_platform_args_stages() {
        assert!(spans(ID, "ARG TAG=3.20\nFROM alpine:${TAG}\n").is_empty());
        assert!(spans(ID, "ARG TAG\nFROM alpine:${TAG:-3.20}\n").is_empty());
        assert!(spans(ID, "ARG V=1.23\nARG IMG=golang:${V}\nFROM $IMG\n").is_empty());
        assert!(spans(ID, "FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.4 AS xx\nFROM golang:1.23-${TARGETARCH}\n")
            .is_empty());
        assert!(spans(ID, "FROM alpine:${UNDECLARED}\n").is_empty(), "undefined-variable's");
        assert!(spans(ID, "ARG T\nFROM a:${TARGETVARIANT}\n").is_empty());
        assert!(spans(ID, "ARG T\nFROM alpine:${T-3.20}\n").is_empty());
        assert!(spans(ID, "ARG S=build\nFROM a:1 AS build\nFROM ${S}\n").is_empty());
        assert!(spans(ID, "FROM alpine:3.20\n").is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
