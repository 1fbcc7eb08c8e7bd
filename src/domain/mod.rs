//! Pure domain types and rules: no SQL, no terminal.

pub mod anchor;
pub mod calendar;
pub mod case;
pub mod case_forms;
pub mod category;
pub mod cells;
pub mod choices;
pub mod closing;
pub mod duty_record;
pub mod fields;
pub mod id_number;
pub mod ids;
pub mod import;
pub mod names;
pub mod phone;
pub mod placement;
pub mod privacy;
pub mod reception;
pub mod register_forms;
pub mod registers;
pub mod retention;
pub mod roles;
pub mod search;
pub mod settings;
pub mod stats;
pub mod validate;
