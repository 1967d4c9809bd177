package io.websms.runtime.daemon;

import io.websms.runtime.agi.FakeAsterisk;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.optout.FileOptOutStore;
import io.websms.runtime.optout.OptOut;
import io.websms.runtime.optout.OptOutStore;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-out end to end in the daemon: STOP and START as webhooks on an interface with {@code optout = yes}, sends as
 * FastAGI calls (what the dialplan hears), MockWebServer as the ITSP, call files in a real spool.
 */
class OptOutDaemonTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Our number: the one they write to, and the one we send from. */
    private static final String OURS = "+46701234567";
    private static final String THEIRS = "+15017122661";

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

    private Websmsd start(String websmsd, OptOutStore optOuts) throws Exception {
        return start(websmsd, optOuts, Optional.empty());
    }

    private Websmsd start(String websmsd, OptOutStore optOuts, Optional<io.websms.runtime.outbox.MessageStore> outbox) throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nurl_path = /send\nauth_method = none\nretry_max = 0\n"
                + "retry_delay = 0.5\n"
                + "[websmsd]\n" + websmsd + "\n[astqueue]\nchannel_context = dp_entry_answer\ncontext = dp_entry_text_in\n";
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue());
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(loopback), Optional.of(loopback), spool,
                Optional.of(loopback), Optional.empty(), Optional.empty(), outbox, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(optOuts)));
        return daemon;
    }

    private FileOptOutStore list() throws IOException {
        return FileOptOutStore.open(dir.resolve("state/optout"));
    }

    @Test
    void stopRefusesTheNextSendWithAReasonAcrossARestartAndStartAllowsItAgain() throws Exception {
        start("optout = yes", list());
        // They write STOP to our number (an ITSP that sends numbers without the +).
        assertEquals(200, webhook("46701234567", "15017122661", "Stop.").statusCode());
        assertTrue(callFiles().stream().anyMatch(text -> text.contains("Stop.")), "the STOP itself still reaches the phone: " + callFiles());

        List<String> refused = send(THEIRS, "<sip:" + OURS + "@127.0.0.1>", "Your table is ready");
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", refused.get(0));
        assertTrue(refused.get(1).startsWith("SET VARIABLE WEBSMS_ERROR \"to: " + THEIRS + " opted out of SMS from " + OURS + " (STOP on interface -"),
                refused.get(1));
        assertEquals("SET VARIABLE WEBSMS_ID \"\"", refused.get(2), "websms took no message");
        assertEquals(0, itsp.getRequestCount(), "nothing went to the ITSP");
        assertTrue(metric("websms_optout_changes_total{interface=\"-\",change=\"stop\"} 1"));
        assertTrue(metric("websms_optout_refused_total{interface=\"-\"} 1"));
        assertTrue(metric("websms_messages_total{direction=\"out\",interface=\"-\",result=\"invalid\"} 1"));

        // Another of our numbers may still write to them.
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", send(THEIRS, "+46709999999", "from the other line").get(0));
        assertNotNull(itsp.takeRequest(5, TimeUnit.SECONDS));

        daemon.close();
        start("optout = yes", list());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", send(THEIRS, OURS, "after the restart").get(0), "the opt-out survived the restart");
        assertEquals(1, itsp.getRequestCount());

        assertEquals(200, webhook(OURS, THEIRS, "START").statusCode());
        assertTrue(metric("websms_optout_changes_total{interface=\"-\",change=\"start\"} 1"));
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", send(THEIRS, OURS, "welcome back").get(0));
        RecordedRequest sent = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(sent);
        assertTrue(sent.getBody().utf8().contains("welcome+back"), sent.getBody().utf8());
        assertEquals(List.of(), list().list());
    }

    @Test
    void aTextThatIsMoreThanTheKeywordIsAnOrdinaryMessage() throws Exception {
        start("optout = yes", list());
        assertEquals(200, webhook(OURS, THEIRS, "stop it please").statusCode());
        assertEquals(200, webhook(OURS, THEIRS, "Please STOP").statusCode());
        assertEquals(2, callFiles().size());
        assertEquals(List.of(), list().list());
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", send(THEIRS, OURS, "sure").get(0));
    }

    @Test
    void withoutOptoutYesAStopChangesNothingButAListedNumberIsStillRefused() throws Exception {
        FileOptOutStore list = list();
        start("", list);
        assertEquals(200, webhook(OURS, THEIRS, "STOP").statusCode());
        assertEquals(List.of(), list.list(), "optout defaults to no");
        list.add(new OptOut(OURS, "+12025550183", java.time.Instant.now(), "websms optout add"));
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", send("+1 (202) 555-0183", OURS, "hello").get(0),
                "the list is honoured on every interface, the number compared without separators");
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void aStopThatCannotBeKeptIsAnswered503AndNotStoredSoThatTheItspSendsItAgain() throws Exception {
        FileOptOutStore real = list();
        boolean[] broken = {true};
        OptOutStore flaky = new OptOutStore() {
            @Override
            public boolean add(OptOut optOut) throws IOException {
                if (broken[0]) {
                    throw new IOException("No space left on device");
                }
                return real.add(optOut);
            }

            @Override
            public boolean remove(String ours, String theirs) throws IOException {
                return real.remove(ours, theirs);
            }

            @Override
            public Optional<OptOut> find(String ours, String theirs) throws IOException {
                return real.find(ours, theirs);
            }

            @Override
            public List<OptOut> list() throws IOException {
                return real.list();
            }
        };
        start("optout = yes", flaky);
        HttpResponse<String> failed = webhook(OURS, THEIRS, "STOP");
        assertEquals(503, failed.statusCode());
        assertEquals("60", failed.headers().firstValue("Retry-After").orElse(null));
        assertEquals(List.of(), callFiles(), "not acknowledged, so not stored: the ITSP's retry brings it once");
        assertTrue(metric("websms_messages_total{direction=\"in\",interface=\"-\",result=\"not_stored\"} 1"));

        broken[0] = false;
        assertEquals(200, webhook(OURS, THEIRS, "STOP").statusCode());
        assertEquals(1, callFiles().size());
        assertEquals(1, real.list().size());
    }

    @Test
    void aMessageWaitingInTheOutboxWhenTheStopComesIsNeverSent() throws Exception {
        io.websms.runtime.outbox.FileMessageStore outbox = io.websms.runtime.outbox.FileMessageStore.open(dir.resolve("outbox"));
        start("optout = yes", list(), Optional.of(outbox));
        // The ITSP is down: the message waits. The outbox tries again after a second; the STOP comes before.
        itsp.enqueue(new MockResponse.Builder().code(503).build());
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"QUEUED\"", send(THEIRS, OURS, "reminder").get(0));
        assertEquals(200, webhook(OURS, THEIRS, "STOP").statusCode());
        for (int i = 0; i < 200 && outbox.list().size() > 0; i++) {
            Thread.sleep(50);
        }
        assertEquals(List.of(), outbox.list());
        try (Stream<Path> dead = Files.list(outbox.deadLetterDir())) {
            String letter = Files.readString(dead.findFirst().orElseThrow());
            assertTrue(letter.contains("opted out of SMS from"), letter);
        }
        assertEquals(1, itsp.getRequestCount(), "only the first try, before it was queued");
    }

    @Test
    void aListThatCannotBeReadStopsTheSendRatherThanRiskIt() throws Exception {
        OptOutStore unreadable = new OptOutStore() {
            @Override
            public boolean add(OptOut optOut) throws IOException {
                throw new IOException("Permission denied");
            }

            @Override
            public boolean remove(String ours, String theirs) throws IOException {
                throw new IOException("Permission denied");
            }

            @Override
            public Optional<OptOut> find(String ours, String theirs) throws IOException {
                throw new java.nio.file.AccessDeniedException("state/optout");
            }

            @Override
            public List<OptOut> list() throws IOException {
                throw new IOException("Permission denied");
            }
        };
        start("", unreadable);
        List<String> failed = send(THEIRS, OURS, "hello");
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", failed.get(0), "no outbox here: a failure that may pass");
        assertEquals("SET VARIABLE WEBSMS_ERROR \"not sent: the opt-out list cannot be read: state/optout\"", failed.get(1));
        assertEquals(0, itsp.getRequestCount());
    }

    private HttpResponse<String> webhook(String to, String from, String body) throws Exception {
        String form = "To=" + enc(to) + "&From=" + enc(from) + "&Body=" + enc(body);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private List<String> send(String to, String from, String body) throws Exception {
        return FakeAsterisk.call(daemon.agiPort(), FakeAsterisk.environment(to, from, body, null));
    }

    private List<String> callFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            return files.map(f -> {
                try {
                    return java.net.URLDecoder.decode(Files.readString(f), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private boolean metric(String line) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.adminPort() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertNull(text.lines().filter(l -> l.startsWith(line.substring(0, line.lastIndexOf(' ') + 1)) && !l.equals(line)).findFirst().orElse(null),
                "the sample has another value");
        return text.lines().anyMatch(line::equals);
    }
}
