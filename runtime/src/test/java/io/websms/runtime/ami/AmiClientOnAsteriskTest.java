package io.websms.runtime.ami;

import io.websms.runtime.LogCapture;
import io.websms.runtime.asterisk.AsteriskInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link AmiClient} against a real Asterisk 22.10.1 (AMI user websms / secret websms, as instance.sh writes it).
 *
 * <p>Asterisk comes from {@link AsteriskInstance}: {@code ../shared/asterisk/instance.sh} beside the repository (or the
 * script named by {@code ASTERISK_INSTANCE_SCRIPT}); where there is none the test is skipped and says why.
 */
class AmiClientOnAsteriskTest {

    @TempDir
    static Path dir;

    private static AsteriskInstance asterisk;
    private static int ami;

    @BeforeAll
    static void startAsterisk() {
        asterisk = AsteriskInstance.startOrSkip(dir.resolve("asterisk"));
        ami = asterisk.amiPort();
    }

    @AfterAll
    static void stopAsterisk() {
        if (asterisk != null) {
            asterisk.close();
        }
    }

    private static AmiSettings settings() {
        return AmiSettings.of("127.0.0.1", ami, "websms", "websms").withTimeout(Duration.ofSeconds(3));
    }

    private static AmiMessage answer(AmiClient client, AmiMessage action) throws Exception {
        return client.send(action).get(5, TimeUnit.SECONDS);
    }

    @Test
    void logsInAndAPingAnswersSuccess() throws Exception {
        try (AmiClient client = AmiClient.connect(settings())) {
            assertTrue(client.isConnected());
            AmiMessage pong = answer(client, AmiMessage.action("Ping").build());
            assertEquals("Success", pong.get("Response").orElse(null), pong.toString());
            assertEquals("Pong", pong.get("Ping").orElse(null), pong.toString());
        }
    }

