package io.websms.conformance;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the kit reads out of the bodies the fake ITSP records. */
class CapturedRequestTest {

    private static CapturedRequest post(String contentType, String body) {
        return new CapturedRequest("POST", "/", Map.of("content-type", List.of(contentType)), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aJsonApiBodyGivesItsNestedMembersByPath() {
        // The shape of Flowroute's v2.1 send request (JSON:API, application/vnd.api+json).
        CapturedRequest request = post("application/vnd.api+json", "{\"data\":{\"type\":\"message\",\"attributes\":"
                + "{\"to\":\"46701234567\",\"body\":\"Hi ü\",\"is_mms\":true,\"media_urls\":[\"https://a.example/1.jpg\",\"https://a.example/2.png\"]}}}");
        Map<String, String> fields = request.fields();
        assertEquals("46701234567", fields.get("data.attributes.to"));
        assertEquals("Hi ü", fields.get("data.attributes.body"));
        assertEquals("true", fields.get("data.attributes.is_mms"));
        assertEquals("https://a.example/2.png", fields.get("data.attributes.media_urls[1]"));
        assertEquals("[\"https://a.example/1.jpg\",\"https://a.example/2.png\"]", fields.get("data.attributes.media_urls"));
        assertEquals("message", fields.get("data.type"));
    }

    @Test
    void aFlatJsonBodyReadsAsBeforeAndATopLevelMemberIsNeverShadowed() {
        Map<String, String> fields = post("application/json; charset=utf-8", "{\"to\":\"+1\",\"a.b\":\"top\",\"a\":{\"b\":\"nested\"}}").fields();
        assertEquals("+1", fields.get("to"));
        assertEquals("top", fields.get("a.b"), "a member named with a dot stays what the body says");
        assertEquals("{\"b\":\"nested\"}", fields.get("a"));
    }

    @Test
    void anotherBodyHasNoFields() {
        assertEquals(Map.of(), post("text/plain", "{\"to\":\"+1\"}").fields());
    }

    @Test
    void aJsonArrayGivesItsElementsByIndexBesidesItsJson() {
        // Bandwidth's send request: "to" is a list, which wireFields names as to[0].
        Map<String, String> fields = post("application/json; charset=utf-8",
                "{\"to\":[\"+12345678902\",\"+12345678903\"],\"from\":\"+12345678901\",\"media\":[{\"url\":\"https://example.com/a.png\"}]}").fields();
        assertEquals("[\"+12345678902\",\"+12345678903\"]", fields.get("to"));
        assertEquals("+12345678902", fields.get("to[0]"));
        assertEquals("+12345678903", fields.get("to[1]"));
        assertEquals("+12345678901", fields.get("from"));
        assertEquals("{\"url\":\"https://example.com/a.png\"}", fields.get("media[0]"));
        assertEquals("https://example.com/a.png", fields.get("media[0].url"));
        assertEquals(Map.of("to", "[]"), post("application/json", "{\"to\":[]}").fields());
    }
}
