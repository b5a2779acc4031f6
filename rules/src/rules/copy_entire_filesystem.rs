use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::dockerfile::{copy_operands, Base};
use crate::model::well_known::is_files_only;
use crate::syntax::dockerfile::Kind;
use crate::syntax::image_ref::ImageRef;

pub struct CopyEntireFilesystem;

static META: RuleMeta = RuleMeta {
    id: "copy-entire-filesystem",
    summary: "`COPY --from=… / /` copies a whole filesystem over the stage's own",
    category: Category::Stages,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3067"],
    buildkit: &[],
    docs: r#"# copy-entire-filesystem

## What it finds
`COPY --from=<stage or image> / /`: the whole root filesystem of another stage or image
copied onto the root of this one. Not reported: a stage that is `FROM scratch` (there,
copying `/` is the deliberate way to flatten an image into one layer), and copies from a
stage or image that is itself only a set of files — a stage built `FROM scratch`, or an
image such as `tonistiigi/xx`, whose documented use is `COPY --from=xx / /`.

## Why
Everything comes along — the other image's package database, `/etc/passwd`, shell, caches
and build tools — and overwrites the files of this stage's base image. The result is an
image as large as both, whose package manager and user database no longer describe what is
installed. Usually only an application directory or a few binaries were meant.

## Example
```dockerfile
FROM node:20 AS build
RUN npm ci && npm run build
FROM node:20-slim
COPY --from=build / /
```

## Fix
Copy only what the stage produced: `COPY --from=build /app/dist /app/dist`. To flatten an
image on purpose, copy into a `FROM scratch` stage.

## Silence
`# shipshape ignore=copy-entire-filesystem` on the line above, or
`ignore = ["copy-entire-filesystem"]` in `.shipshape.toml`. hadolint's `DL3067` is honoured.
"#,
};

/// Is `--from` a stage or image made only to be copied whole: one built `FROM scratch`, or
/// a well-known files-only image such as tonistiigi/xx?
fn files_only(cx: &DockerfileContext, from: &str) -> bool {
    let m = cx.model;
    let stage = m.stage_index(from).or_else(|| from.parse::<usize>().ok().filter(|&n| n < m.stages.len()));
    let image = match stage {
        Some(s) => match m.ancestry(s).last().map(|&r| &m.stages[r].base) {
            Some(Base::Scratch) => return true,
            Some(Base::Image { resolved: Some(r), .. }) => r.clone(),
            _ => return false,
        },
        None => from.to_string(),
    };
    ImageRef::parse(&image).is_ok_and(|r| is_files_only(&r))
}

/// `/`, `/.`, `//` … but not `/x`.
fn is_root(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(|s| s.is_empty() || s == ".") && path.starts_with('/')
}

impl Rule for CopyEntireFilesystem {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let model = cx.model;
        for (i, inst) in df.instructions.iter().enumerate() {
            if inst.kind != Kind::Copy {
                continue;
            }
            let Some(from) = inst.flag("from").and_then(|f| f.value_unquoted(df.escape)) else { continue };
            let Some(stage) = model.stage_of(i) else { continue };
            if model.stages[stage].base == Base::Scratch {
                continue;
            }
            if files_only(cx, &from) {
                continue;
            }
            let ops = copy_operands(inst, df.escape);
            let Some((dest, sources)) = ops.split_last() else { continue };
            if !is_root(&dest.value) {
                continue;
            }
            if let Some(src) = sources.iter().find(|s| is_root(&s.value)) {
                out.report(
                    src.range.start..dest.range.end,
                    format!(
                        "copies the whole filesystem of `{from}` over this stage's own: its package database, users \
                         and tools come along; copy only the directories you need"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "copy-entire-filesystem";

    #[test]
    fn root_to_root_from_another_stage() {
        let f = findings(ID, "FROM node:20 AS build\nFROM node:20-slim\nCOPY --from=build / /\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "/ /");
        assert!(f[0].1.contains("`build`"), "{}", f[0].1);
        assert_eq!(spans(ID, "FROM a AS b\nFROM a\nCOPY --from=b [\"/\", \"/.\"]\n"), ["\"/\", \"/.\""]);
        assert_eq!(spans(ID, "FROM a\nCOPY --from=busybox:1.36 --chown=1:1 / /\n"), ["/ /"]);
    }

    #[test]
    fn not_reported() {
        assert!(spans(ID, "FROM a AS b\nFROM a\nCOPY --from=b /app /\n").is_empty());
        assert!(spans(ID, "FROM a AS b\nFROM a\nCOPY --from=b / /rootfs/\n").is_empty());
        assert!(spans(ID, "FROM a\nCOPY / /\n").is_empty(), "the build context, not a stage");
        assert!(spans(ID, "FROM a AS b\nFROM scratch AS flat\nCOPY --from=b / /\n").is_empty());
    }

    #[test]
    fn files_only_sources() {
        let xx =
            "FROM --platform=$BUILDPLATFORM tonistiigi/xx:1.6.1 AS xx\nFROM golang:1.23 AS build\nCOPY --from=xx / /\n";
        assert!(spans(ID, xx).is_empty());
        assert!(spans(ID, "FROM golang:1.23\nCOPY --link --from=docker.io/tonistiigi/xx / /\n").is_empty());
        assert!(spans(ID, "FROM scratch AS files\nCOPY etc /etc\nFROM a\nCOPY --from=files / /\n").is_empty());
        assert!(spans(ID, "FROM scratch\nCOPY etc /etc\nFROM a\nCOPY --from=0 / /\n").is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
