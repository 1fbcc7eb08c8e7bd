//! One file per screen.

pub mod duty;
pub mod home;
pub mod placeholder;
pub mod receipt;
pub mod reception;
pub mod settings;
pub mod setup;
