//! The rule registry. A rule is one file: its metadata, its docs (Markdown: what,
//! why, example, fix, how to silence) and its check. Adding a rule means adding that
//! file and one line to [`REGISTRY`].

mod add_for_archive;
mod add_instead_of_copy;
mod apt_instead_of_apt_get;
mod apt_no_install_recommends;
mod build_arg_not_declared;
mod build_order_dependency;
mod built_image_untagged;
mod cache_busting_copy;
mod cd_instead_of_workdir;
mod cgo_binary_in_static_image;
#[cfg(test)]
mod clean_examples;
mod consecutive_run;
mod consistent_instruction_casing;
mod context_bloat;
mod context_missing;
mod copy_entire_filesystem;
mod copy_from_own_stage;
mod copy_multiple_sources_to_file;
mod copy_source_ignored;
mod copy_source_missing;
mod curl_and_wget;
mod dev_dependencies_in_image;
mod dockerfile_missing;
mod duplicate_host_port;
mod duplicate_stage_name;
mod env_self_reference;
mod eol_image;
mod from_platform_constant;
mod healthcheck_instruction_missing;
mod healthcheck_missing;
mod ignore_pragma;
mod install_without_yes;
mod instruction_before_from;
mod interactive_command;
mod invalid_base_image_platform;
mod invalid_default_arg_in_from;
mod invalid_definition_description;
mod invalid_expose;
mod invalid_label_key;
mod invalid_value;
mod json_args_recommended;
mod label_schema;
mod latest_tag;
mod legacy_key_value_format;
mod maintainer_deprecated;
mod missing_build_cache;
mod missing_cache_mount;
mod missing_dockerignore;
mod missing_oci_labels;
mod missing_pipefail;
mod missing_resource_limits;
mod multiple_cmd;
mod no_digest;
mod no_empty_continuation;
mod non_numeric_user;
mod obsolete_version_field;
mod package_cache_in_layer;
mod profile_only_dependency;
mod redundant_target_platform;
mod relative_copy_without_workdir;
mod relative_workdir;
mod release_binary_not_optimized;
mod reserved_stage_name;
mod root_build_context;
mod root_user;
mod secret_in_arg_or_env;
mod shell_via_symlink;
pub mod shellcheck;
pub(crate) mod single_stage_build;
mod stage_name_casing;
mod stateful_service_without_volume;
mod sudo_in_run;
mod syntax_error;
mod undefined_service;
mod undefined_variable;
mod unknown_key;
mod unknown_stage;
mod unpinned_package;
mod untagged_image;
mod untrusted_registry;
mod useradd_without_l;
mod wget_without_progress;
mod zypper_dist_upgrade;

use std::ops::Range;
use std::path::Path;

use crate::diagnostic::{Applicability, Diagnostic, Fix, Related, Severity};
use crate::model::dockerfile::DockerfileModel;
use crate::model::project::{BuildLink, ComposeDoc, ProjectView};
use crate::syntax::compose::{ComposeFile, Service};
use crate::syntax::dockerfile::Dockerfile;

pub use eol_image::upgrade_target as eol_upgrade_target;

