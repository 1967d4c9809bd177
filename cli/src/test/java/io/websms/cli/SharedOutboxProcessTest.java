package io.websms.cli;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two websmsd processes sharing one outbox in PostgreSQL: SMS queued through either daemon while the ITSP is down
 * are each accepted once by the ITSP when it is back, in order per destination, and a daemon killed with
 * {@code kill -9} midway has its messages taken over by the other once its leases expire. Needs the local
 * PostgreSQL (127.0.0.1:5432, user postgres, trust authentication, database test); fails saying how to start it
 * when it is not running.
 */
class SharedOutboxProcessTest {

    private static final Pattern TEXT = Pattern.compile("msg-(\\d+)-end");

    @TempDir
    Path dir;

    private final String schema = "websms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final MockWebServer itsp = new MockWebServer();
    /** The number in each request the ITSP got, in the order it got them. */
    private final List<Integer> accepted = new CopyOnWriteArrayList<>();
    private volatile boolean up;
    private final List<DaemonProcess> daemons = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        LocalPostgres.sql("CREATE SCHEMA " + schema);
        itsp.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!up) {
                    return new MockResponse.Builder().code(503).body("down for maintenance").build();
                }
                Matcher text = TEXT.matcher(request.getBody().utf8());
                if (text.find()) {
                    accepted.add(Integer.parseInt(text.group(1)));
                }
                // Slow enough for a kill -9 to land while a daemon waits for a reply.
                return new MockResponse.Builder().code(200).headersDelay(5, TimeUnit.MILLISECONDS).body("OK").build();
            }
        });
        itsp.start(InetAddress.getByName("127.0.0.1"), 0);
        for (String name : List.of("a", "b")) {
            Path config = Files.writeString(dir.resolve("websms-" + name + ".conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort()
                    + "\nurl_path = /sms\nauth_method = none\nretry_max = 0\nretry_delay = 0.2\n"
                    + "[websmsd]\nhttp_addr =\nagi_addr = 127.0.0.1:0\nstate_dir = " + dir.resolve("state-" + name) + "\n"
                    + "store = postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema + "\nstore_lease = 3\n"
                    + "[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging-" + name) + "\n");
            daemons.add(DaemonProcess.start(config));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (DaemonProcess daemon : daemons) {
            daemon.close();
        }
        itsp.close();
        LocalPostgres.sql("DROP SCHEMA " + schema + " CASCADE");
    }

    @Test
    void smsQueuedThroughEitherDaemonWhileTheItspIsDownAreEachAcceptedOnceInOrderWhenItIsBack() throws Exception {
        int destinations = 50;
        int messages = 1000;
        queueThroughRandomDaemons(destinations, messages);

        CliProcess.Result list = CliProcess.run(Map.of(), "", "queue", "--config", dir.resolve("websms-b.conf").toString());
        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.stdout().startsWith("the outbox in postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema + ": " + messages
                + " message(s) waiting; the daemons on this store send them\n"), list.stdout().lines().findFirst().orElse(""));

        up = true;
        // What an admin does when the ITSP is back: every message is due now, not after its doubled wait.
        CliProcess.Result retry = CliProcess.run(Map.of(), "", "queue", "retry", "--config", dir.resolve("websms-a.conf").toString());
        // Those whose wait ended after the ITSP came back are sent already.
        assertTrue(retry.stdout().matches("\\d+ message\\(s\\) due now; the daemons on this store try them within a second.\n"), retry.stdout() + retry.stderr());
        awaitAccepted(messages, 120);
        Thread.sleep(1500); // a message sent twice would arrive now
        Map<Integer, Integer> times = new TreeMap<>();
        accepted.forEach(n -> times.merge(n, 1, Integer::sum));
        assertEquals(messages, times.size(), "every message accepted");
        assertEquals(List.of(), times.entrySet().stream().filter(e -> e.getValue() != 1).toList(), "and once only");
        assertInOrderPerDestination(destinations);
        assertEquals(0, LocalPostgres.number("SELECT count(*) FROM " + schema + ".outbox"), "the outbox is empty");
        for (DaemonProcess daemon : daemons) {
            assertTrue(daemon.stop());
        }
        long sentByA = sentLines(daemons.get(0));
        long sentByB = sentLines(daemons.get(1));
        assertEquals(messages, sentByA + sentByB, "each daemon's log says which it sent");
        assertTrue(sentByA > 0 && sentByB > 0, "both daemons sent: " + sentByA + " and " + sentByB);
    }

    @Test
    void aDaemonKilledMidwayHasItsMessagesTakenOverWhenItsLeasesExpire() throws Exception {
        int destinations = 20;
        int messages = 300;
        queueThroughRandomDaemons(destinations, messages);
        up = true;
        CliProcess.Result retry = CliProcess.run(Map.of(), "", "queue", "retry", "--config", dir.resolve("websms-a.conf").toString());
        assertEquals(0, retry.exitCode(), retry.stderr());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (accepted.size() < messages / 4) {
            assertTrue(System.nanoTime() < deadline, "the ITSP got " + accepted.size() + " in 60 s");
            Thread.sleep(5);
        }
        DaemonProcess killed = daemons.get(0);
        killed.process.destroyForcibly(); // SIGKILL: the leases it held stay until they expire
        assertTrue(killed.process.waitFor(30, TimeUnit.SECONDS));
        int atKill = accepted.size();
        awaitAccepted(messages, 120);
        Thread.sleep(1500);
        Map<Integer, Integer> times = new TreeMap<>();
        accepted.forEach(n -> times.merge(n, 1, Integer::sum));
        assertEquals(messages, times.size(), "none lost: every message accepted (" + atKill + " before the kill)");
        // The one the killed daemon was sending when it died reached the ITSP, but its reply did not reach the daemon:
        // the other daemon must send it again (no ITSP here takes an idempotency key). Any other repeat is a fault.
        List<Integer> twice = times.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList();
        assertTrue(twice.size() <= 1 && times.values().stream().allMatch(n -> n <= 2), "sent twice: " + twice);
        System.out.printf("kill -9 of one daemon of two after %d of %d accepted: all accepted, %d sent twice (in flight at the kill)%n", atKill, messages, twice.size());
        assertEquals(0, LocalPostgres.number("SELECT count(*) FROM " + schema + ".outbox"), "the outbox is empty");
        assertTrue(sentLines(daemons.get(1)) > 0);
    }

    /** Queues {@code messages} SMS over {@code destinations} numbers, each through a random daemon; each number's in turn. */
    private void queueThroughRandomDaemons(int destinations, int messages) throws Exception {
        Random random = new Random();
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService phones = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(phones.submit(() -> {
                    // Each number's messages from one thread, one after the other: their order is the order to keep.
                    for (int n = 0; n < messages; n++) {
                        if ((n % destinations) % 8 != thread) {
                            continue;
                        }
                        int port = daemons.get(random.nextInt(2)).agiPort;
                        String status = fastAgiSend(port, destination(n, destinations), "msg-" + n + "-end");
                        assertEquals("QUEUED", status, "message " + n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    /** Message n goes to number n mod destinations. */
    private static String destination(int n, int destinations) {
        return String.format("+4670%07d", n % destinations);
    }

    private void assertInOrderPerDestination(int destinations) {
        Map<Integer, List<Integer>> byNumber = new TreeMap<>();
        for (int n : accepted) {
            byNumber.computeIfAbsent(n % destinations, k -> new ArrayList<>()).add(n);
        }
        for (List<Integer> sent : byNumber.values()) {
            assertEquals(sent.stream().sorted().toList(), sent, "in the order they were queued");
        }
    }

    private void awaitAccepted(int messages, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (accepted.stream().distinct().count() < messages) {
            assertTrue(System.nanoTime() < deadline, "the ITSP accepted " + accepted.stream().distinct().count() + " of " + messages + " in " + seconds + " s");
            Thread.sleep(50);
        }
    }

    private static long sentLines(DaemonProcess daemon) {
        return daemon.log.stream().filter(l -> l.contains("result=SENT")).count();
    }

    /** One FastAGI call as Asterisk makes it for a SIP MESSAGE; every command answered; the WEBSMS_STATUS it set. */
    private static String fastAgiSend(int port, String to, String body) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("agi_network: yes\nagi_network_script: websms\nagi_request: agi://127.0.0.1/websms\nagi_arg_1: " + to
                    + "\nagi_arg_2: +15017122661\nagi_arg_3: " + body + "\nagi_arg_4: \n\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = null;
            for (String command = in.readLine(); command != null; command = in.readLine()) {
                if (command.startsWith("SET VARIABLE WEBSMS_STATUS ")) {
                    status = command.substring("SET VARIABLE WEBSMS_STATUS ".length()).replace("\"", "");
                }
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            }
            return status;
        }
    }
}
