//! The pop-up that shows long work going on (an export, the closing
//! backup): what is done in words, and a bar.

use super::popup_box;
use super::wrap::wrap_text;
use crate::ui::View;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use std::time::Duration;

/// Draws `text` (wrapped) over a bar filled to `share` (0 to 1).
pub fn render_progress(f: &mut Frame, area: Rect, title: &str, text: &str, share: f64, v: &View) {
    let width = area.width.saturating_sub(4).clamp(20, 60);
    let room = width.saturating_sub(4) as usize;
    let mut lines: Vec<Line> = wrap_text(text, room)
        .into_iter()
        .map(|l| Line::styled(l, v.theme.text))
        .collect();
    let full = ((share.clamp(0.0, 1.0) * room as f64) as usize).min(room);
    lines.push(Line::styled(
        format!("{}{}", "█".repeat(full), "░".repeat(room - full)),
        v.theme.ok,
    ));
    let inner = popup_box(f, area, width, lines.len() as u16 + 2, title, v);
    f.render_widget(
        Paragraph::new(lines),
        Rect {
            x: inner.x + 1,
            width: inner.width.saturating_sub(2),
            ..inner
        },
    );
}

/// The closing backup's pop-up: how much is copied, the time taken and,
/// once it can be told, the time left.
pub fn render_backup_progress(f: &mut Frame, area: Rect, share: f64, elapsed: Duration, v: &View) {
    let c = &v.t.closing;
    let seconds = elapsed.as_secs();
    let mut text = c.backing_up.fill([&((share * 100.0) as u32), &seconds]);
    if share >= 1.0 {
        // Copied: the copy is checked whole before it is kept.
        text.push_str(c.backup_checking);
    } else if share > 0.02 {
        let left = elapsed.as_secs_f64() * (1.0 - share) / share;
        text.push_str(&c.backing_up_left.fill([&(left.ceil() as u64)]));
    }
    render_progress(f, area, c.backing_up_title, &text, share, v);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, strings};
    use crate::ui::theme::Theme;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    fn drawn(width: u16, height: u16, share: f64, elapsed: u64) -> String {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
        let theme = Theme::builtin("default").unwrap();
        let v = View {
            t: strings(Lang::Zh),
            theme: &theme,
            now: chrono::NaiveDate::from_ymd_opt(2026, 11, 10)
                .unwrap()
                .and_hms_opt(17, 0, 0)
                .unwrap(),
            read_only: false,
        };
        terminal
            .draw(|f| {
                // Chinese text under the pop-up: its frame must stay whole.
                let under = "签发日结备份".repeat(2000);
                f.render_widget(Paragraph::new(under).wrap(Default::default()), f.area());
                render_backup_progress(f, f.area(), share, Duration::from_secs(elapsed), &v);
            })
            .unwrap();
        let buffer = terminal.backend().buffer();
        // Each row as read: the cell after a wide character is its other half.
        (0..height)
            .map(|y| {
                let mut row = String::new();
                let mut x = 0;
                while x < width {
                    let symbol = buffer[(x, y)].symbol();
                    row.push_str(symbol);
                    x += unicode_width::UnicodeWidthStr::width(symbol).max(1) as u16;
                }
                row
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_backup_says_how_far_it_is_and_how_long_is_left() {
        let screen = drawn(80, 24, 0.25, 6);
        assert!(screen.contains("已完成 25%"), "{screen}");
        assert!(screen.contains("已用 6 秒"), "{screen}");
        assert!(
            screen.contains("约剩") && screen.contains("18 秒"),
            "{screen}"
        );
        assert!(screen.contains("█") && screen.contains("░"), "{screen}");
        // Before anything is copied no time left is guessed.
        let start = drawn(80, 24, 0.0, 0);
        assert!(!start.contains("约剩"), "{start}");
        let checking = drawn(80, 24, 1.0, 20);
        assert!(checking.contains("检查备份是否完好"), "{checking}");
        let wide = drawn(200, 60, 0.2, 10);
        assert!(wide.contains("约剩") && wide.contains("40 秒"), "{wide}");
        for screen in [screen, start, wide] {
            let top = screen.lines().find(|l| l.contains("正在备份")).unwrap();
            assert!(top.contains('┌') && top.contains('┐'), "{top}");
        }
    }
}
