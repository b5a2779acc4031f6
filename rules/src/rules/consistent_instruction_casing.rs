use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::dockerfile::{Dockerfile, Instruction, Kind};

pub struct ConsistentInstructionCasing;

static META: RuleMeta = RuleMeta {
    id: "consistent-instruction-casing",
    summary: "Instruction keywords mix upper and lower case",
    category: Category::Hygiene,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Safe,
    hadolint: &[],
    buildkit: &["ConsistentInstructionCasing", "FromAsCasing"],
    docs: r#"# consistent-instruction-casing

## What it finds
Instruction keywords written in a case other than the file's majority (all upper case
unless most keywords are lower case), keywords that mix cases within themselves
(`From`, `Run`), and an `AS` in `FROM image AS name` whose case differs from its `FROM`
(`FROM node:20 as build`). Keywords after `ONBUILD` count too.

## Why
Dockerfile keywords are case-insensitive, so the build is the same either way; this is
about reading: a file that mixes
`RUN` and `run` is harder to scan, suggests copy-pasted fragments, and makes searches
and reviews noisier. BuildKit warns about it on every build.

## Example
```dockerfile
FROM golang:1.23 as build
Run go build -o /app .
```

## Fix
Write every keyword in the same case, conventionally upper case:
```dockerfile
FROM golang:1.23 AS build
RUN go build -o /app .
```
The quick fix rewrites each reported keyword (and the `AS` of a `FROM` it rewrites) in
the majority case.

## Silence
`# shipshape ignore=consistent-instruction-casing` on the line above, or
`ignore = ["consistent-instruction-casing"]` in `.shipshape.toml`. BuildKit's
`# check=skip=ConsistentInstructionCasing` and `FromAsCasing` are honoured.
"#,
};

fn is_lower(s: &str) -> bool {
    !s.chars().any(|c| c.is_ascii_uppercase())
}

fn is_upper(s: &str) -> bool {
    !s.chars().any(|c| c.is_ascii_lowercase())
}

/// The `AS` word of `FROM image AS name`.
fn as_keyword(inst: &Instruction) -> Option<&crate::syntax::dockerfile::Word> {
    (inst.kind == Kind::From && inst.args.len() == 3 && inst.args[1].text.eq_ignore_ascii_case("as"))
        .then(|| &inst.args[1])
}

/// Every instruction keyword, `ONBUILD` triggers included.
fn keywords(df: &Dockerfile) -> Vec<&Instruction> {
    df.instructions
        .iter()
        .flat_map(|i| std::iter::once(i).chain(i.onbuild.as_deref()))
        .filter(|i| i.kind != Kind::Unknown)
        .collect()
}

/// BuildKit's rule: count the self-consistent keywords; upper case wins ties.
fn majority_lower(keywords: &[&Instruction]) -> bool {
    let lower = keywords.iter().filter(|i| is_lower(&i.keyword)).count();
    let upper = keywords.iter().filter(|i| is_upper(&i.keyword) && !is_lower(&i.keyword)).count();
    lower > upper
}

/// `keyword` (upper case) in the file's majority case, so that fixes which write a
/// keyword agree with this rule.
pub(super) fn in_file_case(df: &Dockerfile, keyword: &str) -> String {
    if majority_lower(&keywords(df)) {
        keyword.to_ascii_lowercase()
    } else {
        keyword.to_ascii_uppercase()
    }
}

