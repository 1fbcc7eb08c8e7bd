//! The application: a stack of screens, the event loop, and the frame
//! around every screen (title bar, message line, hint bar, help overlay).

use super::components::confirm::{self, Answer};
use super::components::{hint_lines, popup, text_input, wrap};
use super::keys;
use super::screens::hub::HubHomeScreen;
use super::screens::{home::HomeScreen, setup::SetupScreen, sign_in::SignInScreen};
use super::theme::Theme;
use super::{Action, Clock, Ctx, Screen, Severity, View};
use crate::domain::roles::Actor;
use crate::i18n::Strings;
use crate::store::Store;
use crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use std::path::PathBuf;
use std::time::Duration;

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;

/// Kinds of draft that count as unsaved input when quitting.
const DRAFT_KINDS: [&str; 1] = ["reception"];

/// What the application draws over the top screen, taking its keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Overlay {
    None,
    Help,
    /// Quit although input or a draft would be left behind?
    ConfirmQuit,
}

pub struct App {
    store: Store,
    t: &'static Strings,
    theme: Theme,
    clock: Clock,
    files_dir: PathBuf,
    stack: Vec<Box<dyn Screen>>,
    /// Who signed in; `None` only on the setup and sign-in screens.
    user: Option<Actor>,
    station_name: String,
    overlay: Overlay,
    message: Option<(String, Severity)>,
    /// Set by `Ctx::read` when a screen could not read what it shows.
    unread: std::cell::Cell<Option<String>>,
    quit: bool,
    health: Health,
}

/// What the interface watches in the database while it runs: SQLite's
/// quick check, run once in the background after start (a damaged file
/// leaves a warning on the message line), and restores made by another
/// program (everyone signs in again on the restored content).
struct Health {
    check: Option<std::sync::mpsc::Receiver<bool>>,
    warning: Option<String>,
    data_version: Option<i64>,
    restore_marker: Option<String>,
    /// When the screen was last reloaded for another terminal's change.
    refreshed: Option<std::time::Instant>,
}

/// How often at most a screen is reloaded because another terminal wrote
/// (a kiosk typing saves its draft several times a second).
const REFRESH_EVERY: Duration = Duration::from_secs(2);

impl Health {
    fn start(store: &Store) -> Health {
        let (send, receive) = std::sync::mpsc::channel();
        let path = store.path().to_path_buf();
        std::thread::spawn(move || {
            let whole = Store::quick_check_file(&path).is_ok_and(|p| p.is_empty());
            let _ = send.send(whole);
        });
        Health {
            check: Some(receive),
            warning: None,
            data_version: store.data_version().ok(),
            restore_marker: store.restore_marker().ok().flatten(),
            refreshed: None,
        }
    }
}

impl App {
    pub fn new(
        store: Store,
        t: &'static Strings,
        theme: Theme,
        clock: Clock,
        files_dir: PathBuf,
    ) -> App {
        let mut app = App {
            store,
            t,
            theme,
            clock,
            files_dir,
            stack: Vec::new(),
            user: None,
            station_name: String::new(),
            overlay: Overlay::None,
            message: None,
            unread: std::cell::Cell::new(None),
            quit: false,
            health: Health {
                check: None,
                warning: None,
                data_version: None,
                restore_marker: None,
                refreshed: None,
            },
        };
        app.health = Health::start(&app.store);
        let first: Box<dyn Screen> = match (app.store.station(), app.store.has_users()) {
            (Ok(Some(_)), Ok(true)) => Box::new(SignInScreen::new(&mut app.ctx())),
            (Ok(Some(_)), _) => Box::new(SetupScreen::admin_only()),
            _ => Box::new(SetupScreen::new()),
        };
        app.stack.push(first);
        app.refresh_station();
        app
    }

    /// Runs `f` on the top screen with a context, if there is a screen.
    fn with_top<R>(&mut self, f: impl FnOnce(&mut dyn Screen, &mut Ctx) -> R) -> Option<R> {
        let mut cx = Ctx {
            store: &mut self.store,
            t: self.t,
            now: self.clock.now(),
            files_dir: &self.files_dir,
            user: self.user.as_ref(),
            unread: &self.unread,
        };
        self.stack.last_mut().map(|top| f(top.as_mut(), &mut cx))
    }

