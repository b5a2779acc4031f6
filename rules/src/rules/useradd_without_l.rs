use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::shell::{ShellCommand, ShellWord};
use crate::model::stage::{walk, StageState};
use crate::syntax::dockerfile::Kind;

pub struct UseraddWithoutL;

static META: RuleMeta = RuleMeta {
    id: "useradd-without-l",
    summary: "`useradd` with a high UID and without `-l` writes a huge `/var/log/lastlog` into the layer",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL3046"],
    buildkit: &[],
    docs: r#"# useradd-without-l

## What it finds
`useradd` in a `RUN` with a UID of 100000 or more (`-u 123456`, `--uid=123456`, or a
variable whose value is that high or is only set at build time with `--build-arg`) and
without `-l` / `--no-log-init`.

## Why
`useradd` records the new user in `/var/log/lastlog` (and `/var/log/faillog` where it
exists), files indexed by UID: the entry for UID *n* sits at offset *n* × 292 bytes. On
disk that file is sparse, but image layers are tar archives that store it in full, so a
UID of 1,000,000 puts about 300 MB of zeros into the layer, and the UIDs some directory
services hand out (over 10⁹) make the build run out of disk space. `-l` skips both log
files, which nothing in a container reads.

## Example
```dockerfile
FROM debian:12
RUN useradd -u 1000000 -m app
```

## Fix
```dockerfile
FROM debian:12
RUN useradd -l -u 1000000 -m app
```
The quick fix inserts `-l` after `useradd`; it is safe (the user is created the same way).

## Silence
`# shipshape ignore=useradd-without-l` on the line above, or
`ignore = ["useradd-without-l"]` in `.shipshape.toml`. hadolint's `DL3046` is honoured.
"#,
};

/// UIDs from here on make `lastlog` large (29 MB and up).
const HIGH_UID: u64 = 100_000;

/// `useradd` short options that take a value (next word, or the rest of the cluster).
const VALUED_SHORT: &str = "bcdefgGkKpsuZRP";
const VALUED_LONG: &[&str] = &[
    "--base-dir",
    "--comment",
    "--home-dir",
    "--expiredate",
    "--inactive",
    "--gid",
    "--groups",
    "--skel",
    "--key",
    "--password",
    "--shell",
    "--uid",
    "--selinux-user",
    "--root",
    "--prefix",
    "--btrfs-subvolume-home",
];

/// What the options of a `useradd` say: `-l` given, and the UID word.
fn scan(c: &ShellCommand) -> (bool, Option<&ShellWord>) {
    let (mut no_log, mut uid) = (false, None);
    let mut words = c.words.iter().skip(1);
    while let Some(w) = words.next() {
        let t = w.text.as_str();
        if t == "--" {
            break;
        }
        if let Some(long) = t.strip_prefix("--") {
            let (name, value) = long.split_once('=').map_or((long, None), |(n, v)| (n, Some(v)));
            if name == "no-log-init" {
                no_log = true;
            }
            let takes = VALUED_LONG.contains(&t.split('=').next().unwrap_or(t));
            if takes && value.is_none() {
                let v = words.next();
                if name == "uid" {
                    uid = v;
                }
            } else if name == "uid" {
                uid = Some(w);
            }
        } else if let Some(cluster) = t.strip_prefix('-').filter(|c| !c.is_empty()) {
            for (i, ch) in cluster.char_indices() {
                if ch == 'l' {
                    no_log = true;
                }
                if VALUED_SHORT.contains(ch) {
                    let attached = i + 1 < cluster.len();
                    let v = if attached { Some(w) } else { words.next() };
                    if ch == 'u' {
                        uid = v;
                    }
                    break;
                }
            }
        }
    }
    (no_log, uid)
}

/// The UID's value: `Some(Some(n))` known, `Some(None)` set only at build time, `None` not
/// a number we can judge.
fn uid_value(word: &ShellWord, st: &StageState) -> Option<Option<u64>> {
    let t = word.text.as_str();
    // The attached forms: `-u123456`, `--uid=123456`.
    let t = t
        .strip_prefix("--uid=")
        .or_else(|| t.strip_prefix("-").map(|c| &c[c.find('u').map_or(0, |i| i + 1)..]))
        .unwrap_or(t);
    if let Ok(n) = t.parse::<u64>() {
        return Some(Some(n));
    }
    let name = t.strip_prefix("${").and_then(|r| r.strip_suffix('}')).or_else(|| t.strip_prefix('$'))?;
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return None;
    }
    match st.env.get(name)? {
        Some(v) => v.parse::<u64>().ok().map(Some),
        None => Some(None),
    }
}

