//! Dockerfile syntax: a lossless, error-tolerant, line-oriented parser.
//!
//! BuildKit's grammar is line based: directives, comments, and instructions whose
//! logical line may span physical lines through the escape character, followed by
//! heredoc bodies. We parse it the same way, but never stop: a bad instruction
//! becomes a [`SyntaxError`] and the parse goes on with the next one. Every node
//! keeps the byte range it came from in the original text (BOM and CRLF included),
//! so diagnostics and edits land exactly.
//!
//! Continuation lines are joined into a [`LogicalLine`] the way BuildKit joins them
//! (escape + newline removed, comment and blank lines inside dropped); the logical
//! line keeps a map back to source offsets.

mod parser;
pub mod vars;
mod words;

use std::ops::Range;

pub use parser::parse;
pub use words::{split_words, unquote};

/// A parsed Dockerfile. The source text is kept so that ranges can be resolved.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    pub source: String,
    /// Parser directives (`# syntax=`, `# escape=`, `# check=`) at the top of the file.
    pub directives: Vec<Directive>,
    /// The escape character: `\` unless `# escape=` says otherwise.
    pub escape: char,
    pub instructions: Vec<Instruction>,
    /// Every comment line, including those inside continuations.
    pub comments: Vec<Comment>,
    pub errors: Vec<SyntaxError>,
    /// RUN scripts are not POSIX shell: a Windows image with the backtick escape (its
    /// default shell is cmd), a PowerShell or cmd `SHELL`, or hadolint's
    /// `# hadolint shell=powershell`.
    pub non_posix_shell: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lower-cased name: `syntax`, `escape` or `check`.
    pub name: String,
    pub value: String,
    pub range: Range<usize>,
    pub value_range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment line from `#` to the end of the line.
    pub range: Range<usize>,
    /// The text after `#`, trimmed.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    Unknown,
}

impl Kind {
    pub const ALL: [Kind; 18] = [
        Kind::Add,
        Kind::Arg,
        Kind::Cmd,
        Kind::Copy,
        Kind::Entrypoint,
        Kind::Env,
        Kind::Expose,
        Kind::From,
        Kind::Healthcheck,
        Kind::Label,
        Kind::Maintainer,
        Kind::Onbuild,
        Kind::Run,
        Kind::Shell,
        Kind::Stopsignal,
        Kind::User,
        Kind::Volume,
        Kind::Workdir,
    ];

    pub fn from_keyword(word: &str) -> Kind {
        Kind::ALL.into_iter().find(|k| k.name().eq_ignore_ascii_case(word)).unwrap_or(Kind::Unknown)
    }

    /// Upper-case keyword.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Add => "ADD",
            Kind::Arg => "ARG",
            Kind::Cmd => "CMD",
            Kind::Copy => "COPY",
            Kind::Entrypoint => "ENTRYPOINT",
            Kind::Env => "ENV",
            Kind::Expose => "EXPOSE",
            Kind::From => "FROM",
            Kind::Healthcheck => "HEALTHCHECK",
            Kind::Label => "LABEL",
            Kind::Maintainer => "MAINTAINER",
            Kind::Onbuild => "ONBUILD",
            Kind::Run => "RUN",
            Kind::Shell => "SHELL",
            Kind::Stopsignal => "STOPSIGNAL",
            Kind::User => "USER",
            Kind::Volume => "VOLUME",
            Kind::Workdir => "WORKDIR",
            Kind::Unknown => "",
        }
    }

    /// Flags BuildKit accepts (stable and labs), so that unknown ones are reported.
    pub fn known_flags(self) -> &'static [&'static str] {
        match self {
            Kind::From => &["platform"],
            Kind::Run => &["mount", "network", "security", "device"],
            Kind::Copy => &["from", "chown", "chmod", "link", "parents", "exclude"],
            Kind::Add => &["chown", "chmod", "link", "keep-git-dir", "checksum", "exclude", "unpack", "parents"],
            Kind::Healthcheck => &["interval", "timeout", "start-period", "start-interval", "retries"],
            _ => &[],
        }
    }

    /// Instructions whose arguments may carry heredocs (BuildKit's `heredocDirectives`).
    pub fn allows_heredoc(self) -> bool {
        matches!(self, Kind::Run | Kind::Copy | Kind::Add)
    }

    /// Instructions whose arguments the builder expands (`$VAR`) before running anything.
    /// `RUN`, `CMD` and `ENTRYPOINT` are expanded by the shell at run time instead.
    pub fn builder_expands_vars(self) -> bool {
        matches!(
            self,
            Kind::Add
                | Kind::Copy
                | Kind::Env
                | Kind::Expose
                | Kind::From
                | Kind::Label
                | Kind::Stopsignal
                | Kind::User
                | Kind::Volume
                | Kind::Workdir
                | Kind::Arg
        )
    }
}

