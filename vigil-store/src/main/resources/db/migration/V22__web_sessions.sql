-- Signed-in browser sessions, by the SHA-256 of their cookie, so a restart or another server keeps them.
CREATE TABLE web_sessions (
    key        TEXT PRIMARY KEY,
    user_name  TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    generation INTEGER NOT NULL,
    csrf       TEXT    NOT NULL,
    expires    INTEGER NOT NULL
);
CREATE INDEX web_sessions_by_user ON web_sessions (user_name);
