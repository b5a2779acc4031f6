use std::path::PathBuf;

use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::{Applicability, Edit, Fix, Severity};
use crate::model::shell::ShellCommand;
use crate::model::stage::walk;
use crate::model::toolchain::node_build;
use crate::syntax::dockerfile::Kind;

pub struct DevDependenciesInImage;

static META: RuleMeta = RuleMeta {
    id: "dev-dependencies-in-image",
    summary: "The image installs the Node.js project's devDependencies, which it does not run",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::Unsafe,
    hadolint: &[],
    buildkit: &[],
    docs: r#"# dev-dependencies-in-image

## What it finds
`npm ci`, `npm install`, `yarn install` or `pnpm install` in the image's own stages that
installs the project's `devDependencies` too: no `--omit=dev` (`--production`, `--prod`),
and `NODE_ENV` is not `production` at that point. Not reported when:
- a later step of the stage prunes them (`npm prune --omit=dev`, `pnpm prune --prod`) or
  reinstalls for production;
- the stage builds the project (`npm run build`): the build needs them, and
  `single-stage-build` reports the image and converts it;
- the container runs a development server (`npm run dev`, `nodemon`, `vite`, `next dev`),
  or the image is a stage named for development or tests (`AS dev`, `AS test`, `AS console`);
- the context's `package.json` is readable and has no `devDependencies`.
When `package.json` cannot be read, the finding is info: the project may have none.

## Why
Test runners, linters, bundlers and type definitions often weigh more than the
application's own dependencies. In the image they add hundreds of megabytes to every pull,
and every one of their vulnerabilities is reported against production.

## Example
```dockerfile
FROM node:22-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
CMD ["node", "server.js"]
```

## Fix
Install for production: `RUN npm ci --omit=dev` (yarn 1: `yarn install --production`,
pnpm: `pnpm install --prod`), or set `ENV NODE_ENV=production` before the install. When
the image must build first, build in a separate stage and copy the output into a stage
that installs for production. The quick fix adds the flag; it is unsafe because a package
the application needs at run time may sit in `devDependencies` by mistake.

## Silence
`# shipshape ignore=dev-dependencies-in-image` on the line above, or
`ignore = ["dev-dependencies-in-image"]` in `.shipshape.toml`.
"#,
};

/// Is this command a full install of the project's dependencies (no package names)?
fn full_install(c: &ShellCommand) -> Option<&'static str> {
    let prog = c.program()?;
    let operands: Vec<&str> = c.operands().map(|w| w.text.as_str()).collect();
    match (prog, operands.as_slice()) {
        ("npm", ["ci"] | ["install"] | ["i"] | ["clean-install"]) => Some("npm"),
        ("yarn", [] | ["install"]) => Some("yarn"),
        ("pnpm", ["install"] | ["i"]) => Some("pnpm"),
        _ => None,
    }
}

fn production_flag(c: &ShellCommand) -> bool {
    c.words.iter().skip(1).any(|w| {
        let t = w.text.as_str();
        matches!(t, "--production" | "--prod" | "-P" | "--only=prod" | "--only=production" | "--omit=dev")
            || t.strip_prefix("--production=").is_some_and(|v| v != "false")
    }) || c.words.windows(2).any(|p| p[0].text == "--omit" && p[1].text == "dev")
}

fn production_env(get: &dyn Fn(&str) -> Option<String>) -> bool {
    get("NODE_ENV").is_some_and(|v| v == "production")
        || get("NPM_CONFIG_PRODUCTION").is_some_and(|v| v == "true")
        || get("npm_config_production").is_some_and(|v| v == "true")
        || get("NPM_CONFIG_OMIT").is_some_and(|v| v.contains("dev"))
        || get("npm_config_omit").is_some_and(|v| v.contains("dev"))
        || get("YARN_PRODUCTION").is_some_and(|v| v == "true")
}

/// Does a later command drop the dev dependencies again?
fn prunes(c: &ShellCommand) -> bool {
    let prog = c.program().unwrap_or("");
    let sub = c.subcommand().unwrap_or("");
    (matches!(prog, "npm" | "pnpm") && sub == "prune")
        || (full_install(c).is_some() && production_flag(c))
        || (prog == "rm" && c.operands().any(|w| w.text.trim_end_matches('/').ends_with("node_modules")))
}

