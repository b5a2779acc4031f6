//! The JSON-RPC framing in front of tower-lsp-server: every frame is checked before the
//! library sees it, so one malformed frame gets an error response and the server keeps
//! reading.
//!
//! tower-lsp-server 0.23 reads through a `FramedRead`, and a codec error ends that stream:
//! after bad JSON, a batch array, an object `id`, a missing `"jsonrpc"` or invalid UTF-8 the
//! library answers once and then stops reading. Here each frame is parsed as JSON-RPC 2.0
//! first. A valid one is passed on, re-framed; an invalid one is answered (with its `id`
//! when one can be recovered, `null` otherwise, as JSON-RPC 2.0 says) and dropped. Headers
//! without a usable `Content-Length` resynchronise on the next `Content-Length`; a body that
//! holds the start of another frame (a truncated body) is re-read from there. A body larger
//! than [`MAX_BODY`] is skipped without being held in memory.

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// Larger bodies are refused (no document is this big; the CLI stops at 5 MiB per file).
pub const MAX_BODY: usize = 64 * 1024 * 1024;
/// Longer header blocks are garbage, not headers.
const MAX_HEADERS: usize = 8 * 1024;

/// What the reader found at the front of its buffer.
enum Frame {
    /// A complete frame: the header length and the body length.
    Complete { header: usize, body: usize },
    /// A header block that promises a body over [`MAX_BODY`].
    TooLarge { header: usize, body: usize },
    /// Bytes that are no header block, up to the next `Content-Length` (or all of them).
    Garbage(usize),
    /// More bytes are needed.
    Partial,
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

/// Where the next `Content-Length` header starts, after the first byte.
fn next_header(buf: &[u8]) -> usize {
    buf.get(1..).and_then(|rest| find(rest, b"content-length")).map_or(buf.len(), |i| i + 1)
}

fn parse_frame(buf: &[u8]) -> Frame {
    // Headers end at an empty line (`\r\n\r\n`; `\n\n` from lenient clients too).
    let end = match (find(buf, b"\r\n\r\n"), find(buf, b"\n\n")) {
        (Some(a), Some(b)) if b + 2 < a + 4 => Some((b, 2)),
        (Some(a), _) => Some((a, 4)),
        (None, Some(b)) => Some((b, 2)),
        (None, None) => None,
    };
    let Some((at, sep)) = end else {
        return if buf.len() > MAX_HEADERS { Frame::Garbage(next_header(buf)) } else { Frame::Partial };
    };
    let header = at + sep;
    let mut length = None;
    for line in String::from_utf8_lossy(&buf[..at]).split('\n') {
        let line = line.trim();
        if let Some((name, value)) = line.split_once(':') {
            // A frame glued to the end of garbage: `{}Content-Length: 5`.
            if name.to_ascii_lowercase().ends_with("content-length") {
                length = value.trim().parse::<usize>().ok();
            }
        }
    }
    match length {
        None => Frame::Garbage(next_header(buf).min(header)),
        Some(body) if body > MAX_BODY => Frame::TooLarge { header, body },
        Some(body) if buf.len() < header + body => Frame::Partial,
        Some(body) => Frame::Complete { header, body },
    }
}

/// An error response as a whole frame.
fn error_frame(id: Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}}).to_string();
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend_from_slice(body.as_bytes());
    frame
}

const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;

/// A usable id: a whole number or a string (tower-lsp's `Id`), or `null`.
fn valid_id(id: &Value) -> bool {
    id.is_null() || id.is_string() || id.as_i64().is_some()
}