    @Test
    void aWrongSecretIsAnAuthenticationFailureThatDoesNotShowTheSecret() {
        AmiSettings wrong = AmiSettings.of("127.0.0.1", ami, "websms", "not-the-secret-42");
        AmiAuthenticationException e = assertThrows(AmiAuthenticationException.class, () -> AmiClient.connect(wrong));
        assertTrue(e.getMessage().startsWith("authentication failed for user websms at 127.0.0.1:" + ami
                + ": check ami_user / ami_secret and manager.conf"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-secret-42"), e.getMessage());
        assertFalse(wrong.toString().contains("not-the-secret-42"), wrong.toString());
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int closed = AsteriskInstance.freeTcpPort();
        AmiUnreachableException e = assertThrows(AmiUnreachableException.class,
                () -> AmiClient.connect(AmiSettings.of("127.0.0.1", closed, "websms", "websms")));
        assertTrue(e.getMessage().startsWith("cannot reach the AMI at 127.0.0.1:" + closed + ": "), e.getMessage());
    }

    @Test
    void aliceHasNoRegisteredContact() throws Exception {
        try (AmiClient client = AmiClient.connect(settings())) {
            AmiMessage contacts = answer(client, AmiMessage.action("PJSIPShowContacts").build());
            assertEquals("Error", contacts.get("Response").orElse(null), contacts.toString());
            assertEquals("No Contacts found", contacts.get("Message").orElse(null), contacts.toString());
            AmiMessage dial = answer(client, AmiMessage.action("Getvar").add("Variable", "PJSIP_DIAL_CONTACTS(alice)").build());
            assertEquals("Success", dial.get("Response").orElse(null), dial.toString());
            assertEquals("", dial.get("Value").orElse(null), dial.toString());
        }
    }

    @Test
    void aCommandAndAGetvarRoundTrip() throws Exception {
        try (AmiClient client = AmiClient.connect(settings())) {
            AmiMessage version = answer(client, AmiMessage.action("Command").add("Command", "core show version").build());
            assertEquals("Success", version.get("Response").orElse(null), version.toString());
            assertTrue(version.all("Output").stream().anyMatch(line -> line.startsWith("Asterisk 22.10.1")), version.toString());

            AmiMessage set = answer(client, AmiMessage.action("Setvar").add("Variable", "GLOBAL(WEBSMS_AMI_TEST)").add("Value", "a; b % ü").build());
            assertEquals("Success", set.get("Response").orElse(null), set.toString());
            AmiMessage got = answer(client, AmiMessage.action("Getvar").add("Variable", "GLOBAL(WEBSMS_AMI_TEST)").build());
            assertEquals("a; b % ü", got.get("Value").orElse(null), got.toString());
        }
    }

    @Test
    void eventsReachTheListeners() throws Exception {
        BlockingQueue<AmiMessage> events = new LinkedBlockingQueue<>();
        try (AmiClient client = new AmiClient(settings())) {
            client.addListener(events::add);
            client.start();
            // Asterisk sends FullyBooted right after the login.
            assertNotNull(poll(events, "FullyBooted", 5), "no FullyBooted event after the login");
            AmiMessage sent = answer(client, AmiMessage.action("UserEvent").add("UserEvent", "WebsmsProbe").add("Note", "one")
                    .add("Note", "two").build());
            assertEquals("Success", sent.get("Response").orElse(null), sent.toString());
            AmiMessage event = poll(events, "UserEvent", 5);
            assertNotNull(event, "the UserEvent did not reach the listener");
            assertEquals("WebsmsProbe", event.get("UserEvent").orElse(null), event.toString());
        }
    }

    @Test
    void aHeaderWithCrOrLfOrALineOverTheLimitIsRefusedBeforeSending() throws Exception {
        IllegalArgumentException crlf = assertThrows(IllegalArgumentException.class,
                () -> AmiMessage.action("Getvar").add("Variable", "X\r\nAction: Command\r\nCommand: core stop now"));
        assertTrue(crlf.getMessage().contains("'Variable' holds a CR or LF"), crlf.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AmiMessage.action("Getvar").add("Variable", "X\nY"));
        assertThrows(IllegalArgumentException.class, () -> AmiMessage.action("Getvar").add("Var\riable", "X"));

        // 1,024 bytes with the CRLF is what Asterisk still reads; one more byte is refused here, as Asterisk would.
        String fits = "x".repeat(AmiMessage.MAX_LINE_BYTES - "Variable: \r\n".length());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> AmiMessage.action("Getvar").add("Variable", fits + "x"));
        assertTrue(tooLong.getMessage().contains("1025 bytes") && tooLong.getMessage().contains("at most 1024"), tooLong.getMessage());
        try (AmiClient client = AmiClient.connect(settings())) {
            AmiMessage longest = answer(client, AmiMessage.action("Getvar").add("Variable", fits).build());
            assertEquals("Success", longest.get("Response").orElse(null), longest.toString());
            assertFalse(String.valueOf(longest.get("Message").orElse("")).contains("too long"), longest.toString());
        }
    }

    @Test
    void afterAsteriskRestartsTheClientLogsInAgainByItself() throws Exception {
        BlockingQueue<AmiMessage> events = new LinkedBlockingQueue<>();
        AmiSettings quick = settings().withTimeout(Duration.ofSeconds(2)).withPingInterval(Duration.ofSeconds(1))
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(800)).withMaxOutstanding(3);
        try (LogCapture log = LogCapture.start(); AmiClient client = new AmiClient(quick)) {
            client.addListener(events::add);
            client.start();
            assertNotNull(poll(events, "FullyBooted", 5));
            asterisk.stop();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (client.isConnected() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertFalse(client.isConnected(), "the client still thinks it is connected 10 s after Asterisk stopped");

                // While Asterisk is down, actions wait, up to maxOutstanding; one more is refused at once.
                List<CompletableFuture<AmiMessage>> waiting = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    waiting.add(client.send(AmiMessage.action("Ping").build()));
                }
                RejectedExecutionException full = assertThrows(RejectedExecutionException.class,
                        () -> client.send(AmiMessage.action("Ping").build()));
                assertTrue(full.getMessage().contains("3 actions waiting for an answer already (maxOutstanding)"), full.getMessage());
                ExecutionException timedOut = assertThrows(ExecutionException.class, () -> waiting.get(0).get(5, TimeUnit.SECONDS));
                assertInstanceOf(TimeoutException.class, timedOut.getCause());
                assertTrue(timedOut.getCause().getMessage().startsWith("no answer from the AMI at 127.0.0.1:" + ami + " to Action: Ping"),
                        timedOut.getCause().getMessage());
            } finally {
                asterisk.start();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (!client.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(client.isConnected(), "the client did not log in again within 15 s of Asterisk's restart");
            AmiMessage pong = answer(client, AmiMessage.action("Ping").build());
            assertEquals("Success", pong.get("Response").orElse(null), pong.toString());
            assertTrue(log.lines("AMI: logged in again as websms at 127.0.0.1:" + ami).size() == 1, String.join("\n", log.lines("AMI")));
            assertTrue(log.lines("AMI").stream().noneMatch(line -> line.contains("Secret")), String.join("\n", log.lines("AMI")));
        }
    }

    /** The next event named {@code name} within {@code seconds}, others skipped; null when none came. */
    private static AmiMessage poll(BlockingQueue<AmiMessage> events, String name, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            AmiMessage event = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (event != null && name.equals(event.get("Event").orElse(null))) {
                return event;
            }
        }
        return null;
    }
}
