-- Current status of every monitored host and service (service = '' for hosts).
CREATE TABLE status (
    host    TEXT NOT NULL,
    service TEXT NOT NULL,
    json    TEXT NOT NULL,
    PRIMARY KEY (host, service)
);

-- Every check result, for history views and graphs; pruned by age.
CREATE TABLE results (
    id          INTEGER PRIMARY KEY,
    host        TEXT    NOT NULL,
    service     TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    state_type  TEXT    NOT NULL,
    attempt     INTEGER NOT NULL,
    output      TEXT    NOT NULL,
    long_output TEXT    NOT NULL,
    perfdata    TEXT    NOT NULL
);
CREATE INDEX results_by_target ON results (host, service, at);
CREATE INDEX results_by_time ON results (at);

CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    host        TEXT,
    source      TEXT    NOT NULL,
    kind        TEXT    NOT NULL,
    severity    TEXT    NOT NULL,
    title       TEXT    NOT NULL,
    details     TEXT    NOT NULL,
    fingerprint TEXT    NOT NULL,
    evidence    TEXT    NOT NULL,
    suppression TEXT
);
CREATE INDEX events_by_time ON events (at);
CREATE INDEX events_by_fingerprint ON events (fingerprint, at);

-- Downtimes scheduled through the API (configured ones live in the config files).
CREATE TABLE downtimes (
    id   TEXT PRIMARY KEY,
    json TEXT NOT NULL
);

-- API tokens, stored as SHA-256 of the token: a copy of the database does not give API access.
CREATE TABLE tokens (
    id        TEXT PRIMARY KEY,
    name      TEXT    NOT NULL,
    hash      TEXT    NOT NULL UNIQUE,
    created   INTEGER NOT NULL,
    last_used INTEGER
);

-- Hosts and services registered at runtime through the API, as the mapping the client sent.
CREATE TABLE registrations (
    kind    TEXT NOT NULL,
    host    TEXT NOT NULL,
    service TEXT NOT NULL,
    json    TEXT NOT NULL,
    PRIMARY KEY (kind, host, service)
);