/// Checks one body; `Err` is the response frame that answers it.
fn check(body: &[u8]) -> Result<(), Vec<u8>> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => {
            // Invalid UTF-8 inside a string still leaves the id readable.
            let id = serde_json::from_str::<Value>(&String::from_utf8_lossy(body))
                .ok()
                .and_then(|v| v.get("id").cloned())
                .filter(valid_id)
                .unwrap_or(Value::Null);
            return Err(error_frame(id, PARSE_ERROR, "Parse error: the message is not valid JSON in UTF-8"));
        }
    };
    let Some(object) = value.as_object() else {
        let what = if value.is_array() { "batches are not part of LSP" } else { "a message is a JSON object" };
        return Err(error_frame(Value::Null, INVALID_REQUEST, &format!("Invalid request: {what}")));
    };
    let id = object.get("id");
    if id.is_some_and(|id| !valid_id(id)) {
        return Err(error_frame(Value::Null, INVALID_REQUEST, "Invalid request: `id` must be a number or a string"));
    }
    let id = id.cloned().unwrap_or(Value::Null);
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(error_frame(id, INVALID_REQUEST, "Invalid request: `\"jsonrpc\": \"2.0\"` is missing"));
    }
    match object.get("method") {
        Some(Value::String(_)) => Ok(()),
        Some(_) => Err(error_frame(id, INVALID_REQUEST, "Invalid request: `method` must be a string")),
        // A response to one of the server's requests.
        None if object.contains_key("result") || object.contains_key("error") => Ok(()),
        None => Err(error_frame(id, INVALID_REQUEST, "Invalid request: no `method`, `result` or `error`")),
    }
}

