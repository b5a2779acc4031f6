//! What the Compose rules decide with: the services that run together with a file's
//! (merged through `extends`, `<<:` and override files), the names other files define,
//! variable lookup, and what the well-known images keep where.
//!
//! Rules decide with [`ServiceSet::services`] but report on `file.services`: merged
//! services may carry ranges from other files.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::fs::FileSystem;
use crate::model::dockerfile::{Base, DockerfileModel};
use crate::model::project::{normalize, ComposeDoc, DockerfileRef, Project, ProjectView};
use crate::model::well_known::image_without_healthcheck;
#[cfg(test)]
use crate::model::well_known::{known_image, Store};
use crate::syntax::compose::interpolation::{self, Resolved};
use crate::syntax::compose::{ComposeFile, Service};
use crate::syntax::dockerfile::{self, Kind};
use crate::syntax::yaml::{Entry, Node};

pub struct ServiceSet<'a> {
    pub file: &'a ComposeFile,
    pub path: Option<&'a Path>,
    pub fs: Option<&'a dyn FileSystem>,
    /// The project, rebuilt with this text when it was loaded from another version of
    /// the file (as when fixes are applied one round after another).
    project: Option<Cow<'a, Project>>,
    /// This file's index in the project.
    doc: Option<usize>,
    /// The base file this one overrides (`compose.override.yaml` → `compose.yaml`).
    base: Option<usize>,
    /// Every service that runs with this file's, merged: `(Some(doc), i)` is
    /// `compose[doc].merged[i]`, `(None, i)` is `file.services[i]`.
    order: Vec<(Option<usize>, usize)>,
    env: &'a dyn Fn(&str) -> Option<String>,
}

impl<'a> ServiceSet<'a> {
    /// The services of `file` (at `path`) and of the files that run with it in `project`;
    /// `env` answers interpolation variables.
    pub fn new(
        file: &'a ComposeFile,
        path: Option<&'a Path>,
        env: &'a dyn Fn(&str) -> Option<String>,
        view: Option<&'a ProjectView<'a>>,
    ) -> Self {
        let fs = view.map(|p| p.fs);
        let mut project: Option<Cow<'a, Project>> = view.map(|p| Cow::Borrowed(p.project));
        let mut doc = match (&project, path) {
            (Some(p), Some(path)) => p.compose_doc(path).map(|(i, _)| i),
            _ => None,
        };
        if let (Some(p), Some(i), Some(fs), Some(path)) = (&project, doc, fs, path) {
            if p.compose[i].file.source != file.source {
                let paths: Vec<PathBuf> = p.compose.iter().map(|d| d.path.clone()).collect();
                let mut buffers = HashMap::new();
                buffers.insert(p.compose[i].path.clone(), file.source.clone());
                buffers.insert(path.to_path_buf(), file.source.clone());
                let fresh = Project::from_compose_files(fs, &paths, env, &buffers, &Default::default());
                doc = fresh.compose_doc(path).map(|(i, _)| i);
                project = Some(Cow::Owned(fresh));
            }
        }
        let base = doc.and_then(|i| project.as_ref()?.compose.get(i)?.overrides);
        let mut order: Vec<(Option<usize>, usize)> = Vec::new();
        let mut names: Vec<&str> = Vec::new();
        if let Some(p) = &project {
            if let Some(d) = base.or(doc) {
                for (i, s) in p.compose[d].merged.iter().enumerate() {
                    order.push((Some(d), i));
                    names.push(&s.name.value);
                }
            }
        }
        // Services the project does not know (another version of the text) are taken as written.
        let extra: Vec<usize> =
            (0..file.services.len()).filter(|&i| !names.contains(&file.services[i].name.value.as_str())).collect();
        order.extend(extra.into_iter().map(|i| (None, i)));
        ServiceSet { file, path, fs, project, doc, base, order, env }
    }

    pub fn project(&self) -> Option<&Project> {
        self.project.as_deref()
    }

    /// This file's entry in the project.
    pub fn doc(&self) -> Option<&ComposeDoc> {
        self.project()?.compose.get(self.doc?)
    }

    /// The file this one overrides.
    pub fn base(&self) -> Option<&ComposeDoc> {
        self.project()?.compose.get(self.base?)
    }

    /// In an override file, a service its base also defines is judged (merged) in the base.
    pub fn judged_in_base(&self, name: &str) -> bool {
        self.base().is_some_and(|b| b.file.service(name).is_some())
    }

