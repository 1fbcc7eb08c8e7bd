//! Every key the interface answers to, as data: each binding names its
//! key(s) and how the hint bar spells them. Screens match keys through
//! these values and build their hints (and so the F1 help) from the same
//! values, so a hint cannot name a key the screen does not use.

use crate::i18n::Strings;
use crate::ui::Hint;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key with the modifiers it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    code: KeyCode,
    mods: KeyModifiers,
}

impl Key {
    /// The key with any modifiers (Shift, Alt… are not looked at).
    pub const fn plain(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::NONE,
        }
    }

    pub const fn ctrl(c: char) -> Self {
        Self {
            code: KeyCode::Char(c),
            mods: KeyModifiers::CONTROL,
        }
    }

    pub const fn alt(code: KeyCode) -> Self {
        Self {
            code,
            mods: KeyModifiers::ALT,
        }
    }

    /// The same code, holding at least these modifiers (others may be held
    /// too: a terminal adds Shift to some keys).
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        ev.code == self.code && ev.modifiers.contains(self.mods)
    }
}

/// How a binding is written on the hint bar.
#[derive(Debug, Clone, Copy)]
enum Name {
    Text(&'static str),
    /// The space bar, whose name is a word of the user's language.
    Space,
}

/// A named binding: the keys that do one thing, and its display name.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    name: Name,
}

impl Binding {
    const fn new(keys: &'static [Key], name: &'static str) -> Self {
        Self {
            keys,
            name: Name::Text(name),
        }
    }

    /// True if `ev` is one of this binding's keys (gitui's `key_match`).
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        self.keys.iter().any(|k| k.matches(ev))
    }

    /// Which of the binding's keys `ev` is (for digit rows and the like).
    pub fn index(&self, ev: &KeyEvent) -> Option<usize> {
        self.keys.iter().position(|k| k.matches(ev))
    }

    /// The name shown on the hint bar and in the help.
    pub fn name(&self, t: &Strings) -> &'static str {
        match self.name {
            Name::Text(s) => s,
            Name::Space => t.key_space,
        }
    }

    /// A hint for this binding.
    pub fn hint(&self, t: &Strings, label: &'static str) -> Hint {
        Hint::new(self.name(t), label)
    }

    /// A hint for a key that changes a register or sends it out (see
    /// `Hint::changes`).
    pub fn change_hint(&self, t: &Strings, label: &'static str) -> Hint {
        Hint {
            changes: Some(self.keys),
            ..self.hint(t, label)
        }
    }
}

/// The character a key types into a text field, if it types one (no Ctrl
/// or Alt held: those are commands).
pub fn typed(ev: &KeyEvent) -> Option<char> {
    match ev.code {
        KeyCode::Char(c)
            if !ev
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
        {
            Some(c)
        }
        _ => None,
    }
}

/// One hint for several bindings that do the same: `Tab/Enter`.
pub fn either(bindings: &[&Binding], t: &Strings, label: &'static str) -> Hint {
    let names: Vec<&str> = bindings.iter().map(|b| b.name(t)).collect();
    Hint::new(names.join("/"), label)
}

/// The hint for the first `count` digit keys of [`DIGITS`]: `1-5`.
pub fn digits_hint(count: usize, label: &'static str) -> Hint {
    Hint::new(format!("1-{count}"), label)
}

/// A `[Y/Enter] yes    [N/Esc] no` line for a confirm pop-up.
pub fn confirm_line(t: &Strings) -> String {
    format!(
        "[{}] {}    [{}] {}",
        CONFIRM_YES.name(t),
        t.yes,
        CONFIRM_NO.name(t),
        t.no
    )
}

const fn c(ch: char) -> Key {
    Key::plain(KeyCode::Char(ch))
}

const fn k(code: KeyCode) -> Key {
    Key::plain(code)
}

// Moving.
pub const UP: Binding = Binding::new(&[k(KeyCode::Up)], "↑");
pub const DOWN: Binding = Binding::new(&[k(KeyCode::Down)], "↓");
pub const LEFT: Binding = Binding::new(&[k(KeyCode::Left)], "←");
pub const RIGHT: Binding = Binding::new(&[k(KeyCode::Right)], "→");
pub const UP_DOWN: Binding = Binding::new(&[k(KeyCode::Up), k(KeyCode::Down)], "↑↓");
pub const LEFT_RIGHT: Binding = Binding::new(&[k(KeyCode::Left), k(KeyCode::Right)], "←→");
pub const PAGE_UP: Binding = Binding::new(&[k(KeyCode::PageUp)], "PgUp");
pub const PAGE_DOWN: Binding = Binding::new(&[k(KeyCode::PageDown)], "PgDn");
pub const HOME: Binding = Binding::new(&[k(KeyCode::Home)], "Home");
pub const END: Binding = Binding::new(&[k(KeyCode::End)], "End");
pub const TAB: Binding = Binding::new(&[k(KeyCode::Tab)], "Tab");
pub const BACK_TAB: Binding = Binding::new(&[k(KeyCode::BackTab)], "Shift+Tab");
/// The previous and next period or year.
pub const PREV: Binding = Binding::new(&[c('[')], "[");
pub const NEXT: Binding = Binding::new(&[c(']')], "]");
pub const PREV_NEXT: Binding = Binding::new(&[c('['), c(']')], "[ ]");

