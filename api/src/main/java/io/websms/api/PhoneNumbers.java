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

    /** E.123's way of writing a number: digits with spaces, {@code -}, {@code .} and parentheses between them. */
    private static final Pattern WRITTEN = Pattern.compile("\\+?[0-9(][0-9 ().-]{0,39}");

    private PhoneNumbers() {
    }

    /**
     * Whether {@code text} is a phone number as people write it (E.123): 1 to 20 digits, an optional leading
     * {@code +}, and spaces, {@code -}, {@code .}, {@code (} and {@code )} between them, such as
     * {@code +1 (202) 555-0183} or {@code +46 70-123 45 67}. Never letters, control characters or {@code ;}.
     * What an outgoing SMS may be addressed to; incoming numbers, which go into call files, are {@link #isNumber}.
     */
    public static boolean isWrittenNumber(String text) {
        if (!WRITTEN.matcher(text).matches()) {
            return false;
        }
        long digits = text.chars().filter(c -> c >= '0' && c <= '9').count();
        return digits >= 1 && digits <= 20;
    }

    /** {@code text} without the separators {@link #isWrittenNumber} allows: {@code +1 (202) 555-0183} is {@code +12025550183}. */
    public static String withoutSeparators(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                out.append(c);
            }
        }
        return out.toString();
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

    /**
     * {@code number} in E.164 with {@code +}, as most JSON APIs take it: the separators people write go, and
     * {@code 0046…} and {@code 46…} become {@code +46…}. A national number with one leading 0 is given as it is, for
     * the ITSP to refuse: websms cannot know its country.
     *
     * @param field the field it is for ({@code to}, {@code from}), named in the error
     * @throws InvalidMessageException when it is not a {@linkplain #isWrittenNumber written number}
     */
    public static String e164(String field, String number) throws InvalidMessageException {
        String n = number.strip();
        if (!isWrittenNumber(n)) {
            StringBuilder shown = new StringBuilder();
            n.codePoints().limit(40).forEach(cp -> {
                if (Character.isISOControl(cp)) {
                    shown.append(String.format("\\u%04x", cp));
                } else {
                    shown.appendCodePoint(cp);
                }
            });
            throw new InvalidMessageException(field, "'" + shown + "' is not a phone number (digits, an optional leading +,"
                    + " and the separators space - . ( ))");
        }
        n = withoutSeparators(n);
        if (n.startsWith("00") && n.length() > 2) {
            return "+" + n.substring(2);
        }
        if (!n.startsWith("+") && !n.startsWith("0")) {
            return "+" + n;
        }
        return n;
    }

    /**
     * The sender of an outgoing SMS: a number in E.164 ({@link #e164}), or an alphanumeric sender ID as it is.
     *
     * @throws InvalidMessageException naming {@code from} when it is neither
     */
    public static String e164OrSenderId(String from) throws InvalidMessageException {
        String n = from.strip();
        if (!isWrittenNumber(n) && isSender(n)) {
            return n;
        }
        return e164("from", n);
    }

    /**
     * {@code number} as the ITSPs that take international digits want it (Plivo, Vonage): the country code and the
     * number, without {@code +}, {@code 00} or separators.
     *
     * @param field the field it is for ({@code to}, {@code from}), named in the error
     * @throws InvalidMessageException when it is not a {@linkplain #isWrittenNumber written number}
     */
    public static String internationalDigits(String field, String number) throws InvalidMessageException {
        String n = number.strip();
        if (!isWrittenNumber(n)) {
            throw new InvalidMessageException(field, "not a phone number (digits, with an optional leading + and the separators space - . ( ))");
        }
        n = withoutSeparators(n);
        if (n.startsWith("+")) {
            return n.substring(1);
        }
        return n.startsWith("00") ? n.substring(2) : n;
    }

    /**
     * The sender of an outgoing SMS for those ITSPs: a number as {@link #internationalDigits} writes it, else an
     * alphanumeric sender ID as it is.
     *
     * @throws InvalidMessageException naming {@code from} when it is neither
     */
    public static String internationalDigitsOrSenderId(String from) throws InvalidMessageException {
        String f = from.strip();
        if (isWrittenNumber(f)) {
            return internationalDigits("from", f);
        }
        if (!isSender(f)) {
            throw new InvalidMessageException("from", "neither a phone number nor a sender ID (letters, digits, blanks and . _ & ' -)");
        }
        return f;
    }
}
