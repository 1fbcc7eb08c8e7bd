-- Version 2: search and the case list.
-- Cases are searched through overlapping character pairs (see
-- domain::search); the table holds only the index, rowid = cases.rowid.
CREATE VIRTUAL TABLE case_search USING fts5(
    tokens,
    content = '',
    contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);

-- The list's default order: cases awaiting a reply by deadline, then the
-- rest newest first.
CREATE INDEX cases_awaiting_by_deadline ON cases(deadline, id)
    WHERE status IN ('registered', 'in_progress');
CREATE INDEX cases_by_opened ON cases(opened_at, id);
-- How many cases are in each status, kept by triggers so that the list's
-- header does not count a million rows every time it opens.
CREATE TABLE case_counts (
    status TEXT PRIMARY KEY,
    n      INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO case_counts (status, n) SELECT status, count(*) FROM cases GROUP BY status;
CREATE TRIGGER case_counts_insert AFTER INSERT ON cases BEGIN
    INSERT INTO case_counts (status, n) VALUES (new.status, 1)
        ON CONFLICT(status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_counts_update AFTER UPDATE OF status ON cases WHEN old.status <> new.status BEGIN
    UPDATE case_counts SET n = n - 1 WHERE status = old.status;
    INSERT INTO case_counts (status, n) VALUES (new.status, 1)
        ON CONFLICT(status) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER case_counts_delete AFTER DELETE ON cases BEGIN
    UPDATE case_counts SET n = n - 1 WHERE status = old.status;
END;

-- Reports: the date of the latest call-back, and receptions by date at
-- every station.
ALTER TABLE cases ADD COLUMN callback_date TEXT;
UPDATE cases SET callback_date = closed_date WHERE callback IS NOT NULL;
CREATE INDEX receptions_by_visit_date ON receptions(visit_date);

CREATE INDEX receptions_by_linked_case ON receptions(linked_case_id) WHERE linked_case_id IS NOT NULL;
