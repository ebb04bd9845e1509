//! A progress bar on stderr for an evaluation that takes more than a second, shown only
//! when stderr is a terminal: output redirected to a file, or read by a test, stays as it
//! was. The clock is the tool's, for the bar alone; the library reads none.

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// When the bar is shown, stderr being a terminal (`--progress`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Shown {
    /// Once the tool has run a second (reading the input included).
    Auto,
    /// From the first event.
    Always,
    /// Never.
    Never,
}

/// The wait the bar is for: it starts when the tool starts reading its input.
pub(crate) struct Wait {
    shown: Shown,
    started: Instant,
}

impl Wait {
    /// The wait starts now.
    pub(crate) fn new(shown: Shown) -> Self {
        Self {
            shown,
            started: Instant::now(),
        }
    }

    /// Progress over the `total` events of the evaluation.
    pub(crate) fn over(self, total: usize) -> Progress {
        let after = match self.shown {
            Shown::Auto => Some(Duration::from_secs(1)),
            Shown::Always => Some(Duration::ZERO),
            Shown::Never => None,
        };
        Progress {
            total: u64::try_from(total).unwrap_or(u64::MAX),
            started: self.started,
            after: after.filter(|_| std::io::stderr().is_terminal()),
            bar: None,
        }
    }
}

/// How often (in events) the clock is read before the bar appears.
const CHECK_EVERY: u64 = 4096;

/// Events applied so far, and the bar once the wait has lasted long enough.
pub(crate) struct Progress {
    total: u64,
    started: Instant,
    /// How long a wait shows the bar; `None` if it is never shown.
    after: Option<Duration>,
    bar: Option<ProgressBar>,
}

impl Progress {
    /// `done` events have been applied.
    pub(crate) fn reached(&mut self, done: u64) {
        let Some(after) = self.after else {
            return;
        };
        if let Some(bar) = &self.bar {
            bar.set_position(done);
        } else if (done == 1 || done % CHECK_EVERY == 0) && self.started.elapsed() >= after {
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
