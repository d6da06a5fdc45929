-- People who sign in to the dashboard. Passwords are Argon2id hashes in PHC string form.
CREATE TABLE users (
    name          TEXT PRIMARY KEY,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'viewer')),
    password_hash TEXT    NOT NULL,
    created       INTEGER NOT NULL,
    last_login    INTEGER
);
