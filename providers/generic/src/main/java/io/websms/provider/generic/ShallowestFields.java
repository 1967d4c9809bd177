package io.websms.provider.generic;

import io.websms.api.InboundRequest;
import io.websms.api.JsonException;
import io.websms.api.JsonView;

import java.util.ArrayList;
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
 * found inside JSON is decoded again. Values are returned as found, not stripped. JSON is read with the api's
 * {@link JsonView}, strictly: a value with a member named twice is no JSON to read fields from.
 */
final class ShallowestFields {

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
        List<JsonView> level = new ArrayList<>();
        for (Map.Entry<String, List<String>> parameter : request.parameters().entrySet()) {
            if (names.contains(parameter.getKey())) {
                continue; // a value taken as a field is never read as a container of fields
            }
            for (String value : parameter.getValue()) {
                JsonView parsed = parseJson(value);
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
    private static void fillFromJson(List<JsonView> level, List<String> names, String textName, String[] found) {
        while (!level.isEmpty()) {
            String[] atThisDepth = new String[found.length];
            List<JsonView> next = new ArrayList<>();
            for (JsonView node : level) {
                for (Map.Entry<String, JsonView> member : node.members().entrySet()) {
                    JsonView value = member.getValue();
                    String key = member.getKey();
                    boolean named = names.contains(key);
                    boolean container = value.isObject() || value.isArray();
                    if (named && value.text().isPresent()) {
                        match(key, value.text().get(), names, atThisDepth);
                    } else if (named && container && key.equals(textName)) {
                        match(key, value.toJson(), names, atThisDepth);
                    } else if (!named && container) {
                        next.add(value);
                    }
                }
                next.addAll(node.elements());
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
     * is one), and the rest is a {@link JsonView#at(String) path} below it ({@code .name}, {@code [0]}). Null when the
     * path leads nowhere, or to a container (unless {@code text}: a message body that is JSON is taken as its text).
     */
    private static String atPath(InboundRequest request, String path, boolean text) {
        int end = 0;
        while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
            end++;
        }
        List<String> values = request.parameters().get(path.substring(0, end));
        JsonView node = values == null || values.isEmpty() ? null : parseJson(values.get(values.size() - 1));
        if (node == null) {
            return null;
        }
        try {
            node = node.at(path.startsWith(".", end) ? path.substring(end + 1) : path.substring(end));
        } catch (IllegalArgumentException e) {
            return null; // a malformed key_* path leads nowhere: the missing-field error names the key
        }
        if (node.isObject() || node.isArray()) {
            return text ? node.toJson() : null;
        }
        return node.text().orElse(null);
    }

    /** The parsed value when {@code value} is a JSON object or array that PHP's {@code empty()} would not call empty, else null. */
    private static JsonView parseJson(String value) {
        String trimmed = value.strip();
        if (trimmed.isEmpty() || !(trimmed.startsWith("{") || trimmed.startsWith("["))) {
            return null; // scalars parse to themselves: nothing to walk
        }
        try {
            JsonView node = JsonView.parse(trimmed);
            return node.members().isEmpty() && node.elements().isEmpty() ? null : node;
        } catch (JsonException e) {
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