    /// Every service that runs with this file's, merged; decide with these.
    pub fn services(&self) -> impl Iterator<Item = &Service> + '_ {
        self.order.iter().filter_map(move |&(d, i)| match d {
            Some(d) => self.project()?.compose.get(d)?.merged.get(i),
            None => self.file.services.get(i),
        })
    }

    /// A service by name, merged.
    pub fn get(&self, name: &str) -> Option<&Service> {
        self.services().find(|s| s.name.value == name)
    }

    /// Interpolation lookup: the caller's environment, then the `.env` beside the file.
    pub fn lookup(&self, name: &str) -> Option<String> {
        (self.env)(name).or_else(|| {
            let d = self.doc()?;
            d.dotenv.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
        })
    }

    pub fn interpolate(&self, s: &str) -> Resolved {
        interpolation::interpolate(s, &|n: &str| self.lookup(n))
    }

    /// `s` interpolated, or `None` when a variable it needs is unknown.
    pub fn resolve(&self, s: &str) -> Option<String> {
        let r = self.interpolate(s);
        r.unknown.is_empty().then_some(r.value)
    }

    /// Other Compose files of the project in this file's folder: files combined with this
    /// one by `-f` are usually found there.
    pub fn siblings(&self) -> Vec<&ComposeDoc> {
        let dir = self.path.and_then(Path::parent).map(normalize);
        self.project()
            .into_iter()
            .flat_map(|p| p.compose.iter().enumerate())
            .filter(|(i, d)| Some(*i) != self.doc && dir.as_ref().is_some_and(|dir| normalize(d.dir()) == *dir))
            .map(|(_, d)| d)
            .collect()
    }

    /// The files merged with this one by default: its base and the files overriding it or its base.
    pub fn partners(&self) -> Vec<&ComposeDoc> {
        let Some(p) = self.project() else { return Vec::new() };
        let root = self.base.or(self.doc);
        p.compose
            .iter()
            .enumerate()
            .filter(|(i, d)| {
                Some(*i) != self.doc && (Some(*i) == root || (d.overrides.is_some() && d.overrides == root))
            })
            .map(|(_, d)| d)
            .collect()
    }

    /// Service names that references from this file may use: its services, those of
    /// `include:`d files, of the files merged with it, and of Compose files beside it
    /// (which may be combined with `-f`).
    pub fn defined_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.services().map(|s| s.name.value.as_str()).collect();
        let mut docs: Vec<&ComposeDoc> = self.doc().into_iter().collect();
        docs.extend(self.base());
        docs.extend(self.partners());
        docs.extend(self.siblings());
        for d in docs {
            names.extend(d.included.iter().map(String::as_str));
            names.extend(d.merged.iter().map(|s| s.name.value.as_str()));
            names.extend(d.file.services.iter().map(|s| s.name.value.as_str()));
        }
        names.sort_unstable();
        names.dedup();
        names
    }

    /// Without a project, a file with partial services (no image, build or extends) is
    /// an overlay for other files we cannot see.
    pub fn is_overlay(&self) -> bool {
        self.file.services.iter().any(|s| is_partial(self.get(&s.name.value).unwrap_or(s)))
    }

    /// The Compose project name: top-level `name:` or the folder, normalised as Compose
    /// does (the default image of a service is `<project>-<service>`).
    pub fn project_name(&self) -> Option<String> {
        let from_name = self.file.name.as_ref().and_then(|n| self.resolve(&n.value));
        let from_dir = || {
            let dir = self.path?.parent()?;
            let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
            // `.` names no folder: ask the file system where it is.
            let dir =
                if dir.file_name().is_none() { normalize(&self.fs?.canonicalize(dir)?) } else { dir.to_path_buf() };
            dir.file_name()?.to_str().map(str::to_string)
        };
        from_name.or_else(from_dir).map(|n| compose_project_name(&n)).filter(|n| !n.is_empty())
    }

    /// Images this file's services pull, as Compose runs them by default: a service that
    /// an override file (or its base) gives a `build:` or another `image:` does not pull
    /// the image written here.
    pub fn pulled_images(&self) -> Vec<(usize, crate::model::images::ImageUse)> {
        crate::model::images::compose_images(self.file, &|n: &str| self.lookup(n))
            .into_iter()
            .filter(|(i, _)| {
                let Some(svc) = self.file.services.get(*i) else { return false };
                let Some(merged) = self.get(&svc.name.value) else { return true };
                let written = svc.image.as_ref().map(|s| s.value.as_str());
                merged.build.is_none() && merged.image.as_ref().map(|s| s.value.as_str()) == written
            })
            .collect()
    }

    /// The YAML node of this file's service `name`.
    pub fn node(&self, name: &str) -> Option<&'a Entry> {
        service_entry(self.file, name)
    }

    /// Does the Dockerfile that builds `svc` (as far as it can be read) define a
    /// HEALTHCHECK? `None` when unknown: no project, an unreadable file, or a base image
    /// that may bring its own.
    pub fn build_has_healthcheck(&self, svc: &Service) -> Option<bool> {
        let p = self.project()?;
        let fs = self.fs?;
        let docs: Vec<usize> = self.doc.into_iter().chain(self.base).collect();
        let link = p.builds.iter().find(|b| b.service_name == svc.name.value && docs.contains(&b.compose))?;
        let text = match &link.dockerfile {
            DockerfileRef::Inline(t) => t.clone(),
            DockerfileRef::Path { path, .. } => fs.read_to_string(path).ok()?,
        };
        let df = dockerfile::parse(&text);
        let model = DockerfileModel::build(&df);
        let stage = match &link.target {
            Some(t) => model.stage_index(t)?,
            None => model.stages.len().checked_sub(1)?,
        };
        let chain = model.ancestry(stage);
        let has = chain.iter().any(|&s| {
            model.stages[s]
                .instructions
                .clone()
                .any(|i| df.instructions.get(i).is_some_and(|i| i.kind == Kind::Healthcheck))
        });
        if has {
            return Some(true);
        }
        let root = chain.last().map(|&s| &model.stages[s].base)?;
        match root {
            Base::Scratch => Some(false),
            Base::Image { resolved: Some(r), .. } if image_without_healthcheck(r) => Some(false),
            _ => None,
        }
    }
}

