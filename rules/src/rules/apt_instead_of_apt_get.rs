use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::install::{package_command, Manager};
use crate::syntax::dockerfile::Kind;

pub struct AptInsteadOfAptGet;

static META: RuleMeta = RuleMeta {
    id: "apt-instead-of-apt-get",
    summary: "`apt` is an interactive front end; scripts should use `apt-get` or `apt-cache`",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::SafeOrUnsafe,
    hadolint: &["DL3027"],
    buildkit: &[],
    docs: r#"# apt-instead-of-apt-get

## What it finds
A `RUN` that runs `apt` (`apt install`, `apt update`, `apt show`…).

## Why
`apt` is the front end for people at a terminal. Its command line and output are not
kept stable between releases, and it says so whenever it is not attached to one:
`WARNING: apt does not have a stable CLI interface. Use with caution in scripts.` It
also behaves differently from `apt-get` in ways a build notices: `apt upgrade` installs
new dependencies, `apt` only accepts patterns for `~`/`?` arguments, and `apt update`
stops to ask when a repository's release information changes. `apt-get` and
`apt-cache` are the interfaces meant for scripts, with the same packages and sources.

## Example
```dockerfile
FROM debian:12
RUN apt update && apt-get install -y --no-install-recommends curl
```

## Fix
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl
```
The quick fix replaces `apt` with the command that means the same:

| `apt` | becomes | fix |
|-------|---------|-----|
| `update`, `remove`, `purge`, `autoremove`, `clean`, `autoclean`, `source`, `download`, `changelog`, `check`, `satisfy` | `apt-get …` | safe |
| `install`, `dist-upgrade`, `build-dep` | `apt-get …` | unsafe |
| `upgrade` | `apt-get upgrade --with-new-pkgs` | unsafe |
| `full-upgrade` | `apt-get dist-upgrade` | unsafe |
| `reinstall` | `apt-get install --reinstall` | unsafe |
| `policy` | `apt-cache policy` | safe |
| `list`, `search`, `show`, others | — (their output differs) | none |

The fixes that install are **unsafe** because `apt` deletes the downloaded `.deb` files
after installing and `apt-get` keeps them in `/var/cache/apt/archives`: the Debian and
Ubuntu images delete them anyway (`/etc/apt/apt.conf.d/docker-clean`), but on other bases
the layer can grow unless the `RUN` runs `apt-get clean` or mounts the cache.

## Silence
`# shipshape ignore=apt-instead-of-apt-get` on the line above, or
`ignore = ["apt-instead-of-apt-get"]` in `.shipshape.toml`. hadolint's `DL3027` is honoured.
"#,
};

/// What `apt <sub>` becomes: (program, new subcommand text if it changes, option to add
/// after it, safe?).
fn replacement(sub: &str) -> Option<(&'static str, Option<&'static str>, Option<&'static str>, bool)> {
    Some(match sub {
        "update" | "remove" | "purge" | "autoremove" | "clean" | "autoclean" | "source" | "download" | "changelog"
        | "check" | "satisfy" => ("apt-get", None, None, true),
        "install" | "dist-upgrade" | "build-dep" => ("apt-get", None, None, false),
        "upgrade" => ("apt-get", None, Some("--with-new-pkgs"), false),
        "full-upgrade" => ("apt-get", Some("dist-upgrade"), None, false),
        "reinstall" => ("apt-get", Some("install"), Some("--reinstall"), false),
        "policy" => ("apt-cache", None, None, true),
        _ => return None,
    })
}

