package io.websms.runtime.daemon;

import io.websms.runtime.agi.FakeAsterisk;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generic provider for an ITSP without a plugin, end to end: a GET send (FastAGI in, MockWebServer as the ITSP),
 * and a JSON webhook read by paths and signed with the contract's X-Signature-256 (a call file out).
 */
class GenericWithoutCodeDaemonTest {

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Websmsd daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private void start(String file) throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue());
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(loopback), Optional.of(loopback), spool));
    }

    @Test
    void aGetInterfaceSendsItsFieldsAsTheQueryStringWithoutABody() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("ok").build());
        start("[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nurl_path = /api/sms?account=7\nurl_method = GET\nauth_method = none\n"
                + "key_to = dst\nkey_from = src\nkey_body = msg\n[websmsd]\n[astqueue]\n");
        List<String> commands = FakeAsterisk.call(daemon.agiPort(), FakeAsterisk.environment("+12025550183", "<sip:+15017122661@127.0.0.1>", "Hi & bye 😀", null));
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", commands.get(0));
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("GET", request.getMethod());
        // Helidon's client writes the query in its own canonical form (%20 for a space, its own order): the values count.
        assertEquals("/api/sms", request.getUrl().encodedPath());
        assertEquals("7", request.getUrl().queryParameter("account"), "url_path's own query stays");
        assertEquals("+12025550183", request.getUrl().queryParameter("dst"));
        assertEquals("+15017122661", request.getUrl().queryParameter("src"));
        assertEquals("Hi & bye 😀", request.getUrl().queryParameter("msg"));
        assertEquals(4, request.getUrl().querySize());
        assertEquals(0, request.getBodySize());
        assertEquals(null, request.getHeaders().get("Content-Type"), "a GET has no body to type");
    }

    @Test
    void aJsonWebhookIsReadByPathsAndTakenOnlyWithTheContractsSignature() throws Exception {
        start("""
                [websmsd]
                key_to = data.payload.to[0].phone_number
                key_from = data.payload.from.phone_number
                key_body = data.payload.text
                auth_secret = "contract-s3cret"
                remt_addr = 127.0.0.1
                [astqueue]
                """);
        String json = """
                {"data":{"event_type":"message.received","payload":{"from":{"phone_number":"+13125550001"},
                "to":[{"phone_number":"+17735550002"}],"text":"From deep JSON; # & % 😀"}}}""";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("contract-s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(json.getBytes(StandardCharsets.UTF_8)));
        HttpClient http = HttpClient.newHttpClient();
        URI hook = URI.create("http://127.0.0.1:" + daemon.httpPort() + "/");
        HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(hook).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, unsigned.statusCode());
        HttpResponse<String> signed = http.send(HttpRequest.newBuilder(hook).header("Content-Type", "application/json").header("X-Signature-256", signature)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, signed.statusCode(), signed.body());
        List<Path> files;
        try (var list = Files.list(dir.resolve("outgoing"))) {
            files = list.toList();
        }
        assertEquals(1, files.size());
        String callFile = Files.readString(files.get(0));
        assertTrue(callFile.contains("Channel: Local/+17735550002@") && callFile.contains("setvar: MESSAGE(from)=+13125550001")
                && callFile.contains("setvar: MESSAGE(body)=From%20deep%20JSON%3B%20%23%20%26%20%25%20%F0%9F%98%80"), callFile);
    }
}
