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

-- Reports. A case keeps its reception's group size and channel, and a
-- duty deputy's row its visit's date and size (all fixed at intake), so
-- that a year's figures are read from two covering indexes instead of
-- joining a hundred thousand rows. cases.opened_at is the reception's time.
ALTER TABLE cases ADD COLUMN callback_date TEXT;
UPDATE cases SET callback_date = closed_date WHERE callback IS NOT NULL;
ALTER TABLE cases ADD COLUMN group_size INTEGER NOT NULL DEFAULT 1;
ALTER TABLE cases ADD COLUMN channel TEXT NOT NULL DEFAULT '';
UPDATE cases SET
    group_size = (SELECT r.group_size FROM receptions r WHERE r.id = cases.reception_id),
    channel = (SELECT r.channel FROM receptions r WHERE r.id = cases.reception_id);
ALTER TABLE reception_deputies ADD COLUMN visit_date TEXT NOT NULL DEFAULT '';
ALTER TABLE reception_deputies ADD COLUMN group_size INTEGER NOT NULL DEFAULT 1;
UPDATE reception_deputies SET
    visit_date = (SELECT r.visit_date FROM receptions r WHERE r.id = reception_deputies.reception_id),
    group_size = (SELECT r.group_size FROM receptions r WHERE r.id = reception_deputies.reception_id);
CREATE INDEX cases_for_reports ON cases(opened_at, route, group_size, channel, category, reply_date,
    deadline, closed_date, grade, callback_date, callback, rehandle_count);
CREATE INDEX reception_deputies_by_date ON reception_deputies(visit_date, deputy_id, group_size);
CREATE INDEX receptions_by_visit_date ON receptions(visit_date);

CREATE INDEX receptions_by_linked_case ON receptions(linked_case_id) WHERE linked_case_id IS NOT NULL;
