//! "Convert to multi-stage build": snapshots per ecosystem, and the properties every result
//! must have (parses, no stage findings, cannot be converted again).

use std::path::Path;

use shipshape_rules::diagnostic::apply_edits;
use shipshape_rules::fs::{FileSystem, MemoryFs};
use shipshape_rules::model::context::ScanCache;
use shipshape_rules::model::dockerfile::DockerfileModel;
use shipshape_rules::model::project::{Project, ProjectView};
use shipshape_rules::refactor::convert_to_multistage;
use shipshape_rules::rules::DockerfileContext;
use shipshape_rules::syntax::dockerfile::parse;
use shipshape_rules::{check_dockerfile, Applicability, Fix, Settings};

/// Converts `text` (at `path`, with `fs` as its project's disk when given).
fn convert_in(text: &str, path: Option<&str>, fs: Option<&MemoryFs>, compose: &[&str]) -> Option<Fix> {
    let df = parse(text);
    let model = DockerfileModel::build(&df);
    let scans = ScanCache::default();
    let env = |_: &str| None;
    let project = fs.map(|fs| {
        let files: Vec<_> = compose.iter().map(std::path::PathBuf::from).collect();
        Project::from_compose_files(fs, &files, &env, &Default::default(), &Default::default())
    });
    let view = match (&project, fs) {
        (Some(p), Some(fs)) => Some(ProjectView { project: p, fs: fs as &dyn FileSystem, scans: &scans }),
        _ => None,
    };
    let options = Default::default();
    let cx = DockerfileContext {
        path: path.map(Path::new),
        file: &df,
        model: &model,
        project: view.as_ref(),
        options: &options,
    };
    convert_to_multistage(&cx)
}

/// The converted text, checked for the properties every conversion must have.
fn converted_in(text: &str, path: Option<&str>, fs: Option<&MemoryFs>, compose: &[&str]) -> String {
    let fix = convert_in(text, path, fs, compose).expect("a conversion");
    assert_eq!(fix.title, "Convert to multi-stage build");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    let out = apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
    let df = parse(&out);
    assert!(df.errors.is_empty(), "syntax errors {:?} in:\n{out}", df.errors);
    let settings = Settings { strict: true, ..Default::default() };
    let found: Vec<_> = check_dockerfile(&out, &settings)
        .into_iter()
        .filter(|d| matches!(d.rule, "syntax-error" | "unknown-stage" | "single-stage-build"))
        .collect();
    assert!(found.is_empty(), "{found:?} in:\n{out}");
    assert_eq!(DockerfileModel::build(&df).stages.len(), 2, "{out}");
    assert!(convert_in(&out, path, fs, compose).is_none(), "converted twice:\n{out}");
    // Everything before the FROM is kept byte for byte.
    let from = text.find("FROM").unwrap();
    assert_eq!(&out[..from], &text[..from]);
    out
}

fn converted(text: &str) -> String {
    converted_in(text, None, None, &[])
}

fn data(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/multistage").join(name)).unwrap()
}

/// Snapshot text: CRLF shown, so that line endings are part of the snapshot.
fn visible(text: &str) -> String {
    text.replace("\r\n", "\\r\n")
}

macro_rules! snap {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            let out = converted(&data($file));
            insta::assert_snapshot!(stringify!($test), visible(&out));
        }
    };
}

snap!(rust_basic, "rust-basic.Dockerfile");
snap!(rust_args_comments, "rust-args-comments.Dockerfile");
snap!(rust_crlf_alpine, "rust-crlf-alpine.Dockerfile");
snap!(go_static, "go-static.Dockerfile");
snap!(go_cgo_heredoc, "go-cgo-heredoc.Dockerfile");
snap!(node_server, "node-server.Dockerfile");
snap!(node_static, "node-static.Dockerfile");
snap!(python_pip, "python-pip.Dockerfile");
snap!(python_heredoc_crlf, "python-heredoc-crlf.Dockerfile");
snap!(java_maven, "java-maven.Dockerfile");
snap!(java_gradle, "java-gradle.Dockerfile");
snap!(dotnet, "dotnet.Dockerfile");
snap!(dotnet_worker_guess, "dotnet-worker-guess.Dockerfile");

/// The seed project on an in-memory disk: its Compose file and manifests, and `dockerfile`
/// where the Compose file expects it.
fn seed_fs(dockerfile_path: &str, dockerfile: &str) -> MemoryFs {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/reconciliation-platform");
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    MemoryFs::new()
        .with("/p/docker-compose.yml", read("docker-compose.yml"))
        .with("/p/backend/Cargo.toml", read("backend/Cargo.toml"))
        .with("/p/frontend/package.json", read("frontend/package.json"))
        .with(format!("/p/{dockerfile_path}"), dockerfile)
}

