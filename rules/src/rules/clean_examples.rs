//! Realistic, modern Dockerfiles that hygiene rules must leave alone (test only).

use crate::rules::test_util::findings;

pub const CLEAN: &[&str] = &[
    // Rust backend, multi-stage, cache mounts, heredoc.
    r#"# syntax=docker/dockerfile:1.7
ARG RUST_VERSION=1.80
FROM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release && cp target/release/api /api

FROM debian:bookworm-slim AS runtime
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates
rm -rf /var/lib/apt/lists/*
EOF
ARG VERSION=dev
LABEL org.opencontainers.image.title="api" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.authors="Platform Team <platform@example.com>"
ENV RUST_LOG=info \
    PORT=8080
COPY --from=build --chmod=0755 /api /usr/local/bin/api
EXPOSE 8080/tcp 9090
HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/health || exit 1
USER 10001:10001
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/api"]
CMD ["--config", "/etc/api/config.toml"]
"#,
    // React/Vite frontend served by nginx.
    r#"FROM node:22.12-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci

FROM deps AS build
COPY . .
RUN npm run build

FROM nginx:1.27-alpine
COPY nginx.conf /etc/nginx/conf.d/default.conf
COPY --from=build /app/dist /usr/share/nginx/html
EXPOSE 80 443
EXPOSE ${METRICS_PORT:-9113}
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
"#,
    // Official-image style: rootfs tarball, downloads, entrypoint script.
    r#"FROM scratch AS rootfs
ADD alpine-minirootfs-3.20.3-x86_64.tar.gz /
CMD ["/bin/sh"]

FROM debian:bookworm-slim
ENV PG_MAJOR=16 \
    PGDATA=/var/lib/postgresql/data
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \
    https://github.com/tianon/gosu/releases/download/1.17/gosu-amd64 /usr/local/bin/gosu
ADD --keep-git-dir=true https://github.com/docker/buildx.git#v0.17.1 /src/buildx
ADD git@github.com:example/private.git /src/private
ADD vendor/*.tar.xz /opt/vendor/
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
EXPOSE 5432
CMD ["postgres"]
"#,
    // Python with a deliberate bash SHELL, so shell-form CMD is a choice.
    r#"FROM python:3.12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
COPY requirements.txt .
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
COPY . .
ARG PORT=8000
EXPOSE $PORT
CMD exec uvicorn app.main:app --host 0.0.0.0 --port "${PORT:-8000}"
"#,
    // All lower case is consistent too.
    r#"from golang:1.26-alpine as build
workdir /src
copy go.mod go.sum ./
run --mount=type=cache,target=/go/pkg/mod go mod download
copy . .
run --mount=type=cache,target=/root/.cache/go-build go build -ldflags="-s -w" -o /out/app ./cmd/app
from gcr.io/distroless/static-debian12:nonroot
copy --from=build /out/app /app
expose 8080/udp
entrypoint ["/app"]
"#,
    // Windows image with PowerShell as its shell.
    r#"# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR C:\app
COPY . .
EXPOSE 80
CMD Start-Process -Wait app.exe
"#,
    // ONBUILD triggers of a base image.
    r#"FROM node:22-alpine
WORKDIR /app
ONBUILD COPY package*.json ./
ONBUILD RUN npm ci
ONBUILD COPY . .
ONBUILD ENV NODE_ENV=production
CMD ["node", "index.js"]
"#,
];

/// Asserts that `rule` finds nothing in any of the clean examples.
pub fn assert_clean(rule: &str) {
    for (i, text) in CLEAN.iter().enumerate() {
        let f = findings(rule, text);
        assert!(f.is_empty(), "{rule} fires on clean example {i}: {f:?}");
    }
}
