use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};

pub struct IgnorePragma;

static META: RuleMeta = RuleMeta {
    id: "ignore-pragma",
    summary: "An inline ignore comment silences findings (off by default)",
    category: Category::Hygiene,
    default_severity: None,
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL1001"],
    buildkit: &[],
    docs: r#"# ignore-pragma

## What it finds
Each `# shipshape ignore=…`, `# shipshape ignore-file=…` and `# hadolint ignore=…` /
`# hadolint global ignore=…` comment. Off by default; for teams that want every
exception in the config file (`ignore = […]`), where it is reviewed in one place.

## Why
Inline ignores are convenient, and they accumulate: each one hides a finding from every
later reader and from CI. A team that wants exceptions to be explicit, reviewed policy
turns this on and keeps them in `.shipshape.toml`. To stop honouring `# hadolint ignore=`
comments altogether, set `hadolint-pragmas = false` instead.

## Example
```dockerfile
FROM debian:12
# hadolint ignore=DL3008
RUN apt-get update && apt-get install -y --no-install-recommends curl
```

## Fix
Remove the comment and fix the finding, or move the exception to `.shipshape.toml`.

## Silence
`ignore = ["ignore-pragma"]` in `.shipshape.toml` (an inline ignore of this rule would
defeat its purpose). hadolint's `DL1001` is honoured.
"#,
};

impl Rule for IgnorePragma {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        for c in &cx.file.comments {
            let t = c.text.trim();
            let pragma = ["shipshape", "hadolint"].iter().any(|tool| {
                t.strip_prefix(tool).is_some_and(|r| {
                    let r = r.trim_start_matches(':').trim();
                    let r = r.strip_prefix("global").map_or(r, str::trim);
                    r.starts_with("ignore=") || r.starts_with("ignore-file=")
                })
            });
            if pragma {
                out.report(
                    c.range.clone(),
                    "an inline ignore comment hides findings; keep exceptions in `.shipshape.toml`",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    #[test]
    fn each_ignore_comment() {
        let text = "FROM a\n# hadolint ignore=DL3008\n# shipshape ignore=x\n# hadolint global ignore=DL3007\n# a note about ignore=\nRUN x\n";
        assert_eq!(spans("ignore-pragma", text).len(), 3);
    }
}
