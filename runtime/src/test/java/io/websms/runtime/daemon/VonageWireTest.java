package io.websms.runtime.daemon;

import io.websms.api.DeliveryStatus;
import io.websms.api.Message;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.outbound.WebsmsId;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vonage through websms's own sender and webhook server: the bytes the SMS API gets, a failure that comes as HTTP 200,
 * and Vonage's signed inbound SMS (as a GET and as a JSON POST) and delivery receipts
 * (https://developer.vonage.com/en/api/sms, https://developer.vonage.com/en/messaging/sms/guides/inbound-sms,
 * https://developer.vonage.com/en/messaging/sms/guides/delivery-receipts), signed with SHA-256 HMAC.
 */
class VonageWireTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpTransport TRANSPORT = new HttpTransport();
    private static final String SIGNATURE_SECRET = "kVhE3q1sA7c9bLx2";
    private static ProviderRegistry registry;

    @TempDir
    Path dir;

    @StartStop
    final MockWebServer itsp = new MockWebServer();

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

    private static WebsmsConfig config(String text) throws Exception {
        return DaemonFixture.sections(registry, text);
    }

    private void start(String text) throws Exception {
        WebsmsConfig config = config(text);
        ledger = SqliteLedger.open(dir.resolve("ledger.db"));
        daemon = DaemonFixture.webhookServer(config, registry, dir, Optional.empty(), Optional.of(ledger));
    }

    /** {@code parameters} with timestamp, nonce and sig added as Vonage signs them at {@code signedAt}. */
    private static Map<String, String> signed(Map<String, String> parameters, Instant signedAt) throws Exception {
        Map<String, String> all = new TreeMap<>(parameters);
        all.put("timestamp", Long.toString(signedAt.getEpochSecond()));
        all.put("nonce", "a1b2c3d4-0000-4c5d-8e9f-001122334455");
        String text = all.entrySet().stream().filter(e -> !e.getValue().isBlank())
                .map(e -> "&" + e.getKey().replaceAll("[&=]", "_") + "=" + e.getValue().replaceAll("[&=]", "_")).collect(Collectors.joining());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SIGNATURE_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        all.put("sig", HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8))));
        return all;
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private HttpResponse<String> get(String path, Map<String, String> parameters) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path + "?" + query(parameters))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postJson(String path, Map<String, String> parameters) throws Exception {
        String json = parameters.entrySet().stream().map(e -> "\"" + e.getKey() + "\":\"" + e.getValue().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Path> callFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            return files.sorted().toList();
        }
    }

    /** Vonage's inbound SMS, with the fields of its reference. */
    private static Map<String, String> inbound(String text) {
        Map<String, String> sms = new LinkedHashMap<>();
        sms.put("msisdn", "447700900001");
        sms.put("to", "447700900000");
        sms.put("messageId", "0A0000000123ABCD1");
        sms.put("text", text);
        sms.put("type", "unicode");
        sms.put("keyword", text.split(" ")[0].toUpperCase());
        sms.put("api-key", "abcd1234");
        sms.put("message-timestamp", "2026-11-02 10:15:30");
        return sms;
    }

    @Test
    void aMessageGoesOutAsTheDocumentedFormAndAStatusInA200IsAFailure() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"message-count\":\"1\",\"messages\":[{\"to\":\"447700900000\",\"message-id\":\"0A0000000123ABCD1\",\"status\":\"0\","
                        + "\"remaining-balance\":\"3.14159265\",\"message-price\":\"0.03330000\",\"network\":\"12345\"}]}").build());
        itsp.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"message-count\":\"1\",\"messages\":[{\"status\":\"15\",\"error-text\":\"Illegal Sender Address - rejected\"}]}").build());
        WebsmsConfig config = config("[websms]\nprovider = vonage\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 0\n"
                + "auth_user = abcd1234\nauth_secret = 632abcdef0123456789\nstatus_path = /status/vonage\nstatus_url = https://pbx.example.com/status/vonage\n");
        Outbound outbound = new Outbound(config, registry, TRANSPORT);
        assertEquals(SendResult.sent(200, "0A0000000123ABCD1"), outbound.send("", Message.of("+44 7700 900000", "AcmeInc", "Hello from Vonage")));
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request);
        assertEquals("POST /sms/json", request.getMethod() + " " + request.getTarget());
        String body = request.getBody().utf8();
        assertTrue(body.startsWith("api_key=abcd1234&api_secret=632abcdef0123456789&callback=https%3A%2F%2Fpbx.example.com%2Fstatus%2Fvonage"
                + "&client-ref="), body);
        assertTrue(body.endsWith("&from=AcmeInc&text=Hello+from+Vonage&to=447700900000"), body);
        SendResult refused = outbound.send("", Message.of("447700900000", "AcmeInc", "again"));
        assertEquals(SendResult.rejected(200, "status 15 Invalid Sender Address: Illegal Sender Address - rejected"), refused);
    }

    @Test
    void theDocumentedConfigurationLoadsCleanlyAndCheckConfigNamesWhatVonageIgnoresOrLacks() throws Exception {
        // docs/providers/vonage.md's websms.conf, as written there.
        String documented = """
                [websms]
                provider         = vonage
                auth_user        = abcd1234                          ; API key
                auth_secret      = ${VONAGE_API_SECRET}              ; API secret
                status_path      = /status/vonage
                status_url       = https://pbx.example.com/status/vonage
                signature_secret = ${VONAGE_SIGNATURE_SECRET}        ; delivery receipts must be signed
                signature_method = sha256                            ; as chosen in the dashboard

                [websmsd]
                provider         = vonage
                url_path         = /sms/vonage
                signature_secret = ${VONAGE_SIGNATURE_SECRET}
                signature_method = sha256

                [astqueue]
                channel_context = dp_entry_answer
                context         = dp_entry_text_in
                """;
        WebsmsConfig config = new ConfigLoader(registry, Map.of("VONAGE_API_SECRET", "632abcdef0123456789", "VONAGE_SIGNATURE_SECRET", SIGNATURE_SECRET)::get)
                .parse("websms.conf", documented.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), config.warnings().stream().map(io.websms.runtime.config.Diagnostic::format).toList());
        WebsmsConfig odd = config("[websms]\nprovider = vonage\nauth_user = abcd1234\nauth_secret = s\nval_unicode = UCS-2\n"
                + "[websmsd]\nprovider = vonage\nkey_from = msisdn\n");
        assertEquals(List.of("websms.conf:5: warning: [websms] val_unicode: provider vonage does not read val_unicode, so it changes nothing. "
                        + "Fix: remove it (vonage reads url_host, url_path).",
                "websms.conf:8: warning: [websmsd] key_from: provider vonage does not read key_from, so it changes nothing. "
                        + "Fix: remove it (vonage reads resp_ack)."),
                odd.warnings().stream().map(io.websms.runtime.config.Diagnostic::format).toList());
        io.websms.runtime.config.ConfigException wrong = org.junit.jupiter.api.Assertions.assertThrows(io.websms.runtime.config.ConfigException.class,
                () -> config("[websms]\nprovider = vonage\nauth_user = abcd1234\n[websmsd]\nprovider = vonage\nsignature_method = SHA-256\n"));
        assertEquals(List.of("websms.conf: error: [websms] auth_secret: neither auth_secret (the API secret) nor signature_secret is set, so Vonage "
                        + "refuses every message. Fix: set auth_secret to the API secret of your Vonage dashboard, or signature_secret to sign requests instead.",
                "websms.conf:6: error: [websmsd] signature_method: 'SHA-256' is none of Vonage's signing methods. Fix: write signature_method = "
                        + "md5hash, md5, sha1, sha256 or sha512, as chosen in Vonage's dashboard."),
                wrong.errors().stream().map(io.websms.runtime.config.Diagnostic::format).toList());
    }

    @Test
    void aSignedInboundSmsAsAGetOrAJsonPostBecomesACallFileAndAnUnsignedOrStaleOneIsRefused() throws Exception {
        start("[websmsd]\nprovider = vonage\nurl_path = /sms/vonage\nsignature_secret = " + SIGNATURE_SECRET + "\nsignature_method = sha256\n");
        assertEquals(403, get("/sms/vonage", inbound("Hello & welcome = 😀")).statusCode());
        assertEquals(403, get("/sms/vonage", signed(inbound("Hello & welcome = 😀"), Instant.now().minusSeconds(360))).statusCode());
        Map<String, String> tampered = signed(inbound("Hello & welcome = 😀"), Instant.now());
        tampered.put("text", "Send money");
        assertEquals(403, get("/sms/vonage", tampered).statusCode());
        assertEquals(List.of(), callFiles());
        HttpResponse<String> response = get("/sms/vonage", signed(inbound("Hello & welcome = 😀"), Instant.now()));
        assertEquals(200, response.statusCode(), response.body());
        Map<String, String> json = inbound("Second one");
        json.put("messageId", "0A0000000123ABCD2");
        assertEquals(200, postJson("/sms/vonage", signed(json, Instant.now())).statusCode());
        List<Path> files = callFiles();
        assertEquals(2, files.size(), files.toString());
        String all = Files.readString(files.get(0)) + Files.readString(files.get(1));
        assertTrue(all.contains("\nsetvar: MESSAGE(to)=447700900000\nsetvar: MESSAGE(from)=447700900001\n"
                + "setvar: MESSAGE(body)=Hello%20%26%20welcome%20%3D%20%F0%9F%98%80\n"), all);
        assertTrue(all.contains("setvar: MESSAGE(body)=Second%20one\n"), all);
    }

    @Test
    void aSignedDeliveryReceiptMovesTheMessageToDeliveredAndAnUnsignedOneIsRefused() throws Exception {
        start("[websms]\nprovider = vonage\nauth_user = abcd1234\nauth_secret = 632abcdef0123456789\nstatus_path = /status/vonage\n"
                + "signature_secret = " + SIGNATURE_SECRET + "\nsignature_method = sha256\n[websmsd]\nprovider = vonage\nurl_path = /sms/vonage\n");
        WebsmsId id = WebsmsId.next();
        ledger.record(LedgerEntry.accepted(id, "", "447700900000", "AcmeInc", "Hello from Vonage", false, Instant.now()));
        ledger.setItspId(id, "", "0A0000000123ABCD1");
        Map<String, String> receipt = new LinkedHashMap<>();
        receipt.put("msisdn", "447700900000");
        receipt.put("to", "AcmeInc");
        receipt.put("network-code", "12345");
        receipt.put("messageId", "0A0000000123ABCD1");
        receipt.put("price", "0.03330000");
        receipt.put("status", "delivered");
        receipt.put("scts", "2611021015");
        receipt.put("err-code", "0");
        receipt.put("api-key", "abcd1234");
        receipt.put("message-timestamp", "2026-11-02 10:15:31");
        assertEquals(403, get("/status/vonage", receipt).statusCode());
        HttpResponse<String> response = get("/status/vonage", signed(receipt, Instant.now()));
        assertEquals(200, response.statusCode(), response.body());
        LedgerEntry entry = ledger.byId(id).orElseThrow();
        assertEquals(DeliveryStatus.DELIVERED, entry.status());
        assertEquals(List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.DELIVERED), entry.history().stream().map(StatusChange::status).toList());
        assertEquals(List.of(), callFiles(), "a delivery receipt is no incoming SMS");
    }
}