// Confirming, leaving, choosing.
pub const ENTER: Binding = Binding::new(&[k(KeyCode::Enter)], "Enter");
pub const ESC: Binding = Binding::new(&[k(KeyCode::Esc)], "Esc");
pub const SPACE: Binding = Binding {
    keys: &[c(' ')],
    name: Name::Space,
};
/// A new line inside a multi-line field.
pub const NEWLINE: Binding = Binding::new(&[Key::alt(KeyCode::Enter)], "Alt+Enter");
pub const YES: Binding = Binding::new(&[c('y'), c('Y')], "Y");
pub const NO: Binding = Binding::new(&[c('n'), c('N')], "N");
pub const CONFIRM_YES: Binding = Binding::new(&[c('y'), c('Y'), k(KeyCode::Enter)], "Y/Enter");
pub const CONFIRM_NO: Binding = Binding::new(&[c('n'), c('N'), k(KeyCode::Esc)], "N/Esc");
/// Digits that open a numbered item; [`Binding::index`] says which.
pub const DIGITS: Binding = Binding::new(
    &[
        c('1'),
        c('2'),
        c('3'),
        c('4'),
        c('5'),
        c('6'),
        c('7'),
        c('8'),
        c('9'),
    ],
    "1-9",
);

// Editing a text field (not on the hint bar: they work as in any editor).
pub const NEWLINE_CTRL: Binding = Binding::new(&[Key::ctrl('j')], "Ctrl+J");
pub const LINE_START: Binding = Binding::new(&[Key::ctrl('a')], "Ctrl+A");
pub const LINE_END: Binding = Binding::new(&[Key::ctrl('e')], "Ctrl+E");
/// Deletes everything before the cursor.
pub const CLEAR_BEFORE: Binding = Binding::new(&[Key::ctrl('u')], "Ctrl+U");
pub const BACKSPACE: Binding = Binding::new(&[k(KeyCode::Backspace)], "Backspace");
pub const DELETE_CHAR: Binding = Binding::new(&[k(KeyCode::Delete)], "Del");

// Whole-application keys.
pub const HELP: Binding = Binding::new(&[k(KeyCode::F(1))], "F1");
/// Also opens the help, but only where it is not text being typed.
pub const HELP_MARK: Binding = Binding::new(&[c('?')], "?");
pub const INTERRUPT: Binding = Binding::new(&[Key::ctrl('c')], "Ctrl+C");
/// Only while `LIAISON_DESK_TEST_PANIC` is set, for the crash tests.
pub const TEST_PANIC: Binding = Binding::new(&[k(KeyCode::F(12))], "F12");
pub const QUIT: Binding = Binding::new(&[c('q'), c('Q')], "q");

// Forms.
pub const SAVE: Binding = Binding::new(&[Key::ctrl('s')], "Ctrl+S");
pub const LINK_CASE: Binding = Binding::new(&[Key::ctrl('l')], "Ctrl+L");
pub const ALL_PRESENT: Binding = Binding::new(&[Key::ctrl('a')], "Ctrl+A");
pub const CLEAR_FILTER: Binding = Binding::new(&[Key::ctrl('r')], "Ctrl+R");

