//! Semantic tokens: what each part of a line is, beyond what a TextMate grammar can tell.
//! Dockerfiles: instructions, flags and `--mount` keys, variables (declared and used, also
//! in shell scripts), stage names (defined and referenced), images, heredoc bodies,
//! directives and comments. Compose: keys, service names, values by type, `${VAR}`
//! interpolations and comments.

use super::*;
use shipshape_rules::model::dockerfile::{stage_refs, DockerfileModel};
use shipshape_rules::syntax::compose::interpolation;
use shipshape_rules::syntax::dockerfile::{Dockerfile, Instruction, Kind};
use shipshape_rules::syntax::yaml::{Node, ScalarKind, ScalarStyle, Value};
use std::ops::Range;

/// The legend, in the order of [`Tok`].
pub const TYPES: &[SemanticTokenType] = &[
    SemanticTokenType::KEYWORD,
    SemanticTokenType::PARAMETER,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::STRING,
    SemanticTokenType::COMMENT,
    SemanticTokenType::MACRO,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::TYPE,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::NUMBER,
];
pub const MODIFIERS: &[SemanticTokenModifier] = &[SemanticTokenModifier::DECLARATION];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Keyword,
    Parameter,
    Variable,
    String,
    Comment,
    Macro,
    Namespace,
    Type,
    Property,
    Number,
}

/// A token over a byte range. Background tokens (heredoc bodies, YAML values) give way
/// to the tokens inside them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: Range<usize>,
    pub tok: Tok,
    pub declaration: bool,
    background: bool,
}

fn t(range: Range<usize>, tok: Tok) -> Token {
    Token { range, tok, declaration: false, background: false }
}

fn decl(range: Range<usize>, tok: Tok) -> Token {
    Token { range, tok, declaration: true, background: false }
}

fn background(range: Range<usize>, tok: Tok) -> Token {
    Token { range, tok, declaration: false, background: true }
}

/// The tokens of a document: sorted, not overlapping, each within one line.
pub fn tokens(p: &Parsed) -> Vec<Token> {
    let mut out = Vec::new();
    if let Some(df) = p.dockerfile() {
        dockerfile_tokens(df, &mut out);
    } else if let Some(file) = p.compose() {
        for doc in &file.yaml.documents {
            yaml_tokens(&p.text, doc, 0, &mut out);
        }
        line_comments(&p.text, &mut out);
    }
    split_lines(&p.text, flatten(out))
}

fn dockerfile_tokens(df: &Dockerfile, out: &mut Vec<Token>) {
    for d in &df.directives {
        out.push(t(d.range.clone(), Tok::Macro));
    }
    for c in &df.comments {
        if !df.directives.iter().any(|d| d.range.start < c.range.end && c.range.start < d.range.end) {
            out.push(t(c.range.clone(), Tok::Comment));
        }
    }
    let model = DockerfileModel::build(df);
    let stages: Vec<&str> = model.stages.iter().filter_map(|s| s.name.as_deref()).collect();
    for r in stage_refs(df) {
        if stages.iter().any(|s| s.eq_ignore_ascii_case(&r.name)) {
            out.push(t(r.range, Tok::Namespace));
        }
    }
    for inst in &df.instructions {
        instruction_tokens(df, inst, out);
        if let Some(inner) = &inst.onbuild {
            instruction_tokens(df, inner, out);
        }
    }
}

fn instruction_tokens(df: &Dockerfile, inst: &Instruction, out: &mut Vec<Token>) {
    let esc = df.escape;
    out.push(t(inst.keyword_range.clone(), Tok::Keyword));
    for f in &inst.flags {
        // `--name` (the name range leaves out the dashes).
        out.push(t(f.range.start..f.name_range.end, Tok::Parameter));
        if f.name == "mount" {
            for field in f.fields(&inst.line) {
                out.push(t(field.key_range, Tok::Property));
            }
        }
    }
    match inst.kind {
        Kind::From => {
            if let Some(parts) = inst.as_from() {
                if !parts.image.text.contains('$') {
                    out.push(t(parts.image.range.clone(), Tok::Type));
                }
                if let Some(alias) = parts.alias {
                    out.push(decl(alias.range.clone(), Tok::Namespace));
                    if let Some(kw) = inst.args.get(1) {
                        out.push(t(kw.range.clone(), Tok::Keyword));
                    }
                }
            }
        }
        Kind::Arg | Kind::Env => {
            for kv in inst.key_values(esc) {
                out.push(decl(kv.key_range, Tok::Variable));
            }
        }
        Kind::Label => {
            for kv in inst.key_values(esc) {
                out.push(t(kv.key_range, Tok::Property));
            }
        }
        Kind::Expose => {
            for w in inst.args.iter().filter(|w| w.text.starts_with(|c: char| c.is_ascii_digit())) {
                out.push(t(w.range.clone(), Tok::Number));
            }
        }
        _ => {}
    }
    for h in &inst.heredocs {
        out.push(background(h.body_range.clone(), Tok::String));
        if let Some(term) = &h.terminator_range {
            out.push(t(term.clone(), Tok::String));
        }
    }
    for v in inst.variables(esc).into_iter().chain(inst.shell_variables(&df.source)) {
        out.push(t(v.name_range, Tok::Variable));
    }
}

