package io.websms.runtime.amidelivery;

import io.websms.runtime.ami.AmiAuthenticationException;
import io.websms.runtime.asterisk.AsteriskInstance;
import io.websms.runtime.asterisk.SippPhone;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.daemon.Websmsd;
import io.websms.runtime.inbox.FileInboxStore;
import io.websms.runtime.inbox.InboxEntry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import io.websms.runtime.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incoming SMS delivered over the AMI ({@code [astqueue] delivery = ami}) to a real Asterisk 22.10.1 and real SIP
 * phones (sipp), through the daemon's real webhook: what a phone shows is compared byte for byte.
 *
 * <p>Asterisk comes from {@code ../shared/asterisk/instance.sh} (or {@code ASTERISK_INSTANCE_SCRIPT}); sipp from the
 * Debian package {@code sip-tester}. Where either is missing the test is skipped and says why.
 */
class AmiDeliveryOnAsteriskTest {

    private static final String TO = "+4930123456";
    private static final String FROM = "+4915112345678";
    /** 700 emoji, the characters that break call files and AMI headers, and a line break. */
    /** The secret the test gives the README's least-rights user. */
    private static final String SECRET = "least-rights-secret";
    private static final String HARD_TEXT = "😀".repeat(700) + " ; # & % + \" \\ = : \nsecond line";

    @TempDir
    static Path shared;

    private static AsteriskInstance asterisk;
    private static ProviderRegistry registry;

    @TempDir
    Path dir;
    private Websmsd daemon;
    private final List<SippPhone> phones = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startAsterisk() throws Exception {
        asterisk = AsteriskInstance.startOrSkip(shared.resolve("asterisk"));
        SippPhone.requireSipp();
        Path shipped = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath()
                .resolveSibling("distribution/src/main/dist/dialplan/extensions-websms.conf");
        // The shipped dialplan (dialplan mode runs it as it runs call files) and the hint that makes TO alice's.
        asterisk.writeConfig("extensions.conf", Files.readString(shipped) + """

                [hints]
                exten => %s,hint,PJSIP/alice
                """.formatted(TO));
        asterisk.cli("dialplan reload");
        // The daemon logs in as the README's user with the least rights (copied from it), beside instance.sh's own.
        asterisk.writeConfig("manager.conf", Files.readString(asterisk.configDir().resolve("manager.conf")) + "\n" + readmeManagerUser());
        asterisk.cli("manager reload");
        registry = ProviderRegistry.discover();
    }

    /** The {@code manager.conf} section the README gives for delivery over the AMI, with the test's secret. */
    static String readmeManagerUser() throws Exception {
        Path readme = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().resolveSibling("README.md");
        String text = Files.readString(readme);
        int start = text.indexOf("```ini\n[websmsd]\nsecret = a-long-random-secret\n");
        assertTrue(start >= 0, "the README gives the manager.conf user");
        String section = text.substring(start + "```ini\n".length(), text.indexOf("```", start + 6));
        return section.replace("a-long-random-secret", SECRET);
    }

    @AfterAll
    static void stopAsterisk() {
        if (asterisk != null) {
            asterisk.close();
        }
    }

    @AfterEach
    void stopDaemonAndPhones() {
        if (daemon != null) {
            daemon.close();
        }
        for (SippPhone phone : phones) {
            phone.unregister();
            phone.close();
        }
    }

    private Websmsd startDaemon(String mode) throws Exception {
        return startDaemon(mode, SECRET);
    }

