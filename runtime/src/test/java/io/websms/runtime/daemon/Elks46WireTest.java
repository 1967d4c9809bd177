package io.websms.runtime.daemon;

import io.websms.api.DeliveryStatus;
import io.websms.api.Message;
import io.websms.api.SendResult;
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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 46elks through websms's own sender and webhook server: the bytes 46elks gets, and what it gets back, with the
 * requests and callbacks 46elks documents (https://46elks.com/docs/send-sms, /docs/receive-sms,
 * /docs/sms-delivery-reports).
 */
class Elks46WireTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpTransport TRANSPORT = new HttpTransport();
    private static ProviderRegistry registry;

    /** The documented incoming SMS, as 46elks posts it to sms_url. */
    private static final String INCOMING = "direction=incoming&id=sf8425555e5d8db61dda7a7b3f1b91bdb&from=%2B46706861004&to=%2B46706860000"
            + "&created=2018-07-13T13%3A57%3A23.741000&message=Hello%20how%20are%20you%3F";

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

    private void start(String text, boolean withLedger) throws Exception {
        WebsmsConfig config = config(text);
        if (withLedger) {
            ledger = SqliteLedger.open(dir.resolve("ledger.db"));
        }
        daemon = DaemonFixture.webhookServer(config, registry, dir, Optional.empty(), Optional.ofNullable(ledger));
    }

    private HttpResponse<String> post(String pathAndQuery, String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + pathAndQuery))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Path> callFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void aMessageGoesOutAsTheDocumentedFormWithBasicAuthAndWhendelivered() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                .body("{\"status\": \"created\", \"direction\": \"outgoing\", \"from\": \"+46766861004\", \"created\": \"2018-07-13T13:57:23.741000\", "
                        + "\"parts\": 1, \"to\": \"+46700000000\", \"cost\": 3500, \"message\": \"Bring a sweater, it's cold outside\", "
                        + "\"id\": \"s3633fa8e62f823e52fbc67ebf6925ab5\"}").build());
        WebsmsConfig config = config("[websms]\nprovider = 46elks\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 0\n"
                + "auth_user = u2c11ef65b429a8e16ccb1f960d02c734\nauth_secret = C0ACCEEC0FAFE879189DD5D57F6EC348\n"
                + "status_path = /status/46elks\nstatus_url = https://pbx.example.com/status/46elks\nstatus_secret = k7x\n");
        SendResult result = new Outbound(config, registry, TRANSPORT).send("", Message.of("0046700000000", "+46766861004", "Bring a sweater, it's cold outside"));
        assertEquals(SendResult.sent(200, "s3633fa8e62f823e52fbc67ebf6925ab5"), result);
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request);
        assertEquals("POST /a1/sms", request.getMethod() + " " + request.getTarget());
        assertEquals("Basic " + Base64.getEncoder().encodeToString("u2c11ef65b429a8e16ccb1f960d02c734:C0ACCEEC0FAFE879189DD5D57F6EC348"
                .getBytes(StandardCharsets.UTF_8)), request.getHeaders().get("Authorization"));
        assertEquals("from=%2B46766861004&message=Bring+a+sweater%2C+it%27s+cold+outside&to=%2B46700000000"
                + "&whendelivered=https%3A%2F%2Fpbx.example.com%2Fstatus%2F46elks%3Fsecret%3Dk7x", request.getBody().utf8());
    }

    @Test
    void checkConfigSaysWhatA46elksInterfaceIgnoresAndWhatItLacks() throws Exception {
        WebsmsConfig config = config("[websms]\nprovider = 46elks\nauth_user = u1\nauth_secret = p1\nkey_to = To\nstatus_path = /status/46elks\n"
                + "[websmsd]\nprovider = 46elks\nresp_ack = Thanks!\n");
        assertEquals(List.of("websms.conf: warning: [websms] status_url: status_path is set, but 46elks posts delivery reports only to the "
                        + "whendelivered URL a message carries, which websms takes from status_url. Fix: set status_url to the public URL of "
                        + "status_path, e.g. https://pbx.example.com/status/46elks.",
                "websms.conf:5: warning: [websms] key_to: provider 46elks does not read key_to, so it changes nothing. "
                        + "Fix: remove it (46elks reads url_host, url_path).",
                "websms.conf:9: warning: [websmsd] resp_ack: provider 46elks does not read resp_ack, so it changes nothing. "
                        + "Fix: remove it (46elks reads none of websms's mapping keys)."),
                config.warnings().stream().map(io.websms.runtime.config.Diagnostic::format).toList());
    }

    @Test
    void aRefusalCarries46elksPlainTextReason() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(403).body("Not enough credits").build());
        WebsmsConfig config = config("[websms]\nprovider = 46elks\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 0\nauth_user = u1\nauth_secret = p1\n");
        assertEquals(SendResult.rejected(403, "HTTP 403: Not enough credits"),
                new Outbound(config, registry, TRANSPORT).send("", Message.of("+46700000000", "+46766861004", "x")));
    }

    @Test
    void theDocumentedIncomingSmsBecomesACallFileAndIsAnsweredWithNoBodyAtAll() throws Exception {
        // resp_ack is set, as for another ITSP: 46elks would text it back to the sender, so it is never sent.
        start("[websmsd]\nprovider = 46elks\nurl_path = /sms/46elks\nresp_ack = Thanks!\n", false);
        HttpResponse<String> response = post("/sms/46elks", INCOMING);
        assertEquals(204, response.statusCode());
        assertEquals("", response.body());
        assertEquals(Optional.empty(), response.headers().firstValue("Content-Type"), "no Content-Type: 46elks sends back nothing");
        List<Path> files = callFiles();
        assertEquals(1, files.size(), files.toString());
        String callFile = Files.readString(files.get(0));
        assertTrue(callFile.contains("\nsetvar: MESSAGE(to)=+46706860000\nsetvar: MESSAGE(from)=+46706861004\n"
                + "setvar: MESSAGE(body)=Hello%20how%20are%20you%3F\n"), callFile);
    }

    @Test
    void withAuthSecretOnlyACallWithTheSecretInItsUrlIsTaken() throws Exception {
        start("[websmsd]\nprovider = 46elks\nurl_path = /sms/46elks\nauth_secret = Zp4x-91\n", false);
        assertEquals(403, post("/sms/46elks", INCOMING).statusCode());
        assertEquals(403, post("/sms/46elks?secret=guess", INCOMING).statusCode());
        assertEquals(List.of(), callFiles());
        assertEquals(204, post("/sms/46elks?secret=Zp4x-91", INCOMING).statusCode());
        assertEquals(1, callFiles().size());
    }

    @Test
    void aDeliveryReportMovesTheMessageToDeliveredAndOneWithoutTheSecretIsRefused() throws Exception {
        start("""
                [websms]
                provider      = 46elks
                auth_user     = u2c11ef65b429a8e16ccb1f960d02c734
                auth_secret   = C0ACCEEC0FAFE879189DD5D57F6EC348
                status_path   = /status/46elks
                status_url    = https://pbx.example.com/status/46elks
                status_secret = k7x
                [websmsd]
                provider = 46elks
                url_path = /sms/46elks
                """, true);
        WebsmsId id = WebsmsId.next();
        ledger.record(LedgerEntry.accepted(id, "", "+46700000000", "+46766861004", "Bring a sweater", false, Instant.now()));
        ledger.setItspId(id, "", "s3633fa8e62f823e52fbc67ebf6925ab5");
        HttpResponse<String> forged = post("/status/46elks", "id=s3633fa8e62f823e52fbc67ebf6925ab5&status=failed");
        assertEquals(403, forged.statusCode());
        assertEquals(200, post("/status/46elks?secret=k7x", "id=s3633fa8e62f823e52fbc67ebf6925ab5&status=sent").statusCode());
        HttpResponse<String> delivered = post("/status/46elks?secret=k7x",
                "id=s3633fa8e62f823e52fbc67ebf6925ab5&status=delivered&delivered=2018-07-13T13%3A57%3A30.024000");
        assertEquals(200, delivered.statusCode(), delivered.body());
        LedgerEntry entry = ledger.byId(id).orElseThrow();
        assertEquals(List.of(DeliveryStatus.ACCEPTED, DeliveryStatus.SENT, DeliveryStatus.DELIVERED), entry.history().stream().map(StatusChange::status).toList());
        assertEquals(DeliveryStatus.DELIVERED, entry.status());
        assertEquals(List.of(), callFiles(), "a delivery report is no incoming SMS");
    }
}