fn yaml_tokens(text: &str, node: &Node, depth: usize, out: &mut Vec<Token>) {
    // A value copied from an anchor is tokenised where it is written.
    if node.via_alias.is_some() {
        return;
    }
    match &node.value {
        Value::Map(entries) => {
            for e in entries.iter().filter(|e| e.merged_from.is_none()) {
                // The names under `services:`, `networks:`, … are declarations.
                let named = depth == 1;
                out.push(if named {
                    decl(e.key.range.clone(), Tok::Namespace)
                } else {
                    t(e.key.range.clone(), Tok::Property)
                });
                yaml_tokens(text, &e.value, depth + 1, out);
            }
        }
        Value::Seq(items) => {
            for it in items {
                yaml_tokens(text, it, depth + 1, out);
            }
        }
        Value::Scalar(s) => {
            let tok = match s.kind {
                ScalarKind::Int | ScalarKind::Float => Tok::Number,
                ScalarKind::Bool | ScalarKind::Null => Tok::Keyword,
                ScalarKind::Str => Tok::String,
            };
            // Background: the `${VAR}`s inside cut it.
            out.push(background(node.range.clone(), tok));
            // `${VAR}` in a value written as is (plain or single-quoted: offsets match).
            if matches!(s.style, ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::Literal) {
                if let Some(raw) = text.get(node.range.clone()) {
                    for v in interpolation::find(raw).0 {
                        let r = node.range.start + v.name_range.start..node.range.start + v.name_range.end;
                        if text.get(r.clone()) == Some(v.name.as_str()) {
                            out.push(t(r, Tok::Variable));
                        }
                    }
                }
            }
        }
        _ => {}
    }
}

/// Whole-line `#` comments (YAML comments are not in the tree). Lines inside block scalars
/// are already covered by a token and are dropped by [`flatten`].
fn line_comments(text: &str, out: &mut Vec<Token>) {
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        let trimmed = body.trim_start();
        if trimmed.starts_with('#') {
            out.push(background(at + (body.len() - trimmed.len())..at + body.len(), Tok::Comment));
        }
        at += line.len();
    }
}

/// Sorted, non-overlapping tokens: a foreground token overlapping an earlier one is
/// dropped; background tokens are cut around the foreground ones.
fn flatten(tokens: Vec<Token>) -> Vec<Token> {
    let (mut fg, bg): (Vec<Token>, Vec<Token>) = tokens.into_iter().partition(|t| !t.background);
    fg.retain(|t| t.range.start < t.range.end);
    fg.sort_by_key(|t| (t.range.start, std::cmp::Reverse(t.range.end)));
    let mut kept: Vec<Token> = Vec::with_capacity(fg.len());
    for tok in fg {
        if kept.last().is_none_or(|l| l.range.end <= tok.range.start) {
            kept.push(tok);
        }
    }
    let mut bg = bg;
    bg.sort_by_key(|t| t.range.start);
    let mut pieces: Vec<Token> = Vec::new();
    for b in bg {
        let mut start = b.range.start;
        for f in kept.iter().filter(|f| f.range.start < b.range.end && b.range.start < f.range.end) {
            if f.range.start > start {
                pieces.push(Token { range: start..f.range.start, ..b.clone() });
            }
            start = start.max(f.range.end);
        }
        if start < b.range.end {
            pieces.push(Token { range: start..b.range.end, ..b });
        }
    }
    // Background pieces overlapping each other (a comment line inside a block scalar):
    // the first wins.
    pieces.sort_by_key(|t| (t.range.start, std::cmp::Reverse(t.range.end)));
    let mut last_end = 0;
    pieces.retain(|p| {
        let keep = p.range.start >= last_end;
        if keep {
            last_end = p.range.end;
        }
        keep
    });
    kept.extend(pieces);
    kept.sort_by_key(|t| t.range.start);
    kept
}

