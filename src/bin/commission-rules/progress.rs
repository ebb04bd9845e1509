//! A progress bar on stderr for an evaluation that takes more than a second, shown only
//! when stderr is a terminal: output redirected to a file, or read by a test, stays as it
//! was. The clock is the tool's, for the bar alone; the library reads none.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How often (in events) the clock is read before the bar appears.
const CHECK_EVERY: u64 = 4096;

/// Events applied so far, and the bar once the evaluation has run a second.
pub(crate) struct Progress {
    total: u64,
    started: Instant,
    terminal: bool,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Progress over `total` events, starting now.
    pub(crate) fn new(total: usize) -> Self {
        Self {
            total: u64::try_from(total).unwrap_or(u64::MAX),
            started: Instant::now(),
            terminal: std::io::stderr().is_terminal(),
            bar: None,
        }
    }

    /// `done` events have been applied.
    pub(crate) fn reached(&mut self, done: u64) {
        if !self.terminal {
            return;
        }
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        } else if done % CHECK_EVERY == 0 && self.started.elapsed() >= Duration::from_secs(1) {
            let bar = ProgressBar::with_draw_target(Some(self.total), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template(
                "{elapsed_precise} [{bar:40}] {human_pos}/{human_len} events ({per_sec}, {eta} left)",
            ) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_position(done);
            self.bar = Some(bar);
        }
    }

    /// The evaluation is over: the bar, if shown, is cleared.
    pub(crate) fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
