//! Byte offsets ↔ line/column. The core speaks byte ranges; faces convert at the edge.

use std::ops::Range;

/// Start offsets of every line, so that a byte offset maps to a line in `O(log n)`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

/// A 1-based line and a 1-based column counted in Unicode scalar values (SPEC §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    /// Lines end at `\n`, `\r\n` and a lone `\r`, as LSP counts them (and editors show
    /// them); no other character breaks a line (U+2028, U+0085, VT and FF do not).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
            }
        }
        LineIndex { starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where 0-based `line` starts (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of 0-based `line` without its line terminator.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.line_start(line);
        let bytes = text.as_bytes();
        let mut end = self.starts.get(line + 1).copied().unwrap_or(self.len).max(start);
        if end > start && bytes.get(end - 1) == Some(&b'\n') {
            end -= 1;
        }
        if end > start && bytes.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        start..end
    }

    /// 1-based line and column (in chars) of a byte offset. Offsets inside a
    /// multi-byte character are rounded down to its start.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(self.len));
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let column = text[start..offset].chars().count() + 1;
        LineCol { line: line + 1, column }
    }

    /// Inverse of [`line_col`](Self::line_col); out-of-range columns clamp to the line end.
    pub fn offset(&self, text: &str, pos: LineCol) -> usize {
        let line = pos.line.saturating_sub(1);
        if line >= self.starts.len() {
            return self.len;
        }
        let range = self.line_range(text, line);
        let col = pos.column.saturating_sub(1);
        text[range.clone()].char_indices().nth(col).map_or(range.end, |(i, _)| range.start + i)
    }
}

/// Largest char boundary `<= offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The line terminator a file mostly uses, so that edits keep it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    pub fn detect(text: &str) -> Self {
        let crlf = text.matches("\r\n").count();
        let lf = text.matches('\n').count();
        if crlf > 0 && crlf * 2 >= lf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars() {
        let text = "ab\n😀x\r\nlast";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        assert_eq!(idx.line_col(text, 3), LineCol { line: 2, column: 1 });
        assert_eq!(idx.line_col(text, 7), LineCol { line: 2, column: 2 });
        assert_eq!(idx.line_col(text, 5), LineCol { line: 2, column: 1 }, "inside emoji rounds down");
        assert_eq!(idx.line_col(text, text.len()), LineCol { line: 3, column: 5 });
        assert_eq!(idx.line_range(text, 1), 3..8);
        assert_eq!(idx.offset(text, LineCol { line: 2, column: 2 }), 7);
        assert_eq!(idx.offset(text, LineCol { line: 2, column: 99 }), 8);
        assert_eq!(idx.offset(text, LineCol { line: 9, column: 1 }), text.len());
    }

    /// The line breaks of LSP: `\n`, `\r\n`, a lone `\r`; nothing else.
    #[test]
    fn only_lsp_line_breaks() {
        let text = "a\rb\r\nc\u{2028}d\u{85}e\u{b}f\u{c}g\u{2029}h\nlast\r";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 5);
        assert_eq!(&text[idx.line_range(text, 0)], "a");
        assert_eq!(&text[idx.line_range(text, 1)], "b");
        assert_eq!(&text[idx.line_range(text, 2)], "c\u{2028}d\u{85}e\u{b}f\u{c}g\u{2029}h");
        assert_eq!(&text[idx.line_range(text, 3)], "last");
        assert_eq!(&text[idx.line_range(text, 4)], "");
        let at = text.find("last").unwrap();
        assert_eq!(idx.line_col(text, at), LineCol { line: 4, column: 1 });
    }

    #[test]
    fn line_endings() {
        assert_eq!(LineEnding::detect("a\r\nb\r\n"), LineEnding::CrLf);
        assert_eq!(LineEnding::detect("a\nb\n"), LineEnding::Lf);
        assert_eq!(LineEnding::detect(""), LineEnding::Lf);
    }
}
