//! Output formats of `shipshape check`: human (snippets), JSON (SPEC §2), SARIF, GitHub
//! annotations, Checkstyle XML, JUnit XML and GitLab Code Quality.

use std::io::{self, IsTerminal, Write};

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use serde::Serialize;
use shipshape_rules::text::LineIndex;
use shipshape_rules::{Diagnostic, Severity};

use crate::check::Checked;
use crate::cli::Format;

/// A position pair in the JSON contract: 1-based lines, columns in Unicode scalar values,
/// the end exclusive.
struct Span {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn span(index: &LineIndex, text: &str, range: &std::ops::Range<usize>) -> Span {
    let s = index.line_col(text, range.start);
    let e = index.line_col(text, range.end);
    Span { line: s.line, column: s.column, end_line: e.line, end_column: e.column }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files_checked: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    /// The hadolint code the finding answers, when it answers one.
    #[serde(skip_serializing_if = "Option::is_none")]
    hadolint: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    new_text: &'a str,
}

/// A file's findings in the contract's order: line, column, rule.
fn ordered<'a>(f: &'a Checked, index: &LineIndex) -> Vec<(Span, &'a Diagnostic)> {
    let mut items: Vec<_> = f.diagnostics.iter().map(|d| (span(index, &f.text, &d.range), d)).collect();
    items.sort_by(|(a, da), (b, db)| (a.line, a.column, da.rule).cmp(&(b.line, b.column, db.rule)));
    items
}

pub fn json(out: &mut impl Write, files: &[Checked], files_checked: usize) -> io::Result<()> {
    let mut diagnostics = Vec::new();
    for f in files {
        let index = LineIndex::new(&f.text);
        for (s, d) in ordered(f, &index) {
            let fix = d.fix.as_ref().map(|fx| JsonFix {
                title: &fx.title,
                applicability: fx.applicability.as_str(),
                edits: fx
                    .edits
                    .iter()
                    .map(|e| {
                        let es = span(&index, &f.text, &e.range);
                        let file = e.file.as_ref().map_or_else(|| f.display.clone(), |p| crate::check::display(p));
                        JsonEdit {
                            file,
                            line: es.line,
                            column: es.column,
                            end_line: es.end_line,
                            end_column: es.end_column,
                            new_text: &e.new_text,
                        }
                    })
                    .collect(),
            });
            diagnostics.push(JsonDiagnostic {
                file: &f.display,
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                line: s.line,
                column: s.column,
                end_line: s.end_line,
                end_column: s.end_column,
                hadolint: d.hadolint_code(),
                fix,
            });
        }
    }
    let report = JsonReport { version: 1, files_checked, diagnostics };
    serde_json::to_writer(&mut *out, &report)?;
    writeln!(out)
}

/// Colour on a terminal unless `NO_COLOR` is set.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none() && io::stdout().is_terminal()
}

/// Writes `files` in `format`; `color` applies to the human format only.
pub fn render(
    format: Format,
    out: &mut impl Write,
    files: &[Checked],
    files_checked: usize,
    color: bool,
) -> io::Result<()> {
    match format {
        Format::Human => human(out, files, files_checked, color),
        Format::Json => json(out, files, files_checked),
        Format::Github => github(out, files),
        Format::Sarif => sarif(out, files),
        Format::Checkstyle => checkstyle(out, files),
        Format::Junit => junit(out, files),
        Format::Gitlab => gitlab(out, files),
    }
}

