//! A minimal LSP client over a child process's stdio (Content-Length framing), shared by
//! the end-to-end tests and the latency benchmark.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// Generous: these bound a hang, they are not performance assertions.
pub const WAIT: Duration = Duration::from_secs(20);

pub struct Lsp {
    pub child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Notifications and server requests seen while waiting for something else.
    pub backlog: Vec<Value>,
    /// The server's capabilities from its `initialize` answer.
    pub capabilities: Value,
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            len = v.parse::<usize>().ok();
        }
    }
    let mut buf = vec![0; len?];
    r.read_exact(&mut buf).ok()?;
    serde_json::from_slice(&buf).ok()
}

impl Lsp {
    /// Starts shipshape's server and initializes it.
    #[allow(dead_code)]
    pub fn start(root: &Path, capabilities: Value, init_options: Value) -> Lsp {
        Lsp::start_command(env!("CARGO_BIN_EXE_shipshape"), &["lsp"], root, capabilities, init_options)
    }

    /// Starts any stdio language server and initializes it.
    pub fn start_command(program: &str, args: &[&str], root: &Path, capabilities: Value, init_options: Value) -> Lsp {
        Lsp::start_with_env(program, args, root, capabilities, init_options, &[])
    }

    /// Starts a stdio language server with extra environment variables and initializes it.
    pub fn start_with_env(
        program: &str,
        args: &[&str],
        root: &Path,
        capabilities: Value,
        init_options: Value,
        env: &[(&str, &str)],
    ) -> Lsp {
        let mut child = Command::new(program)
            .args(args)
            .envs(env.iter().copied())
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start shipshape lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        let mut lsp = Lsp { child, stdin, rx, next_id: 1, backlog: Vec::new(), capabilities: Value::Null };
        let root_uri = format!("file://{}", root.display());
        let init = lsp.request(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities, "initializationOptions": init_options}),
        );
        assert!(init.get("result").is_some(), "{init}");
        lsp.capabilities = init["result"]["capabilities"].clone();
        lsp.notify("initialized", json!({}));
        lsp
    }

    pub fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).unwrap();
        self.stdin.flush().unwrap();
    }

    /// Writes raw bytes (malformed frames, in robustness tests).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the whole response (with `result` or `error`).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Waits for a message matching `pred`, answering server requests on the way.
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(msg) => {
                    // Server → client requests (registerCapability, configuration): answer them.
                    if msg.get("id").is_some() && msg.get("method").is_some() {
                        let result =
                            if msg["method"] == "workspace/configuration" { json!([null]) } else { Value::Null };
                        self.send(json!({"jsonrpc": "2.0", "id": msg["id"], "result": result}));
                        // Kept, so tests can see what the server asked (a diagnostic refresh).
                        if pred(&msg) {
                            return msg;
                        }
                        self.backlog.push(msg);
                        continue;
                    }
                    if pred(&msg) {
                        return msg;
                    }
                    self.backlog.push(msg);
                }
                Err(RecvTimeoutError::Timeout) => panic!("timed out; seen: {:#?}", self.backlog),
                Err(RecvTimeoutError::Disconnected) => panic!("server exited; seen: {:#?}", self.backlog),
            }
        }
    }

    /// The diagnostics published for `uri` at `version` (earlier versions are skipped).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"].as_i64() == Some(version)
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    pub fn open(&mut self, uri: &str, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    pub fn stop(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "exit status {status}");
                return;
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