#[test]
fn seed_fixtures_are_already_multi_stage() {
    // The seed's "before" Dockerfiles already build in stages: nothing to convert.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/reconciliation-platform/infrastructure/docker");
    for name in ["Dockerfile.backend", "Dockerfile.frontend"] {
        let text = std::fs::read_to_string(root.join(name)).unwrap();
        assert!(convert_in(&text, None, None, &[]).is_none(), "{name}");
    }
}

#[test]
fn seed_backend_converts_like_the_optimized_one() {
    let path = "infrastructure/docker/Dockerfile.backend";
    let text = data("reconciliation-backend.Dockerfile");
    let fs = seed_fs(path, &text);
    let out = converted_in(&text, Some(&format!("/p/{path}")), Some(&fs), &["/p/docker-compose.yml"]);
    // What the optimized Dockerfile has: a slim Debian runtime of the same release, the
    // binary copied out of the builder, a non-root user and the binary as the command.
    let runtime = &out[out.find("FROM debian").expect("a debian runtime stage")..];
    assert!(runtime.starts_with("FROM debian:bookworm-slim AS runtime\n"), "{out}");
    assert!(runtime.contains(
        "COPY --from=build /app/target/release/reconciliation-backend /usr/local/bin/reconciliation-backend\n"
    ));
    assert!(runtime.contains("ca-certificates") && runtime.contains("libssl3") && runtime.contains("curl"), "{out}");
    assert!(!runtime.contains("pkg-config"), "{out}");
    assert!(runtime.contains("USER 10001:10001\n"), "{out}");
    assert!(runtime.contains("ENV RUST_LOG=info\n") && runtime.contains("EXPOSE 8080\n"));
    assert!(runtime.ends_with("CMD [\"/usr/local/bin/reconciliation-backend\"]\n"), "{out}");
    assert!(!out.contains(CHECK), "nothing left to check:\n{out}");
    insta::assert_snapshot!("seed_backend", out);
}

#[test]
fn seed_frontend_converts_like_the_optimized_one() {
    let path = "infrastructure/docker/Dockerfile.frontend";
    let text = data("reconciliation-frontend.Dockerfile");
    let fs = seed_fs(path, &text);
    let out = converted_in(&text, Some(&format!("/p/{path}")), Some(&fs), &["/p/docker-compose.yml"]);
    let runtime = &out[out.find("FROM nginxinc").expect("an nginx runtime stage")..];
    assert!(runtime.starts_with("FROM nginxinc/nginx-unprivileged:1.27-alpine AS runtime\n"), "{out}");
    assert!(runtime.contains("COPY --from=build /app/dist /usr/share/nginx/html\n"), "{out}");
    assert!(runtime.contains("USER 101:101\n") && runtime.contains("EXPOSE 8080\n"), "{out}");
    // nginx's own command serves the files; the preview server's is gone.
    assert!(!runtime.lines().any(|l| l.starts_with("CMD")) && !runtime.contains("npm"), "{out}");
    insta::assert_snapshot!("seed_frontend", out);
}

const CHECK: &str = "# shipshape: check";

/// Converts `text` as `/p/Dockerfile` with `files` next to it.
fn with_files(text: &str, files: &[(&str, &str)]) -> String {
    let mut fs = MemoryFs::new().with("/p/Dockerfile", text);
    for (p, t) in files {
        fs = fs.with(format!("/p/{p}"), *t);
    }
    converted_in(text, Some("/p/Dockerfile"), Some(&fs), &[])
}

