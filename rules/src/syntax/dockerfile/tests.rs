use super::*;

fn src<'a>(df: &'a Dockerfile, r: &std::ops::Range<usize>) -> &'a str {
    &df.source[r.clone()]
}

/// A readable dump of the tree: every node with the exact source text of its range.
fn dump(df: &Dockerfile) -> String {
    let mut out = String::new();
    for d in &df.directives {
        out += &format!("directive {}={:?} @{:?}\n", d.name, d.value, src(df, &d.value_range));
    }
    for c in &df.comments {
        out += &format!("comment {:?}\n", src(df, &c.range));
    }
    for i in &df.instructions {
        dump_inst(df, i, &mut out, "");
    }
    for e in &df.errors {
        out += &format!("error {:?} @{:?}\n", e.message, src(df, &e.range));
    }
    out
}

fn dump_inst(df: &Dockerfile, i: &Instruction, out: &mut String, indent: &str) {
    *out += &format!("{indent}{:?} kw={:?} range={:?}\n", i.kind, src(df, &i.keyword_range), src(df, &i.range));
    for f in &i.flags {
        *out += &format!("{indent}  flag {} = {:?} @{:?}\n", f.name, f.value, src(df, &f.range));
        for field in f.fields(&i.line).into_iter().filter(|_| f.name == "mount") {
            *out += &format!("{indent}    field {}={:?} @{:?}\n", field.key, field.value, src(df, &field.range));
        }
    }
    for w in &i.args {
        *out += &format!("{indent}  arg {:?}\n", src(df, &w.range));
    }
    if let Some(exec) = &i.exec {
        for e in exec {
            *out += &format!("{indent}  exec {:?} @{:?}\n", e.value, src(df, &e.range));
        }
    }
    for h in &i.heredocs {
        *out += &format!(
            "{indent}  heredoc {} strip={} quoted={} marker={:?} body={:?}\n",
            h.delimiter,
            h.strip_tabs,
            h.quoted,
            src(df, &h.marker_range),
            src(df, &h.body_range)
        );
    }
    if let Some(inner) = &i.onbuild {
        dump_inst(df, inner, out, "    ");
    }
}

#[test]
fn simple_file() {
    let df = parse("FROM rust:1.80 AS build\nRUN cargo build --release\nCMD [\"app\", \"--port\", \"80\"]\n");
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions.len(), 3);
    let from = df.instructions[0].as_from().unwrap();
    assert_eq!(from.image.text, "rust:1.80");
    assert_eq!(src(&df, &from.image.range), "rust:1.80");
    assert_eq!(from.alias.unwrap().text, "build");
    assert_eq!(df.instructions[1].args_text(), "cargo build --release");
    let exec = df.instructions[2].exec.as_ref().unwrap();
    assert_eq!(exec.iter().map(|e| e.value.as_str()).collect::<Vec<_>>(), ["app", "--port", "80"]);
    assert_eq!(src(&df, &exec[1].range), "\"--port\"");
}

#[test]
fn flags_and_mount_fields() {
    let text = "RUN --mount=type=cache,target=/var/cache/apt,sharing=locked --network=none apt-get update\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let run = &df.instructions[0];
    assert_eq!(run.flags.len(), 2);
    let mount = run.flag("mount").unwrap();
    let fields = mount.fields(&run.line);
    assert_eq!(fields.len(), 3);
    assert_eq!(fields[1].key, "target");
    assert_eq!(fields[1].value.as_deref(), Some("/var/cache/apt"));
    assert_eq!(src(&df, &fields[1].range), "target=/var/cache/apt");
    assert_eq!(src(&df, fields[1].value_range.as_ref().unwrap()), "/var/cache/apt");
    assert_eq!(run.args_text(), "apt-get update");
    assert_eq!(src(&df, &run.args_range()), "apt-get update");
}

#[test]
fn continuation_with_comments_and_blank_lines() {
    let text = "RUN apt-get update && \\\n    # a comment\n\n    apt-get install -y \\\n      curl\nUSER app\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions.len(), 2);
    let run = &df.instructions[0];
    assert_eq!(run.args_text(), "apt-get update &&     apt-get install -y       curl");
    let curl = run.args.last().unwrap();
    assert_eq!(src(&df, &curl.range), "curl");
    assert_eq!(df.comments.len(), 1);
    assert_eq!(src(&df, &df.comments[0].range), "# a comment");
    assert_eq!(df.instructions[1].kind, Kind::User);
    assert!(src(&df, &run.range).ends_with("curl"));
}

#[test]
fn word_spanning_a_join_maps_both_ends() {
    let df = parse("COPY a\\\nb /dst\n");
    let w = &df.instructions[0].args[0];
    assert_eq!(w.text, "ab");
    assert_eq!(src(&df, &w.range), "a\\\nb");
    assert!(!df.instructions[0].line.is_contiguous(w.logical.clone()));
}

