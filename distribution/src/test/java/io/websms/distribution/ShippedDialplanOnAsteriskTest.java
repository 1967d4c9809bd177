package io.websms.distribution;

import io.websms.api.Message;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.AstQueueSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped dialplan on a real Asterisk 22: call files written by websms's own {@link CallFile} and {@link Spool}
 * (with the shipped websms.conf's {@code [astqueue]}) go through {@code dialplan/extensions-websms.conf} as shipped,
 * and the SIP MESSAGE its {@code MessageSend} sends to the endpoint {@code bob} reaches a SIP phone whole. The phone
 * is a UDP socket in this test at bob's fixed contact (SIP port + 20): it answers 200 and keeps the body's bytes, so
 * the test compares exactly what a phone would show, Content-Length included.
 *
 * <p>Asterisk comes from {@code ../shared/asterisk/instance.sh} beside the repository (or the script named by
 * {@code ASTERISK_INSTANCE_SCRIPT}); where there is none the test is skipped and says why.
 */
class ShippedDialplanOnAsteriskTest {

    private static final String TO = "+12025550160";
    private static final String FROM = "+15017122661";

    @TempDir
    static Path dir;

    private static Path script;
    private static Path instance;
    private static SipPhone bob;
    private static Spool spool;
    private static AstQueueSettings queue;

    @BeforeAll
    static void startAsterisk() throws Exception {
        String named = System.getenv("ASTERISK_INSTANCE_SCRIPT");
        script = named != null && !named.isEmpty() ? Path.of(named) : Shipped.root().getParent().resolve("shared/asterisk/instance.sh");
        if (!Files.isExecutable(script)) {
            String reason = "no Asterisk to test the shipped dialplan on: " + script + " is missing (set ASTERISK_INSTANCE_SCRIPT to an instance.sh)";
            System.err.println("ShippedDialplanOnAsteriskTest skipped: " + reason);
            Assumptions.abort(reason);
        }
        instance = dir.resolve("asterisk");
        int sip = 0;
        for (int attempt = 0; attempt < 20 && bob == null; attempt++) {
            DatagramSocket phone = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            sip = phone.getLocalPort() - 20;
            if (sip > 1024 && udpFree(sip)) {
                bob = new SipPhone(phone);
            } else {
                phone.close();
            }
        }
        assertNotNull(bob, "no free pair of UDP ports (SIP, SIP + 20) on loopback");
        int ami;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ami = probe.getLocalPort();
        }
        run("start", instance.toString(), Integer.toString(sip), Integer.toString(ami));
        queue = Shipped.astQueue();

        // The shipped file as it is, plus the hint that names bob's number (an admin's own [hints] context).
        Files.writeString(instance.resolve("etc/asterisk/extensions.conf"), "#include \"" + Shipped.dialplan() + "\"\n\n"
                + "[hints]\nexten => " + TO + ",hint,PJSIP/bob\n");
        run("cli", instance.toString(), "dialplan reload");
        String loaded = run("cli", instance.toString(), "dialplan show " + queue.context());
        assertTrue(loaded.contains("MessageSend"), "the shipped dialplan is loaded: " + loaded);
        Path spoolDir = instance.resolve("var/spool/asterisk");
        spool = Spool.open(spoolDir.resolve("staging"), spoolDir.resolve("outgoing"), queue);
    }

    @AfterAll
    static void stopAsterisk() throws Exception {
        try {
            if (instance != null && Files.isDirectory(instance)) {
                run("stop", instance.toString());
            }
        } finally {
            if (bob != null) {
                bob.close();
            }
        }
    }

    @Test
    void aShortTextReachesThePhoneAsItIs() throws Exception {
        assertArrivesWhole("Hi, it's me; 100% sure (+1) ${EXTEN}\nsee you", 1);
    }

    @Test
    void sevenHundredEmojiReachThePhoneWhole() throws Exception {
        assertArrivesWhole("😀".repeat(700), 9);
    }

    @Test
    void aMixedTextOfFourKibibytesReachesThePhoneWhole() throws Exception {
        // The README's limit: 4,096 bytes of UTF-8. What a dialplan could misread, everywhere, also across part edges.
        int[] unit = "Grüße ${EXTEN} $[1+1] (a), b; 100% + \"q\" 's\\ {x}\n世界 😀 ".codePoints().toArray();
        StringBuilder text = new StringBuilder();
        int bytes = 0;
        for (int i = 0; bytes + utf8Length(unit[i % unit.length]) <= 4096; i++) {
            text.appendCodePoint(unit[i % unit.length]);
            bytes += utf8Length(unit[i % unit.length]);
        }
        text.append(".".repeat(4096 - bytes));
        assertEquals(4096, text.toString().getBytes(StandardCharsets.UTF_8).length);
        assertArrivesWhole(text.toString(), 11);
    }

    @Test
    void aTextLongerThanFourKibibytesArrivesAsWholeMessagesInOrderThatJoinToExactlyTheText() throws Exception {
        // Asterisk joins at most 4 KiB in the dialplan: the shipped dialplan sends what it has joined, then goes on.
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 5000; i++) {
            text.append("word").append(i).append(i % 9 == 0 ? " (a), b; 100% + \"q\" ${EXTEN} 😀\n" : " ");
        }
        text.setLength(5000);
        CallFile file = CallFile.of(Message.of(TO, FROM, text.toString()), queue);
        bob.clear();
        spool.publish(file);
        SipPhone.Received first = bob.take(15);
        SipPhone.Received second = bob.take(15);
        assertNotNull(first, "no SIP MESSAGE within 15 s");
        assertNotNull(second, "a second SIP MESSAGE for the rest");
        assertTrue(first.body().length <= 4096, "the first holds at most 4,096 bytes: " + first.body().length);
        assertEquals(text.toString(), new String(first.body(), StandardCharsets.UTF_8) + new String(second.body(), StandardCharsets.UTF_8));
        assertEquals(null, bob.take(1), "two messages, no more");
    }

    /** Publishes {@code text} as websms does and checks that bob's phone gets exactly its bytes. */
    private static void assertArrivesWhole(String text, int parts) throws Exception {
        CallFile file = CallFile.of(Message.of(TO, FROM, text), queue);
        assertEquals(parts > 1, file.lines().contains("setvar: WEBSMS_BODY_PARTS=" + parts), "the call file has " + parts + " part(s): " + file);
        Path log = instance.resolve("var/log/asterisk/full");
        long logged = Files.size(log);
        bob.clear();
        spool.publish(file);

        SipPhone.Received message = bob.take(15);
        assertNotNull(message, "bob's phone got no SIP MESSAGE within 15 s; Asterisk's log: " + log);
        assertTrue(message.from().contains("<sip:" + FROM + "@"), "From: " + message.from());
        assertEquals(message.contentLength(), message.body().length, "Content-Length and the body that came");
        String shown = new String(message.body(), StandardCharsets.UTF_8);
        assertEquals(text, shown, "the phone got " + message.body().length + " bytes (" + shown.codePointCount(0, shown.length())
                + " characters) of " + text.getBytes(StandardCharsets.UTF_8).length);
        String logSince;
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(logged);
            logSince = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertFalse(logSince.contains("Can't find trailing parenthesis"), "Asterisk could not substitute the dialplan's functions");
        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), message.body());
    }

    private static int utf8Length(int codePoint) {
        return new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return probe.isBound();
        } catch (SocketException e) {
            return false;
        }
    }

    /** Runs instance.sh with {@code args}; its output, or a failure naming the command and what it printed. */
    private static String run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not end within 60 s");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + text);
        return text;
    }

    /** A SIP phone on UDP that answers every request with 200 OK and keeps each MESSAGE it gets, once. */
    private static final class SipPhone implements AutoCloseable {

        record Received(String from, int contentLength, byte[] body) {
        }

        private final DatagramSocket socket;
        private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
        private final Set<String> seen = new HashSet<>();

        SipPhone(DatagramSocket socket) {
            this.socket = socket;
            Thread thread = new Thread(this::serve, "sip-phone-bob");
            thread.setDaemon(true);
            thread.start();
        }

        void clear() {
            messages.clear();
        }

        Received take(int seconds) throws InterruptedException {
            return messages.poll(seconds, TimeUnit.SECONDS);
        }

        private void serve() {
            byte[] buffer = new byte[65_536];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    handle(Arrays.copyOf(packet.getData(), packet.getLength()), packet);
                } catch (IOException e) {
                    return;   // closed
                }
            }
        }

        private void handle(byte[] datagram, DatagramPacket from) throws IOException {
            String text = new String(datagram, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0 || text.startsWith("SIP/2.0")) {
                return;
            }
            String[] head = text.substring(0, end).split("\r\n");
            StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
            String sender = "";
            String callId = "";
            String cseq = "";
            int length = -1;
            for (String line : head) {
                String name = line.substring(0, Math.max(0, line.indexOf(':'))).strip().toLowerCase();
                String value = line.substring(line.indexOf(':') + 1).strip();
                switch (name) {
                    case "via", "v", "to", "t", "from", "f", "call-id", "i", "cseq" -> ok.append(line).append("\r\n");
                    default -> { }
                }
                switch (name) {
                    case "from", "f" -> sender = value;
                    case "call-id", "i" -> callId = value;
                    case "cseq" -> cseq = value;
                    case "content-length", "l" -> length = Integer.parseInt(value);
                    default -> { }
                }
            }
            ok.append("Content-Length: 0\r\n\r\n");
            byte[] answer = ok.toString().getBytes(StandardCharsets.ISO_8859_1);
            socket.send(new DatagramPacket(answer, answer.length, from.getSocketAddress()));
            byte[] body = Arrays.copyOfRange(datagram, end + 4, datagram.length);
            if (head[0].startsWith("MESSAGE ") && seen.add(callId + " " + cseq)) {
                messages.add(new Received(sender, length, body));
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
