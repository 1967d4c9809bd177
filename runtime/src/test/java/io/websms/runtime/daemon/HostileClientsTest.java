package io.websms.runtime.daemon;

import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that try to block or fool the webhook server, over raw sockets on loopback: forged proxy headers, idle and
 * trickling connections, crowding from one address, {@code Connection: close}. The honest client calls from
 * another loopback address (127.0.0.2), as an ITSP calls from another host than an attacker.
 */
class HostileClientsTest {

    private static final String FORM = "To=%2B12025550160&From=%2B15017122661&Body=hello";
    private static ProviderRegistry registry;

    @TempDir
    Path spoolDir;

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

    private void start(String websmsd) throws Exception {
        WebsmsConfig config = DaemonFixture.config(registry, websmsd, "");
        Spool spool = DaemonFixture.spool(spoolDir, config);
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(), spool,
                Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    @Test
    void aClientLineBeforeTheProxysOwnLineCannotPoseAsAnAllowedAddress() throws Exception {
        start("remt_addr = 203.0.113.0/24\nprox_addr = 127.0.0.2");
        // The client forged the first line; the proxy (127.0.0.2, trusted) appended the real client on a line of its own.
        assertEquals("HTTP/1.1 403 Forbidden", status(post("X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-For: 198.51.100.1\r\n")));
        assertEquals("HTTP/1.1 200 OK", status(post("X-Forwarded-For: 198.51.100.1\r\nX-Forwarded-For: 203.0.113.9\r\n")));
        assertEquals(1, callFiles());
        daemon.close();
        start("remt_addr = 203.0.113.0/24\nprox_addr = 127.0.0.2\nprox_header = Forwarded");
        assertEquals("HTTP/1.1 403 Forbidden", status(post("Forwarded: for=203.0.113.9\r\nForwarded: for=\"198.51.100.1:4711\";proto=https\r\n")));
        assertEquals("HTTP/1.1 200 OK", status(post("Forwarded: for=198.51.100.1, for=203.0.113.9;proto=https\r\n")));
        assertEquals(2, callFiles());
    }

    @Test
    void idleConnectionsHoldAtMostTheirAddressesShareAndAreClosedAtTheHeadDeadline() throws Exception {
        start("http_max_requests = 4\nhttp_max_per_address = 8\nhttp_head_timeout = 1");
        assertEquals("HTTP/1.1 200 OK", status(post("")), "warm: the time below is the attack's, not a cold start's");
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 40; i++) { // 40 > the 16 connections the server takes at once
            idle.add(connect("127.0.0.1"));
        }
        long start = System.nanoTime();
        assertEquals("HTTP/1.1 200 OK", status(post("")), "an honest webhook gets through at once");
        assertTrue(System.nanoTime() - start < 1_000_000_000L, "answered within a second");
        for (Socket socket : idle) {
            assertEquals(-1, readWithin(socket, 5_000), "closed by the server");
            socket.close();
        }
        assertTrue(System.nanoTime() - start < 4_000_000_000L, "the last ones at the head deadline, not later");
        assertEquals(32, daemon.metrics().connectionsClosed().labels("too_many_from_address").sum());
        assertEquals(8, daemon.metrics().connectionsClosed().labels("head_timeout").sum());
        assertEquals(2, callFiles());
    }

