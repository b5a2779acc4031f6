//! Differential test: on files that `parse-dockerfile` (a complete, strict parser)
//! accepts, our tolerant parser must find the same instructions at the same places.

use parse_dockerfile::Instruction as Theirs;
use shipshape_rules::syntax::dockerfile;

fn their_kind_and_keyword(i: &Theirs) -> (&'static str, std::ops::Range<usize>) {
    match i {
        Theirs::Add(x) => ("ADD", x.add.span.clone()),
        Theirs::Arg(x) => ("ARG", x.arg.span.clone()),
        Theirs::Cmd(x) => ("CMD", x.cmd.span.clone()),
        Theirs::Copy(x) => ("COPY", x.copy.span.clone()),
        Theirs::Entrypoint(x) => ("ENTRYPOINT", x.entrypoint.span.clone()),
        Theirs::Env(x) => ("ENV", x.env.span.clone()),
        Theirs::Expose(x) => ("EXPOSE", x.expose.span.clone()),
        Theirs::From(x) => ("FROM", x.from.span.clone()),
        Theirs::Healthcheck(x) => ("HEALTHCHECK", x.healthcheck.span.clone()),
        Theirs::Label(x) => ("LABEL", x.label.span.clone()),
        Theirs::Maintainer(x) => ("MAINTAINER", x.maintainer.span.clone()),
        Theirs::Onbuild(x) => ("ONBUILD", x.onbuild.span.clone()),
        Theirs::Run(x) => ("RUN", x.run.span.clone()),
        Theirs::Shell(x) => ("SHELL", x.shell.span.clone()),
        Theirs::Stopsignal(x) => ("STOPSIGNAL", x.stopsignal.span.clone()),
        Theirs::User(x) => ("USER", x.user.span.clone()),
        Theirs::Volume(x) => ("VOLUME", x.volume.span.clone()),
        Theirs::Workdir(x) => ("WORKDIR", x.workdir.span.clone()),
        _ => ("?", 0..0),
    }
}

/// Compares one file; returns false when the oracle rejects it (nothing to compare).
fn compare(name: &str, text: &str) -> bool {
    let Ok(theirs) = parse_dockerfile::parse(text) else { return false };
    let ours = dockerfile::parse(text);
    assert!(ours.errors.is_empty(), "{name}: we report errors on a file the oracle accepts: {:?}", ours.errors);
    assert_eq!(ours.instructions.len(), theirs.instructions.len(), "{name}: instruction count");
    for (o, t) in ours.instructions.iter().zip(&theirs.instructions) {
        let (kind, kw) = their_kind_and_keyword(t);
        assert_eq!(o.kind.name(), kind, "{name}: kind at {kw:?}");
        assert_eq!(o.keyword_range, kw, "{name}: keyword range of {kind}");
        match t {
            Theirs::From(f) => {
                let p = o.as_from().expect("FROM parts");
                assert_eq!(p.image.range, f.image.span, "{name}: FROM image range");
                assert_eq!(p.image.value(ours.escape), f.image.value, "{name}: FROM image");
                assert_eq!(p.alias.map(|a| a.range.clone()), f.as_.as_ref().map(|a| a.1.span.clone()), "{name}: alias");
                let flags: Vec<_> = f.options.iter().map(|x| x.name.span.clone()).collect();
                assert_eq!(
                    o.flags.iter().map(|x| x.name_range.clone()).collect::<Vec<_>>(),
                    flags,
                    "{name}: FROM flags"
                );
            }
            Theirs::Run(r) => {
                let flags: Vec<_> =
                    r.options.iter().map(|x| (x.name.span.clone(), x.value.as_ref().map(|v| v.span.clone()))).collect();
                let ours_flags: Vec<_> =
                    o.flags.iter().map(|x| (x.name_range.clone(), x.value_range.clone())).collect();
                assert_eq!(ours_flags, flags, "{name}: RUN flags");
                assert_eq!(o.heredocs.len(), r.here_docs.len(), "{name}: RUN heredocs");
            }
            Theirs::Copy(c) => {
                let flags: Vec<_> = c.options.iter().map(|x| x.name.span.clone()).collect();
                assert_eq!(
                    o.flags.iter().map(|x| x.name_range.clone()).collect::<Vec<_>>(),
                    flags,
                    "{name}: COPY flags"
                );
            }
            _ => {}
        }
    }
    true
}

fn corpus() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    let mut stack = vec![root.join("fixtures"), root.join("rules/tests/data")];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if shipshape_rules::FileKind::detect(&p) == Some(shipshape_rules::FileKind::Dockerfile) {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p.display().to_string(), t));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn agrees_with_parse_dockerfile_on_valid_files() {
    let mut compared = 0;
    for (name, text) in corpus() {
        if compare(&name, &text) {
            compared += 1;
        }
    }
    // Hand-written constructs beyond the fixtures.
    let extra = [
        "FROM alpine:3.20\nRUN echo a \\\n  b \\\n\n  c\n",
        "from --platform=linux/amd64 node:20 as Build\ncopy --from=build --chmod=644 a b\n",
        "FROM x\nRUN <<EOF\nset -e\nEOF\nRUN --mount=type=cache,target=/root/.npm npm ci\n",
        "ARG A=1\nFROM busybox:${A}\nONBUILD RUN make\nHEALTHCHECK NONE\n",
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir `\n  c:\\\n",
        "FROM a:1\r\nENV A=1 B=2\r\nLABEL x=\"y z\"\r\nEXPOSE 80 443/udp\r\n",
    ];
    for (i, t) in extra.iter().enumerate() {
        assert!(compare(&format!("extra[{i}]"), t), "oracle rejected extra[{i}]");
        compared += 1;
    }
    assert!(compared > extra.len(), "the oracle accepted none of the corpus files");
}
