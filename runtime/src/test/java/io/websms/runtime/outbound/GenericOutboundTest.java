package io.websms.runtime.outbound;

import io.websms.api.InvalidMessageException;
import io.websms.api.Message;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generic provider end to end through the sender: the exact request MockWebServer records, as the original
 * put it on the wire, and how each kind of reply is judged.
 */
class GenericOutboundTest {

    /** A body with a space, an emoji (beyond U+FFFF), "~", "*", "+", "&", a quote and a newline. */
    static final String BODY = "Hi 😀 ~*+&\"ü\nbye";

    private static ProviderRegistry registry;
    private static final HttpTransport TRANSPORT = new HttpTransport();

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    @Test
    void basicAuthPostsTheSortedFormWithAnAuthorizationHeader() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"success\"}").build());
        SendResult result = send("""
                url_path = /api/v2/send
                auth_user = user
                auth_secret = "p@ss:w0rd"
                """, "+46701234567", "+15017122661", BODY);
        assertEquals(SendResult.Outcome.SENT, result.outcome());
        RecordedRequest request = take();
        assertEquals("POST", request.getMethod());
        assertEquals("/api/v2/send", request.getTarget());
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", request.getHeaders().get("Content-Type"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("user:p@ss:w0rd".getBytes(StandardCharsets.UTF_8)),
                request.getHeaders().get("Authorization"));
        assertNull(request.getHeaders().get("User-Agent"), "the original sent no User-Agent");
        assertEquals("Body=Hi+%F0%9F%98%80+%7E%2A%2B%26%22%C3%BC%0Abye&From=%2B15017122661&To=%2B46701234567", request.getBody().utf8());
    }

    @Test
    void plainAuthAddsTheCredentialsAsFieldsInSortOrder() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        send("""
                auth_method = plain
                key_user = api_user
                key_secret = api_key
                auth_user = me
                auth_secret = s3cret
                """, "+46701234567", "+15017122661", "hello");
        RecordedRequest request = take();
        assertNull(request.getHeaders().get("Authorization"));
        assertEquals("Body=hello&From=%2B15017122661&To=%2B46701234567&api_key=s3cret&api_user=me", request.getBody().utf8());
    }

    @Test
    void noAuthSendsNoCredentials() throws Exception {
        for (String method : new String[] {"auth_method = none", "auth_method = \"none\"", "auth_user = u\nauth_secret = s\nauth_method = basic\nauth_method = none"}) {
            itsp.enqueue(new MockResponse.Builder().code(200).build());
            send(method + "\n", "+46701234567", "+15017122661", "hello");
            RecordedRequest request = take();
            assertNull(request.getHeaders().get("Authorization"), method);
            assertEquals("Body=hello&From=%2B15017122661&To=%2B46701234567", request.getBody().utf8(), method);
        }
    }

    @Test
    void zadarmaAuthSignsTheBodyAsZadarmaDocumentsIt() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"success\"}").build());
        send("""
                auth_method = zadarma
                url_path = /v1/sms/send/
                auth_user = KEY
                auth_secret = SECRET
                """, "+46701234567", "+15017122661", "Hi ~*");
        RecordedRequest request = take();
        String q = "Body=Hi+%7E%2A&From=%2B15017122661&To=%2B46701234567";
        assertEquals(q, request.getBody().utf8());
        assertEquals("KEY:" + Signatures.zadarma("SECRET", "/v1/sms/send/" + q + Signatures.md5Hex(q)), request.getHeaders().get("Authorization"));
    }

    @Test
    void e164DropsTheLeadingPlusAndDoubleZeroOfBothNumbers() throws Exception {
        for (String form : new String[] {"E164", "e.164", "no+"}) {
            itsp.enqueue(new MockResponse.Builder().code(200).build());
            send("auth_method = none\nval_numform = " + form + "\n", "+0046701234567", "0015017122661", "x");
            assertEquals("Body=x&From=15017122661&To=46701234567", take().getBody().utf8(), form);
        }
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        send("auth_method = none\nval_numform = E164\n", "0701234567", "+15017122661", "x");
        assertEquals("Body=x&From=15017122661&To=0701234567", take().getBody().utf8(), "a national number is left as is");
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        send("auth_method = none\nval_numform = E.123\n", "+46701234567", "+15017122661", "x");
        assertEquals("Body=x&From=%2B15017122661&To=%2B46701234567", take().getBody().utf8(), "E.123 changes nothing");
    }

    @Test
    void staticFieldsAreAddedAndOverrideMessageFields() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        send("auth_method = none\nval_static = \"type=sms,From=ACME,a=b=c,junk,empty=\"\n", "+46701234567", "+15017122661", "x");
        assertEquals("Body=x&From=ACME&To=%2B46701234567&a=b&empty=&type=sms", take().getBody().utf8());
    }

    @Test
    void ucs2ReplacesCharactersBeyondTheBmp() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        send("auth_method = none\nval_unicode = UCS-2\n", "+46701234567", "+15017122661", "ok 😀 ü");
        assertEquals("Body=ok+%EF%BF%BD+%C3%BC&From=%2B15017122661&To=%2B46701234567", take().getBody().utf8());
    }

    @Test
    void aUnicodeFlagIsAddedOnlyWhenTheTextHasCharactersBeyondTheBmp() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        send("auth_method = none\nval_unicode = \"unicode=1\"\n", "+46701234567", "+15017122661", "emoji 😀");
        send("auth_method = none\nval_unicode = \"unicode=1\"\n", "+46701234567", "+15017122661", "plain ü");
        assertEquals("Body=emoji+%F0%9F%98%80&From=%2B15017122661&To=%2B46701234567&unicode=1", take().getBody().utf8());
        assertEquals("Body=plain+%C3%BC&From=%2B15017122661&To=%2B46701234567", take().getBody().utf8());
    }

    @Test
    void jsonBodyFormatSendsTheFieldsAsAJsonObject() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(202).build());
        send("auth_method = none\nbody_format = json\nkey_to = to\nkey_from = from\nkey_body = text\n", "+46701234567", "+15017122661", BODY);
        RecordedRequest request = take();
        assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
        assertEquals("{\"from\":\"+15017122661\",\"text\":\"Hi 😀 ~*+&\\\"ü\\nbye\",\"to\":\"+46701234567\"}", request.getBody().utf8());
    }

    @Test
    void anyTwoXxIsSentWithoutRespCheck() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(204).build());
        assertEquals(SendResult.Outcome.SENT, send("auth_method = none\n", "+1", "+2", "x").outcome());
        itsp.enqueue(new MockResponse.Builder().code(200).body("OK, queued").build());
        assertEquals(SendResult.Outcome.SENT, send("auth_method = none\n", "+1", "+2", "x").outcome(), "a plain-text reply");
    }

    @Test
    void aFourXxIsARejectionAndIsNotRetried() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(401).body("{\"message\":\"Bad credentials\"}").build());
        SendResult result = send("auth_method = none\nretry_delay = 0.01\n", "+1", "+2", "x");
        assertEquals(SendResult.rejected(401, "HTTP 401: Bad credentials"), result);
        assertEquals(1, itsp.getRequestCount());
    }

    @Test
    void aFiveXxIsATemporaryFailureRetriedWithBackoffEvenWithASuccessBody() throws Exception {
        for (int i = 0; i < 3; i++) {
            itsp.enqueue(new MockResponse.Builder().code(503).body("{\"status\":\"success\"}").build());
        }
        long start = System.nanoTime();
        SendResult result = send("auth_method = none\nresp_check = status=success\nretry_max = 2\nretry_delay = 0.05\n", "+1", "+2", "x");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(SendResult.Outcome.FAILED, result.outcome());
        assertEquals(503, result.status());
        assertEquals(3, itsp.getRequestCount(), "the first attempt and two retries");
        assertTrue(elapsedMs >= 150, "waited 50 ms, then 100 ms: " + elapsedMs);
    }

    @Test
    void aRetryThatSucceedsIsSent() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "0").build());
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        SendResult result = send("auth_method = none\nretry_delay = 0.01\n", "+1", "+2", "x");
        assertEquals(SendResult.Outcome.SENT, result.outcome());
        assertEquals(2, itsp.getRequestCount());
    }

    @Test
    void noReplyWithinTheReadTimeoutIsATemporaryFailure() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build());
        SendResult result = send("auth_method = none\ntimeout_read = 0.3\nretry_max = 0\n", "+1", "+2", "x");
        assertEquals(SendResult.Outcome.FAILED, result.outcome());
        assertEquals(0, result.status());
        assertTrue(result.reason().startsWith("no reply from the ITSP at http://127.0.0.1:" + itsp.getPort() + "/ within the timeout ("), result.reason());
        assertFalse(result.reason().contains("Exception"), "no Java class names: " + result.reason());
    }

    @Test
    void aRefusedConnectionIsATemporaryFailure() throws Exception {
        int port = itsp.getPort();
        itsp.close();
        SendResult result = sendTo("http://user:pw-secret@127.0.0.1:" + port, "url_path = /sms?key=key-secret\nauth_method = none\nretry_max = 1\nretry_delay = 0.01\n",
                "+1", "+2", "x");
        assertEquals(SendResult.Outcome.FAILED, result.outcome());
        assertEquals("no connection to the ITSP at http://127.0.0.1:" + port + "/sms?… (Connection refused)", result.reason(),
                "the address tried, without its credentials or query, and no Java class name");
    }

    @Test
    void respCheckFindsTheKeyAtAnyDepthAndComparesNumbersByTheirJsonText() throws Exception {
        String config = "auth_method = none\nresp_check = \"code=0\"\n";
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"result\":{\"code\":0,\"id\":\"m-1\"}}").build());
        assertEquals(SendResult.Outcome.SENT, send(config, "+1", "+2", "x").outcome(), "hit");
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"result\":{\"code\":7}}").build());
        assertEquals(SendResult.rejected(200, "the reply's code is 7, not 0: {\"result\":{\"code\":7}}"), send(config, "+1", "+2", "x"), "miss");
        itsp.enqueue(new MockResponse.Builder().code(200).body("<html>busy</html>").build());
        assertEquals(SendResult.rejected(200, "the reply is not JSON, so resp_check = code=0 cannot pass: <html>busy</html>"),
                send(config, "+1", "+2", "x"), "not JSON");
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"error\",\"message\":\"no money\"}").build());
        assertEquals(SendResult.rejected(200, "the reply's status is error, not success: no money"),
                send("auth_method = none\nresp_check = \"status=success\"\n", "+1", "+2", "x"), "the reason is the reply's message");
    }

    @Test
    void tlsCertificatesAreVerifiedUnlessTurnedOff() throws Exception {
        okhttp3.tls.HeldCertificate certificate = new okhttp3.tls.HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1").build();
        okhttp3.tls.HandshakeCertificates server = new okhttp3.tls.HandshakeCertificates.Builder().heldCertificate(certificate).build();
        itsp.close();
        try (MockWebServer tls = new MockWebServer()) {
            tls.useHttps(server.sslSocketFactory());
            tls.start(java.net.InetAddress.getLoopbackAddress(), 0);
            tls.enqueue(new MockResponse.Builder().code(200).build());
            String url = "https://127.0.0.1:" + tls.getPort();
            SendResult verified = sendTo(url, "auth_method = none\nretry_max = 0\n", "+1", "+2", "x");
            assertEquals(SendResult.Outcome.FAILED, verified.outcome(), "a self-signed certificate is refused");
            assertTrue(verified.reason().startsWith("no connection to the ITSP at " + url + "/ (TLS failed: "), verified.reason());
            assertFalse(verified.reason().contains("Exception"), "no Java class names: " + verified.reason());
            SendResult unverified = sendTo(url, "auth_method = none\nretry_max = 0\ntls_verify = no\n", "+1", "+2", "x");
            assertEquals(SendResult.Outcome.SENT, unverified.outcome(), unverified.toString());
        }
    }

    @Test
    void numbersAsPeopleWriteThemGoOutAsTheOriginalSentThem() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals(SendResult.Outcome.SENT, send("auth_method = none\n", "+1 (202) 555-0183", "+46 70-123 45 67", "x").outcome());
        assertEquals("Body=x&From=%2B46+70-123+45+67&To=%2B1+%28202%29+555-0183", take().getBody().utf8(), "separators kept, as the original");
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals(SendResult.Outcome.SENT, send("auth_method = none\nval_numform = E164\n", "00 46 70 123", "+1.202.555.0183", "x").outcome());
        assertEquals("Body=x&From=1.202.555.0183&To=+46+70+123", take().getBody().utf8(), "E164 removes only a leading + or 00");
        for (String bad : new String[] {"+46 70;123", "+1 202\n5550183", "+1 CALL ME", "--1", "()", "+1 202 555 0183 0000 0000 0000"}) {
            assertThrows(InvalidMessageException.class, () -> send("auth_method = none\n", bad, "+2", "x"), bad);
        }
        assertEquals(2, itsp.getRequestCount(), "no request for a number that is refused");
    }

    @Test
    void badNumbersAndEmptyBodiesAreRefusedWithoutARequest() throws Exception {
        assertEquals("to: '+4670abc' is not a phone number (digits, with an optional leading + and the separators space - . ( ))",
                assertThrows(InvalidMessageException.class, () -> send("auth_method = none\n", "+4670abc", "+2", "x")).getMessage());
        assertEquals("from: '+1\\u000a2' is not a phone number (digits, with an optional leading + and the separators space - . ( ))",
                assertThrows(InvalidMessageException.class, () -> send("auth_method = none\n", "+1", "+1\n2", "x")).getMessage());
        assertEquals("body: the message text is empty; nothing to send",
                assertThrows(InvalidMessageException.class, () -> send("auth_method = none\n", "+1", "+2", "")).getMessage());
        assertEquals(0, itsp.getRequestCount());
    }

    private SendResult send(String websms, String to, String from, String body) throws Exception {
        return sendTo("http://127.0.0.1:" + itsp.getPort(), websms, to, from, body);
    }

    private SendResult sendTo(String host, String websms, String to, String from, String body) throws Exception {
        String file = "[websms]\nurl_host = " + host + "\n" + websms;
        var config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        return new Outbound(config, registry, TRANSPORT).send("", Message.of(to, from, body));
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("the ITSP got no request");
        }
        return request;
    }
}
