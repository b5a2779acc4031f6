//! Core findings and fixes → LSP diagnostics, code actions and workspace edits.

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use ropey::Rope;
use shipshape_rules::diagnostic::{Diagnostic, Edit, Fix};
use shipshape_rules::Severity;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, CreateFile, CreateFileOptions, DiagnosticRelatedInformation, DiagnosticSeverity,
    DiagnosticTag, DocumentChangeOperation, DocumentChanges, Location, NumberOrString,
    OptionalVersionedTextDocumentIdentifier, ResourceOp, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::position::{self, Encoding};

pub const SOURCE: &str = "shipshape";

/// Reads another file's text to convert its ranges (open buffer or disk).
pub type TextOf<'a> = dyn Fn(&Path) -> Option<Rope> + 'a;

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

fn tags(rule: &str) -> Option<Vec<DiagnosticTag>> {
    match rule {
        "maintainer-deprecated" => Some(vec![DiagnosticTag::DEPRECATED]),
        "multiple-cmd" | "obsolete-version-field" => Some(vec![DiagnosticTag::UNNECESSARY]),
        _ => None,
    }
}

pub fn diagnostic(rope: &Rope, enc: Encoding, uri: &Uri, d: &Diagnostic, text_of: &TextOf) -> lsp::Diagnostic {
    let href = d.url().and_then(|u| Uri::from_str(&u).ok());
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let (uri, range) = match &r.file {
                None => (uri.clone(), position::range(rope, enc, &r.range)),
                Some(p) => {
                    let other = text_of(p)?;
                    (Uri::from_file_path(absolute(p))?, position::range(&other, enc, &r.range))
                }
            };
            Some(DiagnosticRelatedInformation { location: Location { uri, range }, message: r.message.clone() })
        })
        .collect();
    lsp::Diagnostic {
        range: position::range(rope, enc, &d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: tags(d.rule),
        data: None,
    }
}

pub fn absolute(p: &Path) -> std::path::PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    }
}

/// A fix as a workspace edit. Edits to other files become text edits on them, or a
/// `CreateFile` followed by an insert when the file does not exist and the client can
/// create files; without that support, or when another file lies outside the workspace
/// (`writable` says no: a Compose file may point a context anywhere), the fix is not
/// offered (`None`).
pub fn workspace_edit(
    rope: &Rope,
    enc: Encoding,
    uri: &Uri,
    fix: &Fix,
    can_create: bool,
    text_of: &TextOf,
    writable: &dyn Fn(&std::path::Path) -> bool,
) -> Option<WorkspaceEdit> {
    let mut by_file: Vec<(Uri, Option<Rope>, Vec<&Edit>)> = Vec::new();
    for e in &fix.edits {
        let (target, text) = match &e.file {
            None => (uri.clone(), Some(rope.clone())),
            Some(p) if !writable(&absolute(p)) => return None,
            Some(p) => (Uri::from_file_path(absolute(p))?, text_of(p)),
        };
        match by_file.iter_mut().find(|(u, _, _)| *u == target) {
            Some(entry) => entry.2.push(e),
            None => by_file.push((target, text, vec![e])),
        }
    }
    let needs_create = by_file.iter().any(|(_, text, _)| text.is_none());
    if needs_create && !can_create {
        return None;
    }
    let to_edits = |r: &Rope, edits: &[&Edit]| -> Vec<TextEdit> {
        edits
            .iter()
            .map(|e| TextEdit { range: position::range(r, enc, &e.range), new_text: e.new_text.clone() })
            .collect()
    };
    if !needs_create {
        let changes: HashMap<Uri, Vec<TextEdit>> =
            by_file.iter().map(|(u, t, edits)| (u.clone(), to_edits(t.as_ref().unwrap_or(rope), edits))).collect();
        return Some(WorkspaceEdit { changes: Some(changes), ..Default::default() });
    }
    let mut ops = Vec::new();
    for (u, text, edits) in &by_file {
        let r = match text {
            Some(r) => r.clone(),
            None => {
                ops.push(DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                    uri: u.clone(),
                    options: Some(CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                    annotation_id: None,
                })));
                Rope::new()
            }
        };
        ops.push(DocumentChangeOperation::Edit(TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier { uri: u.clone(), version: None },
            edits: to_edits(&r, edits).into_iter().map(lsp::OneOf::Left).collect(),
        }));
    }
    Some(WorkspaceEdit { document_changes: Some(DocumentChanges::Operations(ops)), ..Default::default() })
}
