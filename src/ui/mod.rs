//! The terminal interface: one file per screen under `screens/`, shared
//! widgets under `components/`, the event loop and frame chrome in `app`.

pub mod app;
pub mod components;
pub mod keys;
pub mod output;
pub mod palette;
pub mod screens;
pub mod theme;

use crate::domain::roles::Actor;
use crate::i18n::Strings;
use crate::store::Store;
use chrono::NaiveDateTime;
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;
use theme::Theme;

/// Where "now" comes from: the system clock, or a fixed moment in tests.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(NaiveDateTime),
}

impl Clock {
    pub fn now(&self) -> NaiveDateTime {
        match self {
            Clock::System => chrono::Local::now().naive_local(),
            Clock::Fixed(t) => *t,
        }
    }
}

/// What a screen needs to act: the store, the words, the time.
pub struct Ctx<'a> {
    pub store: &'a mut Store,
    pub t: &'static Strings,
    pub now: NaiveDateTime,
    /// Where receipts and other files the user asks for are written.
    pub files_dir: &'a PathBuf,
    /// Who signed in (none on the setup and sign-in screens).
    pub user: Option<&'a Actor>,
    /// Why something a screen needed could not be read: shown on the
    /// message line once the key is handled.
    pub unread: &'a std::cell::Cell<Option<String>>,
}

impl Ctx<'_> {
    /// What the store returned or, when it could not be read, the empty
    /// value with the reason put on the message line: a screen never
    /// opens on silent blanks or defaults.
    pub fn read<T: Default>(&self, result: crate::store::StoreResult<T>) -> T {
        result.unwrap_or_else(|e| {
            self.unread.set(Some(self.t.store_error(&e)));
            T::default()
        })
    }
}

/// What a screen needs to draw.
pub struct View<'a> {
    pub t: &'static Strings,
    pub theme: &'a Theme,
    pub now: NaiveDateTime,
    /// Drawn on a hub's copy of a station: texts that invite an entry or
    /// a change ("按 a 新增") are left out.
    pub read_only: bool,
}

/// Who is acting, for timelines and the audit log: the signed-in user
/// (or, before anyone signs in, the deputies on duty).
pub fn current_actor(cx: &Ctx) -> String {
    if let Some(user) = cx.user {
        return user.name.clone();
    }
    cx.store
        .on_duty(cx.now.date())
        .map(|d| {
            d.into_iter()
                .map(|s| s.deputy_name)
                .collect::<Vec<_>>()
                .join("、")
        })
        .unwrap_or_default()
}

/// One key on the hint bar and in the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub label: &'static str,
    /// The keys it stands for, when it changes a register or sends it out
    /// (a file, the printer, a revealed phone): a hub's read-only copy of
    /// a station neither shows such a hint nor lets its keys through.
    pub changes: Option<&'static [keys::Key]>,
}

impl Hint {
    pub fn new(key: impl Into<String>, label: &'static str) -> Self {
        Self {
            key: key.into(),
            label,
            changes: None,
        }
    }

    /// Whether `key` is one of the keys of a changing hint.
    pub fn changes_on(&self, key: &KeyEvent) -> bool {
        self.changes
            .is_some_and(|keys| keys.iter().any(|k| k.matches(key)))
    }
}

/// How bad a status-line message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Info,
    Ok,
    Warn,
    Error,
}

/// What a screen asks the application to do after a key.
pub enum Action {
    None,
    Push(Box<dyn Screen>),
    Replace(Box<dyn Screen>),
    Pop,
    /// Close this screen and say how it went on the one below.
    PopWith(String, Severity),
    Home,
    Quit,
    Message(String, Severity),
    /// Someone signed in: open the home screen for them.
    SignedIn(Actor),
    /// Back to the sign-in screen.
    SignOut,
}

pub trait Screen {
    fn title(&self, t: &Strings) -> String;
    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action;
    fn render(&mut self, f: &mut Frame, area: Rect, v: &View);
    /// The keys this screen understands right now, for the hint bar and help.
    fn hints(&self, t: &'static Strings) -> Vec<Hint>;

    fn paste(&mut self, _text: &str, _cx: &mut Ctx) -> Action {
        Action::None
    }
    /// Called about four times a second (saves drafts after a pause,
    /// follows work going on); may ask for an action like a key.
    fn tick(&mut self, _cx: &mut Ctx) -> Action {
        Action::None
    }
    /// Called when the screen above it closes, to reload what may have changed.
    fn resume(&mut self, _cx: &mut Ctx) {}
    /// Writes anything pending (the program is about to quit).
    fn flush(&mut self, _cx: &mut Ctx) {}
    /// True while keys like `q` and `?` are text for a field.
    fn editing_text(&self) -> bool {
        false
    }
    /// True while work the screen started must finish first (the closing
    /// backup): quitting waits for it.
    fn busy(&self) -> bool {
        false
    }
    /// True while the screen holds input the user typed.
    fn has_input(&self) -> bool {
        false
    }
    /// True while a pop-up that takes no typing (a question) stands in
    /// front of the screen's fields: the terminal cursor is hidden.
    fn modal(&self) -> bool {
        false
    }
}
