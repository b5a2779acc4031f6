//! YAML with exact byte ranges, built on tree-sitter-yaml.
//!
//! tree-sitter keeps the rest of a document when one line is broken (it wraps the bad
//! part in an `ERROR` node), which no YAML library does; we turn its concrete tree into
//! a small value tree. Anchors, aliases and `<<` merge keys are resolved here, with a hard
//! budget on how many nodes alias expansion may copy (an alias bomb becomes an error, not
//! a hang), and every value keeps the range where it was written — for a value reached
//! through an alias that is the anchor's definition, and `via_alias` says where it was used.

use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::{Node as TsNode, Parser};

/// Most nodes that alias expansion may create in one file.
pub const ALIAS_BUDGET: usize = 100_000;
/// Deepest nesting we follow; deeper values become [`Value::Invalid`].
pub const MAX_DEPTH: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub value: Value,
    pub range: Range<usize>,
    pub tag: Option<String>,
    pub anchor: Option<String>,
    /// For a value copied from an anchor: the range of the `*alias` (or `<<: *alias`) that used it.
    pub via_alias: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Scalar(Scalar),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
    /// Unparseable, unresolvable or over budget; an error was recorded.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// Decoded text (quotes removed, escapes applied, lines folded).
    pub text: String,
    pub style: ScalarStyle,
    pub kind: ScalarKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// The type a plain scalar resolves to under YAML 1.2's core schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    Str,
    Int,
    Float,
    Bool,
    Null,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
    /// Range of the `<<` merge entry this one was merged from, if any.
    pub merged_from: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Yaml {
    pub documents: Vec<Node>,
    pub errors: Vec<YamlError>,
}

impl Node {
    fn new(value: Value, range: Range<usize>) -> Self {
        Node { value, range, tag: None, anchor: None, via_alias: None }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) => Some(&s.text),
            _ => None,
        }
    }

    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.value {
            Value::Scalar(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_map(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null) || matches!(&self.value, Value::Scalar(s) if s.kind == ScalarKind::Null)
    }

    /// The entry for `key` in a mapping.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_map()?.iter().find(|e| e.key.as_str() == Some(key))
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// Short name of the node's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Null => "null",
            Value::Scalar(s) => match s.kind {
                ScalarKind::Str => "string",
                ScalarKind::Int => "integer",
                ScalarKind::Float => "number",
                ScalarKind::Bool => "boolean",
                ScalarKind::Null => "null",
            },
            Value::Seq(_) => "list",
            Value::Map(_) => "mapping",
            Value::Invalid => "invalid value",
        }
    }

    fn count(&self) -> usize {
        1 + match &self.value {
            Value::Seq(s) => s.iter().map(Node::count).sum(),
            Value::Map(m) => m.iter().map(|e| e.key.count() + e.value.count()).sum(),
            _ => 0,
        }
    }
}

/// tree-sitter's edit description, for incremental re-parsing by an editor that keeps the
/// previous tree (see [`parse_incremental`]).
pub use tree_sitter::{InputEdit, Point, Tree};

fn ts_parse(text: &str, old: Option<&Tree>) -> Option<Tree> {
    let mut parser = Parser::new();
    parser.set_language(&tree_sitter_yaml::LANGUAGE.into()).ok()?;
    parser.parse(text, old)
}

/// How broken a tree is: bytes inside ERROR nodes plus a weight per MISSING node.
fn damage(tree: &tree_sitter::Tree) -> usize {
    fn walk(n: TsNode) -> usize {
        if !n.has_error() {
            return 0;
        }
        if n.is_error() {
            return n.byte_range().len().max(1);
        }
        if n.is_missing() {
            return 8;
        }
        let mut c = n.walk();
        n.children(&mut c).map(walk).sum()
    }
    walk(tree.root_node())
}

