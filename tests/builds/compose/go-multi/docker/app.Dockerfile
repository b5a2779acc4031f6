FROM golang:1.19 AS build
ARG VERSION=dev
WORKDIR /src
COPY go.mod ./
COPY cmd ./cmd
RUN go build -ldflags "-X main.version=${VERSION}" -o /out/app ./cmd/app

FROM debian:bookworm-slim AS runtime
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
