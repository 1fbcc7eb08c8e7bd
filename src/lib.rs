//! Liaison Desk (联络站值班台): an offline duty desk for people's-congress
//! deputy liaison stations.
//!
//! The layers, from the bottom: `domain` (pure rules) → `store` (the only
//! SQL) → `service` (registers, office files, reports: shared by the
//! screens and the command line) → `ui` (screens: keys to actions, state to
//! frames) → `cli` and a thin `main`. All user-visible words live in `i18n`.

pub mod cli;
pub mod config;
pub mod domain;
pub mod i18n;
pub mod service;
pub mod store;
#[cfg(feature = "test-hooks")]
pub mod test_hooks;
pub mod ui;
