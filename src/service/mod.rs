//! The middle layer, used by the interface and the command line alike:
//! registers as their pages show them, exports and imports of office
//! files, reports and their workbooks, and demo data.

pub mod bundle;
pub mod demo;
pub mod export;
pub mod hub;
pub mod import;
pub mod registers;
pub mod report;
pub mod report_book;
pub mod sheets;
