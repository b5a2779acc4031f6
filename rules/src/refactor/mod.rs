//! Refactorings: whole-file rewrites offered as code actions (and, where a rule carries
//! them, as unsafe fixes). Pure like the rules: they read the parsed file, its model and,
//! through [`crate::fs::FileSystem`], manifests next to the build context.

pub mod multistage;

pub use multistage::{convert_to_multistage, TITLE as CONVERT_TO_MULTISTAGE};

use std::path::Path;

use crate::diagnostic::Fix;
use crate::model::dockerfile::DockerfileModel;
use crate::model::project::ProjectView;
use crate::rules::DockerfileContext;
use crate::syntax::dockerfile;

/// [`convert_to_multistage`] from text, for faces that hold no parsed file (the editor's
/// refactor action on a `FROM` line).
pub fn convert_text_to_multistage(path: Option<&Path>, text: &str, project: Option<&ProjectView>) -> Option<Fix> {
    let file = dockerfile::parse(text);
    let model = DockerfileModel::build(&file);
    let options = Default::default();
    convert_to_multistage(&DockerfileContext { path, file: &file, model: &model, project, options: &options })
}

/// Does `range` touch a `FROM` instruction of `text`?
pub fn touches_from(text: &str, range: std::ops::Range<usize>) -> bool {
    dockerfile::parse(text)
        .instructions
        .iter()
        .any(|i| i.kind == dockerfile::Kind::From && i.range.start <= range.end && range.start <= i.range.end)
}