/// Tokens cut at line breaks (clients need not support multi-line tokens); blank pieces
/// are dropped.
fn split_lines(text: &str, tokens: Vec<Token>) -> Vec<Token> {
    let mut out = Vec::with_capacity(tokens.len());
    for tok in tokens {
        let Some(s) = text.get(tok.range.clone()) else { continue };
        let mut start = tok.range.start;
        for piece in s.split_inclusive(['\n', '\r']) {
            let body = piece.trim_end_matches(['\n', '\r']);
            let lead = body.len() - body.trim_start().len();
            if !body.trim().is_empty() {
                out.push(Token { range: start + lead..start + body.trim_end().len(), ..tok.clone() });
            }
            start += piece.len();
        }
    }
    out
}

/// LSP's relative encoding of tokens.
pub fn encode(rope: &Rope, enc: Encoding, tokens: &[Token]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0, 0);
    for tok in tokens {
        let a = position::position(rope, enc, tok.range.start);
        let b = position::position(rope, enc, tok.range.end);
        if b.line != a.line || b.character <= a.character {
            continue;
        }
        let delta_line = a.line - line;
        let delta_start = if delta_line == 0 { a.character - col } else { a.character };
        out.push(SemanticToken {
            delta_line,
            delta_start,
            length: b.character - a.character,
            token_type: tok.tok as u32,
            token_modifiers_bitset: u32::from(tok.declaration),
        });
        (line, col) = (a.line, a.character);
    }
    out
}

pub(super) async fn full(backend: &Backend, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
    let Some(View { parsed, rope, enc, .. }) = backend.parsed(&params.text_document.uri) else { return Ok(None) };
    guard("semanticTokens", || {
        let data = encode(&rope, enc, &tokens(&parsed));
        Some(SemanticTokensResult::Tokens(SemanticTokens { result_id: None, data }))
    })
}

