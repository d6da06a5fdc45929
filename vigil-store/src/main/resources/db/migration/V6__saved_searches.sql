-- Log searches saved from the dashboard; with a threshold they raise events like the configured ones.
CREATE TABLE saved_searches (
    name       TEXT PRIMARY KEY,
    query      TEXT NOT NULL,
    threshold  INTEGER NOT NULL,
    window_s   INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created    INTEGER NOT NULL
);
