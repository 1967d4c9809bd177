-- The inbox ([astqueue] delivery = ami) shared by every daemon on this store: incoming SMS waiting to be handed to
-- Asterisk over the AMI. The body and the ITSP's id are kept as UTF-8 bytes, since what an ITSP sends may hold a NUL,
-- which a text column cannot. delivered lists the devices (contact URIs) that have the whole text: it only grows.
CREATE TABLE inbox (
    id           text        PRIMARY KEY,
    iface        text        NOT NULL,
    destination  text        NOT NULL,
    sender       text        NOT NULL,
    body         bytea       NOT NULL,
    itsp_id      bytea,
    created      timestamptz NOT NULL,
    attempts     integer     NOT NULL,
    next_attempt timestamptz NOT NULL,
    last_reason  text        NOT NULL,
    delivered    text[]      NOT NULL,
    notified     boolean     NOT NULL
);
CREATE INDEX inbox_order ON inbox (destination, created, id);

-- Which daemon delivers to a destination: one lease per destination number, so that its messages are delivered by
-- one daemon at a time and in the order they came. A daemon keeps its leases (renewing them, on the server's clock)
-- while it can deliver, and gives them back when its AMI session is down or it stops; one that dies has its
-- destinations taken over by another once the leases expire.
CREATE TABLE inbox_lease (
    destination text        PRIMARY KEY,
    leased_by   text        NOT NULL,
    lease_until timestamptz NOT NULL
);
CREATE INDEX inbox_lease_holder ON inbox_lease (leased_by);

-- Messages not delivered within inbox_max_age, with why the last attempt held them.
CREATE TABLE inbox_dead (
    id           text        PRIMARY KEY,
    iface        text        NOT NULL,
    destination  text        NOT NULL,
    sender       text        NOT NULL,
    body         bytea       NOT NULL,
    itsp_id      bytea,
    created      timestamptz NOT NULL,
    attempts     integer     NOT NULL,
    next_attempt timestamptz NOT NULL,
    last_reason  text        NOT NULL,
    delivered    text[]      NOT NULL,
    notified     boolean     NOT NULL,
    buried       timestamptz NOT NULL DEFAULT now()
);
