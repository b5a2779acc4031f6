use std::collections::HashMap;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::model::dockerfile::{is_root_user, is_windows_file};
use crate::model::stage::walk;
use crate::syntax::dockerfile::Kind;

pub struct NonNumericUser;

static META: RuleMeta = RuleMeta {
    id: "non-numeric-user",
    summary: "The image's `USER` is a name, which Kubernetes' `runAsNonRoot` cannot verify",
    category: Category::Hygiene,
    default_severity: None,
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3066"],
    buildkit: &[],
    docs: r#"# non-numeric-user

## What it finds
The `USER` the built image runs as (the last one in the final stage, or in the stage a
Compose build targets, including what it inherits) when it names the user (`USER app`,
`USER node:node`) instead of giving a numeric id (`USER 10001:10001`). `root` is left to
`root-user`; a value from a variable that is not known is not judged. Windows images are
not judged.

## Why
Kubernetes can require containers to run unprivileged (`securityContext.runAsNonRoot:
true`, enforced by the "restricted" Pod Security Standard). The kubelet checks this from
the image's user *before* the container starts, without reading the image's
`/etc/passwd`, so it cannot tell whether `app` is uid 0: it refuses to start the container
("image has non-numeric user (app), cannot verify user is non-root") unless the pod also
sets `runAsUser`. A numeric uid can be checked, and also works when the name is missing
from the image.

Off by default: outside Kubernetes with `runAsNonRoot` a named user is fine and easier to
read, and many deployments set `runAsUser` anyway. Turn it on (it reports as `info`) for
images meant for such clusters.

## Example
```dockerfile
FROM node:20-slim
USER node
CMD ["node", "server.js"]
```

## Fix
Use the numeric id (and group): `USER 1000:1000` (`id -u node` in the image tells it).

## Silence
Off unless selected (`select = ["non-numeric-user"]`, or `preset = "strict"`, in
`.shipshape.toml`). `# shipshape ignore=non-numeric-user` on the line above, or
`ignore = ["non-numeric-user"]`; hadolint's `DL3066` is honoured.
"#,
};

impl Rule for NonNumericUser {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let m = cx.model;
        if is_windows_file(df) {
            return;
        }
        let mut expanded: HashMap<usize, Option<String>> = HashMap::new();
        walk(df, m, |i, inst, state| {
            if let (Kind::User, Some(w)) = (inst.kind, inst.args.first()) {
                expanded.insert(i, state.expand(&w.text, df.escape));
            }
        });
        let mut judged = Vec::new();
        for last in cx.built_stages() {
            // The last USER along the chain, newest stage first.
            let Some(i) = m.ancestry(last).into_iter().find_map(|s| {
                m.stages.get(s)?.instructions.clone().rev().find(|&i| df.instructions[i].kind == Kind::User)
            }) else {
                continue;
            };
            if judged.contains(&i) {
                continue;
            }
            judged.push(i);
            let inst = &df.instructions[i];
            // The value as the builder expands it; `None` when a variable is not known.
            let Some(value) = expanded.get(&i).cloned().flatten() else { continue };
            let user = value.split(':').next().unwrap_or("");
            if user.is_empty() || is_root_user(&value) || user.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            // Windows' built-in accounts: a Windows image, which Kubernetes does not check so.
            if ["ContainerUser", "ContainerAdministrator"].iter().any(|w| w.eq_ignore_ascii_case(user)) {
                continue;
            }
            out.report(
                inst.args_range(),
                format!(
                    "the image runs as the user name `{user}`: Kubernetes' `runAsNonRoot` cannot verify a name and \
                     refuses to start the container; use the numeric uid (`USER <uid>:<gid>`)"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "non-numeric-user";

    #[test]
    fn the_user_the_image_runs_as() {
        let f = findings(ID, "FROM node:20-slim\nUSER root\nRUN x\nUSER node:node\nCMD [\"node\"]\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "node:node");
        assert!(f[0].1.contains("`node`"), "{}", f[0].1);
        assert_eq!(spans(ID, "FROM a AS base\nUSER app\nFROM base\nRUN x\n"), ["app"]);
        assert!(spans(ID, "FROM a AS b\nUSER app\nFROM a\nUSER 1000\n").is_empty(), "only the built stage");
    }

    #[test]
    fn numeric_root_variables_windows() {
        assert!(spans(ID, "FROM a\nUSER 10001:10001\n").is_empty());
        assert!(spans(ID, "FROM a\nUSER 1000:staff\n").is_empty());
        assert!(spans(ID, "FROM a\nUSER root\n").is_empty());
        assert!(spans(ID, "FROM a\nARG UID\nUSER $UID\n").is_empty());
        assert!(spans(ID, "FROM a\nARG UID=1000\nUSER ${UID}\n").is_empty());
        assert_eq!(spans(ID, "FROM a\nARG U=app\nUSER $U\n"), ["$U"]);
        assert!(spans(ID, "# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nUSER ContainerUser\n")
            .is_empty());
    }
}
