use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::Base;
use crate::model::shell::{run_commands, ShellCommand};
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
Compilers, SDKs, package caches and dev dependencies are needed to build, not to run. They
make the image several times larger (`rust` ≈ 1.5 GB, `golang` ≈ 800 MB, `node` ≈ 1 GB,
`maven` ≈ 500 MB, .NET SDK ≈ 800 MB) than a runtime image of tens of MB — so pulls,
deploys and cold starts are slower — and every extra tool is attack surface and CVE noise.

## Example
```dockerfile
FROM rust:1.79
WORKDIR /app
COPY . .
RUN cargo build --release
CMD ["./target/release/app"]
```

## Fix
Build in a first stage and copy only the artifact into a slim runtime stage:
```dockerfile
FROM rust:1.79 AS build
WORKDIR /app
COPY . .
RUN cargo build --release

FROM debian:bookworm-slim
COPY --from=build /app/target/release/app /usr/local/bin/app
CMD ["app"]
```

## Silence
`# shipshape ignore=single-stage-build` on the line above, or
`ignore = ["single-stage-build"]` in `.shipshape.toml`.
"#,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Toolchain {
    Rust,
    Go,
    Java,
    Dotnet,
    Node,
    Python,
}

impl Toolchain {
    pub(crate) fn of(image: &ImageRef) -> Option<Toolchain> {
        if image.registry() == "mcr.microsoft.com" {
            return (image.path == "dotnet/sdk").then_some(Toolchain::Dotnet);
        }
        let repo = image.repository();
        let tag = image.tag.as_deref().unwrap_or("");
        Some(match repo.as_str() {
            "library/rust" => Toolchain::Rust,
            "library/golang" => Toolchain::Go,
            "library/maven" | "library/gradle" => Toolchain::Java,
            "library/eclipse-temurin" | "library/openjdk" | "library/amazoncorretto" if !tag.contains("jre") => {
                Toolchain::Java
            }
            "library/node" => Toolchain::Node,
            "library/python" => Toolchain::Python,
            _ => return None,
        })
    }

    /// What ships, and what multi-stage typically gains.
    fn message(self, image: &str) -> String {
        let (what, gain) = match self {
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
            Toolchain::Python => {
                ("compilers and headers", "a slim runtime stage with only the built wheels or virtualenv")
            }
        };
        format!(
            "this single-stage build on `{image}` ships {what} in the final image; build in a builder stage and copy \
             the artifacts into a slim runtime stage ({gain})"
        )
    }

    fn builds(self, cmds: &[ShellCommand]) -> bool {
        cmds.iter().any(|c| {
            let prog = c.program().unwrap_or("");
            let sub = c.subcommand().unwrap_or("");
            match self {
                Toolchain::Rust => prog == "cargo" && matches!(sub, "build" | "install" | "b"),
                Toolchain::Go => prog == "go" && matches!(sub, "build" | "install"),
                Toolchain::Java => matches!(prog, "mvn" | "mvnw" | "gradle" | "gradlew" | "javac"),
                Toolchain::Dotnet => prog == "dotnet" && matches!(sub, "build" | "publish"),
                Toolchain::Node => node_build(c),
                Toolchain::Python => false,
            }
        })
    }
}

/// `npm run build`, `yarn build`, `pnpm run build:prod`, `npx vite build`, `next build`…
pub(crate) fn node_build(c: &ShellCommand) -> bool {
    let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).filter(|w| !w.starts_with('-')).collect();
    let prog = c.program().unwrap_or("");
    let script = |w: Option<&&str>| w.is_some_and(|s| *s == "build" || s.starts_with("build:"));
    match prog {
        "npm" => words.get(1) == Some(&"run") && script(words.get(2)),
        "yarn" | "pnpm" | "bun" => {
            if words.get(1) == Some(&"run") {
                script(words.get(2))
            } else {
                script(words.get(1))
            }
        }
        "npx" | "pnpx" | "bunx" => {
            matches!(words.get(1), Some(&("next" | "vite" | "ng" | "nuxt" | "tsc" | "webpack" | "react-scripts")))
                && script(words.get(2))
        }
        "next" | "vite" | "ng" | "nuxt" | "react-scripts" => script(words.get(1)),
        _ => false,
    }
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
        let prog = c.program().unwrap_or("");
        let sub = c.subcommand().unwrap_or("");
        match (prog, sub) {
            ("apt-get" | "apt", "install") | ("apk", "add") => {
                // `apk add --virtual .build-deps …` is removed later by name.
                installs |= c.operands().skip(1).any(|w| is_compiler_package(&w.text));
            }
            ("apt-get" | "apt", "purge" | "remove" | "autoremove") | ("apk", "del") => return false,
            _ => {}
        }
    }
    installs
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
        let cmds: Vec<ShellCommand> =
            insts.iter().filter(|i| i.kind == Kind::Run).flat_map(|i| run_commands(df, i)).collect();
        let ships = match tool {
            Toolchain::Python => installs_compilers(&cmds),
            _ => tool.builds(&cmds),
        };
        if ships {
            let d = out.report(range.clone(), tool.message(&image.familiar()));
            if let Some(fix) = crate::refactor::convert_to_multistage(cx) {
                d.with_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const R: &str = "single-stage-build";

    #[test]
    fn toolchains_that_build() {
        for (t, image) in [
            ("FROM rust:1.79\nCOPY . .\nRUN cargo build --release\n", "rust:1.79"),
            ("FROM golang:1.22-alpine\nRUN CGO_ENABLED=0 go build -o /app .\n", "golang:1.22-alpine"),
            ("FROM maven:3.9-eclipse-temurin-21\nRUN mvn -B package\n", "maven:3.9-eclipse-temurin-21"),
            ("FROM eclipse-temurin:21-jdk\nRUN ./gradlew bootJar\n", "eclipse-temurin:21-jdk"),
            ("FROM mcr.microsoft.com/dotnet/sdk:8.0\nRUN dotnet publish -c Release\n", "mcr.microsoft.com/dotnet/sdk:8.0"),
            ("FROM node:20-alpine\nRUN npm ci && npm run build\nCMD [\"npm\", \"start\"]\n", "node:20-alpine"),
            ("FROM node:20\nRUN yarn build\n", "node:20"),
            ("FROM node:20\nRUN pnpm run build:prod\n", "node:20"),
            ("FROM node:20\nRUN npx vite build\n", "node:20"),
            (
                "FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev\n",
                "python:3.12-slim",
            ),
            ("FROM python:3.12-alpine\nRUN <<EOF\napk add build-base\nEOF\n", "python:3.12-alpine"),
        ] {
            let f = findings(R, t);
            assert_eq!(f.len(), 1, "{t}");
            assert!(f[0].1.contains(&format!("`{image}`")), "{}", f[0].1);
            assert!(image.starts_with(&f[0].0), "{t}: {}", f[0].0);
        }
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
        ] {
            assert!(spans(R, t).is_empty(), "{t}");
        }
    }
}
