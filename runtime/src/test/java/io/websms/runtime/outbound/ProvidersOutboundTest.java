package io.websms.runtime.outbound;

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
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The zadarma and twilio-like providers through the real sender; the ITSP is MockWebServer. */
class ProvidersOutboundTest {

    /** Spaces, "~", "*", "+" and UTF-8: the characters form encodings disagree on. */
    static final String BODY = "Hi there ~*+ ü 😀";

    private static ProviderRegistry registry;
    private static final HttpTransport TRANSPORT = new HttpTransport();

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    @Test
    void zadarmaPostsTheSignedSortedFormToItsSendPath() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"success\",\"messages\":1,\"cost\":0.24}").build());
        SendResult result = send("provider = zadarma\nauth_user = a1b2c3\nauth_secret = s3cr3t\n", "+46701234567", "+15017122661");
        assertEquals(SendResult.Outcome.SENT, result.outcome());
        RecordedRequest request = take();
        assertEquals("/v1/sms/send/", request.getTarget());
        String q = "caller_id=15017122661&message=Hi+there+%7E%2A%2B+%C3%BC+%F0%9F%98%80&number=46701234567";
        assertEquals(q, request.getBody().utf8(), "digits only, sorted, encoded as http_build_query");
        assertEquals("a1b2c3:" + Signatures.zadarma("s3cr3t", "/v1/sms/send/" + q + Signatures.md5Hex(q)), request.getHeaders().get("Authorization"));
    }

    @Test
    void zadarmaErrorsCarryItsMessage() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"error\",\"message\":\"Not enough money\"}").build());
        assertEquals(SendResult.rejected(200, "the reply's status is error, not success: Not enough money"),
                send("provider = zadarma\nauth_user = k\nauth_secret = s\n", "+46701234567", "+15017122661"));
        itsp.enqueue(new MockResponse.Builder().code(401).body("{\"status\":\"error\",\"message\":\"Not authorized\"}").build());
        assertEquals(SendResult.rejected(401, "HTTP 401: Not authorized"), send("provider = zadarma\nauth_user = k\nauth_secret = s\n", "+46701234567", "+15017122661"));
    }

    @Test
    void twilioLikePostsToTheAccountsMessagesResourceWithBasicAuth() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(201).body("{\"sid\":\"SM123\",\"status\":\"queued\"}").build());
        SendResult result = send("provider = twilio-like\nauth_user = AC0123456789\nauth_secret = token\n", "0046701234567", "+15017122661");
        assertEquals(SendResult.sent(201, "SM123"), result);
        RecordedRequest request = take();
        assertEquals("/2010-04-01/Accounts/AC0123456789/Messages.json", request.getTarget());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("AC0123456789:token".getBytes(StandardCharsets.UTF_8)), request.getHeaders().get("Authorization"));
        assertEquals("Body=Hi+there+%7E%2A%2B+%C3%BC+%F0%9F%98%80&From=%2B15017122661&To=%2B46701234567", request.getBody().utf8());
    }

    @Test
    void twilioLikeWithStatusUrlAsksForStatusCallbacksThereOnEverySend() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(201).body("{\"sid\":\"SM124\",\"status\":\"queued\"}").build());
        send("provider = twilio-like\nauth_user = AC0123456789\nauth_secret = token\nstatus_url = https://pbx.example.com/status/twilio?iface=1\n",
                "+46701234567", "+15017122661");
        assertEquals("Body=Hi+there+%7E%2A%2B+%C3%BC+%F0%9F%98%80&From=%2B15017122661"
                + "&StatusCallback=https%3A%2F%2Fpbx.example.com%2Fstatus%2Ftwilio%3Fiface%3D1&To=%2B46701234567", take().getBody().utf8());
    }

    @Test
    void twilioLikeErrorsCarryCodeAndMessage() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(400).body("{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\",\"status\":400}").build());
        assertEquals(SendResult.rejected(400, "HTTP 400: 21211 The 'To' number is not a valid phone number."),
                send("provider = twilio-like\nauth_user = AC1\nauth_secret = t\n", "+46701234567", "+15017122661"));
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"sid\":\"SM9\",\"status\":\"failed\"}").build());
        assertEquals(SendResult.Outcome.REJECTED, send("provider = twilio-like\nauth_user = AC1\nauth_secret = t\n", "+46701234567", "+15017122661").outcome());
    }

    private SendResult send(String websms, String to, String from) throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 0\n" + websms;
        var config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        return new Outbound(config, registry, TRANSPORT).send("", Message.of(to, from, BODY));
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request, "the ITSP got no request");
        return request;
    }
}
