//! One parse per document version, shared by every request.
//!
//! Hover, completion, symbols, folding, semantic tokens, inlay hints… all read the same
//! `Parsed` of the current version: the analysis task stores it as soon as it has parsed
//! (before the rules run), and a request that arrives first parses once and stores it for
//! the others. A keystroke therefore costs one parse for all the requests that follow it.

use super::*;
use shipshape_rules::syntax::compose::ComposeFile;
use shipshape_rules::syntax::dockerfile::{self, Dockerfile};

/// A document's text at one version and its syntax tree.
pub struct Parsed {
    pub version: i32,
    pub text: String,
    dockerfile: Option<Dockerfile>,
    compose: Option<Arc<ComposeFile>>,
}

impl Parsed {
    pub fn new(kind: FileKind, version: i32, text: String) -> Parsed {
        match kind {
            FileKind::Dockerfile => {
                let df = dockerfile::parse(&text);
                Parsed { version, text, dockerfile: Some(df), compose: None }
            }
            FileKind::Compose => {
                let file = Arc::new(compose::parse(&text));
                Parsed { version, text, dockerfile: None, compose: Some(file) }
            }
        }
    }

    /// A Compose parse made elsewhere (the scheduler's incremental re-parse).
    pub fn of_compose(version: i32, text: String, file: Arc<ComposeFile>) -> Parsed {
        Parsed { version, text, dockerfile: None, compose: Some(file) }
    }

    pub fn dockerfile(&self) -> Option<&Dockerfile> {
        self.dockerfile.as_ref()
    }

    pub fn compose(&self) -> Option<&ComposeFile> {
        self.compose.as_deref()
    }
}

/// What a request reads: the parse of the current version, with the rope it came from
/// (for position conversion) and the session's encoding.
pub struct View {
    pub parsed: Arc<Parsed>,
    pub rope: Rope,
    pub kind: FileKind,
    pub enc: Encoding,
    pub path: Option<PathBuf>,
}

impl Backend {
    /// The current version of `uri`, parsed (once per version).
    pub(super) fn parsed(&self, uri: &Uri) -> Option<View> {
        let (rope, kind, enc, path, version, cached) = {
            let st = lock(&self.state);
            let d = st.docs.get(uri)?;
            let cached = d.parsed.clone().filter(|p| p.version == d.version);
            (d.rope.clone(), d.kind, st.encoding, d.path.clone(), d.version, cached)
        };
        if let Some(parsed) = cached {
            return Some(View { parsed, rope, kind, enc, path });
        }
        let parsed = Arc::new(Parsed::new(kind, version, rope.to_string()));
        store(&self.state, uri, &parsed);
        Some(View { parsed, rope, kind, enc, path })
    }
}

/// Keeps `parsed` as the document's parse when it is of the current version.
pub(super) fn store(state: &Mutex<State>, uri: &Uri, parsed: &Arc<Parsed>) {
    let mut st = lock(state);
    if let Some(d) = st.docs.get_mut(uri) {
        if d.version == parsed.version && d.parsed.as_ref().is_none_or(|p| p.version != parsed.version) {
            d.parsed = Some(parsed.clone());
        }
    }
}
