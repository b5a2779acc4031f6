# syntax=docker/dockerfile:1
FROM golang:1.22-bookworm
WORKDIR /app
COPY . .
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends libsqlite3-dev
go build -o bin/catalog .
EOF
ENV GIN_MODE=release
CMD ["./bin/catalog"]
