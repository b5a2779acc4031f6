//! What a package-manager command does, word by word: which manager (`apt-get`, `apk`,
//! `yum`, `zypper`, `pip`, `npm`, `gem`, `go`…), its subcommand and the package words it
//! names, with the options that take a value skipped. The rules about confirmation
//! prompts, pinning and caches ask this one table.

use crate::model::package_manager::{identify, Tool};
use crate::model::shell::{ShellCommand, ShellWord};

/// A package manager, as the rules about installs tell them apart (`Tool` groups yum with
/// dnf; here they differ in their defaults and their hadolint codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manager {
    AptGet,
    Apt,
    Apk,
    Yum,
    Dnf,
    Microdnf,
    Tdnf,
    Zypper,
    Pip,
    Npm,
    Yarn,
    Gem,
    Go,
}

impl Manager {
    /// Options that take their value as the next word (so the value is not an operand).
    #[rustfmt::skip]
    pub fn valued_options(self) -> &'static [&'static str] {
        match self {
            Manager::AptGet | Manager::Apt => &["-o", "-c", "-t", "--option", "--config-file", "--target-release",
                "--default-release"],
            Manager::Apk => &["-X", "--repository", "-p", "--root", "--arch", "--cache-dir", "-t", "--virtual",
                "--repositories-file", "--keys-dir", "--cache-max-age"],
            Manager::Yum | Manager::Dnf | Manager::Microdnf | Manager::Tdnf => &["-c", "--config", "--installroot",
                "--releasever", "--setopt", "--enablerepo", "--disablerepo", "-x", "--exclude", "--repo",
                "--repoid", "-d", "--debuglevel", "-e", "--errorlevel", "--rpmverbosity", "--forcearch",
                "--destdir", "--downloaddir", "--comment", "--advisory", "--advisories", "--bz", "--cve",
                "--sec-severity", "--secseverity"],
            Manager::Zypper => &["-R", "--root", "-c", "--config", "-r", "--repo", "-t", "--type", "--from",
                "-D", "--reposd-dir", "-C", "--cache-dir", "--raw-cache-dir", "--solv-cache-dir", "--pkg-cache-dir",
                "--installroot", "--download", "--comment"],
            Manager::Pip => &["--abi", "-b", "--build", "-e", "--editable", "--extra-index-url", "-f",
                "--find-links", "-i", "--index-url", "--implementation", "--no-binary", "--only-binary",
                "--platform", "--prefix", "--progress-bar", "--proxy", "--python", "--python-version", "--root",
                "--root-user-action", "--src", "-t", "--target", "--trusted-host", "--upgrade-strategy",
                "--cache-dir", "--log", "--report", "-C", "--config-settings", "--global-option", "--retries",
                "--timeout", "--exists-action", "--cert", "--client-cert", "-r", "--requirement", "-c",
                "--constraint"],
            Manager::Npm => &["--prefix", "--cache", "--registry", "--loglevel", "-w", "--workspace", "--tag",
                "--userconfig", "--globalconfig", "--omit", "--include", "--install-strategy"],
            Manager::Yarn => &["--cwd", "--cache-folder", "--modules-folder", "--network-timeout", "--mutex",
                "--registry"],
            Manager::Gem => &["-v", "--version", "-i", "--install-dir", "-n", "--bindir", "--platform", "-s",
                "--source", "-p", "--http-proxy", "--build-root", "-g", "--file"],
            Manager::Go => &["-C", "-o", "-ldflags", "-gcflags", "-asmflags", "-tags", "-mod", "-modfile", "-p",
                "-pkgdir", "-exec", "-toolexec", "-overlay", "-pgo", "-installsuffix", "-compiler",
                "-buildmode", "-coverpkg", "-covermode"],
        }
    }
}

