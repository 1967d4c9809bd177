package io.websms.provider.generic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.websms.api.InboundRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds named fields in a webhook, each from the shallowest place it appears, so that nothing inside a value (the
 * text of a message) can set another field:
 * <ol>
 *   <li>the request's own parameters (query, then body fields; the last value of a name counting, as in PHP);</li>
 *   <li>for a name missing there, the members of a parameter whose value is a JSON object or array, decoded once
 *       (Zadarma's {@code result}, a generic {@code data={…}} field), breadth first: the shallowest member wins,
 *       the last one at that depth counting.</li>
 * </ol>
 * A parameter or member that has one of the names is a value, never a container: nothing below it is read. No string
 * found inside JSON is decoded again. Values are returned as found, not stripped.
 */
final class ShallowestFields {

    /** Made on first use, so that a one-shot send (which loads this provider) does not pay for Jackson. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private ShallowestFields() {
    }

    /**
     * The value of each of {@code names}, at the same index, or null where it is nowhere. A JSON member named
     * {@code textName} whose value is an object or array is taken as its JSON text (a message body that is JSON);
     * other named members must be scalars. {@code textName} may be null.
     */
    static String[] find(InboundRequest request, List<String> names, String textName) {
        String[] found = new String[names.size()];
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            List<String> values = parameter.getValue();
            if (!values.isEmpty()) {
                match(parameter.getKey(), values.get(values.size() - 1), names, found);
            }
        }
        if (allFound(found)) {
            return found;
        }
        for (int i = 0; i < found.length; i++) {
            if (found[i] == null && isPath(names.get(i))) {
                found[i] = atPath(request, names.get(i), names.get(i).equals(textName));
            }
        }
        if (allFound(found)) {
            return found;
        }
        List<JsonNode> level = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            if (names.contains(parameter.getKey())) {
                continue; // a value taken as a field is never read as a container of fields
            }
            for (String value : parameter.getValue()) {
                JsonNode parsed = parseJson(value);
                if (parsed != null) {
                    level.add(parsed);
                }
            }
        }
        fillFromJson(level, names, textName, found);
        return found;
    }

    /**
     * Breadth first through decoded JSON: a name still missing takes the last value it has at the shallowest depth
     * where it appears.
     */
    private static void fillFromJson(List<JsonNode> level, List<String> names, String textName, String[] found) {
        while (!level.isEmpty()) {
            String[] atThisDepth = new String[found.length];
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : level) {
                if (node.isObject()) {
                    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> member = it.next();
                        JsonNode value = member.getValue();
                        String key = member.getKey();
                        boolean named = names.contains(key);
                        if (named && value.isValueNode() && !value.isNull()) {
                            match(key, value.asText(), names, atThisDepth);
                        } else if (named && value.isContainerNode() && key.equals(textName)) {
                            match(key, value.toString(), names, atThisDepth);
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
            if (allFound(found)) {
                return;
            }
            level = next;
        }
    }

    /** Whether a key names a path into JSON ({@code data.payload.to[0].phone_number}) rather than a field. */
    static boolean isPath(String name) {
        return name != null && (name.indexOf('.') > 0 || name.indexOf('[') > 0);
    }

    /**
     * The value at {@code path}: its first step names a request parameter, whose value is JSON (a JSON body's member
     * is one), and each next step a member ({@code .name}) or an element ({@code [0]}) below it. Null when the path
     * leads nowhere, or to a container (unless {@code text}: a message body that is JSON is taken as its text).
     */
    private static String atPath(InboundRequest request, String path, boolean text) {
        List<String> steps = new ArrayList<>();
        for (String part : path.split("\\.")) {
            int bracket = part.indexOf('[');
            steps.add(bracket < 0 ? part : part.substring(0, bracket));
            while (bracket >= 0) {
                int close = part.indexOf(']', bracket);
                if (close < 0) {
                    return null;
                }
                steps.add(part.substring(bracket, close + 1));
                bracket = part.indexOf('[', close);
            }
        }
        List<String> values = request.parameters().get(steps.get(0));
        if (values == null || values.isEmpty()) {
            return null;
        }
        JsonNode node = parseJson(values.get(values.size() - 1));
        for (String step : steps.subList(1, steps.size())) {
            if (node == null) {
                return null;
            }
            if (step.startsWith("[")) {
                String digits = step.substring(1, step.length() - 1);
                node = digits.matches("\\d{1,6}") && node.isArray() ? node.get(Integer.parseInt(digits)) : null;
            } else if (!step.isEmpty()) {
                node = node.isObject() ? node.get(step) : null;
            }
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : text ? node.toString() : null;
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

    private static void match(String key, String value, List<String> names, String[] found) {
        for (int i = 0; i < found.length; i++) {
            if (key.equals(names.get(i))) {
                found[i] = value;
            }
        }
    }

    private static boolean allFound(String[] found) {
        for (String value : found) {
            if (value == null) {
                return false;
            }
        }
        return true;
    }
}
