use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{Instruction, Kind, Word};

pub struct InvalidExpose;

static META: RuleMeta = RuleMeta {
    id: "invalid-expose",
    summary: "`EXPOSE` argument that is not `port[-port][/tcp|udp|sctp]`",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL3011"],
    buildkit: &["ExposeInvalidFormat", "ExposeProtoCasing"],
    docs: r#"# invalid-expose

## What it finds
`EXPOSE` arguments that are not a port (`8080`) or a port range (`8000-8010`), with an
optional lower-case protocol (`/tcp`, `/udp`, `/sctp`):
- a host mapping such as `80:80` or `127.0.0.1:8080:80`;
- a port outside 1–65535, a range that runs backwards, or a word that is no number;
- an unknown protocol (`80/http`), or one in upper case (`53/UDP`).

Arguments built from variables (`$PORT`, `${PORT:-8080}`) are not checked: their value is
only known at build time.

## Why
`EXPOSE` only documents which ports the container listens on; it never publishes anything.
A host mapping in it suggests otherwise, is ignored apart from the container port, and
BuildKit plans to make it an error. Ports out of range or unknown protocols fail the build,
and inconsistent protocol case is noise that BuildKit warns about.

## Example
```dockerfile
FROM alpine:3.20
EXPOSE 8080:80
EXPOSE 53/UDP
```

## Fix
```dockerfile
EXPOSE 80
EXPOSE 53/udp
```
Publish ports when running the container: `docker run -p 8080:80`, or `ports:` in Compose.
The quick fix keeps the container port of a mapping and lower-cases the protocol.

## Silence
`# shipshape ignore=invalid-expose` on the line above, or `ignore = ["invalid-expose"]` in
`.shipshape.toml`. hadolint's `DL3011` and BuildKit's `# check=skip=ExposeInvalidFormat`
and `ExposeProtoCasing` are honoured.
"#,
};

/// What is wrong with one `EXPOSE` argument, and its corrected form if there is one.
fn problem(spec: &str) -> Option<(String, Option<String>)> {
    // BuildKit: `[ip:][host:]container[/proto]`, split on every `:`.
    let (mapping, container) = match spec.rsplit_once(':') {
        Some((m, c)) => (Some(m), c),
        None => (None, spec),
    };
    let (ports, proto) = match container.split_once('/') {
        Some((p, proto)) => (p, Some(proto)),
        None => (container, None),
    };
    if proto == Some("") {
        return Some((format!("`{spec}` has no protocol after `/`: write tcp, udp or sctp, or drop the `/`"), None));
    }
    if let Some(proto) = proto {
        if !matches!(proto.to_ascii_lowercase().as_str(), "tcp" | "udp" | "sctp") {
            return Some((
                format!("`{spec}` has an unknown protocol `{proto}`: EXPOSE accepts tcp, udp or sctp"),
                None,
            ));
        }
    }
    if let Err(why) = port_range(ports) {
        return Some((format!("`{spec}` is not a valid port: {why}"), None));
    }
    let fixed = match proto {
        Some(p) => format!("{ports}/{}", p.to_ascii_lowercase()),
        None => ports.to_string(),
    };
    if let Some(mapping) = mapping {
        let what = if mapping.contains(':') { "an address and host port" } else { "a host port" };
        return Some((
            format!(
                "`{spec}` maps {what}, which EXPOSE cannot do: it only documents the container port; \
                 publish with `docker run -p` or Compose `ports:` and write `{fixed}` here"
            ),
            Some(fixed),
        ));
    }
    if proto.is_some_and(|p| p != p.to_ascii_lowercase()) {
        return Some((format!("Protocol in `{spec}` should be lower case: `{fixed}`"), Some(fixed)));
    }
    None
}

fn port(s: &str) -> Result<u32, String> {
    if s.is_empty() {
        return Err("the port is missing".into());
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("`{s}` is not a number"));
    }
    match s.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is outside 1–65535")),
    }
}

fn port_range(s: &str) -> Result<(), String> {
    match s.split_once('-') {
        Some((a, b)) if a != b => {
            let (a, b) = (port(a)?, port(b)?);
            if b < a {
                return Err("the range ends before it starts".into());
            }
            Ok(())
        }
        Some((a, _)) => port(a).map(|_| ()),
        None => port(s).map(|_| ()),
    }
}

fn check_word(inst: &Instruction, w: &Word, escape: char, out: &mut Findings) {
    if w.text.contains('$') {
        return;
    }
    let spec = w.value(escape);
    let Some((message, fixed)) = problem(&spec) else { return };
    let d = out.report(w.range.clone(), message);
    // Rewrite only words written plainly on one line.
    let plain = spec == w.text && inst.line.is_contiguous(w.logical.clone());
    if let Some(fixed) = fixed.filter(|_| plain) {
        d.with_fix(Fix {
            title: format!("Write `{fixed}`"),
            applicability: Applicability::Safe,
            edits: vec![Edit::replace(w.range.clone(), fixed)],
        });
    }
}

impl Rule for InvalidExpose {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in df.instructions.iter().flat_map(|i| std::iter::once(i).chain(i.onbuild.as_deref())) {
            if inst.kind == Kind::Expose {
                for w in &inst.args {
                    check_word(inst, w, df.escape, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{diagnostics, findings, spans};

    use crate::Applicability;

    const ID: &str = "invalid-expose";

    fn check_fix(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Safe);
    }

    #[test]
    fn valid_ports_are_clean() {
        let text = "FROM a\nEXPOSE 80 443/tcp 53/udp 9000-9010 3868/sctp 8080-8080 \"81\"\n\
                    EXPOSE $PORT ${PORT:-80} ${P}/udp\nEXPOSE 65535\n";
        assert!(spans(ID, text).is_empty());
    }

    #[test]
    fn host_mappings() {
        let f = findings(ID, "FROM a\nEXPOSE 8080:80 127.0.0.1:53:53/udp\n");
        assert_eq!(f.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["8080:80", "127.0.0.1:53:53/udp"]);
        assert!(f[0].1.contains("docker run -p"), "{}", f[0].1);
        check_fix("FROM a\nEXPOSE 8080:80\n", "FROM a\nEXPOSE 80\n");
        check_fix("FROM a\nEXPOSE [::1]:53:53/UDP\n", "FROM a\nEXPOSE 53/udp\n");
    }

    #[test]
    fn protocol_case() {
        let f = findings(ID, "FROM a\nEXPOSE 80/TCP\n");
        assert_eq!(f[0].0, "80/TCP");
        check_fix("FROM a\nEXPOSE 80/TcP 81\n", "FROM a\nEXPOSE 80/tcp 81\n");
    }

    #[test]
    fn invalid_ports_have_no_fix() {
        let text = "FROM a\nEXPOSE 0 65536 http 90-80 80/http /tcp 80- 80/ 1-2-3\n";
        assert_eq!(spans(ID, text), ["0", "65536", "http", "90-80", "80/http", "/tcp", "80-", "80/", "1-2-3"]);
        assert!(diagnostics(ID, text).iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
