use std::path::PathBuf;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::shell::ShellCommand;
use crate::model::stage::walk;
use crate::syntax::dockerfile::Kind;

pub struct ReleaseBinaryNotOptimized;

static META: RuleMeta = RuleMeta {
    id: "release-binary-not-optimized",
    summary: "A Rust or Go binary that goes into the image keeps its symbols (and, for Rust, skips LTO)",
    category: Category::Images,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# release-binary-not-optimized

## What it finds
A build step whose binary reaches the image (it runs in the image's stages, or in a stage
the image copies from) and that ships more than the program:
- **Rust**: `cargo build --release` or `cargo install` while the release profile neither
  strips symbols nor uses link-time optimisation — no `strip`/`lto` under
  `[profile.release]` in the context's `Cargo.toml` (or `.cargo/config.toml`), and no
  `CARGO_PROFILE_RELEASE_STRIP`/`CARGO_PROFILE_RELEASE_LTO` in the step or the stage. Only
  judged when the build context is known and holds the `Cargo.toml`.
- **Go**: `go build` without `-ldflags "-s -w"` (no symbol table, no DWARF). `go install`,
  which mostly fetches tools into development images, is not judged.
Not reported when a `strip` or `upx` step in the image's stages shrinks the binary anyway.

## Why
Symbols and debug info are for debuggers, not for running: they make a Go binary about a
quarter larger and a Rust binary often several times larger. Link-time optimisation lets
the compiler inline and drop code across crates: smaller and usually faster. Every pull,
every node's disk and every cold start pays for the difference.

## Example
```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app
FROM gcr.io/distroless/static-debian12
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Fix
Go: `RUN go build -ldflags="-s -w" -o /out/app ./cmd/app`. Rust: in `Cargo.toml`,
```toml
[profile.release]
strip = true
lto = true
```
The quick fix (unsafe: stack traces lose function names, and LTO lengthens the build)
adds `-ldflags="-s -w"` to `go build`, or sets `CARGO_PROFILE_RELEASE_STRIP=symbols` and
`CARGO_PROFILE_RELEASE_LTO=true` on the `cargo` command.

## Silence
`# shipshape ignore=release-binary-not-optimized` on the line above, or
`ignore = ["release-binary-not-optimized"]` in `.shipshape.toml`.
"#,
};

/// What the context's Cargo configuration sets for the release profile: (strip, lto);
/// `None` when no Cargo.toml can be read (nothing is judged then).
fn cargo_profile(cx: &DockerfileContext) -> Option<(bool, bool)> {
    let view = cx.project?;
    let dirs: Vec<PathBuf> = match cx.builds().as_slice() {
        [] => vec![cx.path?.parent()?.to_path_buf()],
        builds => builds.iter().map(|b| b.context_dir.clone()).collect(),
    };
    let mut found = None;
    for dir in dirs {
        let Ok(text) = view.fs.read_to_string(&dir.join("Cargo.toml")) else { continue };
        let mut strip = false;
        let mut lto = false;
        let config = view.fs.read_to_string(&dir.join(".cargo/config.toml")).unwrap_or_default();
        for t in [text, config] {
            let Ok(table) = t.parse::<toml::Table>() else { continue };
            let Some(p) = table.get("profile").and_then(|p| p.get("release")) else { continue };
            strip |= p.get("strip").is_some_and(|v| v.as_bool() != Some(false) && v.as_str() != Some("none"));
            lto |= p.get("lto").is_some_and(|v| v.as_bool() != Some(false) && v.as_str() != Some("off"));
        }
        // Several builds of one Dockerfile: judge by the most optimised.
        found = Some(match found {
            Some((s, l)) => (s || strip, l || lto),
            None => (strip, lto),
        });
    }
    found
}

fn env_set(c: &ShellCommand, state: &crate::model::stage::StageState, name: &str) -> bool {
    c.assignments.iter().any(|a| a.text.starts_with(&format!("{name}="))) || state.env.contains_key(name)
}

/// The value of `-ldflags` (`-ldflags=-s -w`, `-ldflags "-s -w"`), if given.
fn ldflags(c: &ShellCommand) -> Option<&str> {
    let mut words = c.words.iter().skip(1);
    while let Some(w) = words.next() {
        let t = w.text.trim_start_matches('-');
        if w.text.starts_with('-') && t == "ldflags" {
            return words.next().map(|v| v.text.as_str());
        }
        if let Some(v) = w.text.strip_prefix("-ldflags=").or_else(|| w.text.strip_prefix("--ldflags=")) {
            return Some(v);
        }
    }
    None
}

