use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::shell::{Joiner, ShellCommand};
use crate::syntax::dockerfile::{Instruction, Kind};

pub struct InteractiveCommand;

static META: RuleMeta = RuleMeta {
    id: "interactive-command",
    summary:
        "A command that makes no sense in a build step (`vim`, `top`, `shutdown`, `ssh`, `service … start` at the end…)",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3001"],
    buildkit: &[],
    docs: r#"# interactive-command

## What it finds
Commands in a `RUN` that need a terminal, a running system or processes a build step
does not have:
- `vim` without a script (`+cmd`, `-c`, `-e`/`-E`, `-s`, `-S`), and `top`;
- `shutdown`;
- `ps`, `free` whose output is not piped anywhere (it only shows the build container);
- `kill` when nothing earlier in the same `RUN` was started (in the background, or with
  `service … start`);
- `service <name> start|restart|reload` as the last command of the `RUN`;
- `ssh` without an SSH agent mounted (`RUN --mount=type=ssh`);
- `mount` outside `RUN --security=insecure` (and a bare `mount`, which only lists the
  build container's mounts, unless its output is piped).

Not reported: the setup idiom `service mysql start && mysql < schema.sql && service mysql
stop`, `ps aux | grep …` in a wait loop, `vim +PlugInstall +qall`.

## Why
Each `RUN` runs in a fresh container that has no terminal and no processes but its own
command, and everything it started stops when it ends. An editor or `top` waits for input
that never comes (or fails for lack of a terminal); `shutdown` has no system to stop;
`ps` and `free` describe the short-lived build container, not the one that will run;
a service started at the end of a step is gone before the next one — start it from
`CMD`/`ENTRYPOINT` instead; `kill` finds nothing to kill unless the same step started it;
`ssh` has no keys unless the step mounts the agent; and `mount` needs privileges a build
step does not get (use `RUN --mount` for caches, secrets and bind mounts).

## Example
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends nginx
RUN service nginx start
```

## Fix
Remove the command, or start the service when the container starts:
```dockerfile
CMD ["nginx", "-g", "daemon off;"]
```

## Silence
`# shipshape ignore=interactive-command` on the line above, or
`ignore = ["interactive-command"]` in `.shipshape.toml`. hadolint's `DL3001` is honoured.
"#,
};

/// Why `c` (the `i`-th command of a RUN) makes no sense in a build step, if it does not.
fn problem(inst: &Instruction, cmds: &[ShellCommand], i: usize) -> Option<String> {
    let c = &cmds[i];
    let prog = c.program()?;
    let opt = |names: &[&str]| c.words.iter().skip(1).any(|w| names.contains(&w.text.as_str()));
    let started_before = cmds[..i].iter().any(|p| {
        p.joiner == Joiner::Background
            || matches!(p.program(), Some("service" | "start-stop-daemon"))
            || p.operands().any(|w| w.text == "start")
    });
    let flag_has = |name: &str, needle: &str| {
        inst.flags_named(name).any(|f| f.value.as_deref().is_some_and(|v| v.to_ascii_lowercase().contains(needle)))
    };
    match prog {
        "vim" => {
            let scripted = c.words.iter().skip(1).any(|w| {
                let t = w.text.as_str();
                t.starts_with('+') || matches!(t, "-c" | "--cmd" | "-S" | "-e" | "-E" | "-s" | "-es" | "-Es" | "--headless")
            });
            (!scripted).then(|| "`vim` waits for keyboard input, which a build step does not have".into())
        }
        "top" if !c.piped && !opt(&["-b"]) => {
            Some("`top` needs a terminal and shows only the build container's processes".into())
        }
        "shutdown" => Some("`shutdown` in a build step: there is no system to shut down".into()),
        "ps" | "free" if !c.piped => Some(format!(
            "`{prog}` in a build step describes only the short-lived build container; its output goes nowhere but the build log"
        )),
        "kill" if !started_before => {
            Some("`kill` in a build step: each `RUN` starts with no processes, and nothing here started one".into())
        }
        "service" => {
            let action = c.operands().nth(1).map(|w| w.text.as_str());
            let last = i + 1 == cmds.len();
            (last && matches!(action, Some("start" | "restart" | "reload"))).then(|| {
                "a service started at the end of a `RUN` stops when the step ends; start it from `CMD` or `ENTRYPOINT`"
                    .into()
            })
        }
        "ssh" if !flag_has("mount", "type=ssh") => {
            Some("`ssh` in a build step has no keys or agent; mount one with `RUN --mount=type=ssh`".into())
        }
        // Without a device or directory, `mount` only lists the build container's mounts.
        "mount" if c.operands().next().is_none() => (!c.piped).then(|| {
            "`mount` in a build step lists only the short-lived build container's mounts; its output goes nowhere but the build log".into()
        }),
        "mount" if !flag_has("security", "insecure") => Some(
            "`mount` needs privileges a build step does not have; use `RUN --mount` for caches, secrets and bind mounts"
                .into(),
        ),
        _ => None,
    }
}

impl Rule for InteractiveCommand {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        for inst in &df.instructions {
            if inst.kind != Kind::Run {
                continue;
            }
            let cmds = cx.model.run_commands(df, inst);
            for i in 0..cmds.len() {
                if let (Some(message), Some(word)) = (problem(inst, &cmds, i), cmds[i].words.first()) {
                    out.report(word.range.clone(), message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::spans;

    const ID: &str = "interactive-command";

    #[test]
    fn reported() {
        for (text, expected) in [
            ("FROM debian:12\nRUN vim /etc/hosts\n", "vim"),
            ("FROM debian:12\nRUN top\n", "top"),
            ("FROM debian:12\nRUN shutdown -h now\n", "shutdown"),
            ("FROM debian:12\nRUN ps aux\n", "ps"),
            ("FROM debian:12\nRUN free -m\n", "free"),
            ("FROM debian:12\nRUN kill -9 1\n", "kill"),
            ("FROM debian:12\nRUN apt-get install -y nginx && service nginx start\n", "service"),
            ("FROM debian:12\nRUN ssh git@example.com ls\n", "ssh"),
            ("FROM debian:12\nRUN mount -t tmpfs none /mnt\n", "mount"),
            ("FROM alpine\nRUN mount\n", "mount"),
            ("FROM debian:12\nRUN [\"service\", \"nginx\", \"start\"]\n", "\"service\""),
            ("FROM debian:12\nrun <<EOF\nset -e\n/usr/sbin/service nginx restart\nEOF\n", "/usr/sbin/service"),
        ] {
            assert_eq!(spans(ID, text), [expected], "{text}");
        }
    }

    #[test]
    fn setup_idioms_are_not_reported() {
        for text in [
            "FROM mysql:8\nRUN service mysql start && mysql < /schema.sql && service mysql stop\n",
            "FROM debian:12\nRUN service --status-all\n",
            "FROM debian:12\nRUN ./server & sleep 2 && ./client && kill %1\n",
            "FROM debian:12\nRUN service redis start; redis-cli ping; kill $(cat /var/run/redis.pid)\n",
            "FROM debian:12\nRUN until ps aux | grep -q [s]erver; do sleep 1; done\n",
            "FROM debian:12\nRUN top -b -n 1\n",
            "FROM debian:12\nRUN vim +PlugInstall +qall\n",
            "FROM debian:12\nRUN vim -E -s -u ~/.vimrc +q\n",
            "FROM debian:12\nRUN --mount=type=ssh ssh -o StrictHostKeyChecking=no git@example.com info\n",
            "FROM debian:12\nRUN --security=insecure mount -t tmpfs none /mnt\n",
            "FROM debian:12\nRUN mount | grep -q overlay\n",
            "FROM debian:12\nRUN apt-get install -y vim procps openssh-client\n",
            "FROM debian:12\nRUN ssh-keyscan github.com >> /etc/ssh/ssh_known_hosts\n",
            "FROM debian:12\nCMD top\n",
            "FROM debian:12\nRUN echo kill\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
