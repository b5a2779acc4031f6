//! `cargo bench -p shipshape-rules`: parse and check big generated files.
//! A 20,000-line Dockerfile and a 2,000-service Compose file (issue: foundation).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use shipshape_rules::{check_compose, check_dockerfile, Settings};

/// ~20,000 lines: many stages with the constructs real files use.
fn big_dockerfile() -> String {
    let mut s = String::from("# syntax=docker/dockerfile:1.7\nARG BASE=debian:bookworm-slim\n");
    let mut i = 0;
    while s.lines().count() < 20_000 {
        s += &format!(
            "FROM ${{BASE}} AS stage{i}\nWORKDIR /app/{i}\nCOPY --from=stage0 /a /b\n\
             RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\\n    apt-get update && \\\n    # comment inside\n    apt-get install -y --no-install-recommends curl ca-certificates\n\
             RUN <<EOF\nset -eux\necho {i}\nEOF\n\
             ENV A{i}=1 B{i}=\"two words\"\nLABEL org.opencontainers.image.title=\"x{i}\"\nEXPOSE 80{i}\nUSER app\n\
             CMD [\"/app/run\", \"--id\", \"{i}\"]\n"
        );
        i += 1;
    }
    s
}

/// 2,000 services with anchors, merges, builds, ports and interpolation.
fn big_compose() -> String {
    let mut s = String::from("x-common: &common\n  restart: unless-stopped\n  deploy:\n    resources:\n      limits: {memory: 256M}\nservices:\n");
    for i in 0..2_000 {
        s += &format!(
            "  svc{i}:\n    <<: *common\n    image: registry.example.com/team/svc{i}:${{TAG:-1.{i}}}\n    ports:\n      - \"{}:80\"\n\
             \x20   environment:\n      - MODE=prod\n    depends_on:\n      db:\n        condition: service_healthy\n\
             \x20   healthcheck:\n      test: [\"CMD\", \"true\"]\n    command: |\n      serve --id {i}\n",
            10_000 + i
        );
    }
    s += "  db:\n    image: postgres:16-alpine\n";
    s
}

/// A project of 200 services, 50 of which build from their own context (with a
/// Dockerfile, sources and a `.dockerignore`), in memory.
fn big_project() -> (shipshape_rules::fs::MemoryFs, Vec<std::path::PathBuf>) {
    use shipshape_rules::fs::MemoryFs;
    let mut fs = MemoryFs::new();
    let mut compose = String::from("name: big\nservices:\n");
    for i in 0..200 {
        if i < 50 {
            compose += &format!(
                "  svc{i}:\n    build:\n      context: ./svc{i}\n      args: {{VERSION: \"1.{i}\"}}\n      cache_from: [type=local,src=/tmp/c{i}]\n      cache_to: [type=local,dest=/tmp/c{i}]\n    image: big/svc{i}:${{TAG:-dev}}\n    deploy: {{resources: {{limits: {{memory: 128M}}}}}}\n"
            );
            fs = fs
                .with(format!("/p/svc{i}/Dockerfile"), String::from("FROM node:20-alpine AS build\nARG VERSION\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY src ./src\nRUN npm run build\nFROM node:20-alpine\nCOPY --from=build /app/dist /app\nUSER node\nCMD [\"node\", \"/app/index.js\"]\n"))
                .with(format!("/p/svc{i}/.dockerignore"), "node_modules\n.git\n")
                .with(format!("/p/svc{i}/package.json"), "{}")
                .with(format!("/p/svc{i}/package-lock.json"), "{}");
            for f in 0..20 {
                fs = fs.with(format!("/p/svc{i}/src/file{f}.ts"), "export {}\n");
            }
        } else {
            compose += &format!(
                "  svc{i}:\n    image: redis:7.4-alpine\n    depends_on: [svc{}]\n    deploy: {{resources: {{limits: {{memory: 64M}}}}}}\n",
                i - 1
            );
        }
    }
    fs = fs.with("/p/compose.yaml", compose);
    let dockerfiles = (0..50).map(|i| std::path::PathBuf::from(format!("/p/svc{i}/Dockerfile"))).collect();
    (fs, dockerfiles)
}

fn project_bench(c: &mut Criterion) {
    use shipshape_rules::fs::FileSystem;
    use shipshape_rules::model::context::ScanCache;
    use shipshape_rules::model::project::{Project, ProjectView};
    use shipshape_rules::{check_in_project, FileKind};
    use std::path::Path;
    let (fs, dockerfiles) = big_project();
    let settings = Settings::default();
    let env = |_: &str| None;
    c.bench_function("project-200-services-50-contexts/check-all", |b| {
        b.iter(|| {
            // Everything a `shipshape check` of the folder does after reading: load the
            // project, scan contexts (fresh cache), check the Compose file and each Dockerfile.
            let project = Project::load(&fs, Path::new("/p"), &env);
            let scans = ScanCache::default();
            let view = ProjectView { project: &project, fs: &fs, scans: &scans };
            let compose = fs.read_to_string(Path::new("/p/compose.yaml")).unwrap();
            let mut n = check_in_project(
                FileKind::Compose,
                Some(Path::new("/p/compose.yaml")),
                &compose,
                &env,
                &settings,
                Some(&view),
            )
            .len();
            for d in &dockerfiles {
                let text = fs.read_to_string(d).unwrap();
                n += check_in_project(FileKind::Dockerfile, Some(d), &text, &env, &settings, Some(&view)).len();
            }
            n
        })
    });
}

fn benches(c: &mut Criterion) {
    let settings = Settings::default();
    let df = big_dockerfile();
    let compose = big_compose();
    let env = |_: &str| None;

    let mut g = c.benchmark_group("dockerfile-20k-lines");
    g.throughput(Throughput::Bytes(df.len() as u64));
    g.bench_function("parse", |b| b.iter(|| shipshape_rules::syntax::dockerfile::parse(&df)));
    g.bench_function("check", |b| b.iter(|| check_dockerfile(&df, &settings)));
    g.finish();

    let mut g = c.benchmark_group("compose-2000-services");
    g.throughput(Throughput::Bytes(compose.len() as u64));
    g.bench_function("parse", |b| b.iter(|| shipshape_rules::syntax::compose::parse(&compose)));
    g.bench_function("check", |b| b.iter(|| check_compose(&compose, &env, &settings)));
    g.finish();
}

criterion_group! {
    name = analyze;
    config = Criterion::default().sample_size(20);
    targets = benches, project_bench
}
criterion_main!(analyze);
