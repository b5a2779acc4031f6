use std::collections::{HashMap, HashSet};

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::Base;
use crate::syntax::dockerfile::vars::VarModifier;
use crate::syntax::dockerfile::{Dockerfile, Instruction, KeyValue, Kind, VarUse};
use crate::text::LineIndex;
use crate::util::{did_you_mean, edit_distance};

pub struct UndefinedVariable;

static META: RuleMeta = RuleMeta {
    id: "undefined-variable",
    summary: "A `$VAR` the builder expands is not declared by ARG or ENV in scope",
    category: Category::Arguments,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &[],
    buildkit: &["UndefinedVar", "UndefinedArgInFrom"],
    docs: r#"# undefined-variable

## What it finds
A `$VAR` or `${VAR}` that the builder substitutes (in `FROM`, `COPY`, `ADD`, `ENV`, `ARG`,
`LABEL`, `WORKDIR`, `USER`, `EXPOSE`, `VOLUME`, `STOPSIGNAL`) while no `ARG` or `ENV`
declares it at that point. The scope rules are BuildKit's:

- `ARG`s before the first `FROM` are usable in `FROM` lines only; a stage must re-declare
  one (`ARG NAME`) to use it.
- An `ARG` or `ENV` counts from the instruction after it. Items of one `ARG` see the ones
  before them (`ARG A=1 B=$A` works), but an `ENV` expands all its values before setting
  any: in `ENV A=1 B=$A`, `$A` is the value from *before* the instruction (that case is
  `env-self-reference`'s finding, not reported twice).
- A stage built `FROM` an earlier stage inherits that stage's `ENV` and `ARG`s.

Never reported: variables in `RUN`, `CMD` and `ENTRYPOINT` (the shell expands them when the
container runs), the predefined build arguments (`TARGETPLATFORM`, `TARGETARCH`,
`BUILDPLATFORM`, the `*_PROXY` family, `BUILDKIT_*`, …), well-known environment
variables (`PATH`, `HOME`, `HOSTNAME`, …) and references that handle an unset value
(`${A:-default}`, `${A-default}`, `${A:+x}`, `${A+x}`, `${A:?message}`).

A base image may set environment variables of its own, which a Dockerfile cannot show. So
a plain undeclared name is only reported in stages built on `scratch` or on an official
image whose environment shipshape knows (`node`, `golang`, `rust`, `python`,
`eclipse-temurin`, `openjdk`, `maven`, `gradle`, `nginx`, `postgres`, `php`, `ruby`,
`mcr.microsoft.com/dotnet/*`, `alpine`, `debian`, `ubuntu`, `busybox`). Whatever the base,
it is reported when the name is a near miss of a declared one (a typo), when it is declared
only later in the stage, when it is a global `ARG` the stage did not re-declare, or in a
`FROM` line.

## Why
An undefined variable silently expands to an empty string: `COPY app-$VERSION.jar /app/`
copies `app-.jar`, `LABEL version=$VERSION` records nothing, `FROM node:${NODE_VERION}`
pulls `node:` and fails. The global-`ARG` case is the classic one: the value is set, the
build runs, and the stage sees nothing.

## Example
```dockerfile
ARG VERSION=1.4.2
FROM alpine:3.20
# empty: VERSION is not in this stage
LABEL org.opencontainers.image.version=$VERSION
```

## Fix
Declare the variable where it is used (`ARG VERSION` right after the `FROM` picks up the
global default), fix the spelling, or give the reference a default (`${VERSION:-dev}`).

## Silence
`# shipshape ignore=undefined-variable` on the line above, or `ignore = ["undefined-variable"]`
in `.shipshape.toml`. BuildKit's `# check=skip=UndefinedVar` and `UndefinedArgInFrom` are
honoured.
"#,
};

/// BuildKit's automatic platform arguments (`defaultArgs`), usable without declaration.
const PLATFORM_ARGS: &[&str] = &[
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
];

/// Build arguments Docker predefines (proxies, in both cases) and `SOURCE_DATE_EPOCH`.
const PREDEFINED_ARGS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "FTP_PROXY",
    "ftp_proxy",
    "NO_PROXY",
    "no_proxy",
    "ALL_PROXY",
    "all_proxy",
    "SOURCE_DATE_EPOCH",
];

/// Environment that every container has, or that images conventionally set.
const WELL_KNOWN_ENV: &[&str] = &[
    "PATH", "HOME", "HOSTNAME", "USER", "PWD", "OLDPWD", "SHELL", "TERM", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE",
    "TMPDIR", "TZ",
];

