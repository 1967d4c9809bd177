package io.websms.runtime.ami;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a real Asterisk does not do on demand: a session that stays open but goes silent, and a connection that drops
 * between an action and its answer. A small AMI server on loopback plays Asterisk (banner, login, then whatever each
 * test's script says); the protocol facts it copies were measured on Asterisk 22.10.1 (see AmiClientOnAsteriskTest).
 */
class AmiClientSessionTest {

    private FakeAmi server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static AmiSettings quick(int port) {
        return AmiSettings.of("127.0.0.1", port, "websms", "websms").withTimeout(Duration.ofMillis(500))
                .withPingInterval(Duration.ofMillis(200)).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void aSessionThatStopsAnsweringIsDroppedByThePingAndOpenedAgain() throws Exception {
        // The first connection answers the login and then nothing; the second one answers everything.
        server = new FakeAmi((connection, action) -> connection > 1 ? "Response: Success\r\nPing: Pong\r\n" : null);
        try (AmiClient client = AmiClient.connect(quick(server.port()))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (server.connections() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(2, server.connections(), "the silent session was not dropped and opened again within 5 s");
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!client.isConnected() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            AmiMessage pong = client.send(AmiMessage.action("Ping").build()).get(2, TimeUnit.SECONDS);
            assertEquals("Pong", pong.get("Ping").orElse(null), pong.toString());
            assertEquals(2, server.logins(), "logged in once per connection");
        }
    }

    @Test
    void anActionWhoseConnectionDropsBeforeTheAnswerFailsAndIsNeverSentAgain() throws Exception {
        // The first connection closes when it reads the MessageSend; later ones answer everything.
        server = new FakeAmi((connection, action) -> {
            if (connection == 1 && action.get("Action").orElse("").equals("MessageSend")) {
                return FakeAmi.CLOSE;
            }
            return "Response: Success\r\n";
        });
        try (AmiClient client = AmiClient.connect(quick(server.port()).withPingInterval(Duration.ofSeconds(30)))) {
            ExecutionException dropped = assertThrows(ExecutionException.class, () -> client.send(AmiMessage.action("MessageSend")
                    .add("To", "pjsip:alice").add("Body", "hi").build()).get(3, TimeUnit.SECONDS));
            AmiUnreachableException cause = assertInstanceOf(AmiUnreachableException.class, dropped.getCause());
            assertTrue(cause.getMessage().startsWith("cannot reach the AMI at 127.0.0.1:" + server.port() + ": the connection dropped before the answer; "
                    + "the action may or may not have been carried out (Action: MessageSend"), cause.getMessage());

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while ((server.connections() < 2 || !client.isConnected()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            AmiMessage ok = client.send(AmiMessage.action("Ping").build()).get(2, TimeUnit.SECONDS);
            assertEquals("Success", ok.get("Response").orElse(null));
            assertEquals(1, server.actions().stream().filter(a -> a.equals("MessageSend")).count(), "actions the server read: " + server.actions());
        }
    }
}
