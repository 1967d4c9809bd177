package io.websms.runtime.outbound;

import io.websms.api.Message;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

/**
 * The arguments every entry point takes, the command line, classic AGI and FastAGI alike:
 * {@code TO FROM BODY [INDEX] [uri]}. {@code INDEX} is the {@code WEBSMS_INDEX} of the sending endpoint (empty for
 * none); {@code uri} says BODY was passed through Asterisk's {@code URIENCODE()}, which keeps a multi-line body on
 * one AGI line, and must be decoded.
 *
 * <p>FROM may come as Asterisk's {@code MESSAGE(from)} gives it, {@code "Alice" <sip:+15017122661@pbx>}: the number
 * is the user part of the SIP URI.
 *
 * @param message the message
 * @param index   the interface index, {@code ""} for none
 */
public record SmsArguments(Message message, String index) {

    /** The one-line usage the entry points show. */
    public static final String USAGE = "TO FROM BODY [INDEX] [uri]";

    /**
     * Reads {@code args}.
     *
     * @throws IllegalArgumentException naming what is wrong, when there are not 3 to 5 arguments, the 5th is not
     *                                  {@code uri}, or an encoded body does not decode
     */
    public static SmsArguments parse(List<String> args) {
        if (args.size() < 3 || args.size() > 5) {
            throw new IllegalArgumentException("expected " + USAGE + ", got " + args.size() + " argument" + (args.size() == 1 ? "" : "s"));
        }
        String body = args.get(2);
        if (args.size() == 5) {
            String encoding = args.get(4).strip().toLowerCase(Locale.ROOT);
            if (!encoding.equals("uri") && !encoding.isEmpty()) {
                throw new IllegalArgumentException("the 5th argument, if any, must be uri (the body is URIENCODE()d), not '" + args.get(4) + "'");
            }
            if (encoding.equals("uri")) {
                body = uriDecode(body);
            }
        }
        String index = args.size() >= 4 ? args.get(3).strip() : "";
        return new SmsArguments(Message.of(args.get(0).strip(), senderNumber(args.get(1)), body), index);
    }

    /**
     * The number in a {@code MESSAGE(from)}: the user part of {@code sip:user@host} (in angle brackets or not,
     * behind a display name or not), else the text itself.
     */
    static String senderNumber(String from) {
        String text = from.strip();
        int open = text.lastIndexOf('<');
        int close = text.lastIndexOf('>');
        if (open >= 0 && close > open) {
            text = text.substring(open + 1, close).strip();
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("sip:") || lower.startsWith("sips:") || lower.startsWith("tel:")) {
            text = text.substring(text.indexOf(':') + 1);
            int at = text.indexOf('@');
            if (at >= 0) {
                text = text.substring(0, at);
            }
            int params = text.indexOf(';');
            if (params >= 0) {
                text = text.substring(0, params);
            }
        }
        return text;
    }

    /** Undoes {@code URIENCODE()}: {@code %XX} UTF-8 escapes; a {@code +} stays a plus. */
    static String uriDecode(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0 || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw new IllegalArgumentException("the body is not URI-encoded: '%' at " + i + " is not followed by two hex digits");
                }
                bytes.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                // A raw character beyond U+FFFF is two chars: encode the code point, not each half (that gave "??").
                int codePoint = text.codePointAt(i);
                byte[] raw = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
                bytes.write(raw, 0, raw.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the URI-encoded body is not UTF-8");
        }
    }
}
