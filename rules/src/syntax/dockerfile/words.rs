//! Word-level lexing of an instruction's logical line: quote-aware splitting,
//! flags, exec-form JSON, CSV flag values and key/value pairs.

use std::ops::Range;

use super::{Instruction, KeyValue, Kind};

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

/// Splits `text[from..]` into whitespace-separated words, keeping quoted runs and
/// escaped characters inside a word. Returns logical ranges.
pub fn split_words(text: &str, from: usize, escape: char) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut chars = text[from..].char_indices().map(|(i, c)| (i + from, c)).peekable();
    while let Some(&(start, c)) = chars.peek() {
        if is_blank(c) {
            chars.next();
            continue;
        }
        let mut quote: Option<char> = None;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if quote.is_none() && is_blank(c) {
                break;
            }
            chars.next();
            end = i + c.len_utf8();
            if c == escape && quote != Some('\'') {
                if let Some((j, n)) = chars.next() {
                    end = j + n.len_utf8();
                }
            } else if c == '"' || c == '\'' {
                match quote {
                    None => quote = Some(c),
                    Some(q) if q == c => quote = None,
                    _ => {}
                }
            }
        }
        out.push(start..end);
    }
    out
}

/// Removes quotes and applies escapes the way the builder reads a word
/// (single quotes are literal; the escape char keeps the next char).
pub fn unquote(word: &str, escape: char) -> String {
    let mut out = String::with_capacity(word.len());
    let mut quote: Option<char> = None;
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('\''), '\'') => quote = None,
            (Some('\''), c) => out.push(c),
            (_, c) if c == escape => {
                if let Some(n) = chars.next() {
                    // Inside double quotes only `"`, `$` and the escape itself are escapable.
                    if quote == Some('"') && !matches!(n, '"' | '$') && n != escape {
                        out.push(c);
                    }
                    out.push(n);
                } else {
                    out.push(c);
                }
            }
            (None, '"' | '\'') => quote = Some(c),
            (Some('"'), '"') => quote = None,
            (_, c) => out.push(c),
        }
    }
    out
}

/// Parses leading `--flag[=value]` words. Returns the flags (logical ranges) and the
/// logical offset where the arguments start.
pub(super) struct RawFlag {
    pub name: Range<usize>,
    pub value: Option<Range<usize>>,
    pub whole: Range<usize>,
}

pub(super) fn leading_flags(text: &str, from: usize, escape: char) -> (Vec<RawFlag>, usize) {
    let mut flags = Vec::new();
    let mut args_start = from;
    for w in split_words(text, from, escape) {
        let word = &text[w.clone()];
        if !word.starts_with("--") || word.len() == 2 {
            args_start = w.start;
            return (flags, args_start);
        }
        let name_start = w.start + 2;
        let (name, value) = match word.find('=') {
            Some(eq) => (name_start..w.start + eq, Some(w.start + eq + 1..w.end)),
            None => (name_start..w.end, None),
        };
        flags.push(RawFlag { name, value, whole: w.clone() });
        args_start = w.end;
    }
    // Only flags: arguments are empty, starting after the last flag.
    let trimmed = text[args_start..].trim_start_matches(is_blank);
    (flags, text.len() - trimmed.len())
}

