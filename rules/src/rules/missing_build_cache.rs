use super::{Category, ComposeContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::syntax::compose::edit::{after_line, append_to_map, column, own_entries, within};
use crate::syntax::compose::ComposeFile;
use crate::text::LineEnding;

pub struct MissingBuildCache;

static META: RuleMeta = RuleMeta {
    id: "missing-build-cache",
    summary: "A Compose `build:` has neither `cache_from` nor `cache_to`",
    category: Category::BuildCache,
    default_severity: Some(Severity::Info),
    target: Target::Compose,
    fix: FixKind::Manual,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# missing-build-cache

## What it finds
A service's `build:` (after `extends` and override files) with neither `cache_from` nor
`cache_to`. Builds with `no_cache: true` are not reported.

## Why
BuildKit's layer cache lives in the builder that ran the build. A CI runner, a new
laptop or a pruned builder starts from an empty cache and rebuilds every layer —
dependency downloads and compiles included — even when nothing changed. `cache_to`
exports the cache (to a registry, a local folder, GitHub Actions' cache…) and `cache_from`
imports it on the next build, so unchanged layers are reused wherever the build runs.

## Example
```yaml
services:
  backend:
    build:
      context: ./backend
```

## Fix
Export and import the cache. The quick fix writes a local cache folder per service:

```yaml
services:
  backend:
    build:
      context: ./backend
      cache_from:
        - type=local,src=.buildx-cache/backend
      cache_to:
        - type=local,dest=.buildx-cache/backend,mode=max
```

(a short `build: ./backend` becomes the long form with `context:`). It is **manual** —
editors offer it, `shipshape fix` never applies it — because exporting
a cache (`cache_to`) needs a buildx builder with the `docker-container` driver
(`docker buildx create --use`) — the default `docker` driver fails the build — and the
folder should be ignored by git and `.dockerignore`. In CI a registry cache
(`type=registry,ref=registry.example.com/app:buildcache,mode=max`) or `type=gha` is often
the better target; `type=inline` with `cache_from` works with the default driver.

## Silence
`# shipshape ignore=missing-build-cache` on the line above `build:`, or
`ignore = ["missing-build-cache"]` in `.shipshape.toml`.
"#,
};

impl Rule for MissingBuildCache {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_compose(&self, cx: &ComposeContext, out: &mut Findings) {
        let set = cx.services();
        let eol = LineEnding::detect(&cx.file.source).as_str();
        let mut seen = Vec::new();
        for svc in &cx.file.services {
            let Some(build) = &svc.build else { continue };
            if set.judged_in_base(&svc.name.value) {
                continue;
            }
            let merged = set.get(&svc.name.value).and_then(|m| m.build.as_ref()).unwrap_or(build);
            if !merged.cache_from.is_empty()
                || !merged.cache_to.is_empty()
                || merged.no_cache.as_ref().is_some_and(|n| n.value == "true")
            {
                continue;
            }
            if seen.contains(&build.key_range) {
                continue;
            }
            seen.push(build.key_range.clone());
            let d = out.report(
                build.key_range.clone(),
                format!(
                    "`{}` is built without `cache_from`/`cache_to`: the layer cache stays in the builder that ran it, so CI and fresh machines rebuild every layer",
                    svc.name.value
                ),
            );
            if within(&build.key_range, &svc.range) {
                if let Some(fix) = cache_fix(cx.file, &svc.name.value, eol) {
                    d.with_fix(fix);
                }
            }
        }
    }
}

fn cache_fix(file: &ComposeFile, service: &str, eol: &str) -> Option<Fix> {
    if service.is_empty() || !service.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        return None;
    }
    let text = &file.source;
    let entry = file.root()?.get("services")?.entry(service)?;
    let build = own_entries(&entry.value).into_iter().find(|e| e.key.as_str() == Some("build"))?;
    let svc_col = column(text, entry.key.range.start);
    let build_col = column(text, build.key.range.start);
    let unit = build_col.saturating_sub(svc_col).max(1);
    let lines = |ind: usize| {
        let (i, item) = (" ".repeat(ind), " ".repeat(ind + unit));
        format!(
            "{i}cache_from:{eol}{item}- type=local,src=.buildx-cache/{service}{eol}{i}cache_to:{eol}{item}- type=local,dest=.buildx-cache/{service},mode=max{eol}"
        )
    };
    let value = &build.value;
    let edits = if let Some(scalar) = value.as_scalar() {
        // `build: ./dir` → the long form, keeping the context as written.
        let raw = text.get(value.range.clone())?;
        if value.via_alias.is_some() || raw.contains('\n') || scalar.text.is_empty() {
            return None;
        }
        // Replace `: ./dir` so that no trailing space is left after `build:`.
        let between = text.get(build.key.range.end..value.range.start)?;
        if !(between.starts_with(':') && between[1..].bytes().all(|b| b == b' ')) {
            return None;
        }
        let ind = build_col + unit;
        let at = after_line(text, value.range.end);
        let brk = if at == text.len() && !text.ends_with('\n') { eol } else { "" };
        vec![
            Edit::replace(build.key.range.end..value.range.end, format!(":{eol}{}context: {raw}", " ".repeat(ind))),
            Edit::insert(at, format!("{brk}{}", lines(ind))),
        ]
    } else {
        let ins = append_to_map(text, value)?;
        let brk = if ins.needs_break { eol } else { "" };
        vec![Edit::insert(ins.at, format!("{brk}{}", lines(ins.indent)))]
    };
    Some(Fix {
        title: format!(
            "Export and import the build cache in .buildx-cache/{service} (needs a `docker-container` builder: `docker buildx create --use`; the default driver cannot export it)"
        ),
        applicability: Applicability::Manual,
        edits,
    })
}

#[cfg(test)]
mod tests {
    use crate::analysis::{check_compose, Settings};
    use crate::diagnostic::{apply_edits, Applicability};
    use crate::rules::test_util::compose_spans;
    use crate::syntax::compose::parse;

    const RULE: &str = "missing-build-cache";

    fn fixed(text: &str) -> String {
        let d = check_compose(text, &|_| None, &Settings { select: Some(vec![RULE.into()]), ..Default::default() });
        let fix = d[0].fix.clone().expect("a fix");
        assert_eq!(fix.applicability, Applicability::Manual);
        let out = apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
        assert!(parse(&out).errors().is_empty(), "{out}");
        assert!(compose_spans(RULE, &out).len() < d.len(), "{out}");
        out
    }

    #[test]
    fn builds_without_cache_settings() {
        let text = "services:\n  a:\n    build: .\n  b:\n    build:\n      context: .\n      cache_from: [type=registry,ref=x/b:cache]\n  c:\n    build:\n      context: .\n      cache_to: [type=inline]\n  d:\n    image: d:1\n  e:\n    build:\n      context: .\n      no_cache: true\n";
        assert_eq!(compose_spans(RULE, text), ["build"]);
    }

    #[test]
    fn fix_long_form() {
        let text = "services:\n  backend:\n    build:\n      context: .\n      dockerfile: infrastructure/docker/Dockerfile.backend\n    ports: [\"8080:8080\"]\n";
        assert_eq!(
            fixed(text),
            "services:\n  backend:\n    build:\n      context: .\n      dockerfile: infrastructure/docker/Dockerfile.backend\n      cache_from:\n        - type=local,src=.buildx-cache/backend\n      cache_to:\n        - type=local,dest=.buildx-cache/backend,mode=max\n    ports: [\"8080:8080\"]\n"
        );
    }

    #[test]
    fn fix_short_form_keeps_comment_and_crlf() {
        let text = "services:\r\n  web:\r\n    build: ./web  # the UI\r\n    image: web:1";
        assert_eq!(
            fixed(text),
            "services:\r\n  web:\r\n    build:\r\n      context: ./web  # the UI\r\n      cache_from:\r\n        - type=local,src=.buildx-cache/web\r\n      cache_to:\r\n        - type=local,dest=.buildx-cache/web,mode=max\r\n    image: web:1"
        );
    }
}
