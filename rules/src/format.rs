//! Formatting: edits that change how a file looks, never what it means.
//!
//! Dockerfiles: instruction keywords (and `FROM … AS`) in upper case; one space between the
//! keyword, its flags and the first argument, and between the `key=value` pairs of LABEL,
//! ENV and ARG on a line; RUN chains one command per line when the project asks
//! (`Options::split_run_chains`), hand-laid RUNs kept otherwise; continuation lines that start at column 0
//! indented by four spaces where the join is between words outside quotes; no trailing
//! whitespace; at most one blank line between instructions; one final newline. Heredoc
//! bodies, parser directives, comments' text and hand-laid continuation indentation are
//! kept as written, and so is everything between arguments (it can be shell syntax).
//!
//! Compose files: no trailing whitespace, at most one blank line in a row, one final
//! newline — outside block scalars and multi-line strings, whose lines are content.
//! Quoting, anchors, comments and key order are kept; so is indentation, unless the project
//! asks for a width (`Options::compose_indent`): then block mappings and lists are
//! re-indented, lists under their key, and the result is parsed to prove it means the same.
//!
//! The meaning is checked, not assumed: the tests parse every real-world file and fixture
//! before and after and compare instructions and values; a second format changes nothing.

use std::ops::Range;

use crate::diagnostic::{apply_edits, Edit};
use crate::kind::FileKind;
use crate::syntax::dockerfile::{self, Dockerfile, Instruction, Kind};
use crate::syntax::yaml::{self, Node, ScalarStyle, Value};

/// What a project asks of the formatter beyond the fixed layout (`[format]` in
/// `.shipshape.toml`, or `format --compose-indent N`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Re-indent Compose files' block mappings and lists to this many spaces per level
    /// (lists indented under their key). `None`: indentation is kept as written.
    pub compose_indent: Option<usize>,
    /// Lay out each shell-form RUN that chains commands with `&&` / `||` one command per
    /// line (`\` continuations, the operator leading each line), whitespace between words
    /// made single. `false`: hand-laid RUNs are kept as written.
    pub split_run_chains: bool,
}

/// The formatting edits of a file (byte ranges of `text`, sorted, not overlapping).
pub fn edits(kind: FileKind, text: &str) -> Vec<Edit> {
    edits_with(kind, text, Options::default())
}

/// The formatting edits with `options`.
pub fn edits_with(kind: FileKind, text: &str, options: Options) -> Vec<Edit> {
    let mut edits = match kind {
        FileKind::Dockerfile => dockerfile_edits(text, options),
        FileKind::Compose => compose_edits(text, options),
    };
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

/// The formatted text.
pub fn format(kind: FileKind, text: &str) -> String {
    format_with(kind, text, Options::default())
}

/// The formatted text with `options`.
pub fn format_with(kind: FileKind, text: &str, options: Options) -> String {
    let edits = edits_with(kind, text, options);
    apply_edits(text, &edits.iter().collect::<Vec<_>>())
}

/// Physical lines as `(start, end of content, end with terminator)`.
fn lines(text: &str) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                let end = if i > start && bytes[i - 1] == b'\r' { i - 1 } else { i };
                out.push((start, end, i + 1));
                start = i + 1;
            }
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => {
                out.push((start, i, i + 1));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < bytes.len() {
        out.push((start, bytes.len(), bytes.len()));
    }
    out
}

fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    ranges.iter().any(|r| r.start <= at && at < r.end)
}

