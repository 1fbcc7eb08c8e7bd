-- Version 6: 民生实事项目人大代表票决制. Candidates gathered from voters
-- (点单), the deputies' vote (定单), the chosen projects under supervision
-- with their monthly milestones, and the year-end judgement (验单).

CREATE TABLE livelihood_candidates (
    id          TEXT PRIMARY KEY,
    title       TEXT NOT NULL,
    place       TEXT NOT NULL DEFAULT '',
    content     TEXT NOT NULL,
    -- Hundredths of 万元, exact; NULL when not estimated.
    cost_cents  INTEGER,
    source      TEXT NOT NULL,
    -- Set when the secretary merged it into another (a duplicate).
    merged_into TEXT REFERENCES livelihood_candidates(id),
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);

-- The voters' cases a candidate was proposed from.
CREATE TABLE livelihood_candidate_cases (
    candidate_id TEXT NOT NULL REFERENCES livelihood_candidates(id),
    case_id      TEXT NOT NULL REFERENCES cases(id),
    PRIMARY KEY (candidate_id, case_id)
) WITHOUT ROWID;
CREATE INDEX livelihood_candidate_cases_by_case ON livelihood_candidate_cases(case_id);

CREATE TABLE livelihood_votes (
    id         TEXT PRIMARY KEY,
    meeting    TEXT NOT NULL,
    vote_date  TEXT NOT NULL,
    present    INTEGER NOT NULL CHECK (present >= 1),
    to_choose  INTEGER NOT NULL CHECK (to_choose >= 1),
    -- When the counts were recorded and the result read; NULL before.
    decided_at TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
);

-- The roster's deputies ticked as present (the count may be larger).
CREATE TABLE livelihood_vote_deputies (
    vote_id   TEXT NOT NULL REFERENCES livelihood_votes(id),
    deputy_id TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (vote_id, deputy_id)
) WITHOUT ROWID;

-- The shortlist and, once counted, each candidate's ballots and verdict.
CREATE TABLE livelihood_ballots (
    vote_id      TEXT NOT NULL REFERENCES livelihood_votes(id),
    candidate_id TEXT NOT NULL REFERENCES livelihood_candidates(id),
    position     INTEGER NOT NULL,
    yes          INTEGER NOT NULL DEFAULT 0,
    no           INTEGER NOT NULL DEFAULT 0,
    abstain      INTEGER NOT NULL DEFAULT 0,
    verdict      TEXT,
    PRIMARY KEY (vote_id, candidate_id)
) WITHOUT ROWID;

-- A chosen candidate, carried out by the government and supervised.
CREATE TABLE livelihood_projects (
    id            TEXT PRIMARY KEY,
    candidate_id  TEXT NOT NULL UNIQUE REFERENCES livelihood_candidates(id),
    vote_id       TEXT NOT NULL REFERENCES livelihood_votes(id),
    lead          TEXT NOT NULL DEFAULT '',
    department    TEXT NOT NULL DEFAULT '',
    budget_cents  INTEGER,
    target        TEXT NOT NULL DEFAULT '',
    deadline      TEXT,
    completion    TEXT,
    satisfied     INTEGER NOT NULL DEFAULT 0,
    basically     INTEGER NOT NULL DEFAULT 0,
    unsatisfied   INTEGER NOT NULL DEFAULT 0,
    reviewed_date TEXT,
    created_at    TEXT NOT NULL
);

-- 代表监督员 from the roster.
CREATE TABLE livelihood_supervisors (
    project_id TEXT NOT NULL REFERENCES livelihood_projects(id),
    deputy_id  TEXT NOT NULL REFERENCES deputies(id),
    PRIMARY KEY (project_id, deputy_id)
) WITHOUT ROWID;

-- 分解到月: one target per month, its state as the last review found it.
CREATE TABLE livelihood_milestones (
    project_id TEXT NOT NULL REFERENCES livelihood_projects(id),
    month      TEXT NOT NULL,
    target     TEXT NOT NULL,
    state      TEXT,
    PRIMARY KEY (project_id, month)
) WITHOUT ROWID;

-- 回头看: after completion, what is still to be put right, until closed.
CREATE TABLE livelihood_followups (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES livelihood_projects(id),
    item        TEXT NOT NULL,
    opened_date TEXT NOT NULL,
    closed_date TEXT
);
CREATE INDEX livelihood_followups_by_project ON livelihood_followups(project_id);

-- 调度: each progress review of a project, with the problems found and
-- what is to be done (the milestones' states are on the milestones).
CREATE TABLE livelihood_reviews (
    id          TEXT PRIMARY KEY,
    project_id  TEXT NOT NULL REFERENCES livelihood_projects(id),
    review_date TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL
);
CREATE INDEX livelihood_reviews_by_project ON livelihood_reviews(project_id);
