//! Users, their roles and PINs. PINs are kept only as Argon2id hashes; three
//! wrong PINs in a row lock the user for a minute (rules in domain::roles).
//! Guarded writes ask `authorise`, which reads the user's role and active
//! flag again, so an open session loses what its user may no longer do.

use super::Refusal;
use super::audit::{self, AuditWrite};
use super::{Store, StoreError, StoreResult, ts, user_deputies};
use crate::domain::fields::Field;
use crate::domain::ids::UserId;
use crate::domain::roles::{Actor, Permission, Role, after_wrong_pin, require, validate_pin};
use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::NaiveDateTime;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub locked_until: Option<NaiveDateTime>,
}

impl User {
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id.clone(),
            name: self.name.clone(),
            role: self.role,
        }
    }
}

/// A PIN is checked here too (4 to 8 digits), whatever screen or command
/// it came from; the hash is of the PIN as checked.
fn checked_pin(pin: &str) -> StoreResult<String> {
    validate_pin(Field::Pin, pin).map_err(StoreError::invalid)
}

fn hash_pin(pin: &str) -> StoreResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::other(e.to_string()))
}

fn pin_matches(pin: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|h| {
        Argon2::default()
            .verify_password(pin.as_bytes(), &h)
            .is_ok()
    })
}

fn parse_ts(s: Option<String>) -> Option<NaiveDateTime> {
    s.and_then(|s| NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M:%S").ok())
}

fn user_of(r: &rusqlite::Row) -> rusqlite::Result<User> {
    let role: String = r.get(2)?;
    Ok(User {
        id: r.get(0)?,
        name: r.get(1)?,
        role: Role::from_code(&role).unwrap_or(Role::Deputy),
        active: r.get(3)?,
        locked_until: parse_ts(r.get(4)?),
    })
}

const USER_COLUMNS: &str = "SELECT id, name, role, active, locked_until FROM users";

/// Ok when `by` may do `p` as the users table says now, not as it said
/// when `by` signed in: the role is read again, and a user who has been
/// disabled, or is not in this database, may do nothing guarded. Callers
/// holding a transaction pass it, so the answer holds for their write.
pub(crate) fn authorise(conn: &Connection, by: &Actor, p: Permission) -> StoreResult<()> {
    let current: Option<(String, bool)> = conn
        .prepare_cached("SELECT role, active FROM users WHERE id = ?1")?
        .query_row([&by.user_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let role = match current {
        Some((role, true)) => {
            Role::from_code(&role).ok_or(StoreError::Refused(Refusal::Denied(p)))?
        }
        _ => return Err(StoreError::Refused(Refusal::Denied(p))),
    };
    let now = Actor { role, ..by.clone() };
    Ok(require(&now, p)?)
}

impl Store {
    /// Ok when `by` may do `p` now (see `authorise`): for guarded actions
    /// outside the store, such as an export.
    pub fn authorise(&self, by: &Actor, p: Permission) -> StoreResult<()> {
        authorise(&self.conn, by, p)
    }

    /// Every user, administrators first, then by name.
    pub fn users(&self) -> StoreResult<Vec<User>> {
        let mut stmt = self.conn.prepare(&format!(
            "{USER_COLUMNS} ORDER BY active DESC, CASE role WHEN 'admin' THEN 0 WHEN 'secretary' THEN 1 ELSE 2 END, name"
        ))?;
        let users = stmt
            .query_map([], user_of)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(users)
    }

    pub fn has_users(&self) -> StoreResult<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?)
    }

    /// The first administrator, made at first-run setup when there are no
    /// users yet (refused afterwards: then an administrator adds users).
    pub fn create_first_admin(
        &mut self,
        name: &str,
        pin: &str,
        now: NaiveDateTime,
    ) -> StoreResult<User> {
        let hash = hash_pin(&checked_pin(pin)?)?;
        let tx = self.write_tx()?;
        let any: bool = tx.query_row("SELECT EXISTS (SELECT 1 FROM users)", [], |r| r.get(0))?;
        if any {
            return Err(StoreError::Refused(Refusal::Denied(
                Permission::ManageUsers,
            )));
        }
        let user = insert_user(&tx, name, Role::Admin, &hash, name, now)?;
        tx.commit()?;
        Ok(user)
    }

    /// An administrator adds a user.
    pub fn add_user(
        &mut self,
        by: &Actor,
        name: &str,
        role: Role,
        pin: &str,
        now: NaiveDateTime,
    ) -> StoreResult<User> {
        self.authorise(by, Permission::ManageUsers)?;
        let hash = hash_pin(&checked_pin(pin)?)?;
        let tx = self.write_tx()?;
        authorise(&tx, by, Permission::ManageUsers)?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM users WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if taken {
            return Err(StoreError::Refused(Refusal::NameTaken));
        }
        let user = insert_user(&tx, name, role, &hash, &by.name, now)?;
        if role == Role::Deputy {
            user_deputies::link_by_name(&tx, &user.id, name, &by.name, now)?;
        }
        tx.commit()?;
        Ok(user)
    }

    /// An administrator changes a user's role, PIN (when given) or whether
    /// the user may still sign in. The last active administrator stays.
    pub fn update_user(
        &mut self,
        by: &Actor,
        change: &UserChange,
        now: NaiveDateTime,
    ) -> StoreResult<()> {
        self.authorise(by, Permission::ManageUsers)?;
        let hash = change
            .pin
            .as_deref()
            .map(|pin| hash_pin(&checked_pin(pin)?))
            .transpose()?;
        let tx = self.write_tx()?;
        authorise(&tx, by, Permission::ManageUsers)?;
        let before = tx
            .query_row(
                &format!("{USER_COLUMNS} WHERE id = ?1"),
                [&change.user_id],
                user_of,
            )
            .optional()?
            .ok_or(StoreError::Refused(Refusal::NotFound))?;
        let leaves_admins = before.role == Role::Admin
            && before.active
            && (change.role != Role::Admin || !change.active);
        if leaves_admins {
            let others: i64 = tx.query_row(
                "SELECT count(*) FROM users WHERE role = 'admin' AND active AND id <> ?1",
                [&change.user_id],
                |r| r.get(0),
            )?;
            if others == 0 {
                return Err(StoreError::Refused(Refusal::LastAdmin));
            }
        }
        tx.execute(
            "UPDATE users SET role = ?2, active = ?3, updated_at = ?4,
                pin_hash = coalesce(?5, pin_hash),
                failed_attempts = CASE WHEN ?5 IS NULL THEN failed_attempts ELSE 0 END,
                locked_until = CASE WHEN ?5 IS NULL THEN locked_until ELSE NULL END
             WHERE id = ?1",
            params![
                change.user_id,
                change.role.code(),
                change.active,
                ts(now),
                hash
            ],
        )?;
        if change.role == Role::Deputy && before.role != Role::Deputy {
            let linked: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM user_deputies WHERE user_id = ?1)",
                [&change.user_id],
                |r| r.get(0),
            )?;
            if !linked {
                user_deputies::link_by_name(&tx, &before.id, &before.name, &by.name, now)?;
            }
        }
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &by.name,
                action: "user.update",
                entity: "user",
                entity_id: &change.user_id,
                before: Some(json!({"role": before.role.code(), "active": before.active})),
                after: Some(json!({
                    "role": change.role.code(),
                    "active": change.active,
                    "pin_changed": change.pin.is_some(),
                })),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Checks a PIN. A wrong one counts towards the lock-out; the answer
    /// says how many tries are left, or until when the user is locked.
    /// The PIN is checked before the write lock is taken (hashing is
    /// slow); the count and the lock are then decided on the row as read
    /// again under the lock, so wrong PINs typed at two terminals at once
    /// all count.
    pub fn sign_in_user(
        &mut self,
        user_id: &str,
        pin: &str,
        now: NaiveDateTime,
    ) -> StoreResult<Actor> {
        let (user, first_hash, _) = sign_in_row(&self.conn, user_id)?;
        refuse_sign_in(&user, now)?;
        let first_match = pin_matches(pin, &first_hash);
        let tx = self.write_tx()?;
        let (user, hash, failures) = sign_in_row(&tx, user_id)?;
        refuse_sign_in(&user, now)?;
        // The PIN may have been changed meanwhile: then the new one counts.
        let ok = if hash == first_hash {
            first_match
        } else {
            pin_matches(pin, &hash)
        };
        let outcome = if ok {
            tx.execute(
                "UPDATE users SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
                [user_id],
            )?;
            Ok(user.actor())
        } else {
            let (failures, locked) = after_wrong_pin(failures, now);
            tx.execute(
                "UPDATE users SET failed_attempts = ?2, locked_until = ?3 WHERE id = ?1",
                params![user_id, failures, locked.map(ts)],
            )?;
            Err(match locked {
                Some(until) => StoreError::Refused(Refusal::UserLocked(until)),
                None => StoreError::Refused(Refusal::WrongPin {
                    tries_left: crate::domain::roles::MAX_PIN_ATTEMPTS - failures,
                }),
            })
        };
        audit::append(
            &tx,
            now,
            AuditWrite {
                actor: &user.name,
                action: if ok { "user.sign_in" } else { "user.wrong_pin" },
                entity: "user",
                entity_id: user_id,
                before: None,
                after: None,
            },
        )?;
        tx.commit()?;
        outcome
    }
}