/// Trailing whitespace, blank-line runs and the final newline, outside `protected` ranges.
fn whitespace_edits(text: &str, protected: &[Range<usize>], edits: &mut Vec<Edit>) {
    let all = lines(text);
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut blank_run = 0;
    for &(start, end, full) in &all {
        if inside(protected, start) || (end > start && inside(protected, end - 1)) {
            blank_run = 0;
            continue;
        }
        let content = &text[start..end];
        let trimmed = content.trim_end_matches([' ', '\t']);
        if trimmed.is_empty() {
            blank_run += 1;
            // A second blank line in a row goes (terminator included).
            if blank_run > 1 {
                edits.push(Edit::replace(start..full, String::new()));
                continue;
            }
        } else {
            blank_run = 0;
        }
        if trimmed.len() < content.len() {
            edits.push(Edit::replace(start + trimmed.len()..end, String::new()));
        }
    }
    // Blank lines at the end go; the last line ends with one newline — unless the end is
    // content (a heredoc that runs to the end of the file).
    if text.is_empty() || inside(protected, text.len() - 1) {
        return;
    }
    let mut cut = text.len();
    for &(start, end, _) in all.iter().rev() {
        if text[start..end].trim_matches([' ', '\t']).is_empty() && !inside(protected, start) {
            cut = start;
        } else {
            break;
        }
    }
    if cut == 0 {
        return;
    }
    // Edits inside the cut tail are superseded by the cut.
    edits.retain(|e| e.range.start < cut);
    let last_end = all.iter().rev().find(|l| l.0 < cut).map_or(0, |l| l.1);
    let ends_right = text[last_end..cut] == *newline;
    if !ends_right || cut < text.len() {
        // Keep a `\r` of a CRLF file's last line: only the terminator and the blank tail change.
        edits.retain(|e| e.range.start < last_end || e.range.end <= last_end);
        edits.push(Edit::replace(last_end..text.len(), newline.to_string()));
    }
}

fn dockerfile_edits(text: &str, options: Options) -> Vec<Edit> {
    let df = dockerfile::parse(text);
    let mut edits = Vec::new();
    // RUN chains re-laid when asked: that edit is the instruction's only one.
    let mut relaid: Vec<Range<usize>> = Vec::new();
    if options.split_run_chains {
        for i in &df.instructions {
            if let Some(e) = run_chain_edit(&df, i) {
                relaid.push(i.range.clone());
                edits.push(e);
            }
        }
    }
    // Heredoc bodies and terminators are content; directives stay exactly as written.
    let mut protected: Vec<Range<usize>> = Vec::new();
    for i in &df.instructions {
        for h in &i.heredocs {
            protected.push(h.body_range.clone());
            if let Some(t) = &h.terminator_range {
                protected.push(t.clone());
            }
        }
    }
    protected.extend(df.directives.iter().map(|d| d.range.clone()));
    // A quote left open (half-typed text) makes the rest of the line content: leave the
    // instruction's whitespace alone.
    let open_quote = |i: &Instruction| {
        let from = i.flags.first().map_or(i.args_logical.start, |f| f.logical.start);
        let words = i.line.text.get(from..).unwrap_or("");
        quote_state(words, df.escape).last().copied().unwrap_or(false)
    };
    for i in &df.instructions {
        if open_quote(i) || i.onbuild.as_deref().is_some_and(open_quote) {
            protected.push(i.range.start..i.range.end.max(i.range.start + 1));
        }
    }
    protected.extend(relaid.iter().cloned());
    for i in df.instructions.iter().filter(|i| !relaid.contains(&i.range)) {
        instruction_edits(&df, i, &mut edits);
        if let Some(inner) = &i.onbuild {
            instruction_edits(&df, inner, &mut edits);
        }
        continuation_edits(&df, i, &protected, &mut edits);
    }
    whitespace_edits(text, &protected, &mut edits);
    edits
}