impl Rule for ReleaseBinaryNotOptimized {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let feeding = cx.feeding_stages();
        let layered = cx.layered_stages();
        let in_stages = |stages: &[bool], prog: &[&str]| {
            df.instructions.iter().enumerate().any(|(i, inst)| {
                inst.kind == Kind::Run
                    && cx.model.stage_of(i).is_some_and(|s| stages.get(s).copied().unwrap_or(false))
                    && cx.model.run_commands(df, inst).iter().any(|c| c.program().is_some_and(|p| prog.contains(&p)))
            })
        };
        // A strip or upx anywhere on the way to the image shrinks the binary anyway.
        if in_stages(&feeding, &["strip", "upx", "llvm-strip"]) {
            return;
        }
        let _ = layered;
        let mut profile: Option<Option<(bool, bool)>> = None;
        walk(df, cx.model, |i, inst, state| {
            if inst.kind != Kind::Run || !cx.model.stage_of(i).is_some_and(|s| feeding[s]) {
                return;
            }
            let shell = inst.exec.is_none();
            for c in cx.model.run_commands(df, inst).iter() {
                let (prog, sub) = (c.program().unwrap_or(""), c.subcommand().unwrap_or(""));
                if prog == "cargo" {
                    let release = (sub == "build" && c.has_option("--release", Some('r'))) || sub == "install";
                    if !release || c.has_option("--profile", None) || sub == "install" && c.has_option("--debug", None)
                    {
                        continue;
                    }
                    let Some((strip, lto)) = *profile.get_or_insert_with(|| cargo_profile(cx)) else { continue };
                    let strip = strip || env_set(c, state, "CARGO_PROFILE_RELEASE_STRIP");
                    let lto = lto || env_set(c, state, "CARGO_PROFILE_RELEASE_LTO");
                    if strip && lto {
                        continue;
                    }
                    let missing = match (strip, lto) {
                        (false, false) => "keeps its symbols and skips link-time optimisation",
                        (false, true) => "keeps its symbols",
                        _ => "skips link-time optimisation",
                    };
                    let d = out.report(
                        c.words[0].range.clone(),
                        format!("`cargo {sub}` {missing} (no `strip`/`lto` in `[profile.release]`): the binary in the image is larger than it needs to be"),
                    );
                    if shell {
                        let mut env = String::new();
                        if !strip {
                            env.push_str("CARGO_PROFILE_RELEASE_STRIP=symbols ");
                        }
                        if !lto {
                            env.push_str("CARGO_PROFILE_RELEASE_LTO=true ");
                        }
                        let at = c.words[0].range.start;
                        d.with_fix(Fix {
                            title: format!("Set `{}` on this build", env.trim_end()),
                            applicability: Applicability::Unsafe,
                            edits: vec![Edit::insert(at, env)],
                        });
                    }
                } else if prog == "go" && sub == "build" {
                    // (`go install` mostly fetches tools into dev images: not judged.)
                    let goflags = state.env.contains_key("GOFLAGS")
                        || c.assignments.iter().any(|a| a.text.starts_with("GOFLAGS="));
                    let flags = ldflags(c);
                    let stripped = flags.is_some_and(|f| {
                        let words: Vec<&str> = f.split_whitespace().collect();
                        words.contains(&"-s") && words.contains(&"-w")
                    });
                    if stripped || goflags {
                        continue;
                    }
                    let d = out.report(
                        c.words[0].range.start..c.words.iter().find(|w| w.text == sub).map_or(c.words[0].range.end, |w| w.range.end),
                        format!("`go {sub}` without `-ldflags \"-s -w\"` keeps the symbol table and DWARF debug info in the image's binary (about a quarter of its size)"),
                    );
                    if let (true, None, Some(sw)) = (shell, flags, c.words.iter().find(|w| w.text == sub)) {
                        d.with_fix(Fix {
                            title: "Add `-ldflags=\"-s -w\"`".into(),
                            applicability: Applicability::Unsafe,
                            edits: vec![Edit::insert(sw.range.end, " -ldflags=\"-s -w\"")],
                        });
                    }
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{fixed, project_file_findings, spans};
    use crate::Applicability;

    const ID: &str = "release-binary-not-optimized";
    const GO_RUNTIME: &str = "FROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n";

    #[test]
    fn go_builds_that_reach_the_image() {
        let text = format!("FROM golang:1.23 AS build\nRUN go build -o /out/app .\n{GO_RUNTIME}");
        assert_eq!(spans(ID, &text), ["go build"]);
        let (t, a) = fixed(ID, &text);
        assert!(t.contains("RUN go build -ldflags=\"-s -w\" -o /out/app .\n"), "{t}");
        assert_eq!(a, Applicability::Unsafe);
        assert!(spans(ID, &t).is_empty());
        for ok in [
            "RUN go build -ldflags '-s -w -X main.v=1' -o /out/app .\n",
            "RUN go build -ldflags=\"-w -s\" -o /out/app . && strip /out/app\n",
            "ENV GOFLAGS=-trimpath\nRUN go build -o /out/app .\n",
        ] {
            let text = format!("FROM golang:1.23 AS build\n{ok}{GO_RUNTIME}");
            assert!(spans(ID, &text).is_empty(), "{text}");
        }
        // A stage the image never copies from is not judged.
        let text = "FROM golang:1.23 AS tools\nRUN go build -o /x .\nFROM alpine:3.20\nRUN echo hi\n";
        assert!(spans(ID, text).is_empty());
        // -ldflags without -s -w: reported, no automatic merge.
        let text = format!("FROM golang:1.23 AS build\nRUN go build -ldflags=-X=main.v=1 -o /out/app .\n{GO_RUNTIME}");
        assert_eq!(spans(ID, &text), ["go build"]);
    }

    #[test]
    fn rust_judged_with_the_context_cargo_toml() {
        let df = "FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release\nFROM debian:bookworm-slim\nCOPY --from=build /src/target/release/app /app\n";
        let compose = "services:\n  app:\n    build: .\n";
        let plain = "[package]\nname = \"app\"\n";
        let f = project_file_findings(
            ID,
            &[("/p/compose.yaml", compose), ("/p/Dockerfile", df), ("/p/Cargo.toml", plain)],
            "/p/Dockerfile",
        );
        assert_eq!(f.len(), 1);
        assert!(f[0].1.contains("keeps its symbols and skips link-time optimisation"), "{}", f[0].1);
        let tuned = "[package]\nname = \"app\"\n[profile.release]\nstrip = true\nlto = \"thin\"\n";
        let f = project_file_findings(
            ID,
            &[("/p/compose.yaml", compose), ("/p/Dockerfile", df), ("/p/Cargo.toml", tuned)],
            "/p/Dockerfile",
        );
        assert!(f.is_empty(), "{f:?}");
        // Without the context, Rust is not judged.
        assert!(spans(ID, df).is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
