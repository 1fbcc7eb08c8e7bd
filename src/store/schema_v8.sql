-- Version 8: a 约见 (a deputy's meeting with the head of a state organ)
-- keeps who was met, their office, the matters raised, the answers given
-- and the follow-up, one row beside its activity.

CREATE TABLE activity_meetings (
    activity_id TEXT PRIMARY KEY REFERENCES activities(id),
    met_person  TEXT NOT NULL,
    met_office  TEXT NOT NULL,
    topics      TEXT NOT NULL,
    answers     TEXT NOT NULL DEFAULT '',
    follow_up   TEXT NOT NULL DEFAULT ''
);
