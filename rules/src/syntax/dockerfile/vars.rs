//! Builder-side variable substitution in Dockerfile words: `$A`, `${A}`, `${A:-x}`,
//! `${A:+x}`, `${A:?msg}`, `${A#pat}`, `${A%pat}`, `${A/a/b}` and escapes, following
//! moby/buildkit `frontend/dockerfile/shell/lex.go` (`ProcessWord`): quotes are removed,
//! `'$A'` and an escaped `$` are literal. Compose interpolation differs (`$$`) and lives in
//! `syntax::compose::interpolation`.

use std::fmt;
use std::ops::Range;

/// One `$NAME` / `${NAME…}` occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarRef {
    pub name: String,
    /// Byte range of the name.
    pub name_range: Range<usize>,
    /// Byte range of the whole reference, from `$` through `}`.
    pub range: Range<usize>,
    pub modifier: Option<VarModifier>,
}

/// The part of `${NAME…}` after the name. Words and messages are the raw, unexpanded source text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VarModifier {
    /// `${V:-word}` (colon: also when empty) / `${V-word}` (only when unset).
    Default { colon: bool, word: String },
    /// `${V:+word}` / `${V+word}`.
    Alternate { colon: bool, word: String },
    /// `${V:?message}` / `${V?message}`.
    Required { colon: bool, message: String },
    /// Pattern forms, raw text after the name: `#pat`, `##pat`, `%pat`, `%%pat`, `/a/b`, `//a/b`.
    Other(String),
}

/// A syntax error in a word, as BuildKit would report it when building.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarSyntaxError {
    /// Byte offset of the offending `$` (or of the unterminated construct).
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for VarSyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for VarSyntaxError {}

/// Spans of all variable references in `word`, outer ones before the ones nested in their
/// words, in source order. Quotes and escapes are honoured as BuildKit does (`'$A'` and `\$A`
/// are literal). Scanning stops at the first syntax error, where BuildKit rejects the word;
/// references completed before it are still returned.
pub fn find_vars(word: &str, escape: char) -> Vec<VarRef> {
    let mut lx = Lexer::new(word, escape, None);
    let _ = lx.stop_on(None, false);
    let mut vars = lx.vars;
    vars.sort_by_key(|v| v.range.start);
    vars
}

/// Checks `word` for substitution syntax errors (unterminated `${`, bad substitution,
/// unterminated quotes, unsupported modifiers, nesting deeper than 32).
pub fn check_vars(word: &str, escape: char) -> Result<(), VarSyntaxError> {
    let mut lx = Lexer::new(word, escape, None);
    lx.stop_on(None, false).map(|_| ()).map_err(|e| VarSyntaxError { offset: e.offset, message: e.message.to_string() })
}

/// Expand with `lookup(name) -> Option<String>` (`None` = unset); returns None when some
/// variable is unset and has no usable default (so the caller knows the result is not fully
/// known), when `${V?msg}` would fail, or on a syntax error. Quotes are removed and escapes
/// applied as in BuildKit's `ProcessWord`.
pub fn expand(word: &str, escape: char, lookup: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut lx = Lexer::new(word, escape, Some(lookup));
    lx.stop_on(None, false).ok().flatten()
}

/// Bounds `${…${…}…}` recursion so hostile input cannot overflow the stack.
const MAX_VAR_DEPTH: usize = 32;

struct LexError {
    offset: usize,
    message: &'static str,
}

/// An expansion result; None means "depends on an unset variable".
type Val = Option<String>;

type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    escape: char,
    raw_escapes: bool,
    depth: usize,
    lookup: Option<Lookup<'a>>,
    vars: Vec<VarRef>,
}

fn push_val(out: &mut Val, v: Val) {
    match (out.as_mut(), v) {
        (Some(o), Some(v)) => o.push_str(&v),
        _ => *out = None,
    }
}

