//! `initialize`: what the client can do (encodings, pull diagnostics, resolve, resource
//! operations) and what the server offers; `initialized`: file watchers and settings.

use super::*;

pub(super) async fn initialize(backend: &Backend, params: InitializeParams) -> Result<InitializeResult> {
    let caps = &params.capabilities;
    let utf8 = caps
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    {
        let mut st = lock(&backend.state);
        st.encoding = if utf8 { Encoding::Utf8 } else { Encoding::Utf16 };
        st.markdown = caps
            .text_document
            .as_ref()
            .and_then(|t| t.hover.as_ref())
            .and_then(|h| h.content_format.as_ref())
            .is_none_or(|f| f.contains(&MarkupKind::Markdown));
        st.resource_create = caps.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref()).is_some_and(|we| {
            we.document_changes == Some(true)
                && we.resource_operations.as_ref().is_some_and(|r| r.contains(&ResourceOperationKind::Create))
        });
        st.config_pull = caps.workspace.as_ref().and_then(|w| w.configuration).unwrap_or(false);
        st.pull_diagnostics = caps.text_document.as_ref().is_some_and(|t| t.diagnostic.is_some());
        st.diagnostic_refresh = caps
            .workspace
            .as_ref()
            .and_then(|w| w.diagnostics.as_ref())
            .and_then(|d| d.refresh_support)
            .unwrap_or(false);
        #[allow(deprecated)] // `root_uri`: what clients without workspace folders send.
        let folders: Vec<Uri> = match (&params.workspace_folders, &params.root_uri) {
            (Some(f), _) if !f.is_empty() => f.iter().map(|f| f.uri.clone()).collect(),
            (_, Some(root)) => vec![root.clone()],
            _ => Vec::new(),
        };
        st.workspace_roots = folders
            .iter()
            .filter_map(|u| u.to_file_path().map(|p| p.into_owned()))
            .map(|p| std::fs::canonicalize(&p).unwrap_or(p))
            .collect();
        st.resolve_edit = caps
            .text_document
            .as_ref()
            .and_then(|t| t.code_action.as_ref())
            .and_then(|c| c.resolve_support.as_ref())
            .is_some_and(|r| r.properties.iter().any(|p| p == "edit"));
        if let Some(opts) = &params.initialization_options {
            st.client_settings = ClientSettings::from_json(opts);
        }
    }
    let encoding = if utf8 { PositionEncodingKind::UTF8 } else { PositionEncodingKind::UTF16 };
    // Pull for clients that pull, push for the others; never both.
    let pull = lock(&backend.state).pull_diagnostics;
    Ok(InitializeResult {
        server_info: Some(ServerInfo { name: "shipshape".into(), version: Some(env!("CARGO_PKG_VERSION").into()) }),
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding),
            text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            })),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![
                    CodeActionKind::QUICKFIX,
                    CodeActionKind::REFACTOR_REWRITE,
                    CodeActionKind::from(FIX_ALL_KIND),
                ]),
                resolve_provider: Some(true),
                ..Default::default()
            })),
            diagnostic_provider: pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("shipshape".into()),
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    ..Default::default()
                })
            }),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["-".into(), "=".into(), "$".into(), "{".into(), " ".into()]),
                ..Default::default()
            }),
            document_symbol_provider: Some(OneOf::Left(true)),
            document_formatting_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_highlight_provider: Some(OneOf::Left(true)),
            document_range_formatting_provider: Some(OneOf::Left(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
            semantic_tokens_provider: Some(SemanticTokensServerCapabilities::SemanticTokensOptions(
                SemanticTokensOptions {
                    legend: SemanticTokensLegend {
                        token_types: semantic_tokens::TYPES.to_vec(),
                        token_modifiers: semantic_tokens::MODIFIERS.to_vec(),
                    },
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    range: Some(true),
                    ..Default::default()
                },
            )),
            signature_help_provider: Some(SignatureHelpOptions {
                trigger_characters: Some(vec![" ".into(), "=".into()]),
                retrigger_characters: Some(vec![",".into()]),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            inlay_hint_provider: Some(OneOf::Left(true)),
            document_link_provider: Some(DocumentLinkOptions {
                resolve_provider: Some(false),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            }),
            ..Default::default()
        },
        ..Default::default()
    })
}

pub(super) async fn initialized(backend: &Backend, _: InitializedParams) {
    // Watch the files that change analysis results without being open.
    let globs = [
        "**/.dockerignore",
        "**/*.dockerignore",
        "**/.env",
        "**/.shipshape.toml",
        "**/.hadolint.y*ml",
        "**/*compose*.y*ml",
        "**/*Dockerfile*",
        "**/Containerfile",
    ];
    let watchers = globs
        .iter()
        .map(|g| FileSystemWatcher { glob_pattern: GlobPattern::String((*g).to_string()), kind: None })
        .collect();
    let reg = Registration {
        id: "shipshape-watched-files".into(),
        method: "workspace/didChangeWatchedFiles".into(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
    };
    if let Err(e) = backend.client.register_capability(vec![reg]).await {
        tracing::debug!("client did not take the file watcher registration: {e}");
    }
    backend.pull_configuration().await;
}