/// A user's row as sign-in needs it: the user, the PIN hash and the wrong
/// PINs so far.
fn sign_in_row(conn: &Connection, user_id: &str) -> StoreResult<(User, String, u32)> {
    conn.query_row(
        "SELECT id, name, role, active, locked_until, pin_hash, failed_attempts FROM users WHERE id = ?1",
        [user_id],
        |r| Ok((user_of(r)?, r.get(5)?, r.get(6)?)),
    )
    .optional()?
    .ok_or(StoreError::Refused(Refusal::NotFound))
}

/// A disabled user does not sign in; a locked one not until the lock ends.
fn refuse_sign_in(user: &User, now: NaiveDateTime) -> StoreResult<()> {
    if !user.active {
        return Err(StoreError::Refused(Refusal::NotFound));
    }
    if let Some(until) = user.locked_until.filter(|u| *u > now) {
        return Err(StoreError::Refused(Refusal::UserLocked(until)));
    }
    Ok(())
}

/// What an administrator changes about a user.
#[derive(Debug, Clone, PartialEq)]
pub struct UserChange {
    pub user_id: UserId,
    pub role: Role,
    pub active: bool,
    /// A new PIN, already checked; `None` keeps the old one.
    pub pin: Option<String>,
}

fn insert_user(
    tx: &rusqlite::Transaction,
    name: &str,
    role: Role,
    hash: &str,
    actor: &str,
    now: NaiveDateTime,
) -> StoreResult<User> {
    let id = UserId::fresh();
    tx.execute(
        "INSERT INTO users (id, name, role, pin_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?5)",
        params![id, name, role.code(), hash, ts(now)],
    )?;
    audit::append(
        tx,
        now,
        AuditWrite {
            actor,
            action: "user.add",
            entity: "user",
            entity_id: &id,
            before: None,
            after: Some(json!({"name": name, "role": role.code()})),
        },
    )?;
    Ok(User {
        id,
        name: name.to_string(),
        role,
        active: true,
        locked_until: None,
    })
}
