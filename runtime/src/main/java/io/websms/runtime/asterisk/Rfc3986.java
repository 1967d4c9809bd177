package io.websms.runtime.asterisk;

import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as RFC 3986 defines it: the UTF-8 bytes of every character but the unreserved
 * {@code A-Z a-z 0-9 - . _ ~} become {@code %XX}. A space is {@code %20}, never {@code +}: Asterisk's
 * {@code URIDECODE()} does not turn {@code +} into a space. What the original put in call files.
 */
public final class Rfc3986 {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Rfc3986() {
    }

    /** Encodes {@code text}. */
    public static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() * 3 / 2 + 8);
        text.codePoints().forEach(cp -> appendCodePoint(out, cp));
        return out.toString();
    }

    /** Appends the encoding of one code point. */
    static void appendCodePoint(StringBuilder out, int cp) {
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')
                || cp == '-' || cp == '.' || cp == '_' || cp == '~') {
            out.append((char) cp);
            return;
        }
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
            out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
    }
}
