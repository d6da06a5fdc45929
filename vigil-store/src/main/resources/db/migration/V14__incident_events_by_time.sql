-- A log line that raised an alert links to its incident: found by the alert's host and time.
CREATE INDEX incident_events_by_at ON incident_events (at);