/// A shell-form RUN that chains commands with `&&` / `||`, laid out one command per line:
/// `RUN a \` / `    && b`. The builder joins continuation lines before the shell reads
/// them, so the script changes only in whitespace between words outside quotes. `None` for
/// exec form, heredocs, a shell comment or comment lines inside it, non-POSIX shells, an
/// escape character other than `\`, or a single command.
fn run_chain_edit(df: &Dockerfile, i: &Instruction) -> Option<Edit> {
    if i.kind != Kind::Run || i.exec.is_some() || !i.heredocs.is_empty() || df.escape != '\\' || df.non_posix_shell {
        return None;
    }
    let source = df.source.get(i.range.clone())?;
    if source.lines().skip(1).any(|l| l.trim_start().starts_with('#')) {
        return None;
    }
    let script = i.line.text.get(i.args_logical.clone())?;
    // Split at unquoted, top-level `&&` / `||`; collapse unquoted whitespace.
    let (mut pieces, mut ops) = (vec![String::new()], Vec::new());
    let (mut single, mut double, mut escaped, mut depth, mut space) = (false, false, false, 0i32, false);
    let chars: Vec<char> = script.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        let piece = pieces.last_mut()?;
        if escaped || single || double {
            piece.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' if double => escaped = true,
                '\'' if single => single = false,
                '"' if double => double = false,
                _ => {}
            }
            k += 1;
            continue;
        }
        if c.is_whitespace() {
            space = !piece.is_empty();
            k += 1;
            continue;
        }
        let two = chars.get(k + 1).copied();
        // An operator written as its own word (`a && b`, not `a&&b`): the words stay the same.
        let own_word = space && chars.get(k + 2).is_some_and(|n| n.is_whitespace());
        if depth == 0 && own_word && matches!((c, two), ('&', Some('&')) | ('|', Some('|'))) {
            ops.push(if c == '&' { "&&" } else { "||" });
            pieces.push(String::new());
            space = false;
            k += 2;
            continue;
        }
        if c == '#' && (space || piece.is_empty()) {
            return None;
        }
        if space {
            piece.push(' ');
            space = false;
        }
        piece.push(c);
        match c {
            '\\' => escaped = true,
            '\'' => single = true,
            '"' => double = true,
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return None;
        }
        k += 1;
    }
    if ops.is_empty() || single || double || escaped || depth != 0 || pieces.iter().any(String::is_empty) {
        return None;
    }
    let nl = if df.source.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = String::from("RUN");
    for f in &i.flags {
        out.push(' ');
        out.push_str(df.source.get(f.range.clone())?);
    }
    out.push(' ');
    out.push_str(&pieces[0]);
    for (op, piece) in ops.iter().zip(&pieces[1..]) {
        out.push_str(&format!(" \\{nl}    {op} {piece}"));
    }
    // Keep the instruction's end (its line break is outside the edit); at the end of a
    // file without a final newline, the edit writes it (the file's other edits cannot).
    let end = i.range.start + source.trim_end().len();
    if end == df.source.len() {
        out.push_str(nl);
    }
    (df.source.get(i.keyword_range.start..end)? != out).then(|| Edit::replace(i.keyword_range.start..end, out))
}

/// Keyword case and the spacing between keyword, flags and the first argument.
fn instruction_edits(df: &Dockerfile, i: &Instruction, edits: &mut Vec<Edit>) {
    if i.kind != Kind::Unknown && i.keyword != i.keyword.to_ascii_uppercase() {
        edits.push(Edit::replace(i.keyword_range.clone(), i.keyword.to_ascii_uppercase()));
    }
    if i.kind == Kind::From && i.args.len() == 3 && i.args[1].text.eq_ignore_ascii_case("as") && i.args[1].text != "AS"
    {
        edits.push(Edit::replace(i.args[1].range.clone(), "AS"));
    }
    // Keyword, flags, then the first argument: one space between each on one line. An
    // ONBUILD's own keyword is followed by its inner instruction.
    let mut tokens: Vec<Range<usize>> = vec![i.keyword_range.clone()];
    tokens.extend(i.flags.iter().map(|f| f.range.clone()));
    if let Some(inner) = &i.onbuild {
        tokens.push(inner.keyword_range.clone());
    } else if i.args_logical.start < i.args_logical.end {
        let first = i.line.source_offset(i.args_logical.start);
        tokens.push(first..first);
    }
    // `key=value` pairs of LABEL, ENV and ARG on one line: one space between pairs (the
    // builder splits them on whitespace; the legacy `ENV key value` form keeps its spaces,
    // which are part of the value).
    if matches!(i.kind, Kind::Label | Kind::Env | Kind::Arg) {
        let pairs = i.key_values(df.escape);
        if !pairs.iter().any(|kv| kv.legacy) {
            tokens.extend(pairs.iter().map(|kv| kv.range.clone()));
        }
    }
    for pair in tokens.windows(2) {
        let gap = pair[0].end..pair[1].start;
        let Some(between) = df.source.get(gap.clone()) else { continue };
        if !between.is_empty() && between != " " && between.bytes().all(|b| b == b' ' || b == b'\t') {
            edits.push(Edit::replace(gap, " "));
        }
    }
}

