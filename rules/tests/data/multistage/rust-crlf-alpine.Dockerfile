FROM rust:1.80-alpine3.20
RUN apk add --no-cache musl-dev openssl-dev
WORKDIR /app
COPY . .
RUN cargo install --path . --root /usr/local
USER nobody
CMD ["worker"]
