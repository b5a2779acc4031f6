use std::collections::HashSet;
use std::path::Path;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::Kind;
use crate::text::LineEnding;

pub struct MissingOciLabels;

static META: RuleMeta = RuleMeta {
    id: "missing-oci-labels",
    summary: "The final image lacks the standard `org.opencontainers.image.*` labels",
    category: Category::Metadata,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# missing-oci-labels

## What it finds
The final stage (with what it inherits from the stages it builds on) does not set all of
the OCI annotation labels `org.opencontainers.image.title`, `.version`, `.revision`,
`.created` and `.source`. One finding on the final `FROM` lists the missing ones.

## Why
These labels are how registries, scanners and people tell what an image is: which version,
built from which commit, when, and from which repository. GitHub links packages to their
repository through `source`, vulnerability reports point back to the commit through
`revision`, and without `version` a running container can only be traced by digest.

## Example
```dockerfile
FROM golang:1.23 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
FROM debian:bookworm-slim
COPY --from=build /out/app /usr/local/bin/app
```

## Fix
The quick fix adds the missing labels, fed by build arguments:
```dockerfile
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
ARG SOURCE=
LABEL org.opencontainers.image.title="backend" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}"
```
and the build passes the values: `docker build --build-arg VERSION=1.4.2 --build-arg
REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
--build-arg SOURCE=https://github.com/org/repo …`. The title comes from the file name
(`Dockerfile.backend`, `backend/Dockerfile` → `backend`).

The block goes after the last `RUN` of the final stage: every `RUN` after an `ARG` sees it
as an environment variable, so a `REVISION` or `CREATED` that changes on each build would
otherwise invalidate the cache of those `RUN`s every time. Build arguments the stage
already declares are not declared again.

## Silence
`# shipshape ignore=missing-oci-labels` on the line above, or
`ignore = ["missing-oci-labels"]` in `.shipshape.toml`.
"#,
};

const PREFIX: &str = "org.opencontainers.image.";

/// The labels, and the build argument that feeds each (none for the title).
const LABELS: &[(&str, Option<(&str, &str)>)] = &[
    ("title", None),
    ("version", Some(("VERSION", "dev"))),
    ("revision", Some(("REVISION", "unknown"))),
    ("created", Some(("CREATED", "unknown"))),
    ("source", Some(("SOURCE", ""))),
];

/// Directory names that say nothing about what the image is.
const GENERIC_DIRS: &[&str] = &[
    "docker",
    "dockerfiles",
    "build",
    "builds",
    "deploy",
    "deployment",
    "deployments",
    "ci",
    "container",
    "containers",
    "infra",
    "infrastructure",
    "src",
    "images",
];

/// Stage names that say nothing about what the image is.
const GENERIC_STAGES: &[&str] = &["runtime", "final", "release", "prod", "production", "run", "runner", "base"];

fn clean(name: &str) -> Option<String> {
    let s: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')).collect();
    let s = s.trim_matches(['.', '-', '_']).to_string();
    (!s.is_empty()).then_some(s)
}

/// `Dockerfile.backend`, `backend.Dockerfile`, `backend/Dockerfile` → `backend`.
fn title_from_path(path: &Path) -> Option<String> {
    let file = path.file_name()?.to_str()?;
    let lower = file.to_ascii_lowercase();
    for prefix in ["dockerfile.", "containerfile."] {
        if lower.starts_with(prefix) {
            return clean(&file[prefix.len()..]);
        }
    }
    for suffix in [".dockerfile", ".containerfile"] {
        if lower.ends_with(suffix) {
            return clean(&file[..file.len() - suffix.len()]);
        }
    }
    let dir = path.parent()?.file_name()?.to_str()?;
    if dir.starts_with('.') || GENERIC_DIRS.contains(&dir.to_ascii_lowercase().as_str()) {
        return None;
    }
    clean(dir)
}

fn title(path: Option<&Path>, stage: Option<&str>) -> String {
    path.and_then(title_from_path)
        .or_else(|| stage.filter(|s| !GENERIC_STAGES.contains(&s.to_ascii_lowercase().as_str())).and_then(clean))
        .unwrap_or_else(|| "app".to_string())
}

