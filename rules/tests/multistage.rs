//! "Convert to multi-stage build": snapshots per ecosystem, and the properties every result
//! must have (parses, no stage findings, cannot be converted again).

use std::path::Path;

use shipshape_rules::diagnostic::apply_edits;
use shipshape_rules::fs::{FileSystem, MemoryFs};
use shipshape_rules::model::context::ScanCache;
use shipshape_rules::model::dockerfile::DockerfileModel;
use shipshape_rules::model::project::{Project, ProjectView};
use shipshape_rules::refactor::convert_to_multistage;
use shipshape_rules::rules::DockerfileContext;
use shipshape_rules::syntax::dockerfile::parse;
use shipshape_rules::{check_dockerfile, Applicability, Fix, Settings};

/// Converts `text` (at `path`, with `fs` as its project's disk when given).
fn convert_in(text: &str, path: Option<&str>, fs: Option<&MemoryFs>, compose: &[&str]) -> Option<Fix> {
    let df = parse(text);
    let model = DockerfileModel::build(&df);
    let scans = ScanCache::default();
    let env = |_: &str| None;
    let project = fs.map(|fs| {
        let files: Vec<_> = compose.iter().map(std::path::PathBuf::from).collect();
        Project::from_compose_files(fs, &files, &env, &Default::default(), &Default::default())
    });
    let view = match (&project, fs) {
        (Some(p), Some(fs)) => Some(ProjectView { project: p, fs: fs as &dyn FileSystem, scans: &scans }),
        _ => None,
    };
    let cx = DockerfileContext { path: path.map(Path::new), file: &df, model: &model, project: view.as_ref() };
    convert_to_multistage(&cx)
}

/// The converted text, checked for the properties every conversion must have.
fn converted_in(text: &str, path: Option<&str>, fs: Option<&MemoryFs>, compose: &[&str]) -> String {
    let fix = convert_in(text, path, fs, compose).expect("a conversion");
    assert_eq!(fix.title, "Convert to multi-stage build");
    assert_eq!(fix.applicability, Applicability::Unsafe);
    let out = apply_edits(text, &fix.edits.iter().collect::<Vec<_>>());
    let df = parse(&out);
    assert!(df.errors.is_empty(), "syntax errors {:?} in:\n{out}", df.errors);
    let settings = Settings { strict: true, ..Default::default() };
    let found: Vec<_> = check_dockerfile(&out, &settings)
        .into_iter()
        .filter(|d| matches!(d.rule, "syntax-error" | "unknown-stage" | "single-stage-build"))
        .collect();
    assert!(found.is_empty(), "{found:?} in:\n{out}");
    assert_eq!(DockerfileModel::build(&df).stages.len(), 2, "{out}");
    assert!(convert_in(&out, path, fs, compose).is_none(), "converted twice:\n{out}");
    // Everything before the FROM is kept byte for byte.
    let from = text.find("FROM").unwrap();
    assert_eq!(&out[..from], &text[..from]);
    out
}

fn converted(text: &str) -> String {
    converted_in(text, None, None, &[])
}

fn data(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/multistage").join(name)).unwrap()
}

/// Snapshot text: CRLF shown, so that line endings are part of the snapshot.
fn visible(text: &str) -> String {
    text.replace("\r\n", "\\r\n")
}

macro_rules! snap {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            let out = converted(&data($file));
            insta::assert_snapshot!(stringify!($test), visible(&out));
        }
    };
}

snap!(rust_basic, "rust-basic.Dockerfile");
snap!(rust_args_comments, "rust-args-comments.Dockerfile");
snap!(rust_crlf_alpine, "rust-crlf-alpine.Dockerfile");
snap!(go_static, "go-static.Dockerfile");
snap!(go_cgo_heredoc, "go-cgo-heredoc.Dockerfile");
snap!(node_server, "node-server.Dockerfile");
snap!(node_static, "node-static.Dockerfile");
snap!(python_pip, "python-pip.Dockerfile");
snap!(python_heredoc_crlf, "python-heredoc-crlf.Dockerfile");
snap!(java_maven, "java-maven.Dockerfile");
snap!(java_gradle, "java-gradle.Dockerfile");
snap!(dotnet, "dotnet.Dockerfile");
snap!(dotnet_worker_guess, "dotnet-worker-guess.Dockerfile");
