-- Acknowledgements of open problems that are not checks (log alerts, integrity changes, audit findings, metric
-- alerts): by fingerprint, until the problem recovers.
CREATE TABLE event_acks (
    fingerprint TEXT PRIMARY KEY,
    author      TEXT    NOT NULL,
    comment     TEXT    NOT NULL,
    at          INTEGER NOT NULL
);