    fn ctx(&mut self) -> Ctx<'_> {
        Ctx {
            store: &mut self.store,
            t: self.t,
            now: self.clock.now(),
            files_dir: &self.files_dir,
            user: self.user.as_ref(),
            unread: &self.unread,
        }
    }

    fn refresh_station(&mut self) {
        self.station_name = match self.store.station() {
            Ok(Some(s)) => s.name,
            _ => String::new(),
        };
    }

    /// Shows a message on the status line (for warnings found at start-up).
    pub fn show_message(&mut self, text: String, severity: Severity) {
        self.message = Some((text, severity));
    }

    pub fn should_quit(&self) -> bool {
        self.quit
    }

    pub fn handle_event(&mut self, event: Event) {
        match event {
            Event::Key(key) if key.kind != KeyEventKind::Release => self.handle_key(key),
            Event::Paste(text) if !self.restored_meanwhile() => {
                if let Some(action) = self.with_top(|top, cx| top.paste(&text, cx)) {
                    self.apply(action);
                }
            }
            _ => {}
        }
    }

    pub fn handle_key(&mut self, key: KeyEvent) {
        if self.restored_meanwhile() {
            return;
        }
        match self.overlay {
            Overlay::ConfirmQuit => {
                match confirm::answer(&key) {
                    Answer::Yes => self.quit = true,
                    Answer::No => self.overlay = Overlay::None,
                    Answer::Undecided => {}
                }
                return;
            }
            Overlay::Help => {
                let close = [&keys::ESC, &keys::HELP, &keys::HELP_MARK, &keys::ENTER];
                if close.iter().any(|b| b.matches(&key)) {
                    self.overlay = Overlay::None;
                }
                return;
            }
            Overlay::None => {}
        }
        if keys::INTERRUPT.matches(&key) {
            self.request_quit();
            return;
        }
        // For the tests that prove a crash restores the terminal and keeps
        // the draft: F12 panics when this variable is set, never otherwise.
        #[cfg(feature = "test-hooks")]
        if keys::TEST_PANIC.matches(&key) && std::env::var_os("LIAISON_DESK_TEST_PANIC").is_some() {
            panic!(
                "test panic requested with {}",
                keys::TEST_PANIC.name(self.t)
            );
        }
        let editing = self.stack.last().is_some_and(|s| s.editing_text());
        if keys::HELP.matches(&key) || (keys::HELP_MARK.matches(&key) && !editing) {
            self.overlay = Overlay::Help;
            return;
        }
        self.message = None;
        if let Some(action) = self.with_top(|top, cx| top.handle_key(key, cx)) {
            self.apply(action);
        }
    }

    fn apply(&mut self, action: Action) {
        match action {
            Action::None => {}
            Action::Push(screen) => self.stack.push(screen),
            Action::Replace(screen) => {
                self.stack.pop();
                self.stack.push(screen);
                self.refresh_station();
            }
            Action::Pop => {
                if self.stack.len() > 1 {
                    self.stack.pop();
                }
                self.resume_top();
            }
            Action::PopWith(text, severity) => {
                self.apply(Action::Pop);
                self.message = Some((text, severity));
            }
            Action::Home => {
                self.stack.truncate(1);
                self.resume_top();
            }
            Action::Quit => self.request_quit(),
            Action::Message(text, severity) => self.message = Some((text, severity)),
            Action::SignedIn(actor) => {
                self.user = Some(actor);
                // A hub opens on its stations, a station on its six parts.
                let home: Box<dyn Screen> = if self.store.is_hub().unwrap_or(false) {
                    Box::new(HubHomeScreen::new(&mut self.ctx()))
                } else {
                    Box::new(HomeScreen::new(&mut self.ctx()))
                };
                self.stack.clear();
                self.stack.push(home);
                self.refresh_station();
            }
            Action::SignOut => {
                self.flush();
                self.user = None;
                let sign_in = SignInScreen::new(&mut self.ctx());
                self.stack.clear();
                self.stack.push(Box::new(sign_in));
            }
        }
    }

    fn resume_top(&mut self) {
        self.refresh_station();
        self.with_top(|top, cx| top.resume(cx));
    }

    /// Quits at once unless typed input or an open draft would be left behind.
    fn request_quit(&mut self) {
        if self.busy() {
            self.message = Some((self.t.quit_when_done.to_string(), Severity::Warn));
            return;
        }
        let drafts = DRAFT_KINDS
            .iter()
            .map(|k| self.store.drafts(k).map(|d| d.len()).unwrap_or(0))
            .sum::<usize>();
        if drafts > 0 || self.stack.iter().any(|s| s.has_input()) {
            self.overlay = Overlay::ConfirmQuit;
        } else {
            self.quit = true;
        }
    }

    /// Whether a screen still has work under way (a backup being copied).
    pub fn busy(&self) -> bool {
        self.stack.iter().any(|s| s.busy())
    }

    pub fn tick(&mut self) {
        self.watch_database();
        if let Some(action) = self.with_top(|top, cx| top.tick(cx)) {
            self.apply(action);
        }
    }

    /// Takes the background check's verdict, and notices a restore made
    /// by another program (cheaply: only when the data changed at all).
    fn watch_database(&mut self) {
        if let Some(whole) = self.health.check.as_ref().and_then(|r| r.try_recv().ok()) {
            self.health.check = None;
            if !whole {
                self.health.warning = Some(self.t.cmd.damaged_home.to_string());
            }
        }
        let version = self.store.data_version().ok();
        if version == self.health.data_version || self.restored_meanwhile() {
            return;
        }
        // Another terminal saved: show it on the next tick a screen is
        // idle (never under a form being filled in).
        let due = self
            .health
            .refreshed
            .is_none_or(|at| at.elapsed() >= REFRESH_EVERY);
        let idle = self
            .stack
            .last()
            .is_some_and(|top| !top.editing_text() && !top.has_input());
        if due && idle {
            self.health.data_version = version;
            self.health.refreshed = Some(std::time::Instant::now());
            self.resume_top();
        }
    }

    /// Whether another program restored the database since it was last
    /// looked at; if so everyone signs in again. Asked before every key
    /// too, so that no action of the old session lands in the restored file.
    fn restored_meanwhile(&mut self) -> bool {
        let version = self.store.data_version().ok();
        if version == self.health.data_version {
            return false;
        }
        let marker = self.store.restore_marker().ok().flatten();
        if marker == self.health.restore_marker {
            return false;
        }
        self.health.data_version = version;
        self.health.restore_marker = marker;
        self.apply(Action::SignOut);
        self.message = Some((self.t.cmd.restored_sign_in.to_string(), Severity::Warn));
        true
    }

    /// Writes every screen's pending input (before quitting).
    pub fn flush(&mut self) {
        let mut cx = Ctx {
            store: &mut self.store,
            t: self.t,
            now: self.clock.now(),
            files_dir: &self.files_dir,
            user: self.user.as_ref(),
            unread: &self.unread,
        };
        for screen in self.stack.iter_mut() {
            screen.flush(&mut cx);
        }
    }

    pub fn draw(&mut self, f: &mut Frame) {
        if let Some(problem) = self.unread.take() {
            self.message = Some((problem, Severity::Error));
        }
        let area = f.area();
        let view = View {
            t: self.t,
            theme: &self.theme,
            now: self.clock.now(),
            read_only: false,
        };
        f.render_widget(Block::default().style(self.theme.text), area);
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            let text = self.t.too_small.fill([&area.width, &area.height]);
            let lines: Vec<Line> = wrap::wrap_text(&text, area.width.max(2) as usize)
                .into_iter()
                .map(|l| Line::styled(l, self.theme.warn))
                .collect();
            f.render_widget(Paragraph::new(lines), area);
            return;
        }
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        let mut hints = top.hints(self.t);
        hints.push(keys::HELP.hint(self.t, self.t.hint_help));
        let mut hint_rows = hint_lines(&hints, area.width, &view);
        let warning = self.health.warning.clone().map(|w| (w, Severity::Error));
        let message = self.message.clone().or(warning);
        // A long message wraps onto the hint rows (until the next key)
        // rather than being cut; the body keeps its height.
        let room = 1 + hint_rows.len();
        let message_lines = message.as_ref().map_or(Vec::new(), |(text, _)| {
            fit_lines(text, area.width as usize, room)
        });
        let message_height = message_lines.len().max(1);
        hint_rows.drain(..(message_height - 1).min(hint_rows.len()));
        let [title_row, body, message_row, hint_area] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(message_height as u16),
            Constraint::Length(hint_rows.len() as u16),
        ])
        .areas(area);

        let title = top.title(self.t);
        render_title_bar(f, title_row, &self.station_name, &title, &view);
        let modal = self.overlay != Overlay::None || top.modal();
        text_input::with_cursor_hidden(modal, || top.render(f, body, &view));
        if let Some((_, severity)) = &message {
            let style = match severity {
                Severity::Info => self.theme.text,
                Severity::Ok => self.theme.ok,
                Severity::Warn => self.theme.warn,
                Severity::Error => self.theme.error,
            };
            let lines: Vec<Line> = message_lines
                .into_iter()
                .map(|l| Line::styled(l, style))
                .collect();
            f.render_widget(Paragraph::new(lines), message_row);
        }
        f.render_widget(Paragraph::new(hint_rows), hint_area);

        if self.overlay == Overlay::Help {
            let mut lines: Vec<Line> = hints
                .iter()
                .map(|h| Line::styled(format!("{:<10} {}", h.key, h.label), self.theme.text))
                .collect();
            lines.push(Line::raw(""));
            let global = [&keys::HELP, &keys::ESC, &keys::QUIT].map(|b| b.name(self.t));
            let global = self
                .t
                .help_global
                .fill([&global[0], &global[1], &global[2]]);
            lines.push(Line::styled(global, self.theme.muted));
            let title = format!("{} · {}", self.t.help_title, top.title(self.t));
            popup(f, body, &title, &lines, &view);
        }
        if self.overlay == Overlay::ConfirmQuit {
            confirm::render(f, body, self.t.confirm_quit, self.theme.text, &view);
        }
    }
}

