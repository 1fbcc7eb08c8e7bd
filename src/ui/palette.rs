//! Colours as terminals show them: the nearest 256-colour entry for a
//! 24-bit colour, and the contrast between two colours (WCAG), so that a
//! theme can be checked for legibility on terminals without true colour.

use ratatui::style::Color;

/// The xterm 256-colour palette's entry `i` as RGB.
pub fn indexed_rgb(i: u8) -> (u8, u8, u8) {
    const BASE: [(u8, u8, u8); 16] = [
        (0, 0, 0),
        (205, 0, 0),
        (0, 205, 0),
        (205, 205, 0),
        (0, 0, 238),
        (205, 0, 205),
        (0, 205, 205),
        (229, 229, 229),
        (127, 127, 127),
        (255, 0, 0),
        (0, 255, 0),
        (255, 255, 0),
        (92, 92, 255),
        (255, 0, 255),
        (0, 255, 255),
        (255, 255, 255),
    ];
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match i {
        0..=15 => BASE[i as usize],
        16..=231 => {
            let n = i - 16;
            (
                LEVELS[(n / 36) as usize],
                LEVELS[(n / 6 % 6) as usize],
                LEVELS[(n % 6) as usize],
            )
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    }
}

/// A colour as RGB on an xterm-like terminal (None: the terminal's default).
pub fn rgb(c: Color) -> Option<(u8, u8, u8)> {
    let named = |i: u8| Some(indexed_rgb(i));
    match c {
        Color::Reset => None,
        Color::Rgb(r, g, b) => Some((r, g, b)),
        Color::Indexed(i) => named(i),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
    }
}

/// The nearest entry of the 256-colour palette (cube or grey ramp) for a
/// 24-bit colour; other colours are left as they are.
pub fn to_256(c: Color) -> Color {
    let Color::Rgb(r, g, b) = c else { return c };
    let distance = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    let best = (16..=255u8)
        .min_by_key(|&i| distance(indexed_rgb(i)))
        .unwrap_or(16);
    Color::Indexed(best)
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::theme::{BUILTIN_THEMES, Theme};

    #[test]
    fn without_true_colour_no_theme_uses_24_bit_colour() {
        for (name, _) in BUILTIN_THEMES {
            let theme = Theme::builtin(name).unwrap().for_terminal(false);
            for style in theme.styles() {
                for c in [style.fg, style.bg].into_iter().flatten() {
                    assert!(!matches!(c, Color::Rgb(..)), "{name}: {c:?}");
                }
            }
        }
        assert_eq!(to_256(Color::Rgb(255, 255, 255)), Color::Indexed(231));
        assert_eq!(to_256(Color::Blue), Color::Blue);
    }

    #[test]
    fn the_light_themes_key_labels_are_legible() {
        for truecolor in [true, false] {
            let theme = Theme::builtin("light").unwrap().for_terminal(truecolor);
            let key = theme.key;
            let (fg, bg) = (rgb(key.fg.unwrap()).unwrap(), rgb(key.bg.unwrap()).unwrap());
            let ratio = contrast(fg, bg);
            assert!(
                ratio >= 4.5,
                "key labels {ratio:.2}:1 (true colour {truecolor})"
            );
        }
    }
}