/// Lines that look half-typed in block context: a bare word where a `key: value` belongs
/// (at or left of the previous line's indentation, so not a continuation or a value).
/// tree-sitter's recovery can lose the whole document around such a line when it is the
/// last one, which is exactly where an editor's cursor is.
///
/// Also over-indented pairs: `environment: x` indented under `restart: always`, which
/// already has its value. YAML parsers stop there ("mapping values are not allowed in
/// this context"); tree-sitter may lose the whole document instead.
fn half_typed_lines(text: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut prev: Option<(usize, &str)> = None;
    let mut block_scalar_indent: Option<usize> = None;
    let mut flow_depth: i32 = 0;
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if let Some(bi) = block_scalar_indent {
            if indent > bi {
                continue;
            }
            block_scalar_indent = None;
        }
        let depth_before = flow_depth;
        flow_depth += content.matches(['[', '{']).count() as i32 - content.matches([']', '}']).count() as i32;
        flow_depth = flow_depth.max(0);
        let code = content.split(" #").next().unwrap_or(content).trim_end();
        if code.ends_with('|')
            || code.ends_with('>')
            || code.ends_with("|-")
            || code.ends_with(">-")
            || code.ends_with("|+")
            || code.ends_with(">+")
        {
            block_scalar_indent = Some(indent);
        }
        let is_pair = code.contains(": ") || code.ends_with(':');
        if depth_before == 0 && is_pair && !code.starts_with(['-', '"', '\'', '[', '{', '?', '#']) {
            if let Some((pi, ptext)) = prev {
                // The previous line's own mapping starts after its `- ` markers.
                let mut p = ptext;
                let mut content_indent = pi;
                while let Some(rest) = p.strip_prefix("- ") {
                    content_indent += 2 + (rest.len() - rest.trim_start().len());
                    p = rest.trim_start();
                }
                let prev_has_value = p.split_once(": ").is_some_and(|(k, v)| {
                    !k.is_empty() && !v.trim().is_empty() && !v.trim_start().starts_with(['&', '!', '#'])
                });
                if indent > content_indent && prev_has_value && block_scalar_indent.is_none() {
                    let shown: String = code.chars().take(40).collect();
                    let what: String = p.chars().take(40).collect();
                    out.push((
                        start + indent..start + line.len(),
                        format!("invalid YAML: `{shown}` is indented under `{what}`, which already has a value"),
                    ));
                    prev = Some((indent, code));
                    continue;
                }
            }
        }
        let is_plain_word = !code.contains(": ")
            && !code.ends_with(':')
            && !code
                .starts_with(['-', '[', '{', '"', '\'', '|', '>', '&', '*', '!', '?', '%', '@', '`', ']', '}', ','])
            && code != "---"
            && code != "...";
        if depth_before == 0 && is_plain_word {
            if let Some((pi, ptext)) = prev {
                let prev_opens_value = ptext.ends_with(':') && indent > pi;
                if indent <= pi && !prev_opens_value {
                    let word: String = line[indent..].chars().take(40).collect();
                    out.push((
                        start + indent..start + line.len(),
                        format!("invalid YAML: expected `key: value`, found `{word}`"),
                    ));
                }
            }
        }
        prev = Some((indent, code));
    }
    out
}

/// Parses YAML text. Never fails: problems become `errors`.
pub fn parse(text: &str) -> Yaml {
    parse_incremental(text, None).0
}

