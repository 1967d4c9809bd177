package io.websms.api;

import java.util.regex.Pattern;

/**
 * What websms accepts as a number. Numbers end up in HTTP requests and in Asterisk call files, where a line break or
 * a {@code ;} would change the meaning of the file, so a provider refuses (never cleans up) anything else.
 */
public final class PhoneNumbers {

    private static final Pattern NUMBER = Pattern.compile("\\+?[0-9]{1,20}");
    /** GSM allows 11 characters in an alphanumeric sender id; a little more is allowed, never a control character. */
    private static final Pattern SENDER = Pattern.compile("\\+?[0-9]{1,20}|[\\p{L}\\p{N}][\\p{L}\\p{N} ._&'-]{0,19}");

    private PhoneNumbers() {
    }

    /** Whether {@code text} is a phone number: 1 to 20 digits, with an optional leading {@code +}. */
    public static boolean isNumber(String text) {
        return NUMBER.matcher(text).matches();
    }

    /**
     * Whether {@code text} may be the sender of an incoming SMS: a phone number, or an alphanumeric sender name of at
     * most 20 letters, digits, blanks and {@code . _ & ' -}, starting with a letter or digit.
     */
    public static boolean isSender(String text) {
        return SENDER.matcher(text).matches();
    }
}
