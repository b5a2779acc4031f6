use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::dockerfile::Kind;

pub struct CurlAndWget;

static META: RuleMeta = RuleMeta {
    id: "curl-and-wget",
    summary: "A stage downloads with both `curl` and `wget`: one tool is enough",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL4001"],
    buildkit: &[],
    docs: r#"# curl-and-wget

## What it finds
A stage whose `RUN` instructions run both `curl` and `wget`. Reported once per stage, on
the first use of the second tool. Stages are judged apart: a build stage that uses `wget`
and a final stage that uses `curl` is fine, as each image only carries its own tool.

## Why
Both tools do the same job here: fetch a URL. Using both usually means installing both,
with their libraries (each pulls in its own TLS and HTTP stack), into the stage, and two
sets of flags to get right for retries, redirects and failing on HTTP errors. Pick one
and use it throughout.

It is information, not a warning: when the base image already ships both (the
`buildpack-deps` family does), using both costs nothing.

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl wget
RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN wget -q -O /tmp/b.tgz https://example.com/b.tgz
```

## Fix
Use one tool for every download, and install only that one:
```dockerfile
RUN curl -fsSLo /tmp/b.tgz https://example.com/b.tgz
```

## Silence
`# shipshape ignore=curl-and-wget` on the line above, or `ignore = ["curl-and-wget"]` in
`.shipshape.toml`. hadolint's `DL4001` is honoured.
"#,
};

impl Rule for CurlAndWget {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for stage in &cx.model.stages {
            // The first use of each tool in the stage.
            let mut first: [Option<std::ops::Range<usize>>; 2] = [None, None];
            'stage: for i in stage.instructions.clone().skip(1) {
                let Some(inst) = df.instructions.get(i) else { break };
                if inst.kind != Kind::Run {
                    continue;
                }
                for c in cx.model.run_commands(df, inst).iter() {
                    let tool = match c.program() {
                        Some("curl") => 0,
                        Some("wget") => 1,
                        _ => continue,
                    };
                    let Some(word) = c.words.first() else { continue };
                    if first[tool].is_some() {
                        continue;
                    }
                    first[tool] = Some(word.range.clone());
                    if let Some(other) = first[1 - tool].clone() {
                        let (this, that) = if tool == 0 { ("curl", "wget") } else { ("wget", "curl") };
                        out.report(
                            word.range.clone(),
                            format!("this stage already downloads with `{that}`; use one tool, not both `{that}` and `{this}`"),
                        )
                        .with_related(other, format!("`{that}` used here"));
                        break 'stage;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{diagnostics, spans};

    const ID: &str = "curl-and-wget";

    #[test]
    fn once_per_stage_on_the_second_tool() {
        let text = "FROM debian:12\nRUN wget -q https://a/x && curl -fsS https://a/y\nRUN curl -fsS https://a/z && wget -q https://a/w\n";
        let d = diagnostics(ID, text);
        assert_eq!(d.len(), 1);
        assert_eq!(&text[d[0].range.clone()], "curl");
        assert_eq!(d[0].range.start, text.find("curl").unwrap());
        assert_eq!(d[0].related.len(), 1);
        assert_eq!(d[0].related[0].range.start, text.find("wget").unwrap());
    }

    #[test]
    fn stages_apart_and_forms() {
        // Each stage on its own.
        assert!(spans(
            ID,
            "FROM debian:12 AS dl\nRUN wget -q https://a/x\nFROM debian:12\nRUN curl -fsS https://a/y\n"
        )
        .is_empty());
        assert_eq!(
            spans(ID, "FROM debian:12\nRUN wget -q https://a/x\nFROM debian:12\nRUN [\"curl\", \"-fsS\", \"https://a\"]\nrun <<EOF\nwget -q https://b\nEOF\n"),
            ["wget"]
        );
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nRUN apt-get install -y curl wget\nRUN curl -fsS https://a/x\n",
            "FROM debian:12\nRUN curl -fsS https://a/x\nHEALTHCHECK CMD wget -q http://localhost/ || exit 1\n",
            "FROM debian:12\nRUN command -v wget || curl -fsS https://a/x\n",
            "FROM debian:12\nRUN echo wget && curl -fsS https://a/x\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