    @Test
    void aTrustedProxyMayHoldHalfOfTheSlotsNotAll() throws Exception {
        start("http_max_requests = 2\nhttp_max_per_address = 1\nprox_addr = 127.0.0.5\nhttp_head_timeout = 30");
        List<Socket> fromProxy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fromProxy.add(connect("127.0.0.5"));
        }
        long open = 0;
        for (Socket socket : fromProxy) {
            open += readWithin(socket, 300) == -2 ? 1 : 0; // -2: nothing came, still open
            socket.close();
        }
        assertEquals(4, open, "half of the 8 connection slots");
        assertEquals(2, daemon.metrics().connectionsClosed().labels("too_many_from_address").sum());
    }

    @Test
    void aHeadThatTricklesInIsCutAtTheHeadDeadline() throws Exception {
        start("http_head_timeout = 1");
        try (Socket socket = connect("127.0.0.1")) {
            socket.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 50 && !closed; i++) { // a header line every 200 ms: never silent for long
                try {
                    socket.getOutputStream().write(("X-Line-" + i + ": x\r\n").getBytes(StandardCharsets.US_ASCII));
                    closed = readWithin(socket, 200) == -1;
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertTrue(closed, "the server closed the connection");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 800 && millis < 4_000, "at the head deadline: " + millis + " ms");
        }
        assertEquals("HTTP/1.1 200 OK", status(post("")));
    }

    @Test
    void aKeptAliveConnectionIsClosedAfterTheIdleTimeoutAndConnectionCloseAtOnce() throws Exception {
        start("http_idle_timeout = 1");
        try (Socket socket = connect("127.0.0.2")) {
            socket.getOutputStream().write(request("").getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 200 OK", readAnswer(socket).get(0));
            long start = System.nanoTime();
            assertEquals(-1, readWithin(socket, 5_000));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 800 && millis < 4_000, "after the idle timeout: " + millis + " ms");
        }
        try (Socket socket = connect("127.0.0.2")) {
            socket.getOutputStream().write(request("Connection: close\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 200 OK", readAnswer(socket).get(0));
            long start = System.nanoTime();
            assertEquals(-1, readWithin(socket, 5_000), "the connection ends after the answer");
            assertTrue(System.nanoTime() - start < 500_000_000L, "at once, not after the idle timeout");
        }
        assertEquals(2, callFiles());
    }

    @Test
    void healthSaysDownWhileEveryConnectionSlotIsTaken() throws Exception {
        start("http_max_requests = 1\nhttp_max_per_address = 1\nhttp_head_timeout = 60");
        URI health = URI.create("http://127.0.0.1:" + daemon.adminPort() + "/health");
        HttpClient http = HttpClient.newHttpClient();
        assertEquals("{\"status\":\"UP\",\"checks\":{\"config\":\"UP\",\"spool\":\"UP\",\"connections\":\"UP\"}}",
                http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString()).body());
        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // one each from four addresses: the server's four slots
            held.add(connect("127.0.0." + (10 + i)));
        }
        HttpResponse<String> down = awaitHealth(http, health, 503);
        assertTrue(down.body().startsWith("{\"status\":\"DOWN\",\"checks\":{\"config\":\"UP\",\"spool\":\"UP\",\"connections\":\"DOWN\"},"
                + "\"reason\":\"every webhook connection slot is taken (4 of 4)"), down.body());
        for (Socket socket : held) {
            socket.close();
        }
        assertEquals(200, awaitHealth(http, health, 200).statusCode(), "up again once the slots are free");
    }

    private static HttpResponse<String> awaitHealth(HttpClient http, URI health, int status) throws Exception {
        HttpResponse<String> response = null;
        for (int i = 0; i < 100; i++) {
            response = http.send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == status) {
                return response;
            }
            Thread.sleep(50);
        }
        return response;
    }

    private Socket connect(String from) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), daemon.httpPort(), InetAddress.getByName(from), 0);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String request(String extraHeaders) {
        return "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n" + extraHeaders
                + "Content-Length: " + FORM.length() + "\r\n\r\n" + FORM;
    }

    /** Posts a webhook from 127.0.0.2 with {@code extraHeaders} and reads the answer's head. */
    private List<String> post(String extraHeaders) throws IOException {
        try (Socket socket = connect("127.0.0.2")) {
            socket.getOutputStream().write((request(extraHeaders)).getBytes(StandardCharsets.US_ASCII));
            return readAnswer(socket);
        }
    }

    private static List<String> readAnswer(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        List<String> head = new ArrayList<>();
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            head.add(line);
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
        return head;
    }

    private static String status(List<String> head) {
        return head.isEmpty() ? "(no answer)" : head.get(0);
    }

    /** The next byte, -1 at the end of the stream (or a reset), or -2 when nothing came within {@code millis}. */
    private static int readWithin(Socket socket, int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return socket.getInputStream().read();
        } catch (SocketTimeoutException e) {
            return -2;
        } catch (java.net.SocketException reset) {
            return -1;
        }
    }

    private long callFiles() throws IOException {
        try (Stream<Path> files = Files.list(spoolDir.resolve("outgoing"))) {
            return files.count();
        }
    }

}
