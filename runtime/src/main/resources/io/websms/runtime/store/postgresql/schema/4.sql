-- The message ledger (websms status), shared by every daemon on this store: one row per outgoing SMS in
-- ledger_message, its history in ledger_status_change, as the local store's SQLite file keeps them. Statuses by
-- their lower-case names; the current status only ever moves up (accepted < queued < sent < the final ones), which
-- PgLedger decides in one statement holding the message's row lock, so two daemons updating at once cannot undo it.
CREATE TABLE ledger_message (
    seq         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text        NOT NULL UNIQUE,
    interface   text        NOT NULL,
    to_number   text        NOT NULL,
    from_number text        NOT NULL,
    characters  integer     NOT NULL,
    segments    integer     NOT NULL,
    body        text,
    itsp_id     text,
    created     timestamptz NOT NULL,
    status      text        NOT NULL
);
CREATE INDEX ledger_message_itsp_id ON ledger_message (itsp_id, interface) WHERE itsp_id IS NOT NULL;
CREATE INDEX ledger_message_to ON ledger_message (to_number, created);
CREATE INDEX ledger_message_from ON ledger_message (from_number, created);
CREATE INDEX ledger_message_created ON ledger_message (created);

-- The same report twice (same time, status, error code and text: a repeated callback, perhaps to another daemon)
-- is kept once: the unique index makes that hold however the reports race. The text is indexed by its hash, so a
-- long one fits in the index.
CREATE TABLE ledger_status_change (
    seq        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message    bigint      NOT NULL REFERENCES ledger_message (seq) ON DELETE CASCADE,
    time       timestamptz NOT NULL,
    status     text        NOT NULL,
    error_code text        NOT NULL,
    error_text text        NOT NULL
);
CREATE UNIQUE INDEX ledger_status_change_once ON ledger_status_change (message, time, status, error_code, md5(error_text));
