package io.websms.provider.generic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.Message;
import io.websms.api.PhoneNumbers;
import io.websms.api.WebhookException;
import io.websms.api.WebhookParser;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a webhook the way the original did: every parameter whose value is non-empty JSON is replaced by what it
 * parses to, and {@code key_to}, {@code key_from} and {@code key_body} are then found at any depth (Zadarma sends
 * its data as a JSON string in its {@code result} field), the last occurrence counting. A missing body is an empty
 * message. Unlike the original, numbers are checked, since they end up in an Asterisk call file: the destination
 * must be digits with an optional leading {@code +}; the sender may also be an alphanumeric sender name.
 */
public final class GenericWebhookParser implements WebhookParser {

    /** Made on first use, so that a one-shot send (which loads this provider) does not pay for Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String keyTo = config.value("key_to");
        String keyFrom = config.value("key_from");
        String keyBody = config.value("key_body");
        Map<String, String> found = new HashMap<>();
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            for (String value : parameter.getValue()) {
                JsonNode parsed = parseJson(value);
                if (parsed != null) {
                    walk(parsed, keyTo, keyFrom, keyBody, found);
                } else {
                    match(parameter.getKey(), value, keyTo, keyFrom, keyBody, found);
                }
            }
        }
        String to = found.get("to");
        String from = found.get("from");
        if (to == null || to.isBlank()) {
            throw WebhookException.badRequest(keyTo, "the destination number is missing");
        }
        if (from == null || from.isBlank()) {
            throw WebhookException.badRequest(keyFrom, "the sender is missing");
        }
        if (!PhoneNumbers.isNumber(to)) {
            throw WebhookException.badRequest(keyTo, "not a phone number (digits with an optional leading +)");
        }
        if (!PhoneNumbers.isSender(from)) {
            throw WebhookException.badRequest(keyFrom, "not a phone number or sender name");
        }
        return Message.builder().to(to).from(from).body(found.getOrDefault("body", "")).build();
    }

    /** The parsed value when {@code value} is JSON that PHP's {@code empty()} would not call empty, else null. */
    private static JsonNode parseJson(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || !(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null; // scalars parse to themselves: nothing to walk
        }
        try {
            JsonNode node = Json.MAPPER.readTree(trimmed);
            return node != null && node.isContainerNode() && !node.isEmpty() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void walk(JsonNode node, String keyTo, String keyFrom, String keyBody, Map<String, String> found) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                JsonNode value = member.getValue();
                if (value.isContainerNode()) {
                    walk(value, keyTo, keyFrom, keyBody, found);
                } else if (value.isTextual()) {
                    JsonNode inner = parseJson(value.textValue());
                    if (inner != null) {
                        walk(inner, keyTo, keyFrom, keyBody, found);
                    } else {
                        match(member.getKey(), value.textValue(), keyTo, keyFrom, keyBody, found);
                    }
                } else if (!value.isNull()) {
                    match(member.getKey(), value.asText(), keyTo, keyFrom, keyBody, found);
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, keyTo, keyFrom, keyBody, found);
            }
        }
    }

    private static void match(String key, String value, String keyTo, String keyFrom, String keyBody, Map<String, String> found) {
        if (key.equals(keyTo)) {
            found.put("to", value.strip());
        }
        if (key.equals(keyFrom)) {
            found.put("from", value.strip());
        }
        if (key.equals(keyBody)) {
            found.put("body", value);
        }
    }
}