/// Parses YAML text, re-using `old` — the previous tree with [`Tree::edit`] applied for every
/// change since — so that only the edited region is re-parsed. Returns the tree of `text`
/// for the next edit (`None` only if the parser could not run).
pub fn parse_incremental(text: &str, old: Option<&Tree>) -> (Yaml, Option<Tree>) {
    let fail = |message: &str| {
        (Yaml { documents: Vec::new(), errors: vec![YamlError { range: 0..0, message: message.into() }] }, None)
    };
    let Some(mut tree) = ts_parse(text, old) else { return fail("internal error: the YAML parser failed") };
    let original = tree.clone();
    let mut source: std::borrow::Cow<str> = std::borrow::Cow::Borrowed(text);
    let mut blanked = Vec::new();
    if tree.root_node().has_error() {
        // Blank half-typed lines (spaces keep every offset) and keep the better parse.
        let lines = half_typed_lines(text);
        if !lines.is_empty() {
            let mut repaired = text.as_bytes().to_vec();
            for (r, _) in &lines {
                repaired[r.clone()].fill(b' ');
            }
            let repaired = String::from_utf8(repaired).unwrap_or_else(|_| text.to_string());
            if let Some(t2) = ts_parse(&repaired, None) {
                if damage(&t2) < damage(&tree) {
                    tree = t2;
                    source = std::borrow::Cow::Owned(repaired);
                    blanked = lines;
                }
            }
        }
    }
    let mut b = Builder {
        src: &source,
        anchors: HashMap::new(),
        budget: ALIAS_BUDGET,
        errors: Vec::new(),
        bomb_reported: false,
    };
    for (r, message) in blanked {
        b.error(r, message);
    }
    let root = tree.root_node();
    let mut documents = Vec::new();
    let mut cursor = root.walk();
    for child in root.children(&mut cursor) {
        match child.kind() {
            "document" => {
                b.anchors.clear();
                documents.push(b.document(child));
            }
            "comment" => {}
            _ => {
                b.report_errors(child);
                if child.kind() != "ERROR" {
                    documents.push(b.node(child, 0));
                } else {
                    documents.push(b.salvage(child, 0));
                }
            }
        }
    }
    let mut errors = b.errors;
    // tree-sitter may give up on the whole stream (the root itself is an ERROR) with no
    // ERROR node below it: the file is still not valid YAML.
    if errors.is_empty() && tree.root_node().has_error() {
        let first = text.find(|c: char| !c.is_whitespace()).unwrap_or(0);
        let end = text[first..].find('\n').map_or(text.len(), |i| first + i);
        errors.push(YamlError {
            range: first..end,
            message: "invalid YAML: the document's structure cannot be read".into(),
        });
    }
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    errors.dedup();
    // The first parse describes `text` itself (a repaired parse would not): keep that one.
    (Yaml { documents, errors }, Some(original))
}

struct Builder<'a> {
    src: &'a str,
    anchors: HashMap<String, (Node, usize)>,
    budget: usize,
    errors: Vec<YamlError>,
    bomb_reported: bool,
}

