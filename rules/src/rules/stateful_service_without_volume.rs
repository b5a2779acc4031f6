use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::services::{command_words, is_partial, path_within};
use crate::model::well_known::{known_image, Store};
use crate::syntax::compose::edit::{after_line, append_to_map, append_to_seq, column, own_entries};
use crate::syntax::compose::{ComposeFile, Service};
use crate::syntax::yaml::Node;
use crate::text::LineEnding;

pub struct StatefulServiceWithoutVolume;

static META: RuleMeta = RuleMeta {
    id: "stateful-service-without-volume",
    summary: "A database or other stateful service keeps its data outside any volume",
    category: Category::Compose,
    default_severity: Some(Severity::Warning),
    target: Target::Compose,
    fix: FixKind::UnsafeOrManual,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# stateful-service-without-volume

## What it finds
A service running a well-known data store whose data directory is not on a named volume or
a bind mount (a mount on the directory or on one of its parents counts):

| image | data directory |
|---|---|
| `postgres` (and `postgis/postgis`, `pgvector/pgvector`, `timescale/timescaledb`) | `$PGDATA`, else `/var/lib/postgresql/data` (`/var/lib/postgresql` from version 18) |
| `mysql`, `mariadb`, `percona` | `/var/lib/mysql` (or `--datadir`) |
| `mongo` | `/data/db` (or `--dbpath`) |
| `elasticsearch` / `opensearch` | `/usr/share/elasticsearch/data` / `/usr/share/opensearch/data` |
| `redis`, `valkey/valkey` — only with persistence on (`--appendonly yes`, `--save` with a schedule, or a mounted `*.conf`) | `/data` (or `--dir`) |
| `rabbitmq`, `cassandra`, `neo4j`, `clickhouse`, `zookeeper`, `couchdb`, `mssql`, `qdrant` | their documented data directories |
| `influxdb` 1.x / 2.x | `/var/lib/influxdb` / `/var/lib/influxdb2` |
| `minio` | the directory after `server` in `command` |
| `etcd` | `--data-dir` or `ETCD_DATA_DIR` |

Services are merged first (`extends`, merge keys, override files). Not reported: a `tmpfs`
on the directory (a deliberate throw-away database), `volumes_from`, images with a
variable we cannot resolve, the image run as a client (`command: mongoimport …`,
`entrypoint: pg_dump`, `sh -c …`), and Redis used as a pure cache (persistence off, the
default we assume when nothing turns it on).

## Why
Without a mount the data lives in the container's writable layer or in an anonymous
volume tied to that container. `docker compose down` removes the container, and the next
`up` starts a new one with an empty data directory: the database is gone (an anonymous
volume is left behind, orphaned). Upgrading the image has the same effect when the data
is in the writable layer.

## Example
```yaml
services:
  postgres:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?}
```

## Fix
Mount a named volume on the data directory and declare it:

```yaml
services:
  postgres:
    image: postgres:16
    volumes:
      - postgres-data:/var/lib/postgresql/data
volumes:
  postgres-data:
```

The quick fix (unsafe: it changes where the service stores its data) writes exactly this,
reusing an unused top-level volume named `<service>_data` or `<service>-data` when there is
one. When the service's `volumes` come from a merge key (`<<: *defaults`), a key of the
service's own would replace that list, so the fix repeats its items and is only offered as
manual, for review; a service written as a flow mapping (`{…}`) gets no edit.

## Silence
`# shipshape ignore=stateful-service-without-volume` on the line above the service, or
`ignore = ["stateful-service-without-volume"]` in `.shipshape.toml`.
"#,
};

/// Where a store keeps its data: the directory checked, and where the fix mounts.
struct DataDir {
    dir: String,
    mount: String,
}

impl DataDir {
    fn at(dir: &str) -> Option<DataDir> {
        Some(DataDir { dir: dir.to_string(), mount: dir.to_string() })
    }
}

