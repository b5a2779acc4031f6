//! Container image references (`FROM node:18`, Compose `image: ghcr.io/o/r@sha256:…`).
//!
//! Image references follow github.com/distribution/reference exactly where it matters:
//! - `regexp.go`: the grammar (domain with optional port or `[IPv6]` host, lowercase path
//!   components with `.`/`_`/`__`/`-+` separators, tag `[\w][\w.-]{0,127}`, digest pattern);
//! - `reference.go`: `Parse` (error kinds, uppercase detection by re-matching the lowercased
//!   input, the 255-character limit which current upstream applies to the *path*, not domain);
//! - `normalize.go`: `ParseNormalizedNamed`, `splitDockerDomain` (first component is a registry
//!   only if it is `localhost`, contains `.` or `:`, or has uppercase letters), `familiarizeName`,
//!   `TagNameOnly`.
//!
//! Digests are then validated like github.com/opencontainers/go-digest (`digest.go`,
//! `algorithm.go`): sha256/sha384/sha512 with exactly 64/96/128 lowercase hex digits.
//! `scratch` follows moby/buildkit `frontend/dockerfile/dockerfile2llb/convert.go`, which compares
//! the expanded base name with `"scratch"` case-sensitively (so does the classic builder).
//!
//! Deliberate divergences, each because upstream's result is unusable for a linter:
//! - a written registry that is not a valid domain but whose text happens to be a valid path
//!   component (`my_reg.local/app`) is rejected; upstream yields an empty domain, which cannot
//!   be pulled;
//! - `${}` forms with an empty name (`${%x}`) are a syntax error, as in POSIX shells;
//! - `/` replacement inserts the replacement literally (Go's `ReplaceAllString` would expand `$1`).

use std::fmt;
use std::ops::Range;

/// `RepositoryNameTotalLengthMax` in reference.go.
const NAME_MAX: usize = 255;
const TAG_MAX: usize = 128;
const DEFAULT_DOMAIN: &str = "docker.io";
const LEGACY_DEFAULT_DOMAIN: &str = "index.docker.io";
const OFFICIAL_PREFIX: &str = "library/";
const DEFAULT_TAG: &str = "latest";
/// The reserved "no base image" name (BuildKit `emptyImageName`, moby `api.NoBaseImageSpecifier`).
const SCRATCH: &str = "scratch";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry host as written (with port), if the reference names one: `ghcr.io`, `localhost:5000`.
    pub domain: Option<String>,
    /// Repository path as written, without domain: `library/node`, `node`, `prom/prometheus`.
    pub path: String,
    pub tag: Option<String>,
    /// Full digest `sha256:<hex>`.
    pub digest: Option<String>,
    /// Byte ranges within the parsed input string, so callers can point diagnostics and edits at exact parts.
    pub name_range: Range<usize>, // domain + path
    pub tag_range: Option<Range<usize>>,    // the tag text, without the ':'
    pub digest_range: Option<Range<usize>>, // the digest text, without the '@'
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefError {
    Empty,
    /// The detail says which part is wrong.
    InvalidFormat(String),
    NameNotCanonical,
    NameTooLong,
    /// Holds the offending tag text.
    InvalidTag(String),
    /// Holds the offending digest text.
    InvalidDigest(String),
    /// Repository name must be lowercase.
    Uppercase,
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RefError::Empty => f.write_str("image reference is empty"),
            RefError::InvalidFormat(detail) => write!(f, "invalid reference format: {detail}"),
            RefError::NameNotCanonical => f.write_str("repository name must be canonical"),
            RefError::NameTooLong => write!(f, "repository name must not be more than {NAME_MAX} characters"),
            RefError::InvalidTag(tag) => write!(
                f,
                "invalid tag {tag:?}: must be 1-{TAG_MAX} characters of [A-Za-z0-9_.-], \
                 not starting with '.' or '-'"
            ),
            RefError::InvalidDigest(d) => {
                let why = digest_problem(d).unwrap_or_else(|| "invalid digest".to_string());
                write!(f, "invalid digest {d:?}: {why}")
            }
            RefError::Uppercase => f.write_str("repository name must be lowercase"),
        }
    }
}

impl std::error::Error for RefError {}

