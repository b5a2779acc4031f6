use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::shell::{ShellCommand, ShellWord};
use crate::model::stage::walk;
use crate::syntax::dockerfile::Kind;

pub struct SudoInRun;

static META: RuleMeta = RuleMeta {
    id: "sudo-in-run",
    summary: "`sudo` in a `RUN`: build steps already run as the stage's `USER`",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &["DL3004"],
    buildkit: &[],
    docs: r#"# sudo-in-run

## What it finds
`sudo` in a `RUN` (shell form, exec form or a `RUN <<EOF` script): `RUN sudo apt-get
install -y git`, `RUN sudo -u postgres psql …`.

## Why
A build step runs as the stage's `USER` with no password prompt and no terminal, so
`sudo` is either useless or a sign of a privilege mix-up:
- as root (no `USER`, or `USER root`), `sudo` changes nothing except that it resets the
  environment — `ENV` values such as `http_proxy` or `PATH` additions disappear for the
  command — and it fails outright when the `sudo` package is not installed;
- as another user, it only works when the image ships a password-less `sudoers` entry,
  which the running container keeps too: anyone who gets a shell in it can become root.
  Switch with `USER root` for the steps that need root and back to the unprivileged user
  afterwards instead.

The build does not fail because of it, so it is a warning. (To drop privileges at run
time from an entrypoint script, `gosu` or `su-exec` behave better than `sudo`, which
keeps itself as the parent process and does not forward signals the same way.)

## Example
```dockerfile
FROM debian:12
RUN sudo apt-get update
```

## Fix
```dockerfile
FROM debian:12
RUN apt-get update
```
Where the step runs as root and `sudo` does not switch to another user (`-u`, `-g`), the
quick fix removes `sudo` and its options. It is **unsafe**: the command now sees the
stage's environment (`ENV`, `ARG`) that `sudo` used to reset. As a non-root user, set
`USER root` before the step and switch back after it.

## Silence
`# shipshape ignore=sudo-in-run` on the line above, or `ignore = ["sudo-in-run"]` in
`.shipshape.toml`. hadolint's `DL3004` is honoured.
"#,
};

/// `sudo` options that keep the command running as root (no other user or group).
const KEEPS_ROOT: &[&str] =
    &["-E", "-H", "-n", "-S", "-k", "--preserve-env", "--set-home", "--non-interactive", "--stdin"];

impl Rule for SudoInRun {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        walk(df, cx.model, |_, inst, st| {
            if inst.kind != Kind::Run {
                return;
            }
            for c in cx.model.run_commands(df, inst).iter() {
                for (sudo, next) in sudo_uses(c) {
                    let who = match &st.user {
                        Some(u) if !st.is_root() => {
                            format!("the step runs as `{u}`: switch with `USER root` for it instead")
                        }
                        _ => "the step already runs as root, so `sudo` only resets the environment".to_string(),
                    };
                    let d = out.report(sudo.program.range.clone(), format!("`sudo` in `RUN`: {who}"));
                    let plain = sudo.options.iter().all(|o| KEEPS_ROOT.contains(&o.text.as_str()));
                    if let (true, true, Some(next)) = (st.is_root(), plain, next) {
                        d.with_fix(Fix {
                            title: "Remove `sudo` (the step runs as root)".into(),
                            applicability: Applicability::Unsafe,
                            edits: vec![Edit::delete(sudo.program.range.start..next.range.start)],
                        });
                    }
                }
            }
        });
    }
}

/// A `sudo` found on a command: the wrapper (or the command itself, `sudo -v`) and the word
/// after it and its options, where the removal ends.
struct SudoUse<'a> {
    program: &'a ShellWord,
    options: &'a [ShellWord],
}

fn sudo_uses(c: &ShellCommand) -> Vec<(SudoUse<'_>, Option<&ShellWord>)> {
    let mut out = Vec::new();
    for (i, w) in c.wrappers.iter().enumerate() {
        if w.name() == "sudo" {
            let next = c.wrappers.get(i + 1).map(|n| &n.program).or(c.words.first());
            out.push((SudoUse { program: &w.program, options: &w.options }, next));
        }
    }
    if c.program() == Some("sudo") {
        if let Some(first) = c.words.first() {
            out.push((SudoUse { program: first, options: &c.words[1..] }, None));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{diagnostics, findings, spans};

    const ID: &str = "sudo-in-run";

    fn fix_ok(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Unsafe);
    }

    #[test]
    fn reports_each_sudo_word() {
        let text = "FROM debian:12\nRUN sudo apt-get update && sudo -E apt-get install -y git\n";
        assert_eq!(spans(ID, text), ["sudo", "sudo"]);
        fix_ok("FROM debian:12\nRUN sudo -E apt-get update\n", "FROM debian:12\nRUN apt-get update\n");
        fix_ok(
            "FROM debian:12\nRUN set -e; \\\n    sudo \\\n      apt-get update\n",
            "FROM debian:12\nRUN set -e; \\\n    apt-get update\n",
        );
    }

    #[test]
    fn heredoc_exec_form_and_lower_case() {
        fix_ok(
            "FROM debian:12\nRUN <<EOF\nset -e\nsudo apt-get update\nEOF\n",
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\n",
        );
        fix_ok(
            "FROM debian:12\nrun [\"sudo\", \"apt-get\", \"update\"]\n",
            "FROM debian:12\nrun [\"apt-get\", \"update\"]\n",
        );
    }

    #[test]
    fn non_root_user_gets_no_fix() {
        let text = "FROM debian:12\nUSER app\nRUN sudo apt-get update\n";
        let d = diagnostics(ID, text);
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("runs as `app`"), "{}", d[0].message);
        assert!(d[0].fix.is_none());
        // Back to root: the fix is offered again.
        let d = diagnostics(ID, "FROM debian:12\nUSER app\nUSER root\nRUN sudo apt-get update\n");
        assert!(d[0].fix.is_some());
    }

    #[test]
    fn switching_user_or_bare_sudo_gets_no_fix() {
        for text in [
            "FROM postgres:16\nRUN sudo -u postgres psql -c 'select 1'\n",
            "FROM debian:12\nRUN sudo -v\n",
            "FROM debian:12\nRUN sudo -s\n",
        ] {
            let d = diagnostics(ID, text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].fix.is_none(), "{text}");
        }
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nRUN apt-get install -y sudo && echo 'app ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/app\n",
            "FROM debian:12\nRUN echo sudo make me a sandwich\n",
            "FROM debian:12\nCMD sudo -u app ./run\n",
            "FROM debian:12\n# RUN sudo apt-get update\n",
            "FROM debian:12\nRUN cat <<EOF > /x.sh\nsudo reboot\nEOF\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn message_names_root() {
        let f = findings(ID, "FROM debian:12\nRUN sudo true\n");
        assert!(f[0].1.contains("already runs as root"), "{}", f[0].1);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