pub(super) async fn range(
    backend: &Backend,
    params: SemanticTokensRangeParams,
) -> Result<Option<SemanticTokensRangeResult>> {
    let Some(View { parsed, rope, enc, .. }) = backend.parsed(&params.text_document.uri) else { return Ok(None) };
    // A range past the end (the editor's visible lines) is clamped to the text.
    let clamp = |pos| position::offset(&rope, enc, pos).unwrap_or(rope.len_bytes());
    let (start, end) = (clamp(params.range.start), clamp(params.range.end));
    guard("semanticTokens/range", || {
        let toks: Vec<Token> =
            tokens(&parsed).into_iter().filter(|t| t.range.end > start && t.range.start < end).collect();
        let data = encode(&rope, enc, &toks);
        Some(SemanticTokensRangeResult::Tokens(SemanticTokens { result_id: None, data }))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(kind: FileKind, text: &str) -> Vec<(String, Tok, bool)> {
        let p = Parsed::new(kind, 0, text.to_string());
        tokens(&p).into_iter().map(|t| (text[t.range].to_string(), t.tok, t.declaration)).collect()
    }

    fn has(toks: &[(String, Tok, bool)], text: &str, tok: Tok) -> bool {
        toks.iter().any(|(s, t, _)| s == text && *t == tok)
    }

    #[test]
    fn dockerfile_tokens() {
        let text = "# syntax=docker/dockerfile:1\n# a comment\nARG BASE=alpine:3\nFROM golang:1.22 AS build\nRUN --mount=type=cache,target=/root/.cache go build -o /app \\\n    ./cmd/$NAME\nFROM ${BASE}\nCOPY --from=build /app /app\nRUN <<EOF\necho \"$HOME\"\nEOF\nEXPOSE 8080\n";
        let toks = named(FileKind::Dockerfile, text);
        assert!(has(&toks, "# syntax=docker/dockerfile:1", Tok::Macro), "{toks:?}");
        assert!(has(&toks, "# a comment", Tok::Comment));
        assert!(toks.contains(&("BASE".into(), Tok::Variable, true)));
        assert!(has(&toks, "FROM", Tok::Keyword) && has(&toks, "AS", Tok::Keyword));
        assert!(has(&toks, "golang:1.22", Tok::Type));
        assert!(toks.contains(&("build".into(), Tok::Namespace, true)));
        assert!(toks.contains(&("build".into(), Tok::Namespace, false)), "COPY --from=build");
        assert!(has(&toks, "--mount", Tok::Parameter) && has(&toks, "type", Tok::Property));
        assert!(has(&toks, "NAME", Tok::Variable), "a use on a continuation line: {toks:?}");
        assert!(
            has(&toks, "echo \"$", Tok::String) && has(&toks, "HOME", Tok::Variable),
            "heredoc body cut around the variable: {toks:?}"
        );
        assert!(has(&toks, "8080", Tok::Number));
        // Sorted, disjoint, one line each.
        let p = Parsed::new(FileKind::Dockerfile, 0, text.to_string());
        let raw = tokens(&p);
        assert!(raw.windows(2).all(|w| w[0].range.end <= w[1].range.start));
        assert!(raw.iter().all(|t| !text[t.range.clone()].contains('\n')));
    }

    #[test]
    fn compose_tokens() {
        let text = "# top\nservices:\n  web:\n    image: \"nginx:1\"\n    replicas: 2\n    init: true\n    environment:\n      A: ${TAG:-1}\n    command: |\n      run ${X}\n";
        let toks = named(FileKind::Compose, text);
        assert!(has(&toks, "# top", Tok::Comment), "{toks:?}");
        assert!(has(&toks, "services", Tok::Property));
        assert!(toks.contains(&("web".into(), Tok::Namespace, true)));
        assert!(has(&toks, "\"nginx:1\"", Tok::String));
        assert!(has(&toks, "2", Tok::Number) && has(&toks, "true", Tok::Keyword));
        assert!(has(&toks, "TAG", Tok::Variable) && has(&toks, "X", Tok::Variable), "{toks:?}");
    }

    #[test]
    fn encoding_is_relative() {
        let text = "FROM a:1\nRUN x\n";
        let p = Parsed::new(FileKind::Dockerfile, 0, text.to_string());
        let rope = Rope::from_str(text);
        let data = encode(&rope, Encoding::Utf16, &tokens(&p));
        let flat: Vec<[u32; 4]> = data.iter().map(|d| [d.delta_line, d.delta_start, d.length, d.token_type]).collect();
        assert_eq!(flat, [[0, 0, 4, Tok::Keyword as u32], [0, 5, 3, Tok::Type as u32], [1, 0, 3, Tok::Keyword as u32]]);
    }
}

/// The editor views over every real-world file: no panic, and each view's invariants (tokens
/// sorted, disjoint, within one line; folds spanning lines; hints inside the text; a
/// signature's active parameter inside its label).
#[cfg(test)]
mod realworld {
    use super::*;
    use std::path::{Path, PathBuf};

    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() && !p.is_symlink() {
                walk(&p, out);
            } else if p.is_file() {
                out.push(p);
            }
        }
    }

    #[test]
    fn views_hold_on_real_files() {
        let mut files = Vec::new();
        walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/realworld"), &mut files);
        let mut seen = 0;
        for p in files {
            let Some(kind) = FileKind::detect(&p) else { continue };
            let Ok(text) = std::fs::read_to_string(&p) else { continue };
            seen += 1;
            let parsed = Parsed::new(kind, 0, text.clone());
            let toks = tokens(&parsed);
            assert!(toks.windows(2).all(|w| w[0].range.end <= w[1].range.start), "{}", p.display());
            assert!(
                toks.iter().all(|t| text.get(t.range.clone()).is_some_and(|s| !s.contains('\n'))),
                "{}",
                p.display()
            );
            let rope = Rope::from_str(&text);
            encode(&rope, Encoding::Utf16, &toks);
            for f in super::super::folding::folds(&parsed) {
                assert!(
                    text[f.range.clone()].trim_end().contains('\n') || text[f.range.clone()].contains('\r'),
                    "{}",
                    p.display()
                );
            }
            if let Some(df) = parsed.dockerfile() {
                for h in super::super::inlay_hints::dockerfile_hints(df, &[]) {
                    assert!(h.offset <= text.len());
                }
                for i in &df.instructions {
                    for at in [i.keyword_range.end + 1, i.range.end] {
                        if let Some(s) = super::super::signature_help::signature(df, at.min(text.len())) {
                            assert!(s.active.is_none_or(|a| a < s.params.len()), "{}", p.display());
                        }
                    }
                }
            }
        }
        assert!(seen > 700, "files seen: {seen}");
    }
}
