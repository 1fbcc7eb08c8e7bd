//! A station's registers as the hub keeps them: any screen of the desk,
//! run on the hub's copy of that station, opened read-only (a save is
//! refused by the file itself and said on the message line).

use crate::i18n::Strings;
use crate::store::Store;
use crate::ui::{Action, Ctx, Hint, Screen, Severity, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;

pub struct CopyScreen {
    path: PathBuf,
    station: String,
    store: Store,
    inner: Box<dyn Screen>,
}

impl CopyScreen {
    /// Opens `path` read-only and builds the inner screen on it.
    pub fn open(
        path: PathBuf,
        station: String,
        cx: &mut Ctx,
        make: impl FnOnce(&mut Ctx) -> Box<dyn Screen>,
    ) -> Result<CopyScreen, String> {
        let mut store = Store::open_read_only(&path).map_err(|e| cx.t.command_store_error(&e))?;
        let inner = {
            let mut own = own_ctx(&mut store, cx);
            make(&mut own)
        };
        Ok(CopyScreen {
            path,
            station,
            store,
            inner,
        })
    }

    /// What the inner screen asked for, with the screens it opens kept on
    /// the same copy.
    fn wrap(&mut self, action: Action, cx: &mut Ctx) -> Action {
        match action {
            Action::Push(screen) => match Store::open_read_only(&self.path) {
                Ok(store) => Action::Push(Box::new(CopyScreen {
                    path: self.path.clone(),
                    station: self.station.clone(),
                    store,
                    inner: screen,
                })),
                Err(e) => Action::Message(cx.t.command_store_error(&e), Severity::Error),
            },
            Action::Replace(screen) => match Store::open_read_only(&self.path) {
                Ok(store) => Action::Replace(Box::new(CopyScreen {
                    path: self.path.clone(),
                    station: self.station.clone(),
                    store,
                    inner: screen,
                })),
                Err(e) => Action::Message(cx.t.command_store_error(&e), Severity::Error),
            },
            // The copy's file refused a write: said in the copy's words,
            // not as a file's permission.
            Action::Message(text, Severity::Error) if text.contains(cx.t.store_read_only) => {
                Action::Message(cx.t.rollup.read_only_key.into(), Severity::Warn)
            }
            // A refused change says why it cannot be made here.
            Action::Message(text, Severity::Error) => Action::Message(
                format!("{text} {}", cx.t.rollup.read_only_note),
                Severity::Error,
            ),
            // The station's sign-in belongs to the station, not the hub.
            Action::SignedIn(_) | Action::SignOut => Action::Pop,
            other => other,
        }
    }
}

/// A key that is never typed text: with Ctrl or Alt, or a function key.
fn is_command_key(key: &KeyEvent) -> bool {
    use crossterm::event::{KeyCode, KeyModifiers};
    key.modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        || matches!(key.code, KeyCode::F(_))
}

fn own_ctx<'a>(store: &'a mut Store, cx: &'a Ctx) -> Ctx<'a> {
    Ctx {
        store,
        t: cx.t,
        now: cx.now,
        files_dir: cx.files_dir,
        user: cx.user,
        unread: cx.unread,
    }
}

impl Screen for CopyScreen {
    fn title(&self, t: &Strings) -> String {
        // The mark goes by the station's name, where a cut title keeps it.
        format!(
            "{}（{}）· {}",
            self.station,
            t.rollup.read_only_mark,
            self.inner.title(t)
        )
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        // A key that would change the copy or send it out is not let
        // through: it says why at once, instead of failing at the end.
        // While text is typed, a letter is text; Ctrl+S and the like still
        // are what the hint bar says.
        let typed = self.inner.editing_text() && !is_command_key(&key);
        let changing = !typed && self.inner.hints(cx.t).iter().any(|h| h.changes_on(&key));
        if changing {
            return Action::Message(cx.t.rollup.read_only_key.into(), Severity::Warn);
        }
        let action = {
            let mut own = own_ctx(&mut self.store, cx);
            self.inner.handle_key(key, &mut own)
        };
        self.wrap(action, cx)
    }

    fn paste(&mut self, text: &str, cx: &mut Ctx) -> Action {
        let action = {
            let mut own = own_ctx(&mut self.store, cx);
            self.inner.paste(text, &mut own)
        };
        self.wrap(action, cx)
    }

    fn tick(&mut self, cx: &mut Ctx) -> Action {
        let action = {
            let mut own = own_ctx(&mut self.store, cx);
            self.inner.tick(&mut own)
        };
        self.wrap(action, cx)
    }

    fn resume(&mut self, cx: &mut Ctx) {
        let mut own = own_ctx(&mut self.store, cx);
        self.inner.resume(&mut own);
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let v = View {
            read_only: true,
            ..*v
        };
        self.inner.render(f, area, &v);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        let mut hints = self.inner.hints(t);
        hints.retain(|h| h.changes.is_none());
        hints
    }

    fn editing_text(&self) -> bool {
        self.inner.editing_text()
    }

    fn modal(&self) -> bool {
        self.inner.modal()
    }
}