/// Continuation lines at column 0, joined between words outside quotes: four spaces. The
/// builder keeps a continued line's leading whitespace in the joined line, so indentation
/// is added only where it separates words anyway (never inside a quoted string, never
/// where the join glues two halves of a word).
fn continuation_edits(df: &Dockerfile, i: &Instruction, protected: &[Range<usize>], edits: &mut Vec<Edit>) {
    let text = &df.source;
    let escape = df.escape;
    let logical = &i.line.text;
    // Quotes count from the arguments on (a keyword or flag is no shell word).
    let args_start = i.args_logical.start.min(logical.len());
    let quoted = quote_state(&logical[args_start..], escape);
    for (logical_at, source_at) in i.line.joins() {
        if logical_at <= args_start {
            continue;
        }
        if inside(protected, source_at) || source_at >= text.len() {
            continue;
        }
        // The continued line starts at `source_at` only when nothing (no indentation) was
        // skipped: the segment starts at the line's first byte.
        let line_start = text[..source_at].rfind(['\n', '\r']).map_or(0, |n| n + 1);
        if line_start != source_at {
            continue;
        }
        let first = text[source_at..].chars().next();
        if matches!(first, None | Some(' ' | '\t' | '\n' | '\r' | '#')) {
            continue;
        }
        let before = logical[..logical_at].chars().next_back();
        if quoted.get(logical_at - args_start).copied().unwrap_or(true) || !matches!(before, Some(' ' | '\t')) {
            continue;
        }
        edits.push(Edit::replace(source_at..source_at, "    "));
    }
}

/// For each byte of a logical line: is it inside quotes (shell quoting: `'…'`, `"…"` with
/// the escape character, as the builder and the shell read them)?
fn quote_state(line: &str, escape: char) -> Vec<bool> {
    let mut out = vec![false; line.len() + 1];
    let (mut single, mut double, mut escaped) = (false, false, false);
    for (at, c) in line.char_indices() {
        for slot in out.iter_mut().skip(at).take(c.len_utf8()) {
            *slot = single || double;
        }
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            c if c == escape && !single => escaped = true,
            '\'' if !double => single = !single,
            '"' if !single => double = !double,
            _ => {}
        }
    }
    out[line.len()] = single || double;
    out
}

fn compose_edits(text: &str, options: Options) -> Vec<Edit> {
    let parsed = yaml::parse(text);
    let mut protected = Vec::new();
    for doc in &parsed.documents {
        multi_line_scalars(text, doc, &mut protected);
    }
    let mut edits = Vec::new();
    whitespace_edits(text, &protected, &mut edits);
    if let Some(indent) = options.compose_indent.filter(|n| (1..=8).contains(n)) {
        edits.extend(reindent(text, &parsed, indent).unwrap_or_default());
    }
    edits
}

/// The leading-space edits that put each block mapping and list at `indent` spaces per
/// level; `None` when the file cannot be re-indented safely (YAML errors, tab indentation)
/// or when the result would not mean the same (checked by parsing it).
///
/// Each block collection gets a new column from its parent's (a level deeper, or the same
/// offset from a list item's `- ` as written). Every line inside a collection moves with
/// the innermost collection around it — keys, `<<` merge lines, list dashes, and the lines
/// of block and multi-line scalars alike, so their relative indentation is kept. Comment
/// lines move with the line after them.
fn reindent(text: &str, parsed: &yaml::Yaml, indent: usize) -> Option<Vec<Edit>> {
    if !parsed.errors.is_empty() {
        return None;
    }
    let all = lines(text);
    let cx = Layout { text, starts: all.iter().map(|l| l.0).collect(), indent };
    let mut delta: Vec<Option<isize>> = vec![None; all.len()];
    for doc in &parsed.documents {
        if is_block(text, doc) {
            cx.collection(doc, 0, &mut delta);
        }
    }
    // Comments move with the line after them.
    let is_comment = |i: usize| text[all[i].0..all[i].1].trim_start().starts_with('#');
    let mut next: Option<isize> = None;
    for i in (0..all.len()).rev() {
        if is_comment(i) {
            delta[i] = next.or(delta[i]);
        } else if !text[all[i].0..all[i].1].trim().is_empty() {
            next = delta[i];
        }
    }
    let mut edits = Vec::new();
    for (i, &(start, end, _)) in all.iter().enumerate() {
        let line = &text[start..end];
        let Some(d) = delta[i].filter(|&d| d != 0) else { continue };
        if line.trim().is_empty() {
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if line[spaces..].starts_with('\t') {
            return None;
        }
        let new = usize::try_from(spaces as isize + d).ok()?;
        edits.push(Edit::replace(start..start + spaces, " ".repeat(new)));
    }
    // The proof: the re-indented text parses to the same values.
    let changed = apply_edits(text, &edits.iter().collect::<Vec<_>>());
    let again = yaml::parse(&changed);
    let same = again.errors.is_empty()
        && again.documents.len() == parsed.documents.len()
        && again.documents.iter().zip(&parsed.documents).all(|(a, b)| same_values(a, b));
    same.then_some(edits)
}

/// A block mapping or list (not a flow collection, a scalar or an alias's copy).
fn is_block(text: &str, node: &Node) -> bool {
    node.via_alias.is_none()
        && matches!(node.value, Value::Map(_) | Value::Seq(_))
        && !text[node.range.start..].starts_with(['{', '['])
}

/// The lines of a YAML text and the width asked for, for re-indentation.
struct Layout<'a> {
    text: &'a str,
    starts: Vec<usize>,
    indent: usize,
}

