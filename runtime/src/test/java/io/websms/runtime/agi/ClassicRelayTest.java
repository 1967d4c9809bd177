package io.websms.runtime.agi;

import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's side of a classic AGI call bin/websms relays: the handshake, the variables, the exit line. */
class ClassicRelayTest {

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Path config;
    private FastAgiServer server;

    @BeforeEach
    void start() throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nurl_path = /send\nauth_method = none\nretry_max = 0\n";
        config = Files.writeString(dir.resolve("websms.conf"), file);
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig loaded = new ConfigLoader(registry, Map.<String, String>of()::get).load(config);
        server = FastAgiServer.start(new InetSocketAddress("127.0.0.1", 0), new SmsAgiScript(new Outbound(loaded, registry, new HttpTransport())),
                new ClassicRelay(config), java.time.Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRelayedCallIsTakenSentOnceAndEndsWithTheScriptsExitStatus() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"id\":\"itsp-1\"}").build());
        List<String> lines = relay(environment(config.toString(), "hi"));
        assertEquals("websms-relay: ok", lines.get(0));
        assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", "SET VARIABLE WEBSMS_ERROR \"\""), lines.subList(1, 3));
        assertTrue(lines.get(3).matches("SET VARIABLE WEBSMS_ID \"[0-7][0-9A-HJKMNP-TV-Z]{25}\""), lines.get(3));
        assertEquals("websms-relay: exit 0", lines.get(lines.size() - 1));
        assertEquals(6, lines.size(), lines.toString());
        assertEquals(1, itsp.getRequestCount());
    }

    @Test
    void aRejectionEndsWithStatus69AndTheErrorTheScriptWouldPrint() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(400).body("{\"message\":\"Invalid 'To' number\"}").build());
        List<String> lines = relay(environment(config.toString(), "hi"));
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", lines.get(1));
        assertEquals("websms-relay: exit 69 rejected by the ITSP: HTTP 400: Invalid 'To' number", lines.get(lines.size() - 1));
    }

    @Test
    void aBadNumberEndsWithStatus65WithoutARequest() throws Exception {
        List<String> lines = relay(environment(config.toString(), "hi").replace("agi_arg_1: +15017122661", "agi_arg_1: not-a-number"));
        assertTrue(lines.get(lines.size() - 1).startsWith("websms-relay: exit 65 to: 'not-a-number' is not a phone number"), lines.toString());
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void aScriptOfAnotherConfigurationIsRefusedBeforeAnythingIsSent() throws Exception {
        Path other = Files.writeString(dir.resolve("other.conf"), Files.readString(config));
        List<String> lines = relay(environment(other.toString(), "hi"));
        assertEquals(List.of("websms-relay: refused this daemon works " + config.toAbsolutePath() + ", not " + other), lines);
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void theSameFileByAnotherNameIsThisDaemonsConfiguration() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        Path link = Files.createSymbolicLink(dir.resolve("link.conf"), config);
        assertEquals("websms-relay: ok", relay(environment(link.toString(), "hi")).get(0));
    }

    @Test
    void aServerWithoutRelayTreatsTheScriptAsUnknownAndSendsNothing() throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover();
        try (FastAgiServer plain = FastAgiServer.start(new InetSocketAddress("127.0.0.1", 0),
                new SmsAgiScript(new Outbound(new ConfigLoader(registry, Map.<String, String>of()::get).load(config), registry, new HttpTransport())),
                java.time.Duration.ofSeconds(5))) {
            List<String> lines = relay(plain.port(), environment(config.toString(), "hi"));
            assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", lines.get(0), "no ok: the relay sends by itself");
        }
        assertEquals(0, itsp.getRequestCount());
    }

    /** What lib/agi-relay.sh sends: Asterisk's classic environment, then its own lines and the arguments. */
    static String environment(String config, String body) {
        return "agi_request: /usr/share/asterisk/agi-bin/websms\nagi_channel: Message/ast_msg_queue\nagi_uniqueid: 1763900000.12\n"
                + "agi_network: yes\nagi_network_script: websms-relay\nagi_websms_config: " + config + "\n"
                + "agi_arg_1: +15017122661\nagi_arg_2: +46701234567\nagi_arg_3: " + body + "\nagi_arg_4: \n\n";
    }

    private List<String> relay(String environment) throws Exception {
        return relay(server.port(), environment);
    }

    /** Sends {@code environment}, answers each AGI command as Asterisk does (not the relay's lines), returns every line. */
    private static List<String> relay(int port, String environment) throws Exception {
        return FakeAsterisk.call(port, environment, line -> !line.startsWith("websms-relay: "));
    }
}
