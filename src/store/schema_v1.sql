-- Version 1: every register of DESIGN.md §2 and the case life of §3.
-- Keys are UUIDv7 text so that stations can later be merged; human
-- numbers (HD01-20261110-003) are separate unique columns.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE stations (
    id         TEXT PRIMARY KEY,
    code       TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    address    TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE deputies (
    id            TEXT PRIMARY KEY,
    station_id    TEXT NOT NULL REFERENCES stations(id),
    name          TEXT NOT NULL,
    gender        TEXT NOT NULL DEFAULT 'unstated',
    ethnicity     TEXT NOT NULL DEFAULT '',
    birth_month   TEXT NOT NULL DEFAULT '',
    political     TEXT NOT NULL DEFAULT '',
    level         TEXT NOT NULL DEFAULT '',
    constituency  TEXT NOT NULL DEFAULT '',
    unit_post     TEXT NOT NULL DEFAULT '',
    group_name    TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    term          TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended')),
    needs_review  INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX deputies_by_name ON deputies(name);

CREATE TABLE departments (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    contact    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE TABLE duty_sessions (
    id            TEXT PRIMARY KEY,
    station_id    TEXT NOT NULL REFERENCES stations(id),
    deputy_id     TEXT NOT NULL REFERENCES deputies(id),
    duty_date     TEXT NOT NULL,
    signed_in_at  TEXT NOT NULL,
    signed_out_at TEXT
);
CREATE INDEX duty_sessions_by_date ON duty_sessions(duty_date, deputy_id);

CREATE TABLE receptions (
    id                  TEXT PRIMARY KEY,
    station_id          TEXT NOT NULL REFERENCES stations(id),
    number              TEXT NOT NULL UNIQUE,
    seq                 INTEGER NOT NULL,
    visit_date          TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    place               TEXT NOT NULL DEFAULT '',
    channel             TEXT NOT NULL,
    visitor_name        TEXT,
    gender              TEXT NOT NULL DEFAULT 'unstated',
    phone               TEXT,
    address             TEXT NOT NULL DEFAULT '',
    group_size          INTEGER NOT NULL CHECK (group_size >= 1),
    category            TEXT NOT NULL,
    request_type        TEXT NOT NULL,
    content             TEXT NOT NULL,
    on_spot_reply       TEXT NOT NULL DEFAULT '',
    route               TEXT NOT NULL,
    not_accepted_reason TEXT,
    guidance            TEXT NOT NULL DEFAULT '',
    confidential        INTEGER NOT NULL DEFAULT 0,
    recorder            TEXT NOT NULL,
    reviewer            TEXT NOT NULL DEFAULT '',
    remarks             TEXT NOT NULL DEFAULT '',
    linked_case_id      TEXT REFERENCES cases(id),
    created_at          TEXT NOT NULL
);
CREATE INDEX receptions_by_date ON receptions(station_id, visit_date, seq);
CREATE INDEX receptions_by_phone ON receptions(phone) WHERE phone IS NOT NULL;
CREATE INDEX receptions_by_name ON receptions(visitor_name) WHERE visitor_name IS NOT NULL;

-- The duty deputies who received a visit.
CREATE TABLE reception_deputies (
    reception_id TEXT NOT NULL REFERENCES receptions(id),
    deputy_id    TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (reception_id, deputy_id)
) WITHOUT ROWID;
CREATE INDEX reception_deputies_by_deputy ON reception_deputies(deputy_id);

CREATE TABLE cases (
    id             TEXT PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    reception_id   TEXT NOT NULL UNIQUE REFERENCES receptions(id),
    summary        TEXT NOT NULL,
    category       TEXT NOT NULL,
    status         TEXT NOT NULL,
    route          TEXT NOT NULL,
    department_id  TEXT REFERENCES departments(id),
    co_departments TEXT NOT NULL DEFAULT '',
    referral_date  TEXT,
    deadline       TEXT,
    grade          TEXT,
    reply_date     TEXT,
    reply_text     TEXT NOT NULL DEFAULT '',
    feedback_date  TEXT,
    feedback_way   TEXT NOT NULL DEFAULT '',
    callback       TEXT,
    rehandle_count INTEGER NOT NULL DEFAULT 0,
    closed_date    TEXT,
    archive_no     TEXT NOT NULL DEFAULT '',
    -- Bumped on every transition, so a stale one from another terminal is refused.
    version        INTEGER NOT NULL DEFAULT 1,
    opened_at      TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX cases_by_status_deadline ON cases(status, deadline);
CREATE INDEX cases_by_department ON cases(department_id);

-- The timeline: every transition with who, when and what.
CREATE TABLE case_events (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases(id),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX case_events_by_case ON case_events(case_id, at);

CREATE TABLE activities (
    id            TEXT PRIMARY KEY,
    station_id    TEXT NOT NULL REFERENCES stations(id),
    activity_date TEXT NOT NULL,
    kind          TEXT NOT NULL,
    topic         TEXT NOT NULL,
    place         TEXT NOT NULL DEFAULT '',
    organiser     TEXT NOT NULL DEFAULT '',
    outcome       TEXT NOT NULL DEFAULT '',
    recorder      TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX activities_by_date ON activities(activity_date);

CREATE TABLE activity_participants (
    activity_id TEXT NOT NULL REFERENCES activities(id),
    deputy_id   TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (activity_id, deputy_id)
) WITHOUT ROWID;

CREATE TABLE study_sessions (
    id           TEXT PRIMARY KEY,
    station_id   TEXT NOT NULL REFERENCES stations(id),
    session_date TEXT NOT NULL,
    topic        TEXT NOT NULL,
    form         TEXT NOT NULL,
    speaker      TEXT NOT NULL DEFAULT '',
    hours        REAL NOT NULL DEFAULT 0,
    recorder     TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX study_sessions_by_date ON study_sessions(session_date);

CREATE TABLE study_attendance (
    session_id   TEXT NOT NULL REFERENCES study_sessions(id),
    deputy_id    TEXT NOT NULL REFERENCES deputies(id),
    present      INTEGER NOT NULL,
    leave_reason TEXT NOT NULL DEFAULT '',
    hours        REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, deputy_id)
) WITHOUT ROWID;

-- Half-filled forms, written as they change so that a crash loses nothing.
CREATE TABLE drafts (
    id         TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    owner      TEXT NOT NULL DEFAULT '',
    data       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Append-only; each entry carries the hash of the one before it.
CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before    TEXT,
    after     TEXT,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
