-- Application traces kept by the tail sampler (errors, slow ones, a few a minute of the rest), with their spans.
CREATE TABLE traces (
    trace_id    TEXT PRIMARY KEY,
    service     TEXT NOT NULL,
    name        TEXT NOT NULL,
    start       INTEGER NOT NULL,    -- epoch milliseconds
    duration_ms REAL NOT NULL,
    error       INTEGER NOT NULL,
    kept        TEXT NOT NULL,       -- error, slow or sample
    services    TEXT NOT NULL,       -- every service with a span in it, as ' a b ' for a LIKE match
    spans       TEXT NOT NULL        -- JSON
);
CREATE INDEX traces_start ON traces (start);
