-- Version 10: roll-up from stations to a town's or a county's hub.

-- The station's signing key pair (Ed25519, hex): the public half goes in
-- every bundle the station writes; the secret half never leaves this file
-- (bundles and the hub's copies leave this table out).
CREATE TABLE station_keys (
    station_id TEXT PRIMARY KEY REFERENCES stations(id),
    public_key TEXT NOT NULL,
    secret_key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Present (one row) in a hub's database: a town's liaison station or a
-- county office that receives bundles instead of receiving voters.
CREATE TABLE hub (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    created_at TEXT NOT NULL
);

-- The stations a hub has received bundles from, each with the key it was
-- first seen with (pinned) and the copy of its registers the hub keeps.
-- `via` is the code of the hub whose bundle brought it ('' when the
-- station sent its own).
CREATE TABLE hub_stations (
    id            TEXT PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    public_key    TEXT,
    via           TEXT NOT NULL DEFAULT '',
    data_through  TEXT NOT NULL,
    imported_at   TEXT NOT NULL,
    bundle_sha256 TEXT NOT NULL,
    file          TEXT NOT NULL
);
