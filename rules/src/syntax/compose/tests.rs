use super::*;

const FILE: &str = r#"version: "3.8"
name: platform
x-common: &common
  restart: unless-stopped
  deploy:
    resources:
      limits: {memory: 512M, cpus: "0.5"}
services:
  backend:
    <<: *common
    build:
      context: .
      dockerfile: infrastructure/docker/Dockerfile.backend
      target: runtime
      args:
        - FEATURES=full
        - RUST_VERSION
      cache_from: ["type=registry,ref=x/backend:cache"]
    image: platform/backend:${TAG:-dev}
    ports: ["8080:8080", "127.0.0.1:9090:9090/udp", 3000]
    depends_on:
      postgres:
        condition: service_healthy
    env_file: .env
    x-note: hi
  frontend:
    build: ./frontend
    depends_on: [backend]
    ports:
      - target: 80
        published: "8080"
  postgres:
    image: postgres:15-alpine
    volumes: [pgdata:/var/lib/postgresql/data, "./init:/docker-entrypoint-initdb.d:ro"]
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
    network_mode: "service:backend"
    profiles: [production]
volumes:
  pgdata:
"#;

#[test]
fn typed_services() {
    let f = parse(FILE);
    assert!(f.errors().is_empty(), "{:?}", f.errors());
    assert_eq!(f.version.as_ref().unwrap().0.value, "3.8");
    assert_eq!(&FILE[f.version.as_ref().unwrap().1.clone()], "version: \"3.8\"");
    assert_eq!(f.name.as_ref().unwrap().value, "platform");
    assert_eq!(f.services.len(), 3);
    let be = &f.services[0];
    assert_eq!(be.name.value, "backend");
    let b = be.build.as_ref().unwrap();
    assert_eq!(b.context.as_ref().unwrap().value, ".");
    assert_eq!(b.dockerfile.as_ref().unwrap().value, "infrastructure/docker/Dockerfile.backend");
    assert_eq!(b.args.len(), 2);
    assert_eq!(b.args[0].0.value, "FEATURES");
    assert_eq!(&FILE[b.args[0].0.range.clone()], "FEATURES");
    assert_eq!(b.args[0].1.as_ref().unwrap().value, "full");
    assert!(b.args[1].1.is_none());
    assert_eq!(b.cache_from.len(), 1);
    let image = be.image.as_ref().unwrap();
    assert_eq!(&FILE[image.range.clone()], "platform/backend:${TAG:-dev}");
    assert_eq!(be.ports.len(), 3);
    assert_eq!(be.ports[1].host_ip.as_deref(), Some("127.0.0.1"));
    assert_eq!(be.ports[1].published.as_deref(), Some("9090"));
    assert_eq!(be.ports[1].protocol, "udp");
    assert_eq!(be.ports[2].published, None);
    assert_eq!(be.depends_on[0].service.value, "postgres");
    assert_eq!(be.depends_on[0].condition.as_ref().unwrap().value, "service_healthy");
    assert_eq!(be.resources.as_ref().unwrap().limits_memory.as_ref().unwrap().value, "512M");
    assert_eq!(be.env_file[0].value, ".env");
    assert_eq!(be.extensions[0].value, "x-note");

    let fe = &f.services[1];
    assert!(fe.build.as_ref().unwrap().short);
    assert_eq!(fe.build.as_ref().unwrap().context.as_ref().unwrap().value, "./frontend");
    assert_eq!(fe.ports[0].published.as_deref(), Some("8080"));
    assert_eq!(fe.depends_on[0].service.value, "backend");

    let pg = &f.services[2];
    assert_eq!(pg.volumes[0].kind, "volume");
    assert_eq!(pg.volumes[1].kind, "bind");
    assert!(pg.volumes[1].read_only);
    assert!(pg.healthcheck.is_some());
    assert_eq!(pg.service_refs[0].value, "backend");
    assert_eq!(&FILE[pg.service_refs[0].range.clone()], "backend");
    assert_eq!(pg.profiles[0].value, "production");
    assert_eq!(f.volumes[0].value, "pgdata");
}

#[test]
fn broken_file_still_has_services() {
    let text = "services:\n  a:\n    image: x:latest\n    imag\n  b:\n    image: y\n";
    let f = parse(text);
    assert_eq!(f.errors().len(), 1);
    assert_eq!(f.services.len(), 2);
    assert_eq!(f.services[1].image.as_ref().unwrap().value, "y");
}

#[test]
fn non_mapping_inputs() {
    for t in ["", "- a", "services: 3", "services: [a, b]", "services:\n  a: 1\n  b:\n"] {
        let f = parse(t);
        let _ = f.services.len();
    }
    assert_eq!(parse("services:\n  a:\n").services.len(), 1);
}

#[test]
fn interpolated_ports_and_volumes_split_outside_braces() {
    let text = "services:\n  a:\n    ports: [\"${PORT:-8080}:80\", \"${IP:-127.0.0.1}:${P2:-9000}:9000/udp\"]\n    volumes: [\"${DATA:-./data}:/var/lib/mysql\", \"db:${DIR:-/data}:ro\"]\n";
    let f = parse(text);
    let a = &f.services[0];
    assert_eq!(a.ports[0].published.as_deref(), Some("${PORT:-8080}"));
    assert_eq!(a.ports[0].target, "80");
    assert_eq!(a.ports[1].host_ip.as_deref(), Some("${IP:-127.0.0.1}"));
    assert_eq!(a.ports[1].published.as_deref(), Some("${P2:-9000}"));
    assert_eq!(a.ports[1].protocol, "udp");
    assert_eq!(a.volumes[0].source.as_deref(), Some("${DATA:-./data}"));
    assert_eq!(a.volumes[0].target.as_deref(), Some("/var/lib/mysql"));
    assert_eq!(a.volumes[0].kind, "bind");
    assert_eq!(a.volumes[1].target.as_deref(), Some("${DIR:-/data}"));
    assert!(a.volumes[1].read_only);
}
