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
     * The body's fields: a form decoded, or the members of a JSON object as text (an array or object as its JSON, and
     * each element of an array also as {@code name[0]}, {@code name[1]}, …); empty for another body.
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
        } else if (type.startsWith("application/json")) {
            try {
                JsonNode root = JSON.readTree(body);
                for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> member = it.next();
                    fields.put(member.getKey(), member.getValue().isValueNode() ? member.getValue().asText() : member.getValue().toString());
                    if (member.getValue().isArray()) {
                        // A list-valued field (Bandwidth's "to": ["+1..."]) also gives each element, for wireFields("to[0]", ...).
                        for (int i = 0; i < member.getValue().size(); i++) {
                            JsonNode element = member.getValue().get(i);
                            fields.put(member.getKey() + "[" + i + "]", element.isValueNode() ? element.asText() : element.toString());
                        }
                    }
                }
            } catch (IOException e) {
                throw new AssertionError("the body says it is JSON but is not: " + bodyText(), e);
            }
        }
        return fields;
    }
}
