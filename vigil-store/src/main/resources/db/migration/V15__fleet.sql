-- The fleet (vigil-agent): join tokens (only their hash is kept) and enrolled agents.
CREATE TABLE join_tokens (
    id       TEXT    PRIMARY KEY,
    hash     TEXT    NOT NULL UNIQUE,
    labels   TEXT    NOT NULL,
    created  INTEGER NOT NULL,
    expires  INTEGER,
    uses     INTEGER,
    used     INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE agents (
    id           TEXT    PRIMARY KEY,
    host         TEXT    NOT NULL UNIQUE,
    version      TEXT    NOT NULL,
    labels       TEXT    NOT NULL,
    enrolled     INTEGER NOT NULL,
    last_seen    INTEGER NOT NULL,
    certificate  TEXT    NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0,
    retired      INTEGER NOT NULL DEFAULT 0,
    acked        INTEGER NOT NULL DEFAULT 0,
    plan_version TEXT    NOT NULL DEFAULT '',
    buffered     INTEGER NOT NULL DEFAULT 0,
    lost         INTEGER NOT NULL DEFAULT 0,
    skew_ms      INTEGER NOT NULL DEFAULT 0,
    facts        TEXT    NOT NULL DEFAULT '{}'
);
