package io.websms.api;

/**
 * Makes text that someone else chose (an ITSP's message id or error reply, a webhook's field, a dialplan argument)
 * safe to put in a log line: a line break in it cannot forge another log line, an ANSI escape cannot rewrite the
 * terminal, a bidirectional override cannot reorder what a reader sees.
 *
 * <p>{@link #escape(String)} writes {@code \n}, {@code \r} and {@code \t} as those two characters, and every other
 * C0 control, DEL, C1 control, line or paragraph separator (U+2028, U+2029) and bidirectional control (U+061C,
 * U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) as {@code \}{@code uXXXX}. Everything else, backslashes included,
 * stays as it is, so escaping twice changes nothing more; the result is for reading, not for decoding.
 *
 * <pre>{@code
 * LOG.log(Level.INFO, "in result=STORED itsp_id={0}", LogText.escape(message.id().orElse("-")));
 * }</pre>
 */
public final class LogText {

    private LogText() {
    }

    /** {@code text} with control, separator and bidirectional characters escaped; {@code "null"} for null. */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int first = 0;
        while (first < text.length() && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == text.length()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** {@link #escape(String)} of {@code value}'s {@code toString()} (an exception, a path). */
    public static String escape(Object value) {
        return escape(value == null ? null : value.toString());
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\u061c'
                || c == '\u200e' || c == '\u200f' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }
}
