//! Formatting never changes meaning: every real-world file and fixture parses to the same
//! instructions and values after `format`, and a second format changes nothing. Random
//! Dockerfile-like text is formatted without panics and with the same guarantees.

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use shipshape_rules::format::{format, format_with, Options};
use shipshape_rules::syntax::dockerfile::{self, Instruction, Kind};
use shipshape_rules::syntax::yaml::{self, Node, Value};
use shipshape_rules::FileKind;

/// What an instruction means: its kind, flags, words (unquoted), exec array and heredoc
/// bodies — not its spelling (`from` / `FROM`, `as` / `AS`) or the blanks between words.
fn instruction_meaning(df: &dockerfile::Dockerfile, i: &Instruction) -> String {
    let mut args: Vec<String> = i.args.iter().map(|w| w.value(df.escape)).collect();
    if i.kind == Kind::From && args.len() == 3 && args[1].eq_ignore_ascii_case("as") {
        args[1] = "AS".into();
    }
    // ONBUILD's words are its inner instruction, compared below.
    if i.onbuild.is_some() {
        args.clear();
    }
    let flags: Vec<String> = i.flags.iter().map(|f| format!("{}={:?}", f.name, f.value)).collect();
    let exec: Option<Vec<&str>> = i.exec.as_ref().map(|e| e.iter().map(|a| a.value.as_str()).collect());
    let heredocs: Vec<&str> = i.heredocs.iter().map(|h| &df.source[h.body_range.clone()]).collect();
    let inner = i.onbuild.as_ref().map(|o| instruction_meaning(df, o));
    let keyword = if i.kind == Kind::Unknown { i.keyword.clone() } else { format!("{:?}", i.kind) };
    format!("{keyword} {flags:?} {args:?} {exec:?} {heredocs:?} {inner:?}")
}

fn dockerfile_meaning(text: &str) -> (Vec<String>, Vec<String>, Vec<String>, usize) {
    let df = dockerfile::parse(text);
    let instructions = df.instructions.iter().map(|i| instruction_meaning(&df, i)).collect();
    let directives = df.directives.iter().map(|d| format!("{}={}", d.name, d.value)).collect();
    let comments = df.comments.iter().map(|c| c.text.trim_end().to_string()).collect();
    (instructions, directives, comments, df.errors.len())
}

/// A YAML node without positions.
fn yaml_meaning(n: &Node) -> String {
    let v = match &n.value {
        Value::Null => "~".to_string(),
        Value::Scalar(s) => format!("{:?}:{:?}", s.kind, s.text),
        Value::Seq(items) => format!("[{}]", items.iter().map(yaml_meaning).collect::<Vec<_>>().join(",")),
        Value::Map(entries) => format!(
            "{{{}}}",
            entries
                .iter()
                .map(|e| format!("{}:{}", yaml_meaning(&e.key), yaml_meaning(&e.value)))
                .collect::<Vec<_>>()
                .join(",")
        ),
        Value::Invalid => "!invalid".to_string(),
    };
    format!("{:?}{:?}{v}", n.tag, n.anchor)
}

fn compose_meaning(text: &str) -> (Vec<String>, usize) {
    let y = yaml::parse(text);
    (y.documents.iter().map(yaml_meaning).collect(), y.errors.len())
}

fn check(kind: FileKind, text: &str, name: &str) -> bool {
    let once = format(kind, text);
    assert_eq!(format(kind, &once), once, "{name}: a second format changes nothing");
    match kind {
        FileKind::Dockerfile => assert_eq!(dockerfile_meaning(text), dockerfile_meaning(&once), "{name}"),
        FileKind::Compose => assert_eq!(compose_meaning(text), compose_meaning(&once), "{name}"),
    }
    once != text
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && !p.is_symlink() {
            walk(&p, out);
        } else if p.is_file() {
            out.push(p);
        }
    }
}

/// The real-world set, the fixtures and the real-build cases.
fn real_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["tests/realworld", "fixtures", "tests/builds"] {
        walk(&root.join(dir), &mut files);
    }
    files
}

