//! 日结: the day's digest on screen — visits, persons, items and how they
//! were handled, by category and by deputy, unfinished forms — to save as
//! text or print. (The secretary's checklist and sign-off come later.)

use crate::i18n::Strings;
use crate::report::digest_text;
use crate::ui::components::panel;
use crate::ui::components::wrap::wrap_text;
use crate::ui::output::{Outgoing, print_text, save_text};
use crate::ui::{Action, Ctx, Hint, Screen, View};
use chrono::{Days, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub struct DigestScreen {
    day: NaiveDate,
    text: Result<String, String>,
    scroll: u16,
}

impl DigestScreen {
    pub fn new(cx: &mut Ctx) -> Self {
        let mut screen = Self {
            day: cx.now.date(),
            text: Ok(String::new()),
            scroll: 0,
        };
        screen.load(cx);
        screen
    }

    fn load(&mut self, cx: &mut Ctx) {
        let store = &*cx.store;
        self.scroll = 0;
        self.text = (|| {
            let counts = store.day_counts(self.day)?;
            let station = store.station()?.map(|s| s.name).unwrap_or_default();
            let drafts = store.draft_count()?;
            Ok(digest_text(&counts, self.day, &station, drafts, cx.t))
        })()
        .map_err(|e| cx.t.store_error(&e));
    }

    fn outgoing<'a>(&self, text: String, cx: &Ctx, id: &'a str) -> Outgoing<'a> {
        Outgoing {
            kind: "digest",
            entity: "day",
            entity_id: id,
            text,
            saved_template: cx.t.digest.saved,
            printed_message: cx.t.digest.printed,
        }
    }
}

impl Screen for DigestScreen {
    fn title(&self, t: &Strings) -> String {
        t.digest.screen_title.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, cx: &mut Ctx) -> Action {
        let day = self.day.to_string();
        match key.code {
            KeyCode::Esc => return Action::Pop,
            KeyCode::Left | KeyCode::Char('[') => {
                self.day = self.day.checked_sub_days(Days::new(1)).unwrap_or(self.day)
            }
            KeyCode::Right | KeyCode::Char(']') => {
                self.day = self.day.checked_add_days(Days::new(1)).unwrap_or(self.day)
            }
            KeyCode::Up => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::Down => self.scroll = self.scroll.saturating_add(1),
            KeyCode::Char('s' | 'S') => {
                let Ok(text) = self.text.clone() else {
                    return Action::None;
                };
                let dir = cx.files_dir.join("日结");
                let out = self.outgoing(text, cx, &day);
                return save_text(cx, &dir, &format!("日结-{day}.txt"), out);
            }
            KeyCode::Char('p' | 'P') => {
                let Ok(text) = self.text.clone() else {
                    return Action::None;
                };
                let out = self.outgoing(text, cx, &day);
                return print_text(cx, out);
            }
            _ => return Action::None,
        }
        if matches!(
            key.code,
            KeyCode::Left | KeyCode::Right | KeyCode::Char('[' | ']')
        ) {
            self.load(cx);
        }
        Action::None
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let inner = panel(f, area, v.t.digest.screen_title, v.theme.border, v);
        let width = inner.width as usize;
        let mut lines: Vec<Line> = match &self.text {
            Ok(text) => text
                .lines()
                .flat_map(|l| wrap_text(l, width))
                .map(|l| Line::styled(l, v.theme.text))
                .collect(),
            Err(e) => vec![Line::styled(e.clone(), v.theme.error)],
        };
        lines.push(Line::raw(""));
        for l in wrap_text(v.t.digest.not_yet, width) {
            lines.push(Line::styled(l, v.theme.muted));
        }
        let max = (lines.len() as u16).saturating_sub(inner.height);
        self.scroll = self.scroll.min(max);
        f.render_widget(Paragraph::new(lines).scroll((self.scroll, 0)), inner);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![
            Hint::new(t.key_left_right, t.digest.hint_day),
            Hint::new("s", t.digest.hint_save),
            Hint::new("p", t.digest.hint_print),
            Hint::new("Esc", t.hint_back),
        ]
    }
}
