package io.websms.runtime.ratelimit;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A sending rate as websms.conf writes it: {@code N/s}, {@code N/min}, {@code N/h} or {@code N/day}. As a token bucket
 * it allows a burst of at most {@code count} messages and refills evenly over {@code per}: {@code 1/s} spaces
 * messages a second apart, {@code 1000/day} allows 1,000 at once and then one every 86.4 s.
 *
 * @param count how many messages
 * @param per   in how long
 */
public record Rate(long count, Duration per) {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d{1,9})\\s*/\\s*(s|sec|second|m|min|minute|h|hour|d|day)\\s*");

    public Rate {
        if (count < 1 || per.isZero() || per.isNegative()) {
            throw new IllegalArgumentException("a rate needs at least one message per a positive time: " + count + "/" + per);
        }
    }

    /**
     * Reads {@code 10/s}, {@code 60/min}, {@code 500/h}, {@code 1000/day}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Rate parse(String text) {
        Matcher m = TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a rate such as 1/s, 60/min, 500/h or 1000/day");
        }
        long count = Long.parseLong(m.group(1));
        Duration per = switch (m.group(2)) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        if (count == 0) {
            throw new IllegalArgumentException("'" + text + "' allows no message at all; leave the key empty for no limit");
        }
        return new Rate(count, per);
    }

    /** The time one token takes to come back. */
    Duration interval() {
        return per.dividedBy(count);
    }

    @Override
    public String toString() {
        long seconds = per.toSeconds();
        return count + "/" + (seconds == 1 ? "s" : seconds == 60 ? "min" : seconds == 3600 ? "h" : "day");
    }
}