/// The boolean an apt configuration option on the command line sets (`-o Key=true`,
/// `-oKey=0`, `--option Key=no`, `--option=Key=false`), if the command sets `key`. apt's
/// keys are case-insensitive; its booleans are true/yes/on/1 and false/no/off/0.
pub fn apt_bool_option(words: &[ShellWord], key: &str) -> Option<bool> {
    let value = |kv: &str| -> Option<bool> {
        let (k, v) = kv.split_once('=')?;
        if !k.eq_ignore_ascii_case(key) {
            return None;
        }
        match v.trim_matches(['"', '\'']).to_ascii_lowercase().as_str() {
            "true" | "yes" | "on" | "1" => Some(true),
            "false" | "no" | "off" | "0" => Some(false),
            _ => None,
        }
    };
    let mut prev_o = false;
    let mut found = None;
    for w in words {
        let t = w.text.as_str();
        let set = if prev_o {
            value(t)
        } else if let Some(r) = t.strip_prefix("--option=") {
            value(r)
        } else if let Some(r) = t.strip_prefix("-o").filter(|r| !r.is_empty() && !t.starts_with("--")) {
            value(r.trim_start_matches('='))
        } else {
            None
        };
        // The last setting wins, as apt reads them in order.
        found = set.or(found);
        prev_o = t == "-o" || t == "--option";
    }
    found
}

/// A package-manager command: the manager, the index of its first argument in `words`, and
/// its operands (words that are not options or option values) with their indices.
#[derive(Debug)]
pub struct PackageCommand<'a> {
    pub manager: Manager,
    pub cmd: &'a ShellCommand,
    /// Index in `cmd.words` of the first argument after the program (after `-m pip` for
    /// `python -m pip`).
    pub first: usize,
    /// Non-option words with their index in `cmd.words`; after a `--`, every word.
    pub operands: Vec<(usize, &'a ShellWord)>,
}

impl<'a> PackageCommand<'a> {
    /// The subcommand word (`install` in `apt-get -y install curl`).
    pub fn subcommand(&self) -> Option<&'a ShellWord> {
        self.operands.first().map(|(_, w)| *w)
    }

    /// Is the subcommand one of `names`?
    pub fn is(&self, names: &[&str]) -> bool {
        self.subcommand().is_some_and(|w| names.contains(&w.text.as_str()))
    }

    /// Operands after the subcommand (and after `skip` more words: `yum group install`).
    pub fn packages(&self, skip: usize) -> impl Iterator<Item = &'a ShellWord> + '_ {
        self.operands.iter().skip(1 + skip).map(|(_, w)| *w)
    }

    /// The option words (`-y`, `--yes`, `-qq`) before index `before` of `cmd.words`.
    pub fn options_before(&self, before: usize) -> impl Iterator<Item = &'a str> + '_ {
        let ops: Vec<usize> = self.operands.iter().map(|(i, _)| *i).collect();
        self.cmd
            .words
            .iter()
            .enumerate()
            .take(before)
            .skip(self.first)
            .filter(move |(i, w)| !ops.contains(i) && w.text.starts_with('-'))
            .map(|(_, w)| w.text.as_str())
    }

    /// Every option word of the command.
    pub fn options(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.options_before(self.cmd.words.len())
    }

    /// Is the option (`--yes`, or a short `y` alone or in a cluster like `-qy`) given?
    /// Short clusters are only read for managers whose short options cluster.
    pub fn has(&self, long: &[&str], short: Option<char>) -> bool {
        let clusters = !matches!(self.manager, Manager::Go | Manager::Gem);
        self.options().any(|t| {
            long.iter().any(|l| t == *l || t.strip_prefix(l).is_some_and(|r| r.starts_with('=')))
                || short.is_some_and(|c| {
                    t.starts_with('-')
                        && !t.starts_with("--")
                        && (t[1..].chars().eq([c]) || (clusters && t[1..].contains(c)))
                })
        })
    }
}

