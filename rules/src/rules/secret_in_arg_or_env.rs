use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{Dockerfile, Instruction, KeyValue, Kind};

pub struct SecretInArgOrEnv;

static META: RuleMeta = RuleMeta {
    id: "secret-in-arg-or-env",
    summary: "A secret is passed through ARG or ENV, where it is stored in the image",
    category: Category::Arguments,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Manual,
    hadolint: &["DL3064"],
    buildkit: &["SecretsUsedInArgOrEnv"],
    docs: r#"# secret-in-arg-or-env

## What it finds
`ARG` and `ENV` instructions whose name looks like a secret, and `ARG`/`ENV` values that look
like one whatever their name.

Names are split into words at `_`, `-` and `.` and match when a word is `apikey`, `auth`,
`credential(s)`, `key`, `password`, `pword`, `passwd`, `secret` or `token` (BuildKit's list:
`NPM_TOKEN`, `DB_PASSWORD`, `SECRET_KEY_BASE`). Names that carry something public or a
reference to the secret rather than the secret are not reported: a word such as `public`,
`file`, `path`, `dir`, `url`, `version`, `gpg`, `type`, `method` or `enabled`
(`NEXT_PUBLIC_API_KEY`, `POSTGRES_PASSWORD_FILE`, `GPG_KEY`, `POSTGRES_HOST_AUTH_METHOD`),
variables that frontend tool chains bundle into the client on purpose (`VITE_*`,
`REACT_APP_*`), an `ENV` with an empty value (nothing is stored), and values that are a
path, a boolean or a number.

Values are reported when they look like an AWS access key id (`AKIA…`), a GitHub token
(`ghp_…`, `github_pat_…`), a Slack token (`xoxb-…`), a private key
(`-----BEGIN … PRIVATE KEY-----`) or a JSON Web Token (`eyJ….eyJ….…`).

## Why
An `ENV` value is part of the image configuration: anyone who can pull the image reads it
with `docker inspect`. A build argument is recorded in the image history of every `RUN`
that sees it (`docker history --no-trunc`) and in provenance attestations. A secret that
reached an image must be considered leaked and rotated.

## Example
```dockerfile
FROM node:20-alpine
ARG NPM_TOKEN
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```

## Fix
Pass the secret as a build secret, mounted only for the `RUN` that needs it:
```dockerfile
RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN \
    echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci
```
and build with `docker build --secret id=npm_token,env=NPM_TOKEN .` (the `env=` mount option
needs Dockerfile syntax 1.10 or later; `target=/run/secrets/…` works everywhere). When an
`ARG` is only used by `RUN` lines of its stage, shipshape offers this rewrite as a manual
fix: it removes the `ARG` and adds the mount to those `RUN`s. Runtime secrets belong in the
container's environment or a secrets manager, not in `ENV`.

## Silence
`# shipshape ignore=secret-in-arg-or-env` on the line above, or
`ignore = ["secret-in-arg-or-env"]` in `.shipshape.toml`. hadolint's `DL3064` and BuildKit's
`# check=skip=SecretsUsedInArgOrEnv` are honoured.
"#,
};

/// BuildKit's secret words (`getSecretsRegex`).
const SECRET_WORDS: &[&str] =
    &["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret", "token"];

/// Words that make a secret-looking name refer to something public or to where the secret
/// is, not to the secret (BuildKit allows `public`; the rest are common false positives).
const ALLOW_WORDS: &[&str] = &[
    "public",
    "pub",
    "file",
    "path",
    "dir",
    "url",
    "uri",
    "endpoint",
    "host",
    "port",
    "version",
    "name",
    "gpg",
    "pgp",
    "fingerprint",
    "apt",
    "cache",
    "type",
    "method",
    "mode",
    "provider",
    "enabled",
    "enable",
    "disabled",
    "disable",
    "sock",
    "socket",
    "length",
    "size",
];