impl ImageRef {
    /// Parse a reference as written in a Dockerfile FROM or a Compose `image:` (no variables:
    /// callers substitute those first). Semantics of `ParseNormalizedNamed`.
    pub fn parse(s: &str) -> Result<ImageRef, RefError> {
        if s.is_empty() {
            return Err(RefError::Empty);
        }
        // A bare 64-hex string is an image ID, never a name (anchoredIdentifierRegexp).
        if s.len() == 64 && s.bytes().all(is_lower_hex) {
            return Err(RefError::InvalidFormat(
                "cannot specify 64-byte hexadecimal strings as a repository name".into(),
            ));
        }
        let split = split_docker_domain(s);
        // Upstream re-parses "<domain>/<remainder>"; build the same string and map ranges back.
        let mut full = String::with_capacity(s.len() + 24);
        full.push_str(split.domain);
        full.push('/');
        if split.library {
            full.push_str(OFFICIAL_PREFIX);
        }
        let prefix_len = full.len();
        full.push_str(&s[split.rest_off..]);
        let to_input = |i: usize| i.checked_sub(prefix_len).map(|d| d + split.rest_off);

        // ParseNormalizedNamed checks only the remote name (up to the first ':'), so
        // uppercase tags stay legal.
        let remainder = &full[split.domain.len() + 1..];
        let remote = remainder.split(':').next().unwrap_or("");
        if remote.to_lowercase() != remote {
            return Err(RefError::Uppercase);
        }

        let m = match match_reference(&full) {
            Some(m) => m,
            None => {
                let lower = full.to_lowercase();
                if lower != full && match_reference(&lower).is_some() {
                    return Err(RefError::Uppercase);
                }
                return Err(classify_failure(s, &full, &to_input));
            }
        };
        let name = &full[..m.name_end];
        let path_start = match split_name(name) {
            Some(p) => p,
            None => return Err(RefError::InvalidFormat(format!("{:?} is not a valid registry host", split.domain))),
        };
        if m.name_end - path_start > NAME_MAX {
            return Err(RefError::NameTooLong);
        }
        if let Some(d) = &m.digest {
            let text = &full[d.clone()];
            if digest_problem(text).is_some() {
                return Err(RefError::InvalidDigest(text.to_string()));
            }
        }

        let internal = || RefError::InvalidFormat("internal range error".into());
        let map = |r: &Range<usize>| -> Option<Range<usize>> { Some(to_input(r.start)?..to_input(r.end)?) };
        let name_end = to_input(m.name_end).ok_or_else(internal)?;
        let path = s.get(split.rest_off..name_end).ok_or_else(internal)?;
        let tag_range = match &m.tag {
            Some(r) => Some(map(r).ok_or_else(internal)?),
            None => None,
        };
        let digest_range = match &m.digest {
            Some(r) => Some(map(r).ok_or_else(internal)?),
            None => None,
        };
        Ok(ImageRef {
            domain: split.written.map(str::to_string),
            path: path.to_string(),
            tag: m.tag.map(|r| full[r].to_string()),
            digest: m.digest.map(|r| full[r].to_string()),
            name_range: 0..name_end,
            tag_range,
            digest_range,
        })
    }

    /// Like [`ImageRef::parse`] but, as upstream `ParseNamed`, requires the fully qualified
    /// form (`docker.io/library/node:18`), failing with [`RefError::NameNotCanonical`] otherwise.
    pub fn parse_canonical(s: &str) -> Result<ImageRef, RefError> {
        let r = ImageRef::parse(s)?;
        if r.qualified(false) != s {
            return Err(RefError::NameNotCanonical);
        }
        Ok(r)
    }

    /// Registry host after normalisation: `docker.io` for Docker Hub names (and for `index.docker.io`).
    pub fn registry(&self) -> &str {
        match self.domain.as_deref() {
            None | Some(LEGACY_DEFAULT_DOMAIN) => DEFAULT_DOMAIN,
            Some(d) => d,
        }
    }

    /// True when the image lives on Docker Hub.
    pub fn is_docker_hub(&self) -> bool {
        self.registry() == DEFAULT_DOMAIN
    }

    /// Repository path after normalisation: `library/node` for `node`.
    pub fn repository(&self) -> String {
        // Only Docker Hub has the implicit "library/" namespace (splitDockerDomain).
        if self.is_docker_hub() && !self.path.contains('/') {
            format!("{OFFICIAL_PREFIX}{}", self.path)
        } else {
            self.path.clone()
        }
    }

    /// Fully normalised string: `docker.io/library/node:latest` for `node`; keeps the digest; adds
    /// `:latest` only when neither tag nor digest is given (ParseNormalizedNamed + TagNameOnly).
    pub fn normalized(&self) -> String {
        self.qualified(true)
    }

    /// Familiar short form: `node:18` for `docker.io/library/node:18` (FamiliarString).
    pub fn familiar(&self) -> String {
        let mut out = if self.is_docker_hub() {
            let repo = self.repository();
            match repo.strip_prefix(OFFICIAL_PREFIX) {
                // Nested names under library/ keep the prefix, as upstream does.
                Some(rest) if !rest.contains('/') => rest.to_string(),
                _ => repo,
            }
        } else {
            self.normalized_name()
        };
        self.push_suffix(&mut out, false);
        out
    }

    /// The name without tag/digest, normalised: `docker.io/library/node`.
    pub fn normalized_name(&self) -> String {
        format!("{}/{}", self.registry(), self.repository())
    }

    /// True for the reserved empty base image. BuildKit compares the expanded FROM word with
    /// `"scratch"` exactly (case-sensitive; `scratch:latest` or `docker.io/library/scratch` are
    /// ordinary pulls), so only a bare `scratch` qualifies.
    pub fn is_scratch(&self) -> bool {
        self.domain.is_none() && self.path == SCRATCH && self.tag.is_none() && self.digest.is_none()
    }

    /// Is the tag `latest` (explicit)?
    pub fn has_latest_tag(&self) -> bool {
        self.tag.as_deref() == Some(DEFAULT_TAG)
    }

    fn qualified(&self, default_tag: bool) -> String {
        let mut out = self.normalized_name();
        self.push_suffix(&mut out, default_tag);
        out
    }

