//! Signature help: the syntax of the Dockerfile instruction being written, with the flag
//! or argument under the cursor highlighted and its documentation.

use super::*;
use shipshape_rules::syntax::dockerfile::Dockerfile;

use super::reference;

/// An instruction's signature: its label, the byte ranges of its parameters in the label,
/// which one is active, and the docs of the instruction and of the active flag.
#[derive(Debug)]
pub struct Signature {
    pub label: String,
    pub params: Vec<std::ops::Range<usize>>,
    pub active: Option<usize>,
    pub docs: String,
    pub param_docs: Vec<Option<String>>,
}

/// The syntax part of an instruction's reference text: `**COPY** \`…\` — …`.
fn syntax_of(doc: &str) -> Option<&str> {
    let start = doc.find('`')? + 1;
    let len = doc[start..].find('`')?;
    Some(&doc[start..start + len])
}

/// Top-level parts of a syntax line: `[--from=<stage>]`, `<src>…`, `[AS <name>]`.
fn parts(syntax: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = None;
    for (i, c) in syntax.char_indices() {
        match c {
            '[' | '<' => depth += 1,
            ']' | '>' => depth -= 1,
            _ => {}
        }
        if c == ' ' && depth == 0 {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(s..syntax.len());
    }
    out
}

pub fn signature(df: &Dockerfile, offset: usize) -> Option<Signature> {
    let inst = df.instructions.iter().find(|i| i.range.start <= offset && offset <= i.range.end)?;
    let inst = match &inst.onbuild {
        Some(inner) if offset > inner.keyword_range.end => inner.as_ref(),
        _ => inst,
    };
    // On the keyword itself, completion is what helps.
    if offset <= inst.keyword_range.end {
        return None;
    }
    let name = inst.kind.name();
    let doc = reference::instruction(name)?;
    let syntax = syntax_of(doc)?;
    let label = format!("{name} {syntax}");
    let shift = name.len() + 1;
    let params: Vec<std::ops::Range<usize>> =
        parts(syntax).into_iter().map(|r| r.start + shift..r.end + shift).collect();
    let text = |r: &std::ops::Range<usize>| &label[r.clone()];
    let is_flag = |r: &std::ops::Range<usize>| text(r).starts_with("[--");
    // A flag under the cursor (or being typed): its parameter.
    let flag = inst.flags.iter().find(|f| f.range.start <= offset && offset <= f.range.end);
    let active = match flag {
        Some(f) => params.iter().position(|r| text(r).starts_with(&format!("[--{}", f.name))),
        None => {
            // Words map onto the positional parameters in order: `[AS <name>]` takes two, a
            // variadic one (`<src>…`) all but those the parameters after it need.
            let positional: Vec<usize> = (0..params.len()).filter(|&i| !is_flag(&params[i])).collect();
            let width = |i: usize| if text(&params[i]).starts_with("[AS") { 2 } else { 1 };
            let cursor = inst.args.iter().filter(|w| w.range.end < offset).count();
            let inside = inst.args.iter().any(|w| w.range.start <= offset && offset <= w.range.end);
            let total = inst.args.len() + usize::from(!inside);
            let mut at = 0;
            let mut found = positional.last().copied();
            for (k, &i) in positional.iter().enumerate() {
                let w = if text(&params[i]).ends_with('…') {
                    let after: usize = positional[k + 1..].iter().map(|&j| width(j)).sum();
                    total.saturating_sub(at + after).max(1)
                } else {
                    width(i)
                };
                if cursor < at + w {
                    found = Some(i);
                    break;
                }
                at += w;
            }
            found
        }
    };
    let param_docs = params
        .iter()
        .map(|r| {
            let t = text(r);
            let flag = t.strip_prefix("[--")?.split(['=', ']']).next()?;
            reference::flag(name, flag).map(str::to_string)
        })
        .collect();
    Some(Signature { label, params, active, docs: doc.to_string(), param_docs })
}

pub(super) async fn request(backend: &Backend, params: SignatureHelpParams) -> Result<Option<SignatureHelp>> {
    let uri = params.text_document_position_params.text_document.uri;
    let Some(View { parsed, rope, enc, .. }) = backend.parsed(&uri) else { return Ok(None) };
    let markdown = lock(&backend.state).markdown;
    let offset = offset_of(&rope, enc, params.text_document_position_params.position)?;
    guard("signatureHelp", || {
        let sig = signature(parsed.dockerfile()?, offset)?;
        // Parameter offsets in the label are UTF-16 code units, whatever the encoding.
        let u16 = |i: usize| sig.label[..i].encode_utf16().count() as u32;
        let parameters = sig
            .params
            .iter()
            .zip(&sig.param_docs)
            .map(|(r, d)| ParameterInformation {
                label: ParameterLabel::LabelOffsets([u16(r.start), u16(r.end)]),
                documentation: d.clone().map(|d| Documentation::MarkupContent(markup(markdown, d))),
            })
            .collect();
        Some(SignatureHelp {
            signatures: vec![SignatureInformation {
                label: sig.label.clone(),
                documentation: Some(Documentation::MarkupContent(markup(markdown, sig.docs.clone()))),
                parameters: Some(parameters),
                active_parameter: sig.active.map(|a| a as u32),
            }],
            active_signature: Some(0),
            active_parameter: sig.active.map(|a| a as u32),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shipshape_rules::syntax::dockerfile::parse;

    fn active(text: &str) -> Option<String> {
        let at = text.find('|').unwrap();
        let text = text.replace('|', "");
        let df = parse(&text);
        let s = signature(&df, at)?;
        s.active.map(|a| s.label[s.params[a].clone()].to_string())
    }

    #[test]
    fn the_active_part_follows_the_cursor() {
        assert_eq!(active("COPY --from=b| /a /b\n").as_deref(), Some("[--from=<stage|image>]"));
        assert_eq!(active("COPY |\n").as_deref(), Some("<src>…"));
        assert_eq!(active("COPY a |\n").as_deref(), Some("<dest>"));
        assert_eq!(active("COPY | /b\n").as_deref(), Some("<src>…"));
        assert_eq!(active("FROM |\n").as_deref(), Some("<image>"));
        assert_eq!(active("FROM node:20 |\n").as_deref(), Some("[AS <name>]"));
        assert_eq!(active("RUN --mount=type=cache,target=/x| make\n").as_deref(), Some("[--mount=…]"));
        assert_eq!(active("WORKDIR |\n").as_deref(), Some("<path>"));
        // On the keyword: none (completion helps there).
        assert!(active("CO|PY a b\n").is_none());
    }

    #[test]
    fn flag_docs_come_with_the_parameters() {
        let df = parse("HEALTHCHECK --interval=5s CMD true\n");
        let s = signature(&df, 14).unwrap();
        let i = s.params.iter().position(|r| s.label[r.clone()].starts_with("[--interval")).unwrap();
        assert!(s.param_docs[i].as_deref().unwrap().contains("between checks"));
    }
}