impl Rule for AptInsteadOfAptGet {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in df.instructions.iter().filter(|i| i.kind == Kind::Run) {
            let exec = inst.exec.is_some();
            for c in cx.model.run_commands(df, inst).iter() {
                let Some(p) = package_command(c).filter(|p| p.manager == Manager::Apt) else { continue };
                let prog = &c.words[0];
                let sub = p.subcommand();
                let sub_text = sub.map_or("", |w| w.text.as_str());
                let target = replacement(sub_text);
                let instead = match target {
                    Some(("apt-cache", ..)) => format!("`apt-cache {sub_text}`"),
                    Some((_, new_sub, opt, _)) => {
                        let s = new_sub.unwrap_or(sub_text);
                        match opt {
                            Some(o) => format!("`apt-get {s} {o}`"),
                            None => format!("`apt-get {s}`"),
                        }
                    }
                    None => "`apt-get` or `apt-cache`".to_string(),
                };
                let d = out.report(
                    prog.range.clone(),
                    format!("`apt` is meant for terminals: its command line is not stable for scripts; use {instead}"),
                );
                let Some((new_prog, new_sub, opt, safe)) = target else { continue };
                let Some(sub) = sub else { continue };
                // The program word as written (`apt`, `/usr/bin/apt`, `"apt"` in exec form).
                let written = &df.source[prog.range.clone()];
                let Some(at) = written.rfind("apt") else { continue };
                let mut edits = vec![Edit::replace(prog.range.start + at..prog.range.start + at + 3, new_prog)];
                if let Some(s) = new_sub {
                    let w = &df.source[sub.range.clone()];
                    let Some(k) = w.find(sub_text) else { continue };
                    edits.push(Edit::replace(sub.range.start + k..sub.range.start + k + sub_text.len(), s));
                }
                if let Some(o) = opt {
                    edits.push(Edit::insert(sub.range.end, if exec { format!(", \"{o}\"") } else { format!(" {o}") }));
                }
                d.with_fix(Fix {
                    title: format!("Use {instead}"),
                    applicability: if safe { Applicability::Safe } else { Applicability::Unsafe },
                    edits,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{assert_fix, diagnostics, spans};

    const ID: &str = "apt-instead-of-apt-get";

    #[test]
    fn safe_replacements() {
        assert_fix(
            ID,
            "FROM debian:12\nRUN apt update && apt-get install -y curl\n",
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n",
            Applicability::Safe,
        );
        assert_fix(
            ID,
            "FROM debian:12\nRUN apt policy curl\n",
            "FROM debian:12\nRUN apt-cache policy curl\n",
            Applicability::Safe,
        );
        assert_fix(
            ID,
            "FROM debian:12\nRUN /usr/bin/apt -y autoremove\n",
            "FROM debian:12\nRUN /usr/bin/apt-get -y autoremove\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn unsafe_replacements() {
        for (from, to) in [
            ("apt install -y curl", "apt-get install -y curl"),
            ("apt -y upgrade", "apt-get -y upgrade --with-new-pkgs"),
            ("apt full-upgrade -y", "apt-get dist-upgrade -y"),
            ("apt reinstall -y curl", "apt-get install --reinstall -y curl"),
        ] {
            assert_fix(
                ID,
                &format!("FROM debian:12\nRUN {from}\n"),
                &format!("FROM debian:12\nRUN {to}\n"),
                Applicability::Unsafe,
            );
        }
    }

    #[test]
    fn exec_form_heredoc_escape() {
        assert_fix(
            ID,
            "FROM debian:12\nRUN [\"apt\", \"upgrade\", \"-y\"]\n",
            "FROM debian:12\nRUN [\"apt-get\", \"upgrade\", \"--with-new-pkgs\", \"-y\"]\n",
            Applicability::Unsafe,
        );
        assert_fix(
            ID,
            "FROM debian:12\nRUN <<EOF\nset -e\napt update\nEOF\n",
            "FROM debian:12\nRUN <<EOF\nset -e\napt-get update\nEOF\n",
            Applicability::Safe,
        );
        assert_fix(
            ID,
            "# escape=`\nFROM debian:12\nrun apt-get install -y x && `\n    sudo apt clean\n",
            "# escape=`\nFROM debian:12\nrun apt-get install -y x && `\n    sudo apt-get clean\n",
            Applicability::Safe,
        );
    }

    #[test]
    fn no_fix_where_output_differs() {
        for text in [
            "FROM debian:12\nRUN apt list --installed\n",
            "FROM debian:12\nRUN apt show curl\n",
            "FROM debian:12\nRUN apt search x\n",
        ] {
            let d = diagnostics(ID, text);
            assert_eq!(d.len(), 1, "{text}");
            assert!(d[0].fix.is_none(), "{text}");
        }
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nRUN apt-get update\n",
            "FROM debian:12\nRUN apt-cache policy x\n",
            "FROM debian:12\nRUN echo apt install x\n",
            "FROM debian:12\nRUN apt-key add key.gpg && apt-mark hold x\n",
            "FROM debian:12\nCMD apt update\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