impl Rule for StatefulServiceWithoutVolume {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        let eol = LineEnding::detect(&cx.file.source).as_str();
        for svc in &cx.file.services {
            let m = set.get(&svc.name.value).unwrap_or(svc);
            if set.judged_in_base(&svc.name.value) {
                continue;
            }
            if is_partial(m) {
                continue;
            }
            let Some(image) = m.image.as_ref().and_then(|i| set.resolve(&i.value)) else { continue };
            let Some(known) = known_image(&image) else { continue };
            let node = set.node(&svc.name.value).map(|e| &e.value);
            if node.is_some_and(|n| n.get("volumes_from").is_some()) {
                continue;
            }
            let words = command_words(m.command.as_ref());
            // The image run as a client (`psql`, `mongoimport`, `sh -c …`) stores nothing.
            let entrypoint = command_words(node.and_then(|n| n.get("entrypoint")));
            if !runs_server(known.store, &entrypoint, &words) {
                continue;
            }
            let env = |k: &str| node.and_then(|n| env_value(n, k)).and_then(|v| set.resolve(&v));
            let Some(data) = data_dir(known.store, known.major, &words, &env, m) else { continue };
            if !env_known(known.store, &env, m, node) {
                continue;
            }
            let covered = m.volumes.iter().any(|v| {
                let Some(target) = &v.target else { return false };
                let Some(target) = set.resolve(target) else { return true };
                let persistent = v.kind == "bind" || v.kind == "cluster" || (v.kind == "volume" && v.source.is_some());
                path_within(&data.dir, &target) && (persistent || v.kind == "tmpfs")
            });
            let tmpfs = node.and_then(|n| n.get("tmpfs")).is_some_and(|t| {
                let paths: Vec<&str> = match t.as_seq() {
                    Some(items) => items.iter().filter_map(Node::as_str).collect(),
                    None => t.as_str().into_iter().collect(),
                };
                paths.iter().any(|p| path_within(&data.dir, p.split(':').next().unwrap_or(p)))
            });
            if covered || tmpfs {
                continue;
            }
            let what = image.split(['@']).next().unwrap_or(&image);
            let d = out.report(
                svc.name.range.clone(),
                format!(
                    "`{}` (`{what}`) keeps its data in `{}`, which is on no named volume or bind mount: the data is lost with the container (`docker compose down`); mount a volume there",
                    svc.name.value, data.dir
                ),
            );
            if let Some(fix) = volume_fix(cx.file, &svc.name.value, &data.mount, eol) {
                d.with_fix(fix);
            }
        }
    }
}

/// Does the container run the store's server: no command, flags for the image's
/// entrypoint, or the server program itself?
fn runs_server(store: Store, entrypoint: &[String], command: &[String]) -> bool {
    let servers: &[&str] = match store {
        Store::Postgres => &["postgres"],
        Store::Mysql | Store::Mariadb => &["mysqld", "mariadbd"],
        Store::Mongo => &["mongod"],
        Store::Redis => &["redis-server"],
        Store::Valkey => &["valkey-server"],
        Store::Rabbitmq => &["rabbitmq-server"],
        Store::Cassandra => &["cassandra"],
        Store::Neo4j => &["neo4j"],
        Store::Influxdb => &["influxd"],
        Store::Clickhouse => &["clickhouse-server", "clickhouse"],
        Store::Minio => &["server", "minio"],
        Store::Zookeeper => &["zkServer.sh"],
        Store::Mssql => &["sqlservr"],
        Store::Qdrant => &["qdrant"],
        Store::Etcd => &["etcd"],
        Store::Elasticsearch | Store::Opensearch | Store::Couchdb => &[],
    };
    let is_server = |w: &str| {
        let base = w.rsplit('/').next().unwrap_or(w);
        servers.contains(&base) || base == "docker-entrypoint.sh"
    };
    if entrypoint.first().is_some_and(|e| !is_server(e)) {
        return false;
    }
    match command.first() {
        None => true,
        Some(first) => first.starts_with('-') || is_server(first),
    }
}