/// Every rule, in catalogue order.
pub static REGISTRY: &[&dyn Rule] = &[
    &syntax_error::SyntaxError,
    &untagged_image::UntaggedImage,
    &latest_tag::LatestTag,
    &no_digest::NoDigest,
    &eol_image::EolImage,
    &missing_cache_mount::MissingCacheMount,
    &cache_busting_copy::CacheBustingCopy,
    &missing_build_cache::MissingBuildCache,
    &root_build_context::RootBuildContext,
    &missing_dockerignore::MissingDockerignore,
    &context_bloat::ContextBloat,
    &copy_source_missing::CopySourceMissing,
    &copy_source_ignored::CopySourceIgnored,
    &context_missing::ContextMissing,
    &dockerfile_missing::DockerfileMissing,
    &missing_oci_labels::MissingOciLabels,
    &built_image_untagged::BuiltImageUntagged,
    &undefined_variable::UndefinedVariable,
    &build_arg_not_declared::BuildArgNotDeclared,
    &secret_in_arg_or_env::SecretInArgOrEnv,
    &single_stage_build::SingleStageBuild,
    &release_binary_not_optimized::ReleaseBinaryNotOptimized,
    &cgo_binary_in_static_image::CgoBinaryInStaticImage,
    &dev_dependencies_in_image::DevDependenciesInImage,
    &duplicate_stage_name::DuplicateStageName,
    &unknown_stage::UnknownStage,
    &stage_name_casing::StageNameCasing,
    &json_args_recommended::JsonArgsRecommended,
    &maintainer_deprecated::MaintainerDeprecated,
    &add_instead_of_copy::AddInsteadOfCopy,
    &relative_workdir::RelativeWorkdir,
    &root_user::RootUser,
    &multiple_cmd::MultipleCmd,
    &consistent_instruction_casing::ConsistentInstructionCasing,
    &legacy_key_value_format::LegacyKeyValueFormat,
    &apt_no_install_recommends::AptNoInstallRecommends,
    &missing_pipefail::MissingPipefail,
    &shellcheck::ShellCheck,
    &invalid_expose::InvalidExpose,
    &cd_instead_of_workdir::CdInsteadOfWorkdir,
    &obsolete_version_field::ObsoleteVersionField,
    &unknown_key::UnknownKey,
    &invalid_value::InvalidValue,
    &undefined_service::UndefinedService,
    &profile_only_dependency::ProfileOnlyDependency,
    &duplicate_host_port::DuplicateHostPort,
    &missing_resource_limits::MissingResourceLimits,
    &stateful_service_without_volume::StatefulServiceWithoutVolume,
    &healthcheck_missing::HealthcheckMissing,
    &build_order_dependency::BuildOrderDependency,
    // Configured by the project: trusted registries, the label schema.
    &untrusted_registry::UntrustedRegistry,
    &invalid_label_key::InvalidLabelKey,
    &label_schema::LabelSchema,
    // Package managers in RUN scripts.
    &install_without_yes::InstallWithoutYes,
    &unpinned_package::UnpinnedPackage,
    &package_cache_in_layer::PackageCacheInLayer,
    &apt_instead_of_apt_get::AptInsteadOfAptGet,
    &zypper_dist_upgrade::ZypperDistUpgrade,
    // Instructions that mean something else than they seem, or fail the build.
    &copy_multiple_sources_to_file::CopyMultipleSourcesToFile,
    &copy_from_own_stage::CopyFromOwnStage,
    &instruction_before_from::InstructionBeforeFrom,
    &env_self_reference::EnvSelfReference,
    &relative_copy_without_workdir::RelativeCopyWithoutWorkdir,
    &copy_entire_filesystem::CopyEntireFilesystem,
    &non_numeric_user::NonNumericUser,
    &reserved_stage_name::ReservedStageName,
    &from_platform_constant::FromPlatformConstant,
    &redundant_target_platform::RedundantTargetPlatform,
    &invalid_default_arg_in_from::InvalidDefaultArgInFrom,
    &no_empty_continuation::NoEmptyContinuation,
    &invalid_definition_description::InvalidDefinitionDescription,
    &healthcheck_instruction_missing::HealthcheckInstructionMissing,
    &ignore_pragma::IgnorePragma,
    // Commands in RUN scripts.
    &sudo_in_run::SudoInRun,
    &useradd_without_l::UseraddWithoutL,
    &wget_without_progress::WgetWithoutProgress,
    &curl_and_wget::CurlAndWget,
    &interactive_command::InteractiveCommand,
    &add_for_archive::AddForArchive,
    &consecutive_run::ConsecutiveRun,
    &shell_via_symlink::ShellViaSymlink,
    &invalid_base_image_platform::InvalidBaseImagePlatform,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Syntax,
    Images,
    BuildCache,
    BuildContext,
    Metadata,
    Arguments,
    Stages,
    Hygiene,
    Compose,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Syntax => "syntax",
            Category::Images => "images",
            Category::BuildCache => "build cache",
            Category::BuildContext => "build context",
            Category::Metadata => "metadata",
            Category::Arguments => "arguments",
            Category::Stages => "stages",
            Category::Hygiene => "hygiene",
            Category::Compose => "compose",
        }
    }
}

/// What kind of fix a rule can offer: every fix it emits has one of these applicabilities
/// (checked on every finding in debug builds, so the tests keep the metadata honest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixKind {
    None,
    Safe,
    Unsafe,
    Manual,
    /// Safe where the rule can see that nothing else changes, unsafe otherwise.
    SafeOrUnsafe,
    /// Unsafe where the rule can see everything the fix needs, manual otherwise.
    UnsafeOrManual,
}

