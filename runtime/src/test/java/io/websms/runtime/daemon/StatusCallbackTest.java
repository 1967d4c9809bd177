package io.websms.runtime.daemon;

import io.websms.api.DeliveryStatus;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.delivery.Deliveries;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.WebsmsId;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ITSP status callbacks as real HTTP requests on loopback to the running daemon: routed by status_path to their
 * outgoing interface, signature checked, applied to the ledger, acknowledged.
 */
class StatusCallbackTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String STATUS_URL = "https://sms.example.com/status/twilio";
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

    private static final String TWILIO = """
            [websms]
            provider    = twilio-like
            auth_user   = AC0123
            auth_secret = TOKEN
            status_path = /status/twilio
            status_url  = https://sms.example.com/status/twilio
            [websmsd]
            provider    = twilio-like
            auth_secret = TOKEN
            url_path    = /sms
            """;

    private WebsmsConfig config(String text) throws Exception {
        return DaemonFixture.sections(registry, text);
    }

    private void start(String text, boolean withLedger) throws Exception {
        WebsmsConfig config = config(text);
        if (withLedger) {
            ledger = SqliteLedger.open(dir.resolve("ledger.db"));
        }
        daemon = DaemonFixture.webhookServer(config, registry, dir, Optional.empty(), Optional.ofNullable(ledger));
    }

    /** A message websms sent on interface {@code index}: accepted, then the ITSP's id. */
    private WebsmsId sent(String index, String itspId) throws IOException {
        WebsmsId id = WebsmsId.next();
        ledger.record(LedgerEntry.accepted(id, index, "+12025550183", "+15017122661", "See you at 8", false, Instant.now()));
        ledger.setItspId(id, index, itspId);
        return id;
    }

    /** Twilio's status callback for {@code sid}, signed with {@code token} over {@link #STATUS_URL}, as Twilio posts it. */
    private HttpResponse<String> twilioCallback(String token, String sid, String status, String errorCode) throws Exception {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("AccountSid", "AC0123");
        fields.put("MessageSid", sid);
        fields.put("SmsSid", sid);
        fields.put("MessageStatus", status);
        fields.put("SmsStatus", status);
        fields.put("To", "+12025550183");
        fields.put("From", "+15017122661");
        if (errorCode != null) {
            fields.put("ErrorCode", errorCode);
        }
        return post("/status/twilio", "application/x-www-form-urlencoded", form(fields), "X-Twilio-Signature", twilio(token, STATUS_URL, fields));
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Twilio's documented scheme: base64(HMAC-SHA1(token, url + each field's name and value, sorted by name)). */
    static String twilio(String token, String url, Map<String, String> fields) throws Exception {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(fields).forEach((name, value) -> data.append(name).append(value));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private List<DeliveryStatus> history(WebsmsId id) throws IOException {
        return ledger.byId(id).orElseThrow().history().stream().map(StatusChange::status).toList();
    }

    private long counted(String index, String result) {
        return daemon.metrics().statusCallbacks().labels(index, result).sum();
    }

    private List<Path> spooled() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void aSignedDeliveredCallbackMovesTheMessageToDelivered() throws Exception {
        start(TWILIO, true);
        WebsmsId id = sent("", "SM0001");
        HttpResponse<String> sent = twilioCallback("TOKEN", "SM0001", "sent", null);
        assertEquals(200, sent.statusCode(), sent.body());
        HttpResponse<String> delivered = twilioCallback("TOKEN", "SM0001", "delivered", null);
        assertEquals(200, delivered.statusCode(), delivered.body());
        assertEquals("", delivered.body(), "Twilio takes an empty 200");
        assertEquals(List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED), history(id));
        assertEquals(DeliveryStatus.DELIVERED, ledger.byId(id).orElseThrow().status());
        assertEquals(2, counted("-", "applied"));
        assertEquals(List.of(), spooled(), "a status callback is never an incoming SMS, and a delivery notifies nobody by default");
    }

    @Test
    void aRepeatedOrLateCallbackChangesNothingMore() throws Exception {
        start(TWILIO, true);
        WebsmsId id = sent("", "SM0002");
        assertEquals(200, twilioCallback("TOKEN", "SM0002", "delivered", null).statusCode());
        assertEquals(200, twilioCallback("TOKEN", "SM0002", "delivered", null).statusCode());
        assertEquals(200, twilioCallback("TOKEN", "SM0002", "sent", null).statusCode());
        assertEquals(List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.DELIVERED, DeliveryStatus.SENT), history(id),
                "the repeat is kept once; the late sent is history, not the state");
        assertEquals(DeliveryStatus.DELIVERED, ledger.byId(id).orElseThrow().status());
        assertEquals(1, counted("-", "duplicate"));
    }

    @Test
    void aCallbackForAnUnknownIdIsAcknowledgedAndCounted() throws Exception {
        start(TWILIO, true);
        HttpResponse<String> response = twilioCallback("TOKEN", "SMnobody", "delivered", null);
        assertEquals(200, response.statusCode(), "acknowledged, so that the ITSP stops retrying");
        assertEquals(1, counted("-", "unknown_id"));
        assertTrue(daemon.metrics().scrape().contains("websms_status_callbacks_total{interface=\"-\",result=\"unknown_id\"} 1"),
                daemon.metrics().scrape());
    }

    @Test
    void anUnknownStatusIsAcknowledgedAndCounted() throws Exception {
        start(TWILIO, true);
        WebsmsId id = sent("", "SM0003");
        assertEquals(200, twilioCallback("TOKEN", "SM0003", "partially_delivered", null).statusCode());
        assertEquals(1, counted("-", "unknown_status"));
        assertEquals(List.of(DeliveryStatus.ACCEPTED), history(id));
    }

    @Test
    void aForgedOrUnsignedCallbackGets403AndChangesNothing() throws Exception {
        start(TWILIO, true);
        WebsmsId id = sent("", "SM0004");
        HttpResponse<String> forged = twilioCallback("not-the-token", "SM0004", "delivered", null);
        assertEquals(403, forged.statusCode());
        HttpResponse<String> unsigned = post("/status/twilio", "application/x-www-form-urlencoded", "MessageSid=SM0004&MessageStatus=delivered");
        assertEquals(403, unsigned.statusCode());
        assertEquals(List.of(DeliveryStatus.ACCEPTED), history(id));
        assertEquals(DeliveryStatus.ACCEPTED, ledger.byId(id).orElseThrow().status());
        assertEquals(2, counted("-", "refused"));
        assertEquals(List.of(), spooled());
    }

    @Test
    void statusRemtAddrKeepsOtherCallersOut() throws Exception {
        start(TWILIO.replace("status_url ", "status_remt_addr = 10.0.0.0/8\nstatus_url "), true);
        WebsmsId id = sent("", "SM0005");
        assertEquals(403, twilioCallback("TOKEN", "SM0005", "delivered", null).statusCode());
        assertEquals(List.of(DeliveryStatus.ACCEPTED), history(id));
    }

    @Test
    void theGenericProviderServesAJsonStatusCallbackFromWebsmsConfAlone() throws Exception {
        start("""
                [websms]
                url_host [acme]          = https://api.acme.example
                status_path [acme]       = /status/acme
                status_key_id [acme]     = message_id
                status_key_status [acme] = state
                status_key_error_code [acme] = code
                status_delivered [acme]  = DELIVRD
                status_undelivered [acme] = UNDELIV
                [websmsd]
                url_path = /sms
                remt_addr = 127.0.0.1
                """, true);
        WebsmsId id = sent("acme", "7f3c-01");
        HttpResponse<String> response = post("/status/acme", "application/json",
                "{\"message_id\":\"7f3c-01\",\"state\":\"DELIVRD\",\"code\":\"000\"}");
        assertEquals(200, response.statusCode(), response.body());
        LedgerEntry entry = ledger.byId(id).orElseThrow();
        assertEquals(DeliveryStatus.DELIVERED, entry.status());
        assertEquals("000", entry.history().get(1).errorCode());
        assertEquals(1, counted("acme", "applied"));
        HttpResponse<String> noId = post("/status/acme", "application/json", "{\"state\":\"DELIVRD\"}");
        assertEquals(400, noId.statusCode(), "the field is named");
        assertTrue(noId.body().contains("message_id"), noId.body());
    }

    @Test
    void withoutALedgerAStatusPathAnswers404AndNeverBecomesAnSms() throws Exception {
        start(TWILIO.replace("url_path    = /sms", "url_path    ="), false);
        HttpResponse<String> response = twilioCallback("TOKEN", "SM0006", "delivered", null);
        assertEquals(404, response.statusCode());
        assertEquals(List.of(), spooled());
    }

    // ---- telling the sender

    private static String body(Path callFile) throws IOException {
        String line = Files.readAllLines(callFile).stream().filter(l -> l.startsWith("setvar: MESSAGE(body)=")).findFirst().orElseThrow();
        return java.net.URLDecoder.decode(line.substring("setvar: MESSAGE(body)=".length()), StandardCharsets.UTF_8);
    }

    @Test
    void anUndeliveredMessageGivesTheSenderExactlyOneNoticeHoweverOftenTheCallbackComes() throws Exception {
        start(TWILIO, true);
        WebsmsId id = sent("", "SM0100");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = twilioCallback("TOKEN", "SM0100", "undelivered", "30007");
            assertEquals(200, response.statusCode(), response.body());
        }
        assertEquals(200, twilioCallback("TOKEN", "SM0100", "sent", null).statusCode(), "a late sent");
        List<Path> notices = spooled();
        assertEquals(1, notices.size(), notices.toString());
        List<String> lines = Files.readAllLines(notices.get(0));
        assertTrue(lines.contains("Channel: Local/+15017122661@dp_entry_answer"), "to the phone that sent it: " + lines);
        assertTrue(lines.contains("CallerID: \"\" <+12025550183>"), "from the number it went to: " + lines);
        assertEquals("Not delivered to +12025550183: Message filtered (30007) [id " + id + "]", body(notices.get(0)));
        LedgerEntry entry = ledger.byId(id).orElseThrow();
        assertEquals(DeliveryStatus.UNDELIVERED, entry.status());
        assertEquals(List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.UNDELIVERED, DeliveryStatus.SENT), history(id));
        assertEquals("30007", entry.history().get(1).errorCode());
        assertEquals(2, counted("-", "duplicate"));
    }

    @Test
    void aNoticeThatCannotBeWrittenGets503AndTheRetryStillNotifiesOnce() throws Exception {
        start(TWILIO, true);
        WebsmsId id = sent("", "SM0101");
        Path staging = dir.resolve("staging");
        Files.delete(staging);
        Files.writeString(staging, "not a folder"); // the spool cannot write a call file now
        HttpResponse<String> refused = twilioCallback("TOKEN", "SM0101", "failed", "30008");
        assertEquals(503, refused.statusCode(), "the ITSP must try again");
        assertEquals(DeliveryStatus.ACCEPTED, ledger.byId(id).orElseThrow().status(), "nothing changed");
        Files.delete(staging);
        Files.createDirectory(staging);
        assertEquals(200, twilioCallback("TOKEN", "SM0101", "failed", "30008").statusCode());
        assertEquals(200, twilioCallback("TOKEN", "SM0101", "failed", "30008").statusCode());
        assertEquals(1, spooled().size());
        assertEquals("Not delivered to +12025550183: Unknown error (30008) [id " + id + "]", body(spooled().get(0)));
        assertEquals(DeliveryStatus.FAILED, ledger.byId(id).orElseThrow().status());
    }

    @Test
    void theNoticeKeysChooseWhoIsToldWhatAndFromWhere() throws Exception {
        start("""
                [websms]
                url_host [quiet]           = https://api.acme.example
                status_path [quiet]        = /status/quiet
                notify_failed [quiet]      = no
                url_host [loud]            = https://api.acme.example
                status_path [loud]         = /status/loud
                notify_delivered [loud]    = yes
                notify_from [loud]         = +18005550100
                notify_delivered_text [loud] = {status}: {to}
                notify_text [loud]         = Lost {to} ({code}) {reason}
                [websmsd]
                url_path = /sms
                """, true);
        sent("quiet", "q-1");
        sent("loud", "l-1");
        sent("loud", "l-2");
        assertEquals(200, post("/status/quiet", "application/json", "{\"id\":\"q-1\",\"status\":\"failed\"}").statusCode());
        assertEquals(List.of(), spooled(), "notify_failed = no");
        assertEquals(200, post("/status/loud", "application/json", "{\"id\":\"l-1\",\"status\":\"delivered\"}").statusCode());
        assertEquals(200, post("/status/loud", "application/json", "{\"id\":\"l-2\",\"status\":\"undelivered\"}").statusCode());
        List<String> bodies = new java.util.ArrayList<>();
        for (Path notice : spooled()) {
            assertTrue(Files.readAllLines(notice).contains("CallerID: \"\" <+18005550100>"), "notify_from");
            bodies.add(body(notice));
        }
        assertEquals(List.of("Lost +12025550183 the carrier could not deliver it", "delivered: +12025550183"), bodies.stream().sorted().toList(),
                "() left empty without an error code is dropped");
    }

    @Test
    void theOutboxGivingUpNotifiesThroughTheSamePath() throws Exception {
        start(TWILIO, true);
        WebsmsId id = sent("", "SM0102");
        Deliveries.Result result = daemon.deliveries().orElseThrow().apply(id, StatusChange.of(Instant.now(), DeliveryStatus.EXPIRED), true);
        assertTrue(result.stateChanged() && result.notice().isPresent(), result.toString());
        assertEquals("Not delivered to +12025550183: it could not be sent in time [id " + id + "]", body(spooled().get(0)));
        assertEquals(200, twilioCallback("TOKEN", "SM0102", "undelivered", "30003").statusCode());
        assertEquals(1, spooled().size(), "a final state is told once");
    }

    @Test
    void aQueuedMessageTheItspRefusesLaterTellsTheSenderWhoHeardQueued() throws Exception {
        try (mockwebserver3.MockWebServer itsp = new mockwebserver3.MockWebServer()) {
            itsp.start(InetAddress.getLoopbackAddress(), 0);
            itsp.enqueue(new mockwebserver3.MockResponse.Builder().code(503).build());
            itsp.enqueue(new mockwebserver3.MockResponse.Builder().code(400).body("{\"message\":\"The 'To' number is not a valid phone number\"}").build());
            WebsmsConfig config = config("[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nauth_method = none\nretry_max = 0\n"
                    + "retry_delay = 0.05\n[websmsd]\nremt_addr = 127.0.0.1\n");
            ledger = SqliteLedger.open(dir.resolve("ledger.db"));
            daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.empty(), Optional.of(new InetSocketAddress("127.0.0.1", 0)),
                    DaemonFixture.spool(dir, config), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(io.websms.runtime.outbox.FileMessageStore.open(dir.resolve("outbox"))), Optional.of(ledger)));
            List<String> commands = io.websms.runtime.agi.FakeAsterisk.call(daemon.agiPort(),
                    io.websms.runtime.agi.FakeAsterisk.environment("+12025550183", "+15017122661", "See you at 8", null));
            assertEquals("SET VARIABLE WEBSMS_STATUS \"QUEUED\"", commands.get(0), "the dialplan heard QUEUED, so nobody told the sender more");
            String id = commands.stream().filter(c -> c.startsWith("SET VARIABLE WEBSMS_ID ")).findFirst().orElseThrow()
                    .replaceAll(".*\"(.*)\"", "$1");
            List<Path> notices = List.of();
            for (int i = 0; i < 100 && notices.isEmpty(); i++) { // the outbox tries again a moment later
                Thread.sleep(50);
                notices = spooled();
            }
            assertEquals(1, notices.size(), "one notice");
            assertEquals("Not delivered to +12025550183: HTTP 400: The 'To' number is not a valid phone number [id " + id + "]", body(notices.get(0)));
            assertEquals(DeliveryStatus.REJECTED, ledger.byId(WebsmsId.parse(id)).orElseThrow().status());
        }
    }
}
