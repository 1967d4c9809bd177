package io.websms.runtime.agi;

import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An ITSP that echoes the request in its error reply: what the dialplan gets in {@code WEBSMS_ERROR} (and the log
 * and the dead letters the same reason) holds no credential, and is bounded.
 */
class ItspErrorReplyTest {

    private static final String SECRET = "s3cr3t+T0ken/";
    private static final String API_KEY = "K3y-0f-the-API";
    private static final String URL_PASSWORD = "urlP4ssw0rd";

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    private FastAgiServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String websms) throws Exception {
        String file = "[websms]\nurl_host = http://relay:" + URL_PASSWORD + "@127.0.0.1:" + itsp.getPort() + "\nurl_path = /send\n"
                + "retry_max = 0\nauth_user = AC42\nauth_secret = \"" + SECRET + "\"\nval_static = api_key=" + API_KEY + "\n" + websms;
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        server = FastAgiServer.start(new InetSocketAddress("127.0.0.1", 0), new SmsAgiScript(new Outbound(config, registry, new HttpTransport())), config.daemon().agiTimeout());
    }

    private String websmsError() throws Exception {
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "+46701234567", "hi", null));
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", commands.get(0));
        String line = commands.get(1);
        assertTrue(line.startsWith("SET VARIABLE WEBSMS_ERROR \""), line);
        return line.substring("SET VARIABLE WEBSMS_ERROR \"".length(), line.length() - 1);
    }

    @Test
    void anEchoedRequestLeavesNoCredentialInTheReason() throws Exception {
        start("");
        String basic = Base64.getEncoder().encodeToString(("AC42:" + SECRET).getBytes(StandardCharsets.UTF_8));
        // As an ITSP's error page might put it: the header, the form body, the decoded pair.
        itsp.enqueue(new MockResponse.Builder().code(401).body("denied Authorization: Basic " + basic + " body api_key=" + API_KEY
                + "&secret=s3cr3t%2BT0ken%2F user AC42:" + SECRET + " via relay:" + URL_PASSWORD).build());
        String error = websmsError();
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertEquals("Basic " + basic, request.getHeaders().get("Authorization"), "the credentials did go out");
        for (String secret : List.of(basic, SECRET, "s3cr3t%2BT0ken%2F", API_KEY, URL_PASSWORD)) {
            assertFalse(error.contains(secret), secret + " in " + error);
        }
        assertEquals("rejected by the ITSP: HTTP 401: denied Authorization: ******** body api_key=********&secret=******** "
                + "user ******** via ********", error);
    }

    @Test
    void aLongReplyIsBoundedAndASecretAtItsEndIsStillMasked() throws Exception {
        start("provider = twilio-like\nauth_method = basic");
        String longMessage = "x".repeat(5000) + " " + SECRET + "\r\n\u001b[31mred\u2028next";
        itsp.enqueue(new MockResponse.Builder().code(400).body("{\"code\":21211,\"message\":\"" + longMessage.replace("\r\n", "\\r\\n")
                .replace("\u001b", "\\u001b") + "\"}").build());
        String error = websmsError();
        String reason = error.substring("rejected by the ITSP: ".length());
        assertEquals(201, reason.length(), reason);
        assertTrue(reason.startsWith("HTTP 400: 21211 xxx") && reason.endsWith("x…"), reason);
        itsp.enqueue(new MockResponse.Builder().code(400).body("{\"code\":1,\"message\":\"bad " + SECRET + "\\r\\n\\u001b[31mred\\u2028next\"}").build());
        assertEquals("rejected by the ITSP: HTTP 400: 1 bad ********  [31mred next", websmsError(), "one line, no escape sequence");
    }
}
