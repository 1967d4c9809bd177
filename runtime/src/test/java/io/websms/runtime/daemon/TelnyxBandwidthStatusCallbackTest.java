package io.websms.runtime.daemon;

import io.websms.api.DeliveryStatus;
import io.websms.runtime.config.WebsmsConfig;
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
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Telnyx's delivery events and Bandwidth's status callbacks (a JSON array of events) as real HTTP requests to the
 * running daemon's status paths: checked with the keys of [websms], applied to the ledger.
 */
class TelnyxBandwidthStatusCallbackTest {

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

    private void start(String websms) throws Exception {
        WebsmsConfig config = DaemonFixture.sections(registry, "[websms]\n" + websms);
        ledger = SqliteLedger.open(dir.resolve("ledger.db"));
        daemon = DaemonFixture.webhookServer(config, registry, dir, Optional.empty(), Optional.of(ledger));
    }

    /** A message websms sent on the interface without an index, with the ITSP's id. */
    private WebsmsId sent(String itspId) throws IOException {
        WebsmsId id = WebsmsId.next();
        ledger.record(LedgerEntry.accepted(id, "", "+12345678902", "+12345678901", "See you at 8", false, Instant.now()));
        ledger.setItspId(id, "", itspId);
        return id;
    }

    private DeliveryStatus status(WebsmsId id) throws IOException {
        return ledger.byId(id).orElseThrow().status();
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + path))
                .header("Content-Type", "application/json; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void oneBandwidthCallbackWithTwoEventsUpdatesBothMessages() throws Exception {
        start("provider = bandwidth\naccount_id = 9900000\napplication_id = 93de2206-9669-4e07-948d-329f4b722ee2\nauth_user = u\nauth_secret = p\n"
                + "status_path = /status/bandwidth\ncallback_user = bw-status\ncallback_secret = status-pw-0123\nnotify_failed = no");
        WebsmsId delivered = sent("14762070468292kw2fuqty55yp2b2");
        WebsmsId failed = sent("14762070468292kw2fuqty55yp2b3");
        String events = "[{\"type\":\"message-delivered\",\"time\":\"2016-09-14T18:20:16Z\",\"description\":\"ok\",\"to\":\"+12345678902\","
                + "\"message\":{\"id\":\"14762070468292kw2fuqty55yp2b2\",\"to\":[\"+12345678902\"],\"from\":\"+12345678901\",\"text\":\"\",\"direction\":\"out\"}},"
                + "{\"type\":\"message-failed\",\"time\":\"2016-09-14T18:20:17Z\",\"description\":\"Carrier Rejected as Invalid Destination Address\","
                + "\"errorCode\":4720,\"to\":\"+12345678902\",\"message\":{\"id\":\"14762070468292kw2fuqty55yp2b3\",\"to\":[\"+12345678902\"],"
                + "\"from\":\"+12345678901\",\"text\":\"\",\"direction\":\"out\"}}]";
        String credentials = "Basic " + Base64.getEncoder().encodeToString("bw-status:status-pw-0123".getBytes(StandardCharsets.UTF_8));
        assertEquals(403, post("/status/bandwidth", events).statusCode(), "without the application's callback credentials");
        assertEquals(DeliveryStatus.ACCEPTED, status(delivered), "unchanged");
        HttpResponse<String> response = post("/status/bandwidth", events, "Authorization", credentials);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(DeliveryStatus.DELIVERED, status(delivered));
        assertEquals(DeliveryStatus.UNDELIVERED, status(failed));
        assertEquals("4720", ledger.byId(failed).orElseThrow().history().getLast().errorCode());
    }

    @Test
    void aSignedTelnyxDeliveryEventMarksTheMessageDelivered() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] encoded = keys.getPublic().getEncoded();
        String publicKey = Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
        start("provider = telnyx\nauth_secret = KEY0123\npublic_key = " + publicKey
                + "\nstatus_path = /status/telnyx\nstatus_url = https://pbx.example.com/status/telnyx");
        WebsmsId id = sent("40385f64-5717-4562-b3fc-2c963f66afa6");
        String event = "{\"data\":{\"event_type\":\"message.finalized\",\"id\":\"4ee8c3a6-4995-4309-a3c6-38e3db9ea4be\","
                + "\"occurred_at\":\"2019-12-09T21:32:14.148+00:00\",\"payload\":{\"direction\":\"outbound\",\"id\":\"40385f64-5717-4562-b3fc-2c963f66afa6\","
                + "\"to\":[{\"phone_number\":\"+12345678902\",\"status\":\"delivered\"}],\"errors\":[]},\"record_type\":\"event\"}}";
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update((timestamp + "|" + event).getBytes(StandardCharsets.UTF_8));
        String signature = Base64.getEncoder().encodeToString(signer.sign());
        assertEquals(403, post("/status/telnyx", event).statusCode(), "unsigned");
        HttpResponse<String> response = post("/status/telnyx", event, "telnyx-signature-ed25519", signature, "telnyx-timestamp", timestamp);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(DeliveryStatus.DELIVERED, status(id));
    }
}
