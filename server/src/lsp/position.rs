//! Byte offsets ↔ LSP positions over a rope, in the negotiated encoding.
//!
//! The core speaks byte offsets; LSP positions count UTF-16 code units by default, or
//! bytes when the client offers UTF-8. Out-of-range positions clamp to the line or the
//! document end (editors race with edits; a clamp is better than a failed request).

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

use Encoding as Enc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Byte offset of the end of `line`'s content (before its terminator).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut len = slice.len_bytes();
    let n = slice.len_chars();
    let last = (n > 0).then(|| slice.char(n - 1));
    if last == Some('\n') {
        len -= 1;
        if n > 1 && slice.char(n - 2) == '\r' {
            len -= 1;
        }
    } else if last == Some('\r') {
        len -= 1;
    }
    start + len
}

pub fn position(rope: &Rope, enc: Encoding, offset: usize) -> Position {
    let offset = offset.min(rope.len_bytes());
    let line = rope.byte_to_line(offset);
    let line_start = rope.line_to_byte(line);
    // Round down to a char boundary (ranges from the core are on boundaries already).
    let char_idx = rope.byte_to_char(offset);
    let col = match enc {
        Enc::Utf8 => rope.char_to_byte(char_idx) - line_start,
        Enc::Utf16 => rope.char_to_utf16_cu(char_idx) - rope.char_to_utf16_cu(rope.line_to_char(line)),
    };
    Position { line: line as u32, character: col as u32 }
}

pub fn range(rope: &Rope, enc: Encoding, r: &std::ops::Range<usize>) -> Range {
    Range { start: position(rope, enc, r.start), end: position(rope, enc, r.end) }
}

/// Byte offset of a position; `None` when the line is past the end of the document.
pub fn offset(rope: &Rope, enc: Encoding, pos: Position) -> Option<usize> {
    let line = pos.line as usize;
    if line > rope.len_lines().saturating_sub(1) {
        if line == rope.len_lines() && pos.character == 0 {
            return Some(rope.len_bytes());
        }
        return None;
    }
    let line_start = rope.line_to_byte(line);
    let end = line_content_end(rope, line);
    let col = pos.character as usize;
    let off = match enc {
        // Snap down to a char boundary.
        Enc::Utf8 => rope.char_to_byte(rope.byte_to_char((line_start + col).min(end))),
        Enc::Utf16 => {
            let base = rope.char_to_utf16_cu(rope.line_to_char(line));
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(end));
            let cu = (base + col).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    };
    Some(off)
}

/// Tree-sitter's row and byte column of `offset`. Its rows end at `\n` only, so they are
/// not the rope's lines when a lone `\r` is in the text; one pass over the text before
/// `offset` (edits of Compose files only, a few kilobytes).
pub fn tree_sitter_point(rope: &Rope, offset: usize) -> (usize, usize) {
    let offset = offset.min(rope.len_bytes());
    let (mut row, mut row_start, mut pos) = (0, 0, 0);
    for chunk in rope.byte_slice(..offset).chunks() {
        for (i, b) in chunk.bytes().enumerate() {
            if b == b'\n' {
                row += 1;
                row_start = pos + i + 1;
            }
        }
        pos += chunk.len();
    }
    (row, offset - row_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns() {
        let rope = Rope::from_str("a😀b\r\nxé\n");
        // `b` is at byte 5: one char + a surrogate pair before it.
        assert_eq!(position(&rope, Encoding::Utf16, 5), Position { line: 0, character: 3 });
        assert_eq!(position(&rope, Encoding::Utf8, 5), Position { line: 0, character: 5 });
        assert_eq!(offset(&rope, Encoding::Utf16, Position { line: 0, character: 3 }), Some(5));
        assert_eq!(offset(&rope, Encoding::Utf8, Position { line: 1, character: 1 }), Some(9));
        // Past the line end clamps before the CRLF; past the document is None.
        assert_eq!(offset(&rope, Encoding::Utf16, Position { line: 0, character: 99 }), Some(6));
        assert_eq!(offset(&rope, Encoding::Utf16, Position { line: 9, character: 0 }), None);
        assert_eq!(offset(&rope, Encoding::Utf16, Position { line: 2, character: 0 }), Some(rope.len_bytes()));
    }

    #[test]
    fn tree_sitter_rows_end_at_newlines_only() {
        let text = "a\rb\r\nc\u{2028}d\ne";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 4, "the rope breaks at \\r, \\r\\n and \\n only");
        for (off, _) in text.char_indices() {
            let row = text[..off].matches('\n').count();
            let col = off - text[..off].rfind('\n').map_or(0, |i| i + 1);
            assert_eq!(tree_sitter_point(&rope, off), (row, col), "at {off}");
        }
        assert_eq!(tree_sitter_point(&rope, text.len()), (2, 1));
    }
}
