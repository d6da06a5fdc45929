-- Push monitors (heartbeats): each one's ping URL secret, when it appeared, its last ping and its last start signal.
CREATE TABLE push_monitors (
    host       TEXT    NOT NULL,
    service    TEXT    NOT NULL,
    uuid       TEXT    NOT NULL UNIQUE,
    created    INTEGER NOT NULL,
    last_ping  INTEGER,
    last_start INTEGER,
    PRIMARY KEY (host, service)
);
