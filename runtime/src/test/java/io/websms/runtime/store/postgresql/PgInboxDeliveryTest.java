package io.websms.runtime.store.postgresql;

import io.websms.api.Message;
import io.websms.runtime.ami.AmiSettings;
import io.websms.runtime.ami.FakeAmi;
import io.websms.runtime.amidelivery.AmiHandover;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two daemons' couriers on one shared inbox, handing incoming SMS to one Asterisk over the AMI (topology b of
 * docs/scale-out.md): an AMI server on loopback plays Asterisk, answering each {@code Originate} as a dialplan that
 * takes the message does. What it was handed is compared: each message once, in order per number.
 */
class PgInboxDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private TestDatabase db;
    private FakeAmi asterisk;
    /** Each Originate the AMI server took: the connection (one per daemon), the number, the text. */
    private final List<String[]> originated = Collections.synchronizedList(new ArrayList<>());
    private final List<AutoCloseable> opened = new ArrayList<>();
    private AstQueueSettings queue;

    @BeforeEach
    void start() throws Exception {
        db = new TestDatabase();
        asterisk = new FakeAmi((connection, action) -> switch (action.get("Action").orElse("")) {
            case "Originate" -> {
                String body = action.all("Variable").stream().filter(v -> v.startsWith("MESSAGE(body)=")).findFirst().orElseThrow();
                originated.add(new String[] {Integer.toString(connection), action.get("Exten").orElseThrow(), body.substring("MESSAGE(body)=".length())});
                yield "Response: Success\r\nMessage: Originate successfully queued\r\nActionID: " + action.get("ActionID").orElseThrow()
                        + "\r\n\r\nEvent: OriginateResponse\r\nResponse: Success\r\nChannel: Local/" + action.get("Exten").orElseThrow() + "@sms-in-0001;1\r\n";
            }
            case "Ping" -> "Response: Success\r\nPing: Pong\r\n";
            default -> "Response: Success\r\n";
        });
        queue = new ConfigLoader(ProviderRegistry.discover(), Map.<String, String>of()::get).parse("websms.conf", ("""
                [astqueue]
                delivery = ami
                ami_addr = 127.0.0.1:%d
                ami_user = websms
                ami_secret = websms
                ami_mode = dialplan
                """.formatted(asterisk.port())).getBytes(StandardCharsets.UTF_8)).astQueue();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
        asterisk.close();
        db.close();
    }

    /** A daemon delivering the shared inbox over the AMI at {@code amiPort}. */
    private AmiHandover daemon(int amiPort) throws Exception {
        PgStore connections = PgStore.open(db.address(), Optional.empty());
        opened.add(connections);
        AmiHandover handover = AmiHandover.start(queue, PgInboxStore.forDaemon(connections, Duration.ofMinutes(1)), new Metrics(),
                AmiSettings.of("127.0.0.1", amiPort, "websms", "websms").withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)), Clock.systemUTC());
        opened.add(handover);
        return handover;
    }

    private void awaitInboxEmpty() throws Exception {
        try (PgStore connections = PgStore.open(db.address(), Optional.empty())) {
            PgInboxStore inbox = PgInboxStore.forCommand(connections);
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            while (!inbox.list().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), inbox.list(), "not delivered within " + PATIENCE.toSeconds() + " s");
        }
    }

    @Test
    void twoDaemonsHandEachSmsToAsteriskOnceInOrderPerNumber() throws Exception {
        List<AmiHandover> daemons = List.of(daemon(asterisk.port()), daemon(asterisk.port()));
        Map<String, List<String>> sent = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            String to = String.format("+4930123450%02d", i % 10);
            // Webhooks spread over both daemons, as a load balancer does.
            daemons.get(i % 3 == 0 ? 0 : 1).take(Message.of(to, "+4915112345678", "m" + i), queue);
            sent.computeIfAbsent(to, n -> new ArrayList<>()).add("m" + i);
        }
        awaitInboxEmpty();
        Map<String, List<String>> received = new TreeMap<>();
        synchronized (originated) {
            for (String[] originate : originated) {
                received.computeIfAbsent(originate[1], n -> new ArrayList<>()).add(originate[2]);
            }
        }
        assertEquals(sent, received, "each message once, in the order it came, per number");
    }

    @Test
    void aDaemonWithoutAnAmiSessionLeavesWhatItStoresToOneWithASession() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        AmiHandover cutOff = daemon(closed);
        daemon(asterisk.port());
        for (int i = 0; i < 20; i++) {
            cutOff.take(Message.of(String.format("+4930123450%02d", i % 4), "+4915112345678", "m" + i), queue);
        }
        awaitInboxEmpty();
        assertEquals(20, originated.size());
        assertTrue(originated.stream().allMatch(o -> o[0].equals("1")), "all through the one session, the other daemon's");
    }
}