/// A variable of the service's `environment` (mapping or `K=V` list), as written.
fn env_value(svc: &Node, key: &str) -> Option<String> {
    let env = svc.get("environment")?;
    if env.as_map().is_some() {
        return env.get(key).and_then(Node::as_str).map(str::to_string);
    }
    env.as_seq()?.iter().filter_map(Node::as_str).find_map(|i| {
        let (k, v) = i.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

/// The value of `--flag X` or `--flag=X` in a command.
fn flag_value(words: &[String], flag: &str) -> Option<String> {
    let eq = format!("{flag}=");
    words.iter().enumerate().find_map(|(i, w)| {
        if w == flag {
            words.get(i + 1).cloned()
        } else {
            w.strip_prefix(&eq).map(str::to_string)
        }
    })
}

fn data_dir(
    store: Store,
    major: Option<u32>,
    words: &[String],
    env: &dyn Fn(&str) -> Option<String>,
    svc: &Service,
) -> Option<DataDir> {
    let abs = |p: String| p.starts_with('/').then_some(p);
    match store {
        Store::Postgres => match env("PGDATA").filter(|p| !p.is_empty()) {
            Some(p) => DataDir::at(&abs(p)?),
            None => match major {
                Some(v) if v >= 18 => Some(DataDir {
                    dir: format!("/var/lib/postgresql/{v}/docker"),
                    mount: "/var/lib/postgresql".into(),
                }),
                _ => DataDir::at("/var/lib/postgresql/data"),
            },
        },
        Store::Mysql | Store::Mariadb => {
            DataDir::at(&flag_value(words, "--datadir").map_or(Some("/var/lib/mysql".into()), abs)?)
        }
        Store::Mongo => DataDir::at(&flag_value(words, "--dbpath").map_or(Some("/data/db".into()), abs)?),
        Store::Elasticsearch => DataDir::at("/usr/share/elasticsearch/data"),
        Store::Opensearch => DataDir::at("/usr/share/opensearch/data"),
        Store::Redis | Store::Valkey => {
            if !redis_persists(words, svc) {
                return None;
            }
            DataDir::at(&flag_value(words, "--dir").map_or(Some("/data".into()), abs)?)
        }
        Store::Rabbitmq => DataDir::at("/var/lib/rabbitmq"),
        Store::Cassandra => DataDir::at("/var/lib/cassandra"),
        Store::Neo4j => DataDir::at("/data"),
        Store::Influxdb => match major {
            Some(1) => DataDir::at("/var/lib/influxdb"),
            Some(2) => DataDir::at("/var/lib/influxdb2"),
            _ => None,
        },
        Store::Clickhouse => DataDir::at("/var/lib/clickhouse"),
        Store::Minio => {
            let i = words.iter().position(|w| w == "server")?;
            let dir = words[i + 1..].iter().find(|w| w.starts_with('/'))?;
            if dir.contains(['{', '$']) {
                return None;
            }
            DataDir::at(dir)
        }
        Store::Zookeeper => DataDir::at(&env("ZOO_DATA_DIR").map_or(Some("/data".into()), abs)?),
        Store::Couchdb => DataDir::at("/opt/couchdb/data"),
        Store::Mssql => DataDir::at("/var/opt/mssql"),
        Store::Qdrant => DataDir::at("/qdrant/storage"),
        Store::Etcd => DataDir::at(&abs(flag_value(words, "--data-dir").or_else(|| env("ETCD_DATA_DIR"))?)?),
    }
}

/// For stores whose data directory an environment variable moves: when that variable
/// may be set where we cannot see it (an `env_file`, a service extended from elsewhere)
/// and the service mounts something, we can't tell where the data goes.
fn env_known(store: Store, env: &dyn Fn(&str) -> Option<String>, m: &Service, node: Option<&Node>) -> bool {
    let var = match store {
        Store::Postgres => "PGDATA",
        Store::Zookeeper => "ZOO_DATA_DIR",
        _ => return true,
    };
    if env(var).is_some() || m.volumes.is_empty() {
        return true;
    }
    let hidden = !m.env_file.is_empty() || (m.extends.is_some() && node.and_then(|n| n.get("environment")).is_none());
    !hidden
}

/// Redis keeps data only when told to: `--appendonly yes`, `--save <schedule>`, or a
/// mounted configuration file (which brings the default snapshot schedule with it).
fn redis_persists(words: &[String], svc: &Service) -> bool {
    let mut aof = None;
    let mut save = None;
    for (i, w) in words.iter().enumerate() {
        match w.as_str() {
            "--appendonly" => aof = words.get(i + 1).map(|v| v == "yes"),
            "--save" => {
                let args: Vec<&String> = words[i + 1..].iter().take_while(|a| !a.starts_with("--")).collect();
                save = Some(args.iter().any(|a| !a.trim().is_empty()));
            }
            _ => {}
        }
    }
    let conf = svc.volumes.iter().any(|v| v.target.as_deref().is_some_and(|t| t.ends_with(".conf")))
        || words.iter().any(|w| w.ends_with(".conf"));
    aof == Some(true) || save == Some(true) || (conf && aof.is_none() && save.is_none())
}

/// Adds `- <name>:<mount>` to the service and `<name>:` to the top-level `volumes:`.
fn volume_fix(file: &ComposeFile, service: &str, mount: &str, eol: &str) -> Option<Fix> {
    let text = &file.source;
    let valid = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "/_.-".contains(c));
    if !valid(mount) || !valid(service) {
        return None;
    }
    let root = file.root()?;
    let services = root.get("services")?;
    let entry = services.entry(service)?;
    let svc = &entry.value;
    let svc_col = column(text, entry.key.range.start);

    // The volume's name: an unused `<service>_data` / `<service>-data` already declared, or a new one.
    let used = |name: &str| file.services.iter().any(|s| s.volumes.iter().any(|v| v.source.as_deref() == Some(name)));
    let declared = |name: &str| file.volumes.iter().any(|v| v.value == name);
    let underscore =
        file.volumes.iter().any(|v| v.value.contains('_')) && !file.volumes.iter().any(|v| v.value.contains('-'));
    let reuse = [format!("{service}_data"), format!("{service}-data")].into_iter().find(|n| declared(n) && !used(n));
    let name = match &reuse {
        Some(n) => n.clone(),
        None => {
            let base = if underscore { format!("{service}_data") } else { format!("{service}-data") };
            let mut name = base.clone();
            let mut n = 2;
            while declared(&name) || used(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            name
        }
    };
    let item = format!("{name}:{mount}");

    let mut edits = Vec::new();
    let mut manual = false;
    let own = own_entries(svc);
    match svc.entry("volumes") {
        Some(v) if own.iter().any(|e| std::ptr::eq(*e, v)) => {
            let raw = text.get(v.value.range.clone())?;
            if v.value.is_null() {
                let key_col = column(text, v.key.range.start);
                let ind = " ".repeat(key_col + 2);
                let at = after_line(text, v.key.range.end);
                let brk = if at == text.len() && !text.ends_with('\n') { eol } else { "" };
                edits.push(Edit::insert(at, format!("{brk}{ind}- {item}{eol}")));
            } else if raw.starts_with('[') && raw.ends_with(']') && v.value.via_alias.is_none() {
                let close = v.value.range.end - 1;
                let empty = v.value.as_seq().is_some_and(<[Node]>::is_empty);
                let quoted = format!("\"{item}\"");
                edits.push(Edit::insert(close, if empty { quoted } else { format!(", {quoted}") }));
            } else {
                let (at, prefix, brk) = append_to_seq(text, &v.value)?;
                edits.push(Edit::insert(at, format!("{}{prefix}{item}{eol}", if brk { eol } else { "" })));
            }
        }
        // `volumes` comes from a merge key: a key of the service's own replaces the merged
        // list, so it must repeat its items — a starting point to review (manual).
        Some(v) => {
            let mut items = Vec::new();
            for i in v.value.as_seq()? {
                i.as_scalar()?;
                items.push(text.get(i.range.clone())?.to_string());
            }
            items.push(item.clone());
            manual = true;
            edits.push(add_volumes_key(text, svc, svc_col, &items, eol)?);
        }
        None => edits.push(add_volumes_key(text, svc, svc_col, std::slice::from_ref(&item), eol)?),
    }
    if reuse.is_none() {
        edits.push(declare_volume(file, &name, svc_col, eol)?);
    }
    Some(Fix {
        title: format!("Mount a named volume `{name}` on {mount}"),
        applicability: if manual { Applicability::Manual } else { Applicability::Unsafe },
        edits,
    })
}

/// A `volumes:` key with `items`, after the service's last key.
fn add_volumes_key(text: &str, svc: &Node, svc_col: usize, items: &[String], eol: &str) -> Option<Edit> {
    let ins = append_to_map(text, svc)?;
    let ind = " ".repeat(ins.indent);
    let item_ind = " ".repeat(ins.indent + ins.indent.saturating_sub(svc_col).max(1));
    let mut out = String::from(if ins.needs_break { eol } else { "" });
    out.push_str(&format!("{ind}volumes:{eol}"));
    for i in items {
        out.push_str(&format!("{item_ind}- {i}{eol}"));
    }
    Some(Edit::insert(ins.at, out))
}

/// Declares a named volume at the top level, creating `volumes:` at the end if needed.
fn declare_volume(file: &ComposeFile, name: &str, unit: usize, eol: &str) -> Option<Edit> {
    let text = &file.source;
    let root = file.root()?;
    let unit = unit.max(2);
    match root.entry("volumes") {
        Some(v) if v.value.is_null() => {
            let at = after_line(text, v.key.range.end);
            let brk = if at == text.len() && !text.ends_with('\n') { eol } else { "" };
            Some(Edit::insert(at, format!("{brk}{}{name}:{eol}", " ".repeat(unit))))
        }
        Some(v) => {
            let ins = append_to_map(text, &v.value)?;
            let brk = if ins.needs_break { eol } else { "" };
            Some(Edit::insert(ins.at, format!("{brk}{}{name}:{eol}", " ".repeat(ins.indent))))
        }
        None => {
            // Only append to a block mapping at the top (not a flow mapping or a second document).
            append_to_map(text, root)?;
            if file.yaml.documents.len() > 1 {
                return None;
            }
            let end = text.len();
            let lead = if text.ends_with('\n') { eol.to_string() } else { format!("{eol}{eol}") };
            Some(Edit::insert(end, format!("{lead}volumes:{eol}{}{name}:{eol}", " ".repeat(unit))))
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::compose_spans;
    use crate::syntax::compose::parse;

    const RULE: &str = "stateful-service-without-volume";

    fn fixed(text: &str) -> String {
        let d = crate::analysis::check_compose(
            text,
            &|_| None,
            &crate::analysis::Settings { select: Some(vec![RULE.into()]), ..Default::default() },
        );
        let fix = d[0].fix.clone().expect("a fix");
        assert_eq!(fix.applicability, Applicability::Unsafe);
        let out = crate::diagnostic::apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
        assert!(parse(&out).errors().is_empty(), "{out}");
        assert!(compose_spans(RULE, &out).len() < d.len(), "finding still there:\n{out}");
        out
    }

    #[test]
    fn databases_without_volumes() {
        let text = "services:\n  db:\n    image: postgres:15-alpine\n  my:\n    image: mariadb:11\n    volumes: [\"./init:/docker-entrypoint-initdb.d:ro\"]\n  mongo:\n    image: mongo:7\n    volumes:\n      - /data/db\n  es:\n    image: docker.elastic.co/elasticsearch/elasticsearch:8.11.0\n  pg18:\n    image: postgres:18\n    volumes: [\"pg:/var/lib/postgresql/data\"]\nvolumes:\n  pg:\n";
        assert_eq!(compose_spans(RULE, text), ["db", "my", "mongo", "es", "pg18"]);
        let d = crate::analysis::check_compose(
            text,
            &|_| None,
            &crate::analysis::Settings { select: Some(vec![RULE.into()]), ..Default::default() },
        );
        assert!(d[0].message.contains("`/var/lib/postgresql/data`"), "{}", d[0].message);
        assert!(d[0].message.contains("docker compose down"), "{}", d[0].message);
        assert!(d[4].message.contains("`/var/lib/postgresql/18/docker`"), "{}", d[4].message);
    }

    #[test]
    fn mounted_or_deliberately_ephemeral() {
        let text = "services:\n  a:\n    image: postgres:16\n    volumes: [\"pgdata:/var/lib/postgresql/data\"]\n  b:\n    image: postgres:16\n    volumes: [\"./pg:/var/lib/postgresql\"]\n  c:\n    image: postgres:16\n    environment: {PGDATA: /pgdata}\n    volumes: [\"x:/pgdata\"]\n  d:\n    image: mysql:8.4\n    tmpfs: [/var/lib/mysql]\n  e:\n    image: mysql:8.4\n    volumes:\n      - type: tmpfs\n        target: /var/lib/mysql\n  f:\n    image: redis:7\n  g:\n    image: redis:7\n    command: [\"redis-server\", \"--save\", \"\", \"--appendonly\", \"no\"]\n  h:\n    image: ${DB_IMAGE}\n  i:\n    image: nginx:1.27\n  j:\n    image: mysql:8.4\n    volumes: [\"${DATA_DIR:-./data}:/var/lib/mysql\"]\n  k:\n    image: mongo:7\n    command: mongod --dbpath /srv/db\n    volumes: [\"m:/srv\"]\n  l:\n    image: minio/minio:RELEASE.2024-01-01T00-00-00Z\n    command: server /data --console-address \":9001\"\n    volumes: [\"minio:/data\"]\nvolumes: {pgdata: {}, x: {}, m: {}, minio: {}}\n";
        assert!(compose_spans(RULE, text).is_empty(), "{:?}", compose_spans(RULE, text));
    }

    #[test]
    fn clients_of_the_image_are_not_servers() {
        let text = "services:\n  seed:\n    image: mongo:7\n    command: mongoimport --host db --file /seed.json\n  backup:\n    image: postgres:16\n    entrypoint: [\"pg_dump\"]\n  shell:\n    image: mysql:8.4\n    command: sh -c \"mysql -h db < /init.sql\"\n  tuned:\n    image: postgres:16\n    command: [\"-c\", \"max_connections=200\"]\n  explicit:\n    image: mongo:7\n    command: [\"mongod\", \"--bind_ip_all\"]\n";
        assert_eq!(compose_spans(RULE, text), ["tuned", "explicit"]);
    }

    #[test]
    fn redis_only_with_persistence() {
        let on = [
            "command: redis-server --appendonly yes",
            "command: [\"redis-server\", \"--save\", \"60\", \"1\"]",
            "volumes: [\"./redis.conf:/usr/local/etc/redis/redis.conf:ro\"]",
        ];
        for c in on {
            let text = format!("services:\n  cache:\n    image: redis:7-alpine\n    {c}\n");
            assert_eq!(compose_spans(RULE, &text), ["cache"], "{c}");
        }
        let text = "services:\n  cache:\n    image: redis:7\n    command: redis-server --appendonly yes --dir /srv\n    volumes: [\"r:/srv\"]\nvolumes: {r: {}}\n";
        assert!(compose_spans(RULE, text).is_empty());
    }

    #[test]
    fn fix_adds_the_key_and_creates_the_section() {
        let text = "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: x\n  web:\n    image: nginx:1.27\n";
        assert_eq!(
            fixed(text),
            "services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: x\n    volumes:\n      - db-data:/var/lib/postgresql/data\n  web:\n    image: nginx:1.27\n\nvolumes:\n  db-data:\n"
        );
    }

    #[test]
    fn fix_appends_to_lists_and_sections_in_their_style() {
        let text = "services:\n    db:\n        image: mysql:8.4\n        volumes:\n            - ./init:/docker-entrypoint-initdb.d:ro\nvolumes:\n    other_data:\n";
        assert_eq!(
            fixed(text),
            "services:\n    db:\n        image: mysql:8.4\n        volumes:\n            - ./init:/docker-entrypoint-initdb.d:ro\n            - db_data:/var/lib/mysql\nvolumes:\n    other_data:\n    db_data:\n"
        );
        let text = "services:\n  db:\n    image: mongo:7\n    volumes: [\"./seed:/seed\"]\nvolumes:\n";
        assert_eq!(
            fixed(text),
            "services:\n  db:\n    image: mongo:7\n    volumes: [\"./seed:/seed\", \"db-data:/data/db\"]\nvolumes:\n  db-data:\n"
        );
    }

    #[test]
    fn fix_reuses_a_declared_unused_volume_and_keeps_crlf() {
        let text = "services:\r\n  postgres:\r\n    image: postgres:15-alpine\r\n    ports:\r\n      - \"5432:5432\"\r\nvolumes:\r\n  postgres_data:\r\n";
        assert_eq!(
            fixed(text),
            "services:\r\n  postgres:\r\n    image: postgres:15-alpine\r\n    ports:\r\n      - \"5432:5432\"\r\n    volumes:\r\n      - postgres_data:/var/lib/postgresql/data\r\nvolumes:\r\n  postgres_data:\r\n"
        );
    }

    #[test]
    fn manual_fix_when_volumes_come_from_a_merge_key() {
        let text = "x-v: &v\n  volumes: [\"./x:/x\"]\nservices:\n  db:\n    <<: *v\n    image: postgres:16\n";
        let d = crate::analysis::check_compose(
            text,
            &|_| None,
            &crate::analysis::Settings { select: Some(vec![RULE.into()]), ..Default::default() },
        );
        assert_eq!(d.len(), 1);
        let fix = d[0].fix.clone().unwrap();
        assert_eq!(fix.applicability, Applicability::Manual);
        let out = crate::diagnostic::apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
        assert_eq!(
            out,
            "x-v: &v\n  volumes: [\"./x:/x\"]\nservices:\n  db:\n    <<: *v\n    image: postgres:16\n    volumes:\n      - \"./x:/x\"\n      - db-data:/var/lib/postgresql/data\n\nvolumes:\n  db-data:\n"
        );
        assert!(parse(&out).errors().is_empty());
        assert!(compose_spans(RULE, &out).is_empty());
    }
}