impl Layout<'_> {
    fn line_of(&self, at: usize) -> usize {
        self.starts.partition_point(|&s| s <= at).saturating_sub(1)
    }

    fn col(&self, at: usize) -> usize {
        at - self.starts[self.line_of(at)]
    }

    /// The last line of a node (a range may end just after a line break).
    fn last_line(&self, node: &Node) -> usize {
        self.line_of(node.range.end.saturating_sub(1).max(node.range.start))
    }

    /// Gives the lines of `node` (a block collection) the move to column `new`, then its
    /// nested collections and block scalars theirs.
    fn collection(&self, node: &Node, new: usize, delta: &mut [Option<isize>]) {
        let d = new as isize - self.col(node.range.start) as isize;
        for slot in &mut delta[self.line_of(node.range.start)..=self.last_line(node)] {
            *slot = Some(d);
        }
        match &node.value {
            Value::Map(entries) => {
                for e in entries.iter().filter(|e| e.merged_from.is_none()) {
                    // What sits under its key on later lines: one level deeper.
                    if self.line_of(e.value.range.start) > self.line_of(e.key.range.start)
                        && is_block(self.text, &e.value)
                    {
                        self.collection(&e.value, new + self.indent, delta);
                    } else {
                        self.block_scalar(&e.value, new + self.indent, delta);
                    }
                }
            }
            Value::Seq(items) => {
                for it in items.iter().filter(|it| it.via_alias.is_none()) {
                    let dash = self.text[..it.range.start].rfind('-').unwrap_or(it.range.start);
                    let (c, dash_col) = (self.col(it.range.start), self.col(dash));
                    if !is_block(self.text, it) {
                        self.block_scalar(it, new + self.indent, delta);
                    } else if self.line_of(it.range.start) == self.line_of(dash) {
                        // `- key: v`: the same offset from the dash as written.
                        self.collection(it, new + (c - dash_col.min(c)), delta);
                    } else {
                        self.collection(it, new + self.indent, delta);
                    }
                }
            }
            _ => {}
        }
    }

    /// A block scalar's content lines go to column `new`, their relative indentation kept;
    /// one with an explicit indentation indicator (`|2`) moves with its key instead.
    fn block_scalar(&self, node: &Node, new: usize, delta: &mut [Option<isize>]) {
        let Value::Scalar(s) = &node.value else { return };
        if node.via_alias.is_some() || !matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) {
            return;
        }
        let header = self.line_of(node.range.start);
        let header_end = self.starts.get(header + 1).copied().unwrap_or(self.text.len());
        if self.text[node.range.start..header_end]
            .split('#')
            .next()
            .is_some_and(|h| h.contains(|c: char| c.is_ascii_digit()))
        {
            return;
        }
        let last = self.last_line(node);
        let content = header + 1..=last;
        // The first non-blank content line sets the scalar's indentation.
        let base = content.clone().find_map(|i| {
            let end = self.starts.get(i + 1).copied().unwrap_or(self.text.len());
            let line = self.text[self.starts[i]..end].trim_end_matches(['\n', '\r']);
            (!line.trim().is_empty()).then(|| line.len() - line.trim_start_matches(' ').len())
        });
        if let Some(base) = base {
            for slot in &mut delta[content] {
                *slot = Some(new as isize - base as isize);
            }
        }
    }
}

