-- The messages stored for Asterisk, by the ITSP's id (kind 'id') or by destination, sender and text (kind
-- 'content'), shared by every daemon on this store: a webhook retried to another daemon gives no second call file.
-- key_hash is the SHA-256 of the key, so no number or text is kept here. A daemon first claims a key (state
-- 'claimed'), publishes the call file, then marks it 'stored'; a failed publish deletes the claim, and a claim
-- left by a daemon that died is taken over once it is older than the claim timeout.
CREATE TABLE message_ids (
    kind       text        NOT NULL,
    key_hash   text        NOT NULL,
    state      text        NOT NULL CHECK (state IN ('claimed', 'stored')),
    claimed_by text        NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (kind, key_hash)
);
CREATE INDEX message_ids_at ON message_ids (kind, at);
