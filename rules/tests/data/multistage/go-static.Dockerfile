FROM golang:1.22-alpine
WORKDIR /src
ENV CGO_ENABLED=0
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server
EXPOSE 8080
ENTRYPOINT ["/out/server"]
