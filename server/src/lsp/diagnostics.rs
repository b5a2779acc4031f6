//! Pull diagnostics (`textDocument/diagnostic`), for clients that pull; the others are
//! pushed to by the scheduler.

use super::*;

/// Answers from the analysis of the current version: waits for it when it is still
/// running (every open or edit starts one), never analyses again.
pub(super) async fn diagnostic(
    backend: &Backend,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let uri = params.text_document.uri;
    let (mut analysed, version) = {
        let st = lock(&backend.state);
        let Some(doc) = st.docs.get(&uri) else {
            return Err(Error::invalid_params("document is not open"));
        };
        (doc.analysed.subscribe(), doc.version)
    };
    // Closed while waiting: the sender is gone.
    if analysed.wait_for(|v| v.is_some_and(|v| v >= version)).await.is_err() {
        return Err(Error::invalid_params("document was closed"));
    }
    let mut st = lock(&backend.state);
    let Some(doc) = st.docs.get_mut(&uri) else {
        return Err(Error::invalid_params("document was closed"));
    };
    doc.pulled = Some((doc.analysed_version.unwrap_or(version), doc.result_id));
    let result_id = doc.result_id.to_string();
    if params.previous_result_id.as_deref() == Some(result_id.as_str()) {
        return Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Unchanged(
            RelatedUnchangedDocumentDiagnosticReport {
                related_documents: None,
                unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport { result_id },
            },
        )));
    }
    Ok(DocumentDiagnosticReportResult::Report(DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
        related_documents: None,
        full_document_diagnostic_report: FullDocumentDiagnosticReport {
            result_id: Some(result_id),
            items: doc.published.to_vec(),
        },
    })))
}
