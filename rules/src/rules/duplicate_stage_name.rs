use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;

pub struct DuplicateStageName;

static META: RuleMeta = RuleMeta {
    id: "duplicate-stage-name",
    summary: "Two stages have the same name",
    category: Category::Stages,
    default_severity: Some(Severity::Error),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3024"],
    buildkit: &["DuplicateStageName"],
    docs: r#"# duplicate-stage-name

## What it finds
A `FROM … AS name` whose name (compared case-insensitively, as BuildKit does) was already
given to an earlier stage.

## Why
BuildKit rejects the file (`duplicate stage name`), and with older builders `--from=name` and
`--target name` silently picked one of the two — usually not the one you were editing.

## Example
```dockerfile
FROM node:20 AS build
RUN npm ci
# same name again
FROM node:20 AS build
```

## Fix
Rename one of the stages (and the `--from=`/`FROM` references that mean it).

## Silence
`# shipshape ignore=duplicate-stage-name` on the line above; hadolint's `DL3024` and
BuildKit's `# check=skip=DuplicateStageName` are honoured.
"#,
};

impl Rule for DuplicateStageName {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        // First stage of each (case-insensitive) name.
        let mut first_of: std::collections::HashMap<String, &crate::model::dockerfile::Stage> = Default::default();
        for s in &cx.model.stages {
            let (Some(name), Some(range)) = (&s.name, &s.name_range) else { continue };
            let first = match first_of.entry(name.to_lowercase()) {
                std::collections::hash_map::Entry::Occupied(e) => Some(*e.get()),
                std::collections::hash_map::Entry::Vacant(v) => {
                    v.insert(s);
                    None
                }
            };
            if let Some(first) = first {
                let d = out.report(range.clone(), format!("stage name `{name}` is already used by an earlier stage"));
                if let Some(r) = &first.name_range {
                    d.with_related(r.clone(), format!("`{name}` is first defined here"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{diagnostics, spans};

    #[test]
    fn reports_the_second_with_the_first_as_related() {
        let text = "FROM a:1 AS build\nFROM b:1 AS Build\nFROM c:1 AS other\n";
        assert_eq!(spans("duplicate-stage-name", text), ["Build"]);
        let d = &diagnostics("duplicate-stage-name", text)[0];
        assert_eq!(&text[d.related[0].range.clone()], "build");
        assert!(spans("duplicate-stage-name", "FROM a:1 AS x\nFROM x AS y\n").is_empty());
    }
}
