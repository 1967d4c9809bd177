package io.websms.provider.plivo;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;
import io.websms.provider.generic.GenericStatusParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Plivo's incoming message, posted to the application's {@code message_url} (form fields, or the query of a GET):
 * {@code From} (the sender), {@code To} (your Plivo number), {@code MessageUUID} (the id), {@code Type}
 * ({@code sms}, {@code mms}, {@code whatsapp}), the text in {@code Text} (SMS) or {@code Body} (MMS, WhatsApp), and an
 * MMS's media as {@code Media1} … {@code Media<MediaCount>}. Plivo joins the parts of a long SMS before it posts it.
 * Numbers come without {@code +} ({@code 14155551234}) and are kept as sent. A status callback posted to the message
 * URL by mistake ({@code Status} and no text) carries no message: it is acknowledged and ignored.
 */
final class PlivoWebhookParser implements WebhookParser {

    /** More media than an MMS carries; a larger MediaCount is not believed. */
    private static final int MAX_MEDIA = 20;

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String to = request.parameter("To").map(String::strip).orElse("");
        String from = request.parameter("From").map(String::strip).orElse("");
        if (to.isEmpty()) {
            throw WebhookException.badRequest("To", "the destination number is missing");
        }
        if (from.isEmpty()) {
            throw WebhookException.badRequest("From", "the sender is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest("To", "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest("From", "not a phone number or sender name");
        }
        Message.Builder message = Message.builder().to(to).from(from).body(text(request)).media(media(request));
        if (request.parameter("MessageUUID").isPresent()) {
            message.id(GenericStatusParser.messageId(request.parameter("MessageUUID").get(), "MessageUUID"));
        }
        return message.build();
    }

    @Override
    public List<Message> parseAll(InboundRequest request, InterfaceConfig config) throws WebhookException {
        if (request.parameter("Status").isPresent() && request.parameter("Text").isEmpty() && request.parameter("Body").isEmpty()) {
            return List.of(); // a status callback, not a message
        }
        return List.of(parse(request, config));
    }

    /** {@code Text} for an SMS, {@code Body} for an MMS or WhatsApp message; whichever is there. */
    private static String text(InboundRequest request) {
        String type = request.parameter("Type").orElse("sms").strip();
        String first = type.equalsIgnoreCase("sms") ? "Text" : "Body";
        String second = first.equals("Text") ? "Body" : "Text";
        return request.parameter(first).or(() -> request.parameter(second)).orElse("");
    }

    /** {@code Media1} … {@code Media<MediaCount>}, as Plivo numbers them. */
    private static List<String> media(InboundRequest request) {
        int count = request.parameter("MediaCount").map(String::strip).filter(n -> n.matches("\\d{1,3}"))
                .map(Integer::parseInt).map(n -> Math.min(n, MAX_MEDIA)).orElse(0);
        List<String> media = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            request.parameter("Media" + i).map(String::strip).filter(url -> !url.isEmpty()).ifPresent(media::add);
        }
        return media;
    }
}
