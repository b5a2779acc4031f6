use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::dockerfile::copy_operands;
use crate::model::stage::walk;
use crate::syntax::dockerfile::Kind;

pub struct CopyMultipleSourcesToFile;

static META: RuleMeta = RuleMeta {
    id: "copy-multiple-sources-to-file",
    summary: "`COPY`/`ADD` with several sources to a destination that does not end with `/`",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &["DL3021"],
    buildkit: &[],
    docs: r#"# copy-multiple-sources-to-file

## What it finds
A `COPY` or `ADD` with more than one source (paths, URLs, heredocs; shell or exec form)
whose destination does not end with `/` (or `\` on Windows). `COPY --parents`, which always
copies into a directory, is not reported; nor is a destination made of a variable whose
value is not known.

## Why
With several sources the destination must be a directory, and the Dockerfile reference
asks for a trailing `/` to say so. Builders disagree on what happens without it:

- the legacy builder (`DOCKER_BUILDKIT=0`, Docker without buildx, Windows containers)
  fails: "When using COPY with more than one source file, the destination must be a
  directory and end with a /";
- BuildKit copies into the destination when it already exists as a directory (`.`, the
  working directory, always does); when it does not, directory sources are merged into a
  new directory as meant, but file sources are written one over the other into a single
  *file* of that name, and only the last one survives (moby/buildkit#1853, #4550).

BuildKit does not fail, so this is a warning, not an error: the file builds today with
BuildKit when the destination exists, and silently means something else when it does not.

## Example
```dockerfile
FROM node:20-slim
COPY package.json package-lock.json /app
```

## Fix
End the destination with `/`: `COPY package.json package-lock.json /app/`. The quick fix
does this; it is safe, since the sources were meant to land in that directory.

## Silence
`# shipshape ignore=copy-multiple-sources-to-file` on the line above, or
`ignore = ["copy-multiple-sources-to-file"]` in `.shipshape.toml`. hadolint's `DL3021` is
honoured.
"#,
};

impl Rule for CopyMultipleSourcesToFile {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        walk(df, cx.model, |_, inst, state| {
            if !matches!(inst.kind, Kind::Copy | Kind::Add) || inst.flag("parents").is_some() {
                return;
            }
            let ops = copy_operands(inst, df.escape);
            let Some((dest, sources)) = ops.split_last() else { return };
            if sources.len() < 2 || dest.value.ends_with(['/', '\\']) {
                return;
            }
            if dest.value.contains('$') {
                match state.expand(&dest.value, df.escape) {
                    Some(v) if !v.ends_with(['/', '\\']) => {}
                    _ => return,
                }
            }
            let name = inst.kind.name();
            let shown = df.text(dest.range.clone());
            let bk = if matches!(dest.value.as_str(), "." | "./" | "..") {
                format!("BuildKit copies into `{shown}` (a directory that exists)")
            } else {
                format!(
                    "BuildKit, unless `{shown}` already exists as a directory, writes file sources one over the other \
                     into a single file `{shown}`"
                )
            };
            let at = if dest.quoted { dest.range.end - 1 } else { dest.range.end };
            out.report(
                dest.range.clone(),
                format!(
                    "`{name}` with {} sources needs a destination ending in `/`: the legacy builder fails \
                     (\"the destination must be a directory and end with a /\"), and {bk}",
                    sources.len()
                ),
            )
            .with_fix(Fix {
                title: format!("Add `/` to the destination (`{shown}` is a directory)"),
                applicability: Applicability::Safe,
                edits: vec![Edit::insert(at, "/")],
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{assert_fix, findings, spans};
    use crate::Applicability;

    const ID: &str = "copy-multiple-sources-to-file";

    #[test]
    fn several_sources_to_a_name_without_slash() {
        let f = findings(ID, "FROM a\nCOPY a b /app\nCOPY a b /app/\nCOPY a /app\nADD x.tgz y.tgz /opt\n");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].0, "/app");
        assert!(f[0].1.contains("2 sources") && f[0].1.contains("single file"), "{}", f[0].1);
        assert_eq!(f[1].0, "/opt");
        let f = findings(ID, "FROM a\nWORKDIR /w\nCOPY package.json package-lock.json .\n");
        assert!(f[0].1.contains("copies into `.`"), "{}", f[0].1);
    }

    #[test]
    fn exec_form_heredocs_flags_and_case() {
        assert_eq!(spans(ID, "FROM a\nCOPY [\"a\", \"b c\", \"/d\"]\n"), ["\"/d\""]);
        assert!(spans(ID, "FROM a\nCOPY [\"a\", \"b\", \"/d/\"]\n").is_empty());
        assert_eq!(spans(ID, "FROM a\ncopy --from=build --chown=1:1 /x \\\n  /y \\\n  /z\n"), ["/z"]);
        assert_eq!(spans(ID, "FROM a\nCOPY <<a.sh <<b.sh /s\necho a\na.sh\necho b\nb.sh\n"), ["/s"]);
        assert!(spans(ID, "FROM a\nCOPY <<a.sh /s\necho a\na.sh\n").is_empty());
        assert!(spans(ID, "FROM a\nCOPY --parents a/x b/y /dest\n").is_empty());
        assert!(spans(ID, "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nCOPY a b C:\\app\\\n")
            .is_empty());
    }

    #[test]
    fn variables_are_judged_by_their_value() {
        assert!(spans(ID, "FROM a\nCOPY a b $DEST\n").is_empty());
        assert!(spans(ID, "FROM a\nENV D=/app/\nCOPY a b $D\n").is_empty());
        assert!(spans(ID, "FROM a\nCOPY a b ${APP}/\n").is_empty());
        assert_eq!(spans(ID, "FROM a\nENV D=/app\nCOPY a b $D\n"), ["$D"]);
    }

    #[test]
    fn fix_appends_a_slash() {
        assert_fix(ID, "FROM a\nCOPY a b /app\n", "FROM a\nCOPY a b /app/\n", Applicability::Safe);
        assert_fix(ID, "FROM a\nCOPY a b \"/my app\"\n", "FROM a\nCOPY a b \"/my app/\"\n", Applicability::Safe);
        assert_fix(
            ID,
            "FROM a\nCOPY [\"a\", \"b\", \"/d\"]\n",
            "FROM a\nCOPY [\"a\", \"b\", \"/d/\"]\n",
            Applicability::Safe,
        );
        assert_fix(ID, "FROM a\nENV D=/app\nCOPY a b $D\n", "FROM a\nENV D=/app\nCOPY a b $D/\n", Applicability::Safe);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
