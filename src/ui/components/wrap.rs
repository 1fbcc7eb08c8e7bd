//! Width-aware wrapping for Chinese text. Ratatui's own wrap breaks only at
//! spaces; Chinese has none, so lines break between any two characters,
//! except that closing punctuation (，。、 and the like) never starts a line:
//! the character before it moves down with it (the usual 禁则 rule).

use unicode_width::UnicodeWidthChar;

/// Characters that must not begin a line.
const NO_LINE_START: &str = "，。、；：？！）」』】》〉…—～·%,.;:?!)]}％";

/// Characters that must not end a line (opening brackets and quotes).
const NO_LINE_END: &str = "（“‘《〈「『【([{";

/// Units and measure words a number is not split from (临期 1 件).
const UNITS: &str = "件批人次份项天日个位条家户元岁年月号楼室层%％";

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

pub fn char_width(c: char) -> usize {
    if c == '\t' {
        return 1;
    }
    c.width().unwrap_or(0)
}

pub fn str_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// One display line: characters `start..end` of the text (by char index,
/// the line break itself excluded), and whether a hard line break ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineSpan {
    pub start: usize,
    pub end: usize,
    pub hard_break: bool,
}

/// Breaks `chars` into lines no wider than `width` columns.
pub fn wrap_spans(chars: &[char], width: usize) -> Vec<LineSpan> {
    let width = width.max(2);
    let mut lines = Vec::new();
    let mut start = 0;
    let mut used = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            lines.push(LineSpan {
                start,
                end: i,
                hard_break: true,
            });
            i += 1;
            start = i;
            used = 0;
            continue;
        }
        let w = char_width(c);
        if used + w > width && i > start {
            let mut cut = i;
            // Pull the previous character down so punctuation does not lead.
            if NO_LINE_START.contains(c) && cut - start > 1 {
                cut -= 1;
            }
            // Latin words and numbers (HD01-20261110) move down whole when they can.
            if is_word_char(c) && is_word_char(chars[cut - 1]) {
                if let Some(b) = (start + 1..cut)
                    .rev()
                    .find(|&b| !is_word_char(chars[b - 1]))
                {
                    cut = b;
                }
            }
            cut = keep_number_with_unit(chars, start, cut);
            // An opening bracket or quote moves down with what it opens.
            if cut - start > 1 && NO_LINE_END.contains(chars[cut - 1]) {
                cut -= 1;
            }
            lines.push(LineSpan {
                start,
                end: cut,
                hard_break: false,
            });
            start = cut;
            used = chars[start..i].iter().map(|&c| char_width(c)).sum();
        }
        used += w;
        i += 1;
    }
    lines.push(LineSpan {
        start,
        end: chars.len(),
        hard_break: false,
    });
    lines
}

/// Moves a break that would part a number from its unit (`1 件`, `15天`)
/// to before the number, when the line keeps something.
fn keep_number_with_unit(chars: &[char], start: usize, cut: usize) -> usize {
    let at = |k: usize| chars.get(k).copied();
    let unit_from = if at(cut) == Some(' ') { cut + 1 } else { cut };
    if !at(unit_from).is_some_and(|c| UNITS.contains(c)) {
        return cut;
    }
    let mut b = cut;
    if b > start && at(b - 1) == Some(' ') && unit_from == cut {
        b -= 1;
    }
    let digits_end = b;
    while b > start && at(b - 1).is_some_and(|c| c.is_ascii_digit()) {
        b -= 1;
    }
    if b < digits_end && b > start { b } else { cut }
}

/// Wraps text into display strings (for read-only paragraphs).
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let spans = wrap_spans(&chars, width);
    let mut lines = Vec::with_capacity(spans.len());
    for (i, l) in spans.iter().enumerate() {
        let line: String = chars[l.start..l.end].iter().collect();
        // A space where a line was broken is not shown at the next line's start.
        let soft = i > 0 && !spans[i - 1].hard_break;
        lines.push(if soft {
            line.trim_start().to_string()
        } else {
            line
        });
    }
    lines
}

