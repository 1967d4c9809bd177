package io.websms.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The form encoding of PHP's {@code http_build_query} with its defaults, which the original WebSMS and several ITSP
 * signature schemes (Zadarma's) are built on: UTF-8 bytes, {@code A-Z a-z 0-9 - _ .} kept, a space as {@code +},
 * every other byte as {@code %XX} in upper case (so {@code ~} is {@code %7E} and {@code *} is {@code %2A}), pairs
 * joined with {@code &} in the map's order.
 */
public final class FormEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FormEncoding() {
    }

    /** Encodes the pairs in the map's iteration order, as {@code k1=v1&k2=v2}. */
    public static String encode(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            appendComponent(out, field.getKey());
            out.append('=');
            appendComponent(out, field.getValue());
        }
        return out.toString();
    }

    /** Encodes one key or value. */
    public static String encodeComponent(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendComponent(out, text);
        return out.toString();
    }

    private static void appendComponent(StringBuilder out, String text) {
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }
}