/// A service that can't run alone: no image, no build, no extends.
pub fn is_partial(s: &Service) -> bool {
    s.image.is_none() && s.build.is_none() && s.extends.is_none()
}

pub fn service_entry<'f>(file: &'f ComposeFile, name: &str) -> Option<&'f Entry> {
    file.root()?.get("services")?.entry(name)
}

/// Lowercases and keeps `[a-z0-9._-]`, with separators only between alphanumerics,
/// so the result is a valid image path component.
/// The project name as Compose normalises it: lowercase, only `[a-z0-9_-]` kept, no
/// leading `_` or `-` ("Reconciliation Platform" → `reconciliationplatform`).
pub fn compose_project_name(s: &str) -> String {
    let kept: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-')
        .collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

pub fn image_component(s: &str) -> String {
    let mut out = String::new();
    let mut pending_sep: Option<char> = None;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            if let Some(sep) = pending_sep.take() {
                if !out.is_empty() {
                    out.push(sep);
                }
            }
            out.push(c);
        } else if pending_sep.is_none() {
            pending_sep = Some(if c == '_' || c == '.' { c } else { '-' });
        }
    }
    out
}

/// Command-line words of a service's `command` (list or string form).
pub fn command_words(cmd: Option<&Node>) -> Vec<String> {
    let Some(cmd) = cmd else { return Vec::new() };
    if let Some(items) = cmd.as_seq() {
        return items.iter().map(|i| i.as_str().unwrap_or("").to_string()).collect();
    }
    cmd.as_str().map(split_words).unwrap_or_default()
}

/// Splits a command string into words, honouring simple quotes (`--save ""` gives an empty word).
pub fn split_words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in s.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                in_word = true;
            }
            None if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            None => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

/// Is `dir` (a container path) `target` or inside it?
pub fn path_within(dir: &str, target: &str) -> bool {
    let t = target.trim_end_matches('/');
    let d = dir.trim_end_matches('/');
    if t.is_empty() {
        return target.starts_with('/');
    }
    d == t || d.strip_prefix(t).is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_images() {
        let k = |s: &str| known_image(s).map(|k| (k.store, k.major));
        assert_eq!(k("postgres:15-alpine"), Some((Store::Postgres, Some(15))));
        assert_eq!(k("docker.io/library/postgres:18"), Some((Store::Postgres, Some(18))));
        assert_eq!(k("public.ecr.aws/docker/library/mysql:8.4"), Some((Store::Mysql, Some(8))));
        assert_eq!(k("docker.elastic.co/elasticsearch/elasticsearch:8.11.0"), Some((Store::Elasticsearch, Some(8))));
        assert_eq!(k("bitnami/postgresql:16"), None);
        assert_eq!(k("myorg/postgres:1"), None);
        assert!(image_without_healthcheck("redis:7"));
        assert!(image_without_healthcheck("grafana/grafana:11.1.0"));
        assert!(!image_without_healthcheck("vaultwarden/server:1.30.0"));
        assert!(!image_without_healthcheck("mysql/mysql-server:8.0"));
    }

    #[test]
    fn helpers() {
        assert_eq!(image_component("Reconciliation Platform_v2"), "reconciliation-platform_v2");
        assert_eq!(image_component("--My..App--"), "my.app");
        assert_eq!(
            split_words("redis-server --save \"\" --appendonly 'no'"),
            ["redis-server", "--save", "", "--appendonly", "no"]
        );
        assert!(path_within("/var/lib/postgresql/data", "/var/lib/postgresql"));
        assert!(path_within("/var/lib/postgresql/data", "/var/lib/postgresql/data/"));
        assert!(!path_within("/var/lib/postgresql/data", "/var/lib/postgres"));
        assert!(!path_within("/data", "/data/db"));
        assert!(path_within("/data", "/"));
    }
}
