package io.websms.provider.voipms;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;

import java.util.ArrayList;
import java.util.List;

/**
 * VoIP.ms's SMS URL Callback: a GET of the URL the admin gave the DID, VoIP.ms's placeholders {@code {TO}},
 * {@code {FROM}}, {@code {MESSAGE}}, {@code {ID}}, {@code {TIMESTAMP}} and {@code {MEDIA}} replaced in its query. The
 * parameters named by {@code key_to}, {@code key_from} and {@code key_body} ({@code to}, {@code from},
 * {@code message} by default) are the message, {@code id} its id, and each {@code media} parameter one or more media
 * URLs (separated by commas or blanks) of an MMS. With {@code nanp_e164} (the default) a 10-digit number, VoIP.ms's
 * way of writing a US or Canadian one, becomes {@code +1} and its digits. A missing text is an empty message.
 */
final class VoipmsWebhookParser implements WebhookParser {

    /** The key that turns VoIP.ms's 10-digit numbers into E.164. */
    static final String NANP_E164 = "nanp_e164";

    /** Media read from one MMS at most; a bound keeps a forged request from listing thousands. */
    static final int MAX_MEDIA = 20;

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String keyTo = config.value("key_to");
        String keyFrom = config.value("key_from");
        String to = request.parameter(keyTo).map(String::strip).orElse("");
        String from = request.parameter(keyFrom).map(String::strip).orElse("");
        if (to.isEmpty()) {
            throw WebhookException.badRequest(keyTo, "the destination number is missing");
        }
        if (from.isEmpty()) {
            throw WebhookException.badRequest(keyFrom, "the sender is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest(keyTo, "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest(keyFrom, "not a phone number or sender name");
        }
        // A hand-made configuration without the key gets its default, as websms's own does.
        boolean e164 = config.get(NANP_E164).isEmpty() || config.flag(NANP_E164);
        Message.Builder message = Message.builder().to(e164 ? e164(to) : to).from(e164 ? e164(from) : from)
                .body(request.parameter(config.value("key_body")).orElse(""));
        request.parameter("id").map(String::strip).filter(id -> !id.isEmpty()).ifPresent(message::id);
        return message.media(media(request)).build();
    }

    /** A 10-digit number, or 11 digits after a 1, as {@code +1} and the 10 digits; anything else as it is. */
    static String e164(String number) {
        if (number.matches("\\d{10}")) {
            return "+1" + number;
        }
        return number.matches("1\\d{10}") ? "+" + number : number;
    }

    private static List<String> media(InboundRequest request) {
        List<String> media = new ArrayList<>();
        for (String value : request.parameters().getOrDefault("media", List.of())) {
            for (String url : value.split("[,\\s]+")) {
                if (!url.isEmpty() && media.size() < MAX_MEDIA) {
                    media.add(url);
                }
            }
        }
        return media;
    }
}
