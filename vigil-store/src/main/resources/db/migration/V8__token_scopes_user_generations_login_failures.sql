-- Tokens get a scope (read, submit, write, admin) and an optional expiry. Tokens made before scopes existed
-- could do everything, so they keep the admin scope.
ALTER TABLE tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'admin' CHECK (scope IN ('read', 'submit', 'write', 'admin'));
ALTER TABLE tokens ADD COLUMN expires INTEGER;

-- Each user has a generation, a random number renewed when the password changes: a session remembers the
-- generation it was opened in, so removing a user or changing a password ends that user's sessions at once,
-- even when done from the command line in another process.
ALTER TABLE users ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;
UPDATE users SET generation = abs(random());

-- Failed sign-ins per key (an address, or a user at an address), kept across restarts.
CREATE TABLE login_failures (
    key TEXT    NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures (key, at);

-- How many users were ever added: a first-run setup link is valid only while no user was added since it was
-- printed, so removing every user does not bring an old link back to life.
CREATE TABLE users_added (
    n INTEGER NOT NULL
);
INSERT INTO users_added (n) SELECT count(*) FROM users;
