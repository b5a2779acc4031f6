# syntax=docker/dockerfile:1
# Reconciliation Platform - backend API (Rust), as a single stage.
# Build from the repository root:
#   docker build -f infrastructure/docker/Dockerfile.backend .

FROM rust:1.75-slim-bookworm
WORKDIR /app
RUN apt-get update && apt-get install -y pkg-config libssl-dev curl && rm -rf /var/lib/apt/lists/*
COPY backend/Cargo.toml backend/Cargo.lock ./
COPY backend/src ./src
RUN cargo build --release
ENV RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
    CMD curl -f http://localhost:8080/health || exit 1
CMD ["./target/release/reconciliation-backend"]
