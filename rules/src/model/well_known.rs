//! What the well-known images are and do: the stateful ones and where they keep data, the
//! ones that define no HEALTHCHECK, the ones that run unprivileged on their own, the
//! environment the official images set, and the image names that are also common words.
//! One place for image knowledge; the rules ask it.

use crate::syntax::image_ref::ImageRef;

/// Well-known stateful images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    Postgres,
    Mysql,
    Mariadb,
    Mongo,
    Elasticsearch,
    Opensearch,
    Redis,
    Valkey,
    Rabbitmq,
    Cassandra,
    Neo4j,
    Influxdb,
    Clickhouse,
    Minio,
    Zookeeper,
    Couchdb,
    Mssql,
    Qdrant,
    Etcd,
}

#[derive(Debug, Clone)]
pub struct KnownImage {
    pub store: Store,
    /// The tag's leading version number (`15` for `15.8-alpine`).
    pub major: Option<u32>,
}

/// The repository path of a reference, with Docker Hub's `library/` namespace (also behind
/// mirrors such as `public.ecr.aws/docker/library/x`) reduced to the bare name.
fn repo_key(r: &ImageRef) -> String {
    let path = r.path.as_str();
    if let Some(i) = path.rfind("library/") {
        if (i == 0 || path[..i].ends_with('/')) && !path[i + 8..].contains('/') {
            return path[i + 8..].to_string();
        }
    }
    if r.is_docker_hub() {
        path.to_string()
    } else {
        format!("{}/{}", r.registry(), path)
    }
}

/// Classifies an image reference (already interpolated).
pub fn known_image(reference: &str) -> Option<KnownImage> {
    let r = ImageRef::parse(reference).ok()?;
    let store = match repo_key(&r).as_str() {
        "postgres" | "postgis/postgis" | "pgvector/pgvector" | "timescale/timescaledb" => Store::Postgres,
        "mysql" | "mysql/mysql-server" | "percona" | "percona/percona-server" => Store::Mysql,
        "mariadb" => Store::Mariadb,
        "mongo" | "mongodb/mongodb-community-server" => Store::Mongo,
        "elasticsearch" | "docker.elastic.co/elasticsearch/elasticsearch" => Store::Elasticsearch,
        "opensearchproject/opensearch" => Store::Opensearch,
        "redis" => Store::Redis,
        "valkey/valkey" => Store::Valkey,
        "rabbitmq" => Store::Rabbitmq,
        "cassandra" => Store::Cassandra,
        "neo4j" => Store::Neo4j,
        "influxdb" => Store::Influxdb,
        "clickhouse" | "clickhouse/clickhouse-server" | "yandex/clickhouse-server" => Store::Clickhouse,
        "minio/minio" | "quay.io/minio/minio" => Store::Minio,
        "zookeeper" => Store::Zookeeper,
        "couchdb" => Store::Couchdb,
        "mcr.microsoft.com/mssql/server" => Store::Mssql,
        "qdrant/qdrant" => Store::Qdrant,
        "quay.io/coreos/etcd" | "gcr.io/etcd-development/etcd" => Store::Etcd,
        _ => return None,
    };
    let major = r.tag.as_deref().and_then(|t| {
        let t = t.strip_prefix('v').unwrap_or(t);
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    });
    Some(KnownImage { store, major })
}

/// What a pulled image does in a project, for grouping services (the diagnosis report's
/// inventory): logging, monitoring, infrastructure (stores, proxies, brokers), or other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Infrastructure,
    Monitoring,
    Logging,
    Other,
}

