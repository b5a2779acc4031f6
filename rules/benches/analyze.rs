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
    targets = benches
}
criterion_main!(analyze);
