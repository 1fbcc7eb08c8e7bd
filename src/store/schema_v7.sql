-- Version 7: a duty deputy's user account is a roster deputy.

CREATE TABLE user_deputies (
    user_id    TEXT PRIMARY KEY REFERENCES users(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id)
);

-- A reception recorded after its day was signed off (签发后补登), until
-- the secretary countersigns it.
CREATE TABLE late_entries (
    reception_id      TEXT PRIMARY KEY REFERENCES receptions(id),
    countersigned_by  TEXT,
    countersigned_at  TEXT
);
