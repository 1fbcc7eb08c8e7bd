//! Moving a selection through a list with the arrow and paging keys, one
//! rule for every list (each used to carry its own copy).

use crate::ui::keys;
use crossterm::event::KeyEvent;

/// Which moving keys a list answers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reach {
    /// ↑ and ↓.
    Lines,
    /// Also PgUp and PgDn.
    Pages,
    /// Also Home and End.
    Ends,
}

/// Where `key` asks the selection to go, before clamping: ↓ may point one
/// past the end and End points at `len`, so that a list that loads more
/// rows on demand can tell. `None` if `key` does not move the selection.
pub fn target(
    key: &KeyEvent,
    reach: Reach,
    selected: usize,
    len: usize,
    page: usize,
) -> Option<usize> {
    let page = page.max(1);
    if keys::UP.matches(key) {
        Some(selected.saturating_sub(1))
    } else if keys::DOWN.matches(key) {
        Some(selected + 1)
    } else if reach >= Reach::Pages && keys::PAGE_UP.matches(key) {
        Some(selected.saturating_sub(page))
    } else if reach >= Reach::Pages && keys::PAGE_DOWN.matches(key) {
        Some(selected + page)
    } else if reach >= Reach::Ends && keys::HOME.matches(key) {
        Some(0)
    } else if reach >= Reach::Ends && keys::END.matches(key) {
        Some(len)
    } else {
        None
    }
}

/// Moves `selected` within a list of `len` rows; true if `key` was a
/// moving key (even at an edge, where nothing changes).
pub fn navigate(
    key: &KeyEvent,
    reach: Reach,
    selected: &mut usize,
    len: usize,
    page: usize,
) -> bool {
    match target(key, reach, *selected, len, page) {
        Some(to) => {
            *selected = to.min(len.saturating_sub(1));
            true
        }
        None => false,
    }
}

/// The new offset of a scrolled text after `key`: ↑↓ by a line, PgUp and
/// PgDn by `page` lines (the drawing clamps it to the text's end).
pub fn scroll(key: &KeyEvent, reach: Reach, offset: u16, page: u16) -> Option<u16> {
    let to = target(
        key,
        reach,
        offset as usize,
        u16::MAX as usize,
        page as usize,
    )?;
    Some(to.min(u16::MAX as usize) as u16)
}

/// ↑ and ↓ (and Tab, forward) round a short menu, wrapping at the ends.
pub fn cycle(key: &KeyEvent, selected: &mut usize, len: usize) -> bool {
    if len == 0 {
        return false;
    }
    if keys::UP.matches(key) {
        *selected = (*selected + len - 1) % len;
    } else if keys::DOWN.matches(key) || keys::TAB.matches(key) {
        *selected = (*selected + 1) % len;
    } else {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn moves_and_clamps() {
        let mut s = 0;
        assert!(navigate(&key(KeyCode::Up), Reach::Lines, &mut s, 5, 3));
        assert_eq!(s, 0);
        navigate(&key(KeyCode::PageDown), Reach::Pages, &mut s, 5, 3);
        assert_eq!(s, 3);
        navigate(&key(KeyCode::PageDown), Reach::Pages, &mut s, 5, 3);
        assert_eq!(s, 4);
        assert!(!navigate(&key(KeyCode::Home), Reach::Pages, &mut s, 5, 3));
        assert!(navigate(&key(KeyCode::Home), Reach::Ends, &mut s, 5, 3));
        assert_eq!(s, 0);
        assert!(!navigate(
            &key(KeyCode::PageDown),
            Reach::Lines,
            &mut s,
            5,
            3
        ));
    }

    #[test]
    fn cycles_round_a_menu() {
        let mut s = 0;
        cycle(&key(KeyCode::Up), &mut s, 3);
        assert_eq!(s, 2);
        cycle(&key(KeyCode::Tab), &mut s, 3);
        assert_eq!(s, 0);
    }
}
