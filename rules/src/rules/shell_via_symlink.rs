use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::shell::{ShellCommand, ShellWord};
use crate::syntax::dockerfile::Kind;

pub struct ShellViaSymlink;

static META: RuleMeta = RuleMeta {
    id: "shell-via-symlink",
    summary: "`ln` replaces `/bin/sh`: set the build's shell with `SHELL` instead",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL4005"],
    buildkit: &[],
    docs: r#"# shell-via-symlink

## What it finds
An `ln` in a `RUN` whose link is `/bin/sh` (or `/usr/bin/sh`): `ln -sf /bin/bash /bin/sh`,
`rm /bin/sh && ln -s bash /bin/sh`.

## Why
Pointing `/bin/sh` at another shell changes it for everything in the image, not just for
the Dockerfile: package maintainer scripts, `system()` and `popen()` calls of every
program, cron jobs and entrypoint scripts all get bash where they were written for a
POSIX `sh` (on Debian and Ubuntu, `dash`). Some behave differently (`echo -e`, `[[`,
exit codes of builtins), and a later update of the `dash` package may put the link back.

To run the Dockerfile's own `RUN` commands with bash, say so where it applies:
`SHELL ["/bin/bash", "-o", "pipefail", "-c"]` changes the shell of the following shell-form
`RUN`, `CMD` and `ENTRYPOINT` instructions and nothing else. (Podman and Buildah ignore
`SHELL` when they write OCI-format images; build with `--format docker` there.)

## Example
```dockerfile
FROM debian:12
RUN ln -sf /bin/bash /bin/sh
RUN source /etc/profile && make
```

## Fix
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN source /etc/profile && make
```
There is no quick fix: whether anything else in the image relied on the link needs a
look.

## Silence
`# shipshape ignore=shell-via-symlink` on the line above, or
`ignore = ["shell-via-symlink"]` in `.shipshape.toml`. hadolint's `DL4005` is honoured.
"#,
};

/// The link `ln` creates when it replaces `/bin/sh`.
fn replaces_sh(c: &ShellCommand) -> Option<&ShellWord> {
    if c.program() != Some("ln") {
        return None;
    }
    let mut operands = Vec::new();
    let mut words = c.words.iter().skip(1);
    let mut options_done = false;
    while let Some(w) = words.next() {
        let t = w.text.as_str();
        if options_done || !t.starts_with('-') || t == "-" {
            operands.push(w);
        } else if t == "--" {
            options_done = true;
        } else if matches!(t, "-t" | "--target-directory") || t.starts_with("--target-directory=") {
            // `-t DIR` puts links into DIR under their own names: never `/bin/sh` itself.
            return None;
        } else if matches!(t, "-S" | "--suffix") {
            words.next();
        }
    }
    let link = operands.last().filter(|_| operands.len() >= 2)?;
    matches!(link.text.trim_end_matches('/'), "/bin/sh" | "/usr/bin/sh").then_some(*link)
}

impl Rule for ShellViaSymlink {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in df.instructions.iter().filter(|i| i.kind == Kind::Run) {
            for c in cx.model.run_commands(df, inst).iter() {
                if let Some(link) = replaces_sh(c) {
                    out.report(
                        link.range.clone(),
                        "`ln` replaces `/bin/sh` for everything in the image; set the shell of `RUN` with `SHELL [\"/bin/bash\", \"-c\"]` instead",
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "shell-via-symlink";

    #[test]
    fn reported_on_the_link() {
        for text in [
            "FROM debian:12\nRUN ln -sf /bin/bash /bin/sh\n",
            "FROM debian:12\nRUN rm /bin/sh && ln -s bash /bin/sh\n",
            "FROM debian:12\nRUN ln -snf -- /bin/bash /bin/sh\n",
            "FROM debian:12\nrun <<EOF\nln -sf /bin/bash /bin/sh\nEOF\n",
            "FROM debian:12\nRUN ln -sf /usr/bin/bash /usr/bin/sh\n",
        ] {
            assert_eq!(spans(ID, text).len(), 1, "{text}");
        }
        assert_eq!(spans(ID, "FROM debian:12\nRUN [\"ln\", \"-sf\", \"/bin/bash\", \"/bin/sh\"]\n"), ["\"/bin/sh\""]);
    }

    #[test]
    fn not_reported() {
        for text in [
            // /bin/sh as the target of a new link, not replaced.
            "FROM debian:12\nRUN ln -s /bin/sh /usr/local/bin/sh\n",
            "FROM debian:12\nRUN ln -sf /bin/bash /usr/local/bin/bash\n",
            "FROM debian:12\nRUN ln -s -t /usr/local/bin /bin/sh\n",
            "FROM debian:12\nRUN echo ln -sf /bin/bash /bin/sh\n",
            "FROM debian:12\nSHELL [\"/bin/bash\", \"-c\"]\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