/// A logical line: physical lines joined at escape-newlines, with a map back to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogicalLine {
    pub text: String,
    /// `(logical offset, source offset)` where each joined segment starts.
    segments: Vec<(usize, usize)>,
}

impl LogicalLine {
    pub(crate) fn new() -> Self {
        LogicalLine { text: String::new(), segments: Vec::new() }
    }

    pub(crate) fn push(&mut self, source_start: usize, text: &str) {
        self.segments.push((self.text.len(), source_start));
        self.text.push_str(text);
    }

    /// Source offset of a logical offset (a start position).
    pub fn source_offset(&self, logical: usize) -> usize {
        let i = self.segments.partition_point(|&(l, _)| l <= logical).saturating_sub(1);
        match self.segments.get(i) {
            Some(&(l, s)) => s + (logical - l),
            None => logical,
        }
    }

    /// Source range of a logical range. The end maps from its last byte, so a range that
    /// ends at a join does not swallow the escape and newline that follow it.
    pub fn source_range(&self, logical: Range<usize>) -> Range<usize> {
        let start = self.source_offset(logical.start);
        if logical.end <= logical.start {
            return start..start;
        }
        let end = self.source_offset(logical.end - 1) + 1;
        start..end.max(start)
    }

    /// Where continued lines join: `(logical offset, source offset)` of each segment after
    /// the first (the source offset is where the continued line's text starts).
    pub fn joins(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        self.segments.iter().skip(1).copied()
    }

    /// Is the logical range made of one contiguous piece of source (no join inside)?
    pub fn is_contiguous(&self, logical: Range<usize>) -> bool {
        let r = self.source_range(logical.clone());
        r.end - r.start == logical.end - logical.start
    }
}

/// A whitespace-separated word of an instruction (quotes kept in `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// Raw text as written (after joining continuations), quotes included.
    pub text: String,
    /// Range in the instruction's logical line.
    pub logical: Range<usize>,
    /// Range in the source.
    pub range: Range<usize>,
}

impl Word {
    /// The text with quotes removed and escapes applied (no variable expansion).
    pub fn value(&self, escape: char) -> String {
        unquote(&self.text, escape)
    }
}

/// A `--name[=value]` flag before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub name_range: Range<usize>,
    /// Raw value (quotes kept); `None` for a bare `--flag`.
    pub value: Option<String>,
    pub value_logical: Option<Range<usize>>,
    pub value_range: Option<Range<usize>>,
    /// The whole `--name=value` word.
    pub range: Range<usize>,
    pub logical: Range<usize>,
}

/// One `key=value` item of a CSV flag value such as `--mount=type=cache,target=/x`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagField {
    pub key: String,
    /// Unquoted value; `None` for a bare key (`readonly`).
    pub value: Option<String>,
    pub range: Range<usize>,
    pub key_range: Range<usize>,
    pub value_range: Option<Range<usize>>,
}

