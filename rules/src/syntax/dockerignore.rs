//! `.dockerignore` files: parsing and matching with BuildKit's exact semantics.
//!
//! **Parsing** follows `ignorefile.ReadAll` (moby/patternmatcher; formerly BuildKit's
//! `frontend/dockerfile/dockerignore`) and then `patternmatcher.New`: a UTF-8 BOM is
//! dropped from the first line; a line whose *first byte* is `#` is a comment (an
//! indented `#` is a pattern); whitespace is trimmed; `!` marks an exception and the
//! rest is trimmed again; the pattern goes through Go's `filepath.Clean` and one leading
//! `/` is dropped (so `/foo/bar/`, `./foo/bar` and `foo/bar` are the same pattern).
//! `New` trims and cleans once more and checks the syntax with `filepath.Match`.
//!
//! **Matching** follows `Pattern.compile`: the pattern becomes a Go regexp (`*` →
//! `[^/]*`, `?` → `[^/]`, `**` → `(.*/)?`, a final `**` → `.*`, `\x` → regexp escape,
//! `[...]` passed through), with the exact/prefix/suffix fast paths and their quirks
//! (`foo**` is a plain prefix test, `**foo` a plain suffix test that matches `xfoo`).
//! patternmatcher's escape table misses `|`, `{` and `}`, so they are regexp syntax:
//! `*.js|*.ts` is two alternatives each matching *anywhere* in the path (`a.jsx`,
//! `x/y/z.ts`), and `?{2}` is a counted repeat. A raw `^` is a start anchor.
//! We interpret that regexp subset with a small NFA (time O(path × pattern), no
//! backtracking) instead of depending on a regex crate.
//!
//! **Deciding** a path follows the context walker (tonistiigi/fsutil `filterFS.Walk` →
//! `MatchesUsingParentResults`), which is what really shapes the build context: paths
//! are visited top-down, a pattern that matched a directory stays matched for
//! everything below it, patterns apply in file order and the last match decides. The
//! walker skips an excluded directory outright when every exception is a plain path
//! (once a trailing `/*` or `/**` is dropped) and none lies inside it. This can differ
//! from `MatchesOrParentMatches` for odd orderings: with `a`, `!a/b`, `a` the walker
//! keeps `a/b`.
//!
//! **Unlike gitignore**: there is no implicit `**/` (`foo` matches only `./foo`, never
//! `a/foo`); `*` never crosses `/`; a trailing `/` means nothing ("directory only" is
//! not a thing); a match on a directory excludes everything below it, yet exceptions
//! can still re-include files inside an excluded directory (`docs` + `!docs/README.md`);
//! order matters (last match wins); `[!a]` is not negation (only `[^a]` is); and `\`
//! followed by a letter is a *regexp* escape (`\d` is a digit class).
//!
//! **Which file**: BuildKit's `dockerui` client reads `<Dockerfile name>.dockerignore`
//! from the Dockerfile's own directory (`bctx.filename + ".dockerignore"` in the
//! Dockerfile local) and only if that file is absent `.dockerignore` at the context
//! root; the two are never merged (see [`candidate_files`]).
//!
//! Where Docker would fail the whole build (a bad pattern), we keep the pattern,
//! report it in [`DockerIgnore::errors`], and let it match nothing. Semantics are those
//! of Linux/macOS clients (on Windows `\` is a path separator, not an escape).

use std::ops::Range;

/// One pattern line of a .dockerignore file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnorePattern {
    /// The pattern as Docker uses it after cleaning (no leading `!`, no leading `/` or `./`).
    pub pattern: String,
    /// `!pattern`: re-includes what earlier patterns excluded.
    pub exception: bool,
    /// Byte range of the whole pattern line's text (trimmed) in the source file, for diagnostics.
    pub range: Range<usize>,
    /// 1-based line number in the file.
    pub line: usize,
    matcher: Matcher,
}

impl IgnorePattern {
    /// False if Docker rejects this pattern (it then matches nothing here).
    pub fn is_valid(&self) -> bool {
        !matches!(self.matcher, Matcher::Invalid)
    }

    /// Does the pattern itself match exactly this path (no parent-directory logic)?
    pub fn matches_path(&self, path: &str) -> bool {
        self.matcher.matches(path)
    }
}

/// A parsed `.dockerignore` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DockerIgnore {
    pub patterns: Vec<IgnorePattern>,
    errors: Vec<(Range<usize>, String)>,
}

/// Docker's `bufio.Scanner` gives up on lines of 64 KiB or more.
const MAX_LINE: usize = 64 * 1024;

impl DockerIgnore {
    /// Parses file text. Never panics; invalid patterns are kept, match nothing and are
    /// reported in [`errors`](Self::errors).
    pub fn parse(text: &str) -> DockerIgnore {
        let mut patterns = Vec::new();
        let mut errors = Vec::new();
        let mut line_start = 0;
        for (index, raw) in text.split('\n').enumerate() {
            let mut start = line_start;
            line_start += raw.len() + 1;
            // bufio.ScanLines drops one trailing CR.
            let mut line = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.len() >= MAX_LINE {
                // Docker fails to read the whole file; we report it and skip the line.
                let msg = "line is 64 KiB or longer: Docker cannot read this file";
                errors.push((start..start + line.len(), msg.to_string()));
                continue;
            }
            if index == 0 {
                if let Some(rest) = line.strip_prefix('\u{feff}') {
                    line = rest;
                    start += '\u{feff}'.len_utf8();
                }
            }
            // Comments are recognised before trimming: only column 1 counts.
            if line.starts_with('#') {
                continue;
            }
            let trimmed = line.trim();
            if trimmed.is_empty() {
                continue;
            }
            let begin = start + (line.len() - line.trim_start().len());
            let range = begin..begin + trimmed.len();
            let line_no = index + 1;
            // ignorefile.ReadAll
            let (invert, rest) = match trimmed.strip_prefix('!') {
                Some(rest) => (true, rest.trim()),
                None => (false, trimmed),
            };
            let mut cleaned = String::new();
            if !rest.is_empty() {
                cleaned = go_clean(rest);
                if cleaned.len() > 1 && cleaned.starts_with('/') {
                    cleaned.remove(0);
                }
            }
            if invert {
                cleaned.insert(0, '!');
            }
            // patternmatcher.New: trim and clean again (`/ /` vanishes, `!/` becomes `!`).
            let again = cleaned.trim();
            if again.is_empty() {
                continue;
            }
            let again = go_clean(again);
            let (exception, body) = match again.strip_prefix('!') {
                Some(body) => (true, body),
                None => (false, again.as_str()),
            };
            let matcher = if exception && body.is_empty() {
                errors.push((range.clone(), "illegal exclusion pattern: `!` needs a pattern after it".to_string()));
                Matcher::Invalid
            } else {
                match Matcher::compile(body) {
                    Ok(m) => m,
                    Err(msg) => {
                        errors.push((range.clone(), msg));
                        Matcher::Invalid
                    }
                }
            };
            patterns.push(IgnorePattern { pattern: body.to_string(), exception, range, line: line_no, matcher });
        }
        DockerIgnore { patterns, errors }
    }

