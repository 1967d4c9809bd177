package io.websms.provider.bandwidth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InboundRequest;
import io.websms.api.WebhookException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads Bandwidth's callbacks: a JSON array of events, each with {@code type}, {@code time}, {@code description},
 * {@code to} and the {@code message} it is about.
 */
final class BandwidthEvents {

    static final ObjectMapper JSON = new ObjectMapper();

    static final String RECEIVED = "message-received";

    /** Longest id accepted: Bandwidth's are about 29 characters. */
    private static final int MAX_ID_LENGTH = 256;

    private BandwidthEvents() {
    }

    /**
     * The events of a callback, in order. Bandwidth always sends an array; a lone event object is taken as an array of
     * one, as its 2FA platform sends it.
     */
    static List<JsonNode> events(InboundRequest request) throws WebhookException {
        JsonNode root;
        try {
            root = JSON.readTree(request.body());
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !(root.isArray() || root.isObject())) {
            throw WebhookException.badRequest("body", "not a Bandwidth callback: a JSON array of events is expected");
        }
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode event : root.isArray() ? root : List.of(root)) {
            int index = events.size();
            if (!event.isObject()) {
                throw WebhookException.badRequest("[" + index + "]", "not an event object");
            }
            if (text(event, "type").isEmpty()) {
                throw WebhookException.badRequest("[" + index + "].type", "the event type is missing");
            }
            JsonNode message = event.get("message");
            if (message == null || !message.isObject()) {
                throw WebhookException.badRequest("[" + index + "].message", "the event has no message object");
            }
            events.add(event);
        }
        return events;
    }

    /** The string member {@code name} of {@code node}, stripped; {@code ""} when it is missing, null or not a string. */
    static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        return value != null && value.isTextual() ? value.textValue().strip() : "";
    }

    /** The id of the event's message, {@code message.id}; refused when it could not be one. */
    static String messageId(JsonNode event, int index, boolean required) throws WebhookException {
        String field = "[" + index + "].message.id";
        String id = text(event.get("message"), "id");
        if (id.isEmpty()) {
            if (required) {
                throw WebhookException.badRequest(field, "the message id is missing");
            }
            return null;
        }
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(c -> Character.isISOControl(c) || c == '\u2028' || c == '\u2029')) {
            throw WebhookException.badRequest(field, "not a message id (at most " + MAX_ID_LENGTH + " characters, no control characters)");
        }
        return id;
    }
}
