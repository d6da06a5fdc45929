-- The open problems of sources other than checks (logs, integrity, audit, metrics), one row per fingerprint,
-- kept up to date as events are appended: the overview reads them every 5 s without grouping the event log.
-- A problem event opens or refreshes the row (since stays the first problem after the last recovery); a
-- recovery, or a problem event of severity OK, closes it.
CREATE TABLE open_problems (
    fingerprint TEXT PRIMARY KEY,
    event_id    INTEGER NOT NULL,
    since       INTEGER NOT NULL
);

INSERT INTO open_problems (fingerprint, event_id, since)
SELECT e.fingerprint, e.id,
       coalesce((SELECT min(p.at) FROM events p WHERE p.fingerprint = e.fingerprint AND p.kind = 'problem' AND p.at >
                   coalesce((SELECT max(r.at) FROM events r WHERE r.fingerprint = e.fingerprint AND r.kind = 'recovery'), -1)),
                e.at)
FROM events e
JOIN (SELECT fingerprint, max(id) AS id FROM events WHERE source <> 'check' AND kind IN ('problem', 'recovery')
      GROUP BY fingerprint) last ON e.id = last.id
WHERE e.kind = 'problem' AND e.severity <> 'OK';
