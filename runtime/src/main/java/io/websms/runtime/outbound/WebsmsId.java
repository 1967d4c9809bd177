package io.websms.runtime.outbound;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The id websms gives an outgoing SMS when it accepts it: a ULID, 26 characters of Crockford base 32 (digits and
 * upper-case letters without I, L, O and U), e.g. {@code 01JH5Q8W3K7V2N6R4T9Y0B1C2D}. The first 10 characters are
 * the time in milliseconds (48 bits), the other 16 are random (80 bits), so ids sort by time as text and as values,
 * and two daemons practically never make the same one. Within one process {@link #next()} is strictly increasing:
 * ids made in the same millisecond (or while the clock steps back) count up from the last one. Immutable.
 */
public final class WebsmsId implements Comparable<WebsmsId> {

    /** The length of an id as text. */
    public static final int LENGTH = 26;

    private static final char[] DIGITS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final byte[] VALUES = new byte[128];
    private static final long MAX_TIME = (1L << 48) - 1;
    private static final Generator GENERATOR = new Generator(System::currentTimeMillis, new SecureRandom());

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        for (int i = 0; i < DIGITS.length; i++) {
            VALUES[DIGITS[i]] = (byte) i;
            VALUES[Character.toLowerCase(DIGITS[i])] = (byte) i;
        }
    }

    /** The upper 64 bits: 48 bits of time, then 16 random. */
    private final long high;
    /** The lower 64 bits, random. */
    private final long low;

    private WebsmsId(long high, long low) {
        this.high = high;
        this.low = low;
    }

    /** A new id, now: greater than every id this process made before. */
    public static WebsmsId next() {
        return GENERATOR.next();
    }

    /**
     * A new id with the time {@code time} and fresh random bits, for a message made elsewhere (an import, a test);
     * new messages take {@link #next()}.
     *
     * @throws IllegalArgumentException when {@code time} is before 1970 or after the year 10889 (48 bits of milliseconds)
     */
    public static WebsmsId at(Instant time) {
        long millis = time.toEpochMilli();
        if (millis < 0 || millis > MAX_TIME) {
            throw new IllegalArgumentException("a websms id holds a time from 1970 to the year 10889, not " + time);
        }
        RandomGenerator random = GENERATOR.random;
        return new WebsmsId(millis << 16 | (random.nextLong() & 0xFFFF), random.nextLong());
    }

    /**
     * The id written as {@code text}: 26 Crockford base-32 digits, upper or lower case, nothing else (no blanks, no
     * dashes, none of Crockford's stand-ins I, L, O, U).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code text}
     */
    public static WebsmsId parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("no websms id given: a websms id is 26 characters, e.g. 01JH5Q8W3K7V2N6R4T9Y0B1C2D");
        }
        String shown = "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
        if (text.length() != LENGTH) {
            throw new IllegalArgumentException(shown + " is not a websms id: it has " + text.length()
                    + " characters, a websms id has " + LENGTH);
        }
        long high = 0;
        long low = 0;
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            int value = c < VALUES.length ? VALUES[c] : -1;
            if (value < 0) {
                throw new IllegalArgumentException(shown + " is not a websms id: '" + c + "' (character " + (i + 1)
                        + ") is not a base-32 digit; a websms id uses 0-9 and A-Z without I, L, O and U");
            }
            if (i == 0 && value > 7) {
                throw new IllegalArgumentException(shown + " is not a websms id: it starts with '" + c
                        + "', a websms id starts with 0 to 7 (26 digits hold 128 bits)");
            }
            high = high << 5 | low >>> 59;
            low = low << 5 | value;
        }
        return new WebsmsId(high, low);
    }

    /** Whether {@code text} is an id as websms writes it (upper case): what may name an outbox file. */
    public static boolean isId(String text) {
        try {
            return parse(text).toString().equals(text);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** When the id was made, to the millisecond. */
    public Instant time() {
        return Instant.ofEpochMilli(high >>> 16);
    }

    /** The 26 upper-case characters. */
    @Override
    public String toString() {
        char[] text = new char[LENGTH];
        long h = high;
        long l = low;
        for (int i = LENGTH - 1; i >= 0; i--) {
            text[i] = DIGITS[(int) (l & 31)];
            l = l >>> 5 | h << 59;
            h >>>= 5;
        }
        return new String(text);
    }

    /** Older ids first: the order of their text. */
    @Override
    public int compareTo(WebsmsId other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebsmsId id && id.high == high && id.low == low;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(high) * 31 + Long.hashCode(low);
    }

    /** Makes ids from a clock and a source of random bits; strictly increasing, whatever the clock does. */
    static final class Generator {

        private final LongSupplier clock;
        private final RandomGenerator random;
        private long lastHigh = -1;
        private long lastLow;

        Generator(LongSupplier clock, RandomGenerator random) {
            this.clock = clock;
            this.random = random;
        }

        synchronized WebsmsId next() {
            long now = clock.getAsLong();
            if (now < 0 || now > MAX_TIME) {
                throw new IllegalStateException(String.format(Locale.ROOT, "the clock says %d ms since 1970, beyond what a websms id holds", now));
            }
            long lastTime = lastHigh >>> 16;
            if (lastHigh >= 0 && now <= lastTime) {
                // The same millisecond, or the clock stepped back: count up from the last id (80 bits), so that
                // ids stay in the order they were made. Should the count run over, the id moves to the next millisecond.
                lastLow++;
                if (lastLow == 0) {
                    lastHigh++;
                    if (lastHigh >>> 16 != lastTime) {
                        lastHigh = (lastTime + 1) << 16 | (random.nextLong() & 0x7FFF);
                        lastLow = random.nextLong();
                    }
                }
            } else {
                lastHigh = now << 16 | (random.nextLong() & 0xFFFF);
                lastLow = random.nextLong();
            }
            return new WebsmsId(lastHigh, lastLow);
        }
    }
}
