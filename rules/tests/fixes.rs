//! Every fix of every fixture, applied alone, gives a file that parses (no new syntax
//! errors) and no longer has that finding; fixing everything twice changes nothing more.

use std::path::{Path, PathBuf};

use shipshape_rules::diagnostic::apply_edits;
use shipshape_rules::{check, fix, Diagnostic, FileKind, Settings};

fn fixtures() -> Vec<(PathBuf, FileKind, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&dir) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Some(kind) = FileKind::detect(&p) {
                out.push((p.clone(), kind, std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 10, "fixtures missing");
    out
}

fn settings() -> Settings {
    Settings { strict: true, ..Default::default() }
}

fn run(kind: FileKind, path: &Path, text: &str) -> Vec<Diagnostic> {
    let env = |_: &str| None;
    check(kind, Some(path), text, &env, &settings())
}

fn count(diags: &[Diagnostic], rule: &str) -> usize {
    diags.iter().filter(|d| d.rule == rule).count()
}

#[test]
fn each_fix_parses_and_removes_its_finding() {
    let mut fixes_tried = 0;
    for (path, kind, text) in fixtures() {
        let before = run(kind, &path, &text);
        for d in &before {
            let Some(f) = &d.fix else { continue };
            let edits: Vec<_> = f.edits.iter().filter(|e| e.file.is_none()).collect();
            if edits.is_empty() {
                continue;
            }
            fixes_tried += 1;
            let after_text = apply_edits(&text, &edits);
            let after = run(kind, &path, &after_text);
            let name = format!("{} [{}] {:?}", path.display(), d.rule, f.title);
            assert!(
                count(&after, "syntax-error") <= count(&before, "syntax-error"),
                "{name}: the fix introduced a syntax error:\n{after_text}"
            );
            assert!(
                count(&after, d.rule) < count(&before, d.rule),
                "{name}: the finding is still there:\n{after_text}"
            );
        }
    }
    eprintln!("{fixes_tried} fixes tried");
}

#[test]
fn fixing_everything_is_idempotent() {
    let env = |_: &str| None;
    for (path, kind, text) in fixtures() {
        for include_unsafe in [false, true] {
            let once = fix(kind, Some(&path), &text, &env, &settings(), include_unsafe);
            let twice = fix(kind, Some(&path), &once.text, &env, &settings(), include_unsafe);
            assert_eq!(twice.text, once.text, "{}: a second fix pass changed the file", path.display());
            assert_eq!(twice.applied, 0, "{}", path.display());
            assert!(
                count(&once.remaining, "syntax-error") <= count(&run(kind, &path, &text), "syntax-error"),
                "{}: fixing introduced syntax errors",
                path.display()
            );
        }
    }
}