/// Does the container run a development server?
fn runs_dev_server(words: &[String]) -> bool {
    let w: Vec<&str> = words.iter().map(String::as_str).collect();
    w.iter().any(|x| matches!(*x, "nodemon" | "ts-node-dev" | "vite" | "webpack-dev-server"))
        || w.windows(2).any(|p| matches!(p, ["run", "dev" | "start:dev" | "serve"] | ["next" | "nuxt", "dev"]))
        || w.first().is_some_and(|p| matches!(*p, "yarn" | "pnpm")) && w.get(1) == Some(&"dev")
}

/// Whether the context's package.json lists devDependencies (`None`: unknown).
fn has_dev_dependencies(cx: &DockerfileContext) -> Option<bool> {
    let view = cx.project?;
    let dirs: Vec<PathBuf> = match cx.builds().as_slice() {
        [] => vec![cx.path?.parent()?.to_path_buf()],
        builds => builds.iter().map(|b| b.context_dir.clone()).collect(),
    };
    let mut any = None;
    for d in dirs {
        let Ok(text) = view.fs.read_to_string(&d.join("package.json")) else { continue };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else { continue };
        let dev = json.get("devDependencies").and_then(|v| v.as_object()).is_some_and(|m| !m.is_empty());
        any = Some(any.unwrap_or(false) || dev);
    }
    any
}