    fn push_suffix(&self, out: &mut String, default_tag: bool) {
        match (&self.tag, &self.digest) {
            (None, None) if default_tag => {
                out.push(':');
                out.push_str(DEFAULT_TAG);
            }
            _ => {
                if let Some(t) = &self.tag {
                    out.push(':');
                    out.push_str(t);
                }
                if let Some(d) = &self.digest {
                    out.push('@');
                    out.push_str(d);
                }
            }
        }
    }
}

/// True when a raw (expanded) FROM word names the empty base image; see [`ImageRef::is_scratch`].
pub fn is_scratch_name(s: &str) -> bool {
    s == SCRATCH
}

/// Writes the reference as it was written (domain, path, tag, digest).
impl fmt::Display for ImageRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(d) = &self.domain {
            write!(f, "{d}/")?;
        }
        f.write_str(&self.path)?;
        if let Some(t) = &self.tag {
            write!(f, ":{t}")?;
        }
        if let Some(d) = &self.digest {
            write!(f, "@{d}")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for ImageRef {
    type Err = RefError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ImageRef::parse(s)
    }
}

// ---------------------------------------------------------------------------------------------
// Reference grammar (regexp.go), hand-written.

struct DomainSplit<'a> {
    /// The registry as written, when the input names one.
    written: Option<&'a str>,
    /// Registry used for re-parsing (`docker.io` for Hub names).
    domain: &'a str,
    /// Where the remote name starts in the input.
    rest_off: usize,
    /// Whether `library/` is implied.
    library: bool,
}

/// `splitDockerDomain`, applied (as upstream does) to the whole input including tag/digest.
fn split_docker_domain(s: &str) -> DomainSplit<'_> {
    let Some(slash) = s.find('/') else {
        // Single component: always a Hub official image, even `localhost` or `example.com`.
        return DomainSplit { written: None, domain: DEFAULT_DOMAIN, rest_off: 0, library: true };
    };
    let first = &s[..slash];
    let rest = &s[slash + 1..];
    let hub_library = !rest.contains('/');
    if first == "localhost" {
        DomainSplit { written: Some(first), domain: first, rest_off: slash + 1, library: false }
    } else if first == LEGACY_DEFAULT_DOMAIN {
        DomainSplit { written: Some(first), domain: DEFAULT_DOMAIN, rest_off: slash + 1, library: hub_library }
    } else if first.contains(['.', ':']) {
        DomainSplit {
            written: Some(first),
            domain: first,
            rest_off: slash + 1,
            library: first == DEFAULT_DOMAIN && hub_library,
        }
    } else if first.to_lowercase() != first {
        // Namespaces are lowercase, so an uppercase first component must be a host.
        DomainSplit { written: Some(first), domain: first, rest_off: slash + 1, library: false }
    } else {
        DomainSplit { written: None, domain: DEFAULT_DOMAIN, rest_off: 0, library: false }
    }
}

struct RefMatch {
    name_end: usize,
    tag: Option<Range<usize>>,
    digest: Option<Range<usize>>,
}

/// Splits `name[:tag][@digest]` without validating. The split is forced: '@' occurs in no other
/// part, and a tag can only follow the last '/' (a ':' before it belongs to the registry port).
fn split_parts(s: &str) -> RefMatch {
    let (pre_end, digest) = match s.find('@') {
        Some(i) => (i, Some(i + 1..s.len())),
        None => (s.len(), None),
    };
    let pre = &s[..pre_end];
    let slash = pre.rfind('/');
    match pre.rfind(':') {
        Some(c) if slash.is_none_or(|sl| c > sl) => RefMatch { name_end: c, tag: Some(c + 1..pre_end), digest },
        _ => RefMatch { name_end: pre_end, tag: None, digest },
    }
}

/// `ReferenceRegexp`, anchored.
fn match_reference(s: &str) -> Option<RefMatch> {
    let m = split_parts(s);
    let ok = valid_name(&s[..m.name_end])
        && m.tag.as_ref().is_none_or(|t| valid_tag(&s[t.clone()]))
        && m.digest.as_ref().is_none_or(|d| digest_pattern_ok(&s[d.clone()]));
    ok.then_some(m)
}

fn classify_failure(s: &str, full: &str, to_input: &dyn Fn(usize) -> Option<usize>) -> RefError {
    let m = split_parts(full);
    let name = &full[..m.name_end];
    if !valid_name(name) {
        let written = to_input(m.name_end).and_then(|e| s.get(..e)).unwrap_or(s);
        return RefError::InvalidFormat(if written.is_empty() {
            "repository name is missing".to_string()
        } else {
            format!("{written:?} is not a valid repository name")
        });
    }
    if let Some(t) = m.tag {
        let tag = &full[t];
        if !valid_tag(tag) {
            return RefError::InvalidTag(tag.to_string());
        }
    }
    match m.digest {
        Some(d) => RefError::InvalidDigest(full[d].to_string()),
        None => RefError::InvalidFormat(format!("{s:?} is not a valid reference")),
    }
}

/// `NameRegexp`: `[domainAndPort '/'] remoteName`.
fn valid_name(name: &str) -> bool {
    split_name(name).is_some() || valid_remote(name)
}

/// `anchoredNameRegexp` capture: the offset where the path starts, if `name` has a valid domain.
fn split_name(name: &str) -> Option<usize> {
    let slash = name.find('/')?;
    (valid_domain(&name[..slash]) && valid_remote(&name[slash + 1..])).then_some(slash + 1)
}

