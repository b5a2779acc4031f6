//! Options that configure what some rules look for, set in `.shipshape.toml` (or read from
//! a `.hadolint.yaml`): the registries images may come from and the labels an image must
//! carry. Rules read them from their context; the defaults ask for nothing.

use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOptions {
    /// Registries images may come from (`docker.io`, `*.gcr.io`, `registry.local:5000`);
    /// empty: any (`untrusted-registry` is quiet).
    pub trusted_registries: Vec<String>,
    /// Labels every built image must carry, with the form of their value.
    pub label_schema: BTreeMap<String, LabelKind>,
    /// Labels outside `label_schema` are findings too.
    pub strict_labels: bool,
    /// Today's date (`YYYY-MM-DD`) for end-of-life judgements; `None`: the date of the
    /// bundled snapshot (the core reads no clock; the faces pass the day).
    pub today: Option<String>,
    /// The platforms registries say images are published for (normalized reference →
    /// `linux/amd64`, …), when a face with registry access has asked; empty: unknown, and
    /// `invalid-base-image-platform` is quiet.
    pub image_platforms: BTreeMap<String, Vec<String>>,
    /// The platform a build without `--platform` targets: the builder's own
    /// (`linux/amd64`); `None`: unknown.
    pub native_platform: Option<String>,
}

/// The form a label's value must have (hadolint's label-schema types).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LabelKind {
    /// Any non-empty text.
    Text,
    Url,
    /// Semantic version (`1.2.3`, `1.0.0-rc.1`).
    Semver,
    /// A git commit hash (7 or 40 lower-case hex digits).
    Hash,
    /// An RFC 3339 timestamp.
    Rfc3339,
    /// An SPDX license expression.
    Spdx,
    Email,
}

impl LabelKind {
    pub const ALL: [LabelKind; 7] = [
        LabelKind::Text,
        LabelKind::Url,
        LabelKind::Semver,
        LabelKind::Hash,
        LabelKind::Rfc3339,
        LabelKind::Spdx,
        LabelKind::Email,
    ];

    pub fn parse(s: &str) -> Option<LabelKind> {
        LabelKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            LabelKind::Text => "text",
            LabelKind::Url => "url",
            LabelKind::Semver => "semver",
            LabelKind::Hash => "hash",
            LabelKind::Rfc3339 => "rfc3339",
            LabelKind::Spdx => "spdx",
            LabelKind::Email => "email",
        }
    }
}
