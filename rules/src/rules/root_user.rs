use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::is_root_user;
use crate::model::dockerfile::Base;
use crate::syntax::dockerfile::{unquote, Kind};
use crate::syntax::image_ref::ImageRef;

pub struct RootUser;

static META: RuleMeta = RuleMeta {
    id: "root-user",
    summary: "The final stage runs as root",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3002"],
    buildkit: &[],
    docs: r#"# root-user

## What it finds
The image that `docker build` produces (the last stage) runs its process as root: either
its last `USER` — in the stage or in the stages it builds on — is `root` or `0` (with any
group: `root:root`, `0:0`), or there is no `USER` at all and the base image is not known to
switch to an unprivileged user by itself.

Bases that are not reported without a `USER`: distroless `:nonroot`/`-nonroot` tags,
`cgr.dev/chainguard/*`, `nginxinc/nginx-unprivileged`, `bitnami/*`, names or tags that
contain `rootless`, `nonroot` or `unprivileged`, and official server images whose own
configuration or entrypoint drops to a service user (`postgres`, `mysql`, `mariadb`,
`mongo`, `redis`, `rabbitmq`, `memcached`, `haproxy`, `elasticsearch`, `kibana`, `logstash`,
`grafana/grafana`, `prom/*`, `jenkins/jenkins`, …). Windows images are not judged.
`FROM scratch` runs as root (uid 0) unless a `USER` says otherwise. A `USER` given by a
variable (`USER $APP_UID`) is trusted.

## Why
A process running as root in a container is root on the container's filesystem and, with
any kernel or runtime escape, much closer to root on the host. Running as an unprivileged
user removes a whole class of exploits and is required by many Kubernetes admission
policies (`runAsNonRoot`).

## Example
```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
FROM debian:bookworm-slim
COPY --from=build /out/app /usr/local/bin/app
CMD ["app"]
```

## Fix
Create (or pick) an unprivileged user and switch to it at the end of the final stage:
```dockerfile
RUN useradd --system --uid 10001 --no-create-home app
USER 10001:10001
```
`scratch` and distroless images need no `useradd`: `USER 65532:65532` works. For nginx use
`nginxinc/nginx-unprivileged`, which listens on 8080.

## Silence
`# shipshape ignore=root-user` on the line above, or `ignore = ["root-user"]` in
`.shipshape.toml`. hadolint's `DL3002` is honoured.
"#,
};

/// Tools that start as root and switch to another user before running the server (the
/// official postgres, redis, mongo and mysql images do this in their entrypoint).
const PRIVILEGE_DROPPERS: &[&str] = &["gosu", "su-exec", "setpriv", "runuser", "s6-setuidgid", "chpst", "setuidgid"];

/// Does the image install or run a privilege-dropping tool? Then starting as root is the
/// design: the entrypoint switches user before the server runs.
fn drops_privileges(
    df: &crate::syntax::dockerfile::Dockerfile,
    m: &crate::model::dockerfile::DockerfileModel,
    chain: &[usize],
) -> bool {
    chain.iter().filter_map(|&s| m.stages.get(s)).any(|stage| {
        df.instructions.get(stage.instructions.clone()).unwrap_or(&[]).iter().any(|i| {
            matches!(i.kind, Kind::Run | Kind::Entrypoint | Kind::Cmd | Kind::Copy | Kind::Add)
                && df
                    .text(i.range.clone())
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                    .any(|w| PRIVILEGE_DROPPERS.contains(&w))
        })
    })
}

impl Rule for RootUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // Windows containers have no root user to drop (ContainerUser/ContainerAdministrator).
        if crate::model::dockerfile::is_windows_file(df) {
            return;
        }
        for last in cx.built_stages() {
            check_stage(cx, last, out);
        }
    }
}

