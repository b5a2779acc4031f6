use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::Base;
use crate::model::stage::walk;
use crate::syntax::dockerfile::Kind;

pub struct CgoBinaryInStaticImage;

static META: RuleMeta = RuleMeta {
    id: "cgo-binary-in-static-image",
    summary: "A Go binary built with cgo on goes into an image without a C library (scratch, distroless static)",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# cgo-binary-in-static-image

## What it finds
`go build` (or `go install`) with cgo left on — `CGO_ENABLED` is not `0` in the step or the
stage — whose binary is copied into an image based on `scratch` or
`gcr.io/distroless/static`, which have no C library. Not reported when the build links
statically (`-extldflags -static`, or the `netgo` and `osusergo` tags).

## Why
The Go images ship a C compiler, so cgo is on by default there, and a program that imports
`net` or `os/user` (almost every server) is then linked against glibc. In `scratch` the
dynamic loader is missing, and the container dies at start with the baffling
`exec /app: no such file or directory` — the build itself succeeds.

## Example
```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
FROM scratch
COPY --from=build /out/app /app
ENTRYPOINT ["/app"]
```

## Fix
Build a static binary: `RUN CGO_ENABLED=0 go build -o /out/app .` (or `ENV CGO_ENABLED=0`
in the build stage). The quick fix adds `CGO_ENABLED=0` to the command; it is unsafe
because a program that needs cgo (SQLite through `mattn/go-sqlite3`, for example) then
fails to build — use a runtime image with a C library (`distroless/base`) for those.

## Silence
`# shipshape ignore=cgo-binary-in-static-image` on the line above, or
`ignore = ["cgo-binary-in-static-image"]` in `.shipshape.toml`.
"#,
};

/// Is the built image's root `scratch` or a distroless image without libc?
fn static_root(cx: &DockerfileContext, built: usize) -> Option<String> {
    let root = *cx.model.ancestry(built).last()?;
    match &cx.model.stages[root].base {
        Base::Scratch => Some("scratch".into()),
        Base::Image { resolved: Some(r), .. } if r.contains("distroless/static") => Some(r.clone()),
        _ => None,
    }
}

impl Rule for CgoBinaryInStaticImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let Some(image) = cx.built_stages().into_iter().find_map(|s| static_root(cx, s)) else { return };
        let feeding = cx.feeding_stages();
        let layered = cx.layered_stages();
        // Go turns cgo off by itself where there is no C compiler: the Alpine Go images
        // ship none, unless a step installs one.
        let installs_cc = |s: usize| {
            cx.model.ancestry(s).iter().any(|&a| {
                df.instructions[cx.model.stages[a].instructions.clone()].iter().any(|inst| {
                    cx.model.run_commands(df, inst).iter().any(|c| {
                        c.words.iter().any(|w| matches!(w.text.as_str(), "gcc" | "build-base" | "clang" | "musl-dev"))
                    })
                })
            })
        };
        walk(df, cx.model, |i, inst, state| {
            let Some(s) = cx.model.stage_of(i) else { return };
            // Stages copied from, not the static image's own layers (no Go there).
            if inst.kind != Kind::Run || !feeding[s] || layered[s] {
                return;
            }
            for c in cx.model.run_commands(df, inst).iter() {
                if c.program() != Some("go") || !matches!(c.subcommand(), Some("build" | "install")) {
                    continue;
                }
                let inline = c.assignments.iter().find_map(|a| a.text.strip_prefix("CGO_ENABLED="));
                let cgo = inline.or_else(|| state.get("CGO_ENABLED"));
                let unknown = inline.is_none() && state.env.get("CGO_ENABLED").is_some_and(|v| v.is_none());
                if cgo.is_some_and(|v| v.trim_matches(['"', '\'']) == "0") || unknown {
                    continue;
                }
                let alpine =
                    state.base.as_ref().is_some_and(|b| b.tag.as_deref().is_some_and(|t| t.contains("alpine")));
                if cgo.is_none() && alpine && !installs_cc(s) {
                    continue;
                }
                let text: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
                let joined = text.join(" ");
                let static_link =
                    joined.contains("-static") || (joined.contains("netgo") && joined.contains("osusergo"));
                if static_link {
                    continue;
                }
                let d = out.report(
                    c.words[0].range.start..c.words.get(1).map_or(c.words[0].range.end, |w| w.range.end),
                    format!(
                        "cgo is on for this build (`CGO_ENABLED` is not 0) and the binary goes into `{image}`, which has no C library: if it links libc (as `net` and `os/user` do), the container fails to start with `no such file or directory`"
                    ),
                );
                if inst.exec.is_none() {
                    d.with_fix(Fix {
                        title: "Build with `CGO_ENABLED=0`".into(),
                        applicability: Applicability::Unsafe,
                        edits: vec![Edit::insert(c.words[0].range.start, "CGO_ENABLED=0 ")],
                    });
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{assert_fix, spans};
    use crate::Applicability;

    const ID: &str = "cgo-binary-in-static-image";

    #[test]
    fn cgo_on_into_scratch() {
        let text =
            "FROM golang:1.23 AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n";
        assert_eq!(spans(ID, text), ["go build"]);
        assert_fix(
            ID,
            text,
            "FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n",
            Applicability::Unsafe,
        );
    }

    #[test]
    fn static_builds_and_libc_images_are_fine() {
        for (build, runtime) in [
            ("ENV CGO_ENABLED=0\nRUN go build -o /out/app .", "scratch"),
            ("RUN go build -ldflags '-extldflags \"-static\"' -o /out/app .", "scratch"),
            ("RUN go build -tags netgo,osusergo -o /out/app .", "gcr.io/distroless/static-debian12"),
            ("RUN go build -o /out/app .", "gcr.io/distroless/base-debian12"),
            ("RUN go build -o /out/app .", "alpine:3.20"),
            ("ARG CGO_ENABLED\nRUN go build -o /out/app .", "scratch"),
        ] {
            let text = format!("FROM golang:1.23 AS build\n{build}\nFROM {runtime}\nCOPY --from=build /out/app /app\n");
            assert!(spans(ID, &text).is_empty(), "{text}");
        }
        // The Alpine Go image has no C compiler unless one is installed.
        let text = "FROM golang:1.23-alpine AS build\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n";
        assert!(spans(ID, text).is_empty());
        let text = "FROM golang:1.23-alpine AS build\nRUN apk add --no-cache build-base\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n";
        assert_eq!(spans(ID, text), ["go build"]);
        let text = "FROM golang:1.23 AS build\nRUN CGO_ENABLED=0 go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\n";
        assert!(spans(ID, text).is_empty(), "{text}");
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
