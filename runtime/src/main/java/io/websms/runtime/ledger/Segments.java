package io.websms.runtime.ledger;

/**
 * How long a text is as an SMS, counted as carriers bill it: GSM-7 when every character is in the GSM 03.38 basic
 * set or its extension table (an extension character, such as {@code €} or {@code [}, takes two septets), else
 * UCS-2 (a character beyond U+FFFF, an emoji, takes two 16-bit units). One SMS holds 160 septets or 70 units; a
 * longer text is sent in parts of 153 septets or 67 units (the rest of each part carries the header that joins
 * them), and, as phones and carriers do, a two-septet character or a surrogate pair is never split between two
 * parts. An empty text is one SMS.
 *
 * @param encoding   GSM-7 or UCS-2
 * @param characters the text's length in characters (Unicode code points), as a person counts them
 * @param units      its length in septets (GSM-7) or 16-bit units (UCS-2)
 * @param segments   how many SMS it is sent as
 */
public record Segments(Encoding encoding, int characters, int units, int segments) {

    /** How the text is encoded on the air. */
    public enum Encoding {
        /** The GSM 7-bit default alphabet: 160 per SMS, 153 per part. */
        GSM_7(160, 153),
        /** UCS-2 (UTF-16 units): 70 per SMS, 67 per part. */
        UCS_2(70, 67);

        private final int single;
        private final int part;

        Encoding(int single, int part) {
            this.single = single;
            this.part = part;
        }

        /** Units one SMS holds. */
        public int single() {
            return single;
        }

        /** Units one part of a longer text holds. */
        public int part() {
            return part;
        }
    }

    /** The GSM 03.38 basic set, in table order (0x1B, the escape to the extension table, is not a character). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The characters of the extension table: two septets each (the escape, then the character). */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    /** The length of {@code text} as an SMS. */
    public static Segments of(String text) {
        boolean gsm = text.codePoints().allMatch(c -> c != 0x1B && (BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0));
        Encoding encoding = gsm ? Encoding.GSM_7 : Encoding.UCS_2;
        int characters = text.codePointCount(0, text.length());
        int units = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            units += width(encoding, text.codePointAt(i));
        }
        if (units <= encoding.single) {
            return new Segments(encoding, characters, units, 1);
        }
        // Fill each part as far as the next character fits whole.
        int segments = 1;
        int filled = 0;
        for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
            int width = width(encoding, text.codePointAt(i));
            if (filled + width > encoding.part) {
                segments++;
                filled = 0;
            }
            filled += width;
        }
        return new Segments(encoding, characters, units, segments);
    }

    private static int width(Encoding encoding, int codePoint) {
        if (encoding == Encoding.GSM_7) {
            return EXTENSION.indexOf(codePoint) >= 0 ? 2 : 1;
        }
        return Character.charCount(codePoint);
    }
}
