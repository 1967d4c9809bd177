-- The opt-out list (STOP, START, websms optout), shared by every daemon on this store: a STOP received by one daemon
-- refuses a send through any other at once, since each send looks its pair up here. A pair is kept under the keys
-- OptOut.key gives (without separators, + or 00, lower case), with the numbers as first written beside them.
CREATE TABLE optout (
    ours_key   text        NOT NULL,
    theirs_key text        NOT NULL,
    ours       text        NOT NULL,
    theirs     text        NOT NULL,
    since      timestamptz NOT NULL,
    how        text        NOT NULL,
    PRIMARY KEY (ours_key, theirs_key)
);
