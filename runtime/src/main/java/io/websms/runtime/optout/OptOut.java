package io.websms.runtime.optout;

import io.websms.api.PhoneNumbers;

import java.time.Instant;
import java.util.Locale;

/**
 * One number that wants no more SMS from one of ours: {@code theirs} wrote STOP (or an admin added it) to
 * {@code ours}. Numbers are kept as first written; they are compared by {@link #key}.
 *
 * @param ours   our number, the one they wrote to and that would send to them
 * @param theirs their number
 * @param since  when they opted out
 * @param how    what put them on the list: the keyword and the interface, or {@code websms optout add}
 */
public record OptOut(String ours, String theirs, Instant since, String how) {

    /**
     * {@code number} as the list compares it: without separators ({@code +1 (202) 555-0183}), without a leading
     * {@code +} or {@code 00} (what {@code val_numform = E164} drops, so {@code +46...}, {@code 0046...} and
     * {@code 46...} are one number), lower case (an alphanumeric sender name).
     */
    public static String key(String number) {
        String bare = PhoneNumbers.withoutSeparators(number.strip());
        if (bare.startsWith("+")) {
            bare = bare.substring(1);
        }
        if (bare.startsWith("00") && bare.length() > 2) {
            bare = bare.substring(2);
        }
        return bare.toLowerCase(Locale.ROOT);
    }

    /** Whether this entry is for the pair {@code ours}, {@code theirs}, as {@link #key} compares them. */
    public boolean isFor(String ours, String theirs) {
        return key(this.ours).equals(key(ours)) && key(this.theirs).equals(key(theirs));
    }
}
