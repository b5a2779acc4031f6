//! Which files are Dockerfiles and which are Compose files, by name (and templates that
//! only look like Dockerfiles). Below everything else: discovery, the project model and
//! the engine all ask it.

use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Dockerfile,
    Compose,
}

impl FileKind {
    /// Detects a file's kind from its name, per SPEC §2: `Dockerfile`, `*.Dockerfile`,
    /// `Dockerfile.*`, `Containerfile` (and `Containerfile.*`); `compose.y{a,}ml`,
    /// `docker-compose*.y{a,}ml`, `compose.*.y{a,}ml`.
    pub fn detect(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".dockerignore") {
            return None;
        }
        // `Dockerfile.dev` is a Dockerfile; `dockerfile.go`, `Dockerfile.template` (filled in
        // by a generator) and `Dockerfile.md` are not.
        let other_kind = lower.rsplit_once('.').is_some_and(|(_, ext)| NOT_DOCKERFILE_EXTENSIONS.contains(&ext));
        if lower == "dockerfile"
            || lower == "containerfile"
            || ((lower.ends_with(".dockerfile")
                || lower.starts_with("dockerfile.")
                || lower.starts_with("containerfile."))
                && !other_kind)
        {
            return Some(FileKind::Dockerfile);
        }
        let stem = lower.strip_suffix(".yaml").or_else(|| lower.strip_suffix(".yml"))?;
        if stem == "compose" || stem.starts_with("docker-compose") || stem.starts_with("compose.") {
            return Some(FileKind::Compose);
        }
        None
    }
}

/// Is this Dockerfile text a template that a generator fills in (a line that starts with
/// `{{` or `{%`, as docker-library's jq templates and Jinja do)? Found by a folder walk, it
/// is not linted: every template line would be a syntax error.
pub fn looks_like_template(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("{{") || t.starts_with("{%")
    })
}

/// Extensions that make a `Dockerfile.*` name something else: source code that handles
/// Dockerfiles, templates a generator fills in, documentation, backups.
#[rustfmt::skip]
const NOT_DOCKERFILE_EXTENSIONS: &[&str] = &[
    "go", "py", "js", "mjs", "cjs", "ts", "rs", "rb", "java", "kt", "c", "h", "cc", "cpp", "cs", "php", "pl",
    "sh", "bash", "ps1", "bat", "md", "txt", "rst", "adoc", "json", "yml", "yaml", "toml", "xml", "html",
    "template", "tmpl", "tpl", "j2", "jinja", "jinja2", "erb", "mustache", "hbs", "njk", "gotmpl", "liquid",
    "swp", "bak", "orig", "rej", "patch", "diff", "snap", "lock", "sum", "sig", "asc", "png", "svg",
];
