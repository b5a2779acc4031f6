use std::collections::HashSet;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::stage::{walk, StageState};
use crate::model::well_known::image_env;
use crate::syntax::dockerfile::{vars, Dockerfile, Instruction, KeyValue, Kind};

pub struct EnvSelfReference;

static META: RuleMeta = RuleMeta {
    id: "env-self-reference",
    summary: "An `ENV` value uses a variable set earlier in the same `ENV`, and so gets its old value",
    category: Category::Arguments,
    default_severity: Some(Severity::Error),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &["DL3044"],
    buildkit: &[],
    docs: r#"# env-self-reference

## What it finds
An `ENV` with several `name=value` pairs where a value uses (`$NAME`, `${NAME}`) a variable
that an earlier pair of the same instruction sets to a new value:
`ENV JAVA_HOME=/opt/jdk PATH=$JAVA_HOME/bin:$PATH`.

Not reported: a variable that uses its own old value (`ENV PATH=/opt/bin:$PATH`), a use
before the pair that sets it (`ENV OLD=$A A=2` reads as written), and a pair that keeps the
value as it was (`ARG VERSION` then `ENV VERSION=$VERSION URL=…/$VERSION`, or a value equal to
the one already set).

## Why
The builder expands every value of an `ENV` with the variables as they were *before* the
instruction, then sets them all. So in `ENV JAVA_HOME=/opt/jdk PATH=$JAVA_HOME/bin:$PATH`,
`PATH` gets the previous `JAVA_HOME` — usually empty, giving `PATH=/bin:…` — not `/opt/jdk`.
The file means something other than it says, and nothing fails until a program is not
found at run time.

## Example
```dockerfile
FROM debian:bookworm-slim
ENV APP_HOME=/srv/app APP_BIN=$APP_HOME/bin
```

## Fix
Set the variable in an `ENV` of its own before the one that uses it:
```dockerfile
ENV APP_HOME=/srv/app
ENV APP_BIN=$APP_HOME/bin
```
The quick fix splits the instruction this way. It is marked unsafe because it changes the
values the image gets — to the ones the file spells out, which is almost always the intent.

## Silence
`# shipshape ignore=env-self-reference` on the line above, or
`ignore = ["env-self-reference"]` in `.shipshape.toml`. hadolint's `DL3044` is honoured.
"#,
};

/// Does pair `kv` leave its variable as it was (`A=$A`, or a value equal to the old one)?
fn keeps_value(kv: &KeyValue, state: &StageState, escape: char) -> bool {
    let Some(raw) = kv.raw_value.as_deref() else { return true };
    let refs = vars::find_vars(raw, escape);
    if refs.len() == 1 && refs[0].name == kv.key && refs[0].modifier.is_none() && refs[0].range == (0..raw.len()) {
        return true;
    }
    match (state.get(&kv.key), state.expand(raw, escape)) {
        (Some(old), Some(new)) => old == new,
        _ => false,
    }
}

/// How the finding names the old value.
fn old_value(name: &str, state: &StageState) -> String {
    match state.env.get(name) {
        Some(Some(v)) => format!("`{v}`"),
        Some(None) => "its value from the build argument".to_string(),
        None => {
            let base = state.base.as_ref();
            let sets = base.and_then(|b| image_env(&b.normalized())).is_some_and(|env| env.contains(&name));
            match base {
                Some(b) if sets => format!("the value the base image `{}` sets", b.familiar()),
                _ => "whatever the base image sets, usually nothing".to_string(),
            }
        }
    }
}

/// Where the instruction must be split: before each pair that uses a variable set (to a
/// new value) earlier in the same group of pairs.
fn split_before(kvs: &[KeyValue], changed: &[bool], escape: char) -> Vec<usize> {
    let mut out = Vec::new();
    let mut group: HashSet<&str> = HashSet::new();
    for (j, kv) in kvs.iter().enumerate() {
        let uses = kv.raw_value.as_deref().map(|r| vars::find_vars(r, escape)).unwrap_or_default();
        if uses.iter().any(|v| group.contains(v.name.as_str())) {
            out.push(j);
            group.clear();
        }
        if changed[j] {
            group.insert(kv.key.as_str());
        }
    }
    out
}

