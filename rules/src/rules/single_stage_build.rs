use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::Base;
use crate::model::package_manager::{identify, Tool};
use crate::model::shell::ShellCommand;
use crate::model::toolchain::Toolchain;
use crate::syntax::dockerfile::Kind;
use crate::syntax::image_ref::ImageRef;

pub struct SingleStageBuild;

static META: RuleMeta = RuleMeta {
    id: "single-stage-build",
    summary: "A single-stage build ships its build toolchain in the final image",
    category: Category::Stages,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# single-stage-build

## What it finds
A Dockerfile with exactly one stage that builds on a toolchain image and compiles in it,
so the toolchain is part of the image it ships:

- `rust` with `cargo build`/`cargo install`;
- `golang` with `go build`/`go install`;
- `maven`, `gradle`, and JDK images (`eclipse-temurin`, `openjdk`, `amazoncorretto`,
  except `-jre` tags) with `mvn`, `gradle`/`./gradlew` or `javac`;
- `mcr.microsoft.com/dotnet/sdk` with `dotnet build`/`dotnet publish`;
- `node` running a build script (`npm run build`, `yarn build`, `pnpm build`,
  `next build`, `vite build`, `ng build`);
- `python` installing compilers or headers (`gcc`, `g++`, `build-essential`, `build-base`,
  `*-dev`/`*-devel` packages) with `apt-get`/`apt`/`apk` and not removing them again.

A toolchain image that only runs something (`FROM node:20` with `CMD ["node", "server.js"]`,
a CI image running `go test`) is not reported, nor are multi-stage builds and
`.devcontainer` Dockerfiles.

## Why
Compilers, SDKs, package caches, dev dependencies and sources are needed to build, not to
run. Shipping them costs twice:
- **Image size.** The toolchain images are large (`rust` ≈ 1.5 GB, `golang` ≈ 800 MB,
  `node` ≈ 1 GB, `maven` ≈ 500 MB, .NET SDK ≈ 800 MB) next to a runtime base of a few to a
  few tens of MB (`distroless/static`, `debian:bookworm-slim`, `eclipse-temurin:21-jre`,
  `dotnet/aspnet`). Every pull, push, deploy and cold start moves those bytes, and
  registries and nodes store them.
- **Attack surface.** A compiler, a package manager, `git`, `curl` and headers are tools an
  attacker can use inside a compromised container, and each is a source of CVE reports
  that have nothing to do with the application. The runtime stage has only what runs.

## Example
```dockerfile
FROM rust:1.79-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libpq-dev
WORKDIR /app
COPY . .
RUN cargo build --release
EXPOSE 8080
CMD ["./target/release/app"]
```

## Fix
Build in a first stage and copy only the artifacts into a slim runtime stage. The action
**Convert to multi-stage build** (a code action on the finding and on any `FROM` line;
`shipshape fix --unsafe` for this rule) rewrites the example into:
```dockerfile
FROM rust:1.79-bookworm AS build
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends pkg-config libpq-dev
WORKDIR /app
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry --mount=type=cache,target=/usr/local/cargo/git cargo build --release

FROM debian:bookworm-slim AS runtime
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    --mount=type=cache,target=/var/lib/apt,sharing=locked \
    apt-get update \
    && apt-get install -y --no-install-recommends libpq5 ca-certificates
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
COPY --from=build /app/target/release/app /usr/local/bin/app
USER 10001:10001
EXPOSE 8080
CMD ["/usr/local/bin/app"]
```
What the conversion does:
- the stage becomes the builder (`AS build`, or keeps its name) and its installs get the
  cache mounts that `missing-cache-mount` would add;
- the runtime stage starts from a slim, pinned base for the ecosystem: Rust →
  `debian:<release>-slim` of the builder's Debian release (`alpine` for `-alpine` tags);
  Go with `CGO_ENABLED=0` → `gcr.io/distroless/static-debian12:nonroot` (Alpine when the
  commands need a shell or tools), cgo → `debian:<release>-slim`; Node server →
  `node:<same version>-slim`/`-alpine` with production dependencies only
  (`npm ci --omit=dev`); static front end (Vite, Create React App) →
  `nginxinc/nginx-unprivileged:1.27-alpine` serving `dist/`/`build/` on port 8080; Python →
  the same Python on `-slim` with the virtualenv copied (pip installs are moved into one);
  Maven/Gradle → `eclipse-temurin:<JDK version>-jre`; .NET → `dotnet/aspnet` (or
  `dotnet/runtime` for non-web projects) of the same version;
- the artifacts are found from the build commands and the manifests in the build context
  (`Cargo.toml`, `go.mod`, `package.json`, `pom.xml`, `*.csproj`) and copied with
  `COPY --from=build`; commands that named them are rewritten to the new path;
- `ENV`, `EXPOSE`, `USER`, `WORKDIR`, `VOLUME`, `HEALTHCHECK`, `LABEL`, `CMD`,
  `ENTRYPOINT` and `STOPSIGNAL` move to the runtime stage with the comments above them
  (`ENV`, `WORKDIR` and `USER` stay in the builder too when later steps use them), and the
  ARGs they use are declared again there;
- runtime libraries replace the builder's headers (`libpq-dev` → `libpq5`, `libssl-dev`
  → `libssl3` on bookworm, `openssl-dev` → `libssl3` on Alpine), and tools the
  `HEALTHCHECK` calls (`curl`) are installed;