pub fn human(out: &mut impl Write, files: &[Checked], files_checked: usize, color: bool) -> io::Result<()> {
    let renderer = if color { Renderer::styled() } else { Renderer::plain() };
    let (mut errors, mut warnings, mut infos) = (0, 0, 0);
    for f in files {
        let index = LineIndex::new(&f.text);
        for (s, d) in ordered(f, &index) {
            let level = match d.severity {
                Severity::Error => {
                    errors += 1;
                    Level::ERROR
                }
                Severity::Warning => {
                    warnings += 1;
                    Level::WARNING
                }
                Severity::Info => {
                    infos += 1;
                    Level::INFO
                }
            };
            // Show the lines the finding covers (at most a few) with the range underlined.
            let first = s.line - 1;
            let last = (s.end_line - 1).min(first + 4);
            let start = index.line_start(first);
            let end = index.line_range(&f.text, last).end;
            let source = &f.text[start..end];
            let local = d.range.start.saturating_sub(start).min(source.len())
                ..d.range.end.saturating_sub(start).min(source.len());
            let title = level.primary_title(d.message.as_str()).id(d.rule);
            let path = f.display.as_str();
            let snippet =
                Snippet::source(source).line_start(s.line).path(path).annotation(AnnotationKind::Primary.span(local));
            let report = [title.element(snippet)];
            writeln!(out, "{}\n", renderer.render(&report))?;
        }
    }
    let total = errors + warnings + infos;
    let files_word = if files_checked == 1 { "file" } else { "files" };
    if total == 0 {
        writeln!(out, "No findings in {files_checked} {files_word}.")
    } else {
        // Only the severities present, plural where counted ("info" is not).
        let n = |count: usize, word: &str| format!("{count} {word}{}", if count == 1 { "" } else { "s" });
        let parts: Vec<String> =
            [(errors, n(errors, "error")), (warnings, n(warnings, "warning")), (infos, format!("{infos} info"))]
                .into_iter()
                .filter(|(count, _)| *count > 0)
                .map(|(_, part)| part)
                .collect();
        writeln!(out, "Found {} ({}) in {files_checked} {files_word}.", n(total, "finding"), parts.join(", "))
    }
}

/// GitHub Actions workflow commands: one `::warning file=…::message` line per finding.
pub fn github(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    for f in files {
        let index = LineIndex::new(&f.text);
        for (s, d) in ordered(f, &index) {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let esc = |t: &str| t.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
            let prop = |t: &str| esc(t).replace(':', "%3A").replace(',', "%2C");
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                prop(&f.display),
                s.line,
                s.column,
                s.end_line,
                s.end_column,
                prop(d.rule),
                esc(&d.message)
            )?;
        }
    }
    Ok(())
}

