use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::syntax::dockerfile::Kind;

pub struct HealthcheckInstructionMissing;

static META: RuleMeta = RuleMeta {
    id: "healthcheck-instruction-missing",
    summary: "The built image has no HEALTHCHECK (off by default)",
    category: Category::Hygiene,
    default_severity: None,
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3057"],
    buildkit: &[],
    docs: r#"# healthcheck-instruction-missing

## What it finds
A built image (the last stage, or the `build.target` Compose builds) without a
`HEALTHCHECK` instruction in its stage or the stages it builds on. `HEALTHCHECK NONE`
counts as a deliberate choice. Off by default; on with `preset = "strict"` or
`select`.

## Why
Docker and Compose mark a container healthy only through a health check; without one,
`depends_on: condition: service_healthy` cannot wait for it and a hung process looks
alive. It is off by default because the check belongs where the container runs as often
as in the image: Kubernetes ignores `HEALTHCHECK` and uses its probes, and Compose files
define `healthcheck:` per service (which `healthcheck-missing` judges), so an image
without one is often right.

## Example
```dockerfile
FROM nginx:1.27
COPY site/ /usr/share/nginx/html/
```

## Fix
`HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1`
(with a tool the image has), or `HEALTHCHECK NONE` to say there is none on purpose.

## Silence
`# shipshape ignore=healthcheck-instruction-missing` on the line above, or
`ignore = ["healthcheck-instruction-missing"]` in `.shipshape.toml`. hadolint's `DL3057` is
honoured.
"#,
};

impl Rule for HealthcheckInstructionMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for s in cx.built_stages() {
            let has = cx.model.ancestry(s).iter().any(|&a| {
                df.instructions[cx.model.stages[a].instructions.clone()].iter().any(|i| i.kind == Kind::Healthcheck)
            });
            if has {
                continue;
            }
            let from = &df.instructions[cx.model.stages[s].from];
            out.report(
                from.keyword_range.clone(),
                format!(
                    "{} has no `HEALTHCHECK`: Docker cannot tell when the container is unhealthy",
                    cx.built_stage_name(s)
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "healthcheck-instruction-missing";

    #[test]
    fn built_stage_and_its_bases() {
        assert_eq!(spans(ID, "FROM a AS b\nHEALTHCHECK CMD x\nFROM c\n"), ["FROM"]);
        assert!(spans(ID, "FROM a AS b\nHEALTHCHECK NONE\nFROM b\n").is_empty());
        assert!(spans(ID, "FROM a\nHEALTHCHECK CMD x\n").is_empty());
    }
}
