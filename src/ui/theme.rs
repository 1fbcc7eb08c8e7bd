//! Themes: TOML files with semantic roles. The shipped ones are compiled
//! in; a file of the same name in the user's config folder overrides them
//! role by role and field by field. A broken file never stops the program.

use super::palette;
use ratatui::style::{Color, Modifier, Style};
use serde::Deserialize;
use std::path::Path;
use std::str::FromStr;

pub const BUILTIN_THEMES: [(&str, &str); 3] = [
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
];

/// One role as written in a theme file; every field optional so that a
/// user file can change just one colour.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    pub fg: Option<String>,
    pub bg: Option<String>,
    pub bold: Option<bool>,
    pub reversed: Option<bool>,
}

macro_rules! theme_roles {
    ($($role:ident),+ $(,)?) => {
        #[derive(Debug, Clone, Default, Deserialize, PartialEq)]
        #[serde(deny_unknown_fields)]
        pub struct ThemeFile { $(#[serde(default)] pub $role: Option<RoleSpec>,)+ }

        #[derive(Debug, Clone, PartialEq)]
        pub struct Theme { $(pub $role: Style,)+ }

        pub const ROLES: &[&str] = &[$(stringify!($role)),+];

        impl Theme {
            /// The same theme with `f` applied to every role's style.
            pub fn map_styles(&self, f: impl Fn(Style) -> Style) -> Theme {
                Theme { $($role: f(self.$role),)+ }
            }

            /// Every role's style, for checks over a whole theme.
            pub fn styles(&self) -> Vec<Style> {
                vec![$(self.$role,)+]
            }
        }

        impl ThemeFile {
            fn overlay(&mut self, other: ThemeFile) {
                $(if let Some(spec) = other.$role {
                    let base = self.$role.get_or_insert_with(RoleSpec::default);
                    base.fg = spec.fg.or(base.fg.take());
                    base.bg = spec.bg.or(base.bg.take());
                    base.bold = spec.bold.or(base.bold);
                    base.reversed = spec.reversed.or(base.reversed);
                })+
            }

            fn missing_roles(&self) -> Vec<&'static str> {
                let mut missing = Vec::new();
                $(if self.$role.is_none() { missing.push(stringify!($role)); })+
                missing
            }

            fn build(&self) -> Result<Theme, String> {
                Ok(Theme { $($role: style_of(self.$role.as_ref())?,)+ })
            }
        }
    };
}

theme_roles!(
    text, title, border, selection, focus, invalid, ok, warn, error, muted, key
);

fn color(s: &str) -> Result<Color, String> {
    Color::from_str(s).map_err(|_| format!("unknown colour “{s}”"))
}

fn style_of(spec: Option<&RoleSpec>) -> Result<Style, String> {
    let mut style = Style::default();
    let Some(spec) = spec else { return Ok(style) };
    if let Some(fg) = &spec.fg {
        style = style.fg(color(fg)?);
    }
    if let Some(bg) = &spec.bg {
        style = style.bg(color(bg)?);
    }
    if spec.bold == Some(true) {
        style = style.add_modifier(Modifier::BOLD);
    }
    if spec.reversed == Some(true) {
        style = style.add_modifier(Modifier::REVERSED);
    }
    Ok(style)
}

fn parse_file(text: &str) -> Result<ThemeFile, String> {
    toml::from_str(text).map_err(|e| e.message().to_string())
}

/// Whether the terminal says it shows 24-bit colour (`COLORTERM`).
pub fn truecolor_from_env() -> bool {
    std::env::var("COLORTERM").is_ok_and(|v| matches!(v.as_str(), "truecolor" | "24bit"))
}

impl Theme {
    /// The theme as this terminal can show it: without true colour, every
    /// `#rrggbb` becomes the nearest of the 256-colour palette (a
    /// terminal that cannot show `38;2;…` would show it wrong or not at all).
    pub fn for_terminal(&self, truecolor: bool) -> Theme {
        if truecolor {
            return self.clone();
        }
        let down = |c: Option<Color>| c.map(palette::to_256);
        self.map_styles(|s| Style {
            fg: down(s.fg),
            bg: down(s.bg),
            ..s
        })
    }

    /// A shipped theme by name, with no user override.
    pub fn builtin(name: &str) -> Option<Theme> {
        let (_, text) = BUILTIN_THEMES.iter().find(|(n, _)| *n == name)?;
        parse_file(text).ok()?.build().ok()
    }

    pub fn fallback() -> Theme {
        Theme::builtin("default").expect("the default theme is valid")
    }

    /// Loads `name`: the shipped file overlaid with `user_dir/NAME.toml` if
    /// present. Returns the theme and, if something was wrong, the path of
    /// the offending file and why (the caller shows it).
    pub fn load(name: &str, user_dir: Option<&Path>) -> (Theme, Option<(String, String)>) {
        let builtin_text = BUILTIN_THEMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| *t);
        let mut file = match builtin_text.map(parse_file) {
            Some(Ok(f)) => f,
            _ => ThemeFile::default(),
        };
        let user_path = user_dir.map(|d| d.join(format!("{name}.toml")));
        let shown_path = user_path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| name.to_string());
        // A file that is there but cannot be read (not text, say) is broken
        // too: it must not pass silently as "no override".
        let user_text = match user_path.as_ref().map(std::fs::read_to_string) {
            Some(Ok(text)) => Some(text),
            Some(Err(e)) if e.kind() != std::io::ErrorKind::NotFound => {
                return (Theme::fallback(), Some((shown_path, e.to_string())));
            }
            _ => None,
        };
        if builtin_text.is_none() && user_text.is_none() {
            return (
                Theme::fallback(),
                Some((shown_path, format!("no theme named “{name}”"))),
            );
        }
        if let Some(text) = user_text {
            match parse_file(&text) {
                Ok(user) => file.overlay(user),
                Err(why) => return (Theme::fallback(), Some((shown_path, why))),
            }
        }
        // A user theme with no shipped base must define every role.
        let missing = file.missing_roles();
        if !missing.is_empty() {
            let why = format!("missing roles: {}", missing.join(", "));
            return (Theme::fallback(), Some((shown_path, why)));
        }
        match file.build() {
            Ok(theme) => (theme, None),
            Err(why) => (Theme::fallback(), Some((shown_path, why))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_theme_defines_every_role() {
        for (name, text) in BUILTIN_THEMES {
            let file = parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                file.missing_roles().is_empty(),
                "{name}: {:?}",
                file.missing_roles()
            );
            file.build().unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(Theme::builtin(name).is_some());
        }
        assert_eq!(ROLES.len(), 11);
    }

    #[test]
    fn user_file_overrides_one_field() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("default.toml"),
            "[title]\nfg = \"#ff0000\"\n",
        )
        .unwrap();
        let (theme, warning) = Theme::load("default", Some(dir.path()));
        assert_eq!(warning, None);
        assert_eq!(theme.title.fg, Some(Color::Rgb(255, 0, 0)));
        // The rest of the role is kept from the shipped theme.
        assert!(theme.title.add_modifier.contains(Modifier::BOLD));
        assert_eq!(theme.text, Theme::fallback().text);
    }

    #[test]
    fn broken_files_fall_back_with_a_message() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("light.toml"), "[title\n").unwrap();
        let (theme, warning) = Theme::load("light", Some(dir.path()));
        assert_eq!(theme, Theme::fallback());
        assert!(warning.unwrap().0.ends_with("light.toml"));

        std::fs::write(
            dir.path().join("light.toml"),
            "[title]\nfg = \"notacolour\"\n",
        )
        .unwrap();
        let (_, warning) = Theme::load("light", Some(dir.path()));
        assert!(warning.unwrap().1.contains("notacolour"));

        std::fs::write(dir.path().join("mine.toml"), "[title]\nfg = \"red\"\n").unwrap();
        let (_, warning) = Theme::load("mine", Some(dir.path()));
        assert!(warning.unwrap().1.contains("missing roles"));

        let (theme, warning) = Theme::load("nonexistent", None);
        assert_eq!(theme, Theme::fallback());
        assert!(warning.is_some());
    }
}