/// The package manager a command runs, with its operands.
pub fn package_command(c: &ShellCommand) -> Option<PackageCommand<'_>> {
    let prog = c.program()?;
    let (manager, first) = match prog.strip_prefix("xx-").unwrap_or(prog) {
        "apt-get" => (Manager::AptGet, 1),
        "apt" => (Manager::Apt, 1),
        "apk" => (Manager::Apk, 1),
        "yum" => (Manager::Yum, 1),
        "dnf" | "dnf5" | "dnf-3" => (Manager::Dnf, 1),
        "microdnf" => (Manager::Microdnf, 1),
        "tdnf" => (Manager::Tdnf, 1),
        "zypper" => (Manager::Zypper, 1),
        "npm" => (Manager::Npm, 1),
        "yarn" | "yarnpkg" => (Manager::Yarn, 1),
        "gem" => (Manager::Gem, 1),
        "go" => (Manager::Go, 1),
        _ => match identify(c)? {
            (Tool::Pip, first) => (Manager::Pip, first),
            _ => return None,
        },
    };
    let valued = manager.valued_options();
    let mut operands = Vec::new();
    let mut skip = false;
    let mut rest = false;
    for (i, w) in c.words.iter().enumerate().skip(first) {
        let t = w.text.as_str();
        if rest {
            operands.push((i, w));
        } else if std::mem::take(&mut skip) {
        } else if t == "--" {
            rest = true;
        } else if t.starts_with('-') && t.len() > 1 {
            skip = valued.contains(&t);
        } else {
            operands.push((i, w));
        }
    }
    Some(PackageCommand { manager, cmd: c, first, operands })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::shell::run_commands;
    use crate::syntax::dockerfile::parse;

    fn with<T>(run: &str, f: impl FnOnce(&PackageCommand) -> T) -> T {
        let df = parse(&format!("FROM a\nRUN {run}\n"));
        let cmds = run_commands(&df, &df.instructions[1]);
        f(&package_command(&cmds[0]).expect("a package manager"))
    }

    fn packages(run: &str) -> Vec<String> {
        with(run, |p| p.packages(0).map(|w| w.text.clone()).collect())
    }

    #[test]
    fn operands_skip_option_values() {
        assert_eq!(
            packages("apt-get -o Dpkg::Options::=--force-confold install -t bookworm -y curl git"),
            ["curl", "git"]
        );
        assert_eq!(packages("apk add --virtual .deps -X http://r gcc"), ["gcc"]);
        assert_eq!(packages("python3 -m pip install -i https://x flask==3.0 -c c.txt"), ["flask==3.0"]);
        assert_eq!(packages("gem install -N -v 2.4 bundler"), ["bundler"]);
        assert_eq!(with("yum -y install x", |p| p.subcommand().map(|w| w.text.clone())), Some("install".into()));
    }

    #[test]
    fn options_and_clusters() {
        assert!(with("apt-get -qy install x", |p| p.has(&["--yes"], Some('y'))));
        assert!(with("apt-get install --yes x", |p| p.has(&["--yes"], Some('y'))));
        assert!(!with("apt-get install -q x", |p| p.has(&["--yes"], Some('y'))));
        assert!(with("zypper -n in x", |p| p.options_before(2).any(|o| o == "-n")));
    }
}

#[cfg(test)]
mod apt_option_tests {
    use super::apt_bool_option;
    use crate::model::shell::ShellWord;

    fn words(s: &str) -> Vec<ShellWord> {
        s.split(' ').map(|w| ShellWord { text: w.to_string(), range: 0..0 }).collect()
    }

    #[test]
    fn every_spelling_and_the_last_wins() {
        let k = "APT::Install-Recommends";
        assert_eq!(apt_bool_option(&words("install -o APT::Install-Recommends=false x"), k), Some(false));
        assert_eq!(apt_bool_option(&words("install -oapt::install-recommends=0 x"), k), Some(false));
        assert_eq!(apt_bool_option(&words("install --option=APT::Install-Recommends=no x"), k), Some(false));
        assert_eq!(apt_bool_option(&words("install --option APT::Install-Recommends=\"true\" x"), k), Some(true));
        assert_eq!(apt_bool_option(&words("-o APT::Install-Recommends=0 -o APT::Install-Recommends=1"), k), Some(true));
        assert_eq!(apt_bool_option(&words("install -o Dpkg::Options::=--force-confold x"), k), None);
        assert_eq!(apt_bool_option(&words("install --only-upgrade x"), k), None);
    }
}
