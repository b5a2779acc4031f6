//! `textDocument/formatting` and `rangeFormatting`: the core's formatting edits (never a
//! change of meaning), as minimal text edits; a range gets the edits that touch it.

use super::*;

/// The formatting edits of an open document, limited to `range` when one is given.
fn edits(backend: &Backend, uri: &Uri, range: Option<Range>) -> Result<Option<Vec<TextEdit>>> {
    let Some((rope, kind, enc)) = backend.view(uri) else { return Ok(None) };
    let limit = match range {
        Some(r) => Some(offset_of(&rope, enc, r.start)?..offset_of(&rope, enc, r.end)?),
        None => None,
    };
    guard("formatting", || {
        let text = rope.to_string();
        let edits: Vec<TextEdit> = shipshape_rules::format::edits(kind, &text)
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
