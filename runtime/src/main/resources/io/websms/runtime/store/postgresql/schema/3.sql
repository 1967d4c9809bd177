-- The rate-limit token buckets (rate_limit per interface, rate_limit_sender per interface and sender), shared by
-- every daemon on this store so that the ITSP's limits hold for all of them together. A daemon takes its turn with
-- the buckets' rows locked (an advisory lock per key, so that a bucket not yet written is locked too).
CREATE TABLE rate_buckets (
    key          text             PRIMARY KEY,
    rate         text             NOT NULL,
    tokens       double precision NOT NULL,
    refilled     timestamptz      NOT NULL,
    paused_until timestamptz      NOT NULL
);
CREATE INDEX rate_buckets_refilled ON rate_buckets (refilled);