impl Rule for MissingOciLabels {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        // The image Compose builds (its `build.target`), else the last stage: a label block
        // in a stage that is never built labels nothing.
        for last in cx.built_stages() {
            check_stage(cx, last, out);
        }
    }
}

fn check_stage(cx: &DockerfileContext, last: usize, out: &mut Findings) {
    let df = cx.file;
    let m = cx.model;
    let chain = m.ancestry(last);
    let in_chain = |s: usize| df.instructions.get(m.stages[s].instructions.clone()).unwrap_or(&[]);
    let mut present = HashSet::new();
    for &s in &chain {
        for inst in in_chain(s).iter().filter(|i| i.kind == Kind::Label) {
            for kv in inst.key_values(df.escape) {
                present.insert(kv.key.to_ascii_lowercase());
            }
        }
    }
    let missing: Vec<_> = LABELS.iter().filter(|(l, _)| !present.contains(&format!("{PREFIX}{l}"))).collect();
    if missing.is_empty() {
        return;
    }
    let stage = &m.stages[last];
    let Some(from) = df.instructions.get(stage.from) else { return };
    let names: Vec<&str> = missing.iter().map(|(l, _)| *l).collect();
    let image = match cx.built_stage_name(last).as_str() {
        "the final stage" => "the final image".to_string(),
        named => format!("the image of {named}"),
    };
    let message = format!(
        "{image} has no `{PREFIX}{{{}}}` label{}: registries and scanners cannot tell its version, \
         commit, build date or source",
        names.join(","),
        if names.len() == 1 { "" } else { "s" }
    );

    // After the last RUN of the final stage (so no RUN's cache depends on the new ARGs)
    // or after the FROM, and after any ARG lines right there.
    let end = stage.instructions.end.min(df.instructions.len());
    let mut anchor = (stage.from + 1..end).rev().find(|&i| df.instructions[i].kind == Kind::Run).unwrap_or(stage.from);
    while anchor + 1 < end && df.instructions[anchor + 1].kind == Kind::Arg {
        anchor += 1;
    }
    let anchor_inst = &df.instructions[anchor];
    let src = &df.source;
    let eol = LineEnding::detect(src).as_str();
    let line_start = src.get(..anchor_inst.range.start).unwrap_or("").rfind('\n').map_or(0, |i| i + 1);
    let indent: String =
        src.get(line_start..anchor_inst.range.start).unwrap_or("").chars().take_while(|c| c.is_whitespace()).collect();
    let rest = src.get(anchor_inst.range.end..).unwrap_or("");
    let (at, needs_eol) = if rest.starts_with("\r\n") {
        (anchor_inst.range.end + 2, false)
    } else if rest.starts_with('\n') {
        (anchor_inst.range.end + 1, false)
    } else {
        (anchor_inst.range.end, true)
    };

    // ARGs in scope at the insertion point: inherited, or declared in the stage before it.
    let mut declared = HashSet::new();
    for &s in &chain[1..] {
        for inst in in_chain(s).iter().filter(|i| i.kind == Kind::Arg) {
            declared.extend(inst.key_values(df.escape).into_iter().map(|kv| kv.key));
        }
    }
    for inst in df.instructions[stage.from + 1..=anchor].iter().filter(|i| i.kind == Kind::Arg) {
        declared.extend(inst.key_values(df.escape).into_iter().map(|kv| kv.key));
    }

    let mut text = String::new();
    if needs_eol {
        text.push_str(eol);
    }
    for (_, arg) in &missing {
        let Some((name, default)) = arg else { continue };
        if declared.contains(*name) {
            continue;
        }
        // A global ARG of that name: declare it bare so its default applies.
        if m.global_args.iter().any(|g| g.name == *name) {
            text.push_str(&format!("{indent}ARG {name}{eol}"));
        } else {
            text.push_str(&format!("{indent}ARG {name}={default}{eol}"));
        }
    }
    let stage_name = stage.name.as_deref();
    let items: Vec<String> = missing
        .iter()
        .map(|(label, arg)| match arg {
            Some((name, _)) => format!("{PREFIX}{label}=\"${{{name}}}\""),
            None => format!("{PREFIX}{label}=\"{}\"", title(cx.path, stage_name)),
        })
        .collect();
    let join = format!(" {}{eol}{indent}      ", df.escape);
    text.push_str(&format!("{indent}LABEL {}{eol}", items.join(&join)));

    out.report(from.keyword_range.clone(), message).with_fix(Fix {
        title: format!("Add the missing OCI label{} fed by build arguments", if names.len() == 1 { "" } else { "s" }),
        applicability: Applicability::Safe,
        edits: vec![Edit::insert(at, text)],
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{check_dockerfile_at, Settings};
    use crate::rules::test_util::{findings, fixed, spans};
    use crate::syntax::dockerfile::parse;

    const R: &str = "missing-oci-labels";

    fn clean_after_fix(text: &str) {
        assert!(parse(text).errors.is_empty(), "{text}");
        assert!(spans(R, text).is_empty(), "{text}");
        assert!(spans("undefined-variable", text).is_empty(), "{text}");
    }

    #[test]
    fn the_label_block_goes_to_the_stage_compose_builds() {
        let files = [
            ("/p/compose.yaml", "services:\n  api:\n    build:\n      context: .\n      target: api\n"),
            ("/p/Dockerfile", "FROM golang:1.23 AS build\nRUN go build -o /app .\nFROM debian:12-slim AS api\nCOPY --from=build /app /app\nFROM debian:12-slim AS debug\nCOPY --from=build /app /app\n"),
        ];
        let found = crate::rules::test_util::project_file_findings(R, &files, "/p/Dockerfile");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].1.starts_with("the image of the `api` stage (the target Compose builds) has no"),
            "{}",
            found[0].1
        );
    }

    #[test]
    fn reports_missing_labels_on_the_final_from() {
        let f = findings(R, "FROM rust:1.79 AS build\nFROM debian:12-slim\nLABEL org.opencontainers.image.title=x\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "FROM");
        assert!(f[0].1.contains("{version,revision,created,source}"), "{}", f[0].1);
        // Labels of the build stage do not count for a final stage based on another image.
        let t = "FROM alpine:3 AS a\nLABEL org.opencontainers.image.version=1\nFROM debian:12\n";
        assert!(findings(R, t)[0].1.contains("version"));
    }

    #[test]
    fn inherited_and_complete_labels_are_fine() {
        let t =
            "FROM alpine:3 AS base\nLABEL org.opencontainers.image.title=a org.opencontainers.image.version=1 \\\n  \
                 org.opencontainers.image.revision=r org.opencontainers.image.created=c\nFROM base\n\
                 LABEL \"org.opencontainers.image.source\"=s\n";
        assert!(spans(R, t).is_empty());
    }

    #[test]
    fn fix_after_the_last_run() {
        let t = "FROM rust:1.79 AS build\nRUN cargo build\nFROM debian:12-slim\nRUN apt-get update\n\
                 COPY --from=build /a /a\nUSER 10001\nCMD [\"/a\"]\n";
        let (out, app) = fixed(R, t);
        assert_eq!(app, Applicability::Safe);
        assert_eq!(
            out,
            "FROM rust:1.79 AS build\nRUN cargo build\nFROM debian:12-slim\nRUN apt-get update\n\
             ARG VERSION=dev\nARG REVISION=unknown\nARG CREATED=unknown\nARG SOURCE=\n\
             LABEL org.opencontainers.image.title=\"app\" \\\n      \
             org.opencontainers.image.version=\"${VERSION}\" \\\n      \
             org.opencontainers.image.revision=\"${REVISION}\" \\\n      \
             org.opencontainers.image.created=\"${CREATED}\" \\\n      \
             org.opencontainers.image.source=\"${SOURCE}\"\n\
             COPY --from=build /a /a\nUSER 10001\nCMD [\"/a\"]\n"
        );
        clean_after_fix(&out);
    }

    #[test]
    fn fix_after_from_and_its_args_keeping_crlf() {
        let t = "FROM nginx:1.27-alpine AS web\r\nARG VERSION\r\nARG X=1\r\nCOPY dist /usr/share/nginx/html\r\n";
        let (out, _) = fixed(R, t);
        assert_eq!(
            out,
            "FROM nginx:1.27-alpine AS web\r\nARG VERSION\r\nARG X=1\r\n\
             ARG REVISION=unknown\r\nARG CREATED=unknown\r\nARG SOURCE=\r\n\
             LABEL org.opencontainers.image.title=\"web\" \\\r\n      \
             org.opencontainers.image.version=\"${VERSION}\" \\\r\n      \
             org.opencontainers.image.revision=\"${REVISION}\" \\\r\n      \
             org.opencontainers.image.created=\"${CREATED}\" \\\r\n      \
             org.opencontainers.image.source=\"${SOURCE}\"\r\n\
             COPY dist /usr/share/nginx/html\r\n"
        );
        clean_after_fix(&out);
    }

    #[test]
    fn fix_only_missing_with_global_args_and_no_final_newline() {
        let t = "ARG VERSION=1.2.3\nFROM scratch\nLABEL org.opencontainers.image.title=t org.opencontainers.image.source=s\n\
                 COPY app /app";
        let (out, _) = fixed(R, t);
        assert_eq!(
            out,
            "ARG VERSION=1.2.3\nFROM scratch\n\
             ARG VERSION\nARG REVISION=unknown\nARG CREATED=unknown\n\
             LABEL org.opencontainers.image.version=\"${VERSION}\" \\\n      \
             org.opencontainers.image.revision=\"${REVISION}\" \\\n      \
             org.opencontainers.image.created=\"${CREATED}\"\n\
             LABEL org.opencontainers.image.title=t org.opencontainers.image.source=s\nCOPY app /app"
        );
        clean_after_fix(&out);
        // A FROM at the very end of the file without a newline.
        let (out, _) = fixed(R, "FROM scratch");
        assert!(out.starts_with("FROM scratch\nARG VERSION=dev\n"), "{out}");
        clean_after_fix(&out);
    }

    #[test]
    fn fix_after_a_heredoc_run() {
        let t = "FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\nCMD [\"sh\"]\n";
        let (out, _) = fixed(R, t);
        assert!(out.starts_with("FROM alpine:3.20\nRUN <<EOF\napk add curl\nEOF\nARG VERSION=dev\n"), "{out}");
        assert!(out.ends_with("\"${SOURCE}\"\nCMD [\"sh\"]\n"), "{out}");
        clean_after_fix(&out);
    }

    #[test]
    fn escape_directive_continuations() {
        let (out, _) = fixed(R, "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\n");
        assert!(out.contains("LABEL org.opencontainers.image.title=\"app\" `\n      org."), "{out}");
        clean_after_fix(&out);
    }

    #[test]
    fn title_from_the_file_name() {
        assert_eq!(title(Some(Path::new("infrastructure/docker/Dockerfile.backend")), None), "backend");
        assert_eq!(title(Some(Path::new("backend/Dockerfile")), Some("runtime")), "backend");
        assert_eq!(title(Some(Path::new("/src/api.Dockerfile")), None), "api");
        assert_eq!(title(Some(Path::new("docker/Dockerfile")), Some("worker")), "worker");
        assert_eq!(title(Some(Path::new("Dockerfile")), Some("runtime")), "app");
        assert_eq!(title(Some(Path::new(".devcontainer/Dockerfile")), None), "app");
        assert_eq!(title(None, Some("we\"b")), "web");
        let settings = Settings { select: Some(vec![R.to_string()]), ..Default::default() };
        let d = check_dockerfile_at(Some(Path::new("frontend/Dockerfile")), "FROM scratch\n", &settings);
        let text = &d[0].fix.as_ref().unwrap().edits[0].new_text;
        assert!(text.contains("title=\"frontend\""), "{text}");
    }
}