    private Websmsd startDaemon(String mode, String secret) throws Exception {
        String file = """
                [websmsd]
                url_path = /hook
                [astqueue]
                channel_context = dp_entry_answer
                context = dp_entry_text_in
                delivery = ami
                ami_addr = 127.0.0.1:%d
                ami_user = %s
                ami_secret = %s
                ami_mode = %s
                ami_hint_context = hints
                """.formatted(asterisk.amiPort(), "websmsd", secret, mode);
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(loopback), Optional.empty(), null, Optional.of(loopback),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(FileInboxStore.open(dir.resolve("inbox")))));
        return daemon;
    }

    private SippPhone phone() {
        SippPhone phone = SippPhone.register(asterisk, "alice", SippPhone.freePort());
        phones.add(phone);
        return phone;
    }

    private int webhook(String body) throws Exception {
        String form = "To=" + enc(TO) + "&From=" + enc(FROM) + "&Body=" + enc(body);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/hook"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private String health() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.adminPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The text the phone shows: its MESSAGEs' bodies joined in the order they came. */
    private static String joined(List<SippPhone.Received> messages) {
        return messages.stream().map(SippPhone.Received::body).collect(Collectors.joining());
    }

    private static int parts(String text) {
        return TextParts.of(text, TextParts.MESSAGE_SEND_BYTES).size();
    }

    private List<Path> inbox() throws Exception {
        try (var files = Files.list(dir.resolve("inbox"))) {
            return files.filter(f -> f.toString().endsWith(".msg")).toList();
        }
    }

    private static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void directModeDeliversTheExactTextInOrderedPartsFromTheSendersNumber() throws Exception {
        SippPhone phone = phone();
        startDaemon("direct");
        assertEquals(200, webhook(HARD_TEXT));
        List<SippPhone.Received> got = phone.awaitMessages(parts(HARD_TEXT), Duration.ofSeconds(15));
        assertEquals(HARD_TEXT, joined(got), "the parts, in order, join to exactly the text");
        assertEquals(4, got.size(), "2,800 bytes of emoji and the rest: four MESSAGEs of at most 756 bytes");
        for (SippPhone.Received message : got) {
            assertEquals(FROM, message.fromUser(), message.from());
        }
        await("the inbox is empty once Asterisk has the message", Duration.ofSeconds(5), () -> uncheck(() -> inbox().isEmpty()));
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.adminPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("websms_ami_deliveries_total{result=\"delivered\"} 1"), metrics);
        assertTrue(metrics.contains("websms_ami_connected 1"), metrics);
        assertTrue(metrics.contains("websms_inbox_messages 0"), metrics);
        assertTrue(health().startsWith("{\"status\":\"UP\",\"checks\":{\"config\":\"UP\",\"inbox\":\"UP\",\"ami\":\"UP\""), health());
    }

    @Test
    void aWrongSecretStopsTheStartWithAnErrorThatNamesTheKeysAndNotTheSecret() {
        AmiAuthenticationException e = assertThrows(AmiAuthenticationException.class, () -> startDaemon("direct", "not-the-secret-7"));
        assertTrue(e.getMessage().contains("check ami_user / ami_secret and manager.conf"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret-7"), e.getMessage());
    }

    @Test
    void aMessageWaitingTooLongIsPostedOnceToTheNotifyUrlThenBecomesADeadLetterWithItsReason() throws Exception {
        try (MockWebServer hook = new MockWebServer()) {
            hook.start();
            hook.enqueue(new MockResponse.Builder().code(204).build());
            String file = """
                    [astqueue]
                    delivery = ami
                    ami_addr = 127.0.0.1:%d
                    ami_user = websmsd
                    ami_secret = least-rights-secret
                    ami_mode = direct
                    ami_hint_context = hints
                    inbox_max_age = 3600
                    inbox_notify_after = 10
                    inbox_notify_url = %s
                    """.formatted(asterisk.amiPort(), hook.url("/sms-waiting"));
            WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
            MovableClock clock = new MovableClock(Instant.now());
            io.websms.runtime.metrics.Metrics metrics = new io.websms.runtime.metrics.Metrics();
            FileInboxStore store = FileInboxStore.open(dir.resolve("inbox"));
            try (AmiHandover handover = AmiHandover.start(config.astQueue(), store, metrics, io.websms.runtime.ami.AmiSettings.of("127.0.0.1", asterisk.amiPort(), "websmsd", SECRET), clock)) {
                String id = handover.take(io.websms.api.Message.of(TO, FROM, "nobody is registered"), config.astQueue());
                await("held: no device", Duration.ofSeconds(10), () -> uncheck(() -> store.list().get(0).lastReason().contains("no device of alice")));
                clock.move(Duration.ofMinutes(11));
                handover.wake();
                RecordedRequest copy = hook.takeRequest(10, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(copy != null, "a copy was posted");
                assertEquals("/sms-waiting", copy.getUrl().encodedPath());
                String json = copy.getBody().utf8();
                assertTrue(json.contains("\"id\":\"" + id + "\"") && json.contains("\"body\":\"nobody is registered\"")
                        && json.contains("\"to\":\"" + TO + "\"") && json.contains("\"waiting_seconds\":\"660\"")
                        && json.contains("no device of alice"), json);
                await("the copy is recorded", Duration.ofSeconds(5), () -> uncheck(() -> store.list().get(0).notified()));
                handover.wake();
                Thread.sleep(300);
                assertEquals(1, hook.getRequestCount(), "the copy is posted once");
                clock.move(Duration.ofHours(1));
                handover.wake();
                await("a dead letter", Duration.ofSeconds(10), () -> uncheck(() -> store.list().isEmpty() && store.deadLetters().size() == 1));
                InboxEntry dead = store.deadLetters().get(0);
                assertEquals(id, dead.id());
                assertTrue(dead.lastReason().startsWith("waited longer than inbox_max_age (3600 s); last: no device of alice"), dead.lastReason());
                assertTrue(metrics.scrape().contains("websms_ami_deliveries_total{result=\"expired\"} 1"), metrics.scrape());
            }
        }
    }

    @Test
    void aUserWithTwoRegisteredDevicesGetsTheTextOnBoth() throws Exception {
        SippPhone desk = phone();
        SippPhone mobile = phone();
        startDaemon("direct");
        assertEquals(200, webhook("to both; # & % + \" devices\nok"));
        assertEquals("to both; # & % + \" devices\nok", joined(desk.awaitMessages(1, Duration.ofSeconds(15))));
        assertEquals("to both; # & % + \" devices\nok", joined(mobile.awaitMessages(1, Duration.ofSeconds(15))));
        Thread.sleep(500);
        assertEquals(1, desk.messages().size(), "each device gets it once");
        assertEquals(1, mobile.messages().size(), "each device gets it once");
    }

    @Test
    void aPhoneThatIsNotRegisteredGetsTheTextWhenItRegistersAlsoAfterWebsmsdRestarted() throws Exception {
        startDaemon("direct");
        assertEquals(200, webhook("first while offline"), "acknowledged once stored, though no device is registered");
        assertEquals(200, webhook("second while offline"));
        await("both wait in the inbox", Duration.ofSeconds(5), () -> uncheck(() -> inbox().size() == 2));
        // The first is tried and held; the second waits behind it, in order.
        await("the courier tried and held the first", Duration.ofSeconds(5), () -> uncheck(() -> FileInboxStore.open(dir.resolve("inbox")).list()
                .get(0).lastReason().equals("no device of alice is registered")));
        daemon.close();
        daemon = null;
        startDaemon("direct");
        SippPhone phone = phone();
        List<SippPhone.Received> got = phone.awaitMessages(2, Duration.ofSeconds(20));
        assertEquals(List.of("first while offline", "second while offline"), got.stream().map(SippPhone.Received::body).toList(),
                "delivered when the phone registers, in the order they came");
        await("the inbox is empty", Duration.ofSeconds(5), () -> uncheck(() -> inbox().isEmpty()));
    }

    @Test
    void withTheAmiUnreachableWebhooksAreStillStoredAndDeliveredWhenItIsBackWithoutDuplicates() throws Exception {
        SippPhone phone = phone();
        startDaemon("direct");
        asterisk.stop();
        try {
            assertEquals(200, webhook("while Asterisk is down 1"));
            assertEquals(200, webhook("while Asterisk is down 2"));
            assertEquals(2, inbox().size(), "stored before the acknowledgement");
            await("health says degraded while the AMI is down and messages wait", Duration.ofSeconds(10),
                    () -> uncheck(() -> health().contains("\"status\":\"DEGRADED\"") && health().contains("\"ami\":\"DOWN\"")));
        } finally {
            asterisk.start();
        }
        phone.registerAgain();
        List<SippPhone.Received> got = phone.awaitMessages(2, Duration.ofSeconds(45));
        assertEquals(List.of("while Asterisk is down 1", "while Asterisk is down 2"), got.stream().map(SippPhone.Received::body).toList());
        await("the inbox is empty and health UP", Duration.ofSeconds(10), () -> uncheck(() -> inbox().isEmpty() && health().contains("\"status\":\"UP\"")));
        Thread.sleep(1000);
        assertEquals(2, phone.messages().size(), "none delivered twice");
    }

    @Test
    void asteriskRestartedWhileMessagesWaitLosesNoneAndDeliversNoneTwice() throws Exception {
        startDaemon("direct");
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, webhook("waiting " + i));
        }
        await("all three held", Duration.ofSeconds(5), () -> uncheck(() -> inbox().size() == 3));
        asterisk.stop();
        asterisk.start();
        SippPhone phone = phone();
        List<SippPhone.Received> got = phone.awaitMessages(3, Duration.ofSeconds(45));
        assertEquals(List.of("waiting 1", "waiting 2", "waiting 3"), got.stream().map(SippPhone.Received::body).toList());
        Thread.sleep(1000);
        assertEquals(3, phone.messages().size(), "none delivered twice");
    }

    @Test
    void dialplanModeRunsTheCallFileDialplanUnchangedAndALongBodyArrivesWhole() throws Exception {
        SippPhone phone = phone();
        startDaemon("dialplan");
        String text = "Dialplan mode; # & % + \" ok\n" + "x".repeat(100);
        assertEquals(200, webhook(text));
        assertEquals(text, phone.awaitMessages(1, Duration.ofSeconds(15)).get(0).body());
        await("the inbox is empty", Duration.ofSeconds(5), () -> uncheck(() -> inbox().isEmpty()));
    }

    @Test
    void dialplanModeDeliversAFiveThousandCharacterBodyDecodedPartByPartThenJoined() throws Exception {
        SippPhone phone = phone();
        startDaemon("dialplan");
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 5000; i++) {
            text.append("word").append(i).append(i % 7 == 0 ? "; # & % + \"\n" : " ");
        }
        text.setLength(5000);
        assertEquals(200, webhook(text.toString()));
        List<SippPhone.Received> got = phone.awaitMessages(2, Duration.ofSeconds(15));
        Thread.sleep(500);
        assertEquals(text.toString(), joined(phone.messages()), "the messages, in order, join to exactly the text");
        assertEquals(2, phone.messages().size(), "Asterisk joins at most 4 KiB: the shipped dialplan sends what is joined, then the rest");
        assertTrue(got.get(0).body().getBytes(StandardCharsets.UTF_8).length <= 4096, "the first message holds at most 4,096 bytes");
    }

    private interface Check {
        boolean get() throws Exception;
    }

    private static boolean uncheck(Check check) {
        try {
            return check.get();
        } catch (Exception e) {
            return false;
        }
    }
}
