//! Runs ShellCheck on RUN scripts (the core says which scripts and maps the answers back;
//! see `shipshape_rules::model::script`). `shellcheck` is looked up on `PATH` once; scripts
//! go to it in batches (one process reads many files, which is what makes a whole tree
//! cheap), chunks run on every core, and answers are cached by script text so an editor
//! re-checks only the RUNs that changed. A missing, failing or hanging `shellcheck` costs
//! its findings, never the run: each process is killed after [`TIMEOUT`].

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use serde::Deserialize;
use shipshape_rules::analysis::{ShellCheckComment, SHELLCHECK_EXCLUDED};
use shipshape_rules::model::script::ShellScript;

/// How long one `shellcheck` process may take for its chunk.
const TIMEOUT: Duration = Duration::from_secs(60);
/// Scripts per process: enough to amortise the start-up, small enough to spread over cores.
const CHUNK: usize = 64;
/// Cached answers before the cache starts over (a bound on memory in a long editor session).
const CACHE_LIMIT: usize = 20_000;

/// One process's answer: the comments of each script of its chunk, or why it failed.
type ChunkResult = Result<Vec<Vec<ShellCheckComment>>, String>;

pub struct Checker {
    program: PathBuf,
    /// `0.9.0`, from `shellcheck --version`.
    pub version: String,
}

/// The `shellcheck` on `PATH`, if it runs.
pub fn checker() -> Option<&'static Checker> {
    static FOUND: OnceLock<Option<Checker>> = OnceLock::new();
    FOUND
        .get_or_init(|| {
            let program = std::env::var_os("PATH")
                .and_then(|paths| std::env::split_paths(&paths).map(|d| d.join("shellcheck")).find(|p| p.is_file()))?;
            let out = Command::new(&program).arg("--version").stderr(Stdio::null()).output().ok()?;
            let text = String::from_utf8_lossy(&out.stdout);
            let version = text.lines().find_map(|l| l.strip_prefix("version:")).map(|v| v.trim().to_string())?;
            Some(Checker { program, version })
        })
        .as_ref()
}

#[derive(Deserialize)]
struct Json1 {
    comments: Vec<JsonComment>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct JsonComment {
    file: String,
    line: usize,
    end_line: usize,
    column: usize,
    end_column: usize,
    level: String,
    code: u32,
    message: String,
}

fn cache() -> &'static Mutex<HashMap<u64, Vec<ShellCheckComment>>> {
    static CACHE: OnceLock<Mutex<HashMap<u64, Vec<ShellCheckComment>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

fn key(s: &ShellScript) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (s.dialect, &s.text).hash(&mut h);
    h.finish()
}

/// The answers already known for each script (`None`: not checked yet), without running
/// anything: what the editor's analysis uses on the keystroke path.
pub fn cached(scripts: &[&ShellScript]) -> Vec<Option<Vec<ShellCheckComment>>> {
    let cache = cache().lock().unwrap_or_else(|e| e.into_inner());
    scripts.iter().map(|s| cache.get(&key(s)).cloned()).collect()
}