impl FixKind {
    /// May a rule declaring this kind emit a fix of `a`?
    pub fn allows(self, a: Applicability) -> bool {
        matches!(
            (self, a),
            (FixKind::Safe | FixKind::SafeOrUnsafe, Applicability::Safe)
                | (FixKind::Unsafe | FixKind::SafeOrUnsafe | FixKind::UnsafeOrManual, Applicability::Unsafe)
                | (FixKind::Manual | FixKind::UnsafeOrManual, Applicability::Manual)
        )
    }

    /// As the rule table shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            FixKind::None => "",
            FixKind::Safe => "safe",
            FixKind::Unsafe => "unsafe",
            FixKind::Manual => "manual",
            FixKind::SafeOrUnsafe => "safe/unsafe",
            FixKind::UnsafeOrManual => "unsafe/manual",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Dockerfile,
    Compose,
    Both,
}

/// The first paragraph under `heading` (`## Why`) of a rule's docs, on one line; a code
/// block that the paragraph introduces ("…, for example:") comes with it. For the short
/// answers of hover and the report.
pub fn doc_paragraph(docs: &str, heading: &str) -> Option<String> {
    let start = docs.find(heading)? + heading.len();
    let body = &docs[start..];
    let para: Vec<&str> = body
        .lines()
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect();
    if para.is_empty() || para[0].starts_with("```") {
        return None;
    }
    let mut out = para.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
    // "…, for example:" introduces a code block: keep it, or the sentence dangles.
    if out.ends_with(':') {
        let rest =
            body.lines().skip_while(|l| l.trim().is_empty()).skip(para.len()).skip_while(|l| l.trim().is_empty());
        let mut block: Vec<&str> = Vec::new();
        for l in rest {
            if block.is_empty() && !l.starts_with("```") {
                break;
            }
            block.push(l);
            if block.len() > 1 && l.starts_with("```") {
                break;
            }
        }
        if block.len() > 1 && block.last().is_some_and(|l| l.starts_with("```")) {
            out = format!("{out}\n\n{}", block.join("\n"));
        } else {
            out.pop();
            out.push('.');
        }
    }
    Some(out)
}

#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub summary: &'static str,
    pub category: Category,
    /// `None`: off unless selected (or enabled by the strict preset).
    pub default_severity: Option<Severity>,
    pub target: Target,
    pub fix: FixKind,
    /// hadolint codes (`DL3006`) whose `# hadolint ignore=` comments silence this rule.
    pub hadolint: &'static [&'static str],
    /// BuildKit check names (`JSONArgsRecommended`) whose `# check=skip=` silences this rule.
    pub buildkit: &'static [&'static str],
    /// Markdown docs: what, why, example, fix, how to silence.
    pub docs: &'static str,
}

impl RuleMeta {
    /// Where the docs are published; diagnostics link here (`codeDescription`).
    pub fn url(&self) -> String {
        format!("{DOCS_BASE_URL}{}.md", self.id)
    }
}

/// Rule docs live in the repository next to the code; this is where they are served.
pub const DOCS_BASE_URL: &str = "https://github.com/shipshape-dev/shipshape/blob/main/docs/rules/";

/// What a Dockerfile rule sees.
pub struct DockerfileContext<'a> {
    /// Where the file is, when it is on disk (names like `Dockerfile.backend` inform fixes).
    pub path: Option<&'a Path>,
    pub file: &'a Dockerfile,
    pub model: &'a DockerfileModel,
    /// The project around the file (Compose builds that use it, their contexts), if known.
    pub project: Option<&'a ProjectView<'a>>,
    /// What the configurable rules look for (trusted registries, the label schema).
    pub options: &'a crate::options::RuleOptions,
}

/// What a Compose rule sees.
pub struct ComposeContext<'a> {
    pub path: Option<&'a Path>,
    pub file: &'a ComposeFile,
    /// Variables for interpolation (`.env` and the environment), as known.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// The project around the file (merged services, builds), if known.
    pub project: Option<&'a ProjectView<'a>>,
    /// The merged services, built once per analysis for every rule that asks.
    services: std::cell::OnceCell<crate::model::services::ServiceSet<'a>>,
    /// What the configurable rules look for.
    pub options: &'a crate::options::RuleOptions,
}

