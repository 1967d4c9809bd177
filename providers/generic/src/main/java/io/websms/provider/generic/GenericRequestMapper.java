package io.websms.provider.generic;

import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.PhoneNumbers;
import io.websms.api.RequestMapper;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The request the original WebSMS built from the {@code [websms]} keys: a form POST to {@code url_host + url_path}
 * with the fields {@code key_to}, {@code key_from} and {@code key_body}, then, in this order, the
 * {@code val_unicode} policy, the {@code val_numform} number format and the {@code val_static} fields. With
 * {@code body_format = json}, the same fields go as a JSON object instead.
 */
public final class GenericRequestMapper implements RequestMapper {

    @Override
    public OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException {
        String to = number("to", message.to());
        String from = number("from", message.from());
        String body = message.body();
        if (body.isEmpty()) {
            throw new InvalidMessageException("body", "the message text is empty; nothing to send");
        }
        OutboundRequest.Builder request = OutboundRequest.builder(uri(config));

        String unicode = config.value("val_unicode");
        boolean beyondBmp = body.codePoints().anyMatch(Character::isSupplementaryCodePoint);
        if (unicode.equalsIgnoreCase("ucs-2")) {
            body = replaceBeyondBmp(body);
        }
        if (!config.value("key_id").isEmpty()) {
            // websms's id, the same on every try: the ITSP can tell a retry from a new message.
            message.id().ifPresent(id -> request.field(config.value("key_id"), id));
        }
        request.field(config.value("key_to"), formatNumber(to, config))
                .field(config.value("key_from"), formatNumber(from, config))
                .field(config.value("key_body"), body);
        if (beyondBmp && unicode.indexOf('=') >= 0) {
            pairs(unicode).forEach(request::field);
        }
        pairs(config.value("val_static")).forEach(request::field);
        if (config.value("body_format").equalsIgnoreCase("json")) {
            request.format(OutboundRequest.Format.JSON);
        }
        if (config.value("url_method").equalsIgnoreCase("GET")) {
            request.method("GET"); // the fields go into the query string
        }
        return request.build();
    }

    /** {@code url_host} and {@code url_path} joined as plain strings, as the original did. */
    static URI uri(InterfaceConfig config) throws InvalidMessageException {
        return OutboundRequest.url(config.value("url_host") + config.value("url_path"));
    }

    private static String number(String field, String number) throws InvalidMessageException {
        String trimmed = number.strip();
        // Sent as written, separators and all, as the original did: only val_numform changes a number.
        if (!PhoneNumbers.isWrittenNumber(trimmed)) {
            throw new InvalidMessageException(field, "'" + printable(number) + "' is not a phone number (digits, with an optional leading +"
                    + " and the separators space - . ( ))");
        }
        return trimmed;
    }

    /** {@code E164}, {@code E.164} and {@code no+} drop a leading {@code +}, then a leading {@code 00}. */
    static String formatNumber(String number, InterfaceConfig config) {
        String format = config.value("val_numform").toLowerCase(Locale.ROOT);
        if (!format.equals("e164") && !format.equals("e.164") && !format.equals("no+")) {
            return number;
        }
        String out = number.startsWith("+") ? number.substring(1) : number;
        return out.startsWith("00") ? out.substring(2) : out;
    }

    /** Each character beyond U+FFFF becomes U+FFFD, as a UCS-2-only ITSP needs. */
    static String replaceBeyondBmp(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.append(Character.isSupplementaryCodePoint(cp) ? '\uFFFD' : (char) cp));
        return out.toString();
    }

    /**
     * The original's reading of {@code k1=v1,k2=v2}: a piece without {@code =} is ignored; the key is the text before
     * the first {@code =}, the value the text up to a second {@code =}.
     */
    static Map<String, String> pairs(String list) {
        Map<String, String> pairs = new LinkedHashMap<>();
        if (list.isEmpty()) {
            return pairs;
        }
        for (String piece : list.split(",", -1)) {
            String[] parts = piece.split("=", -1);
            if (parts.length >= 2) {
                pairs.put(parts[0], parts[1]);
            }
        }
        return pairs;
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(40).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
