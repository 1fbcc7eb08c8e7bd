//! Who may do what. The store asks these rules before every guarded write,
//! so a key hidden on screen is a courtesy, not the protection.

use super::fields::{Field, FieldError, Problem};
use super::ids::UserId;
use chrono::{Duration, NaiveDateTime};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Receives voters and fills in the registers.
    Deputy,
    /// Reviews, corrects and signs off the day; refers and chases cases.
    Secretary,
    /// Manages users and reopens signed-off days; may do all a secretary does.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Deputy, Role::Secretary, Role::Admin];
    pub const COUNT: usize = 3;

    pub fn code(self) -> &'static str {
        match self {
            Role::Deputy => "deputy",
            Role::Secretary => "secretary",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn index(self) -> usize {
        self as usize
    }

    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Deputy => false,
            Role::Secretary => matches!(
                p,
                SignOffDay | AmendSignedDay | RevealPhone | Export | PurgeContacts
            ),
            Role::Admin => true,
        }
    }
}

/// The guarded actions. Everything not listed is open to every signed-in user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    SignOffDay,
    ReopenDay,
    /// Correct a row of a day that has been signed off (an amendment).
    AmendSignedDay,
    RevealPhone,
    /// Export a register (masked, or in full with a reason).
    Export,
    ManageUsers,
    /// Read the audit log.
    ViewAudit,
    /// Anonymise contact details past the retention period.
    PurgeContacts,
}

/// The person at the keyboard, as the store records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{role:?} may not {permission:?}")]
pub struct Denied {
    pub role: Role,
    pub permission: Permission,
}

/// Ok when `actor` may do `p`.
pub fn require(actor: &Actor, p: Permission) -> Result<(), Denied> {
    if actor.role.allows(p) {
        Ok(())
    } else {
        Err(Denied {
            role: actor.role,
            permission: p,
        })
    }
}

/// Wrong PINs in a row before the user is locked out.
pub const MAX_PIN_ATTEMPTS: u32 = 3;
/// How long a lock-out lasts.
pub const LOCKOUT: Duration = Duration::minutes(1);

/// A PIN is 4 to 8 digits.
pub fn validate_pin(field: Field, pin: &str) -> Result<String, FieldError> {
    let pin = pin.trim();
    if pin.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    if !(4..=8).contains(&pin.chars().count()) || !pin.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(field, Problem::BadPin));
    }
    Ok(pin.to_string())
}

/// A new PIN typed twice must match.
pub fn validate_new_pin(pin: &str, again: &str) -> Result<String, FieldError> {
    let pin = validate_pin(Field::Pin, pin)?;
    if pin != again.trim() {
        return Err(FieldError::new(Field::PinAgain, Problem::PinMismatch));
    }
    Ok(pin)
}

/// What a wrong PIN leads to: the new count of failures in a row, and
/// until when the user is locked (after the third).
pub fn after_wrong_pin(failures_before: u32, now: NaiveDateTime) -> (u32, Option<NaiveDateTime>) {
    let failures = failures_before + 1;
    if failures >= MAX_PIN_ATTEMPTS {
        (0, Some(now + LOCKOUT))
    } else {
        (failures, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(role: Role) -> Actor {
        Actor {
            user_id: "u".into(),
            name: "某人".into(),
            role,
        }
    }

    #[test]
    fn a_deputy_may_not_sign_off_reveal_export_or_amend() {
        let deputy = actor(Role::Deputy);
        for p in [
            Permission::SignOffDay,
            Permission::RevealPhone,
            Permission::Export,
            Permission::AmendSignedDay,
            Permission::ReopenDay,
            Permission::ManageUsers,
        ] {
            assert_eq!(
                require(&deputy, p),
                Err(Denied {
                    role: Role::Deputy,
                    permission: p
                })
            );
        }
    }

    #[test]
    fn a_secretary_closes_the_day_but_only_the_administrator_reopens_it() {
        let secretary = actor(Role::Secretary);
        assert!(require(&secretary, Permission::SignOffDay).is_ok());
        assert!(require(&secretary, Permission::AmendSignedDay).is_ok());
        assert!(require(&secretary, Permission::RevealPhone).is_ok());
        assert!(require(&secretary, Permission::Export).is_ok());
        assert!(require(&secretary, Permission::ReopenDay).is_err());
        assert!(require(&secretary, Permission::ManageUsers).is_err());
        let admin = actor(Role::Admin);
        assert!(require(&admin, Permission::ReopenDay).is_ok());
        assert!(require(&admin, Permission::ManageUsers).is_ok());
        assert!(require(&admin, Permission::ViewAudit).is_ok());
        assert!(require(&secretary, Permission::ViewAudit).is_err());
    }

    #[test]
    fn pins_are_four_to_eight_digits() {
        assert_eq!(validate_pin(Field::Pin, " 1234 ").unwrap(), "1234");
        assert!(validate_pin(Field::Pin, "12345678").is_ok());
        for bad in ["123", "123456789", "12a4", "１２３４"] {
            assert_eq!(
                validate_pin(Field::Pin, bad).unwrap_err().problem,
                Problem::BadPin,
                "{bad}"
            );
        }
        assert_eq!(
            validate_pin(Field::Pin, "").unwrap_err().problem,
            Problem::Required
        );
        assert_eq!(
            validate_new_pin("1234", "1235").unwrap_err(),
            FieldError::new(Field::PinAgain, Problem::PinMismatch)
        );
    }

    #[test]
    fn the_third_wrong_pin_locks_for_a_minute() {
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 10)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(after_wrong_pin(0, now), (1, None));
        assert_eq!(after_wrong_pin(1, now), (2, None));
        assert_eq!(
            after_wrong_pin(2, now),
            (0, Some(now + Duration::minutes(1)))
        );
    }

    #[test]
    fn role_codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }
}
