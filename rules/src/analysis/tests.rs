use super::*;

/// Findings of the image rules and syntax errors (other rules have their own tests).
fn ids(text: &str) -> Vec<(&'static str, String)> {
    check_dockerfile(text, &Settings::default())
        .into_iter()
        .filter(|d| matches!(d.rule, "untagged-image" | "latest-tag" | "syntax-error"))
        .map(|d| (d.rule, text[d.range].to_string()))
        .collect()
}

fn compose_ids(text: &str) -> Vec<(&'static str, String)> {
    let env = |name: &str| (name == "TAG").then(|| "latest".to_string());
    // The image rules and syntax errors; the service rules have their own tests.
    check_compose(text, &env, &Settings::default())
        .into_iter()
        .filter(|d| matches!(d.rule, "untagged-image" | "latest-tag" | "syntax-error"))
        .map(|d| (d.rule, text[d.range].to_string()))
        .collect()
}

#[test]
fn detects_file_kinds() {
    let k = |p: &str| FileKind::detect(Path::new(p));
    assert_eq!(k("Dockerfile"), Some(FileKind::Dockerfile));
    assert_eq!(k("a/b/Dockerfile.backend"), Some(FileKind::Dockerfile));
    assert_eq!(k("api.Dockerfile"), Some(FileKind::Dockerfile));
    assert_eq!(k("Containerfile"), Some(FileKind::Dockerfile));
    assert_eq!(k("compose.yaml"), Some(FileKind::Compose));
    assert_eq!(k("compose.prod.yml"), Some(FileKind::Compose));
    assert_eq!(k("docker-compose.dev.yml"), Some(FileKind::Compose));
    assert_eq!(k("docker-compose.yml"), Some(FileKind::Compose));
    assert_eq!(k("values.yaml"), None);
    assert_eq!(k("Dockerfile.dockerignore"), None);
    assert_eq!(k("README.md"), None);
    // Code about Dockerfiles, generator templates and docs are not Dockerfiles.
    for name in ["pkg/dockerfile.go", "Dockerfile.template", "Dockerfile.j2", "Dockerfile.md", "x.Dockerfile.tmpl"] {
        assert_eq!(k(name), None, "{name}");
    }
    assert_eq!(k("Dockerfile.alpine"), Some(FileKind::Dockerfile));
    assert_eq!(k("Dockerfile.windows-ltsc2022"), Some(FileKind::Dockerfile));
}

#[test]
fn image_rules_on_from() {
    let text = "FROM node\nFROM node:latest AS b\nFROM b\nFROM scratch\nFROM node:latest@sha256:0000000000000000000000000000000000000000000000000000000000000000\nFROM ghcr.io/o/r\n";
    assert_eq!(
        ids(text),
        [
            ("untagged-image", "node".to_string()),
            ("latest-tag", "latest".to_string()),
            ("untagged-image", "ghcr.io/o/r".to_string()),
        ]
    );
}

#[test]
fn image_rules_follow_arg_defaults() {
    let text = "ARG BASE=node:20\nARG LATEST=redis:latest\nARG NOVAL\nFROM ${BASE}\nFROM $LATEST\nFROM ${NOVAL}\nFROM ${NOVAL:-alpine}\n";
    let got = ids(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], ("latest-tag", "$LATEST".to_string()));
    assert_eq!(got[1], ("untagged-image", "${NOVAL:-alpine}".to_string()));
}

#[test]
fn syntax_errors_do_not_hide_other_findings() {
    let got = ids("FROM node\nRU make\nFROM alpine:latest\n");
    let rules: Vec<_> = got.iter().map(|g| g.0).collect();
    assert_eq!(rules, ["untagged-image", "syntax-error", "latest-tag"]);
}

#[test]
fn image_rules_on_compose() {
    let text = "services:\n  prometheus:\n    image: prom/prometheus:latest\n  cache:\n    image: \"redis\"\n  app:\n    image: app:${TAG}\n  built:\n    build: .\n    image: built\n  pinned:\n    image: postgres:15-alpine\n  unknown:\n    image: ${REGISTRY}/x\n";
    assert_eq!(
        compose_ids(text),
        [
            ("latest-tag", "latest".to_string()),
            ("untagged-image", "\"redis\"".to_string()),
            ("latest-tag", "app:${TAG}".to_string()),
        ]
    );
}

#[test]
fn compose_syntax_error_keeps_other_services() {
    let text = "services:\n  a:\n    image: x:latest\n    imag\n  b:\n    image: y\n";
    let rules: Vec<_> = compose_ids(text).into_iter().map(|g| g.0).collect();
    assert_eq!(rules, ["latest-tag", "syntax-error", "untagged-image"]);
}

#[test]
fn settings_select_ignore_and_severity() {
    let text = "FROM node\n";
    let untagged =
        |s: &Settings| check_dockerfile(text, s).into_iter().filter(|d| d.rule == "untagged-image").collect::<Vec<_>>();
    let mut s = Settings { ignore: vec!["untagged-image".into()], ..Default::default() };
    assert!(untagged(&s).is_empty());
    s.ignore.clear();
    s.severity.insert("untagged-image".into(), Severity::Error);
    assert_eq!(untagged(&s)[0].severity, Severity::Error);
    let s = Settings { select: Some(vec!["latest-tag".into()]), ..Default::default() };
    assert!(check_dockerfile(text, &s).is_empty());
}

#[test]
fn a_cancelled_analysis_stops_before_the_next_rule() {
    let latest = std::sync::Arc::new(std::sync::atomic::AtomicI32::new(2));
    let stale = Settings { cancel: Some(Cancel { latest: latest.clone(), version: 1 }), ..Default::default() };
    assert!(check_dockerfile("FROM node\n", &stale).is_empty());
    let current = Settings { cancel: Some(Cancel { latest, version: 2 }), ..Default::default() };
    assert!(!check_dockerfile("FROM node\n", &current).is_empty());
}

#[test]
fn one_definition_shared_by_many_services_is_one_finding() {
    let files = [
        ("/p/compose.yaml", "x-defaults: &defaults\n  build:\n    context: ./app\n  image: acme/app:1\nservices:\n  web:\n    <<: *defaults\n  worker:\n    <<: *defaults\n  cron:\n    <<: *defaults\n"),
        ("/p/app/Dockerfile", "FROM node:20\nCOPY . .\n"),
        ("/p/app/node_modules/x/index.js", "x"),
    ];
    let d = crate::rules::test_util::project_file_findings("missing-dockerignore", &files, "/p/compose.yaml");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(d[0].1.ends_with("(the same for 2 more services)"), "{}", d[0].1);
}
