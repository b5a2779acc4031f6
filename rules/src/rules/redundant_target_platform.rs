use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::Base;
use crate::syntax::dockerfile::vars::{self, VarModifier};

pub struct RedundantTargetPlatform;

static META: RuleMeta = RuleMeta {
    id: "redundant-target-platform",
    summary: "`FROM --platform=$TARGETPLATFORM` says what the builder does anyway",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL3065"],
    buildkit: &["RedundantTargetPlatform"],
    docs: r#"# redundant-target-platform

## What it finds
`FROM --platform=$TARGETPLATFORM …` (or `${TARGETPLATFORM}`).

## Why
Every stage is built for the target platform unless `--platform` says otherwise, so the
flag changes nothing. On a stage built on another stage (`FROM --platform=$TARGETPLATFORM
base`) it is not even read: the stage takes the platform of `base`, whatever the flag says. It suggests the stage is special when it is not, and hides the stages
where `--platform` does matter (`$BUILDPLATFORM` for cross-compiling). BuildKit reports it
(`RedundantTargetPlatform`); it harms nothing, so this is advice (`info`).

## Example
```dockerfile
FROM --platform=$TARGETPLATFORM alpine:3.20
```

## Fix
Remove the flag; the quick fix does, and it is safe.

## Silence
`# shipshape ignore=redundant-target-platform` on the line above, or
`ignore = ["redundant-target-platform"]` in `.shipshape.toml`. hadolint's `DL3065` and
BuildKit's `# check=skip=RedundantTargetPlatform` are honoured.
"#,
};

impl Rule for RedundantTargetPlatform {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // A global ARG may give TARGETPLATFORM another value.
        if cx.model.global_args.iter().any(|a| a.name == "TARGETPLATFORM" && a.default.is_some()) {
            return;
        }
        for stage in &cx.model.stages {
            let inst = &df.instructions[stage.from];
            let Some(flag) = inst.flag("platform") else { continue };
            let Some(raw) = &flag.value else { continue };
            let refs = vars::find_vars(raw, df.escape);
            let [v] = refs.as_slice() else { continue };
            let whole = v.range == (0..raw.len());
            let plain = matches!(v.modifier, None | Some(VarModifier::Default { .. }));
            if v.name != "TARGETPLATFORM" || !whole || !plain {
                continue;
            }
            // Remove the flag and the blanks after it (or before it, when a line break follows).
            let src = df.source.as_bytes();
            let mut end = flag.range.end;
            while end < src.len() && matches!(src[end], b' ' | b'\t') {
                end += 1;
            }
            let mut start = flag.range.start;
            if end >= src.len() || matches!(src[end], b'\n' | b'\r') || src[end] as char == df.escape {
                end = flag.range.end;
                while start > 0 && matches!(src[start - 1], b' ' | b'\t') {
                    start -= 1;
                }
            }
            // A stage built on another stage takes that stage's platform: the flag is ignored.
            let parent = match stage.base {
                Base::Stage(p) => Some(p),
                _ => None,
            };
            let msg = match parent.and_then(|p| cx.model.stages[p].name.as_deref()) {
                Some(name) => format!(
                    "`--platform={raw}` has no effect: a stage built on the stage `{name}` takes that stage's platform"
                ),
                None => format!(
                    "`--platform={raw}` is redundant: every stage is built for the target platform unless told otherwise"
                ),
            };
            out.report(flag.range.clone(), msg).with_fix(Fix {
                title: "Remove the redundant `--platform`".to_string(),
                applicability: Applicability::Safe,
                edits: vec![Edit::delete(start..end)],
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{assert_fix, spans};
    use crate::Applicability;

    const ID: &str = "redundant-target-platform";

    #[test]
    fn target_platform_forms() {
        assert_eq!(spans(ID, "FROM --platform=$TARGETPLATFORM a\n"), ["--platform=$TARGETPLATFORM"]);
        assert_eq!(spans(ID, "from --platform=${TARGETPLATFORM} a as b\n"), ["--platform=${TARGETPLATFORM}"]);
        assert!(spans(ID, "FROM --platform=$BUILDPLATFORM a\n").is_empty());
        assert!(spans(ID, "FROM --platform=$TARGETPLATFORM-x a\n").is_empty());
        assert!(spans(ID, "FROM --platform=${TARGETPLATFORM:+linux/amd64} a\n").is_empty());
        assert!(spans(ID, "ARG TARGETPLATFORM=linux/arm64\nFROM --platform=$TARGETPLATFORM a\n").is_empty());
        let f = crate::rules::test_util::findings(
            ID,
            "FROM --platform=$BUILDPLATFORM a AS base\nFROM --platform=$TARGETPLATFORM base AS test\n",
        );
        assert!(f[0].1.contains("no effect") && f[0].1.contains("`base`"), "{}", f[0].1);
    }

    #[test]
    fn fix_removes_the_flag() {
        assert_fix(ID, "FROM --platform=$TARGETPLATFORM a AS b\n", "FROM a AS b\n", Applicability::Safe);
        assert_fix(ID, "FROM --platform=$TARGETPLATFORM \\\n  a\n", "FROM \\\n  a\n", Applicability::Safe);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
