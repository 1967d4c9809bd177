package io.websms.runtime.daemon;

import io.websms.runtime.agi.FakeAsterisk;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.outbox.FileMessageStore;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The daemon's {@code /health} and {@code /metrics} on its admin address, read over HTTP while real messages go in
 * (webhooks on loopback, call files in a real spool) and out (FastAGI calls, MockWebServer as the ITSP).
 */
class ObservabilityTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One sample line of the text format: a name, labels if any, a value. */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)");

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Websmsd daemon;

    @BeforeEach
    void start() throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nurl_path = /send\n"
                + "auth_method = basic\nauth_user = acct\nauth_secret = s3cr3t-Token\n"
                + "retry_max = 1\nretry_delay = 0.05\n"
                + "[websmsd]\n"
                + "[astqueue]\nchannel_context = dp_entry_answer\ncontext = dp_entry_text_in\n";
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue());
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(loopback), Optional.of(loopback), spool,
                Optional.of(loopback), Optional.empty(), Optional.empty(), Optional.of(FileMessageStore.open(dir.resolve("outbox")))));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    @Test
    void theMetricsCountMessagesInAndOutItspLatencyRetriesAndRefusals() throws Exception {
        Map<String, Double> before = scrape();
        assertEquals(Map.of(), only(before, "websms_messages_total"), "nothing counted yet");
        assertEquals(0.0, before.get("websms_outbox_messages"));
        assertTrue(before.get("process_resident_memory_bytes") > 1e6, "the process's own size is there: " + before);

        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", agi("first").get(0));
        Map<String, Double> sent = scrape();
        assertEquals(1.0, sent.get("websms_messages_total{direction=\"out\",interface=\"-\",result=\"sent\"}"));
        assertEquals(1.0, sent.get("websms_itsp_request_duration_seconds_count{interface=\"-\"}"));
        assertEquals(1.0, sent.get("websms_itsp_request_duration_seconds_bucket{interface=\"-\",le=\"+Inf\"}"));

        // Down twice (the call's own retry), so it is queued; then the outbox delivers it.
        itsp.enqueue(new MockResponse.Builder().code(500).build());
        itsp.enqueue(new MockResponse.Builder().code(503).build());
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"QUEUED\"", agi("second").get(0));
        Map<String, Double> queued = scrape();
        assertEquals(1.0, queued.get("websms_messages_total{direction=\"out\",interface=\"-\",result=\"queued\"}"));
        assertEquals(1.0, queued.get("websms_retries_total{interface=\"-\",stage=\"request\"}"));
        Map<String, Double> delivered = awaitMetric("websms_outbox_deliveries_total{interface=\"-\",result=\"sent\"}", 1.0);
        assertEquals(0.0, delivered.get("websms_outbox_messages"));
        assertEquals(4.0, delivered.get("websms_itsp_request_duration_seconds_count{interface=\"-\"}"), "every HTTP request is timed");

        // Refused before sending: the dialplan gave no body.
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", FakeAsterisk.call(daemon.agiPort(),
                FakeAsterisk.environment("+15017122661", "<sip:+46701234567@127.0.0.1>", "", null)).get(0));

        assertEquals(200, post("To=%2B12025550160&From=%2B15017122661&Body=hi").statusCode());
        assertEquals(400, post("From=%2B15017122661&Body=no+destination").statusCode());
        assertEquals(400, post("To=%2B1202%0ASet:+x&From=%2B15017122661&Body=injected").statusCode());
        Map<String, Double> after = scrape();
        assertEquals(Map.of(
                "websms_messages_total{direction=\"out\",interface=\"-\",result=\"sent\"}", 1.0,
                "websms_messages_total{direction=\"out\",interface=\"-\",result=\"queued\"}", 1.0,
                "websms_messages_total{direction=\"out\",interface=\"-\",result=\"invalid\"}", 1.0,
                "websms_messages_total{direction=\"in\",interface=\"-\",result=\"stored\"}", 1.0), only(after, "websms_messages_total"));
        assertEquals(Map.of("websms_outbox_deliveries_total{interface=\"-\",result=\"sent\"}", 1.0), only(after, "websms_outbox_deliveries_total"),
                "the queued message's delivery, counted apart: one count per message in websms_messages_total");
        assertEquals(Map.of("websms_webhooks_refused_total{reason=\"malformed\"}", 2.0), only(after, "websms_webhooks_refused_total"));
        assertEquals(1, Files.list(dir.resolve("outgoing")).count(), "the one stored message is in the spool");
    }

    @Test
    void theMetricsAreInThePrometheusTextFormatOnTheAdminAddressOnly() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        agi("text");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(admin("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        String previousFamily = "";
        for (String line : response.body().lines().toList()) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                String family = line.split(" ")[2];
                assertTrue(line.startsWith("# TYPE ") || !family.equals(previousFamily), "one HELP per family: " + line);
                previousFamily = family;
            } else {
                Matcher sample = SAMPLE.matcher(line);
                assertTrue(sample.matches(), "a sample line: " + line);
                assertTrue(sample.group(1).startsWith(previousFamily), line + " belongs to the family above it, " + previousFamily);
                Double.parseDouble(sample.group(2).replace("+Inf", "Infinity"));
            }
        }
        Map<String, Double> samples = parse(response.body());
        double previous = 0;
        for (String le : List.of("0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "30", "+Inf")) {
            double bucket = samples.get("websms_itsp_request_duration_seconds_bucket{interface=\"-\",le=\"" + le + "\"}");
            assertTrue(bucket >= previous, "buckets are cumulative");
            previous = bucket;
        }
        assertEquals(1.0, previous);
        assertTrue(response.body().contains("\nwebsms_build_info{version=\"" + projectVersion() + "\",java=\""
                + System.getProperty("java.version") + "\"} 1\n"), "which websms, on which Java: " + response.body());
        HttpResponse<String> onWebhookPort = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/metrics"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, onWebhookPort.statusCode(), "the webhook port, open to the ITSP, does not serve them");
    }

    @Test
    void healthIsReadyOnlyWhileTheSpoolIsWritable() throws Exception {
        HttpResponse<String> up = HTTP.send(HttpRequest.newBuilder(admin("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode());
        Files.delete(dir.resolve("staging"));
        HttpResponse<String> down = HTTP.send(HttpRequest.newBuilder(admin("/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, down.statusCode());
        assertEquals(503, post("To=%2B12025550160&From=%2B15017122661&Body=hi").statusCode(), "the ITSP is told to come back");
        assertEquals(1.0, scrape().get("websms_messages_total{direction=\"in\",interface=\"-\",result=\"not_stored\"}"));
    }

    @Test
    void theLogHasOneLinePerMessageWithInterfaceResultAndIdButNeitherTextNorSecret() throws Exception {
        List<String> lines = new java.util.ArrayList<>();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                if (isLoggable(record)) {
                    lines.add(new java.util.logging.SimpleFormatter().formatMessage(record));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.INFO);
        root.addHandler(capture);
        String id;
        try {
            itsp.enqueue(new MockResponse.Builder().code(200).build());
            List<String> commands = agi("Outgoing words for the log");
            assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", commands.get(0));
            id = commands.get(2).replaceFirst("^SET VARIABLE WEBSMS_ID \"(.*)\"$", "$1");
            assertEquals(200, post("To=%2B12025550160&From=%2B15017122661&Body=Incoming+words+for+the+log").statusCode());
        } finally {
            root.removeHandler(capture);
        }
        List<String> messages;
        synchronized (capture) {
            messages = lines.stream().filter(l -> l.startsWith("in ") || l.startsWith("out ")).toList();
            assertTrue(lines.stream().noneMatch(l -> l.contains("words for the log") || l.contains("s3cr3t-Token")
                    || l.contains(java.util.Base64.getEncoder().encodeToString("acct:s3cr3t-Token".getBytes(StandardCharsets.UTF_8)))), lines.toString());
        }
        String file;
        try (var spooled = java.nio.file.Files.list(dir.resolve("outgoing"))) {
            file = spooled.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".call")).findFirst().orElseThrow();
        }
        assertEquals(List.of("out interface=- to=+15017122661 result=SENT status=200 id=" + id + " call=1763900000.12 itsp_id=-",
                "in interface=- result=STORED to=+12025550160 from=+15017122661 itsp_id=- file=" + file), messages);
    }

    private List<String> agi(String body) throws Exception {
        return FakeAsterisk.call(daemon.agiPort(), FakeAsterisk.environment("+15017122661", "<sip:+46701234567@127.0.0.1>", body, null));
    }

    private HttpResponse<String> post(String form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI admin(String path) {
        return URI.create("http://127.0.0.1:" + daemon.adminPort() + path);
    }

    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(admin("/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return parse(response.body());
    }

    private Map<String, Double> awaitMetric(String series, double value) throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            Map<String, Double> samples = scrape();
            if (samples.getOrDefault(series, 0.0) == value) {
                return samples;
            }
            Thread.sleep(50);
        }
        return fail(series + " did not reach " + value + ": " + scrape());
    }

    private static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.lines().filter(l -> !l.startsWith("#")).toList()) {
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), line);
            samples.put(sample.group(1), Double.parseDouble(sample.group(2).replace("+Inf", "Infinity")));
        }
        return samples;
    }

    private static Map<String, Double> only(Map<String, Double> samples, String family) {
        Map<String, Double> of = new HashMap<>();
        samples.forEach((series, value) -> {
            if (series.startsWith(family + "{")) {
                of.put(series, value);
            }
        });
        return of;
    }

    /** The version in this module's pom.xml (its parent's, which it inherits): what the build stamps into websms. */
    static String projectVersion() throws java.io.IOException {
        Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find(), "pom.xml names a version");
        return version.group(1);
    }
}