impl Checker {
    /// ShellCheck's comments for each script, in order. A script whose check failed gets
    /// none (remembered as such, so it is not retried until it changes; the failure goes to
    /// `failed`).
    pub fn check(&self, scripts: &[&ShellScript], failed: &mut Vec<String>) -> Vec<Vec<ShellCheckComment>> {
        let mut out = cached(scripts);
        let todo: Vec<usize> = (0..scripts.len()).filter(|&i| out[i].is_none()).collect();
        // Chunks of one dialect each (`--shell` is per process).
        let mut chunks: Vec<(&'static str, Vec<usize>)> = Vec::new();
        for i in todo {
            let d = scripts[i].dialect;
            match chunks.iter_mut().rev().find(|(cd, c)| *cd == d && c.len() < CHUNK) {
                Some((_, c)) => c.push(i),
                None => chunks.push((d, vec![i])),
            }
        }
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(chunks.len().max(1));
        let next = Mutex::new(0usize);
        let results: Mutex<Vec<(usize, ChunkResult)>> = Mutex::new(Vec::new());
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| loop {
                    let n = {
                        let mut g = next.lock().unwrap_or_else(|e| e.into_inner());
                        let n = *g;
                        *g += 1;
                        n
                    };
                    let Some((dialect, idx)) = chunks.get(n) else { break };
                    let texts: Vec<&str> = idx.iter().map(|&i| scripts[i].text.as_str()).collect();
                    let r = self.run(dialect, &texts);
                    results.lock().unwrap_or_else(|e| e.into_inner()).push((n, r));
                });
            }
        });
        let mut cache = cache().lock().unwrap_or_else(|e| e.into_inner());
        if cache.len() > CACHE_LIMIT {
            cache.clear();
        }
        for (n, r) in results.into_inner().unwrap_or_else(|e| e.into_inner()) {
            match r {
                Ok(per_script) => {
                    for (&i, comments) in chunks[n].1.iter().zip(per_script) {
                        cache.insert(key(scripts[i]), comments.clone());
                        out[i] = Some(comments);
                    }
                }
                Err(e) => {
                    for &i in &chunks[n].1 {
                        cache.insert(key(scripts[i]), Vec::new());
                    }
                    failed.push(e);
                }
            }
        }
        out.into_iter().map(Option::unwrap_or_default).collect()
    }

    /// One `shellcheck` process over `texts`, written as files `0.sh`, `1.sh`, … of a
    /// temporary folder; its comments sorted back to each text.
    fn run(&self, dialect: &str, texts: &[&str]) -> Result<Vec<Vec<ShellCheckComment>>, String> {
        let dir = tempfile::tempdir().map_err(|e| format!("shellcheck: cannot make a temporary folder: {e}"))?;
        let mut files = Vec::with_capacity(texts.len());
        for (i, t) in texts.iter().enumerate() {
            let name = format!("{i}.sh");
            std::fs::write(dir.path().join(&name), t).map_err(|e| format!("shellcheck: cannot write a script: {e}"))?;
            files.push(name);
        }
        let excluded: Vec<String> = SHELLCHECK_EXCLUDED.iter().map(u32::to_string).collect();
        let mut child = Command::new(&self.program)
            .current_dir(dir.path())
            .args(["--norc", "--format=json1", "--shell", dialect, "--exclude", &excluded.join(","), "--"])
            .args(&files)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("shellcheck: cannot run {}: {e}", self.program.display()))?;
        // Read both pipes on their own threads (a full pipe would stall the child) and
        // wait with a deadline.
        let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
            std::thread::spawn(move || {
                let mut buf = Vec::new();
                if let Some(mut p) = pipe {
                    let _ = p.read_to_end(&mut buf);
                }
                buf
            })
        };
        let stdout = read(child.stdout.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
        let stderr = read(child.stderr.take().map(|p| Box::new(p) as Box<dyn std::io::Read + Send>));
        let deadline = std::time::Instant::now() + TIMEOUT;
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if std::time::Instant::now() < deadline => std::thread::sleep(Duration::from_millis(5)),
                Ok(None) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!("shellcheck: gave up after {}s on {} scripts", TIMEOUT.as_secs(), texts.len()));
                }
                Err(e) => return Err(format!("shellcheck: {e}")),
            }
        };
        let output = std::process::Output {
            status,
            stdout: stdout.join().unwrap_or_default(),
            stderr: stderr.join().unwrap_or_default(),
        };
        // 0: no comments, 1: comments; anything else is a failure of the tool.
        if !matches!(output.status.code(), Some(0 | 1)) {
            let err = String::from_utf8_lossy(&output.stderr);
            return Err(format!("shellcheck failed ({}): {}", output.status, err.lines().next().unwrap_or("")));
        }
        let parsed: Json1 =
            serde_json::from_slice(&output.stdout).map_err(|e| format!("shellcheck: unreadable output: {e}"))?;
        let mut per: Vec<Vec<ShellCheckComment>> = vec![Vec::new(); texts.len()];
        for c in parsed.comments {
            let Some(i) = c.file.strip_suffix(".sh").and_then(|n| n.parse::<usize>().ok()) else { continue };
            if let Some(v) = per.get_mut(i) {
                v.push(ShellCheckComment {
                    line: c.line,
                    column: c.column,
                    end_line: c.end_line,
                    end_column: c.end_column,
                    level: c.level,
                    code: c.code,
                    message: c.message,
                });
            }
        }
        Ok(per)
    }
}