/// Defined whatever the file says.
fn always_defined(name: &str) -> bool {
    PLATFORM_ARGS.contains(&name)
        || PREDEFINED_ARGS.contains(&name)
        || WELL_KNOWN_ENV.contains(&name)
        || name.starts_with("BUILDKIT_")
}

/// What a stage has in scope at some point.
#[derive(Clone, Default)]
struct Scope {
    defined: HashSet<String>,
    /// Is the environment inherited from the base image fully known?
    env_known: bool,
}

fn handles_unset(v: &VarUse) -> bool {
    matches!(
        v.modifier,
        Some(VarModifier::Default { .. } | VarModifier::Alternate { .. } | VarModifier::Required { .. })
    )
}

/// The closest candidate within two edits (or differing only in case).
fn near_miss<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str> + Clone) -> Option<&'a str> {
    if let Some(c) = candidates.clone().into_iter().find(|c| *c != name && c.eq_ignore_ascii_case(name)) {
        return Some(c);
    }
    did_you_mean(name, candidates.into_iter().filter(|c| *c != name)).filter(|c| edit_distance(name, c) <= 2)
}

struct Checker<'a> {
    df: &'a Dockerfile,
    lines: LineIndex,
    global: Vec<String>,
}

/// Where a reference sits, for the checks that depend on it.
struct Site<'a> {
    /// Index of the instruction.
    index: usize,
    /// The other keys of the ENV being expanded (it cannot see them).
    same_env: &'a [String],
    /// The ENV key whose value holds the reference (`ENV P=$P:/x`).
    own_key: Option<&'a str>,
}

/// A name's first ARG/ENV declaration in a stage: instruction index, keyword, key offset.
type FirstDecl = HashMap<String, (usize, Kind, usize)>;

/// `$5`, `$@`, `$$`: shell parameters the builder has no value for.
fn is_identifier(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
}

impl Checker<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.lines.line_of(offset) + 1
    }

    fn check_in_stage(&self, v: &VarUse, scope: &Scope, site: &Site, first: &FirstDecl, out: &mut Findings) {
        // A name set earlier on the same ENV is env-self-reference's finding: one per problem.
        if handles_unset(v)
            || always_defined(&v.name)
            || scope.defined.contains(&v.name)
            || site.same_env.contains(&v.name)
        {
            return;
        }
        let name = &v.name;
        let message = if !is_identifier(name) {
            format!(
                "`${name}` is a shell parameter the builder has no value for, so it expands to an empty string; \
                 write `\\$` for a literal dollar"
            )
        } else if let Some(&(_, kind, at)) = first.get(name).filter(|(i, _, _)| *i > site.index) {
            format!(
                "`{name}` is used before its `{} {name}` on line {}, so it expands to an empty string here",
                kind.name(),
                self.line_of(at)
            )
        } else if self.global.iter().any(|g| g == name) {
            format!(
                "`{name}` is declared before the first FROM, which makes it usable only in FROM lines; \
                 add `ARG {name}` in this stage to use it here"
            )
        } else if let Some(s) =
            near_miss(name, scope.defined.iter().map(String::as_str).chain(PLATFORM_ARGS.iter().copied()))
        {
            format!("`{name}` is not declared in this stage (did you mean `{s}`?), so it expands to an empty string")
        } else if !scope.env_known {
            return;
        } else if site.own_key == Some(name.as_str()) {
            format!(
                "`{name}` is not set before this ENV, so `${name}` expands to an empty string (an empty entry in a \
                 search path means the current directory); append with `${{{name}:+:${name}}}` instead"
            )
        } else {
            format!(
                "`{name}` is not declared by ARG or ENV in this stage or its base, so it expands to an empty string"
            )
        };
        out.report(v.range.clone(), message);
    }

    fn check_from(&self, inst: &Instruction, stage_args: &HashSet<String>, out: &mut Findings) {
        for v in inst.variables(self.df.escape) {
            if handles_unset(&v) || always_defined(&v.name) || self.global.contains(&v.name) {
                continue;
            }
            let name = &v.name;
            let candidates = self.global.iter().map(String::as_str).chain(PLATFORM_ARGS.iter().copied());
            let mut message = format!("`{name}` is not declared by an ARG before the first FROM");
            if let Some(s) = near_miss(name, candidates) {
                message.push_str(&format!(" (did you mean `{s}`?)"));
            } else if stage_args.contains(name) {
                message.push_str(" (an ARG inside a stage does not apply to FROM lines)");
            }
            message.push_str(", so it expands to an empty string in this FROM line");
            out.report(v.range.clone(), message);
        }
    }
}

