# syntax=docker/dockerfile:1
# Ledger service.
ARG RUST_VERSION=1.79.0

FROM rust:${RUST_VERSION}-slim-bookworm
ARG VERSION=dev
# Headers for the Postgres driver and TLS.
RUN apt-get update && apt-get install -y --no-install-recommends pkg-config libssl-dev libpq-dev
WORKDIR /src
COPY Cargo.toml Cargo.lock ./
COPY src ./src
RUN cargo build --release --locked --bin ledger

# Metadata for registries.
LABEL org.opencontainers.image.version="${VERSION}"
ENV RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=30s CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["/src/target/release/ledger"]
