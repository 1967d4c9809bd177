package io.websms.provider.telnyx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InboundRequest;
import io.websms.api.WebhookException;

import java.io.IOException;

/**
 * Reads Telnyx's webhook events: a JSON object whose {@code data} holds {@code event_type}, {@code occurred_at} and
 * the {@code payload} (for messaging events, the message resource).
 */
final class TelnyxEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Longest id accepted: Telnyx's are UUIDs (36 characters). */
    private static final int MAX_ID_LENGTH = 256;

    private TelnyxEvents() {
    }

    /** The event's {@code data} object. */
    static JsonNode data(InboundRequest request) throws WebhookException {
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw WebhookException.badRequest("body", "not a Telnyx event: a JSON object with data.event_type is expected"
                    + " (set the messaging profile's webhook API version to 2)");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw WebhookException.badRequest("data", "the event has no data object");
        }
        if (text(data, "event_type").isEmpty()) {
            throw WebhookException.badRequest("data.event_type", "the event type is missing");
        }
        return data;
    }

    /** The event's {@code data.payload} object. */
    static JsonNode payload(JsonNode data) throws WebhookException {
        JsonNode payload = data.get("payload");
        if (payload == null || !payload.isObject()) {
            throw WebhookException.badRequest("data.payload", "the event has no payload object");
        }
        return payload;
    }

    /** The string member {@code name} of {@code node}, stripped; {@code ""} when it is missing, null or not a string. */
    static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value != null && value.isTextual() ? value.textValue().strip() : "";
    }

    /** The message's id from {@code data.payload.id}, refused when it could not be one. */
    static String messageId(JsonNode payload, boolean required) throws WebhookException {
        String id = text(payload, "id");
        if (id.isEmpty()) {
            if (required) {
                throw WebhookException.badRequest("data.payload.id", "the message id is missing");
            }
            return null;
        }
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw WebhookException.badRequest("data.payload.id", "not a message id (at most " + MAX_ID_LENGTH + " characters, no control characters)");
        }
        return id;
    }

    /** The first recipient, {@code data.payload.to[0]}: Telnyx sends one event per recipient. */
    static JsonNode firstRecipient(JsonNode payload) throws WebhookException {
        JsonNode to = payload.get("to");
        if (to == null || !to.isArray() || to.isEmpty() || !to.get(0).isObject()) {
            throw WebhookException.badRequest("data.payload.to", "the recipient list is missing or empty");
        }
        return to.get(0);
    }
}
