-- The Vigil servers sharing this store, each with its last heartbeat and how many checks it runs.
CREATE TABLE cluster_members (
    id        TEXT PRIMARY KEY,
    address   TEXT    NOT NULL,
    started   INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    checks    INTEGER NOT NULL DEFAULT 0
);

-- Leases on the work that runs once across the servers (the notifications, the incidents): who holds it, until when.
CREATE TABLE cluster_leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT    NOT NULL,
    expires INTEGER NOT NULL
);
