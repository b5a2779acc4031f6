//! Property tests: no input makes a parser or the checks panic, and every range they
//! return lies inside the text on character boundaries (so edits can never corrupt it).

use proptest::prelude::*;
use shipshape_rules::{check_compose, check_dockerfile, Settings};

fn assert_ranges(text: &str, diags: &[shipshape_rules::Diagnostic]) {
    for d in diags {
        assert!(d.range.start <= d.range.end && d.range.end <= text.len(), "{d:?} out of bounds");
        assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end), "{d:?} splits a char");
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(
                e.range.end <= text.len() && text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end)
            );
        }
    }
}

fn dockerfile_ish() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "FROM ",
        "RUN ",
        "COPY ",
        "ADD ",
        "ARG ",
        "ENV ",
        "LABEL ",
        "ONBUILD ",
        "HEALTHCHECK ",
        "SHELL ",
        "CMD ",
        "node",
        ":latest",
        "@sha256:",
        " AS ",
        "--mount=type=cache,target=/x",
        "--from=",
        "<<EOF",
        "<<-'E'",
        "EOF",
        "\\",
        "`",
        "\n",
        "\r\n",
        " ",
        "\t",
        "#",
        "# escape=`\n",
        "# syntax=x\n",
        "$",
        "${",
        "}",
        ":-",
        "\"",
        "'",
        "[",
        "]",
        ",",
        "=",
        "é",
        "😀",
        "\u{feff}",
        "\0",
        "scratch",
        "${BASE}",
        "a=b",
    ]);
    prop::collection::vec(tokens, 0..60).prop_map(|v| v.concat())
}

fn yaml_ish() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "services:",
        "\n",
        "  ",
        "    ",
        "- ",
        "image: ",
        "redis",
        ":latest",
        "build: ",
        ".",
        "&a ",
        "*a",
        "<<: ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "\"",
        "'",
        "|",
        ">-",
        "#",
        "x-",
        "${TAG:-dev}",
        "$$",
        "\t",
        "---\n",
        "? ",
        "!!str ",
        "é",
        "😀",
        "\r\n",
        ": ",
        "ports:",
        "80:80",
        "depends_on:",
        "web",
        "null",
        "~",
    ]);
    prop::collection::vec(tokens, 0..80).prop_map(|v| v.concat())
}

/// Random edits (insert, delete, replace) applied to a real file: what an editor sends.
fn mutate(base: &'static str) -> impl Strategy<Value = String> {
    prop::collection::vec((any::<prop::sample::Index>(), 0u8..3, "[ -~\n\té😀]{0,4}"), 0..8).prop_map(move |edits| {
        let mut s = base.to_string();
        for (idx, op, txt) in edits {
            let mut at = idx.index(s.len() + 1);
            while !s.is_char_boundary(at) {
                at -= 1;
            }
            match op {
                0 => s.insert_str(at, &txt),
                1 => {
                    let mut end = (at + txt.len()).min(s.len());
                    while !s.is_char_boundary(end) {
                        end -= 1;
                    }
                    s.replace_range(at..end, "");
                }
                _ => {
                    let mut end = (at + 1).min(s.len());
                    while !s.is_char_boundary(end) {
                        end += 1;
                    }
                    s.replace_range(at..end, &txt);
                }
            }
        }
        s
    })
}

const DOCKERFILE: &str = include_str!("data/complex.Dockerfile");
/// Single-stage builds: `single-stage-build` fires and computes the multi-stage conversion.
const SINGLE_STAGE: &str = include_str!("data/multistage/rust-args-comments.Dockerfile");
const SINGLE_STAGE_NODE: &str = include_str!("data/multistage/node-server.Dockerfile");
const COMPOSE: &str = "x-base: &base\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: nginx:latest\n    ports: [\"80:80\"]\n    build:\n      context: .\n      args: [A=1]\n  db:\n    image: \"redis\"\n    command: |\n      redis-server\n";

fn env(_: &str) -> Option<String> {
    None
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn dockerfile_tokens(text in dockerfile_ish()) {
        assert_ranges(&text, &check_dockerfile(&text, &Settings::default()));
    }

    #[test]
    fn dockerfile_mutations(text in mutate(DOCKERFILE)) {
        assert_ranges(&text, &check_dockerfile(&text, &Settings::default()));
    }

    #[test]
    fn single_stage_mutations(text in mutate(SINGLE_STAGE)) {
        assert_ranges(&text, &check_dockerfile(&text, &Settings::default()));
    }

    #[test]
    fn single_stage_node_mutations(text in mutate(SINGLE_STAGE_NODE)) {
        assert_ranges(&text, &check_dockerfile(&text, &Settings::default()));
    }

    #[test]
    fn compose_tokens(text in yaml_ish()) {
        assert_ranges(&text, &check_compose(&text, &env, &Settings::default()));
    }

    #[test]
    fn compose_mutations(text in mutate(COMPOSE)) {
        assert_ranges(&text, &check_compose(&text, &env, &Settings::default()));
    }

    #[test]
    fn arbitrary_strings(text in "\\PC{0,200}") {
        assert_ranges(&text, &check_dockerfile(&text, &Settings::default()));
        assert_ranges(&text, &check_compose(&text, &env, &Settings::default()));
    }
}
