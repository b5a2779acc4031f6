use std::ops::Range;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::model::shell::ShellCommand;
use crate::syntax::dockerfile::Kind;

pub struct AddForArchive;

static META: RuleMeta = RuleMeta {
    id: "add-for-archive",
    summary: "A local archive is `COPY`'d and then extracted: the archive stays in the image",
    category: Category::Hygiene,
    default_severity: Some(Severity::Info),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3010"],
    buildkit: &[],
    docs: r#"# add-for-archive

## What it finds
A `COPY` of a local archive (`.tar`, `.tar.gz`, `.tgz`, `.tar.xz`, `.tar.bz2`, `.zip`,
`.gz`…) that a later `RUN` of the same stage extracts (`tar -x`, `tar xzf`, `unzip`,
`gunzip`…), in a stage that ends up in the image (the final stage or a stage it builds
on). An archive unpacked in a stage that is only `COPY --from`'d is not reported: that
stage's layers never ship.

## Why
Every instruction adds a layer, and a layer is never changed by a later one. The `COPY`
layer holds the archive, the `RUN` layer holds the extracted files, and an `rm` of the
archive afterwards only hides it: the image carries the data twice, once compressed.

Two ways avoid that:
- mount the archive into the step that extracts it, so it never becomes a layer:
  `RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz -C /opt`
  (works for any format, and for archives from another stage with `from=`);
- `ADD app.tar.gz /opt/`: `ADD` unpacks a local tar archive (plain, gzip, bzip2 or xz)
  itself — but not a `.zip`, a lone `.gz`, or anything fetched from a URL.

## Example
```dockerfile
FROM debian:12
COPY app.tar.gz /tmp/
RUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz
```

## Fix
```dockerfile
FROM debian:12
RUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz \
    tar -xzf /tmp/app.tar.gz -C /opt
```
or `ADD app.tar.gz /opt/`. There is no quick fix: which one fits depends on the format
and on the options given to `tar`.

## Silence
`# shipshape ignore=add-for-archive` on the line above, or
`ignore = ["add-for-archive"]` in `.shipshape.toml`. hadolint's `DL3010` is honoured.
"#,
};

const ARCHIVE_EXTENSIONS: &[&str] = &[
    ".tar", ".Z", ".bz2", ".gz", ".lz", ".lzma", ".tZ", ".tb2", ".tbz", ".tbz2", ".tgz", ".tlz", ".tpz", ".txz", ".xz",
    ".zip", ".zst", ".tzst",
];

/// Programs that extract or decompress the file they are given.
const EXTRACTORS: &[&str] =
    &["unzip", "gunzip", "bunzip2", "unlzma", "unxz", "unzstd", "uncompress", "zcat", "gzcat", "xzcat", "bzcat"];

