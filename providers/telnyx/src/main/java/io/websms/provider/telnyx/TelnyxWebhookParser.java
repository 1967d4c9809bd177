package io.websms.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;

import java.util.ArrayList;
import java.util.List;

/**
 * Telnyx's {@code message.received} event: the destination is {@code data.payload.to[0].phone_number}, the sender
 * {@code data.payload.from.phone_number}, the text {@code data.payload.text}, the id {@code data.payload.id} and an
 * MMS's pictures the {@code url} of each {@code data.payload.media[]}. Telnyx posts every event of the messaging
 * profile to the same URL ({@code message.sent} and {@code message.finalized} of the messages websms sent, too, when
 * no {@code status_url} takes them): those carry no incoming message and are acknowledged and ignored.
 */
final class TelnyxWebhookParser implements WebhookParser {

    static final String RECEIVED = "message.received";

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        JsonNode data = TelnyxEvents.data(request);
        String type = TelnyxEvents.text(data, "event_type");
        if (!type.equals(RECEIVED)) {
            throw WebhookException.badRequest("data.event_type", "'" + type + "' is no incoming message (" + RECEIVED + ")");
        }
        return message(data);
    }

    @Override
    public List<Message> parseAll(InboundRequest request, InterfaceConfig config) throws WebhookException {
        JsonNode data = TelnyxEvents.data(request);
        return TelnyxEvents.text(data, "event_type").equals(RECEIVED) ? List.of(message(data)) : List.of();
    }

    private static Message message(JsonNode data) throws WebhookException {
        JsonNode payload = TelnyxEvents.payload(data);
        String to = TelnyxEvents.text(TelnyxEvents.firstRecipient(payload), "phone_number");
        if (to.isEmpty()) {
            throw WebhookException.badRequest("data.payload.to[0].phone_number", "the destination number is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest("data.payload.to[0].phone_number", "not a phone number");
        }
        String from = TelnyxEvents.text(payload.get("from"), "phone_number");
        if (from.isEmpty()) {
            throw WebhookException.badRequest("data.payload.from.phone_number", "the sender is missing");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest("data.payload.from.phone_number", "not a phone number or sender name");
        }
        List<String> media = new ArrayList<>();
        JsonNode items = payload.get("media");
        if (items != null && items.isArray()) {
            for (JsonNode item : items) {
                String url = TelnyxEvents.text(item, "url");
                if (!url.isEmpty()) {
                    media.add(url);
                }
            }
        }
        JsonNode text = payload.get("text");
        if ((text == null || text.isNull()) && media.isEmpty()) {
            throw WebhookException.badRequest("data.payload.text", "the text is missing");
        }
        if (text != null && !text.isNull() && !text.isTextual()) {
            throw WebhookException.badRequest("data.payload.text", "not a string");
        }
        // The text exactly as sent: blanks and line breaks are part of the message.
        String body = text == null || text.isNull() ? "" : text.textValue();
        return Message.builder().to(to).from(from).body(body).id(TelnyxEvents.messageId(payload, false)).media(media).build();
    }
}