impl DockerfileContext<'_> {
    /// The Compose builds that use this Dockerfile, with their contexts.
    pub fn builds(&self) -> Vec<&BuildLink> {
        match (self.project, self.path) {
            (Some(p), Some(path)) => p.project.builds_of(path).collect(),
            _ => Vec::new(),
        }
    }

    /// The stages whose image is built: the `build.target` of each Compose build that uses
    /// this file, and the last stage where a build names no target (or none is known).
    /// Rules about the image a container runs judge these, not always the last stage.
    pub fn built_stages(&self) -> Vec<usize> {
        let last = self.model.stages.len().checked_sub(1);
        let builds = self.builds();
        if builds.is_empty() {
            return last.into_iter().collect();
        }
        let mut out: Vec<usize> = builds
            .iter()
            .filter_map(|b| b.target.as_deref().and_then(|t| self.model.stage_index(t)).or(last))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The stages whose layers are in a built image: the built stages and those they build
    /// on (`FROM base`).
    pub fn layered_stages(&self) -> Vec<bool> {
        let mut out = vec![false; self.model.stages.len()];
        for s in self.built_stages() {
            for a in self.model.ancestry(s) {
                if let Some(o) = out.get_mut(a) {
                    *o = true;
                }
            }
        }
        out
    }

    /// The stages whose files reach a built image: its layers, and the stages they copy
    /// from (`COPY --from=build`), and so on.
    pub fn feeding_stages(&self) -> Vec<bool> {
        use crate::model::dockerfile::{stage_refs, RefSite};
        let mut out = self.layered_stages();
        let refs: Vec<(usize, usize)> = stage_refs(self.file)
            .into_iter()
            .filter(|r| r.site == RefSite::CopyFrom)
            .filter_map(|r| {
                let from = self.model.stage_of(r.instruction)?;
                let to = self.model.stage_index(&r.name).or_else(|| r.name.parse().ok())?;
                (to < self.model.stages.len()).then_some((from, to))
            })
            .collect();
        loop {
            let mut changed = false;
            for &(from, to) in &refs {
                if out[from] && !out[to] {
                    for a in self.model.ancestry(to) {
                        if !out[a] {
                            out[a] = true;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                return out;
            }
        }
    }

    /// How a message names stage `s` as the built image.
    pub fn built_stage_name(&self, s: usize) -> String {
        let last = self.model.stages.len().checked_sub(1);
        match self.model.stages.get(s).and_then(|st| st.name.as_deref()) {
            Some(n) if Some(s) != last => format!("the `{n}` stage (the target Compose builds)"),
            _ => "the final stage".to_string(),
        }
    }
}

impl<'a> ComposeContext<'a> {
    pub fn new(
        path: Option<&'a Path>,
        file: &'a ComposeFile,
        env: &'a dyn Fn(&str) -> Option<String>,
        project: Option<&'a ProjectView<'a>>,
        options: &'a crate::options::RuleOptions,
    ) -> Self {
        ComposeContext { path, file, env, project, services: std::cell::OnceCell::new(), options }
    }

    /// The services that run with this file's, merged (see
    /// [`ServiceSet`](crate::model::services::ServiceSet)). Merging may re-read the project
    /// for this version of the text, so it is done once, for the first rule that asks.
    pub fn services(&self) -> &crate::model::services::ServiceSet<'a> {
        self.services
            .get_or_init(|| crate::model::services::ServiceSet::new(self.file, self.path, self.env, self.project))
    }

    /// This file's entry in the project.
    pub fn doc(&self) -> Option<(usize, &ComposeDoc)> {
        self.project?.project.compose_doc(self.path?)
    }

    /// The builds of this file's services, each with the service as written here (its
    /// ranges are in this file) and the `build:` it has here or through `extends`.
    pub fn builds(&self) -> Vec<(&BuildLink, &Service)> {
        let (Some(view), Some((index, _))) = (self.project, self.doc()) else { return Vec::new() };
        view.project
            .builds
            .iter()
            .filter(|b| b.compose == index)
            .filter_map(|b| Some((b, self.file.service(&b.service_name)?)))
            .collect()
    }
}

pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check_dockerfile(&self, _cx: &DockerfileContext, _out: &mut Findings) {}
    fn check_compose(&self, _cx: &ComposeContext, _out: &mut Findings) {}
}

/// Looks a rule up by id.
pub fn rule(id: &str) -> Option<&'static dyn Rule> {
    REGISTRY.iter().copied().find(|r| r.meta().id == id)
}