#[test]
fn manifests_name_the_artifacts() {
    // Cargo.toml: the package name when the command does not say.
    let out = with_files(
        "FROM rust:1.79-bookworm\nWORKDIR /app\nCOPY . .\nRUN cargo build --release\n",
        &[("Cargo.toml", "[package]\nname = \"svc\"\nversion = \"0.1.0\"\n")],
    );
    assert!(out.contains("COPY --from=build /app/target/release/svc /usr/local/bin/svc\n"), "{out}");
    assert!(!out.contains(CHECK), "{out}");
    // go.mod: `go build` without -o names the binary after the module.
    let out = with_files(
        "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build\nCMD [\"/src/orders\"]\n",
        &[("go.mod", "module example.com/shop/orders\n\ngo 1.22\n")],
    );
    assert!(out.contains("FROM gcr.io/distroless/static-debian12:nonroot AS runtime\n"), "{out}");
    assert!(out.contains("COPY --from=build /src/orders /usr/local/bin/orders\n"), "{out}");
    assert!(out.contains("CMD [\"/usr/local/bin/orders\"]\n"), "{out}");
    // pom.xml: artifactId-version.jar, the parent's coordinates skipped.
    let pom = "<project><parent><artifactId>spring-boot-starter-parent</artifactId><version>3.3.0</version></parent>\
               <artifactId>billing</artifactId><version>2.1.0</version><dependencies/></project>";
    let out = with_files(
        "FROM maven:3.9.8-eclipse-temurin-17-alpine\nWORKDIR /app\nCOPY . .\nRUN mvn -B package\nCMD java -jar target/*.jar\n",
        &[("pom.xml", pom)],
    );
    assert!(out.contains("FROM eclipse-temurin:17-jre-alpine AS runtime\n"), "{out}");
    assert!(out.contains("COPY --from=build /app/target/billing-2.1.0.jar /app/app.jar\n"), "{out}");
    assert!(out.contains("CMD java -jar /app/app.jar\n"), "{out}");
    // A worker project runs on the `runtime` image; the folder comes from its TargetFramework.
    let out = with_files(
        "FROM mcr.microsoft.com/dotnet/sdk:8.0-alpine\nWORKDIR /src\nCOPY . .\nRUN dotnet publish -c Release\nENTRYPOINT [\"dotnet\", \"/src/bin/Release/net8.0/publish/Worker.dll\"]\n",
        &[("Worker.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Worker\"><PropertyGroup><TargetFramework>net8.0</TargetFramework></PropertyGroup></Project>")],
    );
    assert!(out.contains("FROM mcr.microsoft.com/dotnet/runtime:8.0-alpine AS runtime\n"), "{out}");
    assert!(
        out.contains("COPY --from=build /src/bin/Release/net8.0/publish /src/bin/Release/net8.0/publish\n"),
        "{out}"
    );
    // Next.js: a server, with its build output and public folder.
    let out = with_files(
        "FROM node:20-bookworm\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"npm\", \"start\"]\n",
        &[
            (
                "package.json",
                r#"{"scripts":{"build":"next build","start":"next start"},"dependencies":{"next":"14.2.0"}}"#,
            ),
            ("public/favicon.ico", "x"),
        ],
    );
    assert!(out.contains("FROM node:20-bookworm-slim AS runtime\n"), "{out}");
    assert!(
        out.contains("COPY --from=build /app/.next ./.next\n")
            && out.contains("COPY --from=build /app/public ./public\n")
    );
    assert!(
        out.contains("RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev\n") && out.contains("USER node\n")
    );
}

#[test]
fn unknown_artifacts_are_marked_not_guessed_silently() {
    let out =
        converted("FROM rust:1.79\nCOPY . /src\nWORKDIR /src\nRUN cargo build --release\nENTRYPOINT [\"/entry.sh\"]\n");
    assert!(out.contains(&format!("{CHECK} - the binary's name and path")), "{out}");
    assert!(out.contains("/src/target/release/<binary>"), "{out}");
    let out = converted("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build ./...\n");
    assert!(out.contains(CHECK) && out.contains("<binary>"), "{out}");
}

#[test]
fn not_offered() {
    for t in [
        // Multi-stage already.
        "FROM rust:1.79 AS build\nRUN cargo build --release\nFROM debian:12-slim\nCOPY --from=build /a /a\n",
        // Not a toolchain image, no base, syntax errors.
        "FROM debian:12\nRUN make\n",
        "ARG B\nFROM $B\nRUN cargo build\n",
        "FROM scratch\nCOPY a /a\n",
        "FROM rust:1.79\nRUN --mount=type=bogus, cargo build\nCOPY <<EOF\n",
        "",
        "RUN x\n",
    ] {
        assert!(convert_in(t, None, None, &[]).is_none(), "{t}");
    }
}

#[test]
fn the_rule_carries_the_conversion_and_fix_applies_it() {
    let text = data("rust-basic.Dockerfile");
    let settings = Settings::default();
    let d = check_dockerfile(&text, &settings).into_iter().find(|d| d.rule == "single-stage-build").unwrap();
    let fix = d.fix.expect("the conversion as the finding's fix");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    let env = |_: &str| None;
    let safe = shipshape_rules::fix(shipshape_rules::FileKind::Dockerfile, None, &text, &env, &settings, false);
    assert!(!safe.text.contains("AS runtime"), "not applied without --unsafe");
    let all = shipshape_rules::fix(shipshape_rules::FileKind::Dockerfile, None, &text, &env, &settings, true);
    assert!(all.text.contains("FROM debian:bookworm-slim AS runtime"), "{}", all.text);
    assert!(!all.remaining.iter().any(|d| d.rule == "single-stage-build"));
}

