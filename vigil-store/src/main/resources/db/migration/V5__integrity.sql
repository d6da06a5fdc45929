-- File integrity: the accepted baseline, scans in progress or finished, and what each scan found.
CREATE TABLE fim_baseline (
    path     TEXT PRIMARY KEY,
    type     TEXT NOT NULL,
    size     INTEGER NOT NULL,
    mode     INTEGER NOT NULL,
    uid      INTEGER NOT NULL,
    gid      INTEGER NOT NULL,
    mtime    INTEGER NOT NULL,
    ctime    INTEGER NOT NULL,
    inode    INTEGER NOT NULL,
    target   TEXT,
    sha256   TEXT,
    content  TEXT
) WITHOUT ROWID;

CREATE TABLE fim_scans (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    roots     TEXT NOT NULL,
    started   INTEGER NOT NULL,
    last_path TEXT,
    finished  INTEGER
);

CREATE TABLE fim_staged (
    scan     INTEGER NOT NULL REFERENCES fim_scans(id) ON DELETE CASCADE,
    path     TEXT NOT NULL,
    type     TEXT NOT NULL,
    size     INTEGER NOT NULL,
    mode     INTEGER NOT NULL,
    uid      INTEGER NOT NULL,
    gid      INTEGER NOT NULL,
    mtime    INTEGER NOT NULL,
    ctime    INTEGER NOT NULL,
    inode    INTEGER NOT NULL,
    target   TEXT,
    sha256   TEXT,
    content  TEXT,
    PRIMARY KEY (scan, path)
) WITHOUT ROWID;

-- Security audit findings, so a finding is raised once and closes when it is fixed.
CREATE TABLE audit_findings (
    fingerprint TEXT PRIMARY KEY,
    class       TEXT NOT NULL,
    path        TEXT NOT NULL,
    severity    TEXT NOT NULL,
    why         TEXT NOT NULL,
    remediation TEXT NOT NULL,
    first_seen  INTEGER NOT NULL,
    last_seen   INTEGER NOT NULL
);

-- Things the audit compares with last time (SUID files, listening ports).
CREATE TABLE audit_seen (
    kind  TEXT NOT NULL,
    item  TEXT NOT NULL,
    PRIMARY KEY (kind, item)
) WITHOUT ROWID;