/// The rules another linter's id maps to: a hadolint id (`DL3007`) or a BuildKit check
/// name (`JSONArgsRecommended`, matched without regard to case).
pub fn by_foreign_id(id: &str) -> Vec<&'static dyn Rule> {
    REGISTRY
        .iter()
        .copied()
        .filter(|r| {
            let m = r.meta();
            m.hadolint.iter().chain(m.buildkit).any(|x| x.eq_ignore_ascii_case(id))
        })
        .collect()
}

/// Collects one rule's findings; the engine sets the rule and severity.
pub struct Findings {
    meta: &'static RuleMeta,
    severity: Severity,
    pub(crate) items: Vec<Diagnostic>,
}

impl Findings {
    pub(crate) fn new(meta: &'static RuleMeta, severity: Severity) -> Self {
        Findings { meta, severity, items: Vec::new() }
    }

    /// The findings, once the rule is done. Debug builds (and so every test) check that
    /// each fix has an applicability the rule's metadata declares.
    pub(crate) fn finish(self) -> Vec<Diagnostic> {
        for d in &self.items {
            if let Some(f) = &d.fix {
                debug_assert!(
                    self.meta.fix.allows(f.applicability),
                    "rule `{}` declares {:?} fixes but emitted a {:?} one: {}",
                    self.meta.id,
                    self.meta.fix,
                    f.applicability,
                    f.title
                );
            }
        }
        self.items
    }

    /// Reports a finding; returns it so a fix or related places can be attached.
    pub fn report(&mut self, range: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            rule: self.meta.id,
            severity: self.severity,
            message: message.into(),
            range,
            fix: None,
            related: Vec::new(),
            hadolint: None,
        });
        self.items.last_mut().expect("just pushed")
    }
}

impl Diagnostic {
    pub fn with_fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    /// Says this finding answers none of its rule's hadolint codes (hadolint has no such
    /// finding), though `# hadolint ignore=` for the rule still silences it.
    pub fn without_hadolint(&mut self) -> &mut Self {
        self.hadolint = Some(crate::diagnostic::NO_HADOLINT_CODE);
        self
    }

    /// Names the hadolint code of this finding, for a rule that maps several.
    pub fn with_hadolint(&mut self, code: &'static str) -> &mut Self {
        debug_assert!(crate::rules::rule(self.rule).is_some_and(|r| r.meta().hadolint.contains(&code)));
        self.hadolint = Some(code);
        self
    }

    pub fn with_related(&mut self, range: Range<usize>, message: impl Into<String>) -> &mut Self {
        self.related.push(Related { file: None, range, message: message.into() });
        self
    }
}

/// Helpers for rule tests: run one rule on a text, apply its fixes.
#[cfg(test)]
pub(crate) mod test_util {
    use crate::analysis::{check_compose, check_dockerfile, Settings};
    use crate::diagnostic::{apply_edits, Applicability, Diagnostic};

    fn only(rule: &str) -> Settings {
        Settings { select: Some(vec![rule.to_string()]), ..Default::default() }
    }

    /// Findings of `rule` on a Dockerfile (syntax errors excluded).
    pub fn diagnostics(rule: &str, text: &str) -> Vec<Diagnostic> {
        check_dockerfile(text, &only(rule)).into_iter().filter(|d| d.rule == rule).collect()
    }

    /// `(source text of the range, message)` of each finding.
    pub fn findings(rule: &str, text: &str) -> Vec<(String, String)> {
        diagnostics(rule, text).into_iter().map(|d| (text[d.range].to_string(), d.message)).collect()
    }

    /// The source text of each finding's range.
    pub fn spans(rule: &str, text: &str) -> Vec<String> {
        findings(rule, text).into_iter().map(|f| f.0).collect()
    }

    /// Applies the first finding's fix; panics if there is none.
    #[allow(dead_code)] // used by the rules that have fixes
    pub fn fixed(rule: &str, text: &str) -> (String, Applicability) {
        let d = diagnostics(rule, text);
        let fix = d.first().and_then(|d| d.fix.clone()).expect("a finding with a fix");
        (apply_edits(text, &fix.edits.iter().collect::<Vec<_>>()), fix.applicability)
    }

