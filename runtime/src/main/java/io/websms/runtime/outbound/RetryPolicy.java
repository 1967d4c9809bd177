package io.websms.runtime.outbound;

import io.websms.api.ItspResponse;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * When to try a failed send again: up to {@code maxRetries} more times, after {@code firstDelay}, then twice as
 * long each time, never longer than {@link #MAX_DELAY}. A {@code Retry-After} from the ITSP is honoured within the
 * same bound.
 *
 * @param maxRetries how many retries after the first attempt
 * @param firstDelay the wait before the first retry
 */
public record RetryPolicy(int maxRetries, Duration firstDelay) {

    /** The longest wait between two attempts. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(30);

    /**
     * The wait before retry number {@code retry} (1 for the first), given what the ITSP asked for ({@code asked}: its
     * {@code Retry-After}, or null when it said nothing).
     */
    public Duration delay(int retry, Duration asked) {
        Duration backoff = firstDelay.multipliedBy(1L << Math.min(retry - 1, 20));
        if (backoff.compareTo(MAX_DELAY) > 0 || backoff.isNegative()) {
            backoff = MAX_DELAY;
        }
        if (asked != null) {
            return asked.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : asked;
        }
        return backoff;
    }

    /** The wait a {@code Retry-After} header asks for, in seconds or as an HTTP date; null when none is usable. */
    static Duration retryAfter(ItspResponse response) {
        String value = response.headers().first("Retry-After").map(String::strip).orElse("");
        if (value.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(value));
        }
        if (!value.isEmpty()) {
            try {
                Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
