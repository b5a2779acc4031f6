use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct ConsecutiveRun;

static META: RuleMeta = RuleMeta {
    id: "consecutive-run",
    summary: "Consecutive short `RUN` instructions with the same flags could be one",
    category: Category::Hygiene,
    default_severity: None,
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3059"],
    buildkit: &[],
    docs: r#"# consecutive-run

## What it finds
A `RUN` right after another `RUN` of the same stage (comments between them do not
count), both with the same flags (`--mount`, `--network`, `--security`), and each with
at most two commands. A longer `RUN` is taken as deliberately separate, and so is one
whose mounts or network differ, since merging would change what the commands see.

## Why
Each `RUN` makes a layer. Where one step cleans up after another, they must be one
`RUN`: a later layer cannot shrink an earlier one, so `RUN rm -rf /var/lib/apt/lists/*`
on its own line saves nothing. The same goes for `RUN apt-get update` followed by
`RUN apt-get install …`, whose update is cached on its own and goes stale.

The rule is **off by default**. Under BuildKit, separate `RUN`s are cached independently,
which often makes a build faster to iterate on, and a handful of extra layers costs
little. Turn it on (`select`, or `preset = "strict"`) to review a file for steps worth
merging.

## Example
```dockerfile
FROM debian:12
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
```

## Fix
```dockerfile
FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl
```

## Silence
`# shipshape ignore=consecutive-run` on the line above, or
`ignore = ["consecutive-run"]` in `.shipshape.toml`. hadolint's `DL3059` is honoured.
"#,
};

/// A RUN's flags, comparable: lower-case names with their values, sorted.
fn flags(inst: &Instruction) -> Vec<(String, Option<String>)> {
    let mut f: Vec<_> = inst.flags.iter().map(|f| (f.name.to_ascii_lowercase(), f.value.clone())).collect();
    f.sort();
    f
}

impl Rule for ConsecutiveRun {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for stage in &cx.model.stages {
            let mut prev: Option<&Instruction> = None;
            for i in stage.instructions.clone().skip(1) {
                let Some(inst) = df.instructions.get(i) else { break };
                if inst.kind != Kind::Run {
                    prev = None;
                    continue;
                }
                let short = |r: &Instruction| cx.model.run_commands(df, r).len() <= 2;
                if let Some(p) = prev.filter(|p| flags(p) == flags(inst) && short(p) && short(inst)) {
                    out.report(
                        inst.keyword_range.clone(),
                        "this `RUN` follows another with the same flags; merge them if one prepares or cleans up after the other",
                    )
                    .with_related(p.keyword_range.clone(), "the `RUN` before");
                }
                prev = Some(inst);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "consecutive-run";

    #[test]
    fn reported_on_the_second() {
        let text = "FROM debian:12\nRUN apt-get update\n# then\nrun apt-get install -y curl\nRUN <<EOF\nrm -rf /var/lib/apt/lists/*\nEOF\n";
        assert_eq!(spans(ID, text), ["run", "RUN"]);
        assert_eq!(spans(ID, "FROM debian:12\nRUN [\"a\"]\nRUN b && c\n"), ["RUN"]);
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nRUN a\nWORKDIR /x\nRUN b\n",
            "FROM debian:12\nRUN a\nFROM debian:12\nRUN b\n",
            "FROM debian:12\nRUN a\nRUN --mount=type=cache,target=/root/.cache b\n",
            "FROM debian:12\nRUN --network=none a\nRUN b\n",
            "FROM debian:12\nRUN a && b && c\nRUN d\n",
            "FROM debian:12\nRUN a\nRUN b; c; d\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    // Off by default, but the clean examples have no short consecutive RUNs either.
    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
