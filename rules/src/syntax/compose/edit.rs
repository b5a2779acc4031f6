//! Where to insert text into block-style YAML, and with which indentation, so that
//! Compose fixes add keys and list items the way the file already writes them.

use std::ops::Range;

use crate::syntax::yaml::{Entry, Node};

/// Offset of the start of the line holding `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1)
}

/// Column (bytes from the line start) of `offset`.
pub fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// Offset just after the line that holds the last byte before `end` (so a node that ends
/// with its line break stays on its line), or the end of the text.
pub fn after_line(text: &str, end: usize) -> usize {
    let end = end.min(text.len());
    if end > 0 && text.as_bytes()[end - 1] == b'\n' {
        return end;
    }
    text[end..].find('\n').map_or(text.len(), |i| end + i + 1)
}

/// Is the key at `offset` the first thing on its line (block style)?
fn starts_line(text: &str, offset: usize) -> bool {
    text[line_start(text, offset)..offset].bytes().all(|b| b == b' ')
}

/// A mapping's entries as written inside it (not merged in by `<<:` or reached through an alias).
pub fn own_entries(map: &Node) -> Vec<&Entry> {
    let Some(entries) = map.as_map() else { return Vec::new() };
    entries
        .iter()
        .filter(|e| {
            e.merged_from.is_none()
                && e.key.via_alias.is_none()
                && e.key.range.start >= map.range.start
                && e.key.range.end <= map.range.end
        })
        .collect()
}

/// Where to add lines to a block mapping: after its last own entry, at its keys' indentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Insertion {
    pub at: usize,
    /// Column of the mapping's keys.
    pub indent: usize,
    /// The text has no line break before `at` (end of file without a final newline).
    pub needs_break: bool,
}

/// The point after a block mapping's last own entry, if the mapping is written in block
/// style in this text with every key starting its own line.
pub fn append_to_map(text: &str, map: &Node) -> Option<Insertion> {
    if map.via_alias.is_some() || text.get(map.range.clone())?.trim_start().starts_with('{') {
        return None;
    }
    let own = own_entries(map);
    let first = own.first()?;
    let indent = column(text, first.key.range.start);
    if !own.iter().all(|e| starts_line(text, e.key.range.start) && column(text, e.key.range.start) == indent) {
        return None;
    }
    let last_end = own.iter().map(|e| e.value.range.end.max(e.key.range.end)).max()?;
    let at = after_line(text, last_end);
    Some(Insertion { at, indent, needs_break: at == text.len() && !text.ends_with('\n') })
}

/// Where to add an item to a block sequence: after its last item, with the same `- ` prefix.
pub fn append_to_seq(text: &str, seq: &Node) -> Option<(usize, String, bool)> {
    if seq.via_alias.is_some() || text.get(seq.range.clone())?.trim_start().starts_with('[') {
        return None;
    }
    let items = seq.as_seq()?;
    let last = items.last()?;
    if last.via_alias.is_some() {
        return None;
    }
    let prefix = &text[line_start(text, last.range.start)..last.range.start];
    let dash = prefix.trim_start_matches(' ');
    if !(dash.starts_with('-') && dash[1..].bytes().all(|b| b == b' ')) {
        return None;
    }
    let at = after_line(text, last.range.end);
    Some((at, prefix.to_string(), at == text.len() && !text.ends_with('\n')))
}

/// Is `r` inside `outer`?
pub fn within(r: &Range<usize>, outer: &Range<usize>) -> bool {
    r.start >= outer.start && r.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::compose::parse;

    #[test]
    fn insertion_points() {
        let text = "services:\n  a:\n    image: x\n    command: >\n      run\n        this\n\n  b:\n    ports:\n      - \"80:80\"\n      - target: 81\n        published: 81\n";
        let f = parse(text);
        let svcs = f.root().unwrap().get("services").unwrap();
        let a = svcs.get("a").unwrap();
        let ins = append_to_map(text, a).unwrap();
        assert_eq!(ins.indent, 4);
        assert_eq!(&text[ins.at..ins.at + 1], "\n", "after the folded scalar, before the blank line");
        let ports = svcs.get("b").unwrap().get("ports").unwrap();
        let (at, prefix, nb) = append_to_seq(text, ports).unwrap();
        assert_eq!((at, prefix.as_str(), nb), (text.len(), "      - ", false));
        let flow = parse("services: {a: {image: x}}\n");
        assert!(append_to_map(&flow.source, flow.root().unwrap().get("services").unwrap()).is_none());
    }

    #[test]
    fn end_without_newline() {
        let text = "services:\n  a:\n    image: x";
        let f = parse(text);
        let a = f.root().unwrap().get("services").unwrap().get("a").unwrap();
        assert_eq!(append_to_map(text, a), Some(Insertion { at: text.len(), indent: 4, needs_break: true }));
    }
}
