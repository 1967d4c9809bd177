package io.websms.cli;

import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two websmsd processes on one PostgreSQL store (topology a of docs/scale-out.md: one spool, one store): every
 * webhook delivered twice, each time to a random daemon, gives exactly one call file; a message sent through one
 * daemon and reported on through the other has one history, which {@code websms status} shows; a STOP to one daemon
 * refuses a send through the other; incoming SMS stored by either wait in one inbox. Needs the local PostgreSQL
 * (127.0.0.1:5432, user postgres, trust authentication, database test); fails saying how to start it when it is
 * not running.
 */
class SharedStoreProcessTest {

    private static final int MESSAGES = 1000;

    @TempDir
    Path dir;

    /** A twilio-like ITSP, for the test that sends. */
    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @Test
    void everyWebhookDeliveredTwiceToRandomDaemonsGivesExactlyOneCallFile() throws Exception {
        String schema = "websms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        LocalPostgres.sql("CREATE SCHEMA " + schema);
        Path outgoing = dir.resolve("spool/outgoing");
        int[] admin = {freePort(), freePort()};
        List<DaemonProcess> daemons = new ArrayList<>();
        try {
            for (String name : List.of("a", "b")) {
                // One outgoingdir, a stagingdir each (a daemon clears its stagingdir when it starts), a state_dir each.
                Path config = Files.writeString(dir.resolve("websms-" + name + ".conf"), "[websmsd]\nprovider = twilio-like\n"
                        + "http_addr = 127.0.0.1:0\nagi_addr =\nadmin_addr = 127.0.0.1:" + admin[daemons.size()] + "\n"
                        + "state_dir = " + dir.resolve("state-" + name) + "\n"
                        + "store = postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema + "\n"
                        + "[astqueue]\noutgoingdir = " + outgoing + "\nstagingdir = " + dir.resolve("spool/staging-" + name) + "\n");
                daemons.add(DaemonProcess.start(config));
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (int port : admin) {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode(), health.body());
                assertTrue(health.body().contains("\"store\":\"UP\""), health.body());
            }
            List<Integer> deliveries = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                deliveries.add(i);
                deliveries.add(i);
            }
            Random random = new Random();
            Collections.shuffle(deliveries, random);
            long start = System.nanoTime();
            List<Future<Integer>> answers = new ArrayList<>();
            try (ExecutorService itsp = Executors.newFixedThreadPool(16)) {
                for (int n : deliveries) {
                    int port = daemons.get(random.nextInt(2)).httpPort;
                    answers.add(itsp.submit(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(String.format("MessageSid=SM%032d&To=%%2B12025550160&From=%%2B15017122661&Body=m%d", n, n)))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode()));
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (Future<Integer> answer : answers) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            assertEquals(Map.of(200, 2 * MESSAGES), statuses, "every delivery acknowledged");
            Map<String, Integer> bodies = new TreeMap<>();
            try (Stream<Path> files = Files.list(outgoing)) {
                for (Path file : files.toList()) {
                    String text = Files.readString(file);
                    String body = text.substring(text.indexOf("MESSAGE(body)=") + 14, text.indexOf('\n', text.indexOf("MESSAGE(body)=")));
                    bodies.merge(body, 1, Integer::sum);
                }
            }
            assertEquals(MESSAGES, bodies.size(), "a call file for every message");
            assertEquals(List.of(), bodies.entrySet().stream().filter(e -> e.getValue() != 1).toList(), "and one only");
            for (DaemonProcess daemon : daemons) {
                assertTrue(daemon.stop());
            }
            long stored = daemons.stream().flatMap(d -> d.log.stream()).filter(l -> l.contains("result=STORED")).count();
            long duplicates = daemons.stream().flatMap(d -> d.log.stream()).filter(l -> l.contains("result=DUPLICATE")).count();
            assertEquals(List.of((long) MESSAGES, (long) MESSAGES), List.of(stored, duplicates), "each daemon's log says which it stored");
            System.out.printf("%d webhooks, each twice to a random daemon of two on one store: %d ms, %d call files%n", MESSAGES, millis, bodies.size());
        } finally {
            for (DaemonProcess daemon : daemons) {
                daemon.close();
            }
            LocalPostgres.sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aMessageSentThroughOneDaemonIsReportedThroughTheOtherAndStatusShowsItsFate() throws Exception {
        String schema = "websms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        LocalPostgres.sql("CREATE SCHEMA " + schema);
        String statusUrl = "https://pbx.example.com/status/twilio";
        itsp.enqueue(StatusCommandTest.accepted("SM00000000000000000000000000000042"));
        Map<String, Path> configs = new TreeMap<>();
        try {
            for (String name : List.of("a", "b")) {
                configs.put(name, Files.writeString(dir.resolve("websms-" + name + ".conf"), "[websms]\nprovider = twilio-like\n"
                        + "url_host = http://127.0.0.1:" + itsp.getPort() + "\nauth_user = AC0123\nauth_secret = token\nretry_max = 0\n"
                        + "status_path = /status/twilio\nstatus_url = " + statusUrl + "\n"
                        + "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:0\nremt_addr = 127.0.0.1\n"
                        + "state_dir = " + dir.resolve("state-" + name) + "\n"
                        + "store = postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema + "\n"
                        + "[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging-" + name) + "\n"));
            }
            String id;
            try (DaemonProcess a = DaemonProcess.start(configs.get("a")); DaemonProcess b = DaemonProcess.start(configs.get("b"))) {
                Map<String, String> dialplan = StatusCommandTest.send(a.agiPort, "+12025550183", "through daemon a");
                assertEquals("SUCCESS", dialplan.get("WEBSMS_STATUS"));
                id = dialplan.get("WEBSMS_ID");
                // Daemon a records without making the dialplan wait: the callback must not come before the sent is written.
                for (int i = 0; i < 100 && !"sent".equals(LocalPostgres.text("SELECT status FROM " + schema + ".ledger_message WHERE id = '" + id + "'")); i++) {
                    Thread.sleep(50);
                }
                assertEquals(200, StatusCommandTest.callback(b, statusUrl, Map.of("MessageSid", "SM00000000000000000000000000000042",
                        "MessageStatus", "delivered", "AccountSid", "AC0123"), "token"), "daemon b finds the message daemon a sent");
                assertTrue(b.log.stream().anyMatch(l -> l.contains("status id=" + id) && l.contains("status=delivered")), b.log.toString());
            }
            // Read with b's configuration: b never sent it, and neither daemon keeps a ledger file of its own.
            CliProcess.Result shown = CliProcess.run(Map.of(), "", "status", "--config", configs.get("b").toString(), id);
            assertEquals(0, shown.exitCode(), shown.stderr());
            String time = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
            assertTrue(shown.stdout().matches("id         " + id + "\nstatus     delivered\n(?s).*\nitsp id    SM00000000000000000000000000000042\n"
                    + ".*\nhistory\n  " + time + "  accepted\n  " + time + "  sent\n  " + time + "  delivered\n"), shown.stdout());
            assertEquals(List.of(false, false), List.of(Files.exists(dir.resolve("state-a/ledger/ledger.db")),
                    Files.exists(dir.resolve("state-b/ledger/ledger.db"))), "no local ledger beside the shared one");
        } finally {
            LocalPostgres.sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aStopToOneDaemonRefusesASendThroughTheOtherAndEveryCommandSeesTheOneList() throws Exception {
        String schema = "websms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        LocalPostgres.sql("CREATE SCHEMA " + schema);
        String ours = "+15017122661";
        String theirs = "+12025550183";
        Map<String, Path> configs = new TreeMap<>();
        try {
            for (String name : List.of("a", "b")) {
                configs.put(name, Files.writeString(dir.resolve("websms-" + name + ".conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort()
                        + "\nurl_path = /sms\nauth_method = none\nretry_max = 0\n"
                        + "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:0\noptout = yes\nstate_dir = " + dir.resolve("state-" + name) + "\n"
                        + "store = postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema + "\n"
                        + "[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging-" + name) + "\n"));
            }
            try (DaemonProcess a = DaemonProcess.start(configs.get("a")); DaemonProcess b = DaemonProcess.start(configs.get("b"))) {
                HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort + "/"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("To=%2B15017122661&From=%2B12025550183&Body=Stop.")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ack.statusCode());
                Map<String, String> dialplan = StatusCommandTest.send(b.agiPort, theirs, "Your order shipped");
                assertEquals("FAILURE", dialplan.get("WEBSMS_STATUS"), "daemon b refuses at once what daemon a was told: " + dialplan);
                assertTrue(dialplan.get("WEBSMS_ERROR").startsWith("to: " + theirs + " opted out of SMS from " + ours + " (STOP on interface -, "),
                        dialplan.toString());

                CliProcess.Result send = CliProcess.run(Map.of(), "", "send", "--config", configs.get("b").toString(), theirs, ours, "Your order shipped");
                assertEquals(65, send.exitCode(), "websms send reads the list in the store: " + send.stderr());
                assertEquals(0, itsp.getRequestCount(), "nothing went to the ITSP");

                CliProcess.Result list = CliProcess.run(Map.of(), "", "optout", "--config", configs.get("b").toString());
                assertEquals(0, list.exitCode(), list.stderr());
                assertTrue(list.stdout().matches("the opt-out list in postgresql://postgres@127\\.0\\.0\\.1:5432/test\\?currentSchema=" + schema
                        + ": 1 opt-out\\(s\\)\n\\+12025550183  from \\+15017122661  since \\S+Z  by STOP on interface -\n"), list.stdout());

                CliProcess.Result removed = CliProcess.run(Map.of(), "", "optout", "--config", configs.get("a").toString(), "remove", theirs, ours);
                assertEquals(theirs + " may get SMS from " + ours + " again.\n", removed.stdout(), removed.stderr());
                itsp.enqueue(new mockwebserver3.MockResponse.Builder().code(200).build());
                assertEquals("SUCCESS", StatusCommandTest.send(b.agiPort, theirs, "Welcome back").get("WEBSMS_STATUS"));
                assertEquals(1, itsp.getRequestCount());
            }
            assertEquals(List.of(false, false), List.of(Files.exists(dir.resolve("state-a/optout")), Files.exists(dir.resolve("state-b/optout"))),
                    "no local list beside the shared one");

            // A user who cannot read the store's password cannot read the list either: nothing is sent.
            Path unreadable = Files.writeString(dir.resolve("websms-c.conf"), Files.readString(configs.get("b"))
                    .replace("[websmsd]\n", "[websmsd]\nstore_password_file = " + dir.resolve("no-such.password") + "\n"));
            CliProcess.Result send = CliProcess.run(Map.of(), "", "send", "--config", unreadable.toString(), theirs, ours, "hi");
            assertEquals(75, send.exitCode(), send.stderr());
            assertTrue(send.stderr().contains("the opt-out list cannot be read: cannot read store_password_file " + dir.resolve("no-such.password")),
                    send.stderr());
            assertEquals(1, itsp.getRequestCount());
        } finally {
            LocalPostgres.sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void incomingSmsStoredByEitherDaemonWaitInTheOneInboxThatWebsmsInboxShowsAndChanges() throws Exception {
        String schema = "websms_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        LocalPostgres.sql("CREATE SCHEMA " + schema);
        int closedAmi = freePort(); // Asterisk is down: the messages wait
        Map<String, Path> configs = new TreeMap<>();
        try {
            for (String name : List.of("a", "b")) {
                // Topology b: daemons on their own hosts, no spool, each with an AMI session to the one Asterisk.
                configs.put(name, Files.writeString(dir.resolve("websms-" + name + ".conf"), "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr =\n"
                        + "state_dir = " + dir.resolve("state-" + name) + "\n"
                        + "store = postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema + "\n"
                        + "[astqueue]\ndelivery = ami\nami_addr = 127.0.0.1:" + closedAmi + "\nami_user = websms\nami_secret = s3cret-ami\n"
                        + "ami_mode = direct\nami_endpoints = \"+4930123456=alice\"\n"));
            }
            try (DaemonProcess a = DaemonProcess.start(configs.get("a")); DaemonProcess b = DaemonProcess.start(configs.get("b"))) {
                assertTrue(a.startLog.stream().anyMatch(l -> l.contains("they wait in the store postgresql://")), a.startLog.toString());
                HttpClient http = HttpClient.newHttpClient();
                for (DaemonProcess daemon : List.of(a, b)) {
                    HttpResponse<String> ack = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort + "/"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("To=%2B4930123456&From=%2B4915112345678&Body=via+" + (daemon == a ? "a" : "b"))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, ack.statusCode(), "acknowledged once it is in the shared inbox");
                }
                CliProcess.Result list = CliProcess.run(Map.of(), "", "inbox", "--config", configs.get("a").toString());
                assertEquals(0, list.exitCode(), list.stderr());
                assertTrue(list.stdout().startsWith("the inbox in postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema
                        + ": 2 message(s) waiting; the daemons on this store deliver them\n"), list.stdout());
                java.util.regex.Matcher ids = java.util.regex.Pattern.compile("(\\w{26})  to \\+4930123456  from \\+4915112345678  received \\S+  attempts \\d+  next \\S+  devices 0  body 5 chars")
                        .matcher(list.stdout());
                assertTrue(ids.find(), list.stdout());
                String first = ids.group(1);
                assertTrue(ids.find(), list.stdout());

                CliProcess.Result retry = CliProcess.run(Map.of(), "", "inbox", "--config", configs.get("b").toString(), "retry", first);
                assertEquals("1 message(s) due now; the daemons on this store try them within seconds.\n", retry.stdout(), retry.stderr());
                CliProcess.Result purge = CliProcess.run(Map.of(), "", "inbox", "--config", configs.get("b").toString(), "purge");
                assertEquals("2 message(s) dropped.\n", purge.stdout(), purge.stderr());
                CliProcess.Result empty = CliProcess.run(Map.of(), "", "inbox", "--config", configs.get("a").toString());
                assertTrue(empty.stdout().contains(": 0 message(s) waiting"), empty.stdout());
            }
            assertEquals(0L, Long.parseLong(LocalPostgres.text("SELECT count(*) FROM " + schema + ".inbox_lease")), "the daemons gave back what they held when they stopped");
            assertEquals(List.of(false, false), List.of(Files.exists(dir.resolve("state-a/inbox")), Files.exists(dir.resolve("state-b/inbox"))),
                    "no local inbox beside the shared one");
        } finally {
            LocalPostgres.sql("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    @Test
    void aDaemonWhoseStoreCannotBeReachedDoesNotStartAndSaysWhy() throws Exception {
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr =\nstate_dir = " + dir.resolve("state")
                + "\nstore = postgresql://websms@127.0.0.1:1/websms\n[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing")
                + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "websmsd", "--config", config.toString());
        builder.environment().put("PGPASSWORD", "s3cret-Pw");
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String log = new String(process.getErrorStream().readAllBytes());
        assertEquals(69, process.waitFor(), log);
        assertTrue(log.contains("the store postgresql://websms@127.0.0.1:1/websms failed: Connection to 127.0.0.1:1 refused"), log);
        assertTrue(log.contains("Fix: start PostgreSQL or correct store"), log);
        assertTrue(!log.contains("s3cret-Pw"), "the password is in no log line");
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