/// Prefixes of variables that build tools inline into the client bundle by design.
const CLIENT_PREFIXES: &[&str] = &["VITE_", "REACT_APP_", "NEXT_PUBLIC_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "PUBLIC_"];

fn is_secret_name(name: &str) -> bool {
    if CLIENT_PREFIXES
        .iter()
        .any(|p| name.len() > p.len() && name.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
    {
        return false;
    }
    let words: Vec<String> =
        name.split(['_', '-', '.']).filter(|w| !w.is_empty()).map(|w| w.to_ascii_lowercase()).collect();
    words.iter().any(|w| SECRET_WORDS.contains(&w.as_str())) && !words.iter().any(|w| ALLOW_WORDS.contains(&w.as_str()))
}

/// A value that cannot hold a secret: a path, a boolean, a number.
fn harmless_value(value: &str) -> bool {
    let v = value.trim();
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("~/")
        || ["true", "false", "yes", "no", "on", "off", "none", "null"].iter().any(|b| v.eq_ignore_ascii_case(b))
        || (!v.is_empty() && v.chars().all(|c| c.is_ascii_digit()))
}

fn all_match(s: &str, f: impl Fn(char) -> bool) -> bool {
    s.chars().all(f)
}

/// What kind of secret a value looks like, if any.
fn secret_value_kind(value: &str) -> Option<&'static str> {
    let v = value.trim();
    let token_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    if v.contains("-----BEGIN") && v.contains("PRIVATE KEY") {
        return Some("a private key");
    }
    for (i, _) in v.match_indices("AKIA") {
        let id = v.get(i + 4..i + 20).unwrap_or("");
        let boundary = v[i + 4 + id.len()..].chars().next().is_none_or(|c| !c.is_ascii_alphanumeric());
        if id.len() == 16 && all_match(id, |c| c.is_ascii_uppercase() || c.is_ascii_digit()) && boundary {
            return Some("an AWS access key id");
        }
    }
    for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] {
        if let Some(rest) = v.strip_prefix(prefix) {
            if rest.len() >= 30 && all_match(rest, token_char) {
                return Some("a GitHub token");
            }
        }
    }
    if let Some(rest) = v.strip_prefix("github_pat_") {
        if rest.len() >= 22 && all_match(rest, token_char) {
            return Some("a GitHub token");
        }
    }
    if let Some(rest) = v.strip_prefix("xox") {
        let mut c = rest.chars();
        if matches!(c.next(), Some('b' | 'a' | 'p' | 'r' | 's'))
            && c.next() == Some('-')
            && rest.len() >= 12
            && all_match(&rest[2..], |c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Some("a Slack token");
        }
    }
    let parts: Vec<&str> = v.split('.').collect();
    let b64 = |s: &str| s.len() >= 10 && all_match(s, |c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if parts.len() == 3 && parts[0].starts_with("eyJ") && parts[1].starts_with("eyJ") && parts.iter().all(|p| b64(p)) {
        return Some("a JSON Web Token");
    }
    None
}

/// Does shell text mention `$name` / `${name…}`?
fn mentions_var(text: &str, name: &str) -> bool {
    let ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices('$').any(|(i, _)| {
        let rest = &text[i + 1..];
        let (rest, braced) = match rest.strip_prefix('{') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        rest.strip_prefix(name).is_some_and(|after| {
            let next = after.chars().next();
            if braced {
                next.is_some_and(|c| !ident(c))
            } else {
                next.is_none_or(|c| !ident(c))
            }
        })
    })
}

/// Text of a RUN where the shell expands variables: its command and heredoc bodies.
fn run_mentions(df: &Dockerfile, inst: &Instruction, name: &str) -> bool {
    mentions_var(inst.args_text(), name)
        || inst.heredocs.iter().any(|h| mentions_var(inst.heredoc_body(&df.source, h), name))
}

/// The range of an instruction's whole lines, with the line break after it.
fn whole_lines(source: &str, range: Range<usize>) -> Range<usize> {
    let start = source.get(..range.start).unwrap_or("").rfind('\n').map_or(0, |i| i + 1);
    let start = if source.get(start..range.start).unwrap_or("x").trim().is_empty() { start } else { range.start };
    let rest = source.get(range.end..).unwrap_or("");
    let end = if rest.starts_with("\r\n") {
        range.end + 2
    } else if rest.starts_with('\n') {
        range.end + 1
    } else {
        range.end
    };
    start..end
}

/// The secret-mount rewrite for `ARG name` at instruction `arg`, when only RUN lines of its
/// own stage use it.
fn mount_fix(cx: &DockerfileContext, arg: usize, name: &str) -> Option<Fix> {
    let df = cx.file;
    let m = cx.model;
    let inst = df.instructions.get(arg)?;
    if inst.key_values(df.escape).len() != 1 {
        return None;
    }
    let stage = m.stage_of(arg)?;
    let mut runs = Vec::new();
    for (i, other) in df.instructions.iter().enumerate() {
        if i == arg {
            continue;
        }
        let own = i > arg && m.stage_of(i) == Some(stage);
        let uses_in_builder = other.variables(df.escape).iter().any(|v| v.name == name);
        let uses_in_run = other.kind == Kind::Run && run_mentions(df, other, name);
        let uses_in_onbuild = other.onbuild.as_ref().is_some_and(|o| mentions_var(&o.line.text, name));
        // A use elsewhere (another stage may inherit the ARG, ONBUILD, a COPY…) would break.
        let descendant = m.stage_of(i).is_some_and(|s| s != stage && m.ancestry(s).contains(&stage));
        if own && uses_in_run && !uses_in_builder {
            runs.push(other);
        } else if (own || descendant) && (uses_in_builder || uses_in_run || uses_in_onbuild) {
            return None;
        }
    }
    if runs.is_empty() {
        return None;
    }
    let id = name.to_ascii_lowercase();
    let mut edits = vec![Edit::delete(whole_lines(&df.source, inst.range.clone()))];
    for run in runs {
        edits.push(Edit::insert(run.keyword_range.end, format!(" --mount=type=secret,id={id},env={name}")));
    }
    Some(Fix {
        title: format!(
            "Use a build secret instead of `ARG {name}` (build with `--secret id={id},env={name}`; \
             needs Dockerfile syntax 1.10+)"
        ),
        applicability: Applicability::Manual,
        edits,
    })
}

impl Rule for SecretInArgOrEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let first_from = cx.model.stages.first().map_or(df.instructions.len(), |s| s.from);
        for (i, inst) in df.instructions.iter().enumerate() {
            if !matches!(inst.kind, Kind::Arg | Kind::Env) {
                continue;
            }
            // Global ARGs only feed FROM lines; a stage that wants one re-declares it and is
            // reported there (as BuildKit does).
            let global = i < first_from;
            for kv in inst.key_values(df.escape) {
                report(cx, i, inst, &kv, global, out);
            }
        }
    }
}