/// Judges the image built from stage `last`.
fn check_stage(cx: &DockerfileContext, last: usize, out: &mut Findings) {
    let df = cx.file;
    let m = cx.model;
    let what = cx.built_stage_name(last);
    let chain = m.ancestry(last);
    if drops_privileges(df, m, &chain) {
        return;
    }
    // The last USER along the chain, newest first.
    for &s in &chain {
        let Some(stage) = m.stages.get(s) else { return };
        let insts = df.instructions.get(stage.instructions.clone()).unwrap_or(&[]);
        if let Some(user) = insts.iter().rev().find(|i| i.kind == Kind::User && !i.args.is_empty()) {
            let value = unquote(user.args_text(), df.escape);
            if is_root_user(&value) {
                let inherited = if s == last { String::new() } else { format!(" (inherited by {what})") };
                out.report(
                    user.range.clone(),
                    format!(
                        "`USER {value}`{inherited} makes the image run as root; switch to an unprivileged user \
                         (`USER 10001:10001`) after the steps that need root"
                    ),
                );
            }
            return;
        }
    }
    let Some(root) = chain.last().and_then(|&s| m.stages.get(s)) else { return };
    let base = match &root.base {
        Base::Scratch => "scratch".to_string(),
        Base::Image { resolved: Some(r), .. } => match ImageRef::parse(r) {
            Ok(image)
                if crate::model::well_known::runs_unprivileged(&image)
                    || crate::model::dockerfile::is_windows_image(r) =>
            {
                return
            }
            Ok(image) => image.familiar(),
            Err(_) => return,
        },
        // Unresolved or missing base: nothing certain to say.
        _ => return,
    };
    let Some(final_stage) = m.stages.get(last) else { return };
    let Some(from) = df.instructions.get(final_stage.from) else { return };
    let hint = if base.starts_with("nginx") {
        "; use `nginxinc/nginx-unprivileged` or add a `USER`"
    } else if base == "scratch" || base.contains("distroless") {
        "; add `USER 65532:65532`"
    } else {
        "; add a `USER` with an unprivileged user at the end of the stage"
    };
    // hadolint's DL3002 judges a `USER root` written in the file, not a missing USER.
    out.report(
        from.keyword_range.clone(),
        format!("{what} has no `USER`, so it runs as root (the default of `{base}`){hint}"),
    )
    .without_hadolint();
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const R: &str = "root-user";

    #[test]
    fn the_stage_compose_builds_is_judged() {
        let files = [
            ("/p/compose.yaml", "services:\n  dev:\n    build:\n      context: .\n      target: dev\n"),
            ("/p/Dockerfile", "FROM node:20 AS dev\nCMD [\"npm\", \"run\", \"dev\"]\nFROM node:20-slim AS prod\nUSER node\nCMD [\"node\", \"server.js\"]\n"),
        ];
        let found = crate::rules::test_util::project_file_findings(R, &files, "/p/Dockerfile");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "FROM");
        assert!(found[0].1.starts_with("the `dev` stage (the target Compose builds) has no `USER`"), "{}", found[0].1);
        // The prod stage alone (no Compose around it) is fine.
        assert!(spans(R, files[1].1).is_empty());
    }

    #[test]
    fn entrypoints_that_drop_privileges() {
        for text in [
            "FROM debian:12\nRUN apt-get update && apt-get install -y gosu\nCOPY docker-entrypoint.sh /\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"postgres\"]\n",
            "FROM alpine:3.20\nRUN apk add --no-cache su-exec\nENTRYPOINT [\"/entrypoint.sh\"]\n",
            "FROM debian:12\nCOPY --from=tianon/gosu /gosu /usr/local/bin/\nENTRYPOINT [\"gosu\", \"app\", \"server\"]\n",
            "FROM debian:12\nENTRYPOINT [\"setpriv\", \"--reuid=1000\", \"--regid=1000\", \"--init-groups\", \"server\"]\n",
        ] {
            assert!(spans(R, text).is_empty(), "{text}");
        }
        // A word that merely contains the name is not the tool.
        assert_eq!(spans(R, "FROM debian:12\nRUN echo gosuite\n"), ["FROM"]);
    }

    #[test]
    fn explicit_root() {
        for u in ["root", "0", "0:0", "root:root", "root:staff"] {
            let t = format!("FROM debian:12\nUSER app\nRUN x\nUSER {u}\n");
            assert_eq!(spans(R, &t), [format!("USER {u}")], "{u}");
        }
        // Root only for the steps that need it.
        assert!(spans(R, "FROM jenkins/jenkins:lts\nUSER root\nRUN apt-get update\nUSER jenkins\n").is_empty());
        // Inherited from the parent stage.
        let f = findings(R, "FROM debian:12 AS base\nUSER root\nFROM base\nCOPY a /a\n");
        assert_eq!(f[0].0, "USER root");
        assert!(f[0].1.contains("inherited"), "{}", f[0].1);
    }

    #[test]
    fn no_user() {
        let f = findings(R, "FROM golang:1.22 AS build\nUSER 1000\nFROM debian:12-slim\nCOPY --from=build /x /x\n");
        assert_eq!(f[0].0, "FROM");
        assert!(f[0].1.contains("debian:12-slim"), "{}", f[0].1);
        assert_eq!(spans(R, "FROM scratch\nCOPY app /app\n"), ["FROM"]);
        assert!(findings(R, "FROM nginx:1.27-alpine\n")[0].1.contains("nginx-unprivileged"));
    }

    #[test]
    fn negatives() {
        for t in [
            "FROM gcr.io/distroless/static-debian12:nonroot\n",
            "FROM gcr.io/distroless/base-debian12:debug-nonroot\n",
            "FROM cgr.dev/chainguard/node:latest\n",
            "FROM nginxinc/nginx-unprivileged:1.27-alpine\n",
            "FROM bitnami/redis:7.2\n",
            "FROM postgres:16-alpine\nCOPY init.sql /docker-entrypoint-initdb.d/\n",
            "FROM grafana/grafana:11.1.0\n",
            "FROM docker.elastic.co/elasticsearch/elasticsearch:8.11.0\n",
            "FROM mcr.microsoft.com/windows/servercore:ltsc2022\n",
            "FROM debian:12\nUSER $APP_UID\n",
            "FROM debian:12\nUSER app\n",
            "ARG BASE\nFROM $BASE\n",
            "FROM\n",
            "USER root\n",
        ] {
            assert!(spans(R, t).is_empty(), "{t}");
        }
        // Only the final stage matters.
        assert!(spans(R, "FROM rust:1.79 AS build\nFROM debian:12\nUSER 10001:10001\n").is_empty());
    }
}
