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
CREATE INDEX receptions_by_linked_case ON receptions(linked_case_id) WHERE linked_case_id IS NOT NULL;
