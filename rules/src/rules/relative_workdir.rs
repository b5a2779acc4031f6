use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::Base;
use crate::syntax::dockerfile::{unquote, Kind};

pub struct RelativeWorkdir;

static META: RuleMeta = RuleMeta {
    id: "relative-workdir",
    summary: "The first WORKDIR of a stage is a relative path, so it depends on the base image",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3000"],
    buildkit: &["WorkdirRelativePath"],
    docs: r#"# relative-workdir

## What it finds
A `WORKDIR` with a relative path (`WORKDIR app`) when no `WORKDIR` was set before it in the
stage or in the stages it builds on. As in BuildKit, only that first `WORKDIR` is judged:
later relative ones build on it and are fine.

Absolute paths are `/…`, and the Windows forms `C:\…`, `C:/…` and `\…`. With the default
escape character a backslash must be doubled (`WORKDIR C:\\app`); under `# escape=\``,
`WORKDIR C:\app` is absolute. Paths that start with a variable (`WORKDIR $APP_HOME`) are
not judged.

## Why
A relative `WORKDIR` is resolved against the working directory of the base image, which
the Dockerfile does not show and which can change when the base image is updated: the
same file may put the application somewhere else, and `COPY`, `RUN` and `CMD` then look in
the wrong place.

## Example
```dockerfile
FROM node:20-alpine
# /app today, something else if the base sets a WORKDIR
WORKDIR app
```

## Fix
Use an absolute path: `WORKDIR /app`.

## Silence
`# shipshape ignore=relative-workdir` on the line above, or `ignore = ["relative-workdir"]`
in `.shipshape.toml`. hadolint's `DL3000` and BuildKit's `# check=skip=WorkdirRelativePath`
are honoured.
"#,
};

/// Absolute on Linux or Windows (BuildKit decides by the target OS, which a file does not tell).
pub(super) fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('\\')
        || (b.len() >= 3 && b[0].is_ascii_alphabetic() && b[1] == b':' && matches!(b[2], b'\\' | b'/'))
}

impl Rule for RelativeWorkdir {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // Whether a WORKDIR was set in each stage, including what it inherits.
        let mut set: Vec<bool> = Vec::with_capacity(cx.model.stages.len());
        for stage in &cx.model.stages {
            let mut workdir_set = match stage.base {
                Base::Stage(p) => set.get(p).copied().unwrap_or(false),
                _ => false,
            };
            for inst in df.instructions.get(stage.instructions.clone()).unwrap_or(&[]) {
                if inst.kind != Kind::Workdir || inst.args.is_empty() {
                    continue;
                }
                if !workdir_set {
                    let raw = inst.args_text();
                    let path = unquote(raw, df.escape);
                    if !path.starts_with('$') && !is_absolute(&path) {
                        let mut message =
                            format!("`WORKDIR {raw}` is relative, so it depends on the base image's working directory");
                        if path != raw && is_absolute(raw) && df.escape == '\\' {
                            message.push_str(&format!(
                                " (`\\` is the escape character: this reads as `{path}`; write `{}`)",
                                raw.replace('\\', "\\\\")
                            ));
                        } else {
                            message.push_str(&format!(
                                "; use an absolute path such as `/{}`",
                                path.trim_start_matches("./")
                            ));
                        }
                        out.report(inst.args_range(), message);
                    }
                }
                workdir_set = true;
            }
            set.push(workdir_set);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const R: &str = "relative-workdir";

    #[test]
    fn first_relative_workdir() {
        let f = findings(R, "FROM node:20\nWORKDIR app\nWORKDIR src\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "app");
        assert!(f[0].1.contains("`/app`"), "{}", f[0].1);
        // After an absolute one (here inherited from the parent stage), relative is fine.
        assert!(spans(R, "FROM node:20 AS a\nWORKDIR /app\nFROM a\nWORKDIR src\n").is_empty());
        assert_eq!(spans(R, "FROM node:20 AS a\nWORKDIR /app\nFROM node:20\nWORKDIR src\n"), ["src"]);
    }

    #[test]
    fn absolute_and_windows_paths() {
        assert!(spans(R, "FROM alpine:3\nWORKDIR /app\n").is_empty());
        assert!(spans(R, "FROM alpine:3\nWORKDIR \"/my app\"\n").is_empty());
        assert!(spans(R, "FROM alpine:3\nWORKDIR $APP_HOME\n").is_empty());
        assert!(spans(R, "FROM alpine:3\nWORKDIR ${HOME}/app\n").is_empty());
        assert!(
            spans(R, "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n").is_empty()
        );
        assert!(spans(R, "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\\\app\n").is_empty());
        assert!(spans(R, "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:/app\n").is_empty());
        // With the default escape, `C:\app` reads as `C:app`.
        let f = findings(R, "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n");
        assert_eq!(f[0].0, "C:\\app");
        assert!(f[0].1.contains("reads as `C:app`"), "{}", f[0].1);
    }

    #[test]
    fn half_typed() {
        assert!(spans(R, "FROM alpine:3\nWORKDIR\n").is_empty());
        assert!(spans(R, "WORKDIR app\n").is_empty());
    }
}
