//! Parts of the product that are not built yet say so plainly.

use crate::i18n::Strings;
use crate::ui::components::wrap::wrap_text;
use crate::ui::keys;
use crate::ui::{Action, Ctx, Hint, Screen, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

pub struct PlaceholderScreen {
    part: &'static str,
}

impl PlaceholderScreen {
    pub fn new(part: &'static str) -> Self {
        Self { part }
    }
}

impl Screen for PlaceholderScreen {
    fn title(&self, _t: &Strings) -> String {
        self.part.to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, _cx: &mut Ctx) -> Action {
        // Any of the ways out of a screen leaves this one.
        let leave = [&keys::ESC, &keys::ENTER, &keys::QUIT];
        if leave.iter().any(|b| b.matches(&key)) {
            Action::Pop
        } else {
            Action::None
        }
    }

    fn render(&mut self, f: &mut Frame, area: Rect, v: &View) {
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(v.theme.border);
        let inner = block.inner(area);
        f.render_widget(block, area);
        let text = v.t.not_built.fill([&self.part, &keys::ESC.name(v.t)]);
        let lines: Vec<Line> = wrap_text(&text, inner.width.saturating_sub(4) as usize)
            .into_iter()
            .map(|l| Line::styled(format!("  {l}"), v.theme.warn))
            .collect();
        let mut all = vec![Line::raw("")];
        all.extend(lines);
        f.render_widget(Paragraph::new(all), inner);
    }

    fn hints(&self, t: &'static Strings) -> Vec<Hint> {
        vec![keys::ESC.hint(t, t.hint_back)]
    }
}
