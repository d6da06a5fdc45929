-- Incidents told to the public on status pages, and their updates.
CREATE TABLE public_incidents (
    id         TEXT    PRIMARY KEY,
    page       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    impact     TEXT    NOT NULL,
    components TEXT    NOT NULL,
    created    INTEGER NOT NULL
);
CREATE INDEX public_incidents_by_page ON public_incidents (page, created);

CREATE TABLE public_incident_updates (
    incident TEXT    NOT NULL REFERENCES public_incidents (id),
    status   TEXT    NOT NULL,
    body     TEXT    NOT NULL,
    at       INTEGER NOT NULL
);
CREATE INDEX public_incident_updates_by_incident ON public_incident_updates (incident, at);
