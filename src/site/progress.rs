//! The line on the terminal that says what a long build is doing ("rendering pages:
//! 2560 of 10005"), rewritten in place by a thread of its own and wiped when the
//! build ends, before anything else is printed. Shown only on a terminal and only
//! once the build has taken a second, so a small site's build never flickers; with
//! `PUBGEN_PROGRESS=always` from the start, wherever standard error goes. Not with
//! `PUBGEN_TIMINGS`, whose lines would land on it. One line per process: the
//! command's one build.

use std::io::{IsTerminal, Write};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// What the line says now, what the terminal shows, and from when it is shown.
struct Line {
    message: String,
    shown: String,
    active: bool,
    from: Option<Instant>,
}

static LINE: Mutex<Line> = Mutex::new(Line {
    message: String::new(),
    shown: String::new(),
    active: false,
    from: None,
});
static CHANGED: Condvar = Condvar::new();

/// How long a build runs before its progress is shown.
const SHOWN_AFTER: Duration = Duration::from_secs(1);

/// The progress line, shown while this lives (see the module's comment).
pub(super) struct Progress(Option<std::thread::JoinHandle<()>>);

/// Starts the progress line of a build, if `wanted` (not `--quiet`, not `serve`)
/// and standard error is a terminal.
pub(super) fn start(wanted: bool) -> Progress {
    let switches = crate::switches::get();
    let forced = switches.progress;
    let shown =
        wanted && !switches.timings && forced.unwrap_or_else(|| std::io::stderr().is_terminal());
    if !shown {
        return Progress(None);
    }
    let after = if forced == Some(true) {
        Duration::ZERO
    } else {
        SHOWN_AFTER
    };
    {
        let mut line = lock();
        line.message.clear();
        line.shown.clear();
        line.active = true;
        line.from = Some(Instant::now() + after);
    }
    Progress(Some(std::thread::spawn(tick)))
}

/// Says what the build is doing now (nothing when no progress is shown: `serve`'s
/// builds, or standard error not a terminal).
pub(super) fn say(message: impl FnOnce() -> String) {
    let mut line = lock();
    if line.active {
        line.message = message();
        show(&mut line);
    }
}

/// Writes the message over the line, if it is new and the time to show it has come.
fn show(line: &mut Line) {
    let due = line.from.is_some_and(|from| Instant::now() >= from);
    if due && line.message != line.shown {
        let mut stderr = std::io::stderr().lock();
        let _ = write!(stderr, "\r\x1b[K{}", line.message);
        let _ = stderr.flush();
        line.shown = line.message.clone();
    }
}

fn lock() -> MutexGuard<'static, Line> {
    LINE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Shows the message of a stage that has not said anything new since the time to
/// show the line came, until the build ends; then wipes the line.
fn tick() {
    let mut line = lock();
    loop {
        line = CHANGED
            .wait_timeout(line, Duration::from_millis(100))
            .unwrap_or_else(|e| e.into_inner())
            .0;
        if !line.active {
            if !line.shown.is_empty() {
                let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
            }
            return;
        }
        show(&mut line);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(ticker) = self.0.take() {
            lock().active = false;
            CHANGED.notify_all();
            let _ = ticker.join();
        }
    }
}
