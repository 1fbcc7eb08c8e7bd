//! Driving the whole application on ratatui's TestBackend.

use super::{Fixture, add_users, now, user_for};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use liaison_desk::domain::roles::Role;
use liaison_desk::i18n::{Lang, strings};
use liaison_desk::store::Store;
use liaison_desk::ui::Clock;
use liaison_desk::ui::app::App;
use liaison_desk::ui::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Position;

pub struct Harness {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    pub dir: tempfile::TempDir,
}

impl Harness {
    pub fn new(fx: Fixture, width: u16, height: u16) -> Self {
        Self::with_lang(fx, width, height, Lang::Zh)
    }

    pub fn with_lang(fx: Fixture, width: u16, height: u16, lang: Lang) -> Self {
        Self::signed_in(fx, width, height, lang, Role::Secretary)
    }

    /// The app on the fixture's database, signed in through the sign-in
    /// screen as the fixture's user of `role` (see `add_users`).
    pub fn signed_in(fx: Fixture, width: u16, height: u16, lang: Lang, role: Role) -> Self {
        let Fixture { dir, mut store, .. } = fx;
        add_users(&mut store);
        let mut h = Self::start(store, dir, width, height, lang);
        h.sign_in(role);
        h
    }

    /// The app as it opens, before anyone signs in.
    pub fn start(
        store: Store,
        dir: tempfile::TempDir,
        width: u16,
        height: u16,
        lang: Lang,
    ) -> Self {
        let files = dir.path().to_path_buf();
        let app = App::new(
            store,
            strings(lang),
            Theme::fallback(),
            Clock::Fixed(now()),
            files,
        );
        let terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        Harness { app, terminal, dir }
    }

    /// Chooses the user of `role` on the sign-in screen and types the PIN.
    pub fn sign_in(&mut self, role: Role) -> &mut Self {
        let (position, pin) = user_for(role);
        for _ in 0..position {
            self.key(KeyCode::Down);
        }
        self.typed(pin).key(KeyCode::Enter)
    }

    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
        self.settle()
    }

    /// Lets work on a thread of its own (the closing backup) finish, as the
    /// event loop's ticks would, so that a loaded machine sees the same
    /// frames as an idle one.
    pub fn settle(&mut self) -> &mut Self {
        let started = std::time::Instant::now();
        while self.app.busy() {
            assert!(
                started.elapsed().as_secs() < 60,
                "still busy after a minute"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.app.tick();
        }
        self
    }

    pub fn ctrl(&mut self, c: char) -> &mut Self {
        self.app
            .handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
        self
    }

    pub fn typed(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    pub fn tabs(&mut self, n: usize) -> &mut Self {
        for _ in 0..n {
            self.key(KeyCode::Tab);
        }
        self
    }

    pub fn frame(&mut self) -> String {
        // A full redraw, so the snapshot is this frame alone (TestBackend keeps
        // cells hidden behind wide characters of earlier frames).
        self.terminal.clear().unwrap();
        self.terminal.draw(|f| self.app.draw(f)).unwrap();
        let buffer = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buffer.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    pub fn cursor(&mut self) -> Position {
        self.frame();
        self.terminal.get_cursor_position().unwrap()
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.terminal.backend_mut().resize(width, height);
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, width, height))
            .unwrap();
    }
}
