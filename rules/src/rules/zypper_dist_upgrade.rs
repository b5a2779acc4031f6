use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::install::{package_command, Manager};
use crate::model::stage::walk;
use crate::syntax::dockerfile::Kind;

pub struct ZypperDistUpgrade;

static META: RuleMeta = RuleMeta {
    id: "zypper-dist-upgrade",
    summary: "`zypper dist-upgrade` in a build on a fixed openSUSE or SLE release",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3035"],
    buildkit: &[],
    docs: r#"# zypper-dist-upgrade

## What it finds
`zypper dist-upgrade` (`zypper dup`) in a `RUN` of a stage whose base image is a fixed
release — openSUSE Leap, SLE/BCI or any other image known not to be Tumbleweed.

## Why
`dist-upgrade` is the command for moving a system to a new distribution release. It may
downgrade packages, switch them to another repository's vendor, and remove packages to
resolve conflicts, and with `-n` it takes the solver's default answer without asking.
In a build on a fixed release this turns the image into whatever the repositories hold
that day, with changes a plain update would never make. To get a newer release, start
from a newer base image; to get the fixes of the current one, use `zypper patch` (or
`zypper update`).

This is advice (`info`): the build works, the result is just less predictable. It is
not reported on openSUSE **Tumbleweed**, a rolling release on which `zypper dup` is the
supported way to update (`zypper update` there is the one to avoid), nor where the base
image cannot be told.

## Example
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n dup && zypper -n in curl
```

## Fix
```dockerfile
FROM opensuse/leap:15.6
RUN zypper -n patch && zypper -n in curl
```
There is no automatic fix: whether you want `patch`, `update` or a newer base image is
yours to choose.

## Silence
`# shipshape ignore=zypper-dist-upgrade` on the line above, or
`ignore = ["zypper-dist-upgrade"]` in `.shipshape.toml`. hadolint's `DL3035` is honoured.
"#,
};

impl Rule for ZypperDistUpgrade {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        walk(df, cx.model, |_, inst, st| {
            if inst.kind != Kind::Run || st.base.is_none() || st.base_is(|n| n.contains("tumbleweed")) {
                return;
            }
            for c in cx.model.run_commands(df, inst).iter() {
                let Some(p) = package_command(c).filter(|p| p.manager == Manager::Zypper) else { continue };
                let Some(sub) = p.subcommand().filter(|_| p.is(&["dist-upgrade", "dup"])) else { continue };
                out.report(
                    sub.range.clone(),
                    format!(
                        "`zypper {}` may downgrade, change the vendor of or remove packages to match whatever the repositories hold today; on a fixed release use `zypper patch` or a newer base image",
                        sub.text
                    ),
                );
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "zypper-dist-upgrade";

    #[test]
    fn reported_on_fixed_releases() {
        assert_eq!(spans(ID, "FROM opensuse/leap:15.6\nRUN zypper -n dup && zypper -n in curl\n"), ["dup"]);
        assert_eq!(
            spans(
                ID,
                "FROM registry.suse.com/bci/bci-base:15.6\nRUN [\"zypper\", \"--non-interactive\", \"dist-upgrade\"]\n"
            ),
            ["\"dist-upgrade\""]
        );
        assert_eq!(spans(ID, "FROM opensuse/leap:15.6 AS base\nFROM base\nrun <<EOF\nzypper -n dup\nEOF\n"), ["dup"]);
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM opensuse/tumbleweed\nRUN zypper -n dup\n",
            "FROM registry.opensuse.org/opensuse/tumbleweed:latest\nRUN zypper -n dist-upgrade\n",
            "ARG BASE\nFROM $BASE\nRUN zypper -n dup\n",
            "FROM opensuse/leap:15.6\nRUN zypper -n up && zypper -n patch\n",
            "FROM opensuse/leap:15.6\nRUN echo zypper dup\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