fn render_title_bar(f: &mut Frame, area: Rect, station: &str, screen: &str, v: &View) {
    const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    use chrono::Datelike;
    let weekday = WEEKDAYS[v.now.weekday().num_days_from_monday() as usize];
    let clock = format!(
        "{} 周{} {} ",
        v.now.format("%Y-%m-%d"),
        weekday,
        v.now.format("%H:%M")
    );
    let room = (area.width as usize).saturating_sub(wrap::str_width(&clock) + 1);
    let left = wrap::pad(&title_text(v.t.app_title, station, screen, room), room) + " ";
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(left, v.theme.title),
            Span::styled(clock, v.theme.muted),
        ])),
        area,
    );
}

/// The title bar's left part in `room` columns: where the whole does not
/// fit, the program's name goes first, then the station's, so that the
/// screen's own title (where the user is) stays readable.
fn title_text(app: &str, station: &str, screen: &str, room: usize) -> String {
    let parts: Vec<&str> = [app, station, screen]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    (0..parts.len())
        .map(|skip| format!(" {}", parts[skip..].join(" │ ")))
        .find(|text| wrap::str_width(text) <= room)
        .unwrap_or_else(|| format!(" {screen}"))
}

/// Runs the interface until the user quits. `ratatui::init` restores the
/// terminal on panic; the extra hook also turns bracketed paste off.
pub fn run(mut app: App) -> std::io::Result<()> {
    app.theme = app.theme.for_terminal(super::theme::truecolor_from_env());
    let mut terminal = ratatui::init();
    let previous = std::panic::take_hook();
    let (files_dir, t) = (app.files_dir.clone(), app.t);
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), event::DisableBracketedPaste);
        previous(info);
        // After the terminal is restored: keep a report and say where it is.
        if let Some(path) = write_crash_report(&files_dir, info) {
            eprintln!("{}", t.crashed.fill([&path.display()]));
        }
    }));
    let _ = crossterm::execute!(std::io::stdout(), event::EnableBracketedPaste);
    let result = event_loop(&mut app, &mut terminal);
    app.flush();
    let _ = crossterm::execute!(std::io::stdout(), event::DisableBracketedPaste);
    ratatui::restore();
    result
}

