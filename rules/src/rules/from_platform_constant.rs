use super::{Category, DockerfileContext, Findings, FixKind, Rule, RuleMeta, Target};
use crate::diagnostic::Severity;
use crate::syntax::dockerfile::{vars, Kind};

pub struct FromPlatformConstant;

static META: RuleMeta = RuleMeta {
    id: "from-platform-constant",
    summary: "`FROM --platform=` is a constant, pinning the stage to one platform whatever the build targets",
    category: Category::Images,
    default_severity: Some(Severity::Warning),
    target: Target::Dockerfile,
    fix: FixKind::None,
    hadolint: &["DL3029"],
    buildkit: &["FromPlatformFlagConstDisallowed"],
    docs: r#"# from-platform-constant

## What it finds
`FROM --platform=linux/amd64 …`: a `--platform` written as a constant. As in BuildKit,
a stage whose name mentions the platform's OS or architecture (`AS build-amd64`,
`AS windows-tools`) is taken as deliberately single-platform and not reported; so is a
file whose name does (`Dockerfile-release.arm64`, one file per platform), and a value that
is not a platform.

## Why
A constant platform ignores what the build is for. `docker build --platform linux/arm64`
(or a build on an ARM laptop or CI runner) still pulls the amd64 base image for this
stage: it runs under emulation, slowly, and binaries from it may be for the wrong
architecture in the final image.

Platform flags with variables are the right tool and are not reported:
`FROM --platform=$BUILDPLATFORM golang:1.23 AS build` runs the build stage natively on the
builder and cross-compiles for `$TARGETOS`/`$TARGETARCH` — the recommended cross-build
pattern. hadolint reports every `--platform` that is not `$BUILDPLATFORM` or
`$TARGETPLATFORM`; this rule follows BuildKit (`FromPlatformFlagConstDisallowed`) and
judges only constants.

## Example
```dockerfile
FROM --platform=linux/amd64 node:20-slim
CMD ["node", "server.js"]
```

## Fix
Remove the flag (the stage then follows the target platform), use
`--platform=$BUILDPLATFORM` for a stage that cross-compiles, or, if the image really exists
for one platform only, name the stage after it (`AS tools-amd64`).

## Silence
`# shipshape ignore=from-platform-constant` on the line above, or
`ignore = ["from-platform-constant"]` in `.shipshape.toml`. hadolint's `DL3029` and
BuildKit's `# check=skip=FromPlatformFlagConstDisallowed` are honoured.
"#,
};

const OSES: &[&str] = &[
    "linux", "windows", "darwin", "freebsd", "netbsd", "openbsd", "solaris", "illumos", "aix", "android", "ios",
    "wasip1", "js",
];
const ARCHES: &[&str] = &[
    "amd64", "arm64", "arm", "386", "ppc64le", "ppc64", "s390x", "riscv64", "mips64le", "mips64", "mipsle", "mips",
    "loong64", "wasm",
];

/// containerd's architecture aliases.
fn normalize_arch(arch: &str) -> &str {
    match arch {
        "x86_64" | "x86-64" | "amd64" => "amd64",
        "aarch64" | "arm64" | "armv8" => "arm64",
        "i386" | "i686" | "386" => "386",
        "armhf" | "armel" | "armv7" | "armv7l" | "armv6" | "armv6l" | "arm" => "arm",
        other => other,
    }
}

/// `(os, arch)` of a platform specifier, as containerd's `platforms.Parse` reads it.
pub(super) fn parse_platform(value: &str) -> Option<(String, Option<String>)> {
    let lower = value.trim().to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    if parts.iter().any(|p| p.is_empty()) || parts.len() > 3 {
        return None;
    }
    match parts.as_slice() {
        [one] if OSES.contains(one) => Some((one.to_string(), None)),
        [one] if ARCHES.contains(&normalize_arch(one)) => Some(("linux".into(), Some(normalize_arch(one).into()))),
        [os, arch, ..] if OSES.contains(os) && ARCHES.contains(&normalize_arch(arch)) => {
            Some((os.to_string(), Some(normalize_arch(arch).into())))
        }
        _ => None,
    }
}

impl Rule for FromPlatformConstant {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check_dockerfile(&self, cx: &DockerfileContext, out: &mut Findings) {
        let df = cx.file;
        // A file named for one platform (`Dockerfile-release.arm64`) is single-platform on purpose.
        let file = cx.path.and_then(|p| p.file_name()).map(|n| n.to_string_lossy().to_ascii_lowercase());
        for inst in df.instructions.iter().filter(|i| i.kind == Kind::From) {
            let Some(flag) = inst.flag("platform") else { continue };
            let (Some(raw), Some(range)) = (&flag.value, &flag.value_range) else { continue };
            if !vars::find_vars(raw, df.escape).is_empty() {
                continue;
            }
            let value = flag.value_unquoted(df.escape).unwrap_or_default();
            let Some((os, arch)) = parse_platform(&value) else { continue };
            let stage = inst.as_from().and_then(|p| p.alias).map(|a| a.text.to_ascii_lowercase()).unwrap_or_default();
            let names = |s: &str| s.contains(&os) || arch.as_deref().is_some_and(|a| s.contains(a));
            if names(&stage) || file.as_deref().is_some_and(names) {
                continue;
            }
            out.report(
                range.clone(),
                format!(
                    "`--platform={value}` pins this stage to one platform whatever the build targets (emulated and \
                     possibly wrong-architecture on other platforms); drop it, or use `$BUILDPLATFORM` for a stage \
                     that cross-compiles"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_util::{findings, spans};

    const ID: &str = "from-platform-constant";

    #[test]
    fn constants_are_reported() {
        let f = findings(ID, "FROM --platform=linux/amd64 node:20-slim\n");
        assert_eq!(f[0].0, "linux/amd64");
        assert_eq!(spans(ID, "from --platform=\"linux/arm64/v8\" a AS build\n"), ["\"linux/arm64/v8\""]);
        assert_eq!(spans(ID, "FROM --platform=arm64 a\n"), ["arm64"]);
    }

    #[test]
    fn variables_named_stages_and_non_platforms() {
        assert!(spans(ID, "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\n").is_empty());
        assert!(spans(ID, "FROM --platform=${TARGETOS}/amd64 a\n").is_empty());
        assert!(spans(ID, "FROM --platform=linux/amd64 a AS build-amd64\n").is_empty());
        assert!(spans(ID, "FROM --platform=linux/x86_64 a AS tools-amd64\n").is_empty());
        assert!(spans(ID, "FROM --platform=windows/amd64 a AS windows-tools\n").is_empty());
        assert!(spans(ID, "FROM --platform=banana a\n").is_empty());
        let files = [("/p/Dockerfile-release.arm64", "FROM --platform=linux/arm64 a\n")];
        assert!(crate::rules::test_util::project_file_findings(ID, &files, "/p/Dockerfile-release.arm64").is_empty());
        assert!(spans(ID, "FROM a\n").is_empty());
    }

    #[test]
    fn clean_examples_give_nothing() {
        crate::rules::clean_examples::assert_clean(ID);
    }
}