/// The role of a pulled image by its repository's last path segment.
pub fn role(image: &str) -> Role {
    let repo = ImageRef::parse(image).map(|r| r.repository()).unwrap_or_else(|_| image.to_string());
    let name = repo.rsplit('/').next().unwrap_or(&repo).to_ascii_lowercase();
    const LOGGING: &[&str] = &[
        "elasticsearch",
        "logstash",
        "kibana",
        "apm-server",
        "loki",
        "promtail",
        "fluentd",
        "fluent-bit",
        "filebeat",
        "vector",
        "opensearch",
        "opensearch-dashboards",
        "graylog",
        "seq",
    ];
    const MONITORING: &[&str] = &[
        "prometheus",
        "grafana",
        "alertmanager",
        "node-exporter",
        "cadvisor",
        "jaeger",
        "all-in-one",
        "tempo",
        "opentelemetry-collector",
        "opentelemetry-collector-contrib",
        "zipkin",
        "pushgateway",
        "blackbox-exporter",
        "uptime-kuma",
        "netdata",
    ];
    const INFRA: &[&str] = &[
        "pgbouncer",
        "nginx",
        "traefik",
        "haproxy",
        "caddy",
        "envoy",
        "kafka",
        "rabbitmq",
        "nats",
        "vault",
        "consul",
        "keycloak",
        "mailhog",
        "mailpit",
        "localstack",
        "memcached",
    ];
    if LOGGING.contains(&name.as_str()) {
        Role::Logging
    } else if MONITORING.contains(&name.as_str()) || name.ends_with("-exporter") {
        Role::Monitoring
    } else if known_image(image).is_some() || INFRA.iter().any(|k| name == *k || name.starts_with(&format!("{k}-"))) {
        Role::Infrastructure
    } else {
        Role::Other
    }
}

/// Images known to define no HEALTHCHECK: Docker Official Images (a policy of theirs)
/// and a few widely used vendor images.
pub fn image_without_healthcheck(reference: &str) -> bool {
    let Ok(r) = ImageRef::parse(reference) else { return false };
    let key = repo_key(&r);
    if !key.contains('/') {
        return true;
    }
    const PREFIXES: &[&str] = &[
        "grafana/grafana",
        "grafana/loki",
        "grafana/tempo",
        "prom/",
        "docker.elastic.co/",
        "bitnami/",
        "confluentinc/",
        "apache/kafka",
        "minio/minio",
        "quay.io/minio/minio",
        "opensearchproject/opensearch",
        "postgis/postgis",
        "pgvector/pgvector",
        "valkey/valkey",
        "clickhouse/clickhouse-server",
        "mcr.microsoft.com/mssql/server",
        "qdrant/qdrant",
    ];
    PREFIXES.iter().any(|p| key == p.trim_end_matches('/') || (p.ends_with('/') && key.starts_with(p)))
}

/// Official images that run their service as an unprivileged user on their own.
const DROPS_PRIVILEGES: &[&str] = &[
    "library/postgres",
    "library/mysql",
    "library/mariadb",
    "library/mongo",
    "library/redis",
    "library/rabbitmq",
    "library/memcached",
    "library/haproxy",
    "library/cassandra",
    "library/couchdb",
    "library/elasticsearch",
    "library/kibana",
    "library/logstash",
    "library/sonarqube",
    "library/neo4j",
    "grafana/grafana",
    "jenkins/jenkins",
    "elasticsearch/elasticsearch",
    "kibana/kibana",
    "logstash/logstash",
];

/// Is the image known to run as a non-root user without a USER instruction?
pub fn runs_unprivileged(image: &ImageRef) -> bool {
    let repo = image.repository();
    let name = image.normalized_name();
    let tag = image.tag.as_deref().unwrap_or("");
    let marker = |s: &str| ["nonroot", "rootless", "unprivileged"].iter().any(|m| s.contains(m));
    marker(&repo)
        || marker(tag)
        || name.starts_with("cgr.dev/chainguard/")
        || repo.starts_with("bitnami/")
        || repo.starts_with("prom/")
        || (image.registry() == "docker.elastic.co")
        || DROPS_PRIVILEGES.contains(&repo.as_str())
}

/// Images made `FROM scratch` to be copied whole into another stage (`COPY --from=xx / /`
/// is how tonistiigi/xx installs its cross-compilation helpers).
const FILES_ONLY: &[&str] = &["tonistiigi/xx"];

/// Is the image a set of files meant to be copied whole (`COPY --from=… / /`)?
pub fn is_files_only(image: &ImageRef) -> bool {
    FILES_ONLY.contains(&image.repository().as_str())
}

/// Official images that are also common words: a bare `FROM node` near a stage called
/// `nodes` is the image, not a typo.
pub const COMMON_IMAGES: &[&str] = &[
    "alpine",
    "busybox",
    "debian",
    "ubuntu",
    "node",
    "python",
    "golang",
    "rust",
    "nginx",
    "redis",
    "postgres",
    "mysql",
    "httpd",
    "php",
    "ruby",
    "openjdk",
    "maven",
    "gradle",
    "centos",
    "fedora",
    "amazonlinux",
    "scratch",
];