fn push_char(out: &mut Val, c: char) {
    if let Some(o) = out {
        o.push(c);
    }
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str, escape: char, lookup: Option<Lookup<'a>>) -> Self {
        Lexer { src, pos: 0, escape, raw_escapes: false, depth: 0, lookup, vars: Vec::new() }
    }

    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn get(&self, name: &str) -> Val {
        self.lookup.and_then(|f| f(name))
    }

    fn err(offset: usize, message: &'static str) -> LexError {
        LexError { offset, message }
    }

    /// `processStopOn`: consumes up to and including `stop` (or to the end when None).
    fn stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<Val, LexError> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let r = self.stop_on_inner(stop);
        self.raw_escapes = saved;
        r
    }

    fn stop_on_inner(&mut self, stop: Option<char>) -> Result<Val, LexError> {
        let start = self.pos;
        let mut out: Val = Some(String::new());
        while let Some(ch) = self.peek() {
            if Some(ch) == stop {
                self.next();
                return Ok(out);
            }
            match ch {
                '$' => {
                    let v = self.dollar()?;
                    push_val(&mut out, v);
                }
                '\'' => {
                    let v = self.single_quote()?;
                    push_val(&mut out, Some(v));
                }
                '"' => {
                    let v = self.double_quote()?;
                    push_val(&mut out, v);
                }
                _ => {
                    self.next();
                    if ch == self.escape {
                        if self.raw_escapes {
                            push_char(&mut out, ch);
                        }
                        // A trailing escape is dropped.
                        match self.next() {
                            Some(c) => push_char(&mut out, c),
                            None => break,
                        }
                    } else {
                        push_char(&mut out, ch);
                    }
                }
            }
        }
        match stop {
            Some(_) => Err(Self::err(start, "unexpected end of word")),
            None => Ok(out),
        }
    }

    fn single_quote(&mut self) -> Result<String, LexError> {
        let start = self.pos;
        self.next();
        let mut out = String::new();
        loop {
            match self.next() {
                None => return Err(Self::err(start, "missing closing single quote")),
                Some('\'') => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    fn double_quote(&mut self) -> Result<Val, LexError> {
        let start = self.pos;
        self.next();
        let mut out: Val = Some(String::new());
        loop {
            match self.peek() {
                None => return Err(Self::err(start, "missing closing double quote")),
                Some('"') => {
                    self.next();
                    return Ok(out);
                }
                Some('$') => {
                    let v = self.dollar()?;
                    push_val(&mut out, v);
                }
                Some(_) => {
                    let mut ch = self.next().unwrap_or_default();
                    if ch == self.escape {
                        if self.raw_escapes {
                            push_char(&mut out, ch);
                        }
                        // Inside double quotes only `"`, `$` and the escape itself are escapable.
                        match self.peek() {
                            None => continue,
                            Some(c) if c == '"' || c == '$' || c == self.escape => {
                                ch = self.next().unwrap_or(c);
                            }
                            Some(_) => {}
                        }
                    }
                    push_char(&mut out, ch);
                }
            }
        }
    }

    /// `processName`: a digit run, one special parameter, or letters/digits/underscores.
    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.peek() {
            if name.is_empty() && ch.is_numeric() {
                while let Some(d) = self.peek().filter(|d| d.is_numeric()) {
                    self.next();
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!') {
                self.next();
                name.push(ch);
                return name;
            }
            if !(ch.is_alphabetic() || ch.is_numeric() || ch == '_') {
                break;
            }
            self.next();
            name.push(ch);
        }
        name
    }

    /// `processDollar`; the cursor is on `$`.
    fn dollar(&mut self) -> Result<Val, LexError> {
        let start = self.pos;
        self.next();
        if self.peek() != Some('{') {
            let name_start = self.pos;
            let name = self.name();
            if name.is_empty() {
                return Ok(Some("$".to_string()));
            }
            let value = self.get(&name);
            self.vars.push(VarRef { name, name_range: name_start..self.pos, range: start..self.pos, modifier: None });
            return Ok(value);
        }
        self.next();
        match self.peek() {
            None => return Err(Self::err(start, "syntax error: missing '}'")),
            Some('{' | '}' | ':') => return Err(Self::err(start, "syntax error: bad substitution")),
            Some(_) => {}
        }
        if self.depth >= MAX_VAR_DEPTH {
            return Err(Self::err(start, "variable references nested too deeply"));
        }
        self.depth += 1;
        let r = self.braced(start);
        self.depth -= 1;
        r
    }

    /// The rest of `${…}` after the `{`.
    fn braced(&mut self, start: usize) -> Result<Val, LexError> {
        let missing_brace = |_: LexError| Self::err(start, "syntax error: missing '}'");
        let name_start = self.pos;
        let name = self.name();
        let name_end = self.pos;
        if name.is_empty() {
            return Err(Self::err(start, "syntax error: bad substitution"));
        }
        let Some(ch) = self.next() else {
            return Err(Self::err(start, "syntax error: missing '}'"));
        };
        let (modifier, result) = match ch {
            '}' => (None, self.get(&name)),
            ':' | '+' | '-' | '?' | '#' | '%' => {
                let colon = ch == ':';
                let op = if colon { self.next() } else { Some(ch) };
                let op = op.ok_or(Self::err(start, "syntax error: missing '}'"))?;
                let word_start = self.pos;
                // Pattern words keep their escapes so `\*` stays a literal star.
                let word = match self.stop_on(Some('}'), op == '#' || op == '%') {
                    Ok(w) => w,
                    Err(e) if self.peek().is_none() => return Err(missing_brace(e)),
                    Err(e) => return Err(e),
                };
                let word_end = self.pos.saturating_sub(1);
                let text = self.src[word_start..word_end].to_string();
                let value = self.get(&name);
                let unset_or_null = value.as_ref().is_none_or(|v| colon && v.is_empty());
                match op {
                    '-' => (Some(VarModifier::Default { colon, word: text }), if unset_or_null { word } else { value }),
                    '+' => (
                        Some(VarModifier::Alternate { colon, word: text }),
                        if unset_or_null { Some(String::new()) } else { word },
                    ),
                    '?' => {
                        (Some(VarModifier::Required { colon, message: text }), if unset_or_null { None } else { value })
                    }
                    '#' | '%' => {
                        let other = self.src[name_end..word_end].to_string();
                        let trimmed = match (value, word) {
                            (Some(v), Some(w)) => {
                                let (greedy, pat) = match w.strip_prefix(op) {
                                    Some(p) => (true, p),
                                    None => (false, w.as_str()),
                                };
                                compile_glob(pat).map(|toks| {
                                    if op == '#' {
                                        trim_prefix(&v, &toks, greedy)
                                    } else {
                                        trim_suffix(&v, &toks, greedy)
                                    }
                                })
                            }
                            _ => None,
                        };
                        (Some(VarModifier::Other(other)), trimmed)
                    }
                    _ => return Err(Self::err(start, "unsupported modifier in substitution")),
                }
            }
            '/' => {
                let all = self.peek() == Some('/');
                if all {
                    self.next();
                }
                let pattern = match self.stop_on(Some('/'), true) {
                    Ok(p) => p,
                    Err(_) if self.peek().is_none() => {
                        return Err(Self::err(start, "syntax error: missing '/' in ${}"))
                    }
                    Err(e) => return Err(e),
                };
                let replacement = match self.stop_on(Some('}'), true) {
                    Ok(r) => r,
                    Err(e) if self.peek().is_none() => return Err(missing_brace(e)),
                    Err(e) => return Err(e),
                };
                let other = self.src[name_end..self.pos.saturating_sub(1)].to_string();
                let replaced = match (self.get(&name), pattern, replacement) {
                    (Some(v), Some(p), Some(r)) => compile_glob(&p).map(|toks| replace_glob(&v, &toks, &r, all)),
                    _ => None,
                };
                (Some(VarModifier::Other(other)), replaced)
            }
            _ => return Err(Self::err(start, "unsupported modifier in substitution")),
        };
        self.vars.push(VarRef { name, name_range: name_start..name_end, range: start..self.pos, modifier });
        Ok(result)
    }
}

/// Shell pattern token (BuildKit `convertShellPatternToRegex`: no bracket expressions).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Glob {
    Lit(char),
    /// `?`
    Any,
    /// `*`
    Star,
}

/// None for an invalid escape (BuildKit errors too); `\}` and `\/` drop the backslash.
fn compile_glob(p: &str) -> Option<Vec<Glob>> {
    let mut out = Vec::new();
    let mut it = p.chars().peekable();
    while let Some(c) = it.next() {
        out.push(match c {
            '*' => Glob::Star,
            '?' => Glob::Any,
            '\\' => match it.peek() {
                Some('}' | '/') => continue,
                _ => match it.next() {
                    Some(n @ ('*' | '?' | '\\')) => Glob::Lit(n),
                    _ => return None,
                },
            },
            c => Glob::Lit(c),
        });
    }
    Some(out)
}

/// Byte length of the shortest (or longest) prefix of `s` matched by the whole pattern.
/// NFA simulation: linear in `s` for a given pattern. Like Go's `.`, wildcards skip '\n'.
fn glob_prefix(toks: &[Glob], s: &str, longest: bool) -> Option<usize> {
    let m = toks.len();
    let closure = |set: &mut Vec<bool>| {
        for k in 0..m {
            if set[k] && toks[k] == Glob::Star {
                set[k + 1] = true;
            }
        }
    };
    let mut cur = vec![false; m + 1];
    cur[0] = true;
    closure(&mut cur);
    let mut best = cur[m].then_some(0);
    if best.is_some() && !longest {
        return best;
    }
    for (i, c) in s.char_indices() {
        let mut next = vec![false; m + 1];
        for k in 0..m {
            if !cur[k] {
                continue;
            }
            match toks[k] {
                Glob::Lit(x) if x == c => next[k + 1] = true,
                Glob::Any if c != '\n' => next[k + 1] = true,
                Glob::Star if c != '\n' => next[k] = true,
                _ => {}
            }
        }
        closure(&mut next);
        if !next.contains(&true) {
            break;
        }
        cur = next;
        if cur[m] {
            best = Some(i + c.len_utf8());
            if !longest {
                break;
            }
        }
    }
    best
}

fn glob_full(toks: &[Glob], s: &str) -> bool {
    glob_prefix(toks, s, true) == Some(s.len())
}

fn trim_prefix(v: &str, toks: &[Glob], greedy: bool) -> String {
    match glob_prefix(toks, v, greedy) {
        Some(n) => v[n..].to_string(),
        None => v.to_string(),
    }
}

/// Shortest (or, greedy, longest) matching suffix, as BuildKit gets by reversing both strings.
fn trim_suffix(v: &str, toks: &[Glob], greedy: bool) -> String {
    let mut starts = v.char_indices().map(|(i, _)| i).chain(std::iter::once(v.len()));
    let found = if greedy {
        starts.find(|&i| glob_full(toks, &v[i..]))
    } else {
        starts.collect::<Vec<_>>().into_iter().rev().find(|&i| glob_full(toks, &v[i..]))
    };
    match found {
        Some(i) => v[..i].to_string(),
        None => v.to_string(),
    }
}

/// Leftmost-longest replacement; with `all`, Go's rule that an empty match right after a
/// previous match is skipped.
fn replace_glob(v: &str, toks: &[Glob], rep: &str, all: bool) -> String {
    let mut out = String::with_capacity(v.len());
    let mut copied = 0;
    let mut i = 0;
    let mut prev_end = None;
    loop {
        if let Some(len) = glob_prefix(toks, &v[i..], true) {
            if !(len == 0 && prev_end == Some(i)) {
                out.push_str(&v[copied..i]);
                out.push_str(rep);
                copied = i + len;
                prev_end = Some(i + len);
                if !all {
                    break;
                }
                if len > 0 {
                    i += len;
                    continue;
                }
            }
        }
        match v[i..].chars().next() {
            Some(c) => i += c.len_utf8(),
            None => break,
        }
    }
    out.push_str(&v[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k: &str| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    fn ex(word: &str, pairs: &'static [(&'static str, &'static str)]) -> Option<String> {
        expand(word, '\\', &env(pairs))
    }

    #[test]
    fn find_vars_in_image_word() {
        let w = "${REGISTRY:-docker.io}/app:${TAG}";
        let v = find_vars(w, '\\');
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].name, "REGISTRY");
        assert_eq!(&w[v[0].range.clone()], "${REGISTRY:-docker.io}");
        assert_eq!(&w[v[0].name_range.clone()], "REGISTRY");
        assert_eq!(v[0].modifier, Some(VarModifier::Default { colon: true, word: "docker.io".into() }));
        assert_eq!(v[1].name, "TAG");
        assert_eq!(&w[v[1].range.clone()], "${TAG}");
        assert_eq!(v[1].modifier, None);
    }

    #[test]
    fn find_plain_dollar_vars() {
        let w = "$REG/app:$TAG-x";
        let v = find_vars(w, '\\');
        let names: Vec<_> = v.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["REG", "TAG"]);
        assert_eq!(&w[v[1].range.clone()], "$TAG");
        assert_eq!(v[1].name_range, 10..13);
        // Digit runs and special parameters are names too.
        let v = find_vars("$12a $@", '\\');
        assert_eq!(v.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["12", "@"]);
    }

    #[test]
    fn find_each_modifier() {
        let cases: &[(&str, VarModifier)] = &[
            ("${V:-d}", VarModifier::Default { colon: true, word: "d".into() }),
            ("${V-d}", VarModifier::Default { colon: false, word: "d".into() }),
            ("${V:+a}", VarModifier::Alternate { colon: true, word: "a".into() }),
            ("${V+a}", VarModifier::Alternate { colon: false, word: "a".into() }),
            ("${V:?msg}", VarModifier::Required { colon: true, message: "msg".into() }),
            ("${V?msg}", VarModifier::Required { colon: false, message: "msg".into() }),
            ("${V#p*}", VarModifier::Other("#p*".into())),
            ("${V##p*}", VarModifier::Other("##p*".into())),
            ("${V%p}", VarModifier::Other("%p".into())),
            ("${V%%p}", VarModifier::Other("%%p".into())),
            ("${V/a/b}", VarModifier::Other("/a/b".into())),
            ("${V//a/b}", VarModifier::Other("//a/b".into())),
        ];
        for (w, m) in cases {
            let v = find_vars(w, '\\');
            assert_eq!(v.len(), 1, "{w}");
            assert_eq!(v[0].name, "V");
            assert_eq!(v[0].range, 0..w.len(), "{w}");
            assert_eq!(v[0].modifier.as_ref(), Some(m), "{w}");
            assert!(check_vars(w, '\\').is_ok(), "{w}");
        }
    }

    #[test]
    fn find_nested_vars_outer_first() {
        let w = "x${A:-${B:-${C}}}y";
        let v = find_vars(w, '\\');
        assert_eq!(v.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["A", "B", "C"]);
        assert_eq!(&w[v[0].range.clone()], "${A:-${B:-${C}}}");
        assert_eq!(&w[v[1].range.clone()], "${B:-${C}}");
        assert_eq!(v[0].modifier, Some(VarModifier::Default { colon: true, word: "${B:-${C}}".into() }));
    }

    #[test]
    fn find_vars_respects_escapes_and_quotes() {
        assert!(find_vars("\\$A", '\\').is_empty());
        assert!(find_vars("'$A'", '\\').is_empty());
        assert_eq!(find_vars("\"$A\"", '\\').len(), 1);
        assert!(find_vars("\"\\$A\"", '\\').is_empty());
        // With `# escape=\``, backslash is literal and backtick escapes.
        assert!(find_vars("`$A", '`').is_empty());
        let v = find_vars("\\$A", '`');
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].range, 1..3);
        // Escaped '}' inside a default does not close the reference.
        let v = find_vars("${A:-x\\}y}", '\\');
        assert_eq!(v[0].range, 0..10);
    }

    #[test]
    fn find_vars_unterminated_and_bad() {
        for w in ["${A", "${A:-x", "${", "$", "${}", "${:x}", "${{A}}", "${A:-${B}", "'$A", "${A/x", "${A!}"] {
            let v = find_vars(w, '\\');
            assert!(v.iter().all(|v| v.name != "A"), "{w}: {v:?}");
        }
        // The reference completes before the quote turns out unterminated, so it is reported.
        assert_eq!(find_vars("\"$A", '\\').len(), 1);
        assert!(check_vars("\"$A", '\\').is_err());
        assert!(check_vars("${A", '\\').is_err());
        assert!(check_vars("${}", '\\').is_err());
        assert!(check_vars("$", '\\').is_ok());
        assert_eq!(check_vars("ab${A:-x", '\\').unwrap_err().offset, 2);
        // A completed nested reference before the failure is still reported.
        assert_eq!(find_vars("${A:-${B}", '\\').iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["B"]);
    }

    #[test]
    fn find_vars_unicode_names_and_offsets() {
        let w = "ü${Ä}é$ñ_1/x";
        let v = find_vars(w, '\\');
        assert_eq!(v.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["Ä", "ñ_1"]);
        assert_eq!(&w[v[0].range.clone()], "${Ä}");
        assert_eq!(&w[v[1].name_range.clone()], "ñ_1");
    }

    #[test]
    fn expand_simple_and_unset() {
        assert_eq!(ex("${REG}/app:${TAG}", &[("REG", "ghcr.io"), ("TAG", "1")]).as_deref(), Some("ghcr.io/app:1"));
        assert_eq!(ex("$TAG", &[]), None);
        assert_eq!(ex("${TAG}", &[]), None);
        assert_eq!(ex("node", &[]).as_deref(), Some("node"));
        assert_eq!(ex("a$", &[]).as_deref(), Some("a$"));
        assert_eq!(ex("$-x", &[("-", "v")]).as_deref(), Some("vx"));
    }

    #[test]
    fn expand_default_modifiers() {
        assert_eq!(ex("${R:-docker.io}/x", &[]).as_deref(), Some("docker.io/x"));
        assert_eq!(ex("${R:-docker.io}/x", &[("R", "")]).as_deref(), Some("docker.io/x"));
        assert_eq!(ex("${R:-docker.io}/x", &[("R", "q.io")]).as_deref(), Some("q.io/x"));
        assert_eq!(ex("${R-docker.io}/x", &[]).as_deref(), Some("docker.io/x"));
        assert_eq!(ex("${R-docker.io}/x", &[("R", "")]).as_deref(), Some("/x"));
    }

    #[test]
    fn expand_alternate_modifiers() {
        assert_eq!(ex("a${V:+-b}", &[]).as_deref(), Some("a"));
        assert_eq!(ex("a${V:+-b}", &[("V", "")]).as_deref(), Some("a"));
        assert_eq!(ex("a${V:+-b}", &[("V", "1")]).as_deref(), Some("a-b"));
        assert_eq!(ex("a${V+-b}", &[("V", "")]).as_deref(), Some("a-b"));
        assert_eq!(ex("a${V+-b}", &[]).as_deref(), Some("a"));
        // An unknown alternate only matters when it would be used.
        assert_eq!(ex("a${V:+$U}", &[]).as_deref(), Some("a"));
        assert_eq!(ex("a${V:+$U}", &[("V", "1")]), None);
    }

    #[test]
    fn expand_required_modifiers() {
        assert_eq!(ex("${V:?need V}", &[]), None);
        assert_eq!(ex("${V:?need V}", &[("V", "")]), None);
        assert_eq!(ex("${V:?need V}", &[("V", "x")]).as_deref(), Some("x"));
        assert_eq!(ex("${V?need V}", &[("V", "")]).as_deref(), Some(""));
        assert_eq!(ex("${V?need V}", &[]), None);
    }

    #[test]
    fn expand_pattern_modifiers() {
        const V: &[(&str, &str)] = &[("V", "docker.io/library/node:18-alpine"), ("N", "1.2.3")];
        assert_eq!(ex("${V#*/}", V).as_deref(), Some("library/node:18-alpine"));
        assert_eq!(ex("${V##*/}", V).as_deref(), Some("node:18-alpine"));
        assert_eq!(ex("${V%:*}", V).as_deref(), Some("docker.io/library/node"));
        assert_eq!(ex("${V%-*}", V).as_deref(), Some("docker.io/library/node:18"));
        assert_eq!(ex("${N%.*}", V).as_deref(), Some("1.2"));
        assert_eq!(ex("${N%%.*}", V).as_deref(), Some("1"));
        assert_eq!(ex("${N#?.}", V).as_deref(), Some("2.3"));
        assert_eq!(ex("${N#x}", V).as_deref(), Some("1.2.3"));
        assert_eq!(ex("${N/./-}", V).as_deref(), Some("1-2.3"));
        assert_eq!(ex("${N//./-}", V).as_deref(), Some("1-2-3"));
        assert_eq!(ex("${N//[0-9]/x}", V).as_deref(), Some("1.2.3"));
        assert_eq!(ex("${V/*:/img:}", V).as_deref(), Some("img:18-alpine"));
        assert_eq!(ex("${N#\\*}", &[("N", "*a")]).as_deref(), Some("a"));
        // Invalid pattern escape and unset variable make the result unknown.
        assert_eq!(ex("${N#\\q}", V), None);
        assert_eq!(ex("${U#x}", V), None);
        assert_eq!(ex("${U/a/b}", V), None);
    }

    #[test]
    fn expand_nested_defaults() {
        assert_eq!(ex("${A:-${B}}", &[("B", "b")]).as_deref(), Some("b"));
        assert_eq!(ex("${A:-${B:-c}}", &[]).as_deref(), Some("c"));
        assert_eq!(ex("${A:-${B}}", &[]), None);
        // The unused default's unknown variable does not poison the result.
        assert_eq!(ex("${A:-${B}}", &[("A", "a")]).as_deref(), Some("a"));
        assert_eq!(ex("${A:-x${B:-y}z}", &[]).as_deref(), Some("xyz"));
    }

    #[test]
    fn expand_escapes_and_quotes() {
        assert_eq!(ex("\\$A", &[("A", "x")]).as_deref(), Some("$A"));
        assert_eq!(expand("`$A", '`', &env(&[("A", "x")])).as_deref(), Some("$A"));
        assert_eq!(expand("\\$A", '`', &env(&[("A", "x")])).as_deref(), Some("\\x"));
        assert_eq!(ex("\"node:${V}\"", &[("V", "18")]).as_deref(), Some("node:18"));
        assert_eq!(ex("'node:${V}'", &[]).as_deref(), Some("node:${V}"));
        assert_eq!(ex("${A:-a\\}b}", &[]).as_deref(), Some("a}b"));
        assert_eq!(ex("\"a\\b\"", &[]).as_deref(), Some("a\\b"));
        assert_eq!(ex("a\\", &[]).as_deref(), Some("a"));
    }

    #[test]
    fn expand_syntax_errors_are_none() {
        for w in ["${A", "${A:-x", "${", "${}", "${:-x}", "${A:x}", "'abc", "\"abc", "${A/x"] {
            assert_eq!(ex(w, &[("A", "a")]), None, "{w}");
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let depth = 10_000;
        let w = "${A:-".repeat(depth) + "x" + &"}".repeat(depth);
        assert_eq!(ex(&w, &[]), None);
        assert!(check_vars(&w, '\\').is_err());
        let _ = find_vars(&w, '\\');
        // Within the limit it works.
        let w = "${A:-".repeat(20) + "x" + &"}".repeat(20);
        assert_eq!(ex(&w, &[]).as_deref(), Some("x"));
        assert_eq!(find_vars(&w, '\\').len(), 20);
        let w = "\"$".repeat(5_000) + "{";
        assert_eq!(ex(&w, &[]), None);
    }

    #[test]
    fn glob_helpers() {
        let t = compile_glob("a*b").unwrap();
        assert_eq!(glob_prefix(&t, "aXbYb", false), Some(3));
        assert_eq!(glob_prefix(&t, "aXbYb", true), Some(5));
        assert_eq!(glob_prefix(&t, "xab", true), None);
        assert_eq!(replace_glob("aaa", &compile_glob("").unwrap(), "-", true), "-a-a-a-");
        assert_eq!(replace_glob("abc", &compile_glob("x*").unwrap(), "-", true), "abc");
        assert_eq!(compile_glob("a\\}b"), Some(vec![Glob::Lit('a'), Glob::Lit('}'), Glob::Lit('b')]));
        assert_eq!(compile_glob("a\\"), None);
    }

    #[test]
    fn exhaustive_short_inputs_never_panic() {
        let alphabet = [
            '$', '{', '}', ':', '-', '+', '?', '#', '%', '/', '\\', '\'', '"', 'A', 'é', '@', '[', ']', '.', '_', 'a',
            '5',
        ];
        let lookup = |k: &str| (k == "A").then(|| "a/b".to_string());
        let mut buf = String::new();
        let n = alphabet.len();
        for len in 1..=4u32 {
            for mut code in 0..n.pow(len) {
                buf.clear();
                for _ in 0..len {
                    buf.push(alphabet[code % n]);
                    code /= n;
                }
                let _ = crate::syntax::image_ref::ImageRef::parse(&buf).map(|r| (r.normalized(), r.familiar()));
                for v in find_vars(&buf, '\\') {
                    assert!(buf.get(v.range.clone()).is_some() && buf.get(v.name_range.clone()).is_some());
                }
                let _ = expand(&buf, '\\', &lookup);
                let _ = expand(&buf, '`', &lookup);
            }
        }
    }
}
