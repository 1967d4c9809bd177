package io.websms.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SIP phone over UDP on the loopback: registers as an endpoint that needs no authentication, answers every
 * request with 200 OK, and stamps each SIP MESSAGE with {@link System#nanoTime()} the moment its datagram is read,
 * before anything else is done with it. The benchmark {@link #expect expects} a body before it posts the webhook
 * that carries it; the phone completes that expectation with the arrival time.
 */
final class BenchPhone implements AutoCloseable {

    /** -Dbench.ami.sipdebug=true prints every datagram the phone reads. */
    private static final boolean DEBUG = Boolean.getBoolean("bench.ami.sipdebug");

    private final DatagramSocket socket;
    private final InetSocketAddress registrar;
    private final String user;
    private final Map<String, CompletableFuture<Long>> expected = new ConcurrentHashMap<>();
    /** Call-ID and CSeq of each MESSAGE seen: a retransmission is answered again but counted once. */
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicLong unexpected = new AtomicLong();
    private volatile CompletableFuture<Integer> registerAnswer;
    private int cseq;

    private BenchPhone(DatagramSocket socket, InetSocketAddress registrar, String user) {
        this.socket = socket;
        this.registrar = registrar;
        this.user = user;
        Thread.ofPlatform().daemon().name("bench-phone-" + user).start(this::serve);
    }

    /** A phone on a free loopback port, registered as {@code user} at the SIP port {@code sipPort}. */
    static BenchPhone register(int sipPort, String user) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        BenchPhone phone = new BenchPhone(socket, new InetSocketAddress(InetAddress.getLoopbackAddress(), sipPort), user);
        try {
            int status = phone.sendRegister(3600);
            if (status != 200) {
                throw new IOException("REGISTER as " + user + " was answered " + status);
            }
        } catch (IOException | RuntimeException e) {
            phone.socket.close();
            throw e;
        }
        return phone;
    }

    /** The arrival ({@code System.nanoTime()}) of the MESSAGE with exactly {@code body}, once it comes. */
    CompletableFuture<Long> expect(String body) {
        CompletableFuture<Long> arrival = new CompletableFuture<>();
        expected.put(body, arrival);
        return arrival;
    }

    /** MESSAGEs whose body nobody expected, or that came a second time (a new transaction, not a retransmission). */
    long unexpected() {
        return unexpected.get();
    }

    private void serve() {
        byte[] buffer = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        while (!socket.isClosed()) {
            try {
                packet.setLength(buffer.length);
                socket.receive(packet);
                long arrived = System.nanoTime();
                handle(new String(buffer, 0, packet.getLength(), StandardCharsets.UTF_8), packet, arrived);
            } catch (IOException e) {
                return; // closed
            } catch (RuntimeException e) {
                System.err.println("bench phone: cannot read a datagram: " + e);
            }
        }
    }

    private void handle(String text, DatagramPacket from, long arrived) throws IOException {
        if (DEBUG) {
            System.err.println("bench phone got:\n" + text);
        }
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return;
        }
        String[] head = text.substring(0, end).split("\r\n");
        if (head[0].startsWith("SIP/2.0 ")) {
            CompletableFuture<Integer> waiting = registerAnswer;
            int status = Integer.parseInt(head[0].substring(8, 11));
            if (waiting != null && status >= 200 && header(head, "cseq", "").endsWith("REGISTER")) {
                waiting.complete(status);
            }
            return;
        }
        if (head[0].startsWith("ACK ")) {
            return;
        }
        // Answer first, so that Asterisk does not retransmit; the stamp was taken when the datagram was read.
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : head) {
            String name = name(line);
            if (name.equals("via") || name.equals("v") || name.equals("from") || name.equals("f") || name.equals("call-id") || name.equals("i")
                    || name.equals("cseq")) {
                ok.append(line).append("\r\n");
            } else if (name.equals("to") || name.equals("t")) {
                ok.append(line).append(line.contains(";tag=") ? "" : ";tag=bench").append("\r\n");
            }
        }
        byte[] answer = ok.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(answer, answer.length, from.getSocketAddress()));
        if (head[0].startsWith("MESSAGE ") && seen.add(header(head, "call-id", "i") + " " + header(head, "cseq", ""))) {
            CompletableFuture<Long> waiting = expected.remove(text.substring(end + 4));
            if (waiting == null) {
                unexpected.incrementAndGet();
            } else {
                waiting.complete(arrived);
            }
        }
    }

    private static String name(String line) {
        int colon = line.indexOf(':');
        return colon < 0 ? "" : line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static String header(String[] head, String name, String compact) {
        for (String line : head) {
            String n = name(line);
            if (!n.isEmpty() && (n.equals(name) || n.equals(compact))) {
                return line.substring(line.indexOf(':') + 1).strip();
            }
        }
        return "";
    }

    /** Sends REGISTER with {@code expires} seconds; the final status, or throws when none comes within 5 s. */
    private synchronized int sendRegister(int expires) throws IOException {
        int port = socket.getLocalPort();
        String host = registrar.getAddress().getHostAddress();
        String target = host + ":" + registrar.getPort();
        String request = "REGISTER sip:" + target + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + port + ";branch=z9hG4bK" + UUID.randomUUID().toString().replace("-", "") + ";rport\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:" + user + "@" + target + ">;tag=" + Long.toHexString(System.nanoTime()) + "\r\n"
                + "To: <sip:" + user + "@" + target + ">\r\n"
                + "Call-ID: bench-register-" + user + "-" + port + "\r\n"
                + "CSeq: " + (++cseq) + " REGISTER\r\n"
                + "Contact: <sip:" + user + "@127.0.0.1:" + port + ">\r\n"
                + "Expires: " + expires + "\r\n"
                + "User-Agent: websms-bench\r\n"
                + "Content-Length: 0\r\n\r\n";
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        registerAnswer = answer;
        byte[] bytes = request.getBytes(StandardCharsets.UTF_8);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) { // UDP: send again every 500 ms until answered
            socket.send(new DatagramPacket(bytes, bytes.length, registrar));
            try {
                return answer.get(500, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while registering " + user, e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IOException(e.getCause());
            }
        }
        throw new IOException("REGISTER as " + user + " to " + target + ": no answer within 5 s");
    }

    /** Unregisters (best effort) and closes the socket. */
    @Override
    public void close() {
        try {
            sendRegister(0);
        } catch (IOException | RuntimeException e) {
            // Asterisk stops next anyway
        }
        socket.close();
    }
}
