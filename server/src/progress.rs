//! Progress on long runs (`check`, `fix`, `report`, `pin` over big trees): one line on
//! stderr, redrawn in place, only when stderr is a terminal — nothing in CI logs, pipes or
//! files. It appears only once a run has taken a moment, so small runs never flicker.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Quiet for runs shorter than this.
const DELAY: Duration = Duration::from_millis(300);
/// At most this often.
const EVERY: Duration = Duration::from_millis(100);

pub struct Progress {
    verb: &'static str,
    total: usize,
    done: usize,
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
}

impl Progress {
    /// `verb` is what is done to each item ("checking"); `total` the number of items.
    pub fn new(verb: &'static str, total: usize) -> Self {
        let enabled = std::io::stderr().is_terminal() && std::env::var_os("SHIPSHAPE_NO_PROGRESS").is_none();
        Progress { verb, total, done: 0, started: Instant::now(), last: None, enabled }
    }

    /// One more item done; `what` names it (a path).
    pub fn tick(&mut self, what: &str) {
        self.done += 1;
        if !self.enabled || self.started.elapsed() < DELAY || self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        // Keep the line within a terminal's width: the tail of a long path.
        let shown: String = {
            let chars: Vec<char> = what.chars().collect();
            let keep = 40.min(chars.len());
            let tail: String = chars[chars.len() - keep..].iter().collect();
            if keep < chars.len() {
                format!("…{tail}")
            } else {
                tail
            }
        };
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{} {}/{} {shown}", self.verb, self.done, self.total);
        let _ = err.flush();
    }
}

impl Drop for Progress {
    /// Clears the line, so the output that follows starts clean.
    fn drop(&mut self) {
        if self.last.is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}
