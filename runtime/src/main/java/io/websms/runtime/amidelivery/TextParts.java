package io.websms.runtime.amidelivery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A text cut into pieces of at most so many bytes of UTF-8, each ending on a character boundary (never inside a UTF-8
 * sequence or between the two halves of a surrogate pair), whose concatenation is exactly the text.
 */
final class TextParts {

    /**
     * The most bytes of text one {@code MessageSend} carries: its {@code Base64Body: } line, with CRLF, must fit
     * the 1,024 bytes Asterisk reads of a line (12 + 4 × 756 / 3 + 2 = 1,022).
     */
    static final int MESSAGE_SEND_BYTES = 756;

    private TextParts() {
    }

    /** {@code text} in pieces of at most {@code maxBytes} bytes of UTF-8; an empty text is one empty piece. */
    static List<String> of(String text, int maxBytes) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                parts.add(text.substring(start, i));
                start = i;
                bytes = 0;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** The bytes of {@code part}, as a {@code MessageSend} carries them. */
    static byte[] utf8(String part) {
        return part.getBytes(StandardCharsets.UTF_8);
    }
}
