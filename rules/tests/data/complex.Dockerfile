# syntax=docker/dockerfile:1.7
# check=skip=JSONArgsRecommended

ARG RUST_VERSION=1.80
ARG BASE=debian:bookworm-slim

# Build stage
FROM --platform=$BUILDPLATFORM rust:${RUST_VERSION}-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target,sharing=locked \
    cargo build --release && \
    # keep the binary
    cp target/release/app /app

RUN <<EOF bash -eux
apt-get update
apt-get install -y --no-install-recommends ca-certificates
EOF

COPY --from=build --chmod=0755 /app /usr/local/bin/app
LABEL org.opencontainers.image.title="app" \
      org.opencontainers.image.version="${VERSION:-dev}"
ENV PATH=/usr/local/bin:$PATH LANG=C.UTF-8
EXPOSE 8080/tcp
HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-f", "http://localhost:8080/health"]
onbuild copy . /src
USER 10001:10001
ENTRYPOINT ["/usr/local/bin/app"]
