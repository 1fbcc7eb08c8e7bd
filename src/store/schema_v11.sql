-- Version 11: what a hub works out from its stations' copies, kept so
-- that its home, its report and its 督办 list need not open every copy.
-- Both tables follow from the copies and can be emptied at any time.

-- One station's report figures for one period, as of one day, worked out
-- from the copy a bundle left (`bundle_sha256`): a newer bundle makes
-- them unused, and its import removes them.
CREATE TABLE hub_figures (
    station_id    TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    period_from   TEXT NOT NULL,
    period_to     TEXT NOT NULL,
    as_of         TEXT NOT NULL,
    counts        TEXT NOT NULL,
    livelihood    TEXT NOT NULL,
    PRIMARY KEY (station_id, bundle_sha256, period_from, period_to, as_of)
);

-- Every station's open cases with a deadline, with the first day each is
-- near by its station's own calendar (`near_from`), for the 督办 list.
CREATE TABLE hub_open_cases (
    station_id  TEXT NOT NULL,
    case_id     TEXT NOT NULL,
    number      TEXT NOT NULL,
    category    TEXT NOT NULL,
    summary     TEXT NOT NULL,
    department  TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    near_from   TEXT NOT NULL,
    search_text TEXT NOT NULL,
    PRIMARY KEY (station_id, case_id)
);
CREATE INDEX hub_open_cases_by_deadline ON hub_open_cases (deadline, station_id, number);

-- The bundle whose copy `hub_open_cases` was filled from, per station:
-- when it differs from `bundle_sha256`, the list is filled again.
ALTER TABLE hub_stations ADD COLUMN open_cases_of TEXT NOT NULL DEFAULT '';
