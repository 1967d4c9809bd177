package io.websms.conformance;

import io.websms.api.JsonException;
import io.websms.api.JsonView;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
     * The request's fields: for a {@code GET}, its query string decoded; else the body's, a form decoded or the
     * members of a JSON object as text (an array or object as its JSON, and each element of an array also as
     * {@code name[0]}, {@code name[1]}, …), and empty for another body.
     *
     * @throws AssertionError when the body is not what its content type says
     */
    public Map<String, String> fields() {
        String type = header("Content-Type").toLowerCase(Locale.ROOT);
        Map<String, String> fields = new LinkedHashMap<>();
        if (method.equals("GET")) {
            int query = target.indexOf('?');
            decodeForm(query < 0 ? "" : target.substring(query + 1), fields);
        } else if (type.startsWith("application/x-www-form-urlencoded")) {
            decodeForm(bodyText(), fields);
        } else if (type.startsWith("application/json")) {
            try {
                // A container, or null, as its JSON text.
                JsonView.parse(body).members().forEach((name, value) -> {
                    fields.put(name, value.text().orElse(value.toJson()));
                    // A list-valued field (Bandwidth's "to": ["+1..."]) also gives each element, for wireFields("to[0]", ...).
                    List<JsonView> elements = value.elements();
                    for (int i = 0; i < elements.size(); i++) {
                        fields.put(name + "[" + i + "]", elements.get(i).text().orElse(elements.get(i).toJson()));
                    }
                });
            } catch (JsonException e) {
                throw new AssertionError("the body says it is JSON but is not (" + e.getMessage() + "): " + bodyText(), e);
            }
        }
        return fields;
    }

    private static void decodeForm(String form, Map<String, String> fields) {
        for (String pair : form.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                fields.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
    }
}
