package io.websms.runtime.daemon;

import io.websms.api.Direction;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.inbound.Inbound;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Signed webhooks (Twilio, Zadarma) as real HTTP requests on loopback to the running webhook server: what the ITSP
 * signed is what websms checks, and nothing it did not sign reaches a call file.
 */
class SignedWebhookTest {

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

    /** Starts the daemon with the message stores the websmsd command opens for this configuration. */
    private WebsmsConfig start(String websmsd) throws Exception {
        WebsmsConfig config = DaemonFixture.config(registry, websmsd, "");
        Spool spool = DaemonFixture.spool(dir, config);
        Duration keepContents = Inbound.longestContentWindow(config);
        Optional<MessageIds> contents = keepContents.isZero() ? Optional.empty()
                : Optional.of(MessageIds.open(dir.resolve("contents"), config.daemon().dedupeContent(), keepContents));
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
                spool, Optional.empty(), Optional.of(MessageIds.open(dir.resolve("ids"), Duration.ofDays(1))), contents, Optional.empty()));
        return config;
    }

    // ---- Twilio: the URL as sent

    @Test
    void twiliosPublishedExampleIsAcceptedBehindAProxyThatRewritesThePath() throws Exception {
        start("provider = twilio-like\nauth_secret = 12345\npublic_url = https://mycompany.com/myapp.php");
        String form = "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212";
        HttpResponse<String> signed = send(HttpRequest.newBuilder(uri("/twilio?foo=1&bar=2")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(200, signed.statusCode(), signed.body());
        assertEquals(1, list(dir.resolve("outgoing")).size());
        HttpResponse<String> otherQuery = send(HttpRequest.newBuilder(uri("/twilio?foo=1&bar=3")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=").POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(403, otherQuery.statusCode(), "the query is signed");
    }

    @Test
    void aQueryWithPlusEscapesAndNonAsciiIsCheckedAsTwilioSentIt() throws Exception {
        start("provider = twilio-like\nauth_secret = TOKEN");
        // A GET webhook: every field in the query, percent-encoded as Twilio does (%2B, + for a space, %2F, UTF-8).
        String target = "/sms?MessageSid=SM77&To=%2B12025550160&From=%2B15017122661&Body=Hi+there%2C+a%2Fb+%C3%BC+%F0%9F%98%80";
        String url = "http://127.0.0.1:" + daemon.httpPort() + target;
        HttpResponse<String> signed = send(HttpRequest.newBuilder(uri(target)).header("X-Twilio-Signature", twilio("TOKEN", url)).GET());
        assertEquals(200, signed.statusCode(), signed.body());
        assertEquals("Hi%20there%2C%20a%2Fb%20%C3%BC%20%F0%9F%98%80", value(onlyCallFile(), "setvar: MESSAGE(body)="));
        HttpResponse<String> decodedUrl = send(HttpRequest.newBuilder(uri(target.replace("Body=Hi", "Body=Ho")))
                .header("X-Twilio-Signature", twilio("TOKEN", java.net.URLDecoder.decode(url, StandardCharsets.UTF_8))).GET());
        assertEquals(403, decodedUrl.statusCode(), "a signature over another spelling of the URL does not pass");
    }

    /** Twilio's scheme with no POST fields: base64(HMAC-SHA1(token, url)). */
    private static String twilio(String token, String url) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(url.getBytes(StandardCharsets.UTF_8)));
    }

    // ---- Zadarma: only the signed result counts

    private static final String RESULT = "{\"caller_id\":\"+79991234567\",\"caller_did\":\"+74951234567\",\"text\":\"Привет\"}";
    private static final String FORGED = "{\"caller_id\":\"+18005551234\",\"caller_did\":\"+19995550000\",\"text\":\"spoofed\"}";

    /** Zadarma's documented check: base64_encode(hash_hmac('sha1', $_POST['result'], API_SECRET)), hex digest. */
    private static String zadarma(String secret, String result) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(HexFormat.of().formatHex(mac.doFinal(result.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII));
    }

    private HttpResponse<String> zadarmaPost(String pathAndQuery, String form) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Signature", zadarma("SECRET", RESULT)).POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    @Test
    void unsignedFieldsBesideZadarmasResultNeverReachTheCallFile() throws Exception {
        start("provider = zadarma\nauth_secret = SECRET");
        String signed = "event=SMS&result=" + URLEncoder.encode(RESULT, StandardCharsets.UTF_8);
        String forged = URLEncoder.encode(FORGED, StandardCharsets.UTF_8);
        assertEquals(400, zadarmaPost("/", signed + "&result=" + forged).statusCode(), "a second result in the body");
        assertEquals(400, zadarmaPost("/?result=" + forged, signed).statusCode(), "a second result in the query");
        assertEquals(List.of(), list(dir.resolve("outgoing")));
        HttpResponse<String> extra = zadarmaPost("/?caller_did=%2B19995550001", signed + "&caller_did=%2B19995550000&caller_id=%2B18005551234&text=spoofed");
        assertEquals(200, extra.statusCode(), extra.body());
        String file = onlyCallFile();
        assertEquals("+74951234567", value(file, "setvar: MESSAGE(to)="));
        assertEquals("+79991234567", value(file, "setvar: MESSAGE(from)="));
        assertEquals("%D0%9F%D1%80%D0%B8%D0%B2%D0%B5%D1%82", value(file, "setvar: MESSAGE(body)="));
    }

    @Test
    void aReplayedSignedZadarmaWebhookGivesNoSecondCallFileByDefault() throws Exception {
        WebsmsConfig config = start("provider = zadarma\nauth_secret = SECRET");
        assertEquals("300", config.interfaces(Direction.INBOUND).get("").value("dedupe_content"), "Zadarma's default");
        String signed = "event=SMS&result=" + URLEncoder.encode(RESULT, StandardCharsets.UTF_8);
        HttpResponse<String> first = zadarmaPost("/", signed);
        HttpResponse<String> replay = zadarmaPost("/", signed);
        assertEquals(List.of(200, 200), List.of(first.statusCode(), replay.statusCode()));
        assertEquals(first.body(), replay.body(), "a replay gets the normal ack");
        assertEquals(1, list(dir.resolve("outgoing")).size(), "one call file");
    }

    @Test
    void dedupeContentZeroTurnsZadarmasDefaultOffAndAGenericInterfaceKeepsTheDaemonsValue() throws Exception {
        WebsmsConfig off = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf",
                "[websmsd]\nprovider = zadarma\ndedupe_content = 0\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("0", off.interfaces(Direction.INBOUND).get("").value("dedupe_content"));
        assertEquals(Duration.ZERO, Inbound.longestContentWindow(off));
        WebsmsConfig mixed = start("provider [1] = zadarma\nauth_secret [1] = SECRET\nurl_path [1] = /z\nprovider [2] = generic\nurl_path [2] = /g");
        assertEquals(Duration.ofMinutes(5), Inbound.longestContentWindow(mixed));
        String generic = "To=%2B12025550160&From=%2B15017122661&Body=same";
        for (int i = 0; i < 2; i++) {
            assertEquals(200, send(HttpRequest.newBuilder(uri("/g")).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(generic))).statusCode());
        }
        assertEquals(2, list(dir.resolve("outgoing")).size(), "dedupe_content = 0 (the default) still holds for the generic interface");
    }

    // ---- helpers

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + daemon.httpPort() + pathAndQuery);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String onlyCallFile() throws IOException {
        List<Path> files = list(dir.resolve("outgoing"));
        assertEquals(1, files.size(), files.toString());
        assertTrue(files.get(0).getFileName().toString().endsWith(".call"));
        return Files.readString(files.get(0));
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
