package io.websms.runtime.outbox;

import io.websms.runtime.agi.SmsAgiScript;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Store and forward against an ITSP that is down, slow, failing, then back; the outbox is a real folder. */
class OutboxTest {

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    /** What the ITSP does now: "up", "down" (503), "slow" (answers after the timeout), "refuse" (400). */
    private volatile String mode = "up";
    /** The bodies of the messages the ITSP accepted with a 2xx, in order. */
    private final List<String> accepted = new CopyOnWriteArrayList<>();

    private Outbound outbound;

    @BeforeEach
    void setUp() throws Exception {
        itsp.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return switch (mode) {
                    case "down" -> new MockResponse.Builder().code(503).build();
                    case "slow" -> new MockResponse.Builder().code(200).headersDelay(1, TimeUnit.SECONDS).build();
                    case "refuse" -> new MockResponse.Builder().code(400).body("{\"message\":\"bad number\"}").build();
                    default -> {
                        accepted.add(request.getBody().utf8());
                        yield new MockResponse.Builder().code(200).build();
                    }
                };
            }
        });
        ProviderRegistry registry = ProviderRegistry.discover();
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nauth_method = none\nretry_max = 0\n"
                + "retry_delay = 0.01\ntimeout_read = 0.2\nretry_max_age = 3600\n";
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        outbound = new Outbound(config, registry, new HttpTransport());
    }

    private Outbox outbox() throws Exception {
        return Outbox.start(FileMessageStore.open(dir.resolve("outbox")), outbound, Duration.ofHours(1));
    }

    private static SmsAgiScript.Outcome send(SmsAgiScript script, String to, String body) {
        return script.send(List.of(to, "+15017122661", body, ""));
    }

    @Test
    void outboxFilesAndFoldersAreForTheOwnerAndItsGroupOnly() throws Exception {
        FileMessageStore store = FileMessageStore.open(dir.resolve("state/outbox"));
        store.add(new QueuedMessage("", "", io.websms.api.Message.of("+12025550160", "+15017122661", "private text"),
                java.time.Instant.now(), 0, java.time.Instant.now(), ""));
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(store.dir())) {
            for (java.nio.file.Path file : files.toList()) {
                assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
        }
        for (java.nio.file.Path folder : new java.nio.file.Path[] {dir.resolve("state"), store.dir(), store.deadLetterDir()}) {
            assertEquals("rwxr-x---", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)), folder.toString());
        }
    }

    @Test
    void anOutboxRetrySendsTheSameIdAsTheFirstTryForTheItspToTellItFromANewMessage() throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover();
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nauth_method = none\nretry_max = 0\n"
                + "retry_delay = 0.01\ntimeout_read = 0.2\nkey_id = ref\n";
        Outbound withId = new Outbound(new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf",
                file.getBytes(StandardCharsets.UTF_8)), registry, new HttpTransport());
        try (Outbox outbox = Outbox.start(FileMessageStore.open(dir.resolve("outbox")), withId, Duration.ofHours(1))) {
            SmsAgiScript script = new SmsAgiScript(withId, outbox, new Metrics());
            mode = "down";
            SmsAgiScript.Outcome queued = send(script, "+46700000001", "one");
            assertEquals("QUEUED", queued.status());
            mode = "up";
            Thread.sleep(100); // past the next attempt
            outbox.deliverDue();
            String expected = "Body=one&From=%2B15017122661&To=%2B46700000001&ref=" + queued.id();
            assertEquals(List.of(expected), accepted, "the retry carries the id the dialplan got");
            assertEquals(expected, itsp.takeRequest(5, TimeUnit.SECONDS).getBody().utf8(), "and so did the first try");
        }
    }

    @Test
    void downThenSlowThenFailingThenBackEachMessageIsAcceptedExactlyOnce() throws Exception {
        try (Outbox outbox = outbox()) {
            SmsAgiScript script = new SmsAgiScript(outbound, outbox, new Metrics());
            mode = "down";
            assertEquals("QUEUED", send(script, "+46700000001", "one").status());
            mode = "slow";
            assertEquals("QUEUED", send(script, "+46700000002", "two").status());
            mode = "down";
            outbox.deliverDue();
            assertEquals(List.of(), accepted);
            assertEquals(2, files("outbox").size(), "both wait on disk");
            mode = "up";
            Thread.sleep(100); // past the next attempt
            outbox.deliverDue();
            outbox.deliverDue();
            assertEquals(List.of("Body=one&From=%2B15017122661&To=%2B46700000001", "Body=two&From=%2B15017122661&To=%2B46700000002"), accepted);
            assertEquals(List.of(), files("outbox"));
            assertEquals("SUCCESS", send(script, "+46700000003", "three").status(), "an ITSP that is up gets new messages at once");
        }
    }

    @Test
    void messagesToOneNumberKeepTheirOrderWhileOthersGoAtOnce() throws Exception {
        try (Outbox outbox = outbox()) {
            SmsAgiScript script = new SmsAgiScript(outbound, outbox, new Metrics());
            mode = "down";
            assertEquals("QUEUED", send(script, "+46700000001", "first").status());
            mode = "up";
            SmsAgiScript.Outcome second = send(script, "+46700000001", "second");
            assertEquals("QUEUED", second.status(), "it waits behind the first");
            assertEquals("queued: an earlier message to +46700000001 is waiting", second.error());
            assertEquals("SUCCESS", send(script, "+46700000009", "other").status());
            Thread.sleep(100);
            outbox.deliverDue();
            assertEquals(List.of("Body=other&From=%2B15017122661&To=%2B46700000009", "Body=first&From=%2B15017122661&To=%2B46700000001",
                    "Body=second&From=%2B15017122661&To=%2B46700000001"), accepted);
        }
    }

    @Test
    void waitingMessagesSurviveARestart() throws Exception {
        mode = "down";
        try (Outbox before = outbox()) {
            assertEquals("QUEUED", send(new SmsAgiScript(outbound, before, new Metrics()), "+46700000001", "survives").status());
        }
        mode = "up";
        Thread.sleep(100);
        try (Outbox after = outbox()) {
            assertTrue(after.isWaiting("+46700000001"), "the restarted outbox knows what waits");
            after.deliverDue();
        }
        assertEquals(List.of("Body=survives&From=%2B15017122661&To=%2B46700000001"), accepted);
        assertEquals(List.of(), files("outbox"));
    }

    @Test
    void aFullOutboxRefusesRatherThanGrowWithoutEnd() throws Exception {
        try (Outbox outbox = Outbox.start(FileMessageStore.open(dir.resolve("outbox")), outbound, Duration.ofHours(1), 2)) {
            SmsAgiScript script = new SmsAgiScript(outbound, outbox, new Metrics());
            mode = "down";
            assertEquals("QUEUED", send(script, "+46700000001", "a").status());
            assertEquals("QUEUED", send(script, "+46700000002", "b").status());
            SmsAgiScript.Outcome third = send(script, "+46700000003", "c");
            assertEquals("FAILURE", third.status());
            assertEquals("not sent (HTTP 503) and not queued: the outbox is full (2 messages, outbox_max)", third.error());
            assertEquals(2, files("outbox").size());
        }
    }

    @Test
    void aRejectionIsNeverQueued() throws Exception {
        try (Outbox outbox = outbox()) {
            mode = "refuse";
            SmsAgiScript.Outcome outcome = send(new SmsAgiScript(outbound, outbox, new Metrics()), "+46700000001", "x");
            assertEquals("FAILURE", outcome.status());
            assertEquals("rejected by the ITSP: HTTP 400: bad number", outcome.error());
            assertEquals(List.of(), files("outbox"));
        }
    }

    @Test
    void anExpiredMessageGoesToTheDeadLettersWithItsLastReason() throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover();
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nauth_method = none\nretry_max = 0\nretry_delay = 0.01\nretry_max_age = 0.2\n";
        outbound = new Outbound(new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8)),
                registry, new HttpTransport());
        try (Outbox outbox = outbox()) {
            mode = "down";
            assertEquals("QUEUED", send(new SmsAgiScript(outbound, outbox, new Metrics()), "+46700000001", "too late").status());
            Thread.sleep(300);
            mode = "up";
            outbox.deliverDue();
        }
        assertEquals(List.of(), accepted, "an expired message is not sent");
        assertEquals(List.of(), files("outbox"));
        List<Path> dead = files("outbox-dead-letter");
        assertEquals(1, dead.size());
        String letter = Files.readString(dead.get(0), StandardCharsets.UTF_8);
        assertTrue(letter.contains("last_reason=HTTP 503"), letter);
        assertTrue(letter.contains("body=too late"), letter);
    }

    private List<Path> files(String folder) throws Exception {
        try (var list = Files.list(dir.resolve(folder))) {
            return list.sorted().toList();
        }
    }
}