/// SARIF 2.1.0 for code-scanning tools: rule metadata with help text and URIs, results with
/// regions (columns in Unicode code points, as declared in `columnKind`), and fixes.
pub fn sarif(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    use serde_json::json;
    use shipshape_rules::rules::REGISTRY;

    /// The SARIF `name`: PascalCase, and never the id itself but for case (the
    /// multitool's SARIF1001 compares them without case): `shellcheck` → `ShellcheckRule`.
    fn pascal_case(id: &str) -> String {
        let name: String = id
            .split('-')
            .map(|w| {
                let mut c = w.chars();
                c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
            })
            .collect();
        if name.eq_ignore_ascii_case(id) {
            name + "Rule"
        } else {
            name
        }
    }

    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    let rules: Vec<_> = REGISTRY
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.id,
                // SARIF wants `name` as a PascalCase identifier distinct from the id
                // (the multitool's SARIF2012); GitHub shows it as the rule's title.
                "name": pascal_case(m.id),
                "shortDescription": {"text": m.summary},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.docs, "markdown": m.docs},
                "helpUri": m.url(),
                "defaultConfiguration": {"level": m.default_severity.map_or("none", level), "enabled": m.default_severity.is_some()},
                "properties": {"category": m.category.as_str()},
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        let index = LineIndex::new(&f.text);
        for (s, d) in ordered(f, &index) {
            let region = |s: &Span| json!({"startLine": s.line, "startColumn": s.column, "endLine": s.end_line, "endColumn": s.end_column});
            let mut result = json!({
                "ruleId": d.rule,
                "ruleIndex": REGISTRY.iter().position(|r| r.meta().id == d.rule),
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {"artifactLocation": artifact_location(&f.display), "region": region(&s)}}],
            });
            if let Some(fix) = &d.fix {
                // One artifact change per file the fix edits: its own file, or others (a new
                // `.dockerignore`). Edits of other files are offsets into those files, which
                // SARIF expresses as byte offsets (`charOffset` would need their text).
                let mut changes: Vec<(String, Vec<serde_json::Value>)> = Vec::new();
                for e in &fix.edits {
                    let (file, replacement) = match &e.file {
                        None => {
                            let es = span(&index, &f.text, &e.range);
                            (
                                f.display.clone(),
                                json!({"deletedRegion": region(&es), "insertedContent": {"text": e.new_text}}),
                            )
                        }
                        Some(p) => (
                            crate::check::display(p),
                            json!({
                                "deletedRegion": {"byteOffset": e.range.start, "byteLength": e.range.len()},
                                "insertedContent": {"text": e.new_text},
                            }),
                        ),
                    };
                    match changes.iter_mut().find(|(f, _)| *f == file) {
                        Some((_, v)) => v.push(replacement),
                        None => changes.push((file, vec![replacement])),
                    }
                }
                let changes: Vec<_> = changes
                    .into_iter()
                    .map(|(file, replacements)| json!({"artifactLocation": artifact_location(&file), "replacements": replacements}))
                    .collect();
                result["fixes"] = json!([{
                    "description": {"text": format!("{} ({})", fix.title, fix.applicability.as_str())},
                    "artifactChanges": changes,
                }]);
            }
            results.push(result);
        }
    }
    // Relative paths resolve against the working directory, which SARIF consumers (GitHub
    // code scanning) map onto the repository checkout.
    let root = std::env::current_dir().ok().map(|d| file_uri(&d.to_string_lossy(), true));
    let report = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "shipshape",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": shipshape_rules::rules::DOCS_BASE_URL,
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": root.map(|uri| json!({SRCROOT: {"uri": uri}})).unwrap_or_else(|| json!({})),
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// XML text and attribute escaping (the five predefined entities; control characters, which
/// XML 1.0 cannot carry, become spaces).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Checkstyle XML, as Checkstyle's own XMLLogger writes it (and eslint's `checkstyle`
/// formatter): every file checked, each finding an `<error>` with `source` naming the rule.
pub fn checkstyle(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<checkstyle version="4.3">"#)?;
    for f in files {
        let index = LineIndex::new(&f.text);
        writeln!(out, r#"  <file name="{}">"#, xml(&f.display))?;
        for (s, d) in ordered(f, &index) {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "info",
            };
            writeln!(
                out,
                r#"    <error line="{}" column="{}" severity="{severity}" message="{}" source="shipshape.{}"/>"#,
                s.line,
                s.column,
                xml(&d.message),
                d.rule
            )?;
        }
        writeln!(out, "  </file>")?;
    }
    writeln!(out, "</checkstyle>")
}

