package io.websms.runtime.ratelimit;

import java.time.Duration;
import java.time.Instant;

/**
 * One token bucket of a {@link Rate}: full at first, one token per message, refilled evenly. Kept in wall-clock time,
 * so that its state can be saved and read again after a restart, or kept in a shared store. Thread-safe.
 */
public final class TokenBucket {

    private final Rate rate;
    private double tokens;
    private Instant refilled;
    private Instant pausedUntil;

    /** A bucket as a {@link BucketStore} kept it: its tokens at {@code refilled}, and no token before {@code pausedUntil}. */
    public TokenBucket(Rate rate, double tokens, Instant refilled, Instant pausedUntil) {
        this.rate = rate;
        this.tokens = Math.min(tokens, rate.count());
        this.refilled = refilled;
        this.pausedUntil = pausedUntil;
    }

    static TokenBucket full(Rate rate, Instant now) {
        return new TokenBucket(rate, rate.count(), now, Instant.EPOCH);
    }

    /** Its rate. */
    public Rate rate() {
        return rate;
    }

    /** Its tokens when it was last refilled (below zero: turns taken ahead). */
    public synchronized double tokens() {
        return tokens;
    }

    /** When it was last refilled. */
    public synchronized Instant refilled() {
        return refilled;
    }

    /** No token before this. */
    public synchronized Instant pausedUntil() {
        return pausedUntil;
    }

    /** How long until a token is there at {@code now}; zero when one is (nothing is taken). */
    synchronized Duration wait(Instant now) {
        refill(now);
        Duration paused = now.isBefore(pausedUntil) ? Duration.between(now, pausedUntil) : Duration.ZERO;
        if (tokens >= 1) {
            return paused;
        }
        long nanos = (long) Math.ceil((1 - tokens) * rate.interval().toNanos());
        Duration refill = Duration.ofNanos(Math.max(nanos, 1));
        return refill.compareTo(paused) > 0 ? refill : paused;
    }

    /**
     * Takes a token, which may be one that comes only later (the bucket then goes below zero): whoever takes next
     * waits behind this one, so turns are kept in the order they were taken.
     */
    synchronized void take(Instant now) {
        refill(now);
        tokens -= 1;
    }

    /** No token before {@code until} (an ITSP's {@code Retry-After}). */
    synchronized void pauseUntil(Instant until) {
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
        }
    }

    /** {@code tokens refilledEpochMillis pausedUntilEpochMillis}, as {@link RateLimits} saves it. */
    synchronized String state() {
        return tokens + " " + refilled.toEpochMilli() + " " + pausedUntil.toEpochMilli();
    }

    synchronized boolean isFull(Instant now) {
        refill(now);
        return tokens >= rate.count() && !now.isBefore(pausedUntil);
    }

    private void refill(Instant now) {
        if (now.isAfter(refilled)) {
            double added = (double) Duration.between(refilled, now).toNanos() / rate.interval().toNanos();
            tokens = Math.min(rate.count(), tokens + added);
            refilled = now;
        }
    }
}
