//! Progress on long work, on standard error and only when it is a
//! terminal: nothing is drawn for scripts, pipes or CI, and nothing for
//! work that ends within about a second (a bar that flashes is noise).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How long work runs before its progress is shown.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// A bar with counts and time left, for work whose size is known.
pub struct Bar {
    bar: ProgressBar,
    started: Instant,
    shown: bool,
}

impl Bar {
    /// `what` is said before the bar (导出接待选民登记簿).
    pub fn new(what: &str, total: u64) -> Bar {
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
        let style = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} · {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what.to_string());
        Bar {
            bar,
            started: Instant::now(),
            shown: false,
        }
    }

    pub fn set_total(&mut self, total: u64) {
        self.bar.set_length(total);
    }

    pub fn set(&mut self, done: u64) {
        if !self.shown && self.started.elapsed() >= SHOW_AFTER && std::io::stderr().is_terminal() {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
            self.shown = true;
        }
        self.bar.set_position(done);
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}

/// A turning mark with what is being done, for work whose size is not
/// known (a check, a copy of the whole file). Shown from a second on.
pub struct Spinner {
    bar: ProgressBar,
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Spinner {
    pub fn new(what: &str) -> Spinner {
        use std::sync::atomic::{AtomicBool, Ordering};
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_message(what.to_string());
        let done = std::sync::Arc::new(AtomicBool::new(false));
        if std::io::stderr().is_terminal() {
            let (bar, done) = (bar.clone(), done.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                while started.elapsed() < SHOW_AFTER {
                    if done.load(Ordering::Relaxed) {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(50));
                }
                if !done.load(Ordering::Relaxed) {
                    bar.set_draw_target(ProgressDrawTarget::stderr());
                    bar.enable_steady_tick(Duration::from_millis(120));
                }
            });
        }
        Spinner { bar, done }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.done.store(true, std::sync::atomic::Ordering::Relaxed);
        self.bar.finish_and_clear();
    }
}
