package io.websms.conformance;

import io.websms.api.OutboundRequest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fake ITSP gets a request as websms's transport sends it, so that the kit checks what goes on the wire. */
class FakeItspTest {

    @Test
    void aGetCarriesItsFieldsAsTheQueryStringAndNoBody() throws Exception {
        try (FakeItsp itsp = new FakeItsp()) {
            OutboundRequest get = OutboundRequest.builder(URI.create(itsp.baseUrl() + "/api/v1/rest.php?v=1")).method("GET")
                    .field("method", "sendSMS").field("message", "Hi ü 😀 & more").build();
            CapturedRequest seen = itsp.exchange(get, 200, "{}").request();
            assertEquals("GET", seen.method());
            assertEquals("/api/v1/rest.php?v=1&message=Hi+%C3%BC+%F0%9F%98%80+%26+more&method=sendSMS", seen.target());
            assertEquals(0, seen.body().length, "a GET has no body");
            assertEquals("", seen.header("Content-Type"));
            assertEquals(Map.of("v", "1", "message", "Hi ü 😀 & more", "method", "sendSMS"), seen.fields());
        }
    }

    @Test
    void aPostCarriesItsFieldsAsTheBody() throws Exception {
        try (FakeItsp itsp = new FakeItsp()) {
            OutboundRequest post = OutboundRequest.builder(URI.create(itsp.baseUrl() + "/a1/sms")).field("to", "+46700000000").build();
            CapturedRequest seen = itsp.exchange(post, 200, "{}").request();
            assertEquals("/a1/sms", seen.target());
            assertEquals("to=%2B46700000000", seen.bodyText());
            assertEquals(Map.of("to", "+46700000000"), seen.fields());
        }
    }
}