fn inside(kv: &KeyValue) -> impl Fn(&&VarUse) -> bool + '_ {
    move |v| kv.range.start <= v.range.start && v.range.end <= kv.range.end
}

impl Rule for UndefinedVariable {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let m = cx.model;
        let esc = df.escape;
        let first_from = m.stages.first().map_or(df.instructions.len(), |s| s.from);
        let mut ck = Checker { df, lines: LineIndex::new(&df.source), global: Vec::new() };

        // Global ARGs: sequential, nothing but earlier global ARGs and predefined ones in scope.
        for inst in df.instructions[..first_from].iter().filter(|i| i.kind == Kind::Arg) {
            let vars = inst.variables(esc);
            for kv in inst.key_values(esc) {
                for v in vars.iter().filter(inside(&kv)) {
                    if handles_unset(v) || always_defined(&v.name) || ck.global.contains(&v.name) {
                        continue;
                    }
                    let mut message = format!("`{}` is not declared by an earlier ARG", v.name);
                    if let Some(s) = near_miss(&v.name, ck.global.iter().map(String::as_str)) {
                        message.push_str(&format!(" (did you mean `{s}`?)"));
                    }
                    message.push_str(", so it expands to an empty string");
                    out.report(v.range.clone(), message);
                }
                ck.global.push(kv.key);
            }
        }

        // Every name an ARG declares inside a stage, for the FROM-line hint.
        let stage_args: HashSet<String> = df.instructions[first_from..]
            .iter()
            .filter(|i| i.kind == Kind::Arg)
            .flat_map(|i| i.key_values(esc).into_iter().map(|kv| kv.key))
            .collect();

