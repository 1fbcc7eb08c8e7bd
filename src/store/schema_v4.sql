-- Version 4: record seals (tamper evidence), the optional national ID
-- number, and the purging of contact details after the retention period.

-- The hash of each register record as the program last wrote it (see
-- seal.rs); the sum of all of them is vouched for by the audit chain.
CREATE TABLE seals (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (kind, key)
) WITHOUT ROWID;

ALTER TABLE audit_log ADD COLUMN seal_sum TEXT;

-- Collected only where the station turns the field on (设置).
ALTER TABLE receptions ADD COLUMN id_number TEXT;
-- When the visitor's contact details were anonymised (retention).
ALTER TABLE receptions ADD COLUMN purged_at TEXT;
-- Whether a period's register needs the ID number column, without reading
-- the period's receptions (almost none have one).
CREATE INDEX receptions_with_id_number ON receptions(visit_date)
    WHERE id_number IS NOT NULL AND id_number <> '';