impl<'a> Builder<'a> {
    fn text(&self, n: TsNode) -> &'a str {
        &self.src[n.byte_range()]
    }

    fn error(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.errors.push(YamlError { range, message: message.into() });
    }

    /// A plain scalar in block context may continue on more lines, but no line may hold
    /// `key: value`: tree-sitter folds an over-indented `  environment: x` under
    /// `restart: always` into the scalar, where YAML parsers (and so Compose) stop with
    /// "mapping values are not allowed in this context".
    fn check_plain_continuations(&mut self, n: TsNode) {
        let raw = self.text(n);
        if !raw.contains('\n') {
            return;
        }
        let mut up = n.parent();
        while let Some(p) = up {
            if matches!(p.kind(), "flow_sequence" | "flow_mapping") {
                return;
            }
            up = p.parent();
        }
        let mut offset = n.start_byte();
        for (i, line) in raw.split('\n').enumerate() {
            let t = line.trim_end_matches('\r');
            let is_pair = t.contains(": ") || t.ends_with(':');
            if i > 0 && is_pair {
                let lead = t.len() - t.trim_start().len();
                self.error(
                    offset + lead..offset + t.len(),
                    "mapping values are not allowed here: this line continues the value above \
                     (check its indentation)",
                );
                break;
            }
            offset += line.len() + 1;
        }
    }

    /// Records ERROR and MISSING nodes beneath `n` as errors (only where `has_error`).
    fn report_errors(&mut self, n: TsNode) {
        if !n.has_error() {
            return;
        }
        if n.is_missing() {
            let msg = format!("invalid YAML: missing `{}`", n.kind());
            self.error(n.start_byte()..n.end_byte().max(n.start_byte()), msg);
            return;
        }
        if n.is_error() {
            let text = self.text(n).trim();
            let first = text.lines().next().unwrap_or("").trim();
            let shown: String = first.chars().take(40).collect();
            let msg = if !text.is_empty() && !text.contains(':') && !text.contains('\n') {
                format!("invalid YAML: expected `key: value`, found `{shown}`")
            } else if text.contains('\t') {
                "invalid YAML: tabs are not allowed for indentation".to_string()
            } else {
                format!("invalid YAML near `{shown}`")
            };
            // Point at the first line of the bad part, so one bad line is one diagnostic.
            let start = n.start_byte() + (self.text(n).len() - self.text(n).trim_start().len());
            let end = self.src[start..n.end_byte()].find('\n').map_or(n.end_byte(), |i| start + i);
            self.error(start..end.max(start), msg);
            return;
        }
        let mut c = n.walk();
        for ch in n.children(&mut c) {
            self.report_errors(ch);
        }
    }

    fn document(&mut self, n: TsNode) -> Node {
        self.report_errors(n);
        let mut c = n.walk();
        let content = n
            .named_children(&mut c)
            .find(|ch| !matches!(ch.kind(), "comment" | "yaml_directive" | "tag_directive" | "reserved_directive"));
        match content {
            Some(ch) if ch.kind() == "ERROR" => self.salvage(ch, 0),
            Some(ch) => self.node(ch, 0),
            None => Node::new(Value::Null, n.start_byte()..n.start_byte()),
        }
    }

    /// An ERROR node: keep any mapping pairs or sequence items inside it.
    fn salvage(&mut self, n: TsNode, depth: usize) -> Node {
        let mut entries = Vec::new();
        let mut items = Vec::new();
        let mut c = n.walk();
        for ch in n.named_children(&mut c) {
            match ch.kind() {
                "block_mapping_pair" | "flow_pair" => {
                    if let Some(e) = self.pair(ch, depth + 1) {
                        entries.push(e);
                    }
                }
                "block_mapping" => {
                    if let Value::Map(m) = self.node(ch, depth + 1).value {
                        entries.extend(m);
                    }
                }
                "block_sequence_item" => items.push(self.seq_item(ch, depth + 1)),
                _ => {}
            }
        }
        let value = if !entries.is_empty() {
            Value::Map(entries)
        } else if !items.is_empty() {
            Value::Seq(items)
        } else {
            Value::Invalid
        };
        Node::new(value, n.byte_range())
    }

    fn node(&mut self, n: TsNode, depth: usize) -> Node {
        if depth > MAX_DEPTH {
            self.error(n.byte_range(), format!("YAML nested deeper than {MAX_DEPTH} levels"));
            return Node::new(Value::Invalid, n.byte_range());
        }
        match n.kind() {
            "block_node" | "flow_node" => self.with_properties(n, depth),
            "block_mapping" => {
                let mut entries = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    match ch.kind() {
                        "block_mapping_pair" => entries.extend(self.pair(ch, depth + 1)),
                        "ERROR" => {
                            if let Value::Map(m) = self.salvage(ch, depth + 1).value {
                                entries.extend(m);
                            }
                        }
                        _ => {}
                    }
                }
                self.map(entries, n.byte_range())
            }
            "flow_mapping" => {
                let mut entries = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    match ch.kind() {
                        "flow_pair" => entries.extend(self.pair(ch, depth + 1)),
                        "flow_node" => {
                            let key = self.node(ch, depth + 1);
                            let end = key.range.end;
                            entries.push(Entry { key, value: Node::new(Value::Null, end..end), merged_from: None });
                        }
                        _ => {}
                    }
                }
                self.map(entries, n.byte_range())
            }
            "block_sequence" => {
                let mut items = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    if ch.kind() == "block_sequence_item" {
                        items.push(self.seq_item(ch, depth + 1));
                    }
                }
                Node::new(Value::Seq(items), n.byte_range())
            }
            "flow_sequence" => {
                let mut items = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    match ch.kind() {
                        "flow_node" => items.push(self.node(ch, depth + 1)),
                        "flow_pair" => {
                            if let Some(e) = self.pair(ch, depth + 1) {
                                items.push(Node::new(Value::Map(vec![e]), ch.byte_range()));
                            }
                        }
                        _ => {}
                    }
                }
                Node::new(Value::Seq(items), n.byte_range())
            }
            "plain_scalar" => {
                let kind = n.named_child(0).map_or(ScalarKind::Str, |c| match c.kind() {
                    "integer_scalar" => ScalarKind::Int,
                    "float_scalar" => ScalarKind::Float,
                    "boolean_scalar" => ScalarKind::Bool,
                    "null_scalar" => ScalarKind::Null,
                    _ => ScalarKind::Str,
                });
                self.check_plain_continuations(n);
                let text = fold_flow(self.text(n), false, false);
                Node::new(Value::Scalar(Scalar { text, style: ScalarStyle::Plain, kind }), n.byte_range())
            }
            "double_quote_scalar" => {
                let raw = self.text(n);
                let inner = raw.strip_prefix('"').unwrap_or(raw);
                let inner = inner.strip_suffix('"').unwrap_or(inner);
                let text = fold_flow(inner, true, false);
                Node::new(
                    Value::Scalar(Scalar { text, style: ScalarStyle::DoubleQuoted, kind: ScalarKind::Str }),
                    n.byte_range(),
                )
            }
            "single_quote_scalar" => {
                let raw = self.text(n);
                let inner = raw.strip_prefix('\'').unwrap_or(raw);
                let inner = inner.strip_suffix('\'').unwrap_or(inner);
                let text = fold_flow(inner, false, true);
                Node::new(
                    Value::Scalar(Scalar { text, style: ScalarStyle::SingleQuoted, kind: ScalarKind::Str }),
                    n.byte_range(),
                )
            }
            "block_scalar" => {
                let line_start = self.src[..n.start_byte()].rfind('\n').map_or(0, |i| i + 1);
                let parent_indent = self.src[line_start..n.start_byte()].chars().take_while(|c| *c == ' ').count();
                let (text, style) = block_scalar(self.text(n), parent_indent);
                Node::new(Value::Scalar(Scalar { text, style, kind: ScalarKind::Str }), n.byte_range())
            }
            "alias" => self.alias(n),
            "ERROR" => self.salvage(n, depth),
            _ => Node::new(Value::Invalid, n.byte_range()),
        }
    }

    /// block_node/flow_node: optional anchor and tag, then the content.
    fn with_properties(&mut self, n: TsNode, depth: usize) -> Node {
        let mut anchor = None;
        let mut tag = None;
        let mut content = None;
        let mut c = n.walk();
        for ch in n.named_children(&mut c) {
            match ch.kind() {
                "anchor" => anchor = Some(self.text(ch).trim_start_matches('&').to_string()),
                "tag" => tag = Some(self.text(ch).to_string()),
                "comment" => {}
                _ => content = Some(ch),
            }
        }
        let mut node = match content {
            Some(ch) => self.node(ch, depth + 1),
            None => Node::new(Value::Null, n.end_byte()..n.end_byte()),
        };
        // A plain tagged `!!str 123` is a string whatever it looks like.
        if let (Some(t), Value::Scalar(s)) = (&tag, &mut node.value) {
            if t == "!!str" {
                s.kind = ScalarKind::Str;
            }
        }
        if tag.is_some() {
            node.tag = tag;
        }
        if let Some(name) = anchor {
            node.anchor = Some(name.clone());
            let size = node.count();
            self.anchors.insert(name, (node.clone(), size));
        }
        node
    }

    fn alias(&mut self, n: TsNode) -> Node {
        let name = self.text(n).trim_start_matches('*').to_string();
        let Some((target, size)) = self.anchors.get(&name) else {
            self.error(n.byte_range(), format!("unknown YAML anchor `*{name}`"));
            return Node::new(Value::Invalid, n.byte_range());
        };
        if *size > self.budget {
            if !self.bomb_reported {
                self.bomb_reported = true;
                let msg = format!(
                    "YAML aliases expand to more than {ALIAS_BUDGET} nodes; expansion stopped (an alias bomb?)"
                );
                self.error(n.byte_range(), msg);
            }
            return Node::new(Value::Invalid, n.byte_range());
        }
        self.budget -= size;
        let mut node = target.clone();
        node.via_alias = Some(n.byte_range());
        node.anchor = None;
        node
    }

    fn pair(&mut self, n: TsNode, depth: usize) -> Option<Entry> {
        let key = match n.child_by_field_name("key") {
            Some(k) => self.node(k, depth + 1),
            None => Node::new(Value::Null, n.start_byte()..n.start_byte()),
        };
        let value = match n.child_by_field_name("value") {
            Some(v) => self.node(v, depth + 1),
            None => {
                // `key:` with nothing after it: null, positioned just after the colon.
                let end = n.end_byte();
                Node::new(Value::Null, end..end)
            }
        };
        Some(Entry { key, value, merged_from: None })
    }

    fn seq_item(&mut self, n: TsNode, depth: usize) -> Node {
        let mut c = n.walk();
        let child = n.named_children(&mut c).find(|ch| ch.kind() != "comment");
        match child {
            Some(ch) => self.node(ch, depth + 1),
            None => Node::new(Value::Null, n.end_byte()..n.end_byte()),
        }
    }

    /// Applies `<<` merge keys (explicit keys win; earlier merge sources win) and
    /// reports duplicate keys.
    fn map(&mut self, entries: Vec<Entry>, range: Range<usize>) -> Node {
        let mut own: Vec<Entry> = Vec::with_capacity(entries.len());
        let mut merges: Vec<Entry> = Vec::new();
        let mut seen: HashMap<String, ()> = HashMap::with_capacity(entries.len());
        for e in entries {
            let is_merge = e.key.as_scalar().is_some_and(|s| s.text == "<<" && s.style == ScalarStyle::Plain);
            if is_merge {
                merges.push(e);
                continue;
            }
            if let Some(k) = e.key.as_str() {
                if seen.insert(k.to_string(), ()).is_some() {
                    self.error(e.key.range.clone(), format!("duplicate key `{k}` in this mapping"));
                    continue;
                }
            }
            own.push(e);
        }
        for m in merges {
            let written_end = m.value.via_alias.as_ref().map_or(m.value.range.end, |r| r.end);
            let origin = m.key.range.start..written_end.max(m.key.range.end);
            let sources: Vec<Node> = match m.value.value {
                Value::Map(_) => vec![m.value],
                Value::Seq(items) => items,
                Value::Invalid => Vec::new(),
                _ => {
                    self.error(m.value.range.clone(), "`<<` merge key needs a mapping or a list of mappings");
                    Vec::new()
                }
            };
            for src in sources {
                let via = src.via_alias.clone();
                let Value::Map(src_entries) = src.value else {
                    if !matches!(src.value, Value::Invalid) {
                        self.error(src.range.clone(), "`<<` merge key needs a mapping or a list of mappings");
                    }
                    continue;
                };
                for mut e in src_entries {
                    let k = e.key.as_str().map(str::to_string);
                    if k.is_some() && own.iter().any(|p| p.key.as_str() == k.as_deref()) {
                        continue;
                    }
                    e.merged_from = Some(origin.clone());
                    if e.value.via_alias.is_none() {
                        e.value.via_alias.clone_from(&via);
                    }
                    own.push(e);
                }
            }
        }
        Node::new(Value::Map(own), range)
    }
}

