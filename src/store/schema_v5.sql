-- Version 5: where the audit chain's head is kept besides the log itself,
-- so that deleting the newest entries shows: at each sign-off, the newest
-- entry's number and hash (the day's anchor).
CREATE TABLE audit_heads (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;
