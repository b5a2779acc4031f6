//! `shipshape lsp`: the language server (LSP 3.17 over stdio, or TCP with `--port`).
//!
//! This file is the list of the server's features: the `LanguageServer` impl below hands
//! each request to the module of its feature.
//!
//! - `transport`: JSON-RPC framing checked before the library sees it.
//! - `capabilities`: initialize (what the client can do, what the server offers).
//! - `sync`: open/change/close, configuration and watched files → `scheduler`.
//! - `scheduler`: analyses on blocking threads, coalesced, never for an old version;
//!   pushes diagnostics or keeps them for `diagnostics` (pull).
//! - `formatting`: document and range formatting (the core's formatter).
//! - `rename`: prepareRename, rename (stages with Compose `build.target`, variables,
//!   services) and document highlight.
//! - `hover`, `actions` (quick fixes, ignore comments, fix-all, conversion, pins),
//!   `navigate` (completion, symbols, definition, references, links).
//! - `folding`, `semantic_tokens`, `signature_help`, `inlay_hints` (variable values at
//!   their uses, Compose `build.args` and `${VAR}` resolved).
//! - `parsed`: one parse per document version, shared by every request.
//! - `state` (documents, settings, shared caches), `position` and `convert` (the edge
//!   between byte ranges and LSP positions), `pinning` (registry-backed actions).
//!
//! Document state changes synchronously at the start of each notification (before any
//! `.await`), because the transport runs up to four handlers concurrently.

mod actions;
mod capabilities;
mod compose_keys;
mod convert;
mod diagnostics;
mod folding;
mod formatting;
mod hover;
mod inlay_hints;
mod navigate;
mod parsed;
mod pinning;
mod position;
mod reference;
mod rename;
mod scheduler;
mod semantic_tokens;
mod signature_help;
mod state;
mod sync;
mod transport;

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use ropey::Rope;
use shipshape_rules::analysis::fix::allowed;
use shipshape_rules::diagnostic::Diagnostic;
use shipshape_rules::fs::FileSystem;
use shipshape_rules::model::project::{normalize, ProjectView};
use shipshape_rules::model::script::ShellScript;
use shipshape_rules::refactor;
use shipshape_rules::syntax::yaml::{InputEdit, Point, Tree};
use shipshape_rules::syntax::{compose, dotenv};
use shipshape_rules::{check_in_project, fix_in_project, FileKind, Settings};
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer, LspService};

use crate::osfs::OsFs;
use crate::registry::Registry;
use parsed::{Parsed, View};
use position::Encoding;
use scheduler::{mark_with_dependents, Snapshot};
use shipshape_rules::model::pinning::{self as pinning_core, PinTarget};
use state::{kind_of, ClientSettings, Document, Inputs, Shared, State};

const FIX_ALL_KIND: &str = "source.fixAll.shipshape";
/// The finding whose fix is the multi-stage conversion (offered as `refactor.rewrite`).
const MULTISTAGE_RULE: &str = "single-stage-build";

pub struct Backend {
    client: Client,
    state: Arc<Mutex<State>>,
}

fn lock(m: &Mutex<State>) -> MutexGuard<'_, State> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `f`, turning a panic into an internal-error response (the server keeps running).
fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Result<T> {
    std::panic::catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        tracing::error!("internal error while handling {what}");
        Error::internal_error()
    })
}

/// The byte offset of a request's position; an error response when it is outside the text.
fn offset_of(rope: &Rope, enc: Encoding, pos: Position) -> Result<usize> {
    position::offset(rope, enc, pos).ok_or_else(|| Error::invalid_params("position is outside the document"))
}

fn markup(markdown: bool, text: String) -> MarkupContent {
    MarkupContent { kind: if markdown { MarkupKind::Markdown } else { MarkupKind::PlainText }, value: text }
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        capabilities::initialize(self, params).await
    }

    async fn initialized(&self, params: InitializedParams) {
        capabilities::initialized(self, params).await
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        sync::did_open(self, params).await
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        sync::did_change(self, params).await
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        sync::did_save(self, params).await
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        sync::did_close(self, params).await
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        sync::did_change_configuration(self, params).await
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        sync::did_change_watched_files(self, params).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        hover::request(self, params).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        actions::code_action(self, params).await
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        actions::code_action_resolve(self, action).await
    }

    /// Answers from the analysis of the current version: waits for it when it is still
    /// running (every open or edit starts one), never analyses again.
    async fn diagnostic(&self, params: DocumentDiagnosticParams) -> Result<DocumentDiagnosticReportResult> {
        diagnostics::diagnostic(self, params).await
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        navigate::completion(self, params).await
    }

    async fn document_symbol(&self, params: DocumentSymbolParams) -> Result<Option<DocumentSymbolResponse>> {
        navigate::document_symbol(self, params).await
    }

    async fn goto_definition(&self, params: GotoDefinitionParams) -> Result<Option<GotoDefinitionResponse>> {
        navigate::goto_definition(self, params).await
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        navigate::references(self, params).await
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        navigate::document_link(self, params).await
    }

    async fn prepare_rename(&self, params: TextDocumentPositionParams) -> Result<Option<PrepareRenameResponse>> {
        rename::prepare_rename(self, params).await
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        rename::rename(self, params).await
    }

    async fn document_highlight(&self, params: DocumentHighlightParams) -> Result<Option<Vec<DocumentHighlight>>> {
        rename::document_highlight(self, params).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        folding::request(self, params).await
    }

    async fn semantic_tokens_full(&self, params: SemanticTokensParams) -> Result<Option<SemanticTokensResult>> {
        semantic_tokens::full(self, params).await
    }

    async fn semantic_tokens_range(
        &self,
        params: SemanticTokensRangeParams,
    ) -> Result<Option<SemanticTokensRangeResult>> {
        semantic_tokens::range(self, params).await
    }

    async fn signature_help(&self, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
        signature_help::request(self, params).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        inlay_hints::request(self, params).await
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        formatting::formatting(self, params).await
    }

    async fn range_formatting(&self, params: DocumentRangeFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        formatting::range_formatting(self, params).await
    }
}

/// Serves LSP on stdio, or on `127.0.0.1:<port>` (one client) when a port is given.
pub fn run(port: Option<u16>) -> std::process::ExitCode {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHIPSHAPE_LOG").unwrap_or_else(|_| "warn".into());
    let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_ansi(false).with_env_filter(filter).try_init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("shipshape: error: cannot start the runtime: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    let result: std::io::Result<()> = runtime.block_on(async {
        let (service, socket) = LspService::new(Backend::new);
        match port {
            None => transport::serve(tokio::io::stdin(), tokio::io::stdout(), socket, service).await,
            Some(port) => {
                let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
                let (stream, _) = listener.accept().await?;
                let (read, write) = tokio::io::split(stream);
                transport::serve(read, write, socket, service).await;
            }
        }
        Ok(())
    });
    // Don't wait for blocking analysis threads on exit.
    runtime.shutdown_background();
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("shipshape: error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
