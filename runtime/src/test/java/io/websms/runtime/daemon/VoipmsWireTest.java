package io.websms.runtime.daemon;

import io.websms.api.Message;
import io.websms.api.SendResult;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
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
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * VoIP.ms through websms's own sender and webhook server: the calls VoIP.ms gets (https://voip.ms/m/apidocs.php:
 * sendSMS over GET, sendMMS) and its SMS URL Callback (https://wiki.voip.ms/article/SMS-MMS), answered ok.
 */
class VoipmsWireTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpTransport TRANSPORT = new HttpTransport();
    private static ProviderRegistry registry;

    @TempDir
    Path dir;

    @StartStop
    final MockWebServer itsp = new MockWebServer();

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

    private static WebsmsConfig config(String text) throws Exception {
        return DaemonFixture.sections(registry, text);
    }

    private SendResult send(Message message) throws Exception {
        WebsmsConfig config = config("[websms]\nprovider = voipms\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nretry_max = 0\n"
                + "auth_user = pbx@example.com\nauth_secret = Api-Passw0rd-42\n");
        return new Outbound(config, registry, TRANSPORT).send("", message);
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request, "VoIP.ms got no request");
        return request;
    }

    private void start(String websmsd) throws Exception {
        WebsmsConfig config = config("[websmsd]\n" + websmsd);
        daemon = DaemonFixture.webhookServer(config, registry, dir, Optional.empty(), Optional.empty());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + pathAndQuery)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Path> callFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            return files.sorted().toList();
        }
    }

    /** The parameters of {@code target}'s query, decoded; each name once. */
    private static Map<String, String> query(String target) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            assertEquals(null, parameters.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8)), "twice: " + name);
        }
        return parameters;
    }

    private static String setvar(String callFile, String name) {
        String prefix = "setvar: " + name + "=";
        return callFile.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + callFile))
                .substring(prefix.length());
    }

    @Test
    void anSmsIsAGetOfSendSmsWithEveryParameterInTheQueryAndNoBody() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body("{\"status\":\"success\",\"sms\":\"23434\"}").build());
        assertEquals(SendResult.sent(200, "23434"), send(Message.of("+1 (202) 555-0183", "+15017122661", "See you at 8 ~*+ ü 😀 & a=b; 100% #1?")));
        RecordedRequest request = take();
        assertEquals("GET", request.getMethod());
        String target = request.getTarget();
        assertTrue(target.startsWith("/api/v1/rest.php?"), target);
        // The web client may put the parameters in another order and write a blank as %20: VoIP.ms reads them by name.
        assertEquals(Map.of("api_username", "pbx@example.com", "api_password", "Api-Passw0rd-42", "method", "sendSMS", "did", "5017122661",
                "dst", "2025550183", "message", "See you at 8 ~*+ ü 😀 & a=b; 100% #1?"), query(target));
        assertTrue(request.getBody() == null || request.getBody().size() == 0, "a GET has no body");
        assertEquals(null, request.getHeaders().get("Content-Type"));
    }

    @Test
    void aLongTextIsAnMmsPostedAsAForm() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"success\",\"mms\":\"4411\"}").build());
        String text = "Long ".repeat(40);
        assertEquals(SendResult.sent(200, "4411"), send(Message.of("2025550183", "5017122661", text)));
        RecordedRequest request = take();
        assertEquals("POST /api/v1/rest.php", request.getMethod() + " " + request.getTarget());
        assertEquals("api_password=Api-Passw0rd-42&api_username=pbx%40example.com&did=5017122661&dst=2025550183&message="
                + text.replace(' ', '+') + "&method=sendMMS", request.getBody().utf8());
    }

    @Test
    void checkConfigSaysWhatAVoipmsInterfaceIgnoresAndRefusesAStatusPath() throws Exception {
        WebsmsConfig config = config("[websms]\nprovider = voipms\nauth_user = pbx@example.com\nauth_method = basic\nurl_method = POST\n"
                + "[websmsd]\nprovider = voipms\nresp_ack = OK\n");
        assertEquals(List.of("websms.conf: warning: [websms] auth_secret: VoIP.ms needs auth_user (the e-mail address you log in with) and "
                        + "auth_secret (the API password); without both, VoIP.ms refuses every message. Fix: set auth_user and auth_secret; the API "
                        + "password is set, and the API enabled, in VoIP.ms's portal under Main Menu > SOAP and REST/JSON API.",
                "websms.conf:5: warning: [websms] url_method: provider voipms does not read url_method, so it changes nothing. "
                        + "Fix: remove it (voipms reads media_from_body, url_host, url_path).",
                "websms.conf:8: warning: [websmsd] resp_ack: provider voipms does not read resp_ack, so it changes nothing. "
                        + "Fix: remove it (voipms reads key_body, key_from, key_to)."),
                config.warnings().stream().map(io.websms.runtime.config.Diagnostic::format).toList());
        io.websms.runtime.config.ConfigException statusPath = org.junit.jupiter.api.Assertions.assertThrows(io.websms.runtime.config.ConfigException.class,
                () -> config("[websms]\nprovider = voipms\nauth_user = a\nauth_secret = b\nstatus_path = /status/voipms\n"));
        // The list names every provider on the class path that reads status callbacks, in order: not voipms nor zadarma.
        assertTrue(statusPath.getMessage().matches(java.util.regex.Pattern.quote("websms.conf:5: error: [websms] status_path: provider voipms reads no "
                + "status callbacks, so nothing could serve /status/voipms. Fix: remove status_path, or use a provider that reads them (46elks, ")
                + "([a-z-]+, )*generic, ([a-z-]+, )*twilio-like([, a-z-]*)\\)\\."), statusPath.getMessage());
        assertFalse(statusPath.getMessage().contains("voipms,") || statusPath.getMessage().contains("zadarma"), statusPath.getMessage());
    }

    @Test
    void anErrorWordIsARejectionThatSaysWhatItMeans() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"invalid_dst\"}").build());
        assertEquals(SendResult.rejected(200, "VoIP.ms status invalid_dst: the destination is no number VoIP.ms can text (10-digit US and Canadian numbers)"),
                send(Message.of("+46701234567", "5017122661", "x")));
    }

    @Test
    void theUrlCallbackBecomesACallFileWithE164NumbersAndTheMediaAsLinksAndIsAnsweredOk() throws Exception {
        start("provider = voipms\nurl_path = /sms/voipms\n");
        HttpResponse<String> response = get("/sms/voipms?to=2025550183&from=5017122661&message=See%20you%20at%208%20%F0%9F%98%80&id=23435"
                + "&date=2026-11-02%2010%3A15%3A30&media=https%3A%2F%2Fvoip.ms%2Fmedia%2Fa1.jpg");
        assertEquals(200, response.statusCode());
        assertEquals("ok", response.body());
        assertEquals("text/plain; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        List<Path> files = callFiles();
        assertEquals(1, files.size(), files.toString());
        String callFile = Files.readString(files.get(0));
        assertEquals("+12025550183", setvar(callFile, "MESSAGE(to)"));
        assertEquals("+15017122661", setvar(callFile, "MESSAGE(from)"));
        assertEquals("See you at 8 😀\nhttps://voip.ms/media/a1.jpg", URLDecoder.decode(setvar(callFile, "MESSAGE(body)"), StandardCharsets.UTF_8));
        assertTrue(callFile.startsWith("Channel: Local/+12025550183@dp_entry_answer\n"), callFile);
    }

    @Test
    void withAuthSecretOnlyACallbackWithTheSecretInItsUrlIsTaken() throws Exception {
        start("provider = voipms\nurl_path = /sms/voipms\nauth_secret = r4nd0m-51\n");
        String query = "/sms/voipms?to=2025550183&from=5017122661&message=hi&id=23436&date=2026-11-02%2010%3A15%3A30";
        assertEquals(403, get(query).statusCode());
        assertEquals(List.of(), callFiles());
        HttpResponse<String> genuine = get(query + "&secret=r4nd0m-51");
        assertEquals(200, genuine.statusCode());
        assertEquals("ok", genuine.body());
        assertEquals(1, callFiles().size());
    }
}