/// `remoteName`: path components separated by single slashes.
fn valid_remote(s: &str) -> bool {
    !s.is_empty() && s.split('/').all(|c| valid_path_component(c.as_bytes()))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*`
fn valid_path_component(c: &[u8]) -> bool {
    let alnum = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut i = 0;
    loop {
        let run = i;
        while i < c.len() && alnum(c[i]) {
            i += 1;
        }
        if i == run {
            return false; // empty component, or separator not followed by alphanumerics
        }
        if i == c.len() {
            return true;
        }
        match c[i] {
            b'.' => i += 1,
            b'_' => i += if c.get(i + 1) == Some(&b'_') { 2 } else { 1 },
            b'-' => {
                while i < c.len() && c[i] == b'-' {
                    i += 1;
                }
            }
            _ => return false,
        }
    }
}

/// `domainAndPort`: (domainName | `[` ipv6 `]`) [`:` digits].
fn valid_domain(d: &str) -> bool {
    let b = d.as_bytes();
    let (host_ok, port) = if b.first() == Some(&b'[') {
        let Some(close) = d.find(']') else {
            return false;
        };
        let inner = &b[1..close];
        // Compressed/uncompressed IPv6 only: no zones (`%eth0`), no embedded IPv4.
        let ok = !inner.is_empty() && inner.iter().all(|c| c.is_ascii_hexdigit() || *c == b':');
        (ok, &b[close + 1..])
    } else {
        let end = d.find(':').unwrap_or(d.len());
        (valid_domain_name(&b[..end]), &b[end..])
    };
    host_ok && (port.is_empty() || (port[0] == b':' && port.len() > 1 && port[1..].iter().all(u8::is_ascii_digit)))
}

/// `domainName`: dot-separated `[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]` components.
fn valid_domain_name(b: &[u8]) -> bool {
    b.split(|&c| c == b'.').all(|comp| match (comp.first(), comp.last()) {
        (Some(f), Some(l)) => {
            f.is_ascii_alphanumeric()
                && l.is_ascii_alphanumeric()
                && comp.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        }
        _ => false,
    })
}

/// `[\w][\w.-]{0,127}` with Go's ASCII `\w`.
fn valid_tag(t: &str) -> bool {
    let b = t.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    !b.is_empty() && b.len() <= TAG_MAX && word(b[0]) && b[1..].iter().all(|&c| word(c) || c == b'.' || c == b'-')
}

/// `digestPat`: `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[[:xdigit:]]{32,}`.
fn digest_pattern_ok(d: &str) -> bool {
    let Some((alg, hex)) = d.split_once(':') else {
        return false;
    };
    valid_algorithm(alg) && hex.len() >= 32 && hex.bytes().all(|b| b.is_ascii_hexdigit())
}

fn valid_algorithm(a: &str) -> bool {
    let b = a.as_bytes();
    let mut i = 0;
    loop {
        if i >= b.len() || !b[i].is_ascii_alphabetic() {
            return false;
        }
        i += 1;
        while i < b.len() && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == b.len() {
            return true;
        }
        if !matches!(b[i], b'-' | b'_' | b'+' | b'.') {
            return false;
        }
        i += 1;
    }
}

fn is_lower_hex(b: u8) -> bool {
    b.is_ascii_digit() || (b'a'..=b'f').contains(&b)
}

/// Why a digest is rejected (reference pattern, then go-digest `Digest.Validate`), or None.
fn digest_problem(d: &str) -> Option<String> {
    if !digest_pattern_ok(d) {
        return Some("expected <algorithm>:<hex> with at least 32 hex digits".into());
    }
    let (alg, enc) = d.split_once(':')?;
    let size = match alg {
        "sha256" => 64,
        "sha384" => 96,
        "sha512" => 128,
        _ => {
            return Some(if go_digest_pattern_ok(d) {
                format!("unsupported digest algorithm {alg:?}")
            } else {
                "invalid checksum digest format".into()
            })
        }
    };
    if enc.len() == size && enc.bytes().all(is_lower_hex) {
        None
    } else {
        Some(format!("{alg} digests need exactly {size} lowercase hex digits"))
    }
}

/// go-digest `DigestRegexpAnchored`: `[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+`; decides
/// between "unsupported" and "invalid format" for unknown algorithms.
fn go_digest_pattern_ok(d: &str) -> bool {
    let Some((alg, enc)) = d.split_once(':') else {
        return false;
    };
    let alg_ok = alg
        .split(['.', '+', '_', '-'])
        .all(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
    alg_ok && !enc.is_empty() && enc.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'=' | b'_' | b'-'))
}

/// Is the image a Windows image (`mcr.microsoft.com/windows/servercore:ltsc2022`,
/// `…/dotnet/framework/sdk`, a `-nanoserver-` tag)? They have no `/bin/sh`, no root user
/// and no BuildKit `RUN --mount`.
pub fn is_windows_image(reference: &str) -> bool {
    let r = reference.to_ascii_lowercase();
    ["windows", "nanoserver", "servercore", "dotnet/framework", "ltsc20"].iter().any(|w| r.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA_F: &str = "sha256:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";

    fn p(s: &str) -> ImageRef {
        ImageRef::parse(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn err(s: &str) -> RefError {
        match ImageRef::parse(s) {
            Ok(r) => panic!("{s:?} should fail, got {r:?}"),
            Err(e) => e,
        }
    }

    /// (input, domain as written, path as written, tag, digest)
    fn check(s: &str, domain: Option<&str>, path: &str, tag: Option<&str>, digest: Option<&str>) {
        let r = p(s);
        assert_eq!(r.domain.as_deref(), domain, "domain of {s}");
        assert_eq!(r.path, path, "path of {s}");
        assert_eq!(r.tag.as_deref(), tag, "tag of {s}");
        assert_eq!(r.digest.as_deref(), digest, "digest of {s}");
        // Ranges must always slice back to the fields.
        let mut name = String::new();
        if let Some(d) = domain {
            name.push_str(d);
            name.push('/');
        }
        name.push_str(path);
        assert_eq!(&s[r.name_range.clone()], name, "name range of {s}");
        assert_eq!(r.tag_range.clone().map(|t| &s[t]), tag, "tag range of {s}");
        assert_eq!(r.digest_range.clone().map(|d| &s[d]), digest, "digest range of {s}");
        assert_eq!(r.to_string(), s, "display of {s}");
    }

    fn norm(s: &str, normalized: &str, familiar: &str) {
        let r = p(s);
        assert_eq!(r.normalized(), normalized, "normalized of {s}");
        assert_eq!(r.familiar(), familiar, "familiar of {s}");
    }

    #[test]
    fn plain_official_image() {
        check("node", None, "node", None, None);
        let r = p("node");
        assert_eq!(r.registry(), "docker.io");
        assert_eq!(r.repository(), "library/node");
        assert_eq!(r.normalized_name(), "docker.io/library/node");
        norm("node", "docker.io/library/node:latest", "node");
        assert!(r.is_docker_hub());
    }

    #[test]
    fn tagged_official_image_and_ranges() {
        let s = "node:18-alpine";
        check(s, None, "node", Some("18-alpine"), None);
        let r = p(s);
        assert_eq!(&s[r.tag_range.clone().unwrap()], "18-alpine");
        assert_eq!(r.name_range, 0..4);
        norm(s, "docker.io/library/node:18-alpine", "node:18-alpine");
    }

    #[test]
    fn explicit_docker_io_library() {
        check("docker.io/library/node", Some("docker.io"), "library/node", None, None);
        norm("docker.io/library/node", "docker.io/library/node:latest", "node");
        norm("docker.io/library/node:18", "docker.io/library/node:18", "node:18");
        assert_eq!(p("docker.io/library/node").repository(), "library/node");
    }

    #[test]
    fn docker_io_short_name_gets_library() {
        let r = p("docker.io/foo");
        assert_eq!(r.repository(), "library/foo");
        norm("docker.io/foo", "docker.io/library/foo:latest", "foo");
        norm("docker.io/debian", "docker.io/library/debian:latest", "debian");
    }

    #[test]
    fn legacy_index_domain() {
        check("index.docker.io/x", Some("index.docker.io"), "x", None, None);
        let r = p("index.docker.io/x");
        assert_eq!(r.registry(), "docker.io");
        assert_eq!(r.repository(), "library/x");
        norm("index.docker.io/x", "docker.io/library/x:latest", "x");
        norm("index.docker.io/docker/docker", "docker.io/docker/docker:latest", "docker/docker");
        norm("index.docker.io/library/debian", "docker.io/library/debian:latest", "debian");
    }

    #[test]
    fn hub_user_image() {
        check("prom/prometheus", None, "prom/prometheus", None, None);
        norm("prom/prometheus:v2", "docker.io/prom/prometheus:v2", "prom/prometheus:v2");
        norm("fooo/bar", "docker.io/fooo/bar:latest", "fooo/bar");
        norm("other/library", "docker.io/other/library:latest", "other/library");
    }

    #[test]
    fn library_nested_keeps_prefix_in_familiar() {
        norm("library/foo/bar", "docker.io/library/foo/bar:latest", "library/foo/bar");
        norm("docker.io/library/foo/bar", "docker.io/library/foo/bar:latest", "library/foo/bar");
        norm("library/ubuntu", "docker.io/library/ubuntu:latest", "ubuntu");
        norm("store/foo/bar", "docker.io/store/foo/bar:latest", "store/foo/bar");
    }

    #[test]
    fn ghcr_semver_tag() {
        let s = "ghcr.io/owner/repo:1.2.3";
        check(s, Some("ghcr.io"), "owner/repo", Some("1.2.3"), None);
        let r = p(s);
        assert_eq!(r.registry(), "ghcr.io");
        assert!(!r.is_docker_hub());
        assert_eq!(r.repository(), "owner/repo");
        assert_eq!(&s[r.name_range.clone()], "ghcr.io/owner/repo");
        norm(s, s, s);
    }

    #[test]
    fn registry_with_port() {
        check("registry:5000/a/b", Some("registry:5000"), "a/b", None, None);
        norm("registry:5000/a/b", "registry:5000/a/b:latest", "registry:5000/a/b");
        check("test:5000/repo:tag", Some("test:5000"), "repo", Some("tag"), None);
        check("192.168.1.1:5000/repo:5050", Some("192.168.1.1:5000"), "repo", Some("5050"), None);
        check("127.0.0.1:5000/docker/docker", Some("127.0.0.1:5000"), "docker/docker", None, None);
        check("xn--n3h.com:18080/foo", Some("xn--n3h.com:18080"), "foo", None, None);
        check("test-com:8080/foo", Some("test-com:8080"), "foo", None, None);
    }

    #[test]
    fn localhost_is_a_domain_only_before_a_slash() {
        check("localhost/foo", Some("localhost"), "foo", None, None);
        let r = p("localhost/foo");
        assert_eq!(r.registry(), "localhost");
        assert_eq!(r.repository(), "foo");
        norm("localhost/foo", "localhost/foo:latest", "localhost/foo");
        // A single component is always a Hub name, even `localhost:5000` (tag 5000).
        check("localhost:5000", None, "localhost", Some("5000"), None);
        norm("localhost", "docker.io/library/localhost:latest", "localhost");
        check("localhost:5000/foo:1", Some("localhost:5000"), "foo", Some("1"), None);
    }

    #[test]
    fn single_component_with_dot_is_a_hub_name() {
        check("test.com:tag", None, "test.com", Some("tag"), None);
        check("test.com:5000", None, "test.com", Some("5000"), None);
        norm("test.com:5000", "docker.io/library/test.com:5000", "test.com:5000");
        check("192.168.1.1", None, "192.168.1.1", None, None);
        check("192.168.0.1:80", None, "192.168.0.1", Some("80"), None);
        check("foo_bar.com:8080", None, "foo_bar.com", Some("8080"), None);
        check("test_com", None, "test_com", None, None);
    }

    #[test]
    fn first_component_without_dot_or_colon_is_namespace() {
        check("foo/foo_bar.com:8080", None, "foo/foo_bar.com", Some("8080"), None);
        check("test_com/foo", None, "test_com/foo", None, None);
        assert_eq!(p("docker/migrator").registry(), "docker.io");
        assert_eq!(p("docker/migrator").repository(), "docker/migrator");
    }

    #[test]
    fn uppercase_first_component_is_a_domain() {
        // splitDockerDomain: namespaces are lowercase, so "Foo" must be a host.
        check("Foo/bar", Some("Foo"), "bar", None, None);
        let r = p("Foo/bar");
        assert_eq!(r.registry(), "Foo");
        norm("Foo/bar", "Foo/bar:latest", "Foo/bar");
        norm("FOO/bar", "FOO/bar:latest", "FOO/bar");
        check("Uppercase/lowercase:tag", Some("Uppercase"), "lowercase", Some("tag"), None);
        assert!(ImageRef::parse("Docker/docker").is_ok());
        assert!(ImageRef::parse("DOCKER/docker").is_ok());
    }

    #[test]
    fn uppercase_rejected() {
        assert_eq!(err("Uppercase:tag"), RefError::Uppercase);
        assert_eq!(err("test:5000/Uppercase/lowercase:tag"), RefError::Uppercase);
        assert_eq!(err("docker/Docker"), RefError::Uppercase);
        assert_eq!(err("docker.io/docker/Docker"), RefError::Uppercase);
        assert_eq!(err("Node"), RefError::Uppercase);
        assert_eq!(err("Foo_bar/x"), RefError::Uppercase);
        assert_eq!(RefError::Uppercase.to_string(), "repository name must be lowercase");
    }

    #[test]
    fn uppercase_tag_is_fine() {
        check("lowercase:Uppercase", None, "lowercase", Some("Uppercase"), None);
        check("test.com:8000/foo:TAG5", Some("test.com:8000"), "foo", Some("TAG5"), None);
    }

    #[test]
    fn tag_and_digest_together() {
        let s = format!("foo/bar:tag@{SHA_F}");
        check(&s, None, "foo/bar", Some("tag"), Some(SHA_F));
        let r = p(&s);
        assert_eq!(&s[r.digest_range.clone().unwrap()], SHA_F);
        assert_eq!(&s[r.tag_range.clone().unwrap()], "tag");
        assert_eq!(r.normalized(), format!("docker.io/foo/bar:tag@{SHA_F}"));
        assert_eq!(r.familiar(), s);
    }

    #[test]
    fn digest_only_keeps_digest_and_no_latest() {
        let s = format!("redis@{SHA_F}");
        check(&s, None, "redis", None, Some(SHA_F));
        norm(&s, &format!("docker.io/library/redis@{SHA_F}"), &s);
        assert!(!p(&s).has_latest_tag());
    }

    #[test]
    fn busybox_latest_with_digest() {
        let s = "busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa";
        let r = p(s);
        assert_eq!(r.normalized(), format!("docker.io/library/{s}"));
        assert_eq!(r.familiar(), s);
        assert!(r.has_latest_tag());
    }

    #[test]
    fn digest_with_registry_port_ranges() {
        let s = format!("test:5000/repo:tag@{SHA_F}");
        check(&s, Some("test:5000"), "repo", Some("tag"), Some(SHA_F));
        let r = p(&s);
        assert_eq!(r.name_range, 0..14);
        assert_eq!(r.tag_range, Some(15..18));
        assert_eq!(r.digest_range, Some(19..s.len()));
    }

    #[test]
    fn bad_digests() {
        // Too short for sha256 (the pattern only needs 32 hex digits; go-digest needs 64).
        let short = "repo@sha256:ffffffffffffffffffffffffffffffffff";
        assert_eq!(err(short), RefError::InvalidDigest("sha256:ffffffffffffffffffffffffffffffffff".into()));
        assert!(err(short).to_string().contains("64"));
        // Unsupported algorithm.
        let e = err(&format!("validname@invaliddigest:{}", "f".repeat(64)));
        assert!(matches!(&e, RefError::InvalidDigest(_)));
        assert!(e.to_string().contains("unsupported"), "{e}");
        // Uppercase hex passes the reference pattern but not go-digest.
        assert!(matches!(err(&format!("repo@sha256:{}", "F".repeat(64))), RefError::InvalidDigest(_)));
        // Under 32 hex digits fails the reference pattern itself.
        assert!(matches!(err("repo@sha256:abc"), RefError::InvalidDigest(_)));
        assert!(matches!(err("repo@"), RefError::InvalidDigest(_)));
        assert!(matches!(err(&format!("repo@{SHA_F}@{SHA_F}")), RefError::InvalidDigest(_)));
        // sha512 and sha384 are supported.
        check(
            &format!("xn--7o8h.com/myimage:xn--7o8h.com@sha512:{}", "f".repeat(128)),
            Some("xn--7o8h.com"),
            "myimage",
            Some("xn--7o8h.com"),
            Some(&format!("sha512:{}", "f".repeat(128))),
        );
        assert!(ImageRef::parse(&format!("a@sha384:{}", "0".repeat(96))).is_ok());
    }

    #[test]
    fn bad_tags() {
        assert_eq!(err("node:"), RefError::InvalidTag(String::new()));
        assert_eq!(err("node:-x"), RefError::InvalidTag("-x".into()));
        assert_eq!(err("node:.x"), RefError::InvalidTag(".x".into()));
        assert_eq!(err("node:a+b"), RefError::InvalidTag("a+b".into()));
        let long = format!("node:{}", "a".repeat(129));
        assert!(matches!(err(&long), RefError::InvalidTag(_)));
        assert!(ImageRef::parse(&format!("node:{}", "a".repeat(128))).is_ok());
        assert!(ImageRef::parse("node:_x").is_ok());
    }

    #[test]
    fn empty_and_missing_name() {
        assert_eq!(err(""), RefError::Empty);
        assert!(matches!(err(":justtag"), RefError::InvalidFormat(_)));
        assert!(matches!(err(&format!("@{SHA_F}")), RefError::InvalidFormat(_)));
        assert!(matches!(err("docker/"), RefError::InvalidFormat(_)));
        assert!(matches!(err("/docker"), RefError::InvalidFormat(_)));
    }

    #[test]
    fn name_too_long_applies_to_path() {
        assert_eq!(err(&format!("domain/{}:tag", "a".repeat(256))), RefError::NameTooLong);
        assert_eq!(err(&format!("{}a:tag", "a/".repeat(128))), RefError::NameTooLong);
        // 255 exactly is fine, and the registry does not count (current upstream).
        let ok = format!("{}a:tag-puts-this-over-max", "a/".repeat(127));
        check(&ok, None, &format!("{}a", "a/".repeat(127)), Some("tag-puts-this-over-max"), None);
        assert!(ImageRef::parse(&format!("example.com/{}:tag", "a".repeat(255))).is_ok());
        assert_eq!(err(&format!("example.com/{}", "a".repeat(256))), RefError::NameTooLong);
        // Implied "library/" counts, as upstream validates the normalised path.
        assert_eq!(err(&"a".repeat(250)), RefError::NameTooLong);
        let long_ns = ["this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255"; 4].join("_") + "/docker";
        assert_eq!(err(&long_ns), RefError::NameTooLong);
    }

    #[test]
    fn separators() {
        for ok in
            ["a__b", "a---b", "a.b", "a_b", "a-b", "dock__er/docker", "docker---rules/docker", "d/docker", "jess/t"]
        {
            assert!(ImageRef::parse(ok).is_ok(), "{ok} should be valid");
        }
        for bad in [
            "a___b",
            "a..b",
            "a_.b",
            "a-.b",
            "a-",
            "a.",
            "a_",
            "-a",
            ".a",
            "_a",
            "a/",
            "a//b",
            "-docker",
            "-docker/docker",
            "docker-/docker",
            "-docker-/docker",
            "____/____",
            "_docker/_docker",
            "dock..er/docker",
            "dock_.er/docker",
            "dock-.er/docker",
            "docker///docker",
            "docker.io/docker///docker",
            "aa/asdf$$^/aa",
            "a b",
        ] {
            assert!(matches!(err(bad), RefError::InvalidFormat(_)), "{bad} should be an invalid format");
        }
    }

    #[test]
    fn ipv6_registries() {
        check("[2001:db8::1]/repo", Some("[2001:db8::1]"), "repo", None, None);
        check("[2001:db8:1:2:3:4:5:6]/repo:tag", Some("[2001:db8:1:2:3:4:5:6]"), "repo", Some("tag"), None);
        check("[2001:db8::1]:5000/repo", Some("[2001:db8::1]:5000"), "repo", None, None);
        check(
            &format!("[2001:db8::1]:5000/repo:tag@{SHA_F}"),
            Some("[2001:db8::1]:5000"),
            "repo",
            Some("tag"),
            Some(SHA_F),
        );
        check("[::1]:5000/repo", Some("[::1]:5000"), "repo", None, None);
        check(
            "[fc00:1:2:3:4:5:6:7]:5000/library/debian",
            Some("[fc00:1:2:3:4:5:6:7]:5000"),
            "library/debian",
            None,
            None,
        );
        norm("[::1]:5000/repo", "[::1]:5000/repo:latest", "[::1]:5000/repo");
        for bad in [
            "[2001:db8::1]",
            "[2001:db8::1]:5000",
            "[2001:db8::1]:tag",
            "[fe80::1%eth0]:5000/repo",
            "[fe80::1%@invalidzone]:5000/repo",
            "[fc00::1]",
            "fc00::1:5000/debian",
            "[2001:db8:3:4::192.0.2.33]:5000/debian",
            "[]/repo",
            "[::1/repo",
        ] {
            assert!(ImageRef::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn domains_from_upstream_table() {
        check(
            "sub-dom1.foo.com/bar/baz/quux:some-long-tag",
            Some("sub-dom1.foo.com"),
            "bar/baz/quux",
            Some("some-long-tag"),
            None,
        );
        check(
            "b.gcr.io/test.example.com/my-app:test.example.com",
            Some("b.gcr.io"),
            "test.example.com/my-app",
            Some("test.example.com"),
            None,
        );
        check("xn--n3h.com/myimage:xn--n3h.com", Some("xn--n3h.com"), "myimage", Some("xn--n3h.com"), None);
        check("192.168.0.1:8/debian", Some("192.168.0.1:8"), "debian", None, None);
        for bad in
            ["https://github.com/docker/docker", "-docker.io/docker/docker", "foo.-bar.com/x", "host:/x", "host:12a/x"]
        {
            assert!(matches!(err(bad), RefError::InvalidFormat(_)), "{bad}");
        }
    }

    #[test]
    fn invalid_written_registry_is_rejected() {
        // Upstream would accept this with an empty domain, which can never be pulled.
        let e = err("my_reg.local/app");
        assert!(matches!(&e, RefError::InvalidFormat(m) if m.contains("registry host")), "{e}");
    }

    #[test]
    fn hex_identifier_rejected_unless_qualified() {
        let id = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a";
        assert!(matches!(err(id), RefError::InvalidFormat(_)));
        assert!(ImageRef::parse(&format!("docker.io/{id}")).is_ok());
        // 63 hex digits is just a name.
        assert!(ImageRef::parse(&id[1..]).is_ok());
        // ParseNormalizedNamed reads "sha256:<hex>" as image "sha256" with that tag.
        let r = p(&format!("sha256:{}", &id));
        assert_eq!(r.path, "sha256");
        assert_eq!(r.tag.as_deref(), Some(id));
    }

    #[test]
    fn long_song_name_and_dash_names() {
        check(
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            None,
            "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev",
            None,
            None,
        );
        norm("ubuntu-12.04-base", "docker.io/library/ubuntu-12.04-base:latest", "ubuntu-12.04-base");
    }

    #[test]
    fn canonical_parsing() {
        assert!(ImageRef::parse_canonical("docker.io/library/node:18").is_ok());
        assert!(ImageRef::parse_canonical("ghcr.io/o/r").is_ok());
        assert_eq!(ImageRef::parse_canonical("node:18"), Err(RefError::NameNotCanonical));
        assert_eq!(ImageRef::parse_canonical("docker.io/node"), Err(RefError::NameNotCanonical));
        assert_eq!(ImageRef::parse_canonical("index.docker.io/library/node"), Err(RefError::NameNotCanonical));
        assert_eq!(RefError::NameNotCanonical.to_string(), "repository name must be canonical");
    }

    #[test]
    fn scratch() {
        assert!(p("scratch").is_scratch());
        assert!(is_scratch_name("scratch"));
        assert!(!p("scratch:latest").is_scratch());
        assert!(!p("docker.io/library/scratch").is_scratch());
        assert!(!p("library/scratch").is_scratch());
        // BuildKit compares case-sensitively; "Scratch" is an (invalid) image name.
        assert!(!is_scratch_name("Scratch"));
        assert_eq!(err("Scratch"), RefError::Uppercase);
    }

    #[test]
    fn latest_tag() {
        assert!(p("node:latest").has_latest_tag());
        assert!(!p("node").has_latest_tag());
        assert!(!p("node:Latest").has_latest_tag());
        assert_eq!(p("node").normalized(), "docker.io/library/node:latest");
    }

    #[test]
    fn from_str_and_error_display() {
        let r: ImageRef = "alpine:3.19".parse().unwrap();
        assert_eq!(r.tag.as_deref(), Some("3.19"));
        assert_eq!(RefError::NameTooLong.to_string(), "repository name must not be more than 255 characters");
        assert_eq!(RefError::Empty.to_string(), "image reference is empty");
        assert!(err("node:-x").to_string().starts_with("invalid tag \"-x\""));
        assert!(err("a..b").to_string().starts_with("invalid reference format: "));
    }

    #[test]
    fn unicode_and_odd_input_never_panics() {
        for s in [
            "nöde", "ñ/ñ", "é:é", "a@é", "[é]/x", "x/é", "🐳", "a:🐳", "ü.com/x", "\u{0130}", "a\u{0}b", "@", ":", "/",
            "[", "]:/",
        ] {
            assert!(ImageRef::parse(s).is_err(), "{s:?}");
        }
    }

    // ---- variables ----
}