impl Rule for ConsistentInstructionCasing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let keywords = keywords(cx.file);
        let majority_lower = majority_lower(&keywords);
        let (case, other) = if majority_lower { ("lower case", "upper case") } else { ("upper case", "lower case") };
        let in_case = |s: &str| if majority_lower { s.to_ascii_lowercase() } else { s.to_ascii_uppercase() };

        for inst in keywords {
            let target = in_case(&inst.keyword);
            let as_word = as_keyword(inst);
            if inst.keyword != target {
                let message = if is_lower(&inst.keyword) || is_upper(&inst.keyword) {
                    format!("`{}` is in {other} while most instructions are in {case}: write `{target}`", inst.keyword)
                } else {
                    format!("`{}` mixes upper and lower case: write `{target}`, like most instructions", inst.keyword)
                };
                let mut edits = vec![Edit::replace(inst.keyword_range.clone(), target.clone())];
                // Keep `AS` in step with the rewritten `FROM`, so one pass leaves nothing behind.
                if let Some(w) = as_word.filter(|w| w.text != in_case(&w.text)) {
                    edits.push(Edit::replace(w.range.clone(), in_case(&w.text)));
                }
                out.report(inst.keyword_range.clone(), message).with_fix(Fix {
                    title: format!("Write `{target}`"),
                    applicability: Applicability::Safe,
                    edits,
                });
            } else if let Some(w) = as_word.filter(|w| w.text != in_case(&w.text)) {
                let fixed_as = in_case(&w.text);
                out.report(
                    w.range.clone(),
                    format!("`{}` does not match the case of `{}`: write `{fixed_as}`", w.text, inst.keyword),
                )
                .with_fix(Fix {
                    title: format!("Write `{fixed_as}`"),
                    applicability: Applicability::Safe,
                    edits: vec![Edit::replace(w.range.clone(), fixed_as)],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::apply_edits;
    use crate::rules::test_util::{diagnostics, findings, spans};
    use crate::syntax::dockerfile::parse;

    const ID: &str = "consistent-instruction-casing";

    fn fix_all(text: &str) -> String {
        let d = diagnostics(ID, text);
        let edits: Vec<_> = d.iter().flat_map(|d| d.fix.as_ref().unwrap().edits.iter()).collect();
        let t = apply_edits(text, &edits);
        assert!(parse(&t).errors.is_empty(), "{t}");
        assert!(spans(ID, &t).is_empty(), "{t}");
        t
    }

    #[test]
    fn majority_wins() {
        let text = "FROM a\nrun x\nRUN y\nCOPY . .\n";
        assert_eq!(spans(ID, text), ["run"]);
        assert_eq!(fix_all(text), "FROM a\nRUN x\nRUN y\nCOPY . .\n");
        let text = "from a\nrun x\nCOPY . .\n";
        assert_eq!(spans(ID, text), ["COPY"]);
        assert_eq!(fix_all(text), "from a\nrun x\ncopy . .\n");
        // A tie goes to upper case.
        assert_eq!(spans(ID, "from a\nRUN x\n"), ["from"]);
    }

    #[test]
    fn mixed_case_keywords_always() {
        let f = findings(ID, "From a\nRUN x\n");
        assert_eq!(f[0].0, "From");
        assert!(f[0].1.contains("mixes upper and lower case"));
        assert_eq!(fix_all("From a\nEntRYpOiNT [\"x\"]\n"), "FROM a\nENTRYPOINT [\"x\"]\n");
    }

    #[test]
    fn from_as_casing() {
        let text = "FROM debian:12 as build\nRUN x\n";
        assert_eq!(spans(ID, text), ["as"]);
        assert_eq!(fix_all(text), "FROM debian:12 AS build\nRUN x\n");
        assert!(spans(ID, "from a as b\nrun x\n").is_empty());
        assert!(spans(ID, "FROM a AS b\n").is_empty());
        // The FROM fix carries its AS along.
        assert_eq!(fix_all("From a as b\nRUN x\n"), "FROM a AS b\nRUN x\n");
        assert_eq!(fix_all("from a as b\nRUN x\nCOPY a b\n"), "FROM a AS b\nRUN x\nCOPY a b\n");
    }

    #[test]
    fn onbuild_inner_keywords() {
        let text = "FROM a\nONBUILD run x\n";
        assert_eq!(spans(ID, text), ["run"]);
        assert_eq!(fix_all(text), "FROM a\nONBUILD RUN x\n");
    }

    #[test]
    fn clean_files() {
        let text = "# syntax=docker/dockerfile:1\nARG NODE=20\nFROM node:${NODE}-slim AS build\nWORKDIR /app\n\
                    COPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build\n\
                    FROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\nEXPOSE 80\n\
                    HEALTHCHECK CMD wget -q -O- http://localhost/ || exit 1\n";
        assert!(spans(ID, text).is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
