-- The outbox shared by every daemon on this store: outgoing SMS the ITSP could not take yet. A daemon takes a
-- message by leasing it (leased_by, lease_until: the server's clock) and renews its leases while it runs; a lease
-- left by a daemon that died expires and another daemon takes the message. Only the oldest message of each
-- destination can be taken, so that messages to one number go out in the order they came.
CREATE TABLE outbox (
    id           text        PRIMARY KEY,
    iface        text        NOT NULL,
    destination  text        NOT NULL,
    sender       text        NOT NULL,
    body         text        NOT NULL,
    created      timestamptz NOT NULL,
    attempts     integer     NOT NULL,
    next_attempt timestamptz NOT NULL,
    last_reason  text        NOT NULL,
    leased_by    text,
    lease_until  timestamptz
);
CREATE INDEX outbox_order ON outbox (destination, created, id);
CREATE INDEX outbox_due ON outbox (next_attempt);

-- Messages not sent within retry_max_age, or that cannot be sent any more, with their last reason.
CREATE TABLE outbox_dead (
    id           text        PRIMARY KEY,
    iface        text        NOT NULL,
    destination  text        NOT NULL,
    sender       text        NOT NULL,
    body         text        NOT NULL,
    created      timestamptz NOT NULL,
    attempts     integer     NOT NULL,
    next_attempt timestamptz NOT NULL,
    last_reason  text        NOT NULL,
    buried       timestamptz NOT NULL DEFAULT now()
);
