//! Where data and configuration live, and the optional config file.

use crate::i18n::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The platform folders (on Linux `~/.local/share/liaison-desk` and
/// `~/.config/liaison-desk`); the current folder if there is no home.
#[derive(Debug, Clone)]
pub struct Paths {
    pub data_dir: PathBuf,
    pub config_dir: PathBuf,
}

impl Paths {
    pub fn platform() -> Paths {
        match directories::ProjectDirs::from("", "", "liaison-desk") {
            Some(dirs) => Paths {
                data_dir: dirs.data_dir().to_path_buf(),
                config_dir: dirs.config_dir().to_path_buf(),
            },
            None => Paths {
                data_dir: PathBuf::from("."),
                config_dir: PathBuf::from("."),
            },
        }
    }

    pub fn default_db(&self) -> PathBuf {
        self.data_dir.join("liaison-desk.db")
    }

    pub fn themes_dir(&self) -> PathBuf {
        self.config_dir.join("themes")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }
}

/// `config.toml`: settings of this terminal (not of the station).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub lang: Option<Lang>,
    pub theme: Option<String>,
}

impl Config {
    /// Reads the file if it exists; a broken or unreadable file (not text,
    /// say) gives the defaults and why.
    pub fn load(path: &Path) -> (Config, Option<String>) {
        match std::fs::read_to_string(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
            Err(e) => (Config::default(), Some(e.to_string())),
            Ok(text) => match toml::from_str(&text) {
                Ok(c) => (c, None),
                Err(e) => (Config::default(), Some(e.message().to_string())),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_file_is_optional_and_errors_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        assert_eq!(Config::load(&path), (Config::default(), None));
        std::fs::write(&path, "lang = \"en\"\ntheme = \"light\"\n").unwrap();
        let (c, warning) = Config::load(&path);
        assert_eq!(c.lang, Some(Lang::En));
        assert_eq!(c.theme.as_deref(), Some("light"));
        assert!(warning.is_none());
        std::fs::write(&path, "lang = \"fr\"\n").unwrap();
        let (c, warning) = Config::load(&path);
        assert_eq!(c, Config::default());
        assert!(warning.is_some());
    }
}
