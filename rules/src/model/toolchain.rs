//! The build toolchain an image is (`rust`, `golang`, `maven`, `node`, …) and what building
//! with it looks like: what `single-stage-build` judges and the multi-stage conversion
//! plans from.

use crate::model::shell::ShellCommand;
use crate::syntax::image_ref::ImageRef;

/// The toolchain images whose builds a slim runtime stage pays off for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Toolchain {
    Rust,
    Go,
    Java,
    Dotnet,
    Node,
    Python,
}

impl Toolchain {
    pub fn of(image: &ImageRef) -> Option<Toolchain> {
        if image.registry() == "mcr.microsoft.com" {
            return (image.path == "dotnet/sdk").then_some(Toolchain::Dotnet);
        }
        let repo = image.repository();
        let tag = image.tag.as_deref().unwrap_or("");
        Some(match repo.as_str() {
            "library/rust" => Toolchain::Rust,
            "library/golang" => Toolchain::Go,
            "library/maven" | "library/gradle" => Toolchain::Java,
            "library/eclipse-temurin" | "library/openjdk" | "library/amazoncorretto" if !tag.contains("jre") => {
                Toolchain::Java
            }
            "library/node" => Toolchain::Node,
            "library/python" => Toolchain::Python,
            _ => return None,
        })
    }

    /// Do these commands build with the toolchain (so that it ships with the result)?
    pub fn builds(self, cmds: &[ShellCommand]) -> bool {
        cmds.iter().any(|c| {
            let prog = c.program().unwrap_or("");
            let sub = c.subcommand().unwrap_or("");
            match self {
                Toolchain::Rust => prog == "cargo" && matches!(sub, "build" | "install" | "b"),
                Toolchain::Go => prog == "go" && matches!(sub, "build" | "install"),
                Toolchain::Java => matches!(prog, "mvn" | "mvnw" | "gradle" | "gradlew" | "javac"),
                Toolchain::Dotnet => prog == "dotnet" && matches!(sub, "build" | "publish"),
                Toolchain::Node => node_build(c),
                Toolchain::Python => false,
            }
        })
    }
}

/// `npm run build`, `yarn build`, `pnpm run build:prod`, `npx vite build`, `next build`…
pub fn node_build(c: &ShellCommand) -> bool {
    let words: Vec<&str> = c.words.iter().map(|w| w.text.as_str()).filter(|w| !w.starts_with('-')).collect();
    let prog = c.program().unwrap_or("");
    let script = |w: Option<&&str>| w.is_some_and(|s| *s == "build" || s.starts_with("build:"));
    match prog {
        "npm" => words.get(1) == Some(&"run") && script(words.get(2)),
        "yarn" | "pnpm" | "bun" => {
            if words.get(1) == Some(&"run") {
                script(words.get(2))
            } else {
                script(words.get(1))
            }
        }
        "npx" | "pnpx" | "bunx" => {
            matches!(words.get(1), Some(&("next" | "vite" | "ng" | "nuxt" | "tsc" | "webpack" | "react-scripts")))
                && script(words.get(2))
        }
        "next" | "vite" | "ng" | "nuxt" | "react-scripts" => script(words.get(1)),
        _ => false,
    }
}
