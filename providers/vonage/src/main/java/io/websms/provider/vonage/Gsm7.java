package io.websms.provider.vonage;

/**
 * The GSM 03.38 default alphabet and its extension table: what an SMS of Vonage's {@code type=text} can carry. Any
 * other character needs {@code type=unicode}, or Vonage replaces it.
 */
final class Gsm7 {

    /** The basic set, in table order (0x1B, the escape to the extension table, is not a character). */
    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    /** The extension table's characters. */
    private static final String EXTENSION = "\f^{}\\[~]|€";

    private Gsm7() {
    }

    /** Whether every character of {@code text} is in the default alphabet or its extension table. */
    static boolean covers(String text) {
        return text.codePoints().allMatch(c -> c != 0x1B && (BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0));
    }
}
