package io.websms.conformance;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CapturedRequestTest {

    private static CapturedRequest json(String body) {
        return new CapturedRequest("POST", "/", Map.of("content-type", List.of("application/json; charset=utf-8")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aJsonArrayGivesItsElementsByIndexBesidesItsJson() {
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("to", "[\"+12345678902\",\"+12345678903\"]");
        expected.put("to[0]", "+12345678902");
        expected.put("to[1]", "+12345678903");
        expected.put("from", "+12345678901");
        expected.put("media", "[{\"url\":\"https://example.com/a.png\"}]");
        expected.put("media[0]", "{\"url\":\"https://example.com/a.png\"}");
        assertEquals(expected, json("{\"to\":[\"+12345678902\",\"+12345678903\"],\"from\":\"+12345678901\",\"media\":[{\"url\":\"https://example.com/a.png\"}]}").fields());
        assertEquals(Map.of("to", "[]"), json("{\"to\":[]}").fields());
    }
}