/// Two trees mean the same: values, tags and anchors, not positions.
fn same_values(a: &Node, b: &Node) -> bool {
    if a.tag != b.tag || a.anchor != b.anchor {
        return false;
    }
    match (&a.value, &b.value) {
        (Value::Null, Value::Null) | (Value::Invalid, Value::Invalid) => true,
        (Value::Scalar(x), Value::Scalar(y)) => x.text == y.text && x.kind == y.kind,
        (Value::Seq(x), Value::Seq(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_values(p, q)),
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().zip(y).all(|(p, q)| same_values(&p.key, &q.key) && same_values(&p.value, &q.value))
        }
        _ => false,
    }
}

/// Block scalars and multi-line strings: their lines (blank ones, trailing spaces) are
/// content. Aliases' copies are skipped (their range is the anchor's).
fn multi_line_scalars(text: &str, node: &Node, out: &mut Vec<Range<usize>>) {
    if node.via_alias.is_some() {
        return;
    }
    match &node.value {
        Value::Scalar(s) => {
            let spans_lines = text.get(node.range.clone()).is_some_and(|t| t.contains(['\n', '\r']));
            if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) || spans_lines {
                // To the end of its last line: a block scalar's trailing blank lines count.
                let end = text[node.range.end..].find('\n').map_or(text.len(), |n| node.range.end + n + 1);
                out.push(line_start(text, node.range.start)..end);
            }
        }
        Value::Seq(items) => items.iter().for_each(|n| multi_line_scalars(text, n, out)),
        Value::Map(entries) => {
            for e in entries {
                multi_line_scalars(text, &e.key, out);
                multi_line_scalars(text, &e.value, out);
            }
        }
        Value::Null | Value::Invalid => {}
    }
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |n| n + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(kind: FileKind, text: &str) -> String {
        let once = format(kind, text);
        assert_eq!(format(kind, &once), once, "a second format changes nothing");
        once
    }

    #[test]
    fn dockerfile_layout() {
        let text = "# syntax=docker/dockerfile:1   \nfrom   node:20 as build\n\n\n\nrun   --mount=type=cache,target=/root/.npm    npm ci  \ncopy --from=build\t/a /b\nRUN apt-get update && \\\napt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\nonbuild   run make\n\n\n";
        assert_eq!(
            fmt(FileKind::Dockerfile, text),
            "# syntax=docker/dockerfile:1   \nFROM node:20 AS build\n\nRUN --mount=type=cache,target=/root/.npm npm ci\nCOPY --from=build /a /b\nRUN apt-get update && \\\n    apt-get install -y curl \\\n  && rm -rf /var/lib/apt/lists/*\nONBUILD RUN make\n"
        );
    }

    #[test]
    fn run_chains_split_when_asked() {
        let split = Options { split_run_chains: true, ..Options::default() };
        let run = |t: &str| {
            let once = format_with(FileKind::Dockerfile, t, split);
            assert_eq!(format_with(FileKind::Dockerfile, &once, split), once, "a second format changes nothing");
            once
        };
        assert_eq!(
            run("FROM a:1\nrun --mount=type=cache,target=/x  apt-get update &&  apt-get install -y \\\n   curl \\\n   git || echo 'a && b'\n"),
            "FROM a:1\nRUN --mount=type=cache,target=/x apt-get update \\\n    && apt-get install -y curl git \\\n    || echo 'a && b'\n"
        );
        // Inside $( … ) stays; a single command, heredocs, exec form and comments are kept.
        assert_eq!(run("FROM a:1\nRUN echo $(a && b) && c\n"), "FROM a:1\nRUN echo $(a && b) \\\n    && c\n");
        for kept in [
            "FROM a:1\nRUN make  install\n",
            "FROM a:1\nRUN [\"a\", \"&&\", \"b\"]\n",
            "FROM a:1\nRUN a && b # and && c\n",
            "FROM a:1\nRUN a \\\n# note\n  && b\n",
            "FROM a:1\nRUN <<EOF\na && b\nEOF\n",
        ] {
            assert_eq!(run(kept), format(FileKind::Dockerfile, kept), "{kept}");
        }
        assert_eq!(
            format(FileKind::Dockerfile, "FROM a:1\nRUN a && b\n"),
            "FROM a:1\nRUN a && b\n",
            "kept unless asked"
        );
    }

    #[test]
    fn key_value_pairs_one_space_apart() {
        let text = "FROM a:1\nLABEL a=1    b=\"x  y\"\tc=3\nENV  A=1  B=2\nENV LEGACY value  with  spaces\nARG X=1   Y\nLABEL d=4 \\\n      e=5\n";
        assert_eq!(
            fmt(FileKind::Dockerfile, text),
            "FROM a:1\nLABEL a=1 b=\"x  y\" c=3\nENV A=1 B=2\nENV LEGACY value  with  spaces\nARG X=1 Y\nLABEL d=4 \\\n      e=5\n"
        );
    }

    #[test]
    fn dockerfile_content_is_kept() {
        // A join inside quotes, a join inside a word, a heredoc with trailing spaces and
        // blank lines, an escape directive.
        let text = "RUN echo \"a \\\nb\"\nRUN echo ab\\\ncd\nRUN <<EOF\nline with spaces   \n\n\n\nEOF\n";
        assert_eq!(fmt(FileKind::Dockerfile, text), text);
        let backtick = "# escape=`\nrun echo a `\nb\n";
        assert_eq!(fmt(FileKind::Dockerfile, backtick), "# escape=`\nRUN echo a `\n    b\n");
    }

    #[test]
    fn crlf_and_no_final_newline() {
        assert_eq!(fmt(FileKind::Dockerfile, "from a  \r\nrun b"), "FROM a\r\nRUN b\r\n");
        assert_eq!(fmt(FileKind::Dockerfile, ""), "");
    }

    #[test]
    fn compose_reindented_when_asked() {
        let text = "x-common: &common\n    restart: always\nservices:\n    web:\n        <<: *common\n        image: nginx:1\n        # ports below\n        ports:\n        - \"80:80\"\n        - target: 443\n          published: 443\n        command: |\n            run --this\n              and that\n        environment: {A: 1,\n            B: 2}\n";
        let two = Options { compose_indent: Some(2), ..Options::default() };
        let once = format_with(FileKind::Compose, text, two);
        assert_eq!(
            once,
            "x-common: &common\n  restart: always\nservices:\n  web:\n    <<: *common\n    image: nginx:1\n    # ports below\n    ports:\n      - \"80:80\"\n      - target: 443\n        published: 443\n    command: |\n      run --this\n        and that\n    environment: {A: 1,\n        B: 2}\n"
        );
        assert_eq!(format_with(FileKind::Compose, &once, two), once, "a second format changes nothing");
        let four = format_with(FileKind::Compose, &once, Options { compose_indent: Some(4), ..Options::default() });
        assert!(
            four.contains("\n    web:\n        <<: *common\n") && four.contains("\n            - \"80:80\"\n"),
            "{four}"
        );
        // A flow collection's later lines move with their key (relative layout kept).
        // Kept as written unless asked; broken YAML is never re-indented.
        assert_eq!(format(FileKind::Compose, text), text);
        let broken = "services:\n    web:\n        image: [x\n";
        assert_eq!(format_with(FileKind::Compose, broken, two), broken);
    }

    #[test]
    fn compose_whitespace_only_outside_block_scalars() {
        let text = "services:   \n  web:\n    image: nginx  \n\n\n\n    command: |\n      line   \n\n\n      end\n    environment:\n      A: \"x  \n        y\"\n";
        assert_eq!(
            fmt(FileKind::Compose, text),
            "services:\n  web:\n    image: nginx\n\n    command: |\n      line   \n\n\n      end\n    environment:\n      A: \"x  \n        y\"\n"
        );
    }
}
