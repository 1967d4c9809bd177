package io.websms.runtime.outbound;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Random;
import java.util.regex.Pattern;

/**
 * websms's own id for an outgoing SMS, given when websms takes the message from the dialplan or the command line: a
 * <a href="https://github.com/ulid/spec">ULID</a> such as {@code 01KB7Q8ZJ8X4Y0C2V5R3M9TQ6E}, 26 characters of
 * Crockford base 32, the first 10 the time in milliseconds. Ids sort by the time they were given (as text too), and
 * within one process each is greater than the one before, even within one millisecond: the 80 random bits count
 * up then. The log lines ({@code id=}), the outbox file name and {@code WEBSMS_ID} all carry it. Thread-safe.
 */
public final class WebsmsId {

    private static final char[] DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final Pattern FORM = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    private static final WebsmsId PROCESS = new WebsmsId(Clock.systemUTC(), new SecureRandom());

    private final Clock clock;
    private final Random random;
    private long lastMillis = -1;
    /** The 80 random bits: the top 16 in {@code high}, the low 64 in {@code low}. */
    private long high;
    private long low;

    WebsmsId(Clock clock, Random random) {
        this.clock = clock;
        this.random = random;
    }

    /** A new id, greater than every id this process gave before. */
    public static String next() {
        return PROCESS.nextId();
    }

    /** Whether {@code text} has the form of an id. */
    public static boolean isId(String text) {
        return text != null && FORM.matcher(text).matches();
    }

    synchronized String nextId() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            high = random.nextInt() & 0xFFFFL;
            low = random.nextLong();
        } else if (++low == 0 && (high = (high + 1) & 0xFFFFL) == 0) {
            // Within one millisecond (or after the clock went back) the random part counts up; when all 2^80 are
            // used, the next millisecond keeps the order.
            lastMillis++;
        }
        char[] text = new char[26];
        long time = lastMillis;
        for (int i = 9; i >= 0; i--) {
            text[i] = DIGITS[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 bits in 16 digits: the low 64 bits fill 12 digits and 4 bits; the 16 high bits the rest.
        long bits = low;
        for (int i = 25; i >= 14; i--) {
            text[i] = DIGITS[(int) (bits & 31)];
            bits >>>= 5;
        }
        long rest = (high << 4) | (bits & 0xF);
        for (int i = 13; i >= 10; i--) {
            text[i] = DIGITS[(int) (rest & 31)];
            rest >>>= 5;
        }
        return new String(text);
    }
}