fn report(cx: &DockerfileContext, i: usize, inst: &Instruction, kv: &KeyValue, global: bool, out: &mut Findings) {
    let kw = inst.kind.name();
    let value = kv.value.as_deref().unwrap_or("");
    // An ENV with an empty value stores nothing.
    let empty_env = inst.kind == Kind::Env && value.trim().is_empty();
    let name_flagged = !global && !empty_env && is_secret_name(&kv.key) && !harmless_value(value);
    if name_flagged {
        let why = if inst.kind == Kind::Env {
            "its value is stored in the image config, readable by anyone who can pull the image"
        } else {
            "build arguments are recorded in the image history of the RUN lines that see them"
        };
        let d = out.report(
            kv.key_range.clone(),
            format!("{kw} `{}` looks like a secret: {why}; use a secret mount (`RUN --mount=type=secret`)", kv.key),
        );
        if inst.kind == Kind::Arg {
            if let Some(fix) = mount_fix(cx, i, &kv.key) {
                d.with_fix(fix);
            }
        }
        return;
    }
    if let (Some(kind), Some(range)) = (secret_value_kind(value), kv.value_range.clone()) {
        out.report(
            range,
            format!(
                "the value of {kw} `{}` looks like {kind}, which would be stored in the image; \
                 pass it as a build secret and rotate it",
                kv.key
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{diagnostics, findings, fixed, spans};
    use crate::syntax::dockerfile::parse;

    const R: &str = "secret-in-arg-or-env";

    #[test]
    fn secret_names() {
        for n in
            ["NPM_TOKEN", "DB_PASSWORD", "SECRET_KEY_BASE", "api-key", "AUTH", "aws.secret", "GITHUB_TOKEN", "APIKEY"]
        {
            assert!(is_secret_name(n), "{n}");
        }
        for n in [
            "NEXT_PUBLIC_API_KEY",
            "POSTGRES_PASSWORD_FILE",
            "GPG_KEY",
            "PUBLIC_KEY",
            "POSTGRES_HOST_AUTH_METHOD",
            "APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE",
            "VITE_FIREBASE_API_KEY",
            "TOKENIZERS_PARALLELISM",
            "KEYCLOAK_VERSION",
            "MONKEY",
            "AUTHOR",
            "SSH_AUTH_SOCK",
            "SECRET_VERSION",
        ] {
            assert!(!is_secret_name(n), "{n}");
        }
        // Non-ASCII names do not panic.
        assert!(!is_secret_name("ÄÖÜ_ÉÈ_x"));
        assert!(is_secret_name("ÄÖÜ_token"));
    }

    #[test]
    fn reports_names_on_arg_and_env() {
        let f = findings(R, "FROM node:20\nARG NPM_TOKEN\nENV DB_PASSWORD=hunter2\n");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "NPM_TOKEN");
        assert!(f[0].1.contains("image history"), "{}", f[0].1);
        assert_eq!(f[1].0, "DB_PASSWORD");
        assert!(f[1].1.contains("image config"), "{}", f[1].1);
        // Legacy ENV form.
        assert_eq!(spans(R, "FROM alpine:3\nENV API_TOKEN abc def\n"), ["API_TOKEN"]);
    }

    #[test]
    fn negatives() {
        let t = "ARG GITHUB_TOKEN\nFROM alpine:3.20\nENV API_KEY=\nENV GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json\n\
                 ENV AUTH=false\nENV POSTGRES_PASSWORD_FILE=/run/secrets/pg\nARG NEXT_PUBLIC_STRIPE_KEY\n\
                 ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305\nENV NODE_ENV=production\n";
        assert!(spans(R, t).is_empty(), "{:?}", spans(R, t));
    }

    #[test]
    fn secret_values() {
        assert_eq!(secret_value_kind("AKIAIOSFODNN7EXAMPLE"), Some("an AWS access key id"));
        assert_eq!(secret_value_kind("ghp_0123456789abcdefghijklmnopqrstuvwxyz"), Some("a GitHub token"));
        assert_eq!(secret_value_kind("github_pat_11ABCDEFG0123456789_abcdefghijklmnop"), Some("a GitHub token"));
        assert_eq!(secret_value_kind("xoxb-123456789012-abcdefghijkl"), Some("a Slack token"));
        assert_eq!(secret_value_kind("-----BEGIN RSA PRIVATE KEY-----\\nMIIE"), Some("a private key"));
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";
        assert_eq!(secret_value_kind(jwt), Some("a JSON Web Token"));
        for v in ["AKIA", "ghp_x", "xoxb-", "eyJ.eyJ.x", "production", "/app", "AKIAIOSFODNN7EXAMPLEXX"] {
            assert_eq!(secret_value_kind(v), None, "{v}");
        }
        let f = findings(R, "FROM alpine:3\nENV S3_USER=AKIAIOSFODNN7EXAMPLE\n");
        assert_eq!(f[0].0, "AKIAIOSFODNN7EXAMPLE");
        assert!(f[0].1.contains("AWS access key id"), "{}", f[0].1);
        // Named and valued: one finding, on the name.
        assert_eq!(spans(R, "FROM alpine:3\nENV GH_TOKEN=ghp_0123456789abcdefghijklmnopqrstuvwxyz\n"), ["GH_TOKEN"]);
    }

    #[test]
    fn mount_fix_for_an_arg_used_by_runs() {
        let t = "FROM node:20-alpine\nWORKDIR /app\nARG NPM_TOKEN\nCOPY package*.json ./\n\
                 RUN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc && npm ci\nRUN npm run build\n";
        let (fixed_text, app) = fixed(R, t);
        assert_eq!(app, Applicability::Manual);
        assert_eq!(
            fixed_text,
            "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\n\
             RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" \
             > .npmrc && npm ci\nRUN npm run build\n"
        );
        assert!(parse(&fixed_text).errors.is_empty());
        assert!(spans(R, &fixed_text).is_empty());
        let d = diagnostics(R, t);
        assert!(d[0].fix.as_ref().unwrap().title.contains("--secret id=npm_token,env=NPM_TOKEN"));
    }

    #[test]
    fn mount_fix_keeps_crlf_and_flags() {
        let t = "FROM alpine:3\r\nARG API_TOKEN=\r\nRUN --network=none curl -H \"x: $API_TOKEN\" x\r\n";
        let (fixed_text, _) = fixed(R, t);
        assert_eq!(
            fixed_text,
            "FROM alpine:3\r\nRUN --mount=type=secret,id=api_token,env=API_TOKEN --network=none curl -H \"x: $API_TOKEN\" x\r\n"
        );
        assert!(spans(R, &fixed_text).is_empty());
    }

    #[test]
    fn no_fix_when_used_outside_run_lines() {
        for t in [
            "FROM alpine:3\nARG NPM_TOKEN\nENV NPM_TOKEN=$NPM_TOKEN\nRUN echo $NPM_TOKEN\n",
            "FROM alpine:3 AS a\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nFROM a\nRUN echo $NPM_TOKEN\n",
            "FROM alpine:3\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nONBUILD RUN echo $NPM_TOKEN\n",
            "FROM alpine:3\nARG NPM_TOKEN\nRUN echo hi\n",
            "FROM alpine:3\nARG NPM_TOKEN OTHER=1\nRUN echo $NPM_TOKEN\n",
        ] {
            let d = diagnostics(R, t);
            assert_eq!(&t[d[0].range.clone()], "NPM_TOKEN", "{t}");
            assert!(d.iter().all(|d| d.fix.is_none()), "{t}");
        }
        // An unrelated stage that uses the same name does not matter.
        let t = "FROM alpine:3 AS a\nARG NPM_TOKEN\nRUN echo $NPM_TOKEN\nFROM alpine:3\nRUN echo $NPM_TOKEN\n";
        assert!(diagnostics(R, t)[0].fix.is_some());
    }

    #[test]
    fn var_mentions() {
        assert!(mentions_var("echo $TOKEN", "TOKEN"));
        assert!(mentions_var("echo ${TOKEN:-x}", "TOKEN"));
        assert!(!mentions_var("echo $TOKENS", "TOKEN"));
        assert!(!mentions_var("echo ${TOKENS}", "TOKEN"));
        assert!(!mentions_var("echo TOKEN", "TOKEN"));
    }
}