// Screen commands.
pub const START_RECEPTION: Binding = Binding::new(&[k(KeyCode::F(2))], "F2");
pub const FILTER: Binding = Binding::new(&[k(KeyCode::F(3))], "F3");
pub const ADD_DEPUTY: Binding = Binding::new(&[k(KeyCode::F(4))], "F4");
pub const DEPARTMENTS: Binding = Binding::new(&[k(KeyCode::F(5))], "F5");
pub const VERIFY: Binding = Binding::new(&[k(KeyCode::F(9))], "F9");
pub const SIGN_OFF: Binding = Binding::new(&[k(KeyCode::F(10))], "F10");
/// On the print command in 设置: choose one of the system's printers.
pub const PICK_PRINTER: Binding = Binding::new(&[k(KeyCode::F(6))], "F6");
/// On the print command in 设置: print a test page with it.
pub const TEST_PRINT: Binding = Binding::new(&[k(KeyCode::F(7))], "F7");
/// On a list edited a row at a time (the working calendar): add a row
/// below the cursor's, remove the cursor's row.
pub const ADD_ROW: Binding = Binding::new(&[k(KeyCode::F(6))], "F6");
pub const REMOVE_ROW: Binding = Binding::new(&[k(KeyCode::F(7))], "F7");
pub const ADD: Binding = Binding::new(&[c('a'), c('A'), k(KeyCode::Insert)], "a");
/// Delete the selected row (the roster spells it as the letter alone).
pub const DELETE: Binding = Binding::new(&[c('d'), c('D'), k(KeyCode::Delete)], "d/Del");
pub const DELETE_ROW: Binding = Binding::new(&[c('d'), c('D'), k(KeyCode::Delete)], "d");
pub const END_TERM: Binding = Binding::new(&[c('e'), c('E')], "e");
pub const CORRECT: Binding = Binding::new(&[c('e'), c('E')], "e");
pub const EXPORT: Binding = Binding::new(&[c('x'), c('X')], "x");
pub const REOPEN: Binding = Binding::new(&[c('r'), c('R')], "r");
pub const SAVE_FILE: Binding = Binding::new(&[c('s'), c('S')], "s");
pub const PRINT: Binding = Binding::new(&[c('p'), c('P')], "p");
pub const REVEAL: Binding = Binding::new(&[c('v'), c('V')], "v");
/// The case menu: Enter or `a`.
pub const CASE_ACTIONS: Binding = Binding::new(&[k(KeyCode::Enter), c('a'), c('A')], "Enter/a");
pub const USERS: Binding = Binding::new(&[c('u'), c('U')], "u");
pub const AUDIT: Binding = Binding::new(&[c('l'), c('L')], "l");
/// The hub's 督办 list.
pub const SUPERVISE: Binding = Binding::new(&[c('d'), c('D')], "d");
/// The hub's statistics (统计).
pub const HUB_STATISTICS: Binding = Binding::new(&[c('t'), c('T')], "t");
pub const SIGN_OUT: Binding = Binding::new(&[c('o'), c('O')], "o");
/// The receipt: next voter, write a file, print, back home.
pub const NEXT_VOTER: Binding = Binding::new(&[c('n'), c('N'), k(KeyCode::Enter)], "N/Enter");
pub const RECEIPT_FILE: Binding = Binding::new(&[c('s'), c('S'), k(KeyCode::F(3))], "S");
pub const RECEIPT_PRINT: Binding = Binding::new(&[c('p'), c('P'), k(KeyCode::F(4))], "P");
pub const RECEIPT_HOME: Binding = Binding::new(&[k(KeyCode::Esc), c('h'), c('H')], "Esc");

// 民生实事.
/// Merge a duplicate candidate into another.
pub const MERGE: Binding = Binding::new(&[c('m'), c('M')], "m");
/// From a case's detail: propose it as a candidate.
pub const PROPOSE_PROJECT: Binding = Binding::new(&[c('m'), c('M')], "m");
pub const VOTES: Binding = Binding::new(&[c('v'), c('V')], "v");
/// Adjust a vote's shortlist before it is counted.
pub const SHORTLIST: Binding = Binding::new(&[c('l'), c('L')], "l");
/// The meeting chose a tied candidate.
pub const CHOOSE_TIED: Binding = Binding::new(&[c('c'), c('C')], "c");
/// From the candidates: the chosen projects under supervision.
pub const PROJECTS: Binding = Binding::new(&[c('g'), c('G')], "g");
/// A project's progress review (调度).
pub const REVIEW_PROGRESS: Binding = Binding::new(&[c('r'), c('R')], "r");
/// A project's year-end judgement (验单).
pub const JUDGE: Binding = Binding::new(&[c('j'), c('J')], "j");
/// A completed project's 回头看 items.
pub const FOLLOW_UPS: Binding = Binding::new(&[c('h'), c('H')], "h");

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn plain_keys_ignore_modifiers_and_ctrl_keys_need_ctrl() {
        assert!(ENTER.matches(&ev(KeyCode::Enter, KeyModifiers::SHIFT)));
        assert!(SAVE.matches(&ev(KeyCode::Char('s'), KeyModifiers::CONTROL)));
        assert!(!SAVE.matches(&ev(KeyCode::Char('s'), KeyModifiers::NONE)));
        assert!(NEWLINE.matches(&ev(KeyCode::Enter, KeyModifiers::ALT)));
        assert!(!NEWLINE.matches(&ev(KeyCode::Enter, KeyModifiers::NONE)));
    }

    #[test]
    fn digits_say_which() {
        assert_eq!(
            DIGITS.index(&ev(KeyCode::Char('3'), KeyModifiers::NONE)),
            Some(2)
        );
        assert_eq!(
            DIGITS.index(&ev(KeyCode::Char('0'), KeyModifiers::NONE)),
            None
        );
    }

    #[test]
    fn names_join_for_shared_hints() {
        let t = crate::i18n::strings(crate::i18n::Lang::Zh);
        assert_eq!(either(&[&TAB, &ENTER], t, "x").key, "Tab/Enter");
        assert_eq!(SPACE.hint(t, "x").key, t.key_space);
    }
}
