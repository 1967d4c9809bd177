package io.websms.runtime.daemon;

import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The telnyx and bandwidth providers behind the running webhook server, configured from websms.conf: real HTTP
 * requests on loopback, the answer Telnyx and Bandwidth get, and the call files Asterisk gets.
 */
class TelnyxBandwidthWebhookTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ProviderRegistry registry;

    @TempDir
    Path dir;

    private Websmsd daemon;

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private void start(String websmsd) throws Exception {
        WebsmsConfig config = DaemonFixture.config(registry, websmsd, "");
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
                DaemonFixture.spool(dir, config), Optional.empty(), Optional.of(MessageIds.open(dir.resolve("ids"), Duration.ofDays(1))),
                Optional.empty(), Optional.empty()));
    }

    // ---- Telnyx

    private static final String RECEIVED = "{\"data\":{\"event_type\":\"message.received\",\"id\":\"bf6307bd-884d-4c1f-b6ea-c62b8c495d3c\","
            + "\"payload\":{\"direction\":\"inbound\",\"id\":\"7ee4241c-f127-47e5-9c34-3aac291f8058\",\"from\":{\"phone_number\":\"+18665550001\"},"
            + "\"to\":[{\"phone_number\":\"+18445550001\",\"status\":\"webhook_delivered\"}],\"text\":\"Hello, World!\","
            + "\"media\":[{\"url\":\"https://media.example.com/a.png\",\"content_type\":\"image/png\"}],\"type\":\"MMS\"},\"record_type\":\"event\"}}";

    private HttpResponse<String> telnyx(KeyPair keys, String body, Instant at) throws Exception {
        String timestamp = Long.toString(at.getEpochSecond());
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(keys.getPrivate());
        signer.update((timestamp + "|" + body).getBytes(StandardCharsets.UTF_8));
        return send(HttpRequest.newBuilder(uri("/sms/telnyx")).header("Content-Type", "application/json")
                .header("telnyx-signature-ed25519", Base64.getEncoder().encodeToString(signer.sign())).header("telnyx-timestamp", timestamp)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String publicKey(KeyPair keys) {
        byte[] encoded = keys.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    @Test
    void aSignedTelnyxMmsBecomesACallFileWithItsLinkAndIsAnswered200() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        start("provider = telnyx\nurl_path = /sms/telnyx\npublic_key = " + publicKey(keys));
        HttpResponse<String> stored = telnyx(keys, RECEIVED, Instant.now());
        assertEquals(200, stored.statusCode(), stored.body());
        assertEquals("", stored.body());
        String file = onlyCallFile();
        assertEquals("+18445550001", value(file, "setvar: MESSAGE(to)="));
        assertEquals("Hello, World!\nhttps://media.example.com/a.png", URLDecoder.decode(value(file, "setvar: MESSAGE(body)="), StandardCharsets.UTF_8));

        HttpResponse<String> again = telnyx(keys, RECEIVED, Instant.now());
        assertEquals(200, again.statusCode(), "Telnyx sent it again: acknowledged");
        assertEquals(1, list(dir.resolve("outgoing")).size(), "and stored once, by data.payload.id");
    }

    @Test
    void otherTelnyxEventsAre200WithoutACallFileAndForgedOrReplayedOnes403() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        start("provider = telnyx\nurl_path = /sms/telnyx\npublic_key = " + publicKey(keys));
        HttpResponse<String> sent = telnyx(keys, RECEIVED.replace("message.received", "message.sent"), Instant.now());
        assertEquals(200, sent.statusCode(), "a delivery event on the webhook: Telnyx must not retry it");
        assertEquals(403, telnyx(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), RECEIVED, Instant.now()).statusCode(), "another account's key");
        assertEquals(403, telnyx(keys, RECEIVED, Instant.now().minus(Duration.ofMinutes(10))).statusCode(), "a replay");
        assertEquals(List.of(), list(dir.resolve("outgoing")));
    }

    // ---- Bandwidth

    private static String received(String id, String from, String text) {
        return "{\"type\":\"message-received\",\"time\":\"2016-09-14T18:20:16Z\",\"description\":\"Incoming message received\",\"to\":\"+12345678902\","
                + "\"message\":{\"id\":\"" + id + "\",\"time\":\"2016-09-14T18:20:16Z\",\"to\":[\"+12345678902\"],\"from\":\"" + from + "\","
                + "\"text\":\"" + text + "\",\"applicationId\":\"93de2206-9669-4e07-948d-329f4b722ee2\",\"owner\":\"+12345678902\",\"direction\":\"in\",\"segmentCount\":1}}";
    }

    private HttpResponse<String> bandwidth(String body, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/sms/bandwidth")).header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "BandwidthAPI/v2").POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return send(request);
    }

    @Test
    void everyMessageOfABandwidthCallbackIsStoredBeforeOne204() throws Exception {
        start("provider = bandwidth\nurl_path = /sms/bandwidth\ncallback_user = bw-inbound\ncallback_secret = cb-secret-1");
        String two = "[" + received("14762070468292kw2fuqty55yp2b2", "+12345678901", "first") + ","
                + received("14762070468292kw2fuqty55yp2b3", "+12345678909", "second") + "]";
        HttpResponse<String> stored = bandwidth(two, "bw-inbound", "cb-secret-1");
        assertEquals(204, stored.statusCode(), stored.body());
        assertEquals("", stored.body());
        assertFalse(stored.headers().firstValue("Content-Type").isPresent(), "204: no Content-Type");
        List<String> bodies = calls().stream().map(file -> value(file, "setvar: MESSAGE(body)=")).sorted().toList();
        assertEquals(List.of("first", "second"), bodies);

        assertEquals(403, bandwidth(two, null, null).statusCode(), "no credentials");
        assertEquals(403, bandwidth(two, "bw-inbound", "cb-secret-2").statusCode(), "wrong password");
        assertEquals(204, bandwidth(two, "bw-inbound", "cb-secret-1").statusCode(), "sent again");
        assertEquals(2, calls().size(), "and stored once each, by message.id");
    }

    // ---- helpers

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + daemon.httpPort() + path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String onlyCallFile() throws IOException {
        List<String> files = calls();
        assertEquals(1, files.size(), files.toString());
        return files.get(0);
    }

    private List<String> calls() throws IOException {
        List<String> files = new java.util.ArrayList<>();
        for (Path file : list(dir.resolve("outgoing"))) {
            files.add(Files.readString(file));
        }
        return files;
    }

    private static String value(String file, String prefix) {
        return file.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + file));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
