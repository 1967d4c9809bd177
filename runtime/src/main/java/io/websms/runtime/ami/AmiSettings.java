package io.websms.runtime.ami;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the AMI is and how the client behaves. {@link #of} gives the defaults; the {@code with…} methods change one.
 *
 * @param host           Asterisk's host
 * @param port           its AMI port ({@code manager.conf}'s {@code port}, 5038 by default)
 * @param user           the {@code manager.conf} user
 * @param secret         its secret; never logged ({@link #toString()} masks it)
 * @param timeout        how long to wait to connect, for the banner, and for the answer to each action
 * @param pingInterval   how often an idle session is checked with {@code Action: Ping}; a Ping unanswered within
 *                       {@code timeout} drops the session, which is then opened again
 * @param backoffMin     the first wait before opening a dropped session again; it doubles on each failure
 * @param backoffMax     the longest wait between two tries
 * @param maxOutstanding how many actions may wait for their answer (queued or sent); one more is refused at once
 * @param maxEvents      how many events may wait for the listeners; more are dropped (and counted) rather than kept
 */
public record AmiSettings(String host, int port, String user, String secret, Duration timeout, Duration pingInterval,
                          Duration backoffMin, Duration backoffMax, int maxOutstanding, int maxEvents) {

    public AmiSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(secret, "secret");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("AMI port " + port + " is not a TCP port (1-65535)");
        }
        for (Duration d : new Duration[] {timeout, pingInterval, backoffMin, backoffMax}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("AMI durations must be positive: " + d);
            }
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new IllegalArgumentException("AMI backoffMax " + backoffMax + " is shorter than backoffMin " + backoffMin);
        }
        if (maxOutstanding < 1 || maxEvents < 1) {
            throw new IllegalArgumentException("AMI queue sizes must be at least 1: maxOutstanding " + maxOutstanding + ", maxEvents " + maxEvents);
        }
    }

    /** The defaults: 5 s timeout, a Ping every 20 s, reconnect after 0.5 s doubling up to 30 s, 1,000 actions, 10,000 events. */
    public static AmiSettings of(String host, int port, String user, String secret) {
        return new AmiSettings(host, port, user, secret, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMillis(500),
                Duration.ofSeconds(30), 1000, 10_000);
    }

    public AmiSettings withTimeout(Duration value) {
        return new AmiSettings(host, port, user, secret, value, pingInterval, backoffMin, backoffMax, maxOutstanding, maxEvents);
    }

    public AmiSettings withPingInterval(Duration value) {
        return new AmiSettings(host, port, user, secret, timeout, value, backoffMin, backoffMax, maxOutstanding, maxEvents);
    }

    public AmiSettings withBackoff(Duration min, Duration max) {
        return new AmiSettings(host, port, user, secret, timeout, pingInterval, min, max, maxOutstanding, maxEvents);
    }

    public AmiSettings withMaxOutstanding(int value) {
        return new AmiSettings(host, port, user, secret, timeout, pingInterval, backoffMin, backoffMax, value, maxEvents);
    }

    public AmiSettings withMaxEvents(int value) {
        return new AmiSettings(host, port, user, secret, timeout, pingInterval, backoffMin, backoffMax, maxOutstanding, value);
    }

    /** {@code host:port}, as messages name the AMI. */
    public String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "AmiSettings[" + user + "@" + address() + ", secret ****, timeout " + timeout + ", ping every " + pingInterval
                + ", backoff " + backoffMin + ".." + backoffMax + ", maxOutstanding " + maxOutstanding + ", maxEvents " + maxEvents + "]";
    }
}
