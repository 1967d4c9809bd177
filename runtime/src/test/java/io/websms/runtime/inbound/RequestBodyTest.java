package io.websms.runtime.inbound;

import io.websms.api.Headers;
import io.websms.runtime.config.CidrList;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestBodyTest {

    @Test
    void formFieldsAreDecodedAsPhpDecodesThem() {
        assertEquals(List.of(Map.entry("To", "+1"), Map.entry("Body", "a b+c"), Map.entry("flag", "")),
                RequestBody.fields("application/x-www-form-urlencoded; charset=UTF-8", "To=%2B1&Body=a+b%2Bc&flag".getBytes(StandardCharsets.UTF_8)));
        assertEquals("the form is not URL-encoded correctly (URLDecoder: Incomplete trailing escape (%) pattern)",
                assertThrows(IllegalArgumentException.class, () -> RequestBody.form("Body=100%")).getMessage());
    }

    @Test
    void onlyStrictJsonInUtf8IsRead() {
        assertEquals("the body is not valid JSON (Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`)",
                assertThrows(IllegalArgumentException.class, () -> RequestBody.fields("application/json",
                        "{\"To\":\"+1\"}{\"To\":\"+2\"}".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestBody.fields("application/json", "{\"To\":\"+1\"} garbage".getBytes(StandardCharsets.UTF_8)));
        assertEquals("the JSON body is not UTF-8", assertThrows(IllegalArgumentException.class,
                () -> RequestBody.fields("application/json", "{\"To\":\"+1\"}".getBytes(StandardCharsets.UTF_16))).getMessage());
        assertEquals(List.of(Map.entry("n", "1E+400"), Map.entry("nested", "{\"m\":-1E+400}")),
                RequestBody.fields("application/json", "{\"n\":1e400,\"nested\":{\"m\":-1e400}}".getBytes(StandardCharsets.UTF_8)),
                "a number beyond a double keeps its value, not Infinity");
    }

    @Test
    void jsonMembersAreTextAndNestedValuesTheirJson() {
        assertEquals(List.of(Map.entry("To", "+1"), Map.entry("n", "5"), Map.entry("result", "{\"text\":\"hi\"}")),
                RequestBody.fields("application/json", "{\"To\":\"+1\",\"n\":5,\"skip\":null,\"result\":{\"text\":\"hi\"}}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), RequestBody.fields("application/json", "[{\"type\":\"message-received\"}]".getBytes(StandardCharsets.UTF_8)),
                "an array of events (Bandwidth's) has no fields: the provider reads the body");
        assertEquals("the JSON body is neither an object nor an array",
                assertThrows(IllegalArgumentException.class, () -> RequestBody.fields("application/json", "1".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> RequestBody.fields("application/json", "[1] [2]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void multipartPartsAreReadByName() {
        String body = "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"To\"\r\n\r\n+1\r\n"
                + "--XyZ\r\ncontent-disposition: form-data; name=Body; filename=\"b.txt\"\r\nContent-Type: text/plain\r\n\r\nline\r\n--not the end\r\n"
                + "--XyZ--\r\nepilogue";
        assertEquals(List.of(Map.entry("To", "+1"), Map.entry("Body", "line\r\n--not the end")),
                RequestBody.fields("multipart/form-data; boundary=\"XyZ\"", body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("the multipart body is not closed", assertThrows(IllegalArgumentException.class,
                () -> RequestBody.fields("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=a\r\n\r\nopen".getBytes(StandardCharsets.UTF_8))).getMessage());
        assertEquals("the multipart content type has no boundary", assertThrows(IllegalArgumentException.class,
                () -> RequestBody.fields("multipart/form-data", "x".getBytes(StandardCharsets.UTF_8))).getMessage());
    }

    @Test
    void otherBodiesHaveNoFields() {
        assertEquals(List.of(), RequestBody.fields("text/plain", "To=%2B1".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(), RequestBody.fields("", "To=%2B1".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void clientAddressFollowsOnlyTrustedProxies() throws Exception {
        ClientAddress resolver = new ClientAddress(CidrList.parse("10.0.0.0/8,::1"), "HTTP_X_FORWARDED_FOR");
        InetAddress proxy = InetAddress.getByName("10.0.0.5");
        assertEquals(Optional.of(InetAddress.getByName("198.51.100.7")),
                resolver.resolve(proxy, headers("X-Forwarded-For", "203.0.113.1, 198.51.100.7, 10.0.0.9")));
        assertEquals(Optional.of(InetAddress.getByName("2001:db8::1")), resolver.resolve(InetAddress.getByName("::1"), headers("x-forwarded-for", "[2001:db8::1]:443")));
        assertEquals(Optional.of(InetAddress.getByName("192.0.2.1")), resolver.resolve(proxy, headers("X-Forwarded-For", "192.0.2.1:5060")));
        assertEquals(Optional.empty(), resolver.resolve(proxy, headers("X-Forwarded-For", "evil.example.com")), "a name is never looked up");
        assertEquals(Optional.of(proxy), resolver.resolve(proxy, Headers.empty()), "no header: the proxy itself");
        InetAddress stranger = InetAddress.getByName("192.0.2.50");
        assertEquals(Optional.of(stranger), resolver.resolve(stranger, headers("X-Forwarded-For", "10.0.0.1")), "an untrusted peer's header is ignored");
        assertEquals("X-REAL-IP", ClientAddress.headerName("HTTP_X_REAL_IP"), "PHP's name of a header; names compare without case");
        assertEquals("X-Forwarded-For", ClientAddress.headerName("X-Forwarded-For"));
    }

    private static Headers headers(String name, String value) {
        return Headers.of(List.of(new Headers.Field(name, value)));
    }
}