/// Reads frames from the client, passes the valid ones to the server and sends the
/// answers to invalid ones to the writer. Ends at the end of input (or when the server
/// has stopped reading), which closes the server's input in turn.
async fn read_client(
    mut input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    errors: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    // Bytes of an oversized body still to throw away.
    let mut skip = 0usize;
    loop {
        if skip > 0 {
            let n = skip.min(buf.len());
            buf.drain(..n);
            skip -= n;
        }
        if skip == 0 {
            match parse_frame(&buf) {
                Frame::Complete { header, body } => {
                    let frame = &buf[..header + body];
                    let content = &frame[header..];
                    match check(content) {
                        Ok(()) => {
                            // Re-framed: whatever preceded the header stays behind.
                            let head = format!("Content-Length: {}\r\n\r\n", content.len());
                            if to_server.write_all(head.as_bytes()).await.is_err()
                                || to_server.write_all(content).await.is_err()
                            {
                                return;
                            }
                            buf.drain(..header + body);
                        }
                        Err(answer) => {
                            tracing::warn!("malformed message from the client answered with an error");
                            let _ = errors.send(answer);
                            // A truncated body holds the next frame's start: re-read from it.
                            let resume = find(content, b"content-length").map_or(header + body, |i| header + i);
                            buf.drain(..resume);
                        }
                    }
                    continue;
                }
                Frame::TooLarge { header, body } => {
                    let _ = errors.send(error_frame(
                        Value::Null,
                        INVALID_REQUEST,
                        &format!("Invalid request: a {body}-byte message is over the {MAX_BODY}-byte limit"),
                    ));
                    buf.drain(..header);
                    skip = body;
                    continue;
                }
                Frame::Garbage(n) => {
                    let _ = errors.send(error_frame(Value::Null, PARSE_ERROR, "Parse error: no Content-Length header"));
                    buf.drain(..n);
                    continue;
                }
                Frame::Partial => {}
            }
        }
        match input.read(&mut chunk).await {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Writes the server's frames and the transport's error answers to the client, one whole
/// frame at a time.
async fn write_client(
    mut from_server: impl AsyncRead + Unpin,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: impl AsyncWrite + Unpin,
) {
    let mut buf: Vec<u8> = Vec::with_capacity(64 * 1024);
    let mut chunk = vec![0u8; 64 * 1024];
    let mut server_open = true;
    let mut errors_open = true;
    while server_open || errors_open {
        // Pass on every complete frame the server wrote.
        while let Frame::Complete { header, body } = parse_frame(&buf) {
            if output.write_all(&buf[..header + body]).await.is_err() {
                return;
            }
            buf.drain(..header + body);
        }
        let _ = output.flush().await;
        tokio::select! {
            read = from_server.read(&mut chunk), if server_open => match read {
                Ok(0) | Err(_) => server_open = false,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            },
            frame = errors.recv(), if errors_open => match frame {
                Some(frame) => {
                    if output.write_all(&frame).await.is_err() {
                        return;
                    }
                }
                None => errors_open = false,
            },
        }
    }
    let _ = output.flush().await;
}

/// Serves `service` on `input`/`output` through the checking transport.
pub async fn serve(
    input: impl AsyncRead + Unpin + Send + 'static,
    output: impl AsyncWrite + Unpin + Send + 'static,
    socket: tower_lsp_server::ClientSocket,
    service: tower_lsp_server::LspService<super::Backend>,
) {
    let (to_server, server_in) = tokio::io::duplex(64 * 1024);
    let (server_out, from_server) = tokio::io::duplex(64 * 1024);
    let (errors_tx, errors_rx) = mpsc::unbounded_channel();
    let reader = tokio::spawn(read_client(input, to_server, errors_tx));
    let writer = tokio::spawn(write_client(from_server, errors_rx, output));
    tower_lsp_server::Server::new(server_in, server_out, socket).serve(service).await;
    // The server has stopped (`exit`, or the end of input): stop reading, then let the
    // writer pass on what is left.
    reader.abort();
    let _ = reader.await;
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), writer).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> Vec<u8> {
        format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
    }

    fn answer(body: &[u8]) -> Value {
        let frame = check(body).unwrap_err();
        let text = String::from_utf8(frame).unwrap();
        serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap()
    }

    #[test]
    fn checks_json_rpc() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"initialized"}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":"a","result":null}"#).is_ok());
        let a = answer(br#"{"jsonrpc":"2.0","id":1,"#);
        assert_eq!((a["id"].clone(), a["error"]["code"].clone()), (Value::Null, json!(-32700)));
        let a = answer(br#"{"id":7,"method":"shutdown"}"#);
        assert_eq!((a["id"].clone(), a["error"]["code"].clone()), (json!(7), json!(-32600)));
        let a = answer(br#"{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}"#);
        assert_eq!(a["id"], Value::Null);
        let a = answer(br#"[{"jsonrpc":"2.0","id":1,"method":"shutdown"}]"#);
        assert_eq!(a["error"]["code"], -32600);
        let a = answer(b"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"\xff\"}");
        assert_eq!((a["id"].clone(), a["error"]["code"].clone()), (json!(3), json!(-32700)));
        let a = answer(br#"{"jsonrpc":"2.0","id":1.5,"method":"x"}"#);
        assert_eq!(a["id"], Value::Null);
    }

    #[test]
    fn frames_and_resynchronisation() {
        let f = frame("{}");
        assert!(matches!(parse_frame(&f), Frame::Complete { header: 21, body: 2 }));
        assert!(matches!(parse_frame(&f[..f.len() - 1]), Frame::Partial));
        assert!(matches!(parse_frame(b"Content-Len"), Frame::Partial));
        // No usable length: skip to the next header.
        let mut bad = b"Content-Length: abc\r\n\r\n{}".to_vec();
        bad.extend(frame("{}"));
        let Frame::Garbage(n) = parse_frame(&bad) else { panic!() };
        assert!(matches!(parse_frame(&bad[n..]), Frame::Complete { .. }));
        // A frame glued to garbage still reads.
        let glued = b"xx{}Content-Length: 2\r\n\r\n{}";
        assert!(matches!(parse_frame(glued), Frame::Complete { body: 2, .. }));
        assert!(matches!(parse_frame(b"Content-Length: 99999999999\r\n\r\n"), Frame::TooLarge { .. }));
        // Bare `\n` line ends from lenient clients.
        assert!(matches!(parse_frame(b"Content-Length: 2\n\n{}"), Frame::Complete { header: 19, body: 2 }));
    }
}
