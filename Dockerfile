# The shipshape container image: the static musl binary of a release on an empty base.
#
# The binary is built before the image (the release workflow does, tests/container/run does
# here) and put at dist/container/<arch>/shipshape, <arch> as Docker names it (amd64,
# arm64). Then, from the repository's root:
#   docker build -t shipshape .
#   docker buildx build --platform linux/amd64,linux/arm64 -t shipshape .
# .dockerignore keeps the context to that binary and the licences.
#
# Use: the project mounted at its own path (paths and Compose project names read as outside),
# or at /work, the image's working directory, where `check .` is the default command.
#   docker run --rm -v "$PWD:$PWD" -w "$PWD" ghcr.io/shipshape-dev/shipshape check .
#   docker run --rm -v "$PWD:$PWD" -w "$PWD" --user "$(id -u):$(id -g)" ghcr.io/shipshape-dev/shipshape fix .
# It runs as 65532 (no passwd entry, no shell): `check` only reads, `fix` and `format` write
# and need the owner of the files (--user). The image has no ShellCheck: the `shellcheck`
# rule is silent in it (docs/decisions.md).
FROM scratch

ARG TARGETARCH
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown

LABEL org.opencontainers.image.title="shipshape" \
      org.opencontainers.image.description="Linter, fixer and language server for Dockerfiles and Docker Compose files" \
      org.opencontainers.image.url="https://github.com/shipshape-dev/shipshape" \
      org.opencontainers.image.source="https://github.com/shipshape-dev/shipshape" \
      org.opencontainers.image.documentation="https://github.com/shipshape-dev/shipshape#readme" \
      org.opencontainers.image.licenses="MIT OR Apache-2.0" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION" \
      org.opencontainers.image.created="$CREATED"

COPY LICENSE-MIT LICENSE-APACHE /usr/share/doc/shipshape/
COPY dist/container/$TARGETARCH/shipshape /usr/local/bin/shipshape

# A command-line tool, not a service: nothing to probe.
HEALTHCHECK NONE
USER 65532:65532
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/shipshape"]
CMD ["check", "."]