        let mut scopes: Vec<Scope> = Vec::with_capacity(m.stages.len());
        for stage in &m.stages {
            let Some(from) = df.instructions.get(stage.from) else { break };
            ck.check_from(from, &stage_args, out);
            let mut scope = match &stage.base {
                Base::Stage(p) => scopes.get(*p).cloned().unwrap_or_default(),
                Base::Scratch => Scope { defined: HashSet::new(), env_known: true },
                Base::Image { resolved: Some(r), .. } => match crate::model::well_known::image_env(r) {
                    Some(env) => Scope { defined: env.iter().map(|s| s.to_string()).collect(), env_known: true },
                    None => Scope::default(),
                },
                _ => Scope::default(),
            };
            let end = stage.instructions.end.min(df.instructions.len());
            let body = stage.from + 1..end;
            // Parsed once per instruction: (index, kind, key/values).
            let decls: Vec<(usize, Kind, Vec<KeyValue>)> = body
                .clone()
                .filter(|&i| matches!(df.instructions[i].kind, Kind::Arg | Kind::Env))
                .map(|i| (i, df.instructions[i].kind, df.instructions[i].key_values(esc)))
                .collect();
            let mut first = FirstDecl::new();
            for (i, kind, kvs) in &decls {
                for kv in kvs {
                    first.entry(kv.key.clone()).or_insert((*i, *kind, kv.key_range.start));
                }
            }
            let mut decls = decls.into_iter().peekable();
            for i in body {
                let inst = &df.instructions[i];
                let kvs = match decls.peek() {
                    Some((j, _, _)) if *j == i => decls.next().map(|d| d.2).unwrap_or_default(),
                    _ => Vec::new(),
                };
                let plain = Site { index: i, same_env: &[], own_key: None };
                match inst.kind {
                    Kind::Arg => {
                        // Each item sees the ones before it.
                        let vars = inst.variables(esc);
                        for kv in kvs {
                            for v in vars.iter().filter(inside(&kv)) {
                                ck.check_in_stage(v, &scope, &plain, &first, out);
                            }
                            scope.defined.insert(kv.key);
                        }
                    }
                    Kind::Env => {
                        // All values are expanded with the environment from before the instruction.
                        let vars = inst.variables(esc);
                        for kv in &kvs {
                            let others: Vec<String> =
                                kvs.iter().filter(|o| o.key != kv.key).map(|o| o.key.clone()).collect();
                            let site = Site { index: i, same_env: &others, own_key: Some(&kv.key) };
                            for v in vars.iter().filter(inside(kv)) {
                                ck.check_in_stage(v, &scope, &site, &first, out);
                            }
                        }
                        scope.defined.extend(kvs.into_iter().map(|kv| kv.key));
                    }
                    k if k.builder_expands_vars() => {
                        for v in inst.variables(esc) {
                            ck.check_in_stage(&v, &scope, &plain, &first, out);
                        }
                    }
                    _ => {}
                }
            }
            scopes.push(scope);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const R: &str = "undefined-variable";

    #[test]
    fn global_arg_needs_redeclaring_in_the_stage() {
        let f = findings(R, "ARG VERSION=1.0\nFROM alpine:3.20\nLABEL version=$VERSION\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "$VERSION");
        assert!(f[0].1.contains("add `ARG VERSION`"), "{}", f[0].1);
        // Even on an unknown base image: the global ARG is the likely intent.
        assert_eq!(spans(R, "ARG V=1\nFROM myorg/base:1\nCOPY app-${V}.jar /app/\n"), ["${V}"]);
        assert!(spans(R, "ARG VERSION=1.0\nFROM alpine:3.20\nARG VERSION\nLABEL version=$VERSION\n").is_empty());
    }

    #[test]
    fn from_lines_use_global_args_only() {
        assert!(spans(R, "ARG BASE=alpine:3.20\nFROM $BASE\n").is_empty());
        assert_eq!(spans(R, "FROM node:${NODE_VERSION}-alpine\n"), ["${NODE_VERSION}"]);
        let f = findings(R, "ARG NODE_VERSION=20\nFROM node:${NODE_VERION}-alpine\n");
        assert!(f[0].1.contains("did you mean `NODE_VERSION`?"), "{}", f[0].1);
        let f = findings(R, "FROM alpine:3.20 AS a\nARG TAG=1\nFROM node:$TAG\n");
        assert!(f[0].1.contains("inside a stage"), "{}", f[0].1);
        // Predefined platform args and defaults.
        assert!(spans(R, "FROM --platform=$BUILDPLATFORM golang:1.22 AS b\nFROM ${BASE:-alpine:3.20}\n").is_empty());
    }

    #[test]
    fn arg_and_env_count_from_the_next_instruction() {
        let t = "FROM scratch\nCOPY app-$V /app\nARG V=1\n";
        let f = findings(R, t);
        assert_eq!(f[0].0, "$V");
        assert!(f[0].1.contains("before its `ARG V` on line 3"), "{}", f[0].1);
        // Items of one ARG see the earlier ones; ENV values do not see their own instruction.
        assert!(spans(R, "FROM scratch\nARG A=1 B=$A\n").is_empty());
        // `ENV A=1 B=$A` is env-self-reference's (one finding per problem).
        assert!(spans(R, "FROM scratch\nENV A=1 B=$A\n").is_empty());
        assert_eq!(crate::rules::test_util::spans("env-self-reference", "FROM scratch\nENV A=1 B=$A\n").len(), 1);
        // Set before: the earlier value is used, which is defined.
        assert!(spans(R, "FROM scratch\nENV A=0\nENV A=1 B=$A\n").is_empty());
        // A value that refers to its own, unset key is a plain undefined variable.
        let f = findings(R, "FROM scratch\nENV LIBS=$LIBS:/opt/lib\n");
        assert!(f[0].1.contains("`${LIBS:+:$LIBS}`"), "{}", f[0].1);
    }

    #[test]
    fn stages_inherit_env_and_args_from_their_parent() {
        let t = "FROM scratch AS base\nENV APP=/app\nARG V=1\nFROM base AS x\nWORKDIR $APP\nLABEL v=$V\n";
        assert!(spans(R, t).is_empty());
        // But not from an unrelated stage.
        let t = "FROM scratch AS base\nENV APP=/app\nFROM scratch\nWORKDIR $APP\n";
        assert_eq!(spans(R, t), ["$APP"]);
    }

    #[test]
    fn unknown_base_env_only_reports_typos() {
        // The base image may set FOO.
        assert!(spans(R, "FROM myorg/base:1.0\nCOPY $FOO /x\n").is_empty());
        let f = findings(R, "FROM myorg/base:1.0\nENV APP_HOME=/srv\nWORKDIR $APP_HOM\n");
        assert_eq!(f[0].0, "$APP_HOM");
        assert!(f[0].1.contains("did you mean `APP_HOME`?"), "{}", f[0].1);
        // Known official images: their ENV is defined, others are not.
        assert!(spans(R, "FROM node:20-alpine\nLABEL node=$NODE_VERSION\n").is_empty());
        assert!(spans(R, "FROM golang:1.22\nWORKDIR $GOPATH/src\n").is_empty());
        assert!(spans(R, "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nUSER $APP_UID\n").is_empty());
        assert_eq!(spans(R, "FROM alpine:3.20\nCOPY $FOO /x\n"), ["$FOO"]);
        assert_eq!(spans(R, "ARG B=python:3.12-slim\nFROM $B\nWORKDIR ${APPDIR}\n"), ["${APPDIR}"]);
    }

    #[test]
    fn negatives() {
        // Shell-expanded instructions.
        assert!(spans(R, "FROM scratch\nRUN echo $FOO\nCMD echo $BAR\nENTRYPOINT exec $BAZ\n").is_empty());
        // Well-known and predefined.
        let t = "FROM scratch\nENV PATH=$PATH:/opt/bin\nWORKDIR $HOME\nLABEL p=$TARGETPLATFORM a=$TARGETARCH \
                 x=$HTTP_PROXY y=$no_proxy z=$BUILDKIT_SYNTAX\n";
        assert!(spans(R, t).is_empty());
        // Modifiers that handle unset.
        let t = "FROM scratch\nLABEL a=${A:-x} b=${B-x} c=${C:+x} d=${D+x} e=${E?need} f=${F:?need}\n";
        assert!(spans(R, t).is_empty());
        // Quoted and escaped dollars are literal.
        assert!(spans(R, "FROM scratch\nLABEL a='$A' b=\\$B\n").is_empty());
        // ONBUILD runs in a later build.
        assert!(spans(R, "FROM scratch\nONBUILD COPY $SRC /x\n").is_empty());
    }

    #[test]
    fn shell_parameters() {
        let f = findings(R, "FROM myorg/base:1\nLABEL price=\"costs $5\"\n");
        assert_eq!(f[0].0, "$5");
        assert!(f[0].1.contains("literal dollar"), "{}", f[0].1);
    }

    #[test]
    fn nested_default_is_checked() {
        assert_eq!(spans(R, "FROM scratch\nLABEL a=${A:-$B}\n"), ["$B"]);
    }

    #[test]
    fn global_arg_defaults_see_earlier_global_args() {
        assert!(spans(R, "ARG A=1\nARG B=${A}-x\nFROM scratch\n").is_empty());
        assert_eq!(spans(R, "ARG B=${A}-x\nARG A=1\nFROM scratch\n"), ["${A}"]);
    }

    #[test]
    fn clean_real_world_files() {
        let t = r#"# syntax=docker/dockerfile:1
ARG RUST_VERSION=1.79.0
FROM --platform=$BUILDPLATFORM rust:${RUST_VERSION}-slim-bookworm AS build
ARG TARGETARCH
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/usr/local/cargo/registry cargo build --release
FROM gcr.io/distroless/cc-debian12:nonroot
ARG VERSION=dev
LABEL org.opencontainers.image.version="${VERSION}"
COPY --from=build /src/target/release/app /usr/local/bin/app
ENV RUST_LOG=info
ENTRYPOINT ["/usr/local/bin/app"]
"#;
        assert!(spans(R, t).is_empty());
        let t = r#"FROM node:20-alpine AS build
WORKDIR /app
ENV NODE_ENV=production
ARG VITE_API_URL=/api
ENV VITE_API_URL=${VITE_API_URL}
COPY package*.json ./
RUN npm ci
COPY . .
RUN npm run build
FROM nginx:1.27-alpine
COPY --from=build /app/dist /usr/share/nginx/html
LABEL nginx=$NGINX_VERSION
"#;
        assert!(spans(R, t).is_empty());
        let t = "FROM python:3.12-slim\nENV PYTHONUNBUFFERED=1 \\\n    PIP_NO_CACHE_DIR=1\nWORKDIR /app\nENV PATH=\"/app/.venv/bin:$PATH\"\nLABEL py=$PYTHON_VERSION\n";
        assert!(spans(R, t).is_empty());
    }

    #[test]
    fn escape_directive() {
        let t = "# escape=`\nFROM scratch\nWORKDIR C:\\$FOO\nLABEL a=`$B\n";
        assert_eq!(spans(R, t), ["$FOO"]);
    }

    #[test]
    fn half_typed_input_does_not_panic() {
        for t in
            ["FROM", "FROM $", "FROM ${", "ARG", "ARG =", "FROM scratch\nENV", "FROM scratch\nENV A=${", "ENV A=$B\n"]
        {
            let _ = spans(R, t);
        }
    }
}