/// Cuts a string to at most `width` columns, adding `…` when cut.
pub fn truncate(s: &str, width: usize) -> String {
    if str_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Pads with spaces to exactly `width` columns (after truncating).
pub fn pad(s: &str, width: usize) -> String {
    let s = truncate(s, width);
    let w = str_width(&s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_line_ends_with_an_opening_bracket_or_quote() {
        for text in ["一二三（四五）", "一二三“四五”", "一二三《四五》"] {
            for width in 6..=9 {
                for line in wrap_text(text, width) {
                    assert!(
                        !line.ends_with(['（', '“', '《']),
                        "{text} at {width}: {line:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_number_stays_with_its_unit() {
        let wrapped = |text: &str, width| -> Vec<String> {
            wrap_text(text, width)
                .into_iter()
                .map(|l| l.trim_end().to_string())
                .collect()
        };
        assert_eq!(wrapped("本周临期 1 件", 11), ["本周临期", "1 件"]);
        assert_eq!(wrapped("本周临期 1 件", 10), ["本周临期", "1 件"]);
        assert_eq!(wrapped("期限15天内", 7), ["期限", "15天内"]);
    }

    #[test]
    fn wide_characters_fill_two_columns() {
        assert_eq!(wrap_text("一二三四五六", 4), vec!["一二", "三四", "五六"]);
        assert_eq!(wrap_text("一二三", 5), vec!["一二", "三"]);
        assert_eq!(wrap_text("ab一二", 4), vec!["ab一", "二"]);
    }

    #[test]
    fn punctuation_never_starts_a_line() {
        let lines = wrap_text("一二，三四。", 4);
        assert_eq!(lines, vec!["一", "二，", "三", "四。"]);
        for l in &lines {
            assert!(!l.starts_with(['，', '。']), "{lines:?}");
            assert!(str_width(l) <= 4, "{lines:?}");
        }
        assert_eq!(lines.concat(), "一二，三四。");
    }

    #[test]
    fn latin_words_move_down_whole() {
        assert_eq!(wrap_text("编号 HD01-2026", 10), vec!["编号 ", "HD01-2026"]);
        // A word longer than the line is still cut.
        assert_eq!(wrap_text("abcdefgh", 4), vec!["abcd", "efgh"]);
    }

    #[test]
    fn hard_breaks_are_kept() {
        assert_eq!(wrap_text("一\n\n二", 10), vec!["一", "", "二"]);
        let chars: Vec<char> = "ab\ncd".chars().collect();
        let spans = wrap_spans(&chars, 10);
        assert_eq!(
            spans[0],
            LineSpan {
                start: 0,
                end: 2,
                hard_break: true
            }
        );
        assert_eq!(
            spans[1],
            LineSpan {
                start: 3,
                end: 5,
                hard_break: false
            }
        );
    }

    #[test]
    fn truncation_and_padding_count_columns() {
        assert_eq!(truncate("联络站值班台", 7), "联络站…");
        assert_eq!(str_width(&pad("张三", 6)), 6);
        assert_eq!(pad("abc", 3), "abc");
    }

    #[test]
    fn long_text_never_exceeds_the_width() {
        let text = "村里的路灯坏了，晚上出行很不方便，希望尽快修好。".repeat(20);
        for width in [2, 3, 4, 7, 20, 41] {
            for line in wrap_text(&text, width) {
                assert!(str_width(&line) <= width);
                // Below two characters a line cannot hold anything to pull down.
                if width >= 4 {
                    assert!(!line.starts_with(['，', '。']), "{width}: {line}");
                }
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn wrapped_lines_fit_and_keep_every_visible_character(s in "\\PC{0,300}", width in 4usize..100) {
            let lines = wrap_text(&s, width);
            for line in &lines {
                prop_assert!(str_width(line) <= width, "{line:?} wider than {width}");
            }
            let visible = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(visible(&lines.concat()), visible(&s));
        }
    }
}