    /// Applies `rule`'s first fix to `text` and checks the result: exactly `expected`, the
    /// given applicability, no syntax error, and the finding gone.
    pub fn assert_fix(rule: &str, text: &str, expected: &str, applicability: crate::diagnostic::Applicability) {
        let (t, a) = fixed(rule, text);
        assert_eq!(t, expected);
        assert_eq!(a, applicability);
        assert!(crate::syntax::dockerfile::parse(&t).errors.is_empty(), "fixed text has syntax errors: {t}");
        assert!(spans(rule, &t).is_empty(), "still reported after the fix: {t}");
    }

    /// Findings of `rule` on the file at `path` of an in-memory project whose Compose files
    /// are `compose`.
    pub fn project_findings(
        fs: &crate::fs::MemoryFs,
        compose: &[&str],
        path: &str,
        rule: &str,
    ) -> Vec<crate::diagnostic::Diagnostic> {
        use crate::analysis::{check_in_project, FileKind};
        use crate::fs::FileSystem;
        use crate::model::context::ScanCache;
        use crate::model::project::{Project, ProjectView};
        use std::path::{Path, PathBuf};
        let compose: Vec<PathBuf> = compose.iter().map(PathBuf::from).collect();
        let env = |_: &str| None;
        let project = Project::from_compose_files(fs, &compose, &env, &Default::default(), &Default::default());
        let scans = ScanCache::default();
        let view = ProjectView { project: &project, fs, scans: &scans };
        let text = fs.read_to_string(Path::new(path)).expect("file in the MemoryFs");
        let kind = FileKind::detect(Path::new(path)).unwrap_or(FileKind::Dockerfile);
        check_in_project(kind, Some(Path::new(path)), &text, &env, &only(rule), Some(&view))
            .into_iter()
            .filter(|d| d.rule == rule)
            .collect()
    }

    /// [`project_findings`] as the source text of each range.
    pub fn project_spans(fs: &crate::fs::MemoryFs, compose: &[&str], path: &str, rule: &str) -> Vec<String> {
        use crate::fs::FileSystem;
        let text = fs.read_to_string(std::path::Path::new(path)).unwrap_or_default();
        project_findings(fs, compose, path, rule).into_iter().map(|d| text[d.range].to_string()).collect()
    }

    /// Diagnostics (with fixes) of `rule` on the file `check` of an in-memory project
    /// made of `files`, whose Compose files (if any) build it.
    pub fn project_findings_with_fix(rule: &str, files: &[(&str, &str)], check: &str) -> Vec<crate::Diagnostic> {
        let mut fs = crate::fs::MemoryFs::new();
        for (p, t) in files {
            fs = fs.with(*p, *t);
        }
        let compose: Vec<&str> = files
            .iter()
            .map(|(p, _)| *p)
            .filter(|p| {
                crate::analysis::FileKind::detect(std::path::Path::new(p)) == Some(crate::analysis::FileKind::Compose)
            })
            .collect();
        project_findings(&fs, &compose, check, rule)
    }

    /// Findings of `rule` on the file `check` of an in-memory project made of `files`
    /// (path, text): `(source text of the range, message)`.
    pub fn project_file_findings(rule: &str, files: &[(&str, &str)], check: &str) -> Vec<(String, String)> {
        let text = files.iter().find(|(p, _)| *p == check).map(|(_, t)| *t).expect("the checked file is listed");
        project_findings_with_fix(rule, files, check)
            .into_iter()
            .map(|d| (text[d.range].to_string(), d.message))
            .collect()
    }