fn split_fix(df: &Dockerfile, inst: &Instruction, kvs: &[KeyValue], at: &[usize]) -> Option<Fix> {
    let line_start = df.source[..inst.keyword_range.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = &df.source[line_start..inst.keyword_range.start];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let keyword = &inst.keyword;
    let mut edits = Vec::new();
    for &j in at {
        let gap = kvs[j - 1].range.end..kvs[j].range.start;
        // Comment lines inside a continuation would be lost.
        if df.comments.iter().any(|c| c.range.start >= gap.start && c.range.end <= gap.end) {
            return None;
        }
        edits.push(Edit::replace(gap, format!("\n{indent}{keyword} ")));
    }
    Some(Fix {
        title: "Split the `ENV` so each value sees the variables set before it".to_string(),
        applicability: Applicability::Unsafe,
        edits,
    })
}

impl Rule for EnvSelfReference {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let esc = df.escape;
        walk(df, cx.model, |_, inst, state| {
            if inst.kind != Kind::Env {
                return;
            }
            let kvs = inst.key_values(esc);
            if kvs.len() < 2 || kvs.iter().any(|kv| kv.legacy || kv.raw_value.is_none()) {
                return;
            }
            let changed: Vec<bool> = kvs.iter().map(|kv| !keeps_value(kv, state, esc)).collect();
            let mut found = Vec::new();
            for (j, kv) in kvs.iter().enumerate() {
                let (Some(raw), Some(vr)) = (kv.raw_value.as_deref(), kv.value_range.as_ref()) else { continue };
                let mut seen = HashSet::new();
                for v in vars::find_vars(raw, esc) {
                    let Some(i) = kvs[..j].iter().rposition(|p| p.key == v.name) else { continue };
                    if !changed[i] || !seen.insert(v.name.clone()) {
                        continue;
                    }
                    // The exact place when the value is one piece of source.
                    let range = if vr.len() == raw.len() {
                        vr.start + v.range.start..vr.start + v.range.end
                    } else {
                        vr.clone()
                    };
                    let new = kvs[i].raw_value.as_deref().unwrap_or("");
                    found.push((
                        range,
                        kvs[i].key_range.clone(),
                        format!(
                            "`{}` here is {}, not `{new}`: `ENV` expands all its values before setting any, so the \
                             `{}={new}` earlier on this instruction does not apply yet",
                            &raw[v.range.clone()],
                            old_value(&v.name, state),
                            v.name
                        ),
                    ));
                }
            }
            if found.is_empty() {
                return;
            }
            let fix = split_fix(df, inst, &kvs, &split_before(&kvs, &changed, esc));
            for (range, set_at, msg) in found {
                let d = out.report(range, msg).with_related(set_at, "set here, in the same instruction");
                if let Some(f) = &fix {
                    d.with_fix(f.clone());
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{assert_fix, findings, spans};
    use crate::Applicability;

    const ID: &str = "env-self-reference";

    #[test]
    fn uses_of_a_variable_set_earlier_in_the_same_env() {
        let f = findings(ID, "FROM a\nENV JAVA_HOME=/opt/jdk PATH=$JAVA_HOME/bin:$PATH\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "$JAVA_HOME");
        assert!(f[0].1.contains("not `/opt/jdk`") && f[0].1.contains("usually nothing"), "{}", f[0].1);
        let f = findings(ID, "FROM a\nENV A=1\nENV A=2 B=\"${A}x\"\n");
        assert_eq!(f[0].0, "${A}");
        assert!(f[0].1.contains("is `1`"), "{}", f[0].1);
        let f = findings(ID, "FROM golang:1.23\nENV GOPATH=/src GOBIN=$GOPATH/bin\n");
        assert!(f[0].1.contains("the value the base image `golang:1.23` sets"), "{}", f[0].1);
        assert_eq!(spans(ID, "FROM a\nenv A=1 \\\n    B=$A \\\n    C=${A:-z}\n"), ["$A", "${A:-z}"]);
    }

    #[test]
    fn what_reads_as_written() {
        assert!(spans(ID, "FROM a\nENV PATH=/x:$PATH\n").is_empty());
        assert!(spans(ID, "FROM a\nENV PATH=/x:$PATH GOPATH=/go\n").is_empty());
        assert!(spans(ID, "FROM a\nENV OLD=$A A=2\n").is_empty());
        assert!(spans(ID, "FROM a\nARG VERSION\nENV VERSION=$VERSION URL=https://x/$VERSION.tgz\n").is_empty());
        assert!(spans(ID, "FROM a\nARG V=1\nENV V=${V} U=x/${V}\n").is_empty());
        assert!(spans(ID, "FROM a\nENV A=1\nENV A=1 B=$A\n").is_empty());
        assert!(spans(ID, "FROM a\nENV A=1 B=$AB C='$A'\n").is_empty());
        assert!(spans(ID, "FROM a\nENV A 1\nRUN echo $A\n").is_empty());
        assert!(spans(ID, "FROM a\nENV A=1\nRUN B=$A x\n").is_empty());
    }

    #[test]
    fn fix_splits_the_instruction() {
        assert_fix(ID, "FROM a\nENV A=1 B=$A\n", "FROM a\nENV A=1\nENV B=$A\n", Applicability::Unsafe);
        assert_fix(
            ID,
            "FROM a\nenv A=1 \\\n    C=2 \\\n    B=$A D=$B\n",
            "FROM a\nenv A=1 \\\n    C=2\nenv B=$A\nenv D=$B\n",
            Applicability::Unsafe,
        );
        assert_fix(
            ID,
            "FROM a\n  ENV A=\"x y\"\tB=\"$A z\"\n",
            "FROM a\n  ENV A=\"x y\"\n  ENV B=\"$A z\"\n",
            Applicability::Unsafe,
        );
        let d = crate::rules::test_util::diagnostics(ID, "FROM a\nENV A=1 \\\n  # note\n  B=$A\n");
        assert!(d[0].fix.is_none(), "a comment inside would be lost");
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
