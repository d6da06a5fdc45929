-- The busiest processes of each sample window of this machine, kept beyond a restart (and pruned by age).
CREATE TABLE process_snapshots (
    host TEXT NOT NULL,
    at   INTEGER NOT NULL,
    json TEXT NOT NULL,
    PRIMARY KEY (host, at)
) WITHOUT ROWID;