/// Writes what went wrong beside the database, for whoever maintains the kiosk.
/// A message wrapped to `width` in at most `rows` lines, the last cut
/// with `…` if it still does not fit (messages say what to do first).
fn fit_lines(text: &str, width: usize, rows: usize) -> Vec<String> {
    let mut lines = wrap::wrap_text(text, width.max(2));
    if lines.len() > rows {
        // Cut short anyway: what to do comes first (the desk's messages
        // say it in their last sentence), then what happened.
        lines = wrap::wrap_text(&action_first(text), width.max(2));
        let rest = lines.split_off(rows - 1).concat();
        lines.push(wrap::truncate(&rest, width));
    }
    lines
}

/// `text` with its last sentence moved to the front.
fn action_first(text: &str) -> String {
    let sentences: Vec<&str> = text
        .split_inclusive(['。', '！'])
        .filter(|s| !s.trim().is_empty())
        .collect();
    match sentences.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}{}", last.trim(), rest.concat()),
        _ => text.to_string(),
    }
}

fn write_crash_report(dir: &std::path::Path, info: &std::panic::PanicHookInfo) -> Option<PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let path = dir.join(format!("crash-{stamp}.txt"));
    let report = format!(
        "Liaison Desk {}\n{info}\n\n{}\n",
        env!("CARGO_PKG_VERSION"),
        std::backtrace::Backtrace::force_capture()
    );
    std::fs::write(&path, report).ok().map(|_| path)
}