fn basename(path: &str) -> &str {
    let p = path.trim_matches(['"', '\'']).trim_end_matches('/');
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

fn is_archive(path: &str) -> bool {
    let b = basename(path);
    ARCHIVE_EXTENSIONS.iter().any(|e| b.len() > e.len() && b.ends_with(e))
}

/// Does the command extract or decompress files?
fn extracts(c: &ShellCommand) -> bool {
    let Some(prog) = c.program() else { return false };
    let opts = || c.words.iter().skip(1).map(|w| w.text.as_str());
    match prog {
        "tar" | "bsdtar" | "gtar" => {
            let mut words = opts();
            // Old style: `tar xzf file` (the first argument is the option letters).
            let old = words
                .next()
                .is_some_and(|w| !w.starts_with('-') && w.contains('x') && w.chars().all(|c| c.is_ascii_alphabetic()));
            old || opts().any(|w| {
                w == "--extract" || w == "--get" || (w.starts_with('-') && !w.starts_with("--") && w.contains('x'))
            })
        }
        "gzip" | "xz" | "bzip2" | "zstd" | "lzma" => {
            opts().any(|w| w == "--decompress" || (w.starts_with('-') && !w.starts_with("--") && w.contains('d')))
        }
        _ => EXTRACTORS.contains(&prog),
    }
}

impl Rule for AddForArchive {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let shipped = cx.layered_stages();
        for (s, stage) in cx.model.stages.iter().enumerate() {
            if !shipped.get(s).copied().unwrap_or(false) {
                continue;
            }
            // Archives copied so far in the stage: (basename, range to report, reported).
            let mut archives: Vec<(String, Range<usize>, bool)> = Vec::new();
            for i in stage.instructions.clone().skip(1) {
                let Some(inst) = df.instructions.get(i) else { break };
                match inst.kind {
                    Kind::Copy if inst.flag("from").is_none() => {
                        let words: Vec<(String, Range<usize>)> = match &inst.exec {
                            Some(exec) => exec.iter().map(|a| (a.value.clone(), a.range.clone())).collect(),
                            None => inst.args.iter().map(|w| (w.value(df.escape), w.range.clone())).collect(),
                        };
                        let Some(((dest, dest_range), sources)) = words.split_last() else { continue };
                        if sources.iter().any(|(v, _)| v.starts_with("<<")) {
                            continue;
                        }
                        if let ([(src, src_range)], true) = (sources, is_archive(dest) && !dest.ends_with('/')) {
                            // Copied under an archive's name: that is the file a RUN names.
                            let at = if is_archive(src) { src_range } else { dest_range };
                            archives.push((basename(dest).to_string(), at.clone(), false));
                        } else {
                            for (v, r) in sources.iter().filter(|(v, _)| is_archive(v)) {
                                archives.push((basename(v).to_string(), r.clone(), false));
                            }
                        }
                    }
                    Kind::Run if !archives.is_empty() => {
                        for c in cx.model.run_commands(df, inst).iter().filter(|c| extracts(c)) {
                            for (name, range, reported) in archives.iter_mut().filter(|a| !a.2) {
                                let Some(arg) = c.words.iter().skip(1).find(|w| {
                                    let t = w.text.strip_prefix("--file=").unwrap_or(&w.text);
                                    basename(t) == name
                                }) else {
                                    continue;
                                };
                                *reported = true;
                                out.report(
                                    range.clone(),
                                    format!(
                                        "`{name}` is copied into a layer of its own and extracted later: the archive stays in the image; bind-mount it into the `RUN` (`--mount=type=bind,source=…`) or let `ADD` extract it"
                                    ),
                                )
                                .with_related(arg.range.clone(), "extracted here");
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{diagnostics, spans};

    const ID: &str = "add-for-archive";

    #[test]
    fn reported_on_the_copied_archive() {
        let text =
            "FROM debian:12\nCOPY app.tar.gz /tmp/\nRUN tar -xzf /tmp/app.tar.gz -C /opt && rm /tmp/app.tar.gz\n";
        let d = diagnostics(ID, text);
        assert_eq!(d.len(), 1);
        assert_eq!(&text[d[0].range.clone()], "app.tar.gz");
        assert_eq!(&text[d[0].related[0].range.clone()], "/tmp/app.tar.gz");
        for (text, expected) in [
            ("FROM debian:12\nCOPY dist/app.tgz /srv/\nWORKDIR /srv\nRUN tar xzf app.tgz\n", "dist/app.tgz"),
            (
                "FROM debian:12\nCOPY build.out /tmp/app.tar.xz\nRUN tar --extract --file=/tmp/app.tar.xz\n",
                "/tmp/app.tar.xz",
            ),
            (
                "FROM debian:12\nCOPY [\"site.zip\", \"/tmp/\"]\nrun <<EOF\nunzip /tmp/site.zip -d /var/www\nEOF\n",
                "\"site.zip\"",
            ),
            ("FROM debian:12\nCOPY --chown=app data.json.gz /d/\nRUN gzip -d /d/data.json.gz\n", "data.json.gz"),
        ] {
            assert_eq!(spans(ID, text), [expected], "{text}");
        }
    }

    #[test]
    fn not_reported() {
        for text in [
            // Bind-mounted: never a layer.
            "FROM debian:12\nRUN --mount=type=bind,source=app.tar.gz,target=/tmp/app.tar.gz tar -xzf /tmp/app.tar.gz\n",
            // ADD extracts by itself.
            "FROM debian:12\nADD app.tar.gz /opt/\n",
            // Copied but not extracted, or another archive extracted.
            "FROM debian:12\nCOPY app.tar.gz /srv/\n",
            "FROM debian:12\nCOPY app.tar.gz /srv/\nRUN tar -xzf /srv/other.tar.gz\n",
            // Creating an archive is not extracting one.
            "FROM debian:12\nCOPY app.tar.gz /srv/\nRUN tar -czf /srv/app.tar.gz /srv/app\n",
            // From another stage.
            "FROM debian:12 AS b\nRUN tar -czf /a.tgz /etc\nFROM debian:12\nCOPY --from=b /a.tgz /tmp/\nRUN tar -xzf /tmp/a.tgz\n",
            // Another stage: a RUN there does not extract this stage's copy.
            "FROM debian:12 AS a\nCOPY app.tgz /tmp/\nFROM debian:12\nRUN tar -xzf /tmp/app.tgz\n",
            // Extracted in a stage that only hands its output over: never shipped.
            "FROM debian:12 AS unpack\nCOPY app.tgz /tmp/\nRUN mkdir /out && tar -xzf /tmp/app.tgz -C /out\nFROM debian:12\nCOPY --from=unpack /out /opt\n",
        ] {
            assert!(spans(ID, text).is_empty(), "{text}");
        }
    }

    #[test]
    fn stages_built_on_count() {
        let text =
            "FROM debian:12 AS base\nCOPY app.tgz /tmp/\nRUN tar -xzf /tmp/app.tgz\nFROM base\nCMD [\"/opt/app\"]\n";
        assert_eq!(spans(ID, text), ["app.tgz"]);
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