- a non-root `USER` is added when there was none;
- everything before the `FROM` (directives, global ARGs, comments) and the file's line
  endings are kept.

It is **unsafe**: review it. When something cannot be told with confidence — a binary or
jar name, a publish folder, a Debian release — the path is written as a visible
placeholder (`<binary>`) or a best guess, with a `# shipshape: check` comment above it.
Files the application reads at run time that are neither artifacts nor named by `CMD`,
`ENTRYPOINT`, `HEALTHCHECK` or `ENV` are not copied: check them too.

## Silence
`# shipshape ignore=single-stage-build` on the line above, or
`ignore = ["single-stage-build"]` in `.shipshape.toml`.
"#,
};

/// What ships, and what multi-stage typically gains.
fn message(tool: Toolchain, image: &str) -> String {
    let (what, gain) = match tool {
        Toolchain::Rust => (
            "the Rust toolchain and the build's target directory",
            "a runtime image of a few tens of MB instead of well over 1 GB",
        ),
        Toolchain::Go => {
            ("the Go toolchain and module cache", "a `scratch` or distroless image of a few MB instead of ~800 MB")
        }
        Toolchain::Java => ("the JDK and build tool with their caches", "a JRE image, a few hundred MB smaller"),
        Toolchain::Dotnet => ("the .NET SDK", "the `aspnet`/`runtime` image, roughly a quarter of the size"),
        Toolchain::Node => (
            "the build tooling, dev dependencies and sources",
            "only the built output (served by nginx for a static site, or `node` with production deps)",
        ),
        Toolchain::Python => ("compilers and headers", "a slim runtime stage with only the built wheels or virtualenv"),
    };
    format!(
        "this single-stage build on `{image}` ships {what} in the final image; build in a builder stage and copy \
         the artifacts into a slim runtime stage ({gain})"
    )
}

fn is_compiler_package(p: &str) -> bool {
    let name = p.split(['=', ':']).next().unwrap_or(p);
    matches!(name, "gcc" | "g++" | "clang" | "build-essential" | "build-base" | "make" | "cmake")
        || name.ends_with("-dev")
        || name.ends_with("-devel")
}

/// Installs compilers with apt/apk and does not remove them again.
fn installs_compilers(cmds: &[ShellCommand]) -> bool {
    let mut installs = false;
    for c in cmds {
        let tool = identify(c).map(|(t, _)| t);
        let sub = c.subcommand().unwrap_or("");
        match (tool, sub) {
            (Some(Tool::Apt), "install") | (Some(Tool::Apk), "add") => {
                // `apk add --virtual .build-deps …` is removed later by name.
                installs |= c.operands().skip(1).any(|w| is_compiler_package(&w.text));
            }
            (Some(Tool::Apt), "purge" | "remove" | "autoremove") | (Some(Tool::Apk), "del") => return false,
            _ => {}
        }
    }
    installs
}

/// Programs whose image *is* the toolchain when the container runs them: code generators,
/// build images for CI, SDK images.
const TOOL_PROGRAMS: &[&str] = &[
    "go", "cargo", "rustc", "mvn", "mvnw", "gradle", "gradlew", "javac", "protoc", "buf", "make", "cmake", "gcc",
    "tsc", "bazel", "bazelisk", "sbt",
];

/// An image whose container runs the toolchain (`ENTRYPOINT ["protoc"]`), or that copies
/// nothing from the build context (a tool image assembled from downloads), ships the
/// toolchain on purpose: there is no application to move into a slim stage.
fn toolchain_is_the_product(insts: &[crate::syntax::dockerfile::Instruction]) -> bool {
    let runs_tool = [Kind::Entrypoint, Kind::Cmd].iter().any(|k| {
        insts.iter().rev().find(|i| i.kind == *k).is_some_and(|i| {
            let first = match &i.exec {
                Some(e) => e.first().map(|a| a.value.clone()),
                None => i.args.first().map(|w| w.text.clone()),
            };
            first.is_some_and(|p| TOOL_PROGRAMS.contains(&p.rsplit('/').next().unwrap_or(&p)))
        })
    });
    let copies_context = insts.iter().any(|i| {
        matches!(i.kind, Kind::Copy | Kind::Add)
            && i.flag("from").is_none()
            && i.args.first().is_some_and(|w| !w.text.contains("://") && !w.text.starts_with("<<"))
    });
    runs_tool || !copies_context
}