#[test]
fn real_world_files_keep_their_meaning() {
    let files = real_files();
    let (mut seen, mut changed) = ([0usize; 2], [0usize; 2]);
    for p in &files {
        let Some(kind) = FileKind::detect(p) else { continue };
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        let slot = usize::from(kind == FileKind::Compose);
        seen[slot] += 1;
        if check(kind, &text, &p.display().to_string()) {
            changed[slot] += 1;
        }
    }
    // A silent formatter must not pass: the set has hundreds of each, and real files do
    // have lower-case keywords, trailing blanks and missing final newlines.
    assert!(seen[0] > 300 && seen[1] > 100, "files seen: {seen:?}");
    assert!(changed[0] > 10 && changed[1] > 5, "files changed: {changed:?} of {seen:?}");
}

/// RUN chains split one command per line, when a project asks: every real-world Dockerfile
/// keeps its meaning, a second format changes nothing, and real files do get split.
#[test]
fn real_world_run_chains_split_and_keep_their_meaning() {
    let files = real_files();
    let options = Options { split_run_chains: true, ..Options::default() };
    let (mut seen, mut split) = (0usize, 0usize);
    for p in &files {
        if FileKind::detect(p) != Some(FileKind::Dockerfile) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        seen += 1;
        let once = format_with(FileKind::Dockerfile, &text, options);
        let name = p.display();
        assert_eq!(format_with(FileKind::Dockerfile, &once, options), once, "{name}: a second format");
        assert_eq!(dockerfile_meaning(&text), dockerfile_meaning(&once), "{name}");
        if once != format(FileKind::Dockerfile, &text) {
            split += 1;
        }
    }
    assert!(seen > 300 && split > 50, "split {split} of {seen}");
}

/// Re-indenting Compose files to 2 and to 4 spaces, when a project asks: the same values,
/// a second format changes nothing, and it really re-indents (a fallback that gives up on
/// every file would pass the first two).
#[test]
fn real_world_compose_files_reindent_and_keep_their_meaning() {
    let files = real_files();
    let (mut seen, mut at_four, mut refused) = (0usize, 0usize, Vec::new());
    for p in &files {
        if FileKind::detect(p) != Some(FileKind::Compose) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(p) else { continue };
        if !yaml::parse(&text).errors.is_empty() {
            continue;
        }
        seen += 1;
        for width in [2, 4] {
            let options = Options { compose_indent: Some(width), ..Options::default() };
            let once = format_with(FileKind::Compose, &text, options);
            let name = p.display();
            assert_eq!(format_with(FileKind::Compose, &once, options), once, "{name} at {width}: a second format");
            assert_eq!(compose_meaning(&text), compose_meaning(&once), "{name} at {width}");
            if width == 4 {
                // Real files indent by 2: after re-indenting to 4, no key or list item is
                // left 2 spaces in (block scalar lines move with their key).
                let two =
                    |l: &&str| l.starts_with("  ") && l[2..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '-');
                if once.lines().any(|l| two(&l)) {
                    refused.push(name.to_string());
                } else if once != text {
                    at_four += 1;
                }
            }
        }
    }
    assert!(seen > 100, "compose files seen: {seen}");
    assert!(refused.is_empty(), "not re-indented ({} of {seen}): {refused:#?}", refused.len());
    assert!(at_four * 10 >= seen * 9, "re-indented at 4: {at_four} of {seen}");
}

fn dockerfile_ish() -> impl Strategy<Value = String> {
    let tokens = prop::sample::select(vec![
        "FROM ",
        "from ",
        "run ",
        "RUN ",
        "COPY ",
        "onbuild ",
        "ENV ",
        "LABEL ",
        "CMD ",
        "node",
        " as ",
        " AS ",
        "\\\n",
        "\\  \n",
        "\n",
        "\n\n\n",
        "\r\n",
        "  ",
        "\t",
        "'",
        "\"",
        "a=b",
        "--mount=type=cache,target=/x",
        "--from=b ",
        "<<EOF\n",
        "x  \n",
        "EOF\n",
        "# c  \n",
        "# escape=`\n",
        "`\n",
        "[\"a\", \"b\"]",
        "echo",
        "&&",
    ]);
    prop::collection::vec(tokens, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn random_dockerfiles_keep_their_meaning(text in dockerfile_ish()) {
        check(FileKind::Dockerfile, &text, "random");
    }
}