/// Parses `text` as a JSON array of strings (exec form). Returns decoded strings with
/// their ranges relative to `text`, or `None` if it is not such an array.
pub fn parse_json_array(text: &str) -> Option<Vec<(String, Range<usize>)>> {
    let bytes = text.as_bytes();
    let mut i = 0;
    let skip_ws = |i: &mut usize| {
        while *i < bytes.len() && matches!(bytes[*i], b' ' | b'\t' | b'\r' | b'\n') {
            *i += 1;
        }
    };
    skip_ws(&mut i);
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    i += 1;
    let mut out = Vec::new();
    skip_ws(&mut i);
    if bytes.get(i) == Some(&b']') {
        i += 1;
        skip_ws(&mut i);
        return (i == bytes.len()).then_some(out);
    }
    loop {
        skip_ws(&mut i);
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let start = i;
        i += 1;
        let mut s = String::new();
        loop {
            let c = text[i..].chars().next()?;
            match c {
                '"' => {
                    i += 1;
                    break;
                }
                '\\' => {
                    let e = *bytes.get(i + 1)?;
                    i += 2;
                    match e {
                        b'"' => s.push('"'),
                        b'\\' => s.push('\\'),
                        b'/' => s.push('/'),
                        b'b' => s.push('\u{8}'),
                        b'f' => s.push('\u{c}'),
                        b'n' => s.push('\n'),
                        b'r' => s.push('\r'),
                        b't' => s.push('\t'),
                        b'u' => {
                            let hex = text.get(i..i + 4)?;
                            let mut code = u32::from_str_radix(hex, 16).ok()?;
                            i += 4;
                            if (0xD800..0xDC00).contains(&code) && text.get(i..i + 2) == Some("\\u") {
                                let lo = u32::from_str_radix(text.get(i + 2..i + 6)?, 16).ok()?;
                                if (0xDC00..0xE000).contains(&lo) {
                                    code = 0x10000 + ((code - 0xD800) << 10) + (lo - 0xDC00);
                                    i += 6;
                                }
                            }
                            s.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => return None,
                    }
                }
                c if (c as u32) < 0x20 => return None,
                c => {
                    s.push(c);
                    i += c.len_utf8();
                }
            }
        }
        out.push((s, start..i));
        skip_ws(&mut i);
        match bytes.get(i) {
            Some(b',') => i += 1,
            Some(b']') => {
                i += 1;
                skip_ws(&mut i);
                return (i == bytes.len()).then_some(out);
            }
            _ => return None,
        }
    }
}

pub(crate) struct CsvField {
    pub key: String,
    pub value: Option<String>,
    pub range: Range<usize>,
    pub key_range: Range<usize>,
    pub value_range: Option<Range<usize>>,
}

/// Splits a CSV flag value (`type=cache,target=/root/.cache,"id=a b"`), as Go's
/// `encoding/csv` does for BuildKit's `--mount`: fields separated by commas, each
/// optionally double-quoted as a whole or in part.
pub(crate) fn csv_fields(value: &str) -> Vec<CsvField> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = value.as_bytes();
    while start <= bytes.len() {
        let mut i = start;
        let mut in_quotes = false;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => in_quotes = !in_quotes,
                b',' if !in_quotes => break,
                _ => {}
            }
            i += 1;
        }
        let raw = &value[start..i];
        if !raw.is_empty() {
            let text = raw.replace('"', "");
            let (key, val, key_range, value_range) = match raw.find('=') {
                Some(eq) => (
                    text.split_once('=').map_or(text.clone(), |(k, _)| k.to_string()),
                    Some(text.split_once('=').map_or(String::new(), |(_, v)| v.to_string())),
                    start..start + eq,
                    Some(start + eq + 1..i),
                ),
                None => (text.clone(), None, start..i, None),
            };
            out.push(CsvField {
                key: key.trim().to_ascii_lowercase(),
                value: val,
                range: start..i,
                key_range,
                value_range,
            });
        }
        if i >= bytes.len() {
            break;
        }
        start = i + 1;
    }
    out
}

/// The key/value items of ENV, LABEL and ARG, BuildKit's `parseNameVal` and
/// `parseNameOrNameVal` (the legacy `ENV key value` form included).
pub(super) fn key_values(inst: &Instruction, escape: char) -> Vec<KeyValue> {
    let words = &inst.args;
    let line = &inst.line;
    if words.is_empty() {
        return Vec::new();
    }
    let legacy = matches!(inst.kind, Kind::Env | Kind::Label) && !words[0].text.contains('=');
    if legacy {
        // `ENV key value with spaces`: the value is the rest of the line.
        let key = &words[0];
        let rest_start = words.get(1).map(|w| w.logical.start);
        let value_logical = rest_start.map(|s| s..inst.args_logical.end);
        let raw = value_logical.as_ref().map(|r| line.text[r.clone()].to_string());
        return vec![KeyValue {
            key: unquote(&key.text, escape),
            key_range: key.range.clone(),
            value: raw.as_ref().map(|r| unquote(r, escape)),
            raw_value: raw,
            value_range: value_logical.map(|r| line.source_range(r)),
            range: line.source_range(inst.args_logical.clone()),
            legacy: true,
        }];
    }
    words
        .iter()
        .map(|w| {
            // The key ends at the first `=` outside quotes.
            let eq = first_unquoted_eq(&w.text, escape);
            match eq {
                Some(eq) => {
                    let key_l = w.logical.start..w.logical.start + eq;
                    let val_l = w.logical.start + eq + 1..w.logical.end;
                    let raw = w.text[eq + 1..].to_string();
                    KeyValue {
                        key: unquote(&w.text[..eq], escape),
                        key_range: line.source_range(key_l),
                        value: Some(unquote(&raw, escape)),
                        raw_value: Some(raw),
                        value_range: Some(line.source_range(val_l)),
                        range: w.range.clone(),
                        legacy: false,
                    }
                }
                None => KeyValue {
                    key: unquote(&w.text, escape),
                    key_range: w.range.clone(),
                    value: None,
                    raw_value: None,
                    value_range: None,
                    range: w.range.clone(),
                    legacy: false,
                },
            }
        })
        .collect()
}