impl Flag {
    /// Splits the value as BuildKit's `--mount` parser does (CSV, quotes allowed).
    pub fn fields(&self, line: &LogicalLine) -> Vec<FlagField> {
        let (Some(value), Some(logical)) = (&self.value, &self.value_logical) else {
            return Vec::new();
        };
        words::csv_fields(value)
            .into_iter()
            .map(|f| {
                let shift = |r: Range<usize>| line.source_range(logical.start + r.start..logical.start + r.end);
                FlagField {
                    key: f.key,
                    value: f.value,
                    range: shift(f.range),
                    key_range: shift(f.key_range),
                    value_range: f.value_range.map(shift),
                }
            })
            .collect()
    }

    /// Unquoted value.
    pub fn value_unquoted(&self, escape: char) -> Option<String> {
        self.value.as_deref().map(|v| unquote(v, escape))
    }
}

/// A JSON string of an exec-form array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecArg {
    /// Decoded JSON string.
    pub value: String,
    /// Source range of the quoted string.
    pub range: Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub delimiter: String,
    /// `<<-`: leading tabs are stripped from the body and terminator.
    pub strip_tabs: bool,
    /// A quoted delimiter turns off variable expansion in the body.
    pub quoted: bool,
    /// Range of the `<<EOF` marker.
    pub marker_range: Range<usize>,
    /// Range of the body, from the first body line to the start of the terminator.
    pub body_range: Range<usize>,
    /// Range of the terminator line; `None` when the heredoc runs to the end of the file.
    pub terminator_range: Option<Range<usize>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub kind: Kind,
    /// The keyword as written (any case).
    pub keyword: String,
    pub keyword_range: Range<usize>,
    /// Everything from the keyword to the end of the last line (heredoc terminators included).
    pub range: Range<usize>,
    /// The joined logical line, starting at the keyword.
    pub line: LogicalLine,
    pub flags: Vec<Flag>,
    /// Logical range of the arguments after the keyword and flags (trimmed).
    pub args_logical: Range<usize>,
    /// Whitespace-separated argument words after the flags.
    pub args: Vec<Word>,
    /// The arguments as an exec-form JSON array, when they are one.
    pub exec: Option<Vec<ExecArg>>,
    pub heredocs: Vec<Heredoc>,
    /// The triggered instruction of `ONBUILD`.
    pub onbuild: Option<Box<Instruction>>,
}

impl Instruction {
    /// The argument text after keyword and flags, as joined (shell-form command for RUN).
    pub fn args_text(&self) -> &str {
        &self.line.text[self.args_logical.clone()]
    }

    /// Source range of the arguments.
    pub fn args_range(&self) -> Range<usize> {
        self.line.source_range(self.args_logical.clone())
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags.iter().find(|f| f.name.eq_ignore_ascii_case(name))
    }