/// JUnit XML for CI test reports: one `<testsuite>` per file checked, one failing
/// `<testcase>` per finding, and one passing `<testcase>` for a file without findings (so a
/// clean run still reports what it checked).
pub fn junit(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    let total: usize = files.iter().map(|f| f.diagnostics.len().max(1)).sum();
    let failures: usize = files.iter().map(|f| f.diagnostics.len()).sum();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(out, r#"<testsuites name="shipshape" tests="{total}" failures="{failures}" errors="0">"#)?;
    for f in files {
        let index = LineIndex::new(&f.text);
        let path = xml(&f.display);
        let n = f.diagnostics.len();
        writeln!(out, r#"  <testsuite name="{path}" tests="{}" failures="{n}" errors="0" skipped="0">"#, n.max(1))?;
        if n == 0 {
            writeln!(out, r#"    <testcase name="no findings" classname="{path}" file="{path}"/>"#)?;
        }
        // GitLab keys test cases by (classname, name): two findings of one rule at one place
        // (ShellCheck's SC2086 and SC2154 on one `$x`) need names of their own.
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (s, d) in ordered(f, &index) {
            let code = d.hadolint_code().map(|c| format!(" {c}")).unwrap_or_default();
            let mut name = format!("{}:{}:{} {}{code}", path, s.line, s.column, d.rule);
            let n = seen.entry(name.clone()).or_insert(0);
            *n += 1;
            if *n > 1 {
                name = format!("{name} ({n})");
            }
            writeln!(out, r#"    <testcase name="{name}" classname="{path}" file="{path}" line="{}">"#, s.line)?;
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{path}:{}:{}: {} [{}]</failure>"#,
                d.severity.as_str(),
                xml(&d.message),
                s.line,
                s.column,
                xml(&d.message),
                d.rule
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}

/// GitLab Code Quality (the Code Climate issue format GitLab reads): a JSON array of issues
/// with a stable `fingerprint` — the rule, the file and the text the finding covers, plus
/// the occurrence among identical ones — so a finding keeps its identity when lines move.
pub fn gitlab(out: &mut impl Write, files: &[Checked]) -> io::Result<()> {
    use sha2::{Digest, Sha256};
    use std::collections::HashMap;
    let mut issues = Vec::new();
    for f in files {
        let index = LineIndex::new(&f.text);
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (s, d) in ordered(f, &index) {
            let covered = f.text.get(d.range.clone()).unwrap_or("").trim();
            let key = format!("{}\0{}\0{}\0{}", d.rule, f.display, covered, d.message);
            let occurrence = seen.entry(key.clone()).or_default();
            *occurrence += 1;
            let digest = Sha256::digest(format!("{key}\0{occurrence}").as_bytes());
            let fingerprint: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
            let severity = match d.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info => "info",
            };
            issues.push(serde_json::json!({
                "type": "issue",
                "check_name": d.rule,
                "description": format!("{} [{}]", d.message, d.rule),
                "categories": ["Style"],
                "severity": severity,
                "fingerprint": fingerprint,
                "location": {"path": f.display, "lines": {"begin": s.line, "end": s.end_line}},
            }));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// The base id relative artifact locations name; `originalUriBaseIds` gives its value.
const SRCROOT: &str = "%SRCROOT%";

/// A SARIF `artifactLocation`: relative paths against `%SRCROOT%` (the working
/// directory), absolute ones as `file://` URIs.
fn artifact_location(shown: &str) -> serde_json::Value {
    if shown.starts_with('/') {
        serde_json::json!({"uri": file_uri(shown, false)})
    } else {
        serde_json::json!({"uri": percent_encode(shown), "uriBaseId": SRCROOT})
    }
}

/// `file://` URI of an absolute path (a folder's ends in `/`, as SARIF asks of base URIs).
fn file_uri(path: &str, folder: bool) -> String {
    let path = path.replace('\\', "/");
    let lead = if path.starts_with('/') { "" } else { "/" };
    let slash = if folder && !path.ends_with('/') { "/" } else { "" };
    // `:` stays in a file URI (`file:///C:/w`); in a relative one it would read as a scheme.
    format!("file://{lead}{}{slash}", percent_encode(&path).replace("%3A", ":"))
}

/// RFC 3986 percent-encoding of a path: everything but unreserved characters and `/`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sarif_locations() {
        assert_eq!(
            artifact_location("a b/Dockerfile"),
            serde_json::json!({"uri": "a%20b/Dockerfile", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(artifact_location("/srv/x/compose.yaml"), serde_json::json!({"uri": "file:///srv/x/compose.yaml"}));
        assert_eq!(file_uri("/home/u/proj", true), "file:///home/u/proj/");
        assert_eq!(file_uri("C:\\w\\é", true), "file:///C:/w/%C3%A9/");
    }
}
