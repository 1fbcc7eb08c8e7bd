//! One file per screen.

pub mod audit;
pub mod case_action;
pub mod case_detail;
pub mod cases;
pub mod closing;
pub mod correction;
pub mod departments;
pub mod duty;
pub mod home;
pub mod hub;
pub mod livelihood;
pub mod placeholder;
pub mod receipt;
pub mod reception;
pub mod registers;
pub mod settings;
pub mod setup;
pub mod sign_in;
pub mod statistics;
pub mod users;