    pub fn flags_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Flag> + 'a {
        self.flags.iter().filter(move |f| f.name.eq_ignore_ascii_case(name))
    }

    /// Source range of the first physical line of the instruction (for line-level findings).
    pub fn first_line_range(&self, source: &str) -> Range<usize> {
        let start = self.range.start;
        let end = source[start..].find(['\n', '\r']).map_or(source.len(), |i| start + i);
        start..end.min(self.range.end.max(start))
    }

    /// `FROM image [AS name]` parts.
    pub fn as_from(&self) -> Option<FromParts<'_>> {
        if self.kind != Kind::From {
            return None;
        }
        let image = self.args.first()?;
        let alias = match self.args.get(1) {
            Some(kw) if kw.text.eq_ignore_ascii_case("as") => self.args.get(2),
            _ => None,
        };
        Some(FromParts { image, alias, platform: self.flag("platform") })
    }

    /// Variable references in the words the builder expands (arguments and flag values),
    /// with source ranges. Empty for `RUN`, `CMD` and `ENTRYPOINT`, whose variables the
    /// shell expands at run time.
    pub fn variables(&self, escape: char) -> Vec<VarUse> {
        if !self.kind.builder_expands_vars() {
            return Vec::new();
        }
        let words = self.args.iter().map(|w| (&w.text, &w.logical));
        let flags = self.flags.iter().filter_map(|f| Some((f.value.as_ref()?, f.value_logical.as_ref()?)));
        let mut out = Vec::new();
        for (text, logical) in words.chain(flags) {
            for v in vars::find_vars(text, escape) {
                let shift = |r: &Range<usize>| self.line.source_range(logical.start + r.start..logical.start + r.end);
                out.push(VarUse {
                    name_range: shift(&v.name_range),
                    range: shift(&v.range),
                    name: v.name,
                    modifier: v.modifier,
                });
            }
        }
        out
    }

    /// Variable references the shell expands at run time: in a shell-form `RUN`, `CMD` or
    /// `ENTRYPOINT` (`$NAME`, `${NAME}`; not inside single quotes), and in the bodies of
    /// heredocs whose delimiter is unquoted. ARG and ENV values reach them as environment
    /// variables, so renaming a variable renames these too.
    pub fn shell_variables(&self, source: &str) -> Vec<VarUse> {
        if !matches!(self.kind, Kind::Run | Kind::Cmd | Kind::Entrypoint) || self.exec.is_some() {
            return Vec::new();
        }
        let mut out = Vec::new();
        let args = self.args_logical.clone();
        // The shell's escape is a backslash, whatever the Dockerfile's escape character.
        for v in vars::find_vars(&self.line.text[args.clone()], '\\') {
            let shift = |r: &Range<usize>| self.line.source_range(args.start + r.start..args.start + r.end);
            out.push(VarUse {
                name_range: shift(&v.name_range),
                range: shift(&v.range),
                name: v.name,
                modifier: v.modifier,
            });
        }
        for h in self.heredocs.iter().filter(|h| !h.quoted) {
            let Some(body) = source.get(h.body_range.clone()) else { continue };
            for v in vars::find_vars(body, '\\') {
                let shift = |r: &Range<usize>| h.body_range.start + r.start..h.body_range.start + r.end;
                out.push(VarUse {
                    name_range: shift(&v.name_range),
                    range: shift(&v.range),
                    name: v.name,
                    modifier: v.modifier,
                });
            }
        }
        out
    }

    /// `ENV`/`LABEL`/`ARG` pairs.
    pub fn key_values(&self, escape: char) -> Vec<KeyValue> {
        words::key_values(self, escape)
    }

    /// Text of a heredoc body.
    pub fn heredoc_body<'a>(&self, source: &'a str, h: &Heredoc) -> &'a str {
        &source[h.body_range.clone()]
    }
}

/// A variable reference in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VarUse {
    pub name: String,
    pub name_range: Range<usize>,
    /// From `$` through the closing `}`.
    pub range: Range<usize>,
    pub modifier: Option<vars::VarModifier>,
}

pub struct FromParts<'a> {
    pub image: &'a Word,
    pub alias: Option<&'a Word>,
    pub platform: Option<&'a Flag>,
}

/// `key=value` (or the legacy `key value`) of ENV, LABEL and ARG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    /// Unquoted key.
    pub key: String,
    pub key_range: Range<usize>,
    /// Unquoted value; `None` for `ARG NAME` with no default.
    pub value: Option<String>,
    /// Raw (quoted) value text.
    pub raw_value: Option<String>,
    pub value_range: Option<Range<usize>>,
    /// The whole item.
    pub range: Range<usize>,
    /// Written in the legacy `ENV key value` form.
    pub legacy: bool,
}

impl Dockerfile {
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }

    pub fn text(&self, range: Range<usize>) -> &str {
        self.source.get(range).unwrap_or("")
    }

    /// Offset where content starts (after a UTF-8 BOM).
    pub fn content_start(&self) -> usize {
        if self.source.starts_with('\u{feff}') {
            3
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests;
