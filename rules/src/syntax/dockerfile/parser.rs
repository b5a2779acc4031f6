//! The line scanner: directives, comments, continuations, heredocs, instructions.

use std::ops::Range;

use super::words::{heredoc_marker, leading_flags, parse_json_array, split_words};
use super::{
    Comment, Directive, Dockerfile, ExecArg, Flag, Heredoc, Instruction, Kind, LogicalLine, SyntaxError, Word,
};

/// A physical line: its content range, without the terminator.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

fn split_lines(text: &str, from: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = from;
    while start < bytes.len() {
        let nl = memchr(b'\n', &bytes[start..]).map(|i| start + i);
        let (end, next) = match nl {
            Some(n) => (n, n + 1),
            None => (bytes.len(), bytes.len()),
        };
        let end = if end > start && bytes[end - 1] == b'\r' { end - 1 } else { end };
        lines.push(Line { start, end });
        start = next;
    }
    lines
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn is_ws(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Parses a Dockerfile. Never fails and never panics: problems become `errors`.
pub fn parse(source: &str) -> Dockerfile {
    let bom = if source.starts_with('\u{feff}') { 3 } else { 0 };
    let lines = split_lines(source, bom);
    let mut p = Parser {
        src: source,
        lines: &lines,
        i: 0,
        escape: '\\',
        directives: Vec::new(),
        instructions: Vec::new(),
        comments: Vec::new(),
        errors: Vec::new(),
    };
    p.directives();
    p.body();
    let non_posix_shell = non_posix_shell(p.escape, &p.instructions, &p.comments);
    Dockerfile {
        source: source.to_string(),
        directives: p.directives,
        escape: p.escape,
        instructions: p.instructions,
        comments: p.comments,
        errors: p.errors,
        non_posix_shell,
    }
}

/// See [`Dockerfile::non_posix_shell`].
fn non_posix_shell(escape: char, instructions: &[Instruction], comments: &[Comment]) -> bool {
    let windows_shell = |p: &str| {
        let p = p.to_ascii_lowercase();
        p.contains("powershell") || p.contains("pwsh") || p.starts_with("cmd")
    };
    // A FROM naming a Windows image, directly or through an ARG's default.
    let windows_base = instructions.iter().any(|i| {
        matches!(i.kind, Kind::From | Kind::Arg)
            && i.args.iter().any(|w| crate::syntax::image_ref::is_windows_image(&w.text))
    });
    (escape == '`' && windows_base)
        || instructions.iter().any(|i| {
            i.kind == Kind::Shell && i.exec.as_ref().and_then(|e| e.first()).is_some_and(|p| windows_shell(&p.value))
        })
        || comments.iter().any(|c| {
            c.text
                .strip_prefix("hadolint")
                .and_then(|r| r.trim_start().strip_prefix("shell="))
                .is_some_and(|s| windows_shell(s.trim()))
        })
}

struct Parser<'a> {
    src: &'a str,
    lines: &'a [Line],
    i: usize,
    escape: char,
    directives: Vec<Directive>,
    instructions: Vec<Instruction>,
    comments: Vec<Comment>,
    errors: Vec<SyntaxError>,
}

impl<'a> Parser<'a> {
    fn text(&self, l: Line) -> &'a str {
        &self.src[l.start..l.end]
    }

    fn error(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.errors.push(SyntaxError { range, message: message.into() });
    }

    /// Parser directives: `# name=value` lines at the very top. BuildKit stops looking
    /// at the first line that is not a known directive.
    fn directives(&mut self) {
        while let Some(&l) = self.lines.get(self.i) {
            let text = self.text(l);
            let Some((name, value, value_range)) = parse_directive(text, l.start) else { break };
            if !matches!(name.as_str(), "syntax" | "escape" | "check") {
                break;
            }
            if self.directives.iter().any(|d| d.name == name) {
                self.error(l.start..l.end, format!("only one {name} parser directive can be used"));
            } else if name == "escape" {
                match value.as_str() {
                    "\\" => self.escape = '\\',
                    "`" => self.escape = '`',
                    other => {
                        let msg = format!("invalid escape token '{other}' does not match ` or \\");
                        self.error(value_range.clone(), msg);
                    }
                }
            }
            self.directives.push(Directive { name, value, range: l.start..l.end, value_range });
            self.i += 1;
        }
    }

    fn comment(&mut self, l: Line) {
        let text = self.text(l);
        let hash = text.find('#').unwrap_or(0);
        self.comments.push(Comment { range: l.start + hash..l.end, text: text[hash + 1..].trim().to_string() });
    }

    fn body(&mut self) {
        while let Some(&l) = self.lines.get(self.i) {
            let text = self.text(l);
            let trimmed = text.trim_start_matches(is_ws);
            if trimmed.is_empty() {
                self.i += 1;
                continue;
            }
            if trimmed.starts_with('#') {
                self.comment(l);
                self.i += 1;
                continue;
            }
            let start = l.start + (text.len() - trimmed.len());
            let (line, last_end) = self.logical_line(start);
            let inst = self.instruction(line, last_end, 0, true);
            self.instructions.push(inst);
        }
    }

    /// Joins physical lines from `start` while they end with the escape character.
    /// Returns the logical line and the end of its last physical line.
    fn logical_line(&mut self, start: usize) -> (LogicalLine, usize) {
        let mut line = LogicalLine::new();
        let mut seg_start = start;
        loop {
            let l = self.lines[self.i];
            self.i += 1;
            let text = &self.src[seg_start..l.end];
            let content = text.trim_end_matches(is_ws);
            if let Some(joined) = content.strip_suffix(self.escape) {
                line.push(seg_start, joined);
                // Comment and blank lines inside a continuation are dropped, as BuildKit does.
                while let Some(&n) = self.lines.get(self.i) {
                    let t = self.text(n).trim_start_matches(is_ws);
                    if t.is_empty() {
                        self.i += 1;
                    } else if t.starts_with('#') {
                        self.comment(n);
                        self.i += 1;
                    } else {
                        break;
                    }
                }
                match self.lines.get(self.i) {
                    Some(n) => seg_start = n.start,
                    None => return (line, l.end),
                }
            } else {
                line.push(seg_start, text);
                return (line, l.end);
            }
        }
    }

    /// Builds an instruction from a logical line starting at logical offset `from`.
    /// `top` is false for the inner instruction of ONBUILD (no heredoc bodies to read).
    fn instruction(&mut self, line: LogicalLine, last_end: usize, from: usize, top: bool) -> Instruction {
        let escape = self.escape;
        let text = line.text.as_str();
        let kw_len = text[from..].find(|c: char| c.is_whitespace()).unwrap_or(text.len() - from);
        let kw_logical = from..from + kw_len;
        let keyword = text[kw_logical.clone()].to_string();
        let keyword_range = line.source_range(kw_logical.clone());
        let kind = Kind::from_keyword(&keyword);

        let (raw_flags, args_start) = leading_flags(text, kw_logical.end, escape);
        let flags: Vec<Flag> = raw_flags
            .into_iter()
            .map(|f| Flag {
                name: text[f.name.clone()].to_ascii_lowercase(),
                name_range: line.source_range(f.name.clone()),
                value: f.value.clone().map(|v| text[v].to_string()),
                value_range: f.value.clone().map(|v| line.source_range(v)),
                value_logical: f.value,
                range: line.source_range(f.whole.clone()),
                logical: f.whole,
            })
            .collect();
        let args_end = from + text[from..].trim_end_matches(char::is_whitespace).len();
        let args_logical = args_start.min(args_end)..args_end;
        let args: Vec<Word> = split_words(&text[..args_end], args_logical.start, escape)
            .into_iter()
            .map(|r| Word { text: text[r.clone()].to_string(), range: line.source_range(r.clone()), logical: r })
            .collect();
        let exec = if text[args_logical.clone()].starts_with('[') {
            parse_json_array(&text[args_logical.clone()]).map(|items| {
                items
                    .into_iter()
                    .map(|(value, r)| ExecArg {
                        value,
                        range: line.source_range(args_logical.start + r.start..args_logical.start + r.end),
                    })
                    .collect()
            })
        } else {
            None
        };

        let mut inst = Instruction {
            kind,
            keyword,
            keyword_range: keyword_range.clone(),
            range: keyword_range.start..last_end,
            line: line.clone(),
            flags,
            args_logical,
            args,
            exec,
            heredocs: Vec::new(),
            onbuild: None,
        };

        if kind == Kind::Onbuild && !inst.args.is_empty() {
            let inner_from = inst.args[0].logical.start;
            let inner = self.instruction(line, last_end, inner_from, false);
            if matches!(inner.kind, Kind::Onbuild | Kind::From | Kind::Maintainer) {
                self.error(
                    inner.keyword_range.clone(),
                    format!("{} isn't allowed as an ONBUILD trigger", inner.kind.name()),
                );
            }
            inst.onbuild = Some(Box::new(inner));
        }

        if top && kind.allows_heredoc() {
            self.heredocs(&mut inst);
        }
        self.validate(&inst);
        inst
    }

    /// Reads the bodies of the heredocs announced on the instruction's line.
    fn heredocs(&mut self, inst: &mut Instruction) {
        let markers: Vec<(bool, bool, String, Range<usize>)> = inst
            .args
            .iter()
            .filter_map(|w| heredoc_marker(&w.text, self.escape).map(|(s, q, name)| (s, q, name, w.range.clone())))
            .collect();
        for (strip_tabs, quoted, delimiter, marker_range) in markers {
            let body_start = self.lines.get(self.i).map_or(self.src.len(), |l| l.start);
            let mut terminator_range = None;
            while let Some(&l) = self.lines.get(self.i) {
                self.i += 1;
                let t = self.text(l);
                let candidate = if strip_tabs { t.trim_start_matches('\t') } else { t };
                if candidate == delimiter {
                    terminator_range = Some(l.start..l.end);
                    break;
                }
            }
            let body_end = terminator_range.as_ref().map_or(self.src.len(), |r| r.start);
            if let Some(t) = &terminator_range {
                inst.range.end = t.end;
            } else {
                inst.range.end = self.src.len().max(inst.range.end);
                self.error(marker_range.clone(), format!("unterminated heredoc: no line `{delimiter}` closes it"));
            }
            inst.heredocs.push(Heredoc {
                delimiter,
                strip_tabs,
                quoted,
                marker_range,
                body_range: body_start..body_end.max(body_start),
                terminator_range,
            });
        }
    }

    /// Instruction-level checks that BuildKit makes while parsing.
    fn validate(&mut self, inst: &Instruction) {
        let name = inst.kind.name();
        let n = inst.args.len();
        let whole = inst.range.start..inst.line.source_range(inst.args_logical.clone()).end.max(inst.keyword_range.end);
        if inst.kind == Kind::Unknown {
            let hint = suggest_keyword(&inst.keyword).map(|k| format!(" (did you mean {k}?)")).unwrap_or_default();
            self.error(inst.keyword_range.clone(), format!("unknown instruction: {}{hint}", inst.keyword));
            return;
        }
        let known = inst.kind.known_flags();
        for f in &inst.flags {
            if !known.contains(&f.name.as_str()) {
                let msg = if known.is_empty() {
                    format!("{name} does not take flags: --{}", f.name)
                } else {
                    format!("unknown flag for {name}: --{}", f.name)
                };
                self.error(f.range.clone(), msg);
            } else if f.value.is_none() && !matches!(f.name.as_str(), "link" | "keep-git-dir" | "parents" | "unpack") {
                self.error(f.range.clone(), format!("flag --{} needs a value (--{}=…)", f.name, f.name));
            }
        }
        let heredocs = !inst.heredocs.is_empty();
        let err = match inst.kind {
            Kind::From if !(n == 1 || (n == 3 && inst.args[1].text.eq_ignore_ascii_case("as"))) => {
                Some("FROM requires either one or three arguments (FROM image [AS name])".to_string())
            }
            // `FROM --platform= AS` has lost its image: the builder would pull `AS`.
            Kind::From if inst.args[0].text.eq_ignore_ascii_case("as") => {
                Some("FROM is missing its image: `FROM [--platform=…] image [AS name]`".to_string())
            }
            Kind::From if !inst.args[0].text.contains('$') && !from_reference_ok(&inst.args[0].text) => {
                Some(format!("FROM `{}` is not a valid image reference", inst.args[0].text))
            }
            Kind::Copy | Kind::Add
                if n < 2 && !(heredocs && n >= 1) && inst.exec.as_ref().is_none_or(|e| e.len() < 2) =>
            {
                Some(format!("{name} requires at least two arguments: a source and a destination"))
            }
            Kind::Run
            | Kind::Arg
            | Kind::Env
            | Kind::Label
            | Kind::Expose
            | Kind::Volume
            | Kind::Onbuild
            | Kind::Healthcheck
                if n == 0 =>
            {
                Some(format!("{name} requires at least one argument"))
            }
            Kind::Workdir | Kind::User | Kind::Stopsignal | Kind::Maintainer if n == 0 => {
                Some(format!("{name} requires exactly one argument"))
            }
            Kind::Shell if inst.exec.is_none() => {
                Some("SHELL requires the arguments to be in JSON form, e.g. SHELL [\"/bin/bash\", \"-c\"]".to_string())
            }
            Kind::Healthcheck
                if !inst.args[0].text.eq_ignore_ascii_case("none")
                    && !inst.args[0].text.eq_ignore_ascii_case("cmd") =>
            {
                Some("HEALTHCHECK takes NONE or CMD followed by a command".to_string())
            }
            Kind::Env | Kind::Label if inst.key_values(self.escape).iter().any(|kv| kv.key.is_empty()) => {
                Some(format!("{name} names can not be blank"))
            }
            Kind::Env | Kind::Label
                if inst.args.len() > 1
                    && inst.args[0].text.contains('=')
                    && inst.key_values(self.escape).iter().any(|kv| kv.value.is_none()) =>
            {
                Some(format!("{name} arguments must all be of the form name=value"))
            }
            Kind::Env if inst.args.len() == 1 && !inst.args[0].text.contains('=') => {
                Some("ENV needs a value: ENV name=value".to_string())
            }
            _ => None,
        };
        if let Some(msg) = err {
            self.error(whole, msg);
        }
    }
}

