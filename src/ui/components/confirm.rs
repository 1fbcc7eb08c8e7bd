//! The yes/no pop-up every screen asks its questions with (gitui's
//! `popups/confirm.rs` is the model): the question, then the two answers.

use crate::i18n::Strings;
use crate::ui::components::popup;
use crate::ui::keys;
use crate::ui::{Hint, View};
use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

/// What a key says to the question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    /// Neither: the question stays open.
    Undecided,
}

/// Y or Enter says yes, N or Esc no; other keys leave the question open.
pub fn answer(key: &KeyEvent) -> Answer {
    if keys::CONFIRM_YES.matches(key) {
        Answer::Yes
    } else if keys::CONFIRM_NO.matches(key) {
        Answer::No
    } else {
        Answer::Undecided
    }
}

/// Y or Enter says yes; any other key is taken as no (the pop-up closes),
/// for questions asked on the way to something the user can do again.
pub fn yes(key: &KeyEvent) -> bool {
    answer(key) == Answer::Yes
}

/// Draws the question over `area`, in `style`, with its answers below.
pub fn render(f: &mut Frame, area: Rect, question: &str, style: Style, v: &View) {
    let lines = vec![
        Line::styled(question.to_string(), style),
        Line::raw(""),
        Line::styled(keys::confirm_line(v.t), v.theme.focus),
    ];
    popup(f, area, v.t.confirm_title, &lines, v);
}

/// The hint bar while a question is open.
pub fn hints(t: &Strings) -> Vec<Hint> {
    vec![keys::YES.hint(t, t.yes), keys::NO.hint(t, t.no)]
}
