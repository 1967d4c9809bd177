package io.websms.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the fake ITSP received it.
 *
 * @param method  the HTTP method
 * @param target  the path and query
 * @param headers the header fields, names in lower case
 * @param body    the body's bytes
 */
public record CapturedRequest(String method, String target, Map<String, List<String>> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The first value of header {@code name}, or {@code ""}. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body's fields: a form decoded, or the members of a JSON object as text ({@code application/json} or any
     * {@code …+json} type, such as JSON:API's {@code application/vnd.api+json}); empty for another body. A member
     * inside an object or array is also there under its path, as the generic provider's JSON keys write it
     * ({@code data.attributes.to}, {@code media_urls[0]}), so that a profile's {@code wireFields} can name a field of a
     * nested body.
     *
     * @throws AssertionError when the body is not what its content type says
     */
    public Map<String, String> fields() {
        String type = header("Content-Type").toLowerCase(Locale.ROOT);
        Map<String, String> fields = new LinkedHashMap<>();
        if (type.startsWith("application/x-www-form-urlencoded")) {
            for (String pair : bodyText().split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        } else if (type.startsWith("application/json") || type.split(";")[0].strip().endsWith("+json")) {
            try {
                JsonNode root = JSON.readTree(body);
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    fields.put(member.getKey(), member.getValue().isValueNode() ? member.getValue().asText() : member.getValue().toString());
                }
                nested("", root, fields);
            } catch (IOException e) {
                throw new AssertionError("the body says it is JSON but is not: " + bodyText(), e);
            }
        }
        return fields;
    }

    /** Adds each member below the top level under its path ({@code prefix.name}, {@code prefix[i]}), keeping those already there. */
    private static void nested(String prefix, JsonNode node, Map<String, String> fields) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String path = prefix.isEmpty() ? member.getKey() : prefix + "." + member.getKey();
                put(path, member.getValue(), fields);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                put(prefix + "[" + i + "]", node.get(i), fields);
            }
        }
    }

    private static void put(String path, JsonNode value, Map<String, String> fields) {
        fields.putIfAbsent(path, value.isValueNode() ? value.asText() : value.toString());
        nested(path, value, fields);
    }
}