impl Rule for SingleStageBuild {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let [stage] = cx.model.stages.as_slice() else { return };
        if cx.path.is_some_and(|p| p.components().any(|c| c.as_os_str() == ".devcontainer")) {
            return;
        }
        let Base::Image { range, resolved: Some(resolved), .. } = &stage.base else { return };
        let Ok(image) = ImageRef::parse(resolved) else { return };
        let Some(tool) = Toolchain::of(&image) else { return };
        let df = cx.file;
        let insts = df.instructions.get(stage.instructions.clone()).unwrap_or(&[]);
        if toolchain_is_the_product(insts) {
            return;
        }
        let cmds: Vec<ShellCommand> = insts
            .iter()
            .filter(|i| i.kind == Kind::Run)
            .flat_map(|i| cx.model.run_commands(df, i).into_owned())
            .collect();
        let ships = match tool {
            Toolchain::Python => installs_compilers(&cmds),
            _ => tool.builds(&cmds),
        };
        if ships {
            // Its fix, the conversion to a multi-stage build, is attached by the engine.
            out.report(range.clone(), message(tool, &image.familiar()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{findings, fixed, spans};

    const R: &str = "single-stage-build";

    #[test]
    fn toolchains_that_build() {
        for (t, image) in [
            ("FROM rust:1.79\nCOPY . .\nRUN cargo build --release\n", "rust:1.79"),
            ("FROM golang:1.22-alpine\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\n", "golang:1.22-alpine"),
            ("FROM maven:3.9-eclipse-temurin-21\nCOPY . .\nRUN mvn -B package\n", "maven:3.9-eclipse-temurin-21"),
            ("FROM eclipse-temurin:21-jdk\nCOPY . .\nRUN ./gradlew bootJar\n", "eclipse-temurin:21-jdk"),
            ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nCOPY . .\nRUN dotnet publish -c Release\n", "mcr.microsoft.com/dotnet/sdk:8.0"),
            ("FROM node:20-alpine\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"npm\", \"start\"]\n", "node:20-alpine"),
            ("FROM node:20\nCOPY . .\nRUN yarn build\n", "node:20"),
            ("FROM node:20\nCOPY . .\nRUN pnpm run build:prod\n", "node:20"),
            ("FROM node:20\nCOPY . .\nRUN npx vite build\n", "node:20"),
            (
                "FROM python:3.12-slim\nCOPY . .\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\n",
                "python:3.12-slim",
            ),
            ("FROM python:3.12-alpine\nCOPY . .\nRUN <<EOF\napk add build-base\nEOF\n", "python:3.12-alpine"),
        ] {
            let f = findings(R, t);
            assert_eq!(f.len(), 1, "{t}");
            assert!(f[0].1.contains(&format!("`{image}`")), "{}", f[0].1);
            assert!(image.starts_with(&f[0].0), "{t}: {}", f[0].0);
        }
    }

    #[test]
    fn docs_show_what_the_conversion_produces() {
        let blocks: Vec<&str> =
            super::META.docs.split("```dockerfile\n").skip(1).map(|b| b.split("```").next().unwrap_or("")).collect();
        let (before, after) = (blocks[0], blocks[1]);
        let (t, a) = fixed(R, before);
        assert_eq!(t, after);
        assert_eq!(a, Applicability::Unsafe);
    }

    #[test]
    fn negatives() {
        for t in [
            // Multi-stage.
            "FROM rust:1.79 AS build\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /a /a\n",
            // Runs an app, builds nothing.
            "FROM node:20-alpine\nCOPY . .\nRUN npm ci --omit=dev\nCMD [\"node\", \"server.js\"]\n",
            "FROM python:3.12-slim\nRUN pip install -r requirements.txt\n",
            "FROM golang:1.22\nCMD [\"go\", \"test\", \"./...\"]\n",
            "FROM eclipse-temurin:21-jre\nRUN javac x\n",
            // Compilers removed in the same stage.
            "FROM python:3.12-alpine\nRUN apk add --virtual .build-deps gcc musl-dev && pip install x && apk del .build-deps\n",
            "FROM python:3.12-slim\nRUN apt-get install -y gcc && pip install x && apt-get purge -y gcc\n",
            // Runtime images.
            "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nRUN dotnet publish\n",
            "FROM debian:12\nRUN cargo build\n",
            "ARG B\nFROM $B\nRUN cargo build\n",
            // The toolchain is the product: the container runs it, or nothing is copied in.
            "FROM golang:1.23\nRUN go install github.com/x/protoc-gen-x@v1.0.0\nCOPY gen.sh /\nENTRYPOINT [\"protoc\"]\n",
            "FROM eclipse-temurin:21-jdk\nRUN curl -fsSL https://x/gradle.zip -o g.zip && unzip g.zip && gradle --version\nCMD [\"gradle\"]\n",
            "FROM rust:1.80\nRUN cargo install cargo-chef\n",
        ] {
            assert!(spans(R, t).is_empty(), "{t}");
        }
    }
}
