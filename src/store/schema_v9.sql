-- Version 9: what stations record beside their registers.
--
-- What an activity has beyond its register row: the 民生实事 projects it
-- was about (a site inspection, a 约见 on a project's progress), and for
-- a door-to-door visit (走访) the households visited and those of the
-- contact list it reached. One row per activity that has any of these.
CREATE TABLE activity_extras (
    activity_id TEXT PRIMARY KEY REFERENCES activities(id),
    households  INTEGER
);

-- 联系对象: the households each deputy is assigned to keep in touch with.
CREATE TABLE contact_households (
    id          TEXT PRIMARY KEY,
    deputy_id   TEXT NOT NULL REFERENCES deputies(id),
    village     TEXT NOT NULL,
    head        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL
);
CREATE INDEX contact_households_by_deputy ON contact_households(deputy_id, village, head);

CREATE TABLE activity_projects (
    activity_id TEXT NOT NULL REFERENCES activities(id),
    project_id  TEXT NOT NULL REFERENCES livelihood_projects(id),
    PRIMARY KEY (activity_id, project_id)
) WITHOUT ROWID;
CREATE INDEX activity_projects_by_project ON activity_projects(project_id);

CREATE TABLE activity_households (
    activity_id  TEXT NOT NULL REFERENCES activities(id),
    household_id TEXT NOT NULL REFERENCES contact_households(id),
    PRIMARY KEY (activity_id, household_id)
) WITHOUT ROWID;
CREATE INDEX activity_households_by_household ON activity_households(household_id);

-- A reception by letter (来信) keeps the day the letter was received,
-- which may be before the day it was registered.
CREATE TABLE reception_letters (
    reception_id TEXT PRIMARY KEY REFERENCES receptions(id),
    received_on  TEXT NOT NULL
);
