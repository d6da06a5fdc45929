-- Incidents (vigil-incidents): events of every source grouped, with a copy of each event as the incident shows it.
CREATE TABLE incidents (
    id        INTEGER PRIMARY KEY,
    title     TEXT    NOT NULL,
    severity  TEXT    NOT NULL,
    state     TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    host      TEXT,
    opened    INTEGER NOT NULL,
    updated   INTEGER NOT NULL,
    resolved  INTEGER,
    earliest  INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    follows   INTEGER NOT NULL,
    note      TEXT    NOT NULL
);
CREATE INDEX incidents_by_opened ON incidents (opened);
CREATE INDEX incidents_active ON incidents (state) WHERE state <> 'resolved';

CREATE TABLE incident_events (
    event       INTEGER PRIMARY KEY, -- an event belongs to one incident at most
    incident    INTEGER NOT NULL REFERENCES incidents (id),
    at          INTEGER NOT NULL,
    host        TEXT,
    source      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    details     TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    evidence    TEXT    NOT NULL -- JSON list of {label, href}
);
CREATE INDEX incident_events_by_incident ON incident_events (incident, at);

-- How far the correlator has read the event log.
CREATE TABLE incident_cursor (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    cursor INTEGER NOT NULL
);
-- An existing installation starts from now: its history is not replayed into incidents at the upgrade.
INSERT INTO incident_cursor (id, cursor) SELECT 1, coalesce(max(id), 0) FROM events;
