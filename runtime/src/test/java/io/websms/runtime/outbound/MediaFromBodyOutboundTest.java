package io.websms.runtime.outbound;

import io.websms.api.Message;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** media_from_body through the real sender: what each provider puts on the wire; the ITSP is MockWebServer. */
class MediaFromBodyOutboundTest {

    private static final String TEXT = "Look ü https://example.com/cat.jpg";
    private static ProviderRegistry registry;
    private static final HttpTransport TRANSPORT = new HttpTransport();

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    private WebsmsConfig config(String websms) throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 0\n" + websms;
        return new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
    }

    private SendResult send(String websms, String text) throws Exception {
        return new Outbound(config(websms), registry, TRANSPORT).send("", Message.of("+12025550183", "+15017122661", text));
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request, "the ITSP got no request");
        return request;
    }

    @Test
    void twilioLikeSendsTheLinkAsMediaUrl() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(201).body("{\"sid\":\"MM123\",\"status\":\"queued\"}").build());
        assertEquals(SendResult.sent(201, "MM123"), send("provider = twilio-like\nauth_user = AC1\nauth_secret = token\nmedia_from_body = yes\n", TEXT));
        RecordedRequest request = take();
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", request.getHeaders().get("Content-Type"));
        assertEquals("Body=Look+%C3%BC&From=%2B15017122661&MediaUrl=https%3A%2F%2Fexample.com%2Fcat.jpg&To=%2B12025550183", request.getBody().utf8());
    }

    @Test
    void signalWireSendsTheLinkAsMediaUrlToItsCompatibilityApi() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(201).body("{\"sid\":\"b3877c40\",\"status\":\"queued\"}").build());
        send("provider = signalwire\nauth_user = p1\nauth_secret = PTtoken\nmedia_from_body = yes\n", TEXT);
        RecordedRequest request = take();
        assertEquals("/api/laml/2010-04-01/Accounts/p1/Messages.json", request.getTarget());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("p1:PTtoken".getBytes(StandardCharsets.UTF_8)), request.getHeaders().get("Authorization"));
        assertEquals("Body=Look+%C3%BC&From=%2B15017122661&MediaUrl=https%3A%2F%2Fexample.com%2Fcat.jpg&To=%2B12025550183", request.getBody().utf8());
    }

    @Test
    void flowrouteSendsTheLinkAsMediaUrlsOfAnMms() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(202).addHeader("Content-Type", "application/vnd.api+json")
                .body("{\"data\":{\"links\":{\"self\":\"https://api.flowroute.com/v2.1/messages/mdr2-39ca\"},\"type\":\"message\",\"id\":\"mdr2-39ca\"}}").build());
        assertEquals(SendResult.sent(202, "mdr2-39ca"), send("provider = flowroute\nauth_user = 12345678\nauth_secret = secretkey\nmedia_from_body = yes\n", TEXT));
        RecordedRequest request = take();
        assertEquals("POST /v2.1/messages", request.getMethod() + " " + request.getTarget());
        assertEquals("application/vnd.api+json", request.getHeaders().get("Content-Type"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("12345678:secretkey".getBytes(StandardCharsets.UTF_8)), request.getHeaders().get("Authorization"));
        assertEquals("{\"data\":{\"type\":\"message\",\"attributes\":{\"to\":\"12025550183\",\"from\":\"15017122661\",\"body\":\"Look ü\","
                + "\"is_mms\":true,\"media_urls\":[\"https://example.com/cat.jpg\"]}}}", request.getBody().utf8());
    }

    @Test
    void telnyxAndBandwidthSendTheLinkAsTheirMediaList() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"data\":{\"id\":\"40385f64\"}}").build());
        assertEquals(SendResult.sent(200, "40385f64"), send("provider = telnyx\nauth_secret = KEY1\nmedia_from_body = yes\n", TEXT));
        assertEquals("{\"from\":\"+15017122661\",\"to\":\"+12025550183\",\"text\":\"Look ü\",\"media_urls\":[\"https://example.com/cat.jpg\"]}",
                take().getBody().utf8());
        itsp.enqueue(new MockResponse.Builder().code(202).body("{\"id\":\"1589228074636lm4k2je7j7jklbn2\"}").build());
        assertEquals(SendResult.sent(202, "1589228074636lm4k2je7j7jklbn2"), send("provider = bandwidth\nauth_user = u\nauth_secret = p\n"
                + "account_id = 9900000\napplication_id = 93de2206\nmedia_from_body = yes\n", TEXT));
        String bandwidth = take().getBody().utf8();
        org.junit.jupiter.api.Assertions.assertTrue(bandwidth.contains("\"text\":\"Look ü\"") && bandwidth.contains("\"media\":[\"https://example.com/cat.jpg\"]"), bandwidth);
    }

    @Test
    void aTextWithoutLinksGoesAsWithoutTheKey() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(201).body("{\"sid\":\"SM1\",\"status\":\"queued\"}").build());
        itsp.enqueue(new MockResponse.Builder().code(201).body("{\"sid\":\"SM2\",\"status\":\"queued\"}").build());
        send("provider = twilio-like\nauth_user = AC1\nauth_secret = token\nmedia_from_body = yes\n", "No link, www.example.com only");
        send("provider = twilio-like\nauth_user = AC1\nauth_secret = token\n", "No link, www.example.com only");
        assertEquals(take().getBody().utf8(), take().getBody().utf8());
    }

    @Test
    void theGenericProviderSendsTheTextUnchangedAndCheckConfigSaysSo() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("OK").build());
        String websms = "auth_method = none\nmedia_from_body = yes\n";
        assertEquals(SendResult.Outcome.SENT, send(websms, TEXT).outcome());
        assertEquals("Body=Look+%C3%BC+https%3A%2F%2Fexample.com%2Fcat.jpg&From=%2B15017122661&To=%2B12025550183", take().getBody().utf8());
        List<String> warnings = config(websms).warnings().stream().map(Diagnostic::format).toList();
        assertTrue(warnings.stream().anyMatch(w -> w.startsWith("websms.conf:5: warning: [websms] media_from_body: provider generic does not read media_from_body")),
                warnings.toString());
        List<String> flowroute = config("provider = flowroute\nmedia_from_body = yes\n").warnings().stream().map(Diagnostic::format).toList();
        assertTrue(flowroute.stream().noneMatch(w -> w.contains("media_from_body")), flowroute.toString());
        List<String> twilio = config("provider = twilio-like\nmedia_from_body = yes\n").warnings().stream().map(Diagnostic::format).toList();
        assertTrue(twilio.stream().noneMatch(w -> w.contains("media_from_body")), twilio.toString());
    }
}