const JAVA_ENV: &[&str] = &["JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"];

/// The environment official images set, by Docker Hub name (a generous list: a name
/// missing here would be a false positive, an extra one only a missed finding).
fn official_env(name: &str) -> Option<&'static [&'static str]> {
    Some(match name {
        "alpine" | "debian" | "ubuntu" | "busybox" => &[],
        "node" => &["NODE_VERSION", "YARN_VERSION"],
        "golang" => &["GOLANG_VERSION", "GOPATH", "GOTOOLCHAIN"],
        "rust" => &["RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"],
        "python" => &[
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "GPG_KEY",
            "PYTHON_PIP_VERSION",
            "PYTHON_SETUPTOOLS_VERSION",
            "PYTHON_GET_PIP_URL",
            "PYTHON_GET_PIP_SHA256",
        ],
        "eclipse-temurin" | "openjdk" => JAVA_ENV,
        "maven" => &["MAVEN_HOME", "MAVEN_CONFIG", "MAVEN_VERSION", "JAVA_HOME", "JAVA_VERSION", "LANGUAGE", "LC_ALL"],
        "gradle" => &["GRADLE_HOME", "GRADLE_VERSION", "JAVA_HOME", "JAVA_VERSION", "LANGUAGE", "LC_ALL"],
        "nginx" => &["NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "PKG_RELEASE", "DYNPKG_RELEASE"],
        "postgres" => &["PG_MAJOR", "PG_VERSION", "PG_SHA256", "PGDATA", "GOSU_VERSION", "DOCKER_PG_LLVM_DEPS"],
        "php" => &[
            "PHPIZE_DEPS",
            "PHP_INI_DIR",
            "APACHE_CONFDIR",
            "APACHE_ENVVARS",
            "PHP_CFLAGS",
            "PHP_CPPFLAGS",
            "PHP_LDFLAGS",
            "GPG_KEYS",
            "PHP_VERSION",
            "PHP_URL",
            "PHP_ASC_URL",
            "PHP_SHA256",
            "PHP_EXTRA_CONFIGURE_ARGS",
            "PHP_EXTRA_BUILD_DEPS",
        ],
        "ruby" => &[
            "RUBY_MAJOR",
            "RUBY_VERSION",
            "RUBY_DOWNLOAD_URL",
            "RUBY_DOWNLOAD_SHA256",
            "GEM_HOME",
            "BUNDLE_SILENCE_ROOT_WARNING",
            "BUNDLE_APP_CONFIG",
        ],
        "dotnet" => &[
            "APP_UID",
            "ASPNETCORE_HTTP_PORTS",
            "ASPNETCORE_URLS",
            "DOTNET_RUNNING_IN_CONTAINER",
            "DOTNET_VERSION",
            "ASPNET_VERSION",
            "DOTNET_SDK_VERSION",
            "DOTNET_GENERATE_ASPNET_CERTIFICATE",
            "DOTNET_NOLOGO",
            "DOTNET_USE_POLLING_FILE_WATCHER",
            "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT",
            "NUGET_XMLDOC_MODE",
            "POWERSHELL_DISTRIBUTION_CHANNEL",
        ],
        _ => return None,
    })
}

/// The known environment of an image reference (already expanded), if it is one we know.
pub fn image_env(resolved: &str) -> Option<&'static [&'static str]> {
    let image = ImageRef::parse(resolved).ok()?;
    if image.registry() == "mcr.microsoft.com" {
        return image.path.starts_with("dotnet/").then(|| official_env("dotnet")).flatten();
    }
    let repo = image.repository();
    official_env(repo.strip_prefix("library/").filter(|r| image.is_docker_hub() && !r.contains('/'))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles() {
        assert_eq!(role("prom/prometheus:latest"), Role::Monitoring);
        assert_eq!(role("docker.elastic.co/kibana/kibana:8.11.0"), Role::Logging);
        assert_eq!(role("postgres:15-alpine"), Role::Infrastructure);
        assert_eq!(role("edoburu/pgbouncer"), Role::Infrastructure);
        assert_eq!(role("example/thing"), Role::Other);
    }
}