fn event_loop(app: &mut App, terminal: &mut ratatui::DefaultTerminal) -> std::io::Result<()> {
    while !app.should_quit() {
        terminal.draw(|f| app.draw(f))?;
        if event::poll(Duration::from_millis(250))? {
            app.handle_event(event::read()?);
            // Take everything already queued (a paste without bracketing
            // arrives as many keys) before drawing again.
            while !app.should_quit() && event::poll(Duration::ZERO)? {
                app.handle_event(event::read()?);
            }
        }
        // Screens decide themselves whether enough time has passed to save.
        app.tick();
    }
    Ok(())
}

#[cfg(test)]
mod fit_tests {
    use super::fit_lines;

    #[test]
    fn a_message_that_cannot_fit_says_what_to_do_first() {
        let said = "2026-11-10 已签发，记录已锁定。如需更正请在日结审核中补正；如确需新增，请管理员重新开放当日。";
        assert_eq!(fit_lines(said, 120, 2).len(), 1);
        let cut = fit_lines(said, 30, 2);
        assert_eq!(cut.len(), 2);
        assert!(cut[0].starts_with("如需更正"), "{cut:?}");
        // When it fits, it is shown as written.
        assert!(fit_lines(said, 40, 3)[0].starts_with("2026-11-10"));
    }
}

#[cfg(test)]
mod tests {
    use super::title_text;

    #[test]
    fn a_narrow_title_bar_gives_up_the_names_before_the_screens_title() {
        let (app, station, screen) = (
            "联络站值班台",
            "县人大常委会代表工作室",
            "第1联络站（只读）· 台账",
        );
        let whole = title_text(app, station, screen, 200);
        assert_eq!(
            whole,
            " 联络站值班台 │ 县人大常委会代表工作室 │ 第1联络站（只读）· 台账"
        );
        assert_eq!(
            title_text(app, station, screen, 57),
            " 县人大常委会代表工作室 │ 第1联络站（只读）· 台账"
        );
        assert_eq!(
            title_text(app, station, screen, 30),
            " 第1联络站（只读）· 台账"
        );
        // Before a station is set up there is no station's name to give up.
        assert_eq!(title_text(app, "", "设置", 40), " 联络站值班台 │ 设置");
    }
}
