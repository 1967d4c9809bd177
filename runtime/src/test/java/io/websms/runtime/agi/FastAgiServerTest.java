package io.websms.runtime.agi;

import io.websms.runtime.LogCapture;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.outbox.FileMessageStore;
import io.websms.runtime.outbox.Outbox;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The FastAGI server over a real socket, fed the bytes Asterisk sends; the ITSP is MockWebServer. */
class FastAgiServerTest {

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    private static final java.time.Duration TIMEOUT = java.time.Duration.ofMillis(1500);
    private FastAgiServer server;

    @BeforeEach
    void start() throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nurl_path = /send\nauth_method = none\n"
                + "retry_max = 0\n";
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        server = FastAgiServer.start(new InetSocketAddress("127.0.0.1", 0),
                new SmsAgiScript(new Outbound(config, registry, new HttpTransport())), TIMEOUT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void sendsTheMessageAndSetsSuccess() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661",
                "\"Alice\" <sip:+46701234567@127.0.0.1>", "Hello from SIP, \"quoted\" ü; #1 \\o/", "1"));
        assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", "SET VARIABLE WEBSMS_ERROR \"\""), commands.subList(0, 2));
        idOf(commands);
        RecordedRequest request = take();
        assertEquals("/send", request.getTarget());
        assertEquals("keep-alive", request.getHeaders().get("Connection"), "the daemon keeps its connection to the ITSP for the next message");
        assertEquals("Body=Hello+from+SIP%2C+%22quoted%22+%C3%BC%3B+%231+%5Co%2F&From=%2B46701234567&To=%2B15017122661",
                request.getBody().utf8());
    }

    @Test
    void theRecordedCallFromEndpointAliceFailsOnItsSenderWithoutARequest() throws Exception {
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661",
                "Alice <sip:alice@127.0.0.1>", "Hello from SIP, \"quoted\" ü", "1"));
        assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"FAILURE\"",
                "SET VARIABLE WEBSMS_ERROR \"from: 'alice' is not a phone number (digits, with an optional leading + and the separators space - . ( ))\"",
                "SET VARIABLE WEBSMS_ID \"\"", "SET VARIABLE WEBSMS_ITSP_ID \"\""), commands);
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void aRawMultiLineBodyIsJoinedBackTogether() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661",
                "+46701234567", "first line\nsecond line\n\nfourth: line", ""));
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", commands.get(0));
        assertEquals("Body=first+line%0Asecond+line%0A%0Afourth%3A+line&From=%2B46701234567&To=%2B15017122661", take().getBody().utf8());
    }

    @Test
    void aUriEncodedBodyIsDecodedWhenTheFifthArgumentSaysSo() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        String environment = FakeAsterisk.environment("+15017122661", "+46701234567", "line%201%0Aline%202%20%F0%9F%98%80%2B", "")
                .replace("\n\n", "\nagi_arg_5: uri\n\n");
        List<String> commands = FakeAsterisk.call(server.port(), environment);
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", commands.get(0));
        assertEquals("Body=line+1%0Aline+2+%F0%9F%98%80%2B&From=%2B46701234567&To=%2B15017122661", take().getBody().utf8());
    }

    @Test
    void anItspRejectionSetsFailureWithTheReason() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(400).body("{\"message\":\"Invalid 'To' number\"}").build());
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "+46701234567", "hi", null));
        assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"FAILURE\"",
                "SET VARIABLE WEBSMS_ERROR \"rejected by the ITSP: HTTP 400: Invalid 'To' number\""), commands.subList(0, 2));
        idOf(commands);
    }

    @Test
    void missingArgumentsFailWithoutARequest() throws Exception {
        String environment = FakeAsterisk.environment("+15017122661", "+46701234567", "x", null).replace("agi_arg_3: x\n", "");
        List<String> commands = FakeAsterisk.call(server.port(), environment);
        assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"FAILURE\"",
                "SET VARIABLE WEBSMS_ERROR \"expected TO FROM BODY [INDEX] [uri], got 2 arguments\"", "SET VARIABLE WEBSMS_ID \"\"", "SET VARIABLE WEBSMS_ITSP_ID \"\""), commands);
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void aHangupNoticeBeforeTheReplyIsSkipped() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(FakeAsterisk.environment("+15017122661", "+46701234567", "hi", null).getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", in.readLine());
            out.write("HANGUP\n511 Command Not Permitted on a dead channel or intercept routine\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("SET VARIABLE WEBSMS_ERROR \"\"", in.readLine());
            out.write("511 Command Not Permitted on a dead channel or intercept routine\n".getBytes(StandardCharsets.UTF_8));
            assertTrue(in.readLine().startsWith("SET VARIABLE WEBSMS_ID \""));
            out.write("511 Command Not Permitted on a dead channel or intercept routine\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("SET VARIABLE WEBSMS_ITSP_ID \"\"", in.readLine());
            out.write("511 Command Not Permitted on a dead channel or intercept routine\n".getBytes(StandardCharsets.UTF_8));
            assertEquals(null, in.readLine(), "the server closes the connection when done");
        }
        assertNotNull(take());
    }

    @Test
    void aBrokenConnectionDoesNotStopTheServer() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.getOutputStream().write("agi_network: yes\nagi_network_scr".getBytes(StandardCharsets.UTF_8));
        }
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "+46701234567", "after", null));
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", commands.get(0));
    }

    @Test
    void connectionsThatTrickleTheirVariablesAreCutAtAgiTimeoutAndFreeEverySlot() throws Exception {
        // 256 peers hold every call slot, each sending a byte now and then but never its whole environment: the gap
        // between two bytes stays far below agi_timeout, the whole environment never comes.
        List<Socket> tricklers = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            Socket socket = new Socket("127.0.0.1", server.port());
            socket.getOutputStream().write("agi_network: yes\nagi_request: agi://127.0.0.1/web".getBytes(StandardCharsets.UTF_8));
            tricklers.add(socket);
        }
        long start = System.nanoTime();
        int open = tricklers.size();
        while (open > 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20)) {
            open = 0;
            for (Socket socket : tricklers) {
                if (socket.isClosed()) {
                    continue;
                }
                try {
                    socket.getOutputStream().write('s');
                    socket.setSoTimeout(1);
                    if (socket.getInputStream().read() < 0) {
                        socket.close();
                        continue;
                    }
                } catch (java.net.SocketTimeoutException stillOpen) {
                    // nothing to read: still held
                } catch (IOException reset) {
                    socket.close();
                    continue;
                }
                open++;
            }
            Thread.sleep(200);
        }
        assertEquals(0, open, "every trickling connection was closed by the server");
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "they were cut near agi_timeout, not held");
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "+46701234567", "after the tricklers", null));
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", commands.get(0));
    }

    @Test
    void anUnknownScriptNameFails() throws Exception {
        List<String> commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "+46701234567", "x", null)
                .replace("agi_network_script: websms", "agi_network_script: other"));
        assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"FAILURE\"",
                "SET VARIABLE WEBSMS_ERROR \"websms has no AGI script named 'other'; use agi://host:port/websms\"", "SET VARIABLE WEBSMS_ID \"\"", "SET VARIABLE WEBSMS_ITSP_ID \"\""), commands);
    }

    @Test
    void servesManyCallsAtOnce() throws Exception {
        int calls = 24;
        for (int i = 0; i < calls; i++) {
            itsp.enqueue(new MockResponse.Builder().code(200).headersDelay(100, TimeUnit.MILLISECONDS).build());
        }
        ExecutorService clients = Executors.newFixedThreadPool(calls);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                String body = "message " + i;
                results.add(clients.submit(() -> FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "+46701234567", body, null))));
            }
            Set<String> ids = new HashSet<>();
            for (Future<List<String>> result : results) {
                assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", result.get(30, TimeUnit.SECONDS).get(0));
                ids.add(idOf(result.get()));
            }
            assertEquals(calls, ids.size(), "each message has an id of its own");
        } finally {
            clients.shutdownNow();
        }
        Set<String> bodies = new HashSet<>();
        for (int i = 0; i < calls; i++) {
            bodies.add(take().getBody().utf8());
        }
        assertEquals(calls, bodies.size(), "each message reached the ITSP once");
    }

    @Test
    void theOutboundLogLineCarriesTheCallsUniqueidAndTheIdTheDialplanGets() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(201).build());
        List<String> commands;
        List<String> lines;
        try (LogCapture log = LogCapture.start()) {
            commands = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "+46701234567", "hi", null)
                    .replace("agi_uniqueid: 1763900000.12", "agi_uniqueid: 1764000000.42"));
            List<String> refused = FakeAsterisk.call(server.port(), FakeAsterisk.environment("+15017122661", "Alice <sip:alice@127.0.0.1>", "hi", null)
                    .replace("agi_uniqueid: 1763900000.12", "agi_uniqueid: 1764000000.43"));
            assertEquals("SET VARIABLE WEBSMS_ID \"\"", refused.get(2), "websms refused it: no id");
            lines = log.lines("out ");
        }
        String id = idOf(commands);
        assertEquals(List.of("out interface=- to=+15017122661 result=SENT status=201 id=" + id + " call=1764000000.42 itsp_id=-",
                "out interface=- result=INVALID call=1764000000.43 reason=from: 'alice' is not a phone number (digits, with an optional leading + "
                        + "and the separators space - . ( ))"), lines);
    }

    @Test
    void aQueuedMessageTellsTheDialplanTheIdItsRetriesLog(@TempDir Path dir) throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nurl_path = /send\nauth_method = none\n"
                + "retry_max = 0\nretry_delay = 0.01\n";
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        Outbound outbound = new Outbound(config, registry, new HttpTransport());
        itsp.enqueue(new MockResponse.Builder().code(503).build());
        itsp.enqueue(new MockResponse.Builder().code(503).build());
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        List<String> commands;
        List<String> lines;
        try (LogCapture log = LogCapture.start();
             Outbox outbox = Outbox.start(FileMessageStore.open(dir.resolve("outbox")), outbound, java.time.Duration.ofDays(1));
             FastAgiServer queueing = FastAgiServer.start(new InetSocketAddress("127.0.0.1", 0),
                     new SmsAgiScript(outbound, outbox, new Metrics()), TIMEOUT)) {
            commands = FakeAsterisk.call(queueing.port(), FakeAsterisk.environment("+15017122661", "+46701234567", "later", null));
            assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"QUEUED\"", "SET VARIABLE WEBSMS_ERROR \"queued: HTTP 503\""), commands.subList(0, 2));
            String id = idOf(commands);
            try (var waiting = Files.list(dir.resolve("outbox"))) {
                assertEquals(List.of(id + ".msg"), waiting.map(f -> f.getFileName().toString()).toList(), "the outbox keeps it under that id");
            }
            for (int i = 0; i < 100 && outbox.size() > 0; i++) {
                Thread.sleep(20);
                outbox.deliverDue();
            }
            assertEquals(0, outbox.size());
            lines = log.lines("out ");
        }
        String id = idOf(commands);
        assertEquals(List.of(
                "out interface=- to=+15017122661 result=FAILED status=503 id=" + id + " call=1763900000.12 itsp_id=- reason=HTTP 503",
                "out interface=- to=+15017122661 result=QUEUED id=" + id + " call=1763900000.12 reason=HTTP 503",
                "out interface=- to=+15017122661 result=FAILED status=503 id=" + id + " itsp_id=- reason=HTTP 503",
                "out interface=- to=+15017122661 result=SENT status=200 id=" + id + " itsp_id=-"), lines);
    }

    /**
     * The id the call gave the dialplan in {@code WEBSMS_ID}, checked to be a websms id, and to be followed by
     * {@code WEBSMS_ITSP_ID} as its last command.
     */
    private static String idOf(List<String> commands) {
        assertTrue(commands.get(commands.size() - 1).startsWith("SET VARIABLE WEBSMS_ITSP_ID \""), commands.toString());
        String last = commands.get(commands.size() - 2);
        assertTrue(last.matches("SET VARIABLE WEBSMS_ID \"[0-7][0-9A-HJKMNP-TV-Z]{25}\""), last);
        return last.substring("SET VARIABLE WEBSMS_ID \"".length(), last.length() - 1);
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = itsp.takeRequest(5, TimeUnit.SECONDS);
        assertNotNull(request, "the ITSP got no request");
        return request;
    }
}
