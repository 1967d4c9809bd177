package io.websms.runtime.daemon;

import io.websms.api.DeliveryStatus;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.outbound.WebsmsId;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flowroute's callbacks and SignalWire's signed webhooks as real HTTP requests on loopback to the running daemon:
 * what reaches the call file, what is answered, what the ledger records.
 */
class FlowrouteSignalWireWireTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProviderRegistry registry;

    @TempDir
    Path dir;

    private Websmsd daemon;
    private SqliteLedger ledger;

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    @AfterEach
    void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
        if (ledger != null) {
            ledger.close();
        }
    }

    private void start(String text) throws Exception {
        WebsmsConfig config = DaemonFixture.sections(registry, text);
        ledger = SqliteLedger.open(dir.resolve("ledger.db"));
        daemon = DaemonFixture.webhookServer(config, registry, dir, Optional.of(MessageIds.open(dir.resolve("ids"), Duration.ofDays(1))), Optional.of(ledger));
    }

    private HttpResponse<String> post(String pathAndQuery, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + pathAndQuery))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<String> callFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            List<String> texts = new java.util.ArrayList<>();
            for (Path file : files.sorted().toList()) {
                texts.add(Files.readString(file));
            }
            return texts;
        }
    }

    private static String value(String file, String prefix) {
        return file.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + file));
    }

    // ---- Flowroute

    private static final String FLOWROUTE = """
            [websms]
            provider      = flowroute
            auth_user     = 12345678
            auth_secret   = SECRETKEY
            status_path   = /status/flowroute
            status_url    = https://pbx.example.com/status/flowroute
            status_secret = dlr-secret
            [websmsd]
            provider    = flowroute
            auth_secret = sms-secret
            url_path    = /sms/flowroute
            """;

    /** An MMS in Flowroute's v2.1 shape (its "receive an MMS" members), as JSON:API. */
    private static final String MMS = "{\"data\":{\"id\":\"mdr2-b2f0d5a1\",\"type\":\"message\",\"attributes\":{\"body\":\"Look ü\","
            + "\"direction\":\"inbound\",\"from\":\"12061232634\",\"is_mms\":true,\"to\":\"12012673227\"},"
            + "\"relationships\":{\"media\":{\"data\":[{\"id\":\"m1\",\"type\":\"media\"}]}}},"
            + "\"included\":[{\"id\":\"m1\",\"type\":\"media\",\"attributes\":{\"mime_type\":\"image/jpeg\","
            + "\"url\":\"https://s3.us-west-2.amazonaws.com/flowroute-messaging-media/m1\"}}]}";

    @Test
    void aFlowrouteMmsReachesThePhoneWithItsLinkAndIsAnswered200Once() throws Exception {
        start(FLOWROUTE);
        HttpResponse<String> first = post("/sms/flowroute?secret=sms-secret", "application/vnd.api+json", MMS);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("", first.body());
        HttpResponse<String> again = post("/sms/flowroute?secret=sms-secret", "application/vnd.api+json", MMS);
        assertEquals(200, again.statusCode(), "Flowroute's retry of the same MDR is acknowledged");
        List<String> files = callFiles();
        assertEquals(1, files.size(), "the same MDR id is one message");
        assertEquals("12012673227", value(files.get(0), "setvar: MESSAGE(to)="));
        assertEquals("12061232634", value(files.get(0), "setvar: MESSAGE(from)="));
        assertEquals("Look%20%C3%BC%0Ahttps%3A%2F%2Fs3.us-west-2.amazonaws.com%2Fflowroute-messaging-media%2Fm1",
                value(files.get(0), "setvar: MESSAGE(body)="), "the picture as a link on its own line");
    }

    @Test
    void theOlderFlatShapeIsReadAndACallWithoutTheSecretIsRefused() throws Exception {
        start(FLOWROUTE);
        String flat = "{\"to\": \"12066418000\", \"body\": \"Hello there from Flowroute!\", \"from\": \"18553569768\", \"id\": \"mdr1-febb118b\"}";
        assertEquals(403, post("/sms/flowroute", "application/json", flat).statusCode());
        assertEquals(403, post("/sms/flowroute?secret=guess", "application/json", flat).statusCode());
        assertEquals(List.of(), callFiles());
        assertEquals(200, post("/sms/flowroute?secret=sms-secret", "application/json", flat).statusCode());
        assertEquals("Hello%20there%20from%20Flowroute%21", value(callFiles().get(0), "setvar: MESSAGE(body)="));
    }

    @Test
    void aDeliveryReceiptMovesTheMessageAndNeedsItsSecret() throws Exception {
        start(FLOWROUTE);
        WebsmsId id = WebsmsId.next();
        ledger.record(LedgerEntry.accepted(id, "", "+12025550183", "+15017122661", "See you at 8", false, Instant.now()));
        ledger.setItspId(id, "", "mdr2-39cadeace66e11e7aff806cd7f24ba2d");
        String receipt = "{\"data\":{\"attributes\":{\"body\":\"\",\"level\":2,\"status\":\"delivery success\",\"status_code\":1000,"
                + "\"status_code_description\":\"Delivered\",\"timestamp\":\"2017-12-21T16:44:35+00:00\"},"
                + "\"id\":\"mdr2-39cadeace66e11e7aff806cd7f24ba2d\",\"type\":\"delivery_receipt\"}}";
        assertEquals(403, post("/status/flowroute", "application/json", receipt).statusCode());
        assertEquals(DeliveryStatus.ACCEPTED, ledger.byId(id).orElseThrow().status());
        HttpResponse<String> signed = post("/status/flowroute?secret=dlr-secret", "application/json", receipt);
        assertEquals(200, signed.statusCode(), signed.body());
        assertEquals(DeliveryStatus.DELIVERED, ledger.byId(id).orElseThrow().status());
    }

    @Test
    void aDeliveryReceiptPostedToTheSmsUrlIsAcknowledgedWithoutACallFile() throws Exception {
        start(FLOWROUTE);
        HttpResponse<String> response = post("/sms/flowroute?secret=sms-secret", "application/json",
                "{\"data\":{\"attributes\":{\"status\":\"smsc submit\"},\"id\":\"mdr2-1\",\"type\":\"delivery_receipt\"}}");
        assertEquals(200, response.statusCode(), "Flowroute resends anything but 200");
        assertEquals(List.of(), callFiles());
    }

    // ---- SignalWire

    @Test
    void aSignalWireWebhookSignedWithTheSigningKeyIsStoredAndAnsweredWithCxml() throws Exception {
        start("""
                [websmsd]
                provider    = signalwire
                auth_secret = PSK_signing_key
                public_url  = https://pbx.example.com/sms/signalwire
                url_path    = /sms/signalwire
                """);
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("MessageSid", "0d7e4c56-6f3f-4d2a-9d6c-1b2f3a4b5c6d");
        fields.put("AccountSid", "a1b2c3d4");
        fields.put("From", "+15017122661");
        fields.put("To", "+12025550183");
        fields.put("Body", "Hi from SignalWire");
        fields.put("NumMedia", "0");
        String form = fields.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String signature = StatusCallbackTest.twilio("PSK_signing_key", "https://pbx.example.com/sms/signalwire", fields);
        HttpResponse<String> apiToken = post("/sms/signalwire", "application/x-www-form-urlencoded", form,
                "X-SignalWire-Signature", StatusCallbackTest.twilio("PTapitoken", "https://pbx.example.com/sms/signalwire", fields));
        assertEquals(403, apiToken.statusCode(), "signed with another key than the Signing Key");
        HttpResponse<String> signed = post("/sms/signalwire", "application/x-www-form-urlencoded", form, "X-SignalWire-Signature", signature);
        assertEquals(200, signed.statusCode(), signed.body());
        assertEquals("<Response></Response>", signed.body());
        assertTrue(signed.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"));
        assertEquals("Hi%20from%20SignalWire", value(callFiles().get(0), "setvar: MESSAGE(body)="));
    }
}