#[test]
fn heredocs() {
    let text = "RUN <<EOF\napt-get update\nFROM not-an-instruction\nEOF\nCOPY <<-\"A\" /a <<'B' /b\n\tone\n\tA\ntwo\nB\nRUN ok\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions.len(), 3, "{}", dump(&df));
    let run = &df.instructions[0];
    assert_eq!(run.heredocs[0].delimiter, "EOF");
    assert_eq!(src(&df, &run.heredocs[0].body_range), "apt-get update\nFROM not-an-instruction\n");
    assert!(src(&df, &run.range).ends_with("\nEOF"));
    let copy = &df.instructions[1];
    assert_eq!(copy.heredocs.len(), 2);
    assert!(copy.heredocs[0].strip_tabs && copy.heredocs[0].quoted);
    assert_eq!(src(&df, &copy.heredocs[0].body_range), "\tone\n");
    assert_eq!(src(&df, &copy.heredocs[1].body_range), "two\n");
    assert_eq!(df.instructions[2].args_text(), "ok");
}

#[test]
fn unterminated_heredoc_is_an_error_not_a_panic() {
    let df = parse("RUN <<EOF\necho hi\n");
    assert_eq!(df.errors.len(), 1);
    assert!(df.errors[0].message.contains("unterminated heredoc"));
    assert_eq!(src(&df, &df.errors[0].range), "<<EOF");
}

#[test]
fn directives_and_escape() {
    let text = "# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=JSONArgsRecommended\n\nFROM mcr.microsoft.com/windows/servercore\nWORKDIR C:\\app\nRUN dir `\n  /s\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.directives.len(), 3);
    assert_eq!(df.escape, '`');
    assert_eq!(df.directive("check").unwrap().value, "skip=JSONArgsRecommended");
    assert_eq!(src(&df, &df.directive("syntax").unwrap().value_range), "docker/dockerfile:1");
    assert_eq!(df.instructions[1].args[0].value(df.escape), "C:\\app");
    assert_eq!(df.instructions[2].args_text(), "dir   /s");
}

#[test]
fn directives_stop_at_first_other_line() {
    let df = parse("# a comment\n# escape=`\nFROM x\n");
    assert!(df.directives.is_empty());
    assert_eq!(df.escape, '\\');
    assert_eq!(df.comments.len(), 2);
}

#[test]
fn bad_escape_directive() {
    let df = parse("# escape=x\nFROM a\n");
    assert_eq!(df.errors.len(), 1);
    assert_eq!(src(&df, &df.errors[0].range), "x");
}

#[test]
fn crlf_bom_and_lowercase() {
    let text = "\u{feff}from alpine:3.20 as base\r\nrun echo hi \\\r\n  there\r\ncopy . /app\r\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions.len(), 3);
    assert_eq!(df.instructions[0].kind, Kind::From);
    assert_eq!(src(&df, &df.instructions[0].keyword_range), "from");
    assert_eq!(df.instructions[0].as_from().unwrap().alias.unwrap().text, "base");
    assert_eq!(df.instructions[1].args_text(), "echo hi   there");
    assert_eq!(src(&df, &df.instructions[2].range), "copy . /app");
    assert_eq!(df.content_start(), 3);
}

#[test]
fn onbuild_and_unknown() {
    let df = parse("ONBUILD RUN make\nFOO bar\nRU\nONBUILD FROM x\n");
    let ob = df.instructions[0].onbuild.as_ref().unwrap();
    assert_eq!(ob.kind, Kind::Run);
    assert_eq!(src(&df, &ob.keyword_range), "RUN");
    assert_eq!(ob.args_text(), "make");
    let msgs: Vec<_> = df.errors.iter().map(|e| (e.message.as_str(), src(&df, &e.range))).collect();
    assert_eq!(msgs.len(), 3, "{msgs:?}");
    assert_eq!(msgs[0].1, "FOO");
    assert_eq!(msgs[1], ("unknown instruction: RU (did you mean RUN?)", "RU"));
    assert!(msgs[2].0.contains("ONBUILD trigger"));
}

#[test]
fn one_bad_line_does_not_stop_the_parse() {
    let df = parse("FROM alpine:3\nCOPY\nRUN echo ok\nWORKDIR\nEXPOSE 80\n");
    assert_eq!(df.instructions.len(), 5);
    let lines: Vec<_> = df.errors.iter().map(|e| src(&df, &e.range)).collect();
    assert_eq!(lines, ["COPY", "WORKDIR"]);
}

#[test]
fn from_without_an_image_is_an_error() {
    let df = parse("FROM --platform= AS\nFROM --platform=$BUILDPLATFORM golang:1.23 AS Build\nFROM Build\nFROM Node:18\nFROM ${BASE}\nFROM a:b:c\n");
    let msgs: Vec<_> = df.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        msgs,
        [
            "FROM is missing its image: `FROM [--platform=…] image [AS name]`",
            "FROM `Node:18` is not a valid image reference",
            "FROM `a:b:c` is not a valid image reference"
        ]
    );
}