fn first_unquoted_eq(word: &str, escape: char) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut skip = false;
    for (i, c) in word.char_indices() {
        if skip {
            skip = false;
            continue;
        }
        match c {
            c if c == escape && quote != Some('\'') => skip = true,
            '"' | '\'' if quote.is_none() => quote = Some(c),
            c if Some(c) == quote => quote = None,
            '=' if quote.is_none() => return Some(i),
            _ => {}
        }
    }
    None
}

/// A heredoc marker word: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`, `3<<EOF`.
/// Returns (strip_tabs, quoted, delimiter).
pub(super) fn heredoc_marker(word: &str, escape: char) -> Option<(bool, bool, String)> {
    let rest = word.trim_start_matches(|c: char| c.is_ascii_digit());
    let rest = rest.strip_prefix("<<")?;
    let (strip, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    if rest.is_empty() || rest.contains('<') {
        return None;
    }
    let name = unquote(rest, escape);
    if name.is_empty() || name.chars().any(char::is_whitespace) {
        return None;
    }
    let quoted = name != rest;
    Some((strip, quoted, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_quotes_and_escapes() {
        let t = r#"a "b c" d\ e 'f g'"#;
        let w: Vec<&str> = split_words(t, 0, '\\').into_iter().map(|r| &t[r]).collect();
        assert_eq!(w, vec!["a", "\"b c\"", "d\\ e", "'f g'"]);
    }

    #[test]
    fn unquote_rules() {
        assert_eq!(unquote(r#""a b""#, '\\'), "a b");
        assert_eq!(unquote(r"'a\b'", '\\'), r"a\b");
        assert_eq!(unquote(r"a\ b", '\\'), "a b");
        assert_eq!(unquote(r#""a\nb""#, '\\'), r"a\nb");
        assert_eq!(unquote(r"C:\app", '`'), r"C:\app");
    }

    #[test]
    fn json_arrays() {
        assert_eq!(
            parse_json_array(r#"["a", "b\"c", "\u00e9"]"#).unwrap().into_iter().map(|x| x.0).collect::<Vec<_>>(),
            vec!["a", "b\"c", "é"]
        );
        assert_eq!(parse_json_array("[]").unwrap().len(), 0);
        assert!(parse_json_array("[\"a\",]").is_none());
        assert!(parse_json_array("[a]").is_none());
        assert!(parse_json_array("[\"a\"] x").is_none());
        assert!(parse_json_array("[\"a").is_none());
        assert!(parse_json_array("[\"\\u12").is_none());
    }

    #[test]
    fn csv() {
        let f = csv_fields("type=cache,target=/root/.cache,sharing=locked,\"id=a,b\",ro");
        let kv: Vec<_> = f.iter().map(|f| (f.key.as_str(), f.value.as_deref())).collect();
        assert_eq!(
            kv,
            vec![
                ("type", Some("cache")),
                ("target", Some("/root/.cache")),
                ("sharing", Some("locked")),
                ("id", Some("a,b")),
                ("ro", None)
            ]
        );
    }

    #[test]
    fn heredoc_markers() {
        assert_eq!(heredoc_marker("<<EOF", '\\'), Some((false, false, "EOF".into())));
        assert_eq!(heredoc_marker("<<-EOT", '\\'), Some((true, false, "EOT".into())));
        assert_eq!(heredoc_marker("<<'EOF'", '\\'), Some((false, true, "EOF".into())));
        assert_eq!(heredoc_marker("<<\"EOF\"", '\\'), Some((false, true, "EOF".into())));
        assert_eq!(heredoc_marker("3<<EOF", '\\'), Some((false, false, "EOF".into())));
        assert_eq!(heredoc_marker("<<", '\\'), None);
        assert_eq!(heredoc_marker("<<<x", '\\'), None);
        assert_eq!(heredoc_marker("a<<EOF", '\\'), None);
    }
}