impl Rule for UseraddWithoutL {
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
                if c.program() != Some("useradd") {
                    continue;
                }
                let (no_log, Some(uid)) = scan(c) else { continue };
                if no_log {
                    continue;
                }
                let message = match uid_value(uid, st) {
                    Some(Some(n)) if n >= HIGH_UID => format!(
                        "`useradd` with UID {n} and without `-l` writes a {} MB `/var/log/lastlog` into the layer; add `-l`",
                        (n + 1) * 292 / 1_000_000
                    ),
                    Some(None) => format!(
                        "`useradd` without `-l` and a UID set at build time (`{}`): a high UID writes a huge `/var/log/lastlog` into the layer; add `-l`",
                        uid.text
                    ),
                    _ => continue,
                };
                let Some(prog) = c.words.first() else { continue };
                let insert = if inst.exec.is_some() { ", \"-l\"" } else { " -l" };
                out.report(prog.range.clone(), message).with_fix(Fix {
                    title: "Add `-l` (do not record the user in lastlog/faillog)".into(),
                    applicability: Applicability::Safe,
                    edits: vec![Edit::insert(prog.range.end, insert)],
                });
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Applicability;
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "useradd-without-l";

    fn fix_ok(text: &str, expected: &str) {
        crate::rules::test_util::assert_fix(ID, text, expected, Applicability::Safe);
    }

    #[test]
    fn high_uids_in_every_spelling() {
        for (text, expected) in [
            ("FROM debian:12\nRUN useradd -u 1000000 -m app\n", "FROM debian:12\nRUN useradd -l -u 1000000 -m app\n"),
            ("FROM debian:12\nRUN useradd -u100000 app\n", "FROM debian:12\nRUN useradd -l -u100000 app\n"),
            ("FROM debian:12\nRUN useradd --uid=123456 app\n", "FROM debian:12\nRUN useradd -l --uid=123456 app\n"),
            ("FROM debian:12\nRUN useradd -mu 123456 app\n", "FROM debian:12\nRUN useradd -l -mu 123456 app\n"),
            (
                "FROM debian:12\nRUN groupadd -g 123456 g && \\\n    /usr/sbin/useradd --uid 123456 -g g app\n",
                "FROM debian:12\nRUN groupadd -g 123456 g && \\\n    /usr/sbin/useradd -l --uid 123456 -g g app\n",
            ),
            (
                "FROM debian:12\nRUN [\"useradd\", \"-u\", \"999999\", \"app\"]\n",
                "FROM debian:12\nRUN [\"useradd\", \"-l\", \"-u\", \"999999\", \"app\"]\n",
            ),
            (
                "FROM debian:12\nRUN <<EOF\nuseradd -u 200000 app\nEOF\n",
                "FROM debian:12\nRUN <<EOF\nuseradd -l -u 200000 app\nEOF\n",
            ),
        ] {
            fix_ok(text, expected);
        }
        let f = findings(ID, "FROM debian:12\nRUN useradd -u 1000000 app\n");
        assert!(f[0].1.contains("292 MB"), "{}", f[0].1);
    }

    #[test]
    fn variables() {
        // A default that is low: fine; a default that is high, or none (set by --build-arg): reported.
        assert!(spans(ID, "FROM debian:12\nARG UID=1000\nRUN useradd -u $UID app\n").is_empty());
        assert_eq!(spans(ID, "FROM debian:12\nARG UID=1234567\nRUN useradd -u ${UID} app\n"), ["useradd"]);
        let f = findings(ID, "FROM debian:12\nARG UID\nRUN useradd -u \"$UID\" app\n");
        assert_eq!(f.len(), 1);
        assert!(f[0].1.contains("set at build time"), "{}", f[0].1);
        // A shell variable of the RUN itself: not judged.
        assert!(spans(ID, "FROM debian:12\nRUN for u in 1 2; do useradd -u $u user$u; done\n").is_empty());
    }

    #[test]
    fn not_reported() {
        for text in [
            "FROM debian:12\nRUN useradd -l -u 1000000 app\n",
            "FROM debian:12\nRUN useradd --no-log-init -u 1000000 app\n",
            "FROM debian:12\nRUN useradd -lmu 1000000 app\n",
            "FROM debian:12\nRUN useradd -u 99999 app\n",
            "FROM debian:12\nRUN useradd -u1000 -m -d/home/rootless -s/bin/bash rootless\n",
            "FROM debian:12\nRUN useradd -r -g redis redis\n",
            "FROM debian:12\nRUN useradd -c 123456 -u 1000 app\n",
            "FROM debian:12\nRUN echo useradd -u 1000000 app\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
