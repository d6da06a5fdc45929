-- Acknowledgement links that were used: each works once.
CREATE TABLE ack_links_used (
    nonce TEXT PRIMARY KEY,
    used  INTEGER NOT NULL
);