    /// Invalid patterns found while parsing: (byte range, message).
    pub fn errors(&self) -> &[(Range<usize>, String)] {
        &self.errors
    }

    /// Is this path (relative to the context root, `/`-separated) excluded from the build
    /// context? Decided the way BuildKit's context walker decides it (see module docs).
    pub fn is_excluded(&self, path: &str) -> bool {
        normalize(path).is_some_and(|p| self.verdict(&p, false).excluded)
    }

    /// The index into `patterns` of the pattern that decided the result for this path
    /// (the last one that matched it or a parent), or None if no pattern matched.
    pub fn deciding_pattern(&self, path: &str) -> Option<usize> {
        normalize(path).and_then(|p| self.verdict(&p, false).deciding)
    }

    /// For a directory walker: if `dir` is excluded, can anything beneath it still be
    /// re-included by an exception? False only when that is certain (the walker prunes
    /// the directory, or no exception can match below it).
    pub fn may_include_below(&self, dir: &str) -> bool {
        let Some(dir) = normalize(dir) else {
            return true;
        };
        let v = self.verdict(&dir, true);
        if v.pruned {
            return false;
        }
        if !v.excluded {
            return true;
        }
        // Once `dir` is excluded, its deciding pattern stays matched below it, so only an
        // exception matching something strictly below `dir` can flip the result.
        self.patterns.iter().any(|p| p.exception && p.matcher.may_match_below(&dir))
    }

    /// Walks `path`'s ancestors top-down like fsutil's filterFS.Walk.
    fn verdict(&self, path: &str, prune_self: bool) -> Verdict {
        // hits[i]: pattern i matched the parent directory (MatchInfo.parentMatched).
        let mut hits = vec![false; self.patterns.len()];
        let mut start = 0;
        loop {
            let end = path[start..].find('/').map_or(path.len(), |i| start + i);
            let prefix = &path[..end];
            let last = end == path.len();
            let (excluded, deciding) = self.step(prefix, &mut hits);
            if excluded && (prune_self || !last) && self.walker_prunes(prefix) {
                return Verdict { excluded, deciding, pruned: true };
            }
            if last {
                return Verdict { excluded, deciding, pruned: false };
            }
            start = end + 1;
        }
    }

    /// `MatchesUsingParentResults`, updating `hits` in place (entry i is only read and
    /// written for pattern i).
    fn step(&self, path: &str, hits: &mut [bool]) -> (bool, Option<usize>) {
        let mut matched = false;
        let mut deciding = None;
        for (i, p) in self.patterns.iter().enumerate() {
            let mut hit = hits[i];
            if !hit {
                // Skip patterns that cannot change the current answer.
                if p.exception != matched {
                    continue;
                }
                hit = p.matcher.matches(path);
            }
            hits[i] = hit;
            if hit {
                matched = !p.exception;
                deciding = Some(i);
            }
        }
        (matched, deciding)
    }

    /// The walker's SkipDir test for an excluded directory: prune if there are no
    /// exceptions, or if all are plain paths (after `without_trailing_glob`) and none
    /// is `dir` or lies inside it.
    fn walker_prunes(&self, dir: &str) -> bool {
        let mut exceptions = self.patterns.iter().filter(|p| p.exception && p.is_valid()).peekable();
        if exceptions.peek().is_none() {
            return true;
        }
        let prefixes: Vec<&str> = exceptions.map(|p| without_trailing_glob(&p.pattern)).collect();
        if prefixes.iter().any(|s| s.contains(['*', '[', ']', '?', '^', '\\'])) {
            return false;
        }
        // `prefix + "/"` starts with `dir + "/"`.
        !prefixes.iter().any(|s| s.strip_prefix(dir).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    }
}

struct Verdict {
    excluded: bool,
    deciding: Option<usize>,
    pruned: bool,
}

/// fsutil's `patternWithoutTrailingGlob`.
fn without_trailing_glob(p: &str) -> &str {
    let p = p.strip_suffix("/**").unwrap_or(p);
    p.strip_suffix("/*").unwrap_or(p)
}

/// Cleans a query path; None for the context root itself or paths outside it.
fn normalize(path: &str) -> Option<String> {
    let cleaned = go_clean(path);
    let p = cleaned.trim_start_matches('/');
    if p.is_empty() || p == "." || p == ".." || p.starts_with("../") {
        None
    } else {
        Some(p.to_string())
    }
}

/// Go's `filepath.Clean` with `/` as separator.
fn go_clean(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|&p| p != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            p => parts.push(p),
        }
    }
    let joined = parts.join("/");
    if rooted {
        format!("/{joined}")
    } else if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

/// Which ignore file applies to a Dockerfile, in precedence order: BuildKit first reads
/// `<Dockerfile path>.dockerignore` (next to the Dockerfile, using its file name as
/// given), then `<context>/.dockerignore`. The first file that exists wins, even if
/// empty; they are not merged. An empty `dockerfile_path` means `<context>/Dockerfile`;
/// `-` (Dockerfile on stdin) has no Dockerfile-specific ignore file.
pub fn candidate_files(context_dir: &str, dockerfile_path: &str) -> Vec<String> {
    let root = join(context_dir, ".dockerignore");
    let dockerfile = match dockerfile_path {
        "-" => return vec![root],
        "" => join(context_dir, "Dockerfile"),
        p => p.to_string(),
    };
    let specific = format!("{dockerfile}.dockerignore");
    if specific == root {
        vec![root]
    } else {
        vec![specific, root]
    }
}

fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() || dir == "." {
        name.to_string()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

// ---------------------------------------------------------------------------
// Compiled patterns
// ---------------------------------------------------------------------------

/// patternmatcher's match types. Exact/prefix/suffix compare raw bytes, as Go does.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Matcher {
    Exact(String),
    Prefix(String),
    /// `cleanedPattern[2:]` (bytes: a leading BOM makes this slice mid-character in Go).
    Suffix(Vec<u8>),
    /// Alternatives; the path matches if any does.
    Regex(Vec<Vec<Tok>>),
    Invalid,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Exact,
    Prefix,
    Suffix,
    Regex,
}

impl Matcher {
    fn compile(pattern: &str) -> Result<Matcher, String> {
        if !go_pattern_valid(pattern) {
            return Err(format!("syntax error in pattern `{pattern}` (Docker rejects it as a bad pattern)"));
        }
        let (kind, regex) = translate(pattern);
        Ok(match kind {
            Kind::Exact => Matcher::Exact(pattern.to_string()),
            // The pattern ends in `**` (Clean dropped any `/` after it).
            Kind::Prefix => Matcher::Prefix(pattern.strip_suffix("**").unwrap_or(pattern).to_string()),
            // The pattern starts with `**`, or with a BOM that Go slices into.
            Kind::Suffix => Matcher::Suffix(pattern.as_bytes().get(2..).unwrap_or_default().to_vec()),
            Kind::Regex => Matcher::Regex(
                parse_regex(&regex).map_err(|e| format!("Docker cannot compile pattern `{pattern}`: {e}"))?,
            ),
        })
    }

    fn matches(&self, path: &str) -> bool {
        match self {
            Matcher::Exact(p) => path == p,
            Matcher::Prefix(p) => path.starts_with(p.as_str()),
            Matcher::Suffix(s) => {
                let path = path.as_bytes();
                path.ends_with(s) || (s.first() == Some(&b'/') && path == &s[1..])
            }
            Matcher::Regex(branches) => {
                let end = path.chars().count();
                branches.iter().any(|toks| run(toks, path, Some(end)).is_some_and(|(at, _)| at[toks.len()]))
            }
            Matcher::Invalid => false,
        }
    }

    /// Could this pattern match some path strictly below `dir`? May say yes wrongly,
    /// never no wrongly.
    fn may_match_below(&self, dir: &str) -> bool {
        let below = |s: &str| s.strip_prefix(dir).is_some_and(|rest| rest.len() > 1 && rest.starts_with('/'));
        match self {
            Matcher::Exact(p) => below(p),
            Matcher::Prefix(p) => {
                let dir_slash = format!("{dir}/");
                p.starts_with(&dir_slash) || dir_slash.starts_with(p.as_str())
            }
            Matcher::Suffix(_) => true,
            Matcher::Regex(branches) => {
                let prefix = format!("{dir}/");
                branches.iter().any(|toks| {
                    run(toks, &prefix, None).is_some_and(|(at, inside)| {
                        toks.iter().enumerate().any(|(k, t)| (at[k] && t.consumes()) || inside[k])
                    })
                })
            }
            Matcher::Invalid => false,
        }
    }
}

/// `Pattern.compile`: the regexp string and the detected match type.
fn translate(pattern: &str) -> (Kind, String) {
    let mut re = String::from("^");
    let mut kind = Kind::Exact;
    let mut chars = pattern.chars().peekable();
    // text/scanner silently skips a leading BOM.
    chars.next_if_eq(&'\u{feff}');
    let mut i = 0;
    while let Some(ch) = chars.next() {
        match ch {
            '*' if chars.next_if_eq(&'*').is_none() => {
                re.push_str("[^/]*");
                kind = Kind::Regex;
            }
            '*' => {
                // `**`, with a following `/` folded into it.
                chars.next_if_eq(&'/');
                if chars.peek().is_some() {
                    re.push_str("(.*/)?");
                    kind = Kind::Regex;
                } else if kind == Kind::Exact {
                    kind = Kind::Prefix;
                } else {
                    re.push_str(".*");
                    kind = Kind::Regex;
                }
                if i == 0 {
                    kind = Kind::Suffix;
                }
            }
            '?' => {
                re.push_str("[^/]");
                kind = Kind::Regex;
            }
            // patternmatcher means to escape `.+()|{}$`, but its `[8]byte` bitmap
            // (`1 << (b/8)` overflows to 0 for b >= 64) drops `|`, `{` and `}`: they
            // reach the regexp raw.
            '.' | '+' | '(' | ')' | '$' => {
                re.push('\\');
                re.push(ch);
            }
            '\\' => {
                re.push('\\');
                if let Some(next) = chars.next() {
                    re.push(next);
                    kind = Kind::Regex;
                }
            }
            '[' | ']' => {
                re.push(ch);
                kind = Kind::Regex;
            }
            _ => re.push(ch),
        }
        i += 1;
    }
    if kind == Kind::Regex {
        re.push('$');
    }
    (kind, re)
}

/// Would Go's `filepath.Match(pattern, ".")` succeed without `ErrBadPattern`? It parses
/// every chunk (split at `*` outside `[...]`) fully, so validity is per chunk.
fn go_pattern_valid(pattern: &str) -> bool {
    let mut rest = pattern.as_bytes();
    while !rest.is_empty() {
        while let [b'*', tail @ ..] = rest {
            rest = tail;
        }
        let mut in_range = false;
        let mut i = 0;
        while i < rest.len() {
            match rest[i] {
                b'\\' if i + 1 < rest.len() => i += 1,
                b'[' => in_range = true,
                b']' => in_range = false,
                b'*' if !in_range => break,
                _ => {}
            }
            i += 1;
        }
        let (chunk, tail) = rest.split_at(i);
        if !go_chunk_valid(chunk) {
            return false;
        }
        rest = tail;
    }
    true
}

/// The parsing half of Go's `matchChunk`.
fn go_chunk_valid(mut chunk: &[u8]) -> bool {
    while let Some(&b) = chunk.first() {
        chunk = &chunk[1..];
        match b {
            b'[' => {
                if let [b'^', tail @ ..] = chunk {
                    chunk = tail;
                }
                let mut ranges = 0;
                loop {
                    if let [b']', tail @ ..] = chunk {
                        if ranges > 0 {
                            chunk = tail;
                            break;
                        }
                    }
                    let Some(tail) = go_get_esc(chunk) else {
                        return false;
                    };
                    chunk = tail;
                    if let [b'-', tail @ ..] = chunk {
                        let Some(tail) = go_get_esc(tail) else {
                            return false;
                        };
                        chunk = tail;
                    }
                    ranges += 1;
                }
            }
            b'\\' => match chunk {
                [] => return false,
                [_, tail @ ..] => chunk = tail,
            },
            _ => {}
        }
    }
    true
}

