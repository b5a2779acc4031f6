FROM golang:1.19
WORKDIR /src
COPY . .
RUN go build -o /usr/local/bin/tool ./cmd/tool
ENTRYPOINT ["tool"]