/// Folds a flow scalar's lines (YAML §7.3): a single line break becomes a space, blank
/// lines become newlines; decodes double-quoted escapes and single-quoted `''`.
fn fold_flow(raw: &str, double: bool, single: bool) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                while out.ends_with([' ', '\t']) {
                    out.pop();
                }
                let mut breaks = 0;
                loop {
                    while matches!(chars.peek(), Some(' ' | '\t')) {
                        chars.next();
                    }
                    match chars.peek() {
                        Some('\n') => {
                            chars.next();
                            breaks += 1;
                        }
                        Some('\r') => {
                            chars.next();
                        }
                        _ => break,
                    }
                }
                if breaks == 0 {
                    out.push(' ');
                } else {
                    out.extend(std::iter::repeat_n('\n', breaks));
                }
            }
            '\'' if single && chars.peek() == Some(&'\'') => {
                chars.next();
                out.push('\'');
            }
            '\\' if double => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t' | '\t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('0') => out.push('\0'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('e') => out.push('\u{1b}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                Some('N') => out.push('\u{85}'),
                Some('_') => out.push('\u{a0}'),
                Some('L') => out.push('\u{2028}'),
                Some('P') => out.push('\u{2029}'),
                Some(' ') => out.push(' '),
                Some('/') => out.push('/'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(h @ ('x' | 'u' | 'U')) => {
                    let n = match h {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                    let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32).unwrap_or('\u{fffd}');
                    out.push(ch);
                }
                Some('\n') | Some('\r') => {
                    // Escaped line break: joins lines without a space.
                    while matches!(chars.peek(), Some(' ' | '\t' | '\n' | '\r')) {
                        chars.next();
                    }
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            c => out.push(c),
        }
    }
    if !double && !single {
        return out.trim().to_string();
    }
    out
}

/// Decodes a `|` or `>` block scalar (header line and body) per YAML §8.1.
fn block_scalar(raw: &str, parent_indent: usize) -> (String, ScalarStyle) {
    let (header, body) = raw.split_once('\n').unwrap_or((raw, ""));
    let header = header.split(" #").next().unwrap_or(header).trim();
    let style = if header.starts_with('>') { ScalarStyle::Folded } else { ScalarStyle::Literal };
    let chomp = if header.contains('-') {
        '-'
    } else if header.contains('+') {
        '+'
    } else {
        ' '
    };
    let explicit = header.chars().find_map(|c| c.to_digit(10)).map(|d| parent_indent + d as usize);
    let lines: Vec<&str> = body.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l)).collect();
    let indent = explicit.unwrap_or_else(|| {
        lines.iter().find(|l| !l.trim().is_empty()).map_or(0, |l| l.len() - l.trim_start_matches(' ').len())
    });
    let content: Vec<&str> =
        lines.iter().map(|l| if l.len() >= indent { &l[indent..] } else { l.trim_start_matches(' ') }).collect();
    let mut out = String::new();
    if style == ScalarStyle::Literal {
        out = content.join("\n");
    } else {
        // Folded: adjacent "normal" lines join with a space; blank lines and
        // more-indented lines keep their line breaks.
        let mut prev_normal = false;
        let mut pending_breaks = 0;
        for (i, l) in content.iter().enumerate() {
            if l.is_empty() {
                pending_breaks += 1;
                continue;
            }
            let normal = !l.starts_with([' ', '\t']);
            if i > 0 && !out.is_empty() {
                if pending_breaks > 0 {
                    let extra = usize::from(!(prev_normal && normal));
                    out.extend(std::iter::repeat_n('\n', pending_breaks + extra));
                } else if prev_normal && normal {
                    out.push(' ');
                } else {
                    out.push('\n');
                }
            }
            pending_breaks = 0;
            out.push_str(l);
            prev_normal = normal;
        }
    }
    let trimmed_len = out.trim_end_matches('\n').len();
    match chomp {
        '-' => out.truncate(trimmed_len),
        '+' => out.push('\n'),
        _ => {
            out.truncate(trimmed_len);
            if !out.is_empty() {
                out.push('\n');
            }
        }
    }
    (out, style)
}

#[cfg(test)]
mod tests;
