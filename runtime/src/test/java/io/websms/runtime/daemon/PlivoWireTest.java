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
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plivo through websms's own sender and webhook server: the bytes Plivo gets, and what it gets back, with the calls
 * Plivo documents (https://docs.plivo.com/docs/messaging/api/message/send-a-message,
 * https://plivo.com/docs/messaging/api/message/handling-incoming, https://plivo.com/docs/messaging/api/message/message-status-callbacks),
 * signed with X-Plivo-Signature-V3 over the public URL, as a reverse proxy would pass them on.
 */
class PlivoWireTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpTransport TRANSPORT = new HttpTransport();
    private static final String TOKEN = "MzQ1NjA4ZjY0YjQ1Y2Q4ZTg2YjE1ZmY3ZjJk";
    private static ProviderRegistry registry;

    /** The documented incoming SMS, as Plivo posts it to the message_url. */
    private static final String INCOMING = "From=14155551234&To=14155556789&Type=sms&Text=Hello%2C+how+are+you%3F+%F0%9F%98%80"
            + "&MessageUUID=16ab2e7e-6bc2-11ee-a7a4-0242ac110004&Units=1&TotalRate=0.00000&TotalAmount=0.00000&MessageIntent=&PowerpackUUID=";

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

    /** Posts {@code form} to websms, signed as Plivo signs a POST to {@code publicUrl} (V3), or unsigned with a null nonce. */
    private HttpResponse<String> post(String path, String form, String publicUrl, String nonce) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (nonce != null) {
            request.header("X-Plivo-Signature-V3", v3(publicUrl, form, nonce)).header("X-Plivo-Signature-V3-Nonce", nonce);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** base64(HMAC-SHA256(token, url + "?" + each field's name and value, sorted by name + "." + nonce)). */
    private static String v3(String url, String form, String nonce) throws Exception {
        Map<String, String> fields = new TreeMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        StringBuilder data = new StringBuilder(url).append('?');
        fields.forEach((name, value) -> data.append(name).append(value));
        data.append('.').append(nonce);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private List<Path> callFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void aMessageGoesOutAsPlivosJsonWithBasicAuthAndTheUuidIsItsItspId() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(202).addHeader("Content-Type", "application/json")
                .body("{\"message\": \"message(s) queued\", \"message_uuid\": [\"db3ce55a-7f1d-11e1-8ea7-1231380bc196\"],"
                        + " \"api_id\": \"db342550-7f1d-11e1-8ea7-1231380bc196\"}").build());
        WebsmsConfig config = config("[websms]\nprovider = plivo\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 0\n"
                + "auth_user = MAXXXXXXXXXXXXXXXXXX\nauth_secret = " + TOKEN + "\nstatus_path = /status/plivo\n"
                + "status_url = https://pbx.example.com/status/plivo\n");
        SendResult result = new Outbound(config, registry, TRANSPORT).send("", Message.of("+1 415 555 6789", "+14155551234", "Hello, World ü"));
        assertEquals(SendResult.sent(202, "db3ce55a-7f1d-11e1-8ea7-1231380bc196"), result);
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request);
        assertEquals("POST /v1/Account/MAXXXXXXXXXXXXXXXXXX/Message/", request.getMethod() + " " + request.getTarget());
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("MAXXXXXXXXXXXXXXXXXX:" + TOKEN).getBytes(StandardCharsets.UTF_8)),
                request.getHeaders().get("Authorization"));
        assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
        assertEquals("{\"src\":\"14155551234\",\"dst\":\"14155556789\",\"text\":\"Hello, World ü\",\"type\":\"sms\","
                + "\"url\":\"https://pbx.example.com/status/plivo\",\"method\":\"POST\"}", request.getBody().utf8());
    }

    @Test
    void theDocumentedConfigurationLoadsCleanlyAndCheckConfigNamesWhatPlivoIgnoresOrLacks() throws Exception {
        // docs/providers/plivo.md's websms.conf, as written there.
        String documented = """
                [websms]
                provider    = plivo
                auth_user   = MAXXXXXXXXXXXXXXXXXX                 ; Auth ID
                auth_secret = ${PLIVO_AUTH_TOKEN}                  ; Auth Token
                status_path = /status/plivo
                status_url  = https://pbx.example.com/status/plivo ; as Plivo will call it

                [websmsd]
                provider    = plivo
                url_path    = /sms/plivo
                auth_secret = ${PLIVO_AUTH_TOKEN}
                public_url  = https://pbx.example.com/sms/plivo    ; the application's Message URL

                [astqueue]
                channel_context = dp_entry_answer
                context         = dp_entry_text_in
                """;
        WebsmsConfig config = new ConfigLoader(registry, Map.of("PLIVO_AUTH_TOKEN", TOKEN)::get)
                .parse("websms.conf", documented.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), config.warnings().stream().map(io.websms.runtime.config.Diagnostic::format).toList());
        WebsmsConfig odd = config("[websms]\nprovider = plivo\nauth_user = MA1\nauth_secret = t\nkey_to = dst\nstatus_path = /status/plivo\n"
                + "[websmsd]\nprovider = plivo\nkey_body = Text\n");
        assertEquals(List.of("websms.conf: warning: [websms] status_url: status_path is set, but Plivo posts status callbacks only to the url a "
                        + "message carries, which websms takes from status_url. Fix: set status_url to the public URL of status_path, e.g. "
                        + "https://pbx.example.com/status/plivo.",
                "websms.conf:5: warning: [websms] key_to: provider plivo does not read key_to, so it changes nothing. "
                        + "Fix: remove it (plivo reads media_from_body, url_host, url_path).",
                "websms.conf:9: warning: [websmsd] key_body: provider plivo does not read key_body, so it changes nothing. "
                        + "Fix: remove it (plivo reads resp_ack)."),
                odd.warnings().stream().map(io.websms.runtime.config.Diagnostic::format).toList());
    }

    @Test
    void plivosErrorIsTheReasonAndAWrongAuthIdIsNotTriedAgain() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                .body("{\"api_id\": \"7a1e\", \"error\": \"not found\"}").build());
        WebsmsConfig config = config("[websms]\nprovider = plivo\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 2\n"
                + "auth_user = MAWRONG\nauth_secret = " + TOKEN + "\n");
        assertEquals(SendResult.rejected(404, "HTTP 404: not found"),
                new Outbound(config, registry, TRANSPORT).send("", Message.of("14155556789", "14155551234", "x")));
        assertEquals(1, itsp.getRequestCount());
    }

    @Test
    void aSignedIncomingSmsBecomesACallFileAndIsAnsweredWithAnEmptyPlivoXmlAndAnUnsignedOneIsRefused() throws Exception {
        start("[websmsd]\nprovider = plivo\nurl_path = /sms/plivo\nauth_secret = " + TOKEN + "\npublic_url = https://pbx.example.com/sms/plivo\n");
        assertEquals(403, post("/sms/plivo", INCOMING, "https://pbx.example.com/sms/plivo", null).statusCode());
        String forged = INCOMING.replace("Hello", "Send+money");
        HttpResponse<String> tampered = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/sms/plivo"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Plivo-Signature-V3", v3("https://pbx.example.com/sms/plivo", INCOMING, "4781254"))
                .header("X-Plivo-Signature-V3-Nonce", "4781254").POST(HttpRequest.BodyPublishers.ofString(forged)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, tampered.statusCode());
        assertEquals(List.of(), callFiles());
        HttpResponse<String> response = post("/sms/plivo", INCOMING, "https://pbx.example.com/sms/plivo", "4781254");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("<Response></Response>", response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/xml"), response.headers().toString());
        List<Path> files = callFiles();
        assertEquals(1, files.size(), files.toString());
        String callFile = Files.readString(files.get(0));
        assertTrue(callFile.contains("\nsetvar: MESSAGE(to)=14155556789\nsetvar: MESSAGE(from)=14155551234\n"
                + "setvar: MESSAGE(body)=Hello%2C%20how%20are%20you%3F%20%F0%9F%98%80\n"), callFile);
    }

    @Test
    void aSignedStatusCallbackMovesTheMessageToUndeliveredWithPlivosReasonAndAForgedOneIsRefused() throws Exception {
        start("[websms]\nprovider = plivo\nauth_user = MAXXXXXXXXXXXXXXXXXX\nauth_secret = " + TOKEN + "\nstatus_path = /status/plivo\n"
                + "status_url = https://pbx.example.com/status/plivo\n[websmsd]\nprovider = plivo\nurl_path = /sms/plivo\n");
        WebsmsId id = WebsmsId.next();
        ledger.record(LedgerEntry.accepted(id, "", "14155556789", "14155551234", "Hello", false, Instant.now()));
        ledger.setItspId(id, "", "db3ce55a-7f1d-11e1-8ea7-1231380bc196");
        String undelivered = "MessageUUID=db3ce55a-7f1d-11e1-8ea7-1231380bc196&To=14155556789&From=14155551234&Type=sms&Status=undelivered"
                + "&ErrorCode=30&Units=1&TotalRate=0.00500&TotalAmount=0.00500&MCC=310&MNC=410&Sequence=3";
        assertEquals(403, post("/status/plivo", undelivered, "https://pbx.example.com/status/other", "88231").statusCode());
        HttpResponse<String> response = post("/status/plivo", undelivered, "https://pbx.example.com/status/plivo", "88231");
        assertEquals(200, response.statusCode(), response.body());
        LedgerEntry entry = ledger.byId(id).orElseThrow();
        assertEquals(DeliveryStatus.UNDELIVERED, entry.status());
        assertEquals(List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.UNDELIVERED), entry.history().stream().map(StatusChange::status).toList());
        assertEquals("30", entry.history().get(1).errorCode());
        assertEquals("Spam Detected", entry.history().get(1).errorText());
        List<Path> notices = callFiles();
        assertEquals(1, notices.size(), "the sender's notice, and no incoming SMS: " + notices);
        String notice = Files.readString(notices.get(0));
        assertTrue(notice.contains("setvar: MESSAGE(to)=14155551234\n") && notice.contains("Spam%20Detected"), notice);
    }
}