    /// Findings of `rule` on a Compose file.
    pub fn compose_spans(rule: &str, text: &str) -> Vec<String> {
        let env = |_: &str| None;
        check_compose(text, &env, &only(rule))
            .into_iter()
            .filter(|d| d.rule == rule)
            .map(|d| text[d.range].to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn doc_paragraphs() {
        let docs = "# x\n\n## Why\nLine one\nline two.\n\nMore.\n## Fix\n```\ncode\n```\n## Silence\nFor example:\n\n```toml\na = 1\n```\n";
        assert_eq!(doc_paragraph(docs, "## Why").as_deref(), Some("Line one line two."));
        assert_eq!(doc_paragraph(docs, "## Fix"), None);
        assert_eq!(doc_paragraph(docs, "## Silence").as_deref(), Some("For example:\n\n```toml\na = 1\n```"));
    }

    #[test]
    fn registry_is_consistent() {
        let mut ids = HashSet::new();
        for r in REGISTRY {
            let m = r.meta();
            assert!(ids.insert(m.id), "duplicate rule id {}", m.id);
            assert!(m.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{} is not kebab-case", m.id);
            for section in ["## What it finds", "## Why", "## Example", "## Fix", "## Silence"] {
                assert!(m.docs.contains(section), "{} docs lack `{section}`", m.id);
            }
            assert!(m.docs.starts_with(&format!("# {}", m.id)), "{} docs must start with its title", m.id);
        }
    }

    /// Rules whose finding needs the project around the file (build contexts on disk, a
    /// second Compose file), which a docs example cannot carry; their tests build one.
    const PROJECT_RULES: &[&str] = &[
        "build-arg-not-declared",
        "build-order-dependency",
        "context-bloat",
        "context-missing",
        "copy-source-ignored",
        "copy-source-missing",
        "dockerfile-missing",
        "missing-dockerignore",
        "root-build-context",
    ];

    /// The configuration a configured rule's example states ("With `…`:").
    fn example_options(id: &str) -> crate::options::RuleOptions {
        use crate::options::{LabelKind, RuleOptions};
        match id {
            "untrusted-registry" => {
                RuleOptions { trusted_registries: vec!["registry.example.com".into()], ..Default::default() }
            }
            "label-schema" => RuleOptions {
                label_schema: [("org.opencontainers.image.version".to_string(), LabelKind::Semver)].into(),
                ..Default::default()
            },
            "invalid-base-image-platform" => RuleOptions {
                image_platforms: [("docker.io/example/amd64-only:1.0".to_string(), vec!["linux/amd64".to_string()])]
                    .into(),
                ..Default::default()
            },
            _ => RuleOptions::default(),
        }
    }

    /// Each rule's `## Example` is found by the rule, and its fix (when it has one that
    /// `fix --unsafe` applies) leaves the example clean of that rule.
    #[test]
    fn every_example_is_found_and_fixed() {
        use crate::analysis::{check, fix, FileKind, Settings};
        let mut failures = Vec::new();
        for r in REGISTRY {
            let m = r.meta();
            // ShellCheck's findings come from the program, which the core does not run
            // (`tests/cli.rs` runs it on this example).
            if PROJECT_RULES.contains(&m.id) || m.id == "shellcheck" {
                continue;
            }
            let example = m.docs.split("## Example").nth(1).expect("an example section");
            let example = example.split("\n## ").next().unwrap_or(example);
            let (lang, code) = example
                .split("```")
                .nth(1)
                .and_then(|b| b.split_once('\n'))
                .unwrap_or_else(|| panic!("{}: the example has no code block", m.id));
            let kind = match lang.trim() {
                "dockerfile" | "Dockerfile" => FileKind::Dockerfile,
                "yaml" | "yml" => FileKind::Compose,
                other => panic!("{}: example block `{other}` is neither dockerfile nor yaml", m.id),
            };
            // The rule alone, on at its default or, if off by default, turned on; configured
            // rules get the configuration their example states.
            let settings = Settings {
                select: Some(vec![m.id.to_string()]),
                strict: true,
                options: example_options(m.id),
                ..Default::default()
            };
            let env = |_: &str| None;
            let found = check(kind, None, code, &env, &settings);
            if !found.iter().any(|d| d.rule == m.id) {
                failures.push(format!("{}: its own example is not found:\n{code}", m.id));
                continue;
            }
            if found
                .iter()
                .any(|d| d.rule == m.id && d.fix.as_ref().is_some_and(|f| f.applicability != Applicability::Manual))
            {
                let out = fix(kind, None, code, &env, &settings, true);
                let left: Vec<_> =
                    check(kind, None, &out.text, &env, &settings).into_iter().filter(|d| d.rule == m.id).collect();
                if !left.is_empty() {
                    failures.push(format!("{}: the fixed example still has {left:?}:\n{}", m.id, out.text));
                }
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
}