/// `# name=value` → (lower-case name, value, value range).
fn parse_directive(line: &str, offset: usize) -> Option<(String, String, Range<usize>)> {
    let rest = line.strip_prefix('#')?;
    let body = rest.trim_start_matches(is_ws);
    let name_len = body.find(|c: char| !c.is_ascii_alphanumeric())?;
    if name_len == 0 || !body.as_bytes()[0].is_ascii_alphabetic() {
        return None;
    }
    let name = &body[..name_len];
    let after = body[name_len..].trim_start_matches(is_ws).strip_prefix('=')?;
    let value = after.trim_matches(is_ws);
    if value.is_empty() {
        return None;
    }
    let value_start = offset + (line.len() - after.len()) + (after.len() - after.trim_start_matches(is_ws).len());
    Some((name.to_ascii_lowercase(), value.to_string(), value_start..value_start + value.len()))
}

/// The closest instruction keyword to a misspelt one, if close enough to be a typo.
fn suggest_keyword(word: &str) -> Option<&'static str> {
    let upper = word.to_ascii_uppercase();
    if upper.is_empty() || upper.len() > 14 {
        return None;
    }
    Kind::ALL
        .iter()
        .map(|k| (crate::util::edit_distance(&upper, k.name()), k.name()))
        .filter(|&(d, k)| d <= 2 && d < k.len().min(upper.len()).max(2) || k.starts_with(&upper) && upper.len() >= 2)
        .min_by_key(|&(d, _)| d)
        .map(|(_, k)| k)
}

/// Whether a literal FROM argument can name an image or a stage (stage names match
/// case-insensitively: `FROM Build` reads the stage `build`).
fn from_reference_ok(arg: &str) -> bool {
    let lower = arg.to_ascii_lowercase();
    let stage_like = lower.starts_with(|c: char| c.is_ascii_lowercase())
        && lower.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
    stage_like || crate::syntax::image_ref::ImageRef::parse(arg).is_ok()
}