impl Rule for DevDependenciesInImage {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        let layered = cx.layered_stages();
        // What the container runs: the last CMD/ENTRYPOINT of the built stages' chains.
        let mut run_words: Vec<String> = Vec::new();
        for s in cx.built_stages() {
            for a in cx.model.ancestry(s) {
                for inst in &df.instructions[cx.model.stages[a].instructions.clone()] {
                    if matches!(inst.kind, Kind::Cmd | Kind::Entrypoint) {
                        for c in cx.model.commands(df, inst).iter() {
                            run_words.extend(c.words.iter().map(|w| w.text.clone()));
                        }
                    }
                }
            }
        }
        if runs_dev_server(&run_words) {
            return;
        }
        // A stage built for development or tests (`AS dev`, `AS test`, `AS console`) wants them.
        let dev_stage = |n: &str| {
            n.to_ascii_lowercase().split(['-', '_', '.']).any(|w| {
                matches!(w, "dev" | "development" | "test" | "tests" | "testing" | "debug" | "console" | "ci" | "local")
            })
        };
        if cx.built_stages().iter().any(|&s| cx.model.stages[s].name.as_deref().is_some_and(dev_stage)) {
            return;
        }
        let dev = has_dev_dependencies(cx);
        if dev == Some(false) {
            return;
        }
        // Per stage: the commands of its RUNs in order, with the stage's state at each.
        // (instruction, position among all commands, command, shell form)
        let mut found: Vec<(usize, usize, ShellCommand, bool)> = Vec::new();
        let mut later: Vec<(usize, usize, ShellCommand)> = Vec::new();
        walk(df, cx.model, |i, inst, state| {
            let Some(s) = cx.model.stage_of(i) else { return };
            if inst.kind != Kind::Run || !layered[s] {
                return;
            }
            let get = |n: &str| state.get(n).map(str::to_string);
            for c in cx.model.run_commands(df, inst).iter() {
                let inline = |n: &str| {
                    c.assignments.iter().find_map(|a| a.text.strip_prefix(&format!("{n}=")).map(str::to_string))
                };
                let env = |n: &str| inline(n).or_else(|| get(n));
                let seq = later.len();
                if full_install(c).is_some() && !production_flag(c) && !production_env(&env) {
                    found.push((i, seq, c.clone(), inst.exec.is_none()));
                }
                later.push((s, seq, c.clone()));
            }
        });
        for (i, seq, c, shell) in found {
            let s = cx.model.stage_of(i);
            // Later steps of the same stage (or a stage built on it) that prune or build.
            let after: Vec<&ShellCommand> = later
                .iter()
                .filter(|(ls, lseq, _)| *lseq > seq && s.is_some_and(|s| cx.model.ancestry(*ls).contains(&s)))
                .map(|(_, _, c)| c)
                .collect();
            if after.iter().any(|c| prunes(c)) || after.iter().any(|c| node_build(c)) {
                continue;
            }
            let tool = full_install(&c).unwrap_or("npm");
            let flag = match tool {
                "npm" => "--omit=dev",
                "yarn" => "--production",
                _ => "--prod",
            };
            let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).collect();
            let d = out.report(
                c.range.clone(),
                format!(
                    "`{}` installs the devDependencies too, into the image that runs the application; install with `{flag}` or set `NODE_ENV=production`",
                    words.join(" ")
                ),
            );
            if dev.is_none() {
                d.severity = d.severity.min(Severity::Info);
            }
            if shell {
                let at = c.words.last().map_or(c.range.end, |w| w.range.end);
                d.with_fix(Fix {
                    title: format!("Install without devDependencies (`{flag}`)"),
                    applicability: Applicability::Unsafe,
                    edits: vec![Edit::insert(at, format!(" {flag}"))],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{assert_fix, findings, project_file_findings, spans};
    use crate::Applicability;

    const ID: &str = "dev-dependencies-in-image";

    #[test]
    fn full_installs_in_the_image() {
        let text =
            "FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD [\"node\", \"server.js\"]\n";
        assert_eq!(spans(ID, text), ["npm ci"]);
        assert_fix(ID, text, &text.replace("RUN npm ci", "RUN npm ci --omit=dev"), Applicability::Unsafe);
        let yarn = "FROM node:22\nRUN yarn install --frozen-lockfile\nCMD [\"node\", \"s.js\"]\n";
        assert_eq!(spans(ID, yarn), ["yarn install --frozen-lockfile"]);
    }

    #[test]
    fn production_installs_prunes_builds_and_dev_servers() {
        for body in [
            "RUN npm ci --omit=dev\nCMD [\"node\", \"s.js\"]",
            "ENV NODE_ENV=production\nRUN npm ci\nCMD [\"node\", \"s.js\"]",
            "RUN NODE_ENV=production npm install\nCMD [\"node\", \"s.js\"]",
            "RUN npm ci && npm prune --omit=dev\nCMD [\"node\", \"s.js\"]",
            "RUN npm ci\nRUN npm run build\nCMD [\"node\", \"dist/s.js\"]",
            "RUN npm install\nCMD [\"npm\", \"run\", \"dev\"]",
            "RUN npm install express\nCMD [\"node\", \"s.js\"]",
            "RUN pnpm install --prod\nCMD [\"node\", \"s.js\"]",
        ] {
            let text = format!("FROM node:22\n{body}\n");
            assert!(spans(ID, &text).is_empty(), "{text}");
        }
        let text = "FROM node:22 AS console\nRUN npm ci\nCMD [\"bash\"]\n";
        assert!(spans(ID, text).is_empty());
        // A builder stage the image only copies from is not the image.
        let text = "FROM node:22 AS build\nRUN npm ci\nRUN npm run build\nFROM nginx:1.27\nCOPY --from=build /dist /usr/share/nginx/html\n";
        assert!(spans(ID, text).is_empty());
    }

    #[test]
    fn package_json_decides_the_level() {
        let df = "FROM node:22\nCOPY . .\nRUN npm ci\nCMD [\"node\", \"s.js\"]\n";
        let compose = "services:\n  app:\n    build: .\n";
        let none = "{\"dependencies\": {\"express\": \"4\"}}";
        let f = project_file_findings(
            ID,
            &[("/p/compose.yaml", compose), ("/p/Dockerfile", df), ("/p/package.json", none)],
            "/p/Dockerfile",
        );
        assert!(f.is_empty());
        let dev = "{\"devDependencies\": {\"jest\": \"29\"}}";
        let f = project_file_findings(
            ID,
            &[("/p/compose.yaml", compose), ("/p/Dockerfile", df), ("/p/package.json", dev)],
            "/p/Dockerfile",
        );
        assert_eq!(f.len(), 1);
        let d = crate::rules::test_util::diagnostics(ID, df);
        assert_eq!(d[0].severity, crate::Severity::Info, "unknown package.json: info");
        assert!(findings(ID, df)[0].1.contains("devDependencies"));
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
