-- Probes (vigil probe): a service checked from several places keeps each location's result and own status; probes
-- enroll with probe join tokens and are known by their location.
ALTER TABLE results ADD COLUMN location TEXT;

CREATE TABLE location_status (
    host     TEXT NOT NULL,
    service  TEXT NOT NULL,
    location TEXT NOT NULL,
    json     TEXT NOT NULL,
    PRIMARY KEY (host, service, location)
);

ALTER TABLE join_tokens ADD COLUMN probe INTEGER NOT NULL DEFAULT 0;
ALTER TABLE agents ADD COLUMN location TEXT;
