use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::dockerfile::Kind;

pub struct InvalidLabelKey;

static META: RuleMeta = RuleMeta {
    id: "invalid-label-key",
    summary: "A label key breaks Docker's key format or uses a namespace reserved for Docker",
    category: Category::Metadata,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3048"],
    buildkit: &[],
    docs: r#"# invalid-label-key

## What it finds
A `LABEL` key that does not follow Docker's label key format: keys start with a lower-case
letter, end with a lower-case letter or digit, contain only lower-case letters, digits,
`.`, `-`, `_` and `/`, and never two separators (`..`, `--`) in a row. Keys in the
namespaces Docker reserves for itself (`com.docker.*`, `io.docker.*`,
`org.dockerproject.*`) are reported too. Keys written with variables are not judged.

## Why
The build accepts any key, but tools that read labels do not: registries, scanners and
orchestrators look for the reverse-DNS keys they know (`org.opencontainers.image.version`),
so `Version` or `org.opencontainers.image..version` is silently ignored. Docker's
reserved namespaces may be overwritten or mean something else to Docker's own tooling.

## Example
```dockerfile
FROM alpine:3.20
LABEL Version="1.0" com.docker.thing="x"
```

## Fix
Use lower-case reverse-DNS keys in your own namespace, or the OCI ones:
`LABEL org.opencontainers.image.version="1.0" com.example.thing="x"`.

## Silence
`# shipshape ignore=invalid-label-key` on the line above, or
`ignore = ["invalid-label-key"]` in `.shipshape.toml`. hadolint's `DL3048` is honoured.
"#,
};

/// Why a label key is invalid, if it is.
fn problem(key: &str) -> Option<&'static str> {
    let first = key.chars().next()?;
    if ["com.docker.", "io.docker.", "org.dockerproject."].iter().any(|p| key.starts_with(p)) {
        return Some("is in a namespace Docker reserves for itself");
    }
    if !first.is_ascii_lowercase() {
        return Some("must start with a lower-case letter");
    }
    if !key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '/')) {
        return Some("may hold only lower-case letters, digits, `.`, `-`, `_` and `/`");
    }
    if !key.ends_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit()) {
        return Some("must end with a lower-case letter or a digit");
    }
    if key.contains("..") || key.contains("--") {
        return Some("must not repeat a separator (`..`, `--`)");
    }
    None
}

impl Rule for InvalidLabelKey {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in df.instructions.iter().filter(|i| i.kind == Kind::Label) {
            for kv in inst.key_values(df.escape) {
                if kv.key.contains('$') {
                    continue;
                }
                if let Some(why) = problem(&kv.key) {
                    out.report(kv.key_range.clone(), format!("label key `{}` {why}", kv.key));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "invalid-label-key";

    #[test]
    fn reports_bad_keys() {
        let text = "FROM a\nLABEL Version=1 a..b=2 com.docker.x=3 \"ok-1\"=4 end-=5 sp%ce=6\n";
        assert_eq!(spans(ID, text), ["Version", "a..b", "com.docker.x", "end-", "sp%ce"]);
    }

    #[test]
    fn good_and_variable_keys() {
        let text = "from a\nlabel org.opencontainers.image.version=1 maintainer=x io.k8s/x_y=1 ${K}=v\n";
        assert!(spans(ID, text).is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
