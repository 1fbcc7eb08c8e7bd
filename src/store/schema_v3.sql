-- Version 3: users with roles and PINs, signed-off days, amendments.

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE,
    role            TEXT NOT NULL CHECK (role IN ('deputy', 'secretary', 'admin')),
    -- Argon2id, PHC string form (salt and parameters inside).
    pin_hash        TEXT NOT NULL,
    active          INTEGER NOT NULL DEFAULT 1,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

-- A day present here is signed off: its rows change only by amendment.
CREATE TABLE signed_days (
    day       TEXT PRIMARY KEY,
    signed_by TEXT NOT NULL,
    signed_at TEXT NOT NULL
) WITHOUT ROWID;

-- Sign-offs and reopenings, for the day's history.
CREATE TABLE day_events (
    id     TEXT PRIMARY KEY,
    day    TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('sign_off', 'reopen')),
    actor  TEXT NOT NULL,
    at     TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX day_events_by_day ON day_events(day, at);

-- Every correction of a register row: old and new value, who, when, why.
-- `signed` marks an amendment of a signed-off day.
CREATE TABLE corrections (
    id        TEXT PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    field     TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    reason    TEXT NOT NULL DEFAULT '',
    signed    INTEGER NOT NULL DEFAULT 0,
    actor     TEXT NOT NULL,
    at        TEXT NOT NULL
);
CREATE INDEX corrections_by_entity ON corrections(entity, entity_id, at);
