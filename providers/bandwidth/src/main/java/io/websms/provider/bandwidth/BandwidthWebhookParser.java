package io.websms.provider.bandwidth;

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
 * Bandwidth's inbound callback: an array whose {@code message-received} events are incoming messages, each read as
 * the destination {@code to} (the number of yours that received this copy; else {@code message.owner}), the sender
 * {@code message.from}, the text {@code message.text}, the id {@code message.id} and an MMS's {@code message.media}
 * URLs. One call may carry several: websms stores them all before its one answer. Other events (status events, when
 * the application posts them to the same URL) carry no incoming message and are acknowledged and ignored.
 */
final class BandwidthWebhookParser implements WebhookParser {

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        List<Message> messages = parseAll(request, config);
        if (messages.isEmpty()) {
            throw WebhookException.badRequest("type", "the callback has no " + BandwidthEvents.RECEIVED + " event");
        }
        return messages.get(0);
    }

    @Override
    public List<Message> parseAll(InboundRequest request, InterfaceConfig config) throws WebhookException {
        List<JsonNode> events = BandwidthEvents.events(request);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (BandwidthEvents.text(events.get(i), "type").equals(BandwidthEvents.RECEIVED)) {
                messages.add(message(events.get(i), i));
            }
        }
        return messages;
    }

    private static Message message(JsonNode event, int index) throws WebhookException {
        JsonNode message = event.get("message");
        String at = "[" + index + "]";
        String to = BandwidthEvents.text(event, "to");
        String toField = at + ".to";
        if (to.isEmpty()) {
            to = BandwidthEvents.text(message, "owner");
            toField = at + ".message.owner";
        }
        if (to.isEmpty()) {
            throw WebhookException.badRequest(at + ".to", "the destination number is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest(toField, "not a phone number");
        }
        String from = BandwidthEvents.text(message, "from");
        if (from.isEmpty()) {
            throw WebhookException.badRequest(at + ".message.from", "the sender is missing");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest(at + ".message.from", "not a phone number or sender name");
        }
        List<String> media = new ArrayList<>();
        JsonNode urls = message.get("media");
        if (urls != null && urls.isArray()) {
            for (JsonNode url : urls) {
                if (url.isTextual() && !url.textValue().isBlank()) {
                    media.add(url.textValue().strip());
                }
            }
        }
        JsonNode text = message.get("text");
        if ((text == null || text.isNull()) && media.isEmpty()) {
            throw WebhookException.badRequest(at + ".message.text", "the text is missing");
        }
        if (text != null && !text.isNull() && !text.isTextual()) {
            throw WebhookException.badRequest(at + ".message.text", "not a string");
        }
        // The text exactly as sent: blanks and line breaks are part of the message.
        String body = text == null || text.isNull() ? "" : text.textValue();
        return Message.builder().to(to).from(from).body(body).id(BandwidthEvents.messageId(event, index, false)).media(media).build();
    }
}
