//! Which package manager or build tool a command runs (`apt-get`, `pip3`, `python -m pip`,
//! `xx-cargo`, `php composer.phar`…): the one table the rules and the refactorings ask.

use crate::model::shell::{is_pip, ShellCommand};

/// A package manager or build tool with a download cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tool {
    Apt,
    Apk,
    Dnf,
    Npm,
    Yarn,
    Pnpm,
    Pip,
    Uv,
    Poetry,
    Cargo,
    Go,
    Maven,
    Gradle,
    Composer,
    Bundler,
    Dotnet,
    Conda,
    Bun,
}

/// The tool a command runs and the index of its first argument.
pub fn identify(c: &ShellCommand) -> Option<(Tool, usize)> {
    let prog = c.program()?;
    let word = |i: usize| c.words.get(i).map(|w| w.text.as_str());
    // `xx-*` are tonistiigi/xx's cross-compilation wrappers around the same tools.
    let tool = match prog.strip_prefix("xx-").unwrap_or(prog) {
        "apt-get" | "apt" => Tool::Apt,
        "apk" => Tool::Apk,
        "dnf" | "dnf5" | "yum" | "microdnf" | "tdnf" => Tool::Dnf,
        "conda" | "mamba" | "micromamba" => Tool::Conda,
        "bun" => Tool::Bun,
        "npm" => Tool::Npm,
        "yarn" | "yarnpkg" => Tool::Yarn,
        "pnpm" => Tool::Pnpm,
        "uv" => Tool::Uv,
        "poetry" => Tool::Poetry,
        "cargo" => Tool::Cargo,
        "go" => Tool::Go,
        "mvn" | "mvnw" => Tool::Maven,
        "gradle" | "gradlew" => Tool::Gradle,
        "composer" | "composer.phar" => Tool::Composer,
        "bundle" | "bundler" => Tool::Bundler,
        "dotnet" => Tool::Dotnet,
        p if is_pip(p) => Tool::Pip,
        p if is_versioned(p, "python") && word(1) == Some("-m") => {
            return word(2).filter(|m| is_pip(m)).map(|_| (Tool::Pip, 3));
        }
        "php" if word(1).is_some_and(|w| w.rsplit('/').next().unwrap_or(w).starts_with("composer")) => {
            return Some((Tool::Composer, 2));
        }
        _ => return None,
    };
    Some((tool, 1))
}

/// `pip`, `pip3`, `pip3.12` for `name = "pip"`.
fn is_versioned(word: &str, name: &str) -> bool {
    word.strip_prefix(name).is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::shell::run_commands;
    use crate::syntax::dockerfile::parse;

    fn tool(run: &str) -> Option<(Tool, usize)> {
        let df = parse(&format!("FROM a\nRUN {run}\n"));
        run_commands(&df, &df.instructions[1]).first().and_then(identify)
    }

    #[test]
    fn programs_and_wrappers() {
        assert_eq!(tool("/usr/bin/apt-get install x"), Some((Tool::Apt, 1)));
        assert_eq!(tool("pip3.12 install x"), Some((Tool::Pip, 1)));
        assert_eq!(tool("python3 -m pip install x"), Some((Tool::Pip, 3)));
        assert_eq!(tool("xx-cargo build"), Some((Tool::Cargo, 1)));
        assert_eq!(tool("php composer.phar install"), Some((Tool::Composer, 2)));
        assert_eq!(tool("pipx install x"), None);
        assert_eq!(tool("pipenv install"), None);
    }
}
