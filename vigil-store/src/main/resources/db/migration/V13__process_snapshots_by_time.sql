-- Pruning by age ran through the whole table (its key starts with the host): hourly, on every host's snapshots.
CREATE INDEX process_snapshots_by_at ON process_snapshots (at);