#[test]
fn unknown_and_valueless_flags() {
    let df = parse("COPY --form=build /a /b\nCOPY --link /a /b\nRUN --mount /x echo\nUSER --x bob\n");
    let msgs: Vec<_> = df.errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        msgs,
        ["unknown flag for COPY: --form", "flag --mount needs a value (--mount=…)", "USER does not take flags: --x"]
    );
}

#[test]
fn env_label_arg_key_values() {
    let df = parse(
        "ENV A=1 B=\"two words\" C=x\\ y\nENV LEGACY some value\nLABEL \"org.key\"=\"v\"\nARG NAME\nARG V=1.0 W\n",
    );
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let kv = df.instructions[0].key_values('\\');
    assert_eq!(
        kv.iter().map(|k| (k.key.as_str(), k.value.as_deref().unwrap())).collect::<Vec<_>>(),
        [("A", "1"), ("B", "two words"), ("C", "x y")]
    );
    assert_eq!(src(&df, kv[1].value_range.as_ref().unwrap()), "\"two words\"");
    let legacy = &df.instructions[1].key_values('\\')[0];
    assert!(legacy.legacy);
    assert_eq!(legacy.value.as_deref(), Some("some value"));
    assert_eq!(df.instructions[2].key_values('\\')[0].key, "org.key");
    assert_eq!(df.instructions[3].key_values('\\')[0].value, None);
    let args = df.instructions[4].key_values('\\');
    assert_eq!(args.len(), 2);
    assert_eq!(src(&df, &args[0].key_range), "V");
}

#[test]
fn env_errors() {
    let df = parse("ENV\nENV =x\nENV A=1 B\nENV ONLYKEY\n");
    assert_eq!(df.errors.len(), 4, "{:?}", df.errors);
}

#[test]
fn from_forms() {
    let df = parse("FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\nFROM a b\nFROM\n");
    let f = df.instructions[0].as_from().unwrap();
    assert_eq!(f.platform.unwrap().value.as_deref(), Some("$BUILDPLATFORM"));
    assert_eq!(f.image.text, "golang:1.22");
    assert_eq!(df.errors.len(), 2);
}

#[test]
fn exec_form_with_unicode_and_invalid_json_is_shell_form() {
    let df = parse("CMD [\"écho\", \"😀\"]\nCMD [echo, hi]\nENTRYPOINT [\"a\"] extra\n");
    assert_eq!(df.instructions[0].exec.as_ref().unwrap()[1].value, "😀");
    assert_eq!(src(&df, &df.instructions[0].exec.as_ref().unwrap()[1].range), "\"😀\"");
    assert!(df.instructions[1].exec.is_none());
    assert!(df.instructions[2].exec.is_none());
    assert!(df.errors.is_empty());
}

#[test]
fn shell_requires_json() {
    let df = parse("SHELL /bin/bash -c\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n");
    assert_eq!(df.errors.len(), 1);
}

#[test]
fn trailing_continuation_at_eof() {
    let df = parse("RUN echo \\");
    assert_eq!(df.instructions.len(), 1);
    assert_eq!(df.instructions[0].args_text(), "echo");
    let df = parse("RUN echo \\\n# only a comment\n");
    assert_eq!(df.instructions.len(), 1);
}

#[test]
fn empty_and_whitespace_inputs() {
    for t in ["", "\n", "   \n\t\n", "\u{feff}", "\r\n", "#", "\\", "`", "[", "\"", "<<"] {
        let _ = parse(t);
    }
    assert!(parse("").instructions.is_empty());
}

#[test]
fn snapshot_complex_file() {
    let text = include_str!("../../../tests/data/complex.Dockerfile");
    insta::assert_snapshot!(dump(&parse(text)));
}

#[test]
fn variable_references_keep_source_ranges() {
    let text = "FROM ${BASE:-node}:$TAG\nCOPY --chown=${USER} a\\\n$DEST /x\nRUN echo $NOT_BUILDER\nLABEL a='$literal' b=\\$esc c=\"${Q:+x}\"\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let names = |i: usize| -> Vec<(String, String)> {
        df.instructions[i].variables(df.escape).into_iter().map(|v| (v.name, src(&df, &v.range).to_string())).collect()
    };
    assert_eq!(names(0), [("BASE".into(), "${BASE:-node}".into()), ("TAG".into(), "$TAG".into())]);
    assert_eq!(names(1), [("DEST".into(), "$DEST".into()), ("USER".into(), "${USER}".into())]);
    assert!(names(2).is_empty(), "RUN is expanded by the shell");
    assert_eq!(names(3), [("Q".into(), "${Q:+x}".into())]);
    let v = &df.instructions[0].variables('\\')[0];
    assert_eq!(src(&df, &v.name_range), "BASE");
}
