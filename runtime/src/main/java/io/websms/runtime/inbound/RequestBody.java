package io.websms.runtime.inbound;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the fields of a webhook's body by its content type: a form ({@code application/x-www-form-urlencoded}),
 * {@code multipart/form-data}, or a JSON object ({@code application/json}, {@code …+json}); any other body, a JSON
 * array too, has no fields. A JSON member that is an object or an array is given as its JSON text, which the providers
 * read further.
 */
final class RequestBody {

    /** Strict: nothing after the value, and no number turned into Infinity (1e400 keeps its digits). */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RequestBody() {
    }

    /**
     * The body's fields, in order.
     *
     * @throws IllegalArgumentException saying what is malformed
     */
    static List<Map.Entry<String, String>> fields(String contentType, byte[] body) {
        String type = contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        String mediaType = (semicolon < 0 ? type : type.substring(0, semicolon)).strip();
        if (body.length == 0) {
            return List.of();
        }
        if (mediaType.equals("application/x-www-form-urlencoded")) {
            return form(new String(body, StandardCharsets.UTF_8));
        }
        if (mediaType.equals("multipart/form-data")) {
            return MultipartForm.parse(body, MultipartForm.boundary(contentType));
        }
        if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
            return json(body);
        }
        return List.of();
    }

    /** {@code a=1&b=2}, decoded as PHP decodes a query or form ({@code +} is a space). */
    static List<Map.Entry<String, String>> form(String text) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (text.isEmpty()) {
            return fields;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            fields.add(Map.entry(name, value));
        }
        return fields;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the form is not URL-encoded correctly (" + e.getMessage() + ")");
        }
    }

    private static List<Map.Entry<String, String>> json(byte[] body) {
        JsonNode root;
        try {
            // JSON on the wire is UTF-8 (RFC 8259): decode it strictly first, since Jackson would guess UTF-16 or -32.
            String text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(body)).toString();
            root = JSON.readTree(text);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("the JSON body is not UTF-8");
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body cannot be read as JSON");
        }
        if (root != null && root.isArray()) {
            // An array of events (Bandwidth's callbacks) has no fields: the provider reads the body itself.
            return List.of();
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the JSON body is neither an object nor an array");
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            JsonNode value = member.getValue();
            if (value.isNull()) {
                continue;
            }
            fields.add(Map.entry(member.getKey(), value.isContainerNode() ? value.toString() : value.asText()));
        }
        return fields;
    }
}
