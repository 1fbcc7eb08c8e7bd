//! Domain values as SQL values: row identifiers stored as their UUID
//! text, choices as their stable codes, each read back into its own type
//! so that no screen decodes a code again. A code this program does not
//! know (an edit with the sqlite3 shell) is a read error, never a guess.

use crate::domain::case::{CaseStatus, Grade, Satisfaction};
use crate::domain::choices::{
    Channel, FeedbackWay, Gender, NotAcceptedReason, RequestType, Route, SupervisionLevel,
};
use crate::domain::fields::Field;
use crate::domain::ids::{CaseId, DepartmentId, DeputyId, ReceptionId, UserId};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

macro_rules! sql_ids {
    ($($name:ident),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                self.as_str().to_sql()
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                String::column_result(value).map($name::from)
            }
        }
    )*};
}

sql_ids!(CaseId, ReceptionId, DeputyId, DepartmentId, UserId);

/// A stored code that names no value of its kind: the field it fills
/// (none for a case's status) and the code as found.
#[derive(Debug, thiserror::Error)]
#[error("unknown code {code:?} for {field:?}")]
pub(crate) struct UnknownCode {
    pub field: Option<Field>,
    pub code: String,
}

macro_rules! sql_codes {
    ($($name:ident => $field:expr),*) => {$(
        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let code = value.as_str()?;
                $name::from_code(code).ok_or_else(|| {
                    FromSqlError::Other(Box::new(UnknownCode {
                        field: $field,
                        code: code.to_string(),
                    }))
                })
            }
        }
    )*};
}

sql_codes!(
    CaseStatus => None,
    Grade => Some(Field::Grade),
    Satisfaction => Some(Field::Satisfaction),
    Channel => Some(Field::Channel),
    FeedbackWay => Some(Field::FeedbackWay),
    Gender => Some(Field::Gender),
    NotAcceptedReason => Some(Field::NotAcceptedReason),
    RequestType => Some(Field::RequestType),
    Route => Some(Field::Route),
    SupervisionLevel => Some(Field::SupervisionLevel)
);

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    #[test]
    fn codes_round_trip_and_an_unknown_code_is_an_error() {
        let conn = Connection::open_in_memory().unwrap();
        let back: Route = conn
            .query_row("SELECT ?1", [Route::Assign], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Route::Assign);
        let stored: String = conn
            .query_row("SELECT ?1", [Grade::B], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, "B");
        let wrong = conn.query_row("SELECT 'teleport'", [], |r| r.get::<_, Route>(0));
        assert!(wrong.unwrap_err().to_string().contains("teleport"));
        let none: Option<Grade> = conn.query_row("SELECT NULL", [], |r| r.get(0)).unwrap();
        assert_eq!(none, None);
    }
}