/// Go's `getEsc`: one (possibly escaped) class character, which must not end the chunk.
fn go_get_esc(chunk: &[u8]) -> Option<&[u8]> {
    let chunk = match chunk {
        [] | [b'-' | b']', ..] => return None,
        [b'\\', tail @ ..] => tail,
        _ => chunk,
    };
    let width = match *chunk.first()? {
        b if b < 0x80 => 1,
        b if b < 0xE0 => 2,
        b if b < 0xF0 => 3,
        _ => 4,
    };
    let rest = chunk.get(width..)?;
    (!rest.is_empty()).then_some(rest)
}

// ---------------------------------------------------------------------------
// The regexp subset produced by `translate`, and a linear-time NFA for it
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    /// One character.
    One(Pred),
    /// Zero or more characters (`[^/]*`, `.*`, `[...]*`).
    Star(Pred),
    /// Zero or one character (from unrolling `x{n,m}`).
    Opt(Pred),
    /// `(.*/)?`: nothing, or anything without `\n` that ends in `/`.
    DirsOpt,
    /// `^` / `\A`: start of text (Go compiles with OneLine).
    Begin,
    /// `$` / `\z`: end of text.
    End,
}

impl Tok {
    fn consumes(&self) -> bool {
        matches!(self, Tok::One(_) | Tok::Star(_) | Tok::Opt(_) | Tok::DirsOpt)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Pred {
    Char(char),
    /// Anything (the implicit `.*` around an unanchored alternative).
    Any,
    /// `.`: anything but `\n` (no `s` flag), unlike classes, which match `\n`.
    Dot,
    Class {
        ranges: Vec<(u32, u32)>,
        negated: bool,
    },
}

impl Pred {
    fn matches(&self, c: char) -> bool {
        match self {
            Pred::Char(x) => *x == c,
            Pred::Any => true,
            Pred::Dot => c != '\n',
            Pred::Class { ranges, negated } => {
                let v = u32::from(c);
                ranges.iter().any(|&(lo, hi)| lo <= v && v <= hi) != *negated
            }
        }
    }
}

/// Largest pattern we expand (counted repeats such as `a{1000}` are unrolled); Go's
/// own limit is far higher, but no sane pattern gets near this.
const MAX_TOKENS: usize = 50_000;

/// Parses the regexp that `translate` built, the way Go's `regexp/syntax` (Perl flags)
/// would. User text reaches it raw through `[`, `]`, `^`, `|`, `{`, `}` and `\x`.
/// Returns the alternatives, each to be matched anywhere in the path (Go's
/// `MatchString` searches; only the first branch has `^` and only the last `$`).
fn parse_regex(re: &str) -> Result<Vec<Vec<Tok>>, String> {
    let s: Vec<char> = re.chars().collect();
    let mut branches = Vec::new();
    let mut toks = Vec::new();
    let mut total = 0;
    // The previous item was a repetition operator: Go rejects stacking them.
    let mut last_repeat = false;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        i += 1;
        let mut repeat = false;
        match c {
            '^' => toks.push(Tok::Begin),
            '$' => toks.push(Tok::End),
            '.' => toks.push(Tok::One(Pred::Dot)),
            '[' => {
                let (pred, next) = parse_class(&s, i)?;
                toks.push(Tok::One(pred));
                i = next;
            }
            '(' if s[i..].starts_with(&['.', '*', '/', ')', '?']) => {
                toks.push(Tok::DirsOpt);
                i += 5;
                repeat = true;
            }
            '|' => {
                total += toks.len();
                branches.push(std::mem::take(&mut toks));
            }
            '*' | '{' => {
                let (min, max) = if c == '*' {
                    (0, None)
                } else if let Some((min, max, next)) = parse_repeat(&s, i) {
                    i = next;
                    (min, max)
                } else {
                    // Not `{n}`, `{n,}` or `{n,m}`: a literal brace.
                    toks.push(Tok::One(Pred::Char('{')));
                    last_repeat = false;
                    continue;
                };
                if last_repeat {
                    return Err("invalid nested repetition operator".to_string());
                }
                apply_repeat(&mut toks, min, max)?;
                repeat = true;
            }
            '\\' => {
                let e = *s.get(i).ok_or("trailing backslash")?;
                i += 1;
                toks.push(match e {
                    'A' => Tok::Begin,
                    'z' => Tok::End,
                    _ => match perl_class(e) {
                        Some(pred) => Tok::One(pred),
                        None => Tok::One(Pred::Char(escape_char(e)?)),
                    },
                });
            }
            '(' | ')' | '+' | '?' => {
                return Err(format!("unexpected `{c}` in translated pattern"));
            }
            _ => toks.push(Tok::One(Pred::Char(c))),
        }
        last_repeat = repeat;
        if total + toks.len() > MAX_TOKENS {
            return Err("pattern too large".to_string());
        }
    }
    branches.push(toks);
    for branch in &mut branches {
        // Unanchored ends may match anywhere.
        if branch.first() != Some(&Tok::Begin) {
            branch.insert(0, Tok::Star(Pred::Any));
        }
        if branch.last() != Some(&Tok::End) {
            branch.push(Tok::Star(Pred::Any));
        }
    }
    Ok(branches)
}

/// Go's `parseRepeat` after the `{`: `n}`, `n,}` or `n,m}` with no leading zeros.
/// Returns (min, max or None for unbounded, index after `}`).
fn parse_repeat(s: &[char], i: usize) -> Option<(usize, Option<usize>, usize)> {
    let int = |mut i: usize| -> Option<(usize, usize)> {
        let start = i;
        while s.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if i == start || (i - start > 1 && s[start] == '0') {
            return None;
        }
        // Go caps at 1e8 and then reports the size as invalid.
        let n = s[start..i].iter().try_fold(0usize, |n, d| match d.to_digit(10) {
            Some(v) if n < 100_000_000 => Some(n * 10 + v as usize),
            _ => None,
        });
        Some((n.unwrap_or(usize::MAX), i))
    };
    let (min, mut i) = int(i)?;
    let max = match s.get(i)? {
        ',' if s.get(i + 1) == Some(&'}') => {
            i += 1;
            None
        }
        ',' => {
            let (max, next) = int(i + 1)?;
            i = next;
            Some(max)
        }
        _ => Some(min),
    };
    (s.get(i) == Some(&'}')).then_some((min, max, i + 1))
}

/// Applies `{min,max}` (or `*`) to the last item, unrolling it into plain tokens.
fn apply_repeat(toks: &mut Vec<Tok>, min: usize, max: Option<usize>) -> Result<(), String> {
    if min > 1000 || max.is_some_and(|max| max > 1000 || min > max) {
        return Err("invalid repeat count".to_string());
    }
    match toks.pop() {
        Some(Tok::One(p)) => {
            if min + max.unwrap_or(min) > MAX_TOKENS {
                return Err("pattern too large".to_string());
            }
            toks.extend(std::iter::repeat_n(Tok::One(p.clone()), min));
            match max {
                None => toks.push(Tok::Star(p)),
                Some(max) => toks.extend(std::iter::repeat_n(Tok::Opt(p), max - min)),
            }
        }
        // A repeated assertion is the assertion, or nothing when it may occur 0 times.
        Some(t @ (Tok::Begin | Tok::End)) => {
            if min > 0 {
                toks.push(t);
            }
        }
        _ => return Err("missing argument to repetition operator".to_string()),
    }
    Ok(())
}

/// A `[...]` class starting after the `[` (Go's `parseClass` with Perl flags: `]` first
/// is literal, `-` anywhere, `[:name:]`, `\d`-style classes, no `\n` exclusion).
fn parse_class(s: &[char], mut i: usize) -> Result<(Pred, usize), String> {
    let mut negated = false;
    if s.get(i) == Some(&'^') {
        negated = true;
        i += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        match s.get(i) {
            None => return Err("missing closing ]".to_string()),
            Some(']') if !first => return Ok((Pred::Class { ranges, negated }, i + 1)),
            _ => {}
        }
        first = false;
        if s[i] == '[' && s.get(i + 1) == Some(&':') {
            if let Some(off) = s[i + 2..].windows(2).position(|w| w == [':', ']']) {
                let end = i + 2 + off + 2;
                let name: String = s[i..end].iter().collect();
                ranges.extend(posix_class(&name).ok_or_else(|| format!("invalid character class {name}"))?);
                i = end;
                continue;
            }
        }
        if s[i] == '\\' {
            if let Some(Pred::Class { ranges: r, negated: neg }) = s.get(i + 1).and_then(|&e| perl_class(e)) {
                ranges.extend(if neg { complement(r) } else { r });
                i += 2;
                continue;
            }
        }
        let (lo, next) = class_char(s, i)?;
        i = next;
        let mut hi = lo;
        if s.get(i) == Some(&'-') && s.get(i + 1).is_some_and(|&c| c != ']') {
            let (h, next) = class_char(s, i + 1)?;
            hi = h;
            i = next;
            if hi < lo {
                return Err(format!("invalid character class range {lo}-{hi}"));
            }
        }
        ranges.push((u32::from(lo), u32::from(hi)));
    }
}

fn class_char(s: &[char], i: usize) -> Result<(char, usize), String> {
    match s.get(i) {
        None => Err("missing closing ]".to_string()),
        Some('\\') => {
            let e = *s.get(i + 1).ok_or("trailing backslash")?;
            Ok((escape_char(e)?, i + 2))
        }
        Some(&c) => Ok((c, i + 1)),
    }
}

/// Go's `parseEscape` for the cases we support: punctuation is literal, plus control
/// characters. Everything else (`\q`, `\é`, and also valid-but-unsupported `\x41`,
/// `\0`, `\b`, `\p{L}`) is reported.
fn escape_char(e: char) -> Result<char, String> {
    match e {
        'a' => Ok('\x07'),
        'f' => Ok('\x0c'),
        'n' => Ok('\n'),
        'r' => Ok('\r'),
        't' => Ok('\t'),
        'v' => Ok('\x0b'),
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok(c),
        c => Err(format!("`\\{c}` is a regexp escape in Docker, not a literal `{c}` (unsupported)")),
    }
}

fn perl_class(e: char) -> Option<Pred> {
    let ranges: &[(char, char)] = match e.to_ascii_lowercase() {
        'd' => &[('0', '9')],
        's' => &[('\t', '\n'), ('\x0c', '\r'), (' ', ' ')],
        'w' => &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        _ => return None,
    };
    Some(Pred::Class { ranges: to_u32(ranges), negated: e.is_ascii_uppercase() })
}

fn posix_class(name: &str) -> Option<Vec<(u32, u32)>> {
    let inner = name.strip_prefix("[:")?.strip_suffix(":]")?;
    let (negated, base) = match inner.strip_prefix('^') {
        Some(base) => (true, base),
        None => (false, inner),
    };
    let ranges: &[(char, char)] = match base {
        "alnum" => &[('0', '9'), ('A', 'Z'), ('a', 'z')],
        "alpha" => &[('A', 'Z'), ('a', 'z')],
        "ascii" => &[('\0', '\x7f')],
        "blank" => &[('\t', '\t'), (' ', ' ')],
        "cntrl" => &[('\0', '\x1f'), ('\x7f', '\x7f')],
        "digit" => &[('0', '9')],
        "graph" => &[('!', '~')],
        "lower" => &[('a', 'z')],
        "print" => &[(' ', '~')],
        "punct" => &[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')],
        "space" => &[('\t', '\r'), (' ', ' ')],
        "upper" => &[('A', 'Z')],
        "word" => &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')],
        "xdigit" => &[('0', '9'), ('A', 'F'), ('a', 'f')],
        _ => return None,
    };
    let ranges = to_u32(ranges);
    Some(if negated { complement(ranges) } else { ranges })
}

fn to_u32(ranges: &[(char, char)]) -> Vec<(u32, u32)> {
    ranges.iter().map(|&(lo, hi)| (u32::from(lo), u32::from(hi))).collect()
}

fn complement(mut ranges: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    ranges.sort_unstable();
    let mut out = Vec::new();
    let mut next = 0u32;
    for (lo, hi) in ranges {
        if lo > next {
            out.push((next, lo - 1));
        }
        next = next.max(hi + 1);
    }
    if next <= u32::from(char::MAX) {
        out.push((next, u32::from(char::MAX)));
    }
    out
}

/// Simulates the NFA over `text`. State k of `at` means "tokens before k matched";
/// `inside[k]` means "in the middle of `DirsOpt` token k". `end` is the text length in
/// chars when `text` is the whole input (for `End`), None when more may follow.
/// Returns None as soon as no state is alive. O(chars × tokens), no backtracking.
fn run(toks: &[Tok], text: &str, end: Option<usize>) -> Option<(Vec<bool>, Vec<bool>)> {
    let m = toks.len();
    let mut at = vec![false; m + 1];
    let mut inside = vec![false; m];
    let mut next_at = vec![false; m + 1];
    let mut next_inside = vec![false; m];
    at[0] = true;
    close(toks, &mut at, 0, end);
    for (pos, c) in text.chars().enumerate() {
        next_at.fill(false);
        next_inside.fill(false);
        for (k, tok) in toks.iter().enumerate() {
            let dirs = (at[k] && matches!(tok, Tok::DirsOpt)) || inside[k];
            if dirs && c != '\n' {
                next_inside[k] = true;
                if c == '/' {
                    next_at[k + 1] = true;
                }
            }
            if at[k] {
                match tok {
                    Tok::One(p) | Tok::Opt(p) if p.matches(c) => next_at[k + 1] = true,
                    Tok::Star(p) if p.matches(c) => next_at[k] = true,
                    _ => {}
                }
            }
        }
        std::mem::swap(&mut at, &mut next_at);
        std::mem::swap(&mut inside, &mut next_inside);
        close(toks, &mut at, pos + 1, end);
        if !at.iter().chain(&inside).any(|&b| b) {
            return None;
        }
    }
    Some((at, inside))
}

/// Follows empty moves; they only go from k to k+1, so one forward pass suffices.
fn close(toks: &[Tok], at: &mut [bool], pos: usize, end: Option<usize>) {
    for (k, tok) in toks.iter().enumerate() {
        let pass = match tok {
            Tok::Star(_) | Tok::Opt(_) | Tok::DirsOpt => true,
            Tok::Begin => pos == 0,
            Tok::End => end == Some(pos),
            Tok::One(_) => false,
        };
        if at[k] && pass {
            at[k + 1] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn di(text: &str) -> DockerIgnore {
        DockerIgnore::parse(text)
    }

    fn pats(d: &DockerIgnore) -> Vec<(&str, bool)> {
        d.patterns.iter().map(|p| (p.pattern.as_str(), p.exception)).collect()
    }

    #[track_caller]
    fn check(text: &str, excluded: &[&str], included: &[&str]) {
        let d = di(text);
        assert!(d.errors().is_empty(), "{text:?}: {:?}", d.errors());
        for p in excluded {
            assert!(d.is_excluded(p), "{text:?} should exclude {p}");
        }
        for p in included {
            assert!(!d.is_excluded(p), "{text:?} should include {p}");
        }
    }

    #[test]
    fn docs_temp_examples() {
        let text = "# comment\n*/temp*\n*/*/temp*\ntemp?\n";
        check(
            text,
            &[
                "somedir/temporary.txt",
                "somedir/temp",
                "somedir/temp/inner.txt",
                "somedir/subdir/temporary.txt",
                "tempa",
                "tempb",
            ],
            &["temp", "temporary.txt", "tempab", "a/b/c/temp", "# comment"],
        );
        assert_eq!(di(text).patterns.len(), 3);
    }

    #[test]
    fn docs_double_star_go() {
        check("**/*.go", &["main.go", "a/b/c.go", "cmd/x/main.go"], &["main.go.txt", "a/go", "go"]);
    }

    #[test]
    fn docs_md_except_readme() {
        // Only root-level markdown: `*` does not cross `/`.
        check("*.md\n!README.md", &["CHANGELOG.md", "a.md"], &["README.md", "docs/guide.md", "docs/README.md"]);
    }

    #[test]
    fn docs_readme_ordering_secret_last() {
        check(
            "*.md\n!README*.md\nREADME-secret.md",
            &["README-secret.md", "other.md"],
            &["README.md", "README-dev.md"],
        );
    }

    #[test]
    fn docs_readme_ordering_exception_last() {
        let d = di("*.md\nREADME-secret.md\n!README*.md");
        assert!(!d.is_excluded("README-secret.md"));
        assert_eq!(d.deciding_pattern("README-secret.md"), Some(2));
        assert!(d.is_excluded("other.md"));
    }

    #[test]
    fn docs_leading_and_trailing_slashes() {
        for text in ["/foo/bar/", "/foo/bar", "foo/bar/", "foo/bar", "./foo/bar", "//foo//bar//"] {
            assert_eq!(pats(&di(text)), [("foo/bar", false)], "{text}");
            check(text, &["foo/bar", "foo/bar/baz"], &["foo", "bar", "x/foo/bar", "foo/barn"]);
        }
    }

    #[test]
    fn docs_dot_pattern_is_ignored() {
        let d = di(".\n./\n");
        assert_eq!(pats(&d), [(".", false), (".", false)]);
        assert!(!d.is_excluded("a") && !d.is_excluded("a/b") && !d.is_excluded("."));
    }

    #[test]
    fn docs_exclude_everything_then_include() {
        check("*\n!src\n!package.json", &["README.md", "node_modules/x"], &["src", "src/a/b.ts", "package.json"]);
    }

    #[test]
    fn parent_directory_match_excludes_children() {
        let d = di("node_modules");
        assert!(d.is_excluded("node_modules/a/b.js"));
        assert_eq!(d.deciding_pattern("node_modules/a/b.js"), Some(0));
    }

    #[test]
    fn slashless_pattern_is_root_only() {
        check("foo", &["foo", "foo/x"], &["a/foo", "a/b/foo", "foobar", "xfoo"]);
    }

    #[test]
    fn double_star_at_start() {
        check("**/foo", &["foo", "a/foo", "a/b/foo", "a/foo/x"], &["afoo", "a/xfoo", "foo.txt"]);
    }

    #[test]
    fn double_star_in_middle() {
        check("a/**/b", &["a/b", "a/x/b", "a/x/y/b", "a/x/b/c"], &["a/xb", "b", "x/a/b"]);
        // `**` not between slashes becomes `(.*/)?`: it still needs a `/` or nothing.
        check("a**b", &["ab", "a/b", "ax/b", "a/x/b"], &["axb"]);
    }

    #[test]
    fn double_star_at_end() {
        check("a/**", &["a/x", "a/x/y"], &["a", "ab", "b/a/x"]);
        check("*/**", &["a/x", "a/b/c"], &["a"]);
    }

    #[test]
    fn double_star_alone_and_with_slash() {
        for text in ["**", "**/", "/**"] {
            assert_eq!(pats(&di(text)), [("**", false)]);
            check(text, &["a", "a/b/c", ".git"], &[]);
        }
        check("**/**", &["a", "a/b"], &[]);
    }

    #[test]
    fn fast_path_quirks_are_kept() {
        // Prefix and suffix types are plain string tests in patternmatcher.
        check("foo**", &["foo", "foobar", "foo/x"], &["xfoo"]);
        check("**foo", &["foo", "xfoo", "a/bfoo"], &["foox"]);
        // The regexp type treats a raw `^` as a start anchor; the exact type does not.
        check("a^b", &["a^b"], &["b"]);
        check("*^b", &["b"], &["a^b", "xb"]);
        // `**` becomes `.*`, which does not match a newline; `*` does.
        check("a/**/b", &[], &["a/x\ny/b"]);
        check("a*b", &["a\nb"], &[]);
    }

    #[test]
    fn unescaped_bar_and_braces_are_regexp_syntax() {
        // `|` splits the regexp; only the first half keeps `^`, only the last `$`.
        check("*.js|*.ts", &["a.js", "a.jsx", "a.js/b", "x/y/z.ts"], &["a.py", "src/a.js"]);
        check("*|", &["a", "b/c"], &[]);
        check("[a|b]*", &["|", "a"], &["c"]);
        check("a|", &["a|"], &["a"]); // no glob characters: an exact match
        check("?{2}*", &["ab", "abc"], &["a", "a/b"]);
        // Not a valid repeat: literal braces.
        check("*.{js,ts}", &["x.{js,ts}"], &["x.js"]);
        for bad in ["*a{1001}", "x**{2}", "*{2}"] {
            assert_eq!(di(bad).errors().len(), 1, "{bad}");
        }
    }

    #[test]
    fn exceptions_inside_excluded_directory() {
        let d = di("docs\n!docs/README.md");
        assert!(d.is_excluded("docs"));
        assert!(d.is_excluded("docs/other.md"));
        assert!(!d.is_excluded("docs/README.md"));
        assert_eq!(d.deciding_pattern("docs/README.md"), Some(1));
        assert_eq!(d.deciding_pattern("docs/other.md"), Some(0));
        assert!(d.may_include_below("docs"));
    }

    #[test]
    fn exception_then_reexclusion() {
        check(
            "logs\n!logs/keep\nlogs/keep/tmp",
            &["logs/x", "logs/keep/tmp", "logs/keep/tmp/y"],
            &["logs/keep", "logs/keep/a"],
        );
    }

    #[test]
    fn walker_differs_from_matches_or_parent_matches() {
        // The walker carries per-pattern parent results; the last `a` is skipped for the
        // directory `a` (already excluded) and so never counts as a parent match below.
        let d = di("a\n!a/b\na");
        assert!(!d.is_excluded("a/b"));
        assert!(!d.is_excluded("a/b/c"));
        assert!(d.is_excluded("a/c"));
    }

    #[test]
    fn walker_pruning_wins() {
        // `x|y/*` minus its trailing `/*` has no glob characters, so the walker skips the
        // excluded `d` although the (unanchored) exception would match `d/y/z`.
        let d = di("d\n!x|y/*");
        assert!(d.patterns[1].matches_path("d/y/z"));
        assert!(d.is_excluded("d/y/z"));
        assert_eq!(d.deciding_pattern("d/y/z"), Some(0));
        assert!(!d.may_include_below("d"));
    }

    #[test]
    fn prefixes_and_exception_spacing() {
        let d = di("./foo\n/bar\n! /baz\n!./qux/\n  !  x  ");
        assert_eq!(pats(&d), [("foo", false), ("bar", false), ("baz", true), ("qux", true), ("x", true)]);
    }

    #[test]
    fn clean_resolves_dot_and_dotdot() {
        let d = di("a/./b/../c\n../x\n/../y\nd/..\na /");
        assert_eq!(pats(&d), [("a/c", false), ("../x", false), ("y", false), (".", false), ("a", false)]);
        assert!(d.is_excluded("a/c"));
        assert!(d.is_excluded("y"));
        assert!(!d.is_excluded("x"));
        // Query paths are cleaned too; paths outside the context are never excluded.
        assert!(d.is_excluded("./a/./c/") && d.is_excluded("/y"));
        assert!(!d.is_excluded("../x"));
    }

    #[test]
    fn whitespace_only_after_cleaning_is_dropped() {
        // Clean("/ /") is "/ ", the leading slash goes, and New trims it to nothing.
        assert!(di("/ /").patterns.is_empty());
        assert!(di("   \n\t\n").patterns.is_empty());
    }

    #[test]
    fn comments_only_in_column_one() {
        let d = di("#comment\n  # indented\n#\nfoo");
        assert_eq!(pats(&d), [("# indented", false), ("foo", false)]);
        assert!(d.is_excluded("# indented"));
        assert_eq!(d.patterns[0].line, 2);
        assert_eq!(d.patterns[1].line, 4);
    }

    #[test]
    fn blank_lines_ranges_and_line_numbers() {
        let text = "\n  foo  \n\n\tbar/baz\n";
        let d = di(text);
        assert_eq!(pats(&d), [("foo", false), ("bar/baz", false)]);
        assert_eq!(&text[d.patterns[0].range.clone()], "foo");
        assert_eq!(&text[d.patterns[1].range.clone()], "bar/baz");
        assert_eq!((d.patterns[0].line, d.patterns[1].line), (2, 4));
    }

    #[test]
    fn crlf_line_endings() {
        let text = "# c\r\nfoo\r\n!foo/bar \r\nlast\r";
        let d = di(text);
        assert_eq!(pats(&d), [("foo", false), ("foo/bar", true), ("last", false)]);
        assert_eq!(&text[d.patterns[1].range.clone()], "!foo/bar");
        assert!(d.is_excluded("foo/x") && !d.is_excluded("foo/bar"));
    }

    #[test]
    fn bom_only_stripped_from_first_line() {
        let text = "\u{feff}foo\n";
        let d = di(text);
        assert_eq!(pats(&d), [("foo", false)]);
        assert_eq!(d.patterns[0].range, 3..6);
        assert!(di("\u{feff}# comment").patterns.is_empty());
        // A BOM further down stays part of the pattern, as in Docker.
        let d = di("a\n\u{feff}b");
        assert_eq!(d.patterns[1].pattern, "\u{feff}b");
        assert!(!d.is_excluded("b"));
    }

    #[test]
    fn escapes() {
        check(r"\*.txt", &["*.txt"], &["a.txt"]);
        check(r"what\?", &["what?"], &["whats"]);
        check(r"\[ab]", &["[ab]"], &["a"]);
        check(r"\#x", &["#x"], &[]);
        check(r"a\\b", &["a\\b"], &["ab"]);
        // `\` + letter is a regexp escape in Docker.
        check(r"v\d", &["v1"], &["vd"]);
    }

    #[test]
    fn character_classes() {
        check("file[0-9].txt", &["file1.txt"], &["filea.txt", "file10.txt"]);
        check("[^a]bc", &["xbc"], &["abc", "bc"]);
        // Go has no `[!...]` negation: `!` is a member.
        check("[!a]bc", &["abc", "!bc"], &["xbc"]);
        check(r"[a\-c]", &["a", "-", "c"], &["b"]);
        check("x[[:digit:]]", &["x7"], &["xa"]);
        check(r"[\]]", &["]"], &["\\"]);
        check("a[^x]b", &["a/b"], &["axb"]);
    }

    #[test]
    fn unicode() {
        check("é?", &["éa", "é日"], &["é", "éab"]);
        check("[α-ω]", &["λ"], &["a"]);
    }

    #[test]
    fn invalid_patterns_are_kept_and_reported() {
        let text = "[abc\nfoo\\\n!\n[z-a]\n\\q\n!/\nok";
        let d = di(text);
        assert_eq!(d.patterns.len(), 7);
        let invalid: Vec<usize> =
            d.patterns.iter().enumerate().filter(|(_, p)| !p.is_valid()).map(|(i, _)| i).collect();
        assert_eq!(invalid, [0, 1, 2, 3, 4, 5]);
        assert_eq!(d.errors().len(), 6);
        assert_eq!(&text[d.errors()[0].0.clone()], "[abc");
        assert_eq!(&text[d.errors()[2].0.clone()], "!");
        assert!(d.errors()[2].1.contains("illegal exclusion"));
        assert!(!d.is_excluded("[abc") && !d.is_excluded("a"));
        assert!(d.is_excluded("ok"));
        assert_eq!(d.deciding_pattern("ok"), Some(6));
    }

    #[test]
    fn go_filepath_match_validation() {
        for bad in ["[]", "[-a]", "[a-]", "[^]", "a[", "*[", "x\\", "[a-b-c]", "[[:alpha:]"] {
            assert!(!di(bad).errors().is_empty(), "{bad} should be invalid");
        }
        for good in ["[a-z]", "[\\-]", "[[:alpha:]]", "a]", "*.go", "[ab*]"] {
            assert!(di(good).errors().is_empty(), "{good} should be valid");
        }
    }

    #[test]
    fn deciding_pattern_indices() {
        let d = di("# c\n*.log\n!keep.log\nbuild\n!build/out\nbuild/out/tmp");
        assert_eq!(d.deciding_pattern("a.log"), Some(0));
        assert_eq!(d.deciding_pattern("keep.log"), Some(1));
        assert_eq!(d.deciding_pattern("build/x"), Some(2));
        assert_eq!(d.deciding_pattern("build/out/y"), Some(3));
        assert_eq!(d.deciding_pattern("build/out/tmp/z"), Some(4));
        assert_eq!(d.deciding_pattern("src/main.rs"), None);
        assert_eq!(d.deciding_pattern(""), None);
    }

    #[test]
    fn may_include_below() {
        let d = di("node_modules");
        assert!(!d.may_include_below("node_modules"));
        assert!(!d.may_include_below("node_modules/a"));
        assert!(d.may_include_below("src"), "not excluded at all");

        let d = di("*\n!src/**");
        assert!(d.may_include_below("src"));
        assert!(!d.may_include_below("other"), "walker prunes: no exception inside");

        // A glob in an exception stops all pruning; then we look at the patterns.
        let d = di("vendor\nbuild\n!**/*.go\n!build/keep");
        assert!(d.may_include_below("vendor"));
        assert!(d.may_include_below("build"));
        let d = di("vendor\nbuild\n!build/*.go");
        assert!(!d.may_include_below("vendor"));
        assert!(d.may_include_below("build"));
        let d = di("a\nb\n!a?/x");
        assert!(!d.may_include_below("b"), "no exception can match under b");
    }

    #[test]
    fn candidate_files_precedence() {
        assert_eq!(
            candidate_files("ctx", "ctx/docker/app.Dockerfile"),
            ["ctx/docker/app.Dockerfile.dockerignore", "ctx/.dockerignore"]
        );
        assert_eq!(candidate_files(".", "Dockerfile"), ["Dockerfile.dockerignore", ".dockerignore"]);
        assert_eq!(candidate_files("/src/", ""), ["/src/Dockerfile.dockerignore", "/src/.dockerignore"]);
        assert_eq!(candidate_files("", "-"), [".dockerignore"]);
        assert_eq!(candidate_files("ctx", "ctx/"), ["ctx/.dockerignore"]);
    }

    #[test]
    fn adversarial_inputs_stay_linear() {
        // Backtracking would take ~n^5 steps here.
        let d = di("*a*a*a*a*a*b\n**/a**a**a**a**b\n!x*x*x*x*x*y");
        let long = "a".repeat(50_000);
        assert!(!d.is_excluded(&long));
        let deep = "a/".repeat(300) + "c";
        assert!(!d.is_excluded(&deep));
        assert!(d.may_include_below(&deep));
    }

    #[test]
    fn never_panics_on_garbage() {
        let alphabet: Vec<char> = "ab/*?[]^!\\-.: #\n\r(){}$+|é\u{feff}\t".chars().collect();
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
            let d = DockerIgnore::parse(&text);
            for (r, _) in d.errors() {
                assert!(text.get(r.clone()).is_some());
            }
            for path in ["a", "a/b", "ab/a*", "[", "é/\n", "a/b/c/d"] {
                let _ = d.is_excluded(path);
                let _ = d.deciding_pattern(path);
                let _ = d.may_include_below(path);
            }
        }
        let _ = DockerIgnore::parse("");
    }

    #[test]
    fn overlong_line_is_an_error() {
        let text = format!("ok\n#{}\n", "x".repeat(MAX_LINE));
        let d = di(&text);
        assert_eq!(d.errors().len(), 1);
        assert_eq!(d.errors()[0].0, 3..text.len() - 1);
        assert_eq!(d.patterns.len(), 1);
        assert!(d.is_excluded("ok"));
    }
}
