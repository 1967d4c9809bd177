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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code key_to}, {@code key_from} and {@code key_body} from a webhook, each from the shallowest place it
 * appears, so that nothing inside the text of a message can set its envelope:
 * <ol>
 *   <li>the request's own parameters (query, then body fields; the last value of a name counting, as in PHP);</li>
 *   <li>for a key missing there, the members of a parameter whose value is a JSON object or array, decoded once
 *       (Zadarma's {@code result}, a generic {@code data={…}} field), breadth first: the shallowest member wins,
 *       the last one at that depth counting.</li>
 * </ol>
 * The value taken as the body is never decoded, nor is any string found inside JSON: a text that is itself JSON
 * arrives as sent. (The original walked into every JSON value at any depth, so such a text could set the numbers:
 * a deliberate difference.) A missing body is an empty message. Unlike the original, numbers are checked, since
 * they end up in an Asterisk call file: the destination must be digits with an optional leading {@code +}; the
 * sender may also be an alphanumeric sender name.
 */
public final class GenericWebhookParser implements WebhookParser {

    /** Made on first use, so that a one-shot send (which loads this provider) does not pay for Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private enum Field { TO, FROM, BODY }

    @Override
    public Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String keyTo = config.value("key_to");
        String keyFrom = config.value("key_from");
        String keyBody = config.value("key_body");
        String[] found = new String[Field.values().length];
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            List<String> values = parameter.getValue();
            if (!values.isEmpty()) {
                match(parameter.getKey(), values.get(values.size() - 1), keyTo, keyFrom, keyBody, found);
            }
        }
        if (found[Field.TO.ordinal()] == null || found[Field.FROM.ordinal()] == null || found[Field.BODY.ordinal()] == null) {
            List<JsonNode> level = new ArrayList<>();
            for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
                if (parameter.getKey().equals(keyBody) || parameter.getKey().equals(keyTo) || parameter.getKey().equals(keyFrom)) {
                    continue; // a value taken as a field is never read as a container of fields
                }
                for (String value : parameter.getValue()) {
                    JsonNode parsed = parseJson(value);
                    if (parsed != null) {
                        level.add(parsed);
                    }
                }
            }
            fillFromJson(level, keyTo, keyFrom, keyBody, found);
        }
        String to = found[Field.TO.ordinal()];
        String from = found[Field.FROM.ordinal()];
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
        String body = found[Field.BODY.ordinal()];
        return Message.builder().to(to).from(from).body(body == null ? "" : body).build();
    }

    /**
     * Breadth first through decoded JSON: a key still missing takes the last value it has at the shallowest depth
     * where it appears. Members named like a field are values, not containers: nothing below them is read.
     */
    private static void fillFromJson(List<JsonNode> level, String keyTo, String keyFrom, String keyBody, String[] found) {
        while (!level.isEmpty()) {
            String[] atThisDepth = new String[found.length];
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : level) {
                if (node.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> member = it.next();
                        JsonNode value = member.getValue();
                        String key = member.getKey();
                        boolean named = key.equals(keyTo) || key.equals(keyFrom) || key.equals(keyBody);
                        if (named && value.isValueNode() && !value.isNull()) {
                            match(key, value.asText(), keyTo, keyFrom, keyBody, atThisDepth);
                        } else if (named && value.isContainerNode() && key.equals(keyBody)) {
                            match(key, value.toString(), keyTo, keyFrom, keyBody, atThisDepth);
                        } else if (!named && value.isContainerNode()) {
                            next.add(value);
                        }
                    }
                } else if (node.isArray()) {
                    node.forEach(next::add);
                }
            }
            for (int i = 0; i < found.length; i++) {
                if (found[i] == null) {
                    found[i] = atThisDepth[i];
                }
            }
            if (found[0] != null && found[1] != null && found[2] != null) {
                return;
            }
            level = next;
        }
    }

    /** The parsed value when {@code value} is a JSON object or array that PHP's {@code empty()} would not call empty, else null. */
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

    private static void match(String key, String value, String keyTo, String keyFrom, String keyBody, String[] found) {
        if (key.equals(keyTo)) {
            found[Field.TO.ordinal()] = value.strip();
        }
        if (key.equals(keyFrom)) {
            found[Field.FROM.ordinal()] = value.strip();
        }
        if (key.equals(keyBody)) {
            found[Field.BODY.ordinal()] = value;
        }
    }
}
