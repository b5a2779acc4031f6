//! Folding ranges: Dockerfile stages, instructions over several lines (continuations,
//! heredocs) and comment blocks; Compose mappings, lists and block scalars, and comment
//! blocks.

use super::*;
use shipshape_rules::model::dockerfile::DockerfileModel;
use shipshape_rules::syntax::yaml::{Node, ScalarStyle, Value};
use std::ops::Range;

/// A foldable byte range, and whether it is a comment block.
#[derive(Debug, PartialEq, Eq)]
pub struct Fold {
    pub range: Range<usize>,
    pub comment: bool,
}

pub fn folds(p: &Parsed) -> Vec<Fold> {
    let mut out = Vec::new();
    if let Some(df) = p.dockerfile() {
        let model = DockerfileModel::build(df);
        for s in &model.stages {
            let (Some(first), Some(last)) = (df.instructions.get(s.from), df.instructions.get(s.instructions.end - 1))
            else {
                continue;
            };
            out.push(Fold { range: first.range.start..last.range.end, comment: false });
        }
        for i in &df.instructions {
            out.push(Fold { range: i.range.clone(), comment: false });
        }
        let comments: Vec<Range<usize>> = df.comments.iter().map(|c| c.range.clone()).collect();
        comment_blocks(&p.text, &comments, &mut out);
    } else if let Some(file) = p.compose() {
        let mut block_scalars = Vec::new();
        for doc in &file.yaml.documents {
            yaml_folds(doc, None, &mut out, &mut block_scalars);
        }
        // YAML comments are not in the tree: whole-line `#` comments outside block scalars.
        let mut comments = Vec::new();
        let mut at = 0;
        for line in p.text.split_inclusive('\n') {
            let t = line.trim_start();
            let start = at + (line.len() - t.len());
            if t.starts_with('#') && !block_scalars.iter().any(|r: &Range<usize>| r.contains(&start)) {
                comments.push(start..at + line.trim_end().len());
            }
            at += line.len();
        }
        comment_blocks(&p.text, &comments, &mut out);
    }
    // Only what spans lines can fold.
    out.retain(|f| p.text.get(f.range.clone()).is_some_and(|t| t.trim_end().contains(['\n', '\r'])));
    out.sort_by_key(|f| (f.range.start, std::cmp::Reverse(f.range.end)));
    out.dedup_by(|a, b| a.range == b.range);
    out
}

/// Runs of comments on consecutive lines, each run one fold.
fn comment_blocks(text: &str, comments: &[Range<usize>], out: &mut Vec<Fold>) {
    let mut run: Option<Range<usize>> = None;
    for c in comments {
        match &mut run {
            // Consecutive: only whitespace with one line break between them.
            Some(r)
                if text.get(r.end..c.start).is_some_and(|gap| {
                    gap.trim_matches([' ', '\t']).trim_end_matches('\n').trim_end_matches('\r').is_empty()
                }) =>
            {
                r.end = c.end
            }
            _ => {
                if let Some(r) = run.take() {
                    out.push(Fold { range: r, comment: true });
                }
                run = Some(c.clone());
            }
        }
    }
    if let Some(r) = run {
        out.push(Fold { range: r, comment: true });
    }
}

/// A fold for each mapping value, list item and block scalar over several lines, from the
/// line of its key (`key_start`) when it has one.
fn yaml_folds(node: &Node, key_start: Option<usize>, out: &mut Vec<Fold>, blocks: &mut Vec<Range<usize>>) {
    // Values copied from an anchor are folded where they are written.
    if node.via_alias.is_some() {
        return;
    }
    let start = key_start.unwrap_or(node.range.start);
    match &node.value {
        Value::Map(entries) => {
            out.push(Fold { range: start..node.range.end, comment: false });
            for e in entries.iter().filter(|e| e.merged_from.is_none()) {
                yaml_folds(&e.value, Some(e.key.range.start), out, blocks);
            }
        }
        Value::Seq(items) => {
            out.push(Fold { range: start..node.range.end, comment: false });
            for it in items {
                yaml_folds(it, None, out, blocks);
            }
        }
        Value::Scalar(s) if matches!(s.style, ScalarStyle::Literal | ScalarStyle::Folded) => {
            blocks.push(node.range.clone());
            out.push(Fold { range: start..node.range.end, comment: false });
        }
        _ => {}
    }
}

pub(super) async fn request(backend: &Backend, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
    let Some(View { parsed, rope, enc, .. }) = backend.parsed(&params.text_document.uri) else { return Ok(None) };
    guard("foldingRange", || {
        let ranges: Vec<FoldingRange> = folds(&parsed)
            .into_iter()
            .filter_map(|f| {
                let start = position::position(&rope, enc, f.range.start).line;
                // The line of the last character (a range may end just after a line break).
                let text = parsed.text.get(f.range.clone())?;
                let end = position::position(&rope, enc, f.range.start + text.trim_end().len()).line;
                (end > start).then_some(FoldingRange {
                    start_line: start,
                    end_line: end,
                    kind: Some(if f.comment { FoldingRangeKind::Comment } else { FoldingRangeKind::Region }),
                    ..Default::default()
                })
            })
            .collect();
        Some(ranges)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(kind: FileKind, text: &str) -> Vec<(usize, usize, bool)> {
        let p = Parsed::new(kind, 0, text.to_string());
        let line = |o: usize| text[..o].matches('\n').count();
        folds(&p)
            .iter()
            .map(|f| (line(f.range.start), line(f.range.start + text[f.range.clone()].trim_end().len()), f.comment))
            .collect()
    }

    #[test]
    fn dockerfile_stages_instructions_and_comments() {
        let text =
            "# one\n# two\nFROM a:1 AS b\nRUN x \\\n  && y\n\nFROM c:1\nCOPY --from=b / /\nRUN <<EOF\necho\nEOF\n";
        let f = lines(FileKind::Dockerfile, text);
        assert!(f.contains(&(0, 1, true)), "{f:?}");
        assert!(f.contains(&(2, 4, false)), "stage 1: {f:?}");
        assert!(f.contains(&(3, 4, false)), "continued RUN: {f:?}");
        assert!(f.contains(&(6, 10, false)), "stage 2: {f:?}");
        assert!(f.contains(&(8, 10, false)), "heredoc: {f:?}");
        // A one-line stage or instruction does not fold.
        assert!(lines(FileKind::Dockerfile, "FROM a:1\n").is_empty());
    }

    #[test]
    fn compose_mappings_lists_scalars_and_comments() {
        let text = "# a\n# b\nservices:\n  web:\n    image: x:1\n    command: |\n      run\n      # not a comment\n    ports:\n      - \"80:80\"\n      - \"81:81\"\n";
        let f = lines(FileKind::Compose, text);
        assert!(f.contains(&(0, 1, true)), "{f:?}");
        assert!(f.contains(&(2, 10, false)), "services: {f:?}");
        assert!(f.contains(&(3, 10, false)), "web: {f:?}");
        assert!(f.contains(&(5, 7, false)), "block scalar: {f:?}");
        assert!(f.contains(&(8, 10, false)), "ports: {f:?}");
        assert!(!f.iter().any(|&(s, _, c)| c && s == 7), "a `#` line inside a block scalar is text: {f:?}");
    }
}
