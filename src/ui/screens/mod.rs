//! One file per screen.

pub mod case_action;
pub mod case_detail;
pub mod cases;
pub mod departments;
pub mod digest;
pub mod duty;
pub mod home;
pub mod placeholder;
pub mod receipt;
pub mod reception;
pub mod registers;
pub mod settings;
pub mod setup;
pub mod statistics;
