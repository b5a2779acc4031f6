//! `textDocument/formatting` and `rangeFormatting`: the core's formatting edits (never a
//! change of meaning), as minimal text edits, with the project's `[format]` options; a
//! range gets the edits that touch it.

use super::*;

/// The formatting edits of an open document, limited to `range` when one is given.
fn edits(backend: &Backend, uri: &Uri, range: Option<Range>) -> Result<Option<Vec<TextEdit>>> {
    let Some(View { parsed, rope, kind, enc, path }) = backend.parsed(uri) else { return Ok(None) };
    // `[format]` of the project's `.shipshape.toml` (the editor's tab size is not a request
    // to re-indent: indentation is kept unless the project asks).
    let shared = lock(&backend.state).shared.clone();
    let options = shared.config_for(path.as_deref()).map(|c| c.format).unwrap_or_default();
    let limit = match range {
        Some(r) => Some(offset_of(&rope, enc, r.start)?..offset_of(&rope, enc, r.end)?),
        None => None,
    };
    guard("formatting", || {
        let edits: Vec<TextEdit> = shipshape_rules::format::edits_with(kind, &parsed.text, options)
            .into_iter()
            .filter(|e| limit.as_ref().is_none_or(|l| e.range.start <= l.end && l.start <= e.range.end))
            .map(|e| TextEdit { range: position::range(&rope, enc, &e.range), new_text: e.new_text })
            .collect();
        Some(edits)
    })
}

pub(super) async fn formatting(backend: &Backend, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
    edits(backend, &params.text_document.uri, None)
}

pub(super) async fn range_formatting(
    backend: &Backend,
    params: DocumentRangeFormattingParams,
) -> Result<Option<Vec<TextEdit>>> {
    edits(backend, &params.text_document.uri, Some(params.range))
}
