use super::relative_workdir::is_absolute;
use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::{copy_operands, Base};
use crate::model::stage::walk;
use crate::syntax::dockerfile::Kind;

pub struct RelativeCopyWithoutWorkdir;

static META: RuleMeta = RuleMeta {
    id: "relative-copy-without-workdir",
    summary: "`COPY`/`ADD` to a relative destination before any `WORKDIR`: where it lands depends on the base image",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3045"],
    buildkit: &[],
    docs: r#"# relative-copy-without-workdir

## What it finds
A `COPY` or `ADD` whose destination is relative (`.`, `app/`, `config.yml`) in a stage
where no `WORKDIR` has been set yet — neither in the stage nor in the stages it builds on.

Not reported: absolute destinations (`/app`, `C:\app`, `C:/app`), destinations made of a
variable whose value is not known, and stages that start `FROM scratch` (their working
directory is `/`, and nothing can change it).

## Why
A relative destination is resolved against the working directory, which, before the first
`WORKDIR`, is whatever the base image set: `/` for many images, `/usr/src/app`, `/app` or
`/home/node` for others. The Dockerfile does not show it, and a new version of the base
image can change it — the files then land somewhere else and `CMD` no longer finds them.

This is advice (`info`): the base image may well set the directory you expect. Setting it
yourself makes the file say where things go.

## Example
```dockerfile
FROM python:3.12-slim
COPY requirements.txt .
```

## Fix
Set the directory first (`WORKDIR /app`), or copy to an absolute path.

## Silence
`# shipshape ignore=relative-copy-without-workdir` on the line above, or
`ignore = ["relative-copy-without-workdir"]` in `.shipshape.toml`. hadolint's `DL3045` is
honoured.
"#,
};

impl Rule for RelativeCopyWithoutWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let model = cx.model;
        walk(df, model, |i, inst, state| {
            if !matches!(inst.kind, Kind::Copy | Kind::Add) || state.workdir.is_some() {
                return;
            }
            let Some(stage) = model.stage_of(i) else { return };
            let root = *model.ancestry(stage).last().unwrap_or(&stage);
            if model.stages[root].base == Base::Scratch {
                return;
            }
            let ops = copy_operands(inst, df.escape);
            let Some(dest) = ops.last().filter(|_| ops.len() >= 2) else { return };
            let value = if dest.value.contains('$') {
                match state.expand(&dest.value, df.escape) {
                    Some(v) => v,
                    None => return,
                }
            } else {
                dest.value.clone()
            };
            if value.is_empty() || is_absolute(&value) {
                return;
            }
            let name = inst.kind.name();
            let image = state.base.as_ref().map(|b| format!("`{}`", b.familiar())).unwrap_or("the base image".into());
            out.report(
                dest.range.clone(),
                format!(
                    "`{name}` to the relative `{}` before any `WORKDIR`: it lands in the working directory {image} \
                     sets, which this file does not show; set `WORKDIR` or use an absolute path",
                    df.text(dest.range.clone())
                ),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "relative-copy-without-workdir";

    #[test]
    fn relative_destination_before_workdir() {
        let f = findings(ID, "FROM python:3.12-slim\nCOPY requirements.txt .\nWORKDIR /app\nCOPY . .\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, ".");
        assert!(f[0].1.contains("`python:3.12-slim`"), "{}", f[0].1);
        assert_eq!(spans(ID, "FROM a\nADD x.tgz opt/\nCOPY [\"a\", \"b/\"]\n"), ["opt/", "\"b/\""]);
    }

    #[test]
    fn workdir_from_the_parent_stage_counts() {
        assert!(spans(ID, "FROM a AS base\nWORKDIR /app\nFROM base\nCOPY . .\n").is_empty());
        assert_eq!(spans(ID, "FROM a AS base\nWORKDIR /app\nFROM a\nCOPY . .\n"), ["."]);
        assert!(spans(ID, "FROM a\nWORKDIR app\nCOPY . .\n").is_empty());
    }

    #[test]
    fn absolute_variable_and_scratch() {
        assert!(spans(ID, "FROM a\nCOPY a /app/\nCOPY b \"/x y\"\n").is_empty());
        assert!(spans(ID, "FROM a\nCOPY a $DEST\n").is_empty());
        assert!(spans(ID, "FROM a\nENV D=/srv\nCOPY a $D/x\n").is_empty());
        assert_eq!(spans(ID, "FROM a\nENV D=srv\nCOPY a $D/x\n"), ["$D/x"]);
        assert!(
            spans(ID, "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a C:\\app\\\n").is_empty()
        );
        assert!(spans(ID, "FROM scratch AS s\nCOPY bin .\nFROM s\nCOPY etc etc\n").is_empty());
        assert!(spans(ID, "FROM a\nCOPY\n").is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