#[test]
fn edge_cases() {
    // `# escape=`: generated continuations use the file's escape character.
    let out = converted("# escape=`\nFROM rust:1.79-bookworm\nRUN apt-get update && apt-get install -y libpq-dev\nRUN cargo build --release\nCMD [\"/target/release/x\"]\n");
    assert!(out.contains("sharing=locked `\n") && !out.contains(" \\\n"), "{out}");
    // A stage already named `runtime` keeps its name; the new stage goes unnamed.
    let out = converted(
        "FROM golang:1.22 AS runtime\nWORKDIR /s\nRUN CGO_ENABLED=0 go build -o /bin/app .\nCMD [\"/bin/app\"]\n",
    );
    assert!(out.contains("COPY --from=runtime /bin/app /usr/local/bin/app\n"), "{out}");
    assert!(out.contains("FROM gcr.io/distroless/static-debian12:nonroot\n"), "{out}");
    // A USER that later steps run as stays in the builder and is created in the runtime.
    let out = converted("FROM node:20-slim\nRUN useradd -m web\nUSER web\nWORKDIR /home/web/app\nCOPY . .\nRUN npm ci && npm run build\nCMD [\"node\", \"dist/index.js\"]\n");
    let (builder, runtime) = out.split_once("\n\nFROM").unwrap();
    assert!(builder.contains("USER web\n"), "{out}");
    assert!(
        runtime.contains("useradd --system --uid 10001 --gid web --no-create-home web")
            && runtime.contains("USER web\n")
    );
    assert!(runtime.contains("COPY --from=build /home/web/app/dist ./dist\n"), "{out}");
    // Poetry's environment is not known: a marked placeholder.
    let out = converted("FROM python:3.12-slim\nRUN apt-get update && apt-get install -y gcc\nWORKDIR /app\nCOPY . .\nRUN pip install poetry && poetry install\nCMD [\"python\", \"main.py\"]\n");
    assert!(out.contains(&format!("{CHECK} - install the dependencies into a virtualenv")), "{out}");
}

/// A builder pinned by digest: the runtime is named by its tag (the digest was the
/// builder's), with a note to pin it too — never `python:3.12-slim@sha256:3-slim`.
#[test]
fn digest_pinned_builder() {
    let digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    let text = format!(
        "FROM python:3.12@{digest}\nWORKDIR /app\nCOPY . .\nRUN apt-get update && apt-get install -y gcc\nRUN pip install -r requirements.txt\nCMD [\"python\", \"app.py\"]\n"
    );
    let out = converted(&text);
    assert!(out.contains("\nFROM python:3.12-slim AS runtime\n"), "{out}");
    assert!(out.contains("pin `python:3.12-slim` too"), "{out}");
    assert!(!out.contains("not pinned"), "{out}");
    for line in out.lines().filter(|l| l.starts_with("FROM ")) {
        let image = line.split_whitespace().nth(1).unwrap();
        assert!(shipshape_rules::syntax::image_ref::ImageRef::parse(image).is_ok(), "{line}");
    }
}

/// `go install path/v2@version` installs a binary named after the path, not `v2@version`.
#[test]
fn go_install_binary_names() {
    let out = converted(
        "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go install github.com/acme/tool/v2@v2.1.0\nCMD [\"tool\"]\n",
    );
    assert!(out.contains("COPY --from=build /go/bin/tool "), "{out}");
}

/// The label block (and the ARGs only it reads) moves to the runtime stage once.
#[test]
fn label_block_and_its_args_move_once() {
    let text = "FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\nARG VERSION=dev\nARG REVISION=unknown\nLABEL org.opencontainers.image.version=\"${VERSION}\" \\\n      org.opencontainers.image.revision=\"${REVISION}\"\nCMD [\"/out/app\"]\n";
    let out = converted(text);
    assert_eq!(out.matches("LABEL ").count(), 1, "{out}");
    assert_eq!(out.matches("ARG VERSION=dev").count(), 1, "{out}");
    let runtime = &out[out.find("AS runtime").unwrap()..];
    assert!(runtime.contains("ARG VERSION=dev") && runtime.contains("LABEL "), "{out}");
}

/// `fix --unsafe` on a single-stage build: the conversion goes first and alone, so the
/// label block other fixes add lands once, in the runtime stage.
#[test]
fn fix_unsafe_converts_first_and_labels_once() {
    let text = "FROM python:3.11-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends gcc libc6-dev \\\n && rm -rf /var/lib/apt/lists/*\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD [\"python\", \"main.py\"]\n";
    let out =
        shipshape_rules::fix(shipshape_rules::FileKind::Dockerfile, None, text, &|_| None, &Settings::default(), true);
    assert_eq!(out.text.matches("LABEL ").count(), 1, "{}", out.text);
    let runtime = &out.text[out.text.find("AS runtime").expect("converted")..];
    assert!(runtime.contains("LABEL "), "{}", out.text);
}
