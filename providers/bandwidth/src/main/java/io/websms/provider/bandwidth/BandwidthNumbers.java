package io.websms.provider.bandwidth;

import io.websms.api.InvalidMessageException;
import io.websms.api.PhoneNumbers;

/** Bandwidth takes numbers in E.164 with {@code +} only ({@code +12345678902}), and a sender may be an alphanumeric ID. */
final class BandwidthNumbers {

    private BandwidthNumbers() {
    }

    /**
     * {@code number} in E.164: the separators people write go, {@code 0046…} and {@code 46…} become {@code +46…}. A
     * national number with one leading 0 is sent as it is, for Bandwidth to refuse: websms cannot know its country.
     */
    static String e164(String field, String number) throws InvalidMessageException {
        String n = number.strip();
        if (!PhoneNumbers.isWrittenNumber(n)) {
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
        n = PhoneNumbers.withoutSeparators(n);
        if (n.startsWith("00") && n.length() > 2) {
            return "+" + n.substring(2);
        }
        if (!n.startsWith("+") && !n.startsWith("0")) {
            return "+" + n;
        }
        return n;
    }

    /** The sender: a number in E.164, or an alphanumeric sender ID as it is. */
    static String sender(String from) throws InvalidMessageException {
        String n = from.strip();
        if (!PhoneNumbers.isWrittenNumber(n) && PhoneNumbers.isSender(n)) {
            return n;
        }
        return e164("from", n);
    }
}
