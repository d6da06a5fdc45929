-- Leak findings (vigil-threats): masked excerpts and SHA-256 hashes only, never a plaintext secret.
CREATE TABLE threat_findings (
    id          INTEGER PRIMARY KEY,
    key         TEXT    NOT NULL UNIQUE,
    source      TEXT    NOT NULL,
    source_name TEXT,
    url         TEXT,
    title       TEXT    NOT NULL,
    host        TEXT,
    service     TEXT,
    terms       TEXT    NOT NULL, -- JSON list
    rules       TEXT    NOT NULL, -- JSON list
    secrets     TEXT    NOT NULL, -- JSON list of SHA-256 hex
    excerpt     TEXT    NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL,
    content     TEXT    NOT NULL, -- SHA-256 of the content as fetched
    severity    TEXT    NOT NULL,
    state       TEXT    NOT NULL,
    assignee    TEXT    NOT NULL,
    tags        TEXT    NOT NULL, -- JSON list
    raised      INTEGER NOT NULL
);
CREATE INDEX threat_findings_by_last_seen ON threat_findings (last_seen);
CREATE INDEX threat_findings_unraised ON threat_findings (raised) WHERE raised = 0;

-- Every triage step: who changed what and when, and the comments.
CREATE TABLE threat_history (
    finding INTEGER NOT NULL REFERENCES threat_findings (id),
    at      INTEGER NOT NULL,
    who     TEXT    NOT NULL,
    what    TEXT    NOT NULL,
    text    TEXT    NOT NULL
);
CREATE INDEX threat_history_by_finding ON threat_history (finding, at);

-- Secrets known not to matter (a test key), by SHA-256: they never make a finding again.
CREATE TABLE threat_allowed (
    sha256 TEXT PRIMARY KEY,
    who    TEXT    NOT NULL,
    why    TEXT    NOT NULL,
    at     INTEGER NOT NULL
);

-- Each source's resume point (a JSON object the source reads and moves).
CREATE TABLE threat_resume (
    source TEXT PRIMARY KEY,
    state  TEXT NOT NULL
);
