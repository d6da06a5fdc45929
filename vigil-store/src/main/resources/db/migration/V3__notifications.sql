-- Routing labels of each event (service, state, check type, host groups).
ALTER TABLE events ADD COLUMN tags TEXT NOT NULL DEFAULT '{}';

-- How far the notification pipeline has taken events: every event with a smaller id is either in the
-- outbox or needed no notification. A restart re-reads events after it, so nothing is lost.
CREATE TABLE notify_cursor (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    event_id INTEGER NOT NULL
);

-- Notifications to deliver: marked sent only after the channel accepted them.
CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY,
    created      INTEGER NOT NULL,
    receiver     TEXT    NOT NULL,
    channel      INTEGER NOT NULL,          -- index of the channel within the receiver
    dedup_key    TEXT    NOT NULL,
    status       TEXT    NOT NULL,          -- firing or resolved
    payload      TEXT    NOT NULL,          -- the notification as JSON
    state        TEXT    NOT NULL,          -- pending, sent
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt INTEGER NOT NULL,
    last_error   TEXT,
    sent         INTEGER
);
CREATE INDEX outbox_due ON outbox (state, next_attempt);
CREATE INDEX outbox_by_key ON outbox (dedup_key);

-- Silences: matchers (JSON) active between starts and ends.
CREATE TABLE silences (
    id       TEXT PRIMARY KEY,
    matchers TEXT    NOT NULL,
    starts   INTEGER NOT NULL,
    ends     INTEGER NOT NULL,
    author   TEXT    NOT NULL,
    comment  TEXT    NOT NULL
);

-- Server-wide secrets (the key that signs acknowledgement links), created on first use.
CREATE TABLE secrets (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
