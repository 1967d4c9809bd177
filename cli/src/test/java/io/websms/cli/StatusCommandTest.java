package io.websms.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The message ledger as a user meets it: the daemon as a process, a twilio-like ITSP on MockWebServer, FastAGI calls
 * as Asterisk makes them, and {@code websms status} as a process reading what the daemon recorded.
 */
class StatusCommandTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    /** What the ITSP answers next: set by each test. */
    private final AtomicReference<MockResponse> answer = new AtomicReference<>();

    private Path config() throws Exception {
        itsp.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.get();
            }
        });
        return Files.writeString(dir.resolve("websms.conf"), "[websms]\nprovider = twilio-like\nurl_host = http://127.0.0.1:" + itsp.getPort()
                + "\nauth_user = AC0123\nauth_secret = token\nretry_max = 0\nretry_delay = 0.2\n"
                + "[websmsd]\nagi_addr = 127.0.0.1:0\nstate_dir = " + dir.resolve("state") + "\n"
                + "[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");
    }

    static MockResponse accepted(String sid) {
        return new MockResponse.Builder().code(201).addHeader("Content-Type", "application/json")
                .body("{\"sid\":\"" + sid + "\",\"status\":\"queued\"}").build();
    }

    /** One FastAGI call as Asterisk makes it; the variables the dialplan got, by name. */
    static Map<String, String> send(int port, String to, String body) throws Exception {
        Map<String, String> variables = new LinkedHashMap<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("agi_network: yes\nagi_network_script: websms\nagi_uniqueid: 1764000000.7\nagi_arg_1: " + to
                    + "\nagi_arg_2: +15017122661\nagi_arg_3: " + body + "\nagi_arg_4: \n\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                var m = Pattern.compile("SET VARIABLE (\\w+) \"(.*)\"").matcher(line);
                assertTrue(m.matches(), line);
                variables.put(m.group(1), m.group(2));
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            }
        }
        return variables;
    }

    private CliProcess.Result status(Path config, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("status", "--config", config.toString()));
        all.addAll(List.of(args));
        return CliProcess.run(Map.of(), "", all.toArray(String[]::new));
    }

    /** {@code websms status ID} once its history has {@code changes} steps (the daemon records without making the call wait). */
    private CliProcess.Result statusWhen(Path config, String id, int changes) throws Exception {
        CliProcess.Result result = null;
        for (int i = 0; i < 50; i++) {
            result = status(config, id);
            if (result.exitCode() == 0 && result.stdout().lines().filter(l -> l.matches("  " + TIME + "  .*")).count() >= changes) {
                return result;
            }
            Thread.sleep(100);
        }
        return result;
    }

    @Test
    void aFastAgiSendTellsTheDialplanBothIdsAndStatusShowsAcceptedThenSentWithTimes() throws Exception {
        Path config = config();
        answer.set(accepted("SM0123456789abcdef"));
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            Map<String, String> dialplan = send(daemon.agiPort, "+12025550183", "Your code is 1234");
            assertEquals("SUCCESS", dialplan.get("WEBSMS_STATUS"));
            assertEquals("SM0123456789abcdef", dialplan.get("WEBSMS_ITSP_ID"), "the ITSP's id for the message");
            assertEquals(List.of("WEBSMS_STATUS", "WEBSMS_ERROR", "WEBSMS_ID", "WEBSMS_ITSP_ID"), List.copyOf(dialplan.keySet()));
            String id = dialplan.get("WEBSMS_ID");

            CliProcess.Result shown = statusWhen(config, id, 2);
            assertEquals(0, shown.exitCode(), shown.stderr());
            String out = shown.stdout();
            assertTrue(out.startsWith("id         " + id + "\nstatus     sent\ninterface  -\nto         +12025550183\n"
                    + "from       +15017122661\nlength     17 characters, 1 SMS\nitsp id    SM0123456789abcdef\naccepted   "), out);
            assertTrue(out.matches("(?s).*\nhistory\n  " + TIME + "  accepted\n  " + TIME + "  sent\n"), out);
            assertTrue(!out.contains("Your code"), "the text is not kept without ledger_body = yes");

            CliProcess.Result json = status(config, id, "--json");
            assertEquals(0, json.exitCode(), json.stderr());
            JsonNode entry = new ObjectMapper().readTree(json.stdout());
            assertEquals(id, entry.get("id").asText());
            assertEquals("sent", entry.get("status").asText());
            assertEquals("SM0123456789abcdef", entry.get("itsp_id").asText());
            assertEquals(List.of("accepted", "sent"), statuses(entry));

            CliProcess.Result table = status(config, "--to", "+12025550183", "--since", "1h", "--json");
            assertEquals(0, table.exitCode(), table.stderr());
            JsonNode list = new ObjectMapper().readTree(table.stdout());
            assertEquals(1, list.size());
            assertEquals(id, list.get(0).get("id").asText());
            assertEquals(0, new ObjectMapper().readTree(status(config, "--to", "+19999999999", "--json").stdout()).size());
        }
    }

    @Test
    void aSendTheItspRefusesShowsRejectedWithItsReason() throws Exception {
        Path config = config();
        answer.set(new MockResponse.Builder().code(400).addHeader("Content-Type", "application/json")
                .body("{\"code\":21211,\"message\":\"The 'To' number is not a valid phone number.\"}").build());
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            Map<String, String> dialplan = send(daemon.agiPort, "+12025550100", "hello");
            assertEquals("FAILURE", dialplan.get("WEBSMS_STATUS"));
            assertEquals("", dialplan.get("WEBSMS_ITSP_ID"));
            CliProcess.Result shown = statusWhen(config, dialplan.get("WEBSMS_ID"), 2);
            assertEquals(0, shown.exitCode(), shown.stderr());
            assertTrue(shown.stdout().contains("status     rejected\n"), shown.stdout());
            assertTrue(shown.stdout().matches("(?s).*\n  " + TIME + "  rejected     .*not a valid phone number.*\n"), shown.stdout());
        }
    }

    @Test
    void anOutboxMessageSentLaterShowsAcceptedQueuedSentUnderTheSameId() throws Exception {
        Path config = config();
        answer.set(new MockResponse.Builder().code(503).build());
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            Map<String, String> dialplan = send(daemon.agiPort, "+12025550101", "later");
            assertEquals("QUEUED", dialplan.get("WEBSMS_STATUS"));
            String id = dialplan.get("WEBSMS_ID");
            answer.set(accepted("SMlater"));
            CliProcess.Result shown = statusWhen(config, id, 3);
            assertEquals(0, shown.exitCode(), shown.stderr());
            assertTrue(shown.stdout().matches("(?s).*\nitsp id    SMlater\n.*\nhistory\n  " + TIME + "  accepted\n  " + TIME
                    + "  queued       HTTP 503\n  " + TIME + "  sent\n"), shown.stdout());
        }
    }

    @Test
    void aKillDashNineBetweenTheSendAndTheCallbackLosesNoHistory() throws Exception {
        String statusUrl = "https://pbx.example.com/status/twilio";
        Path config = config();
        Files.writeString(config, Files.readString(config).replace("retry_max = 0\n",
                "retry_max = 0\nstatus_path = /status/twilio\nstatus_url = " + statusUrl + "\n")
                .replace("[websmsd]\n", "[websmsd]\nhttp_addr = 127.0.0.1:0\nremt_addr = 127.0.0.1\n"));
        answer.set(accepted("SMkill"));
        DaemonProcess daemon = DaemonProcess.start(config);
        String id;
        try {
            id = send(daemon.agiPort, "+12025550102", "before the crash").get("WEBSMS_ID");
            assertEquals(0, statusWhen(config, id, 2).exitCode());
        } finally {
            new ProcessBuilder("kill", "-9", Long.toString(daemon.process.pid())).start().waitFor();
            assertTrue(daemon.process.waitFor(20, TimeUnit.SECONDS));
        }
        CliProcess.Result after = status(config, id);
        assertEquals(0, after.exitCode(), after.stderr());
        assertTrue(after.stdout().matches("(?s).*\nhistory\n  " + TIME + "  accepted\n  " + TIME + "  sent\n"), after.stdout());
        try (DaemonProcess restarted = DaemonProcess.start(config)) {
            CliProcess.Result table = status(config, "--last", "5");
            assertEquals(0, table.exitCode(), table.stderr());
            assertTrue(table.stdout().startsWith("ID  "), table.stdout());
            assertTrue(table.stdout().contains(id + "  "), "the restarted daemon keeps it: " + table.stdout());
            assertEquals(200, callback(restarted, statusUrl, Map.of("MessageSid", "SMkill", "MessageStatus", "delivered", "AccountSid", "AC0123"),
                    "token"), "the callback after the crash finds its message");
            CliProcess.Result delivered = statusWhen(config, id, 3);
            assertTrue(delivered.stdout().matches("(?s).*\nhistory\n  " + TIME + "  accepted\n  " + TIME + "  sent\n  " + TIME + "  delivered\n"),
                    delivered.stdout());
        }
    }

    @Test
    void anUnknownOrInvalidIdExits65WithAClearMessage() throws Exception {
        Path config = config();
        answer.set(accepted("SM1"));
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            CliProcess.Result unknown = status(config, "01JH5Q8W3K7V2N6R4T9Y0B1C2D");
            assertEquals(65, unknown.exitCode());
            assertTrue(unknown.stderr().startsWith("websms status: no message 01JH5Q8W3K7V2N6R4T9Y0B1C2D in the ledger "), unknown.stderr());
            CliProcess.Result invalid = status(config, "01JH5Q8W3K7V2N6R4T9Y0B1C2");
            assertEquals(65, invalid.exitCode());
            assertEquals("websms status: '01JH5Q8W3K7V2N6R4T9Y0B1C2' is not a websms id: it has 25 characters, a websms id has 26\n",
                    invalid.stderr());
            CliProcess.Result both = status(config, "01JH5Q8W3K7V2N6R4T9Y0B1C2D", "--to", "+1");
            assertEquals(64, both.exitCode());
            assertTrue(both.stderr().startsWith("websms status: give a message id or --to, --from, --since, --last; not both\n"), both.stderr());
            CliProcess.Result since = status(config, "--since", "yesterday");
            assertEquals(64, since.exitCode());
            assertTrue(since.stderr().startsWith("websms status: --since yesterday: give a time back from now"), since.stderr());
            CliProcess.Result elsewhere = CliProcess.run(Map.of(), "", "queue", "--config", config.toString(), "--to", "+1");
            assertEquals(64, elsewhere.exitCode());
            assertTrue(elsewhere.stderr().startsWith("websms queue: unknown option '--to'\n"), "another command refuses it: " + elsewhere.stderr());
        }
    }

    @Test
    void sendPrintIdPrintsTheIdAndWithoutADaemonNothingIsRecorded() throws Exception {
        Path config = config();
        answer.set(accepted("SMone"));
        CliProcess.Result sent = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "--print-id", "+12025550103", "+15017122661", "hi");
        assertEquals(0, sent.exitCode(), sent.stderr());
        assertTrue(sent.stdout().matches("[0-7][0-9A-HJKMNP-TV-Z]{25}\n"), sent.stdout());
        CliProcess.Result plain = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+12025550103", "+15017122661", "hi");
        assertEquals("", plain.stdout(), "the default output is unchanged");
        CliProcess.Result status = status(config, sent.stdout().strip());
        assertEquals(65, status.exitCode());
        assertTrue(status.stderr().startsWith("websms status: there is no message ledger in "), status.stderr());
    }

    @Test
    void aLedgerThatCannotBeOpenedStopsNoMessage() throws Exception {
        Path config = config();
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/ledger"), "a file where the ledger's folder goes");
        answer.set(accepted("SMstill"));
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            assertTrue(daemon.startLog.stream().anyMatch(l -> l.contains("ledger: ") && l.contains("outgoing SMS are sent but not recorded")),
                    daemon.startLog.toString());
            Map<String, String> dialplan = send(daemon.agiPort, "+12025550104", "still sent");
            assertEquals("SUCCESS", dialplan.get("WEBSMS_STATUS"));
            assertEquals("SMstill", dialplan.get("WEBSMS_ITSP_ID"));
        }
    }

    @Test
    void signedCallbacksTakeTheMessageToItsFateAndTheSenderIsToldOnceWhenItDidNotArrive() throws Exception {
        String statusUrl = "https://pbx.example.com/status/twilio";
        Path config = config();
        Files.writeString(config, Files.readString(config).replace("retry_max = 0\n",
                "retry_max = 0\nstatus_path = /status/twilio\nstatus_url = " + statusUrl + "\n")
                .replace("[websmsd]\n", "[websmsd]\nhttp_addr = 127.0.0.1:0\nremt_addr = 127.0.0.1\n"));
        answer.set(accepted("SM00000000000000000000000000000001"));
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            Map<String, String> dialplan = send(daemon.agiPort, "+12025550183", "are you there");
            assertEquals("SUCCESS", dialplan.get("WEBSMS_STATUS"));
            String id = dialplan.get("WEBSMS_ID");
            assertEquals(0, statusWhen(config, id, 2).exitCode());
            assertTrue(itsp.takeRequest().getBody().utf8().contains("StatusCallback=" + java.net.URLEncoder.encode(statusUrl, StandardCharsets.UTF_8)),
                    "every send asks Twilio for callbacks at status_url");

            Map<String, String> undelivered = Map.of("MessageSid", "SM00000000000000000000000000000001", "MessageStatus", "undelivered",
                    "ErrorCode", "30007", "AccountSid", "AC0123");
            for (int i = 0; i < 3; i++) { // Twilio retries; each time the same report
                assertEquals(200, callback(daemon, statusUrl, undelivered, "token"));
            }
            assertEquals(200, callback(daemon, statusUrl, Map.of("MessageSid", "SM00000000000000000000000000000001", "MessageStatus", "sent",
                    "AccountSid", "AC0123"), "token"), "a late sent after the final status");
            assertEquals(200, callback(daemon, statusUrl, Map.of("MessageSid", "SM99999999999999999999999999999999", "MessageStatus", "delivered",
                    "AccountSid", "AC0123"), "token"), "an unknown message is acknowledged, so that Twilio stops retrying");
            assertEquals(403, callback(daemon, statusUrl, Map.of("MessageSid", "SM00000000000000000000000000000001", "MessageStatus", "delivered",
                    "AccountSid", "AC0123"), "forged"), "a forged callback changes nothing");

            CliProcess.Result shown = status(config, id, "--json");
            assertEquals(0, shown.exitCode(), shown.stderr());
            JsonNode entry = new ObjectMapper().readTree(shown.stdout());
            assertEquals("undelivered", entry.get("status").asText());
            // The late sent is no new state; Twilio's callbacks carry no time, so it equals the sent already in the history.
            assertEquals(List.of("accepted", "sent", "undelivered"), statuses(entry), "the state did not move back");

            List<Path> notices;
            try (var files = Files.list(dir.resolve("spool/outgoing"))) {
                notices = files.toList();
            }
            assertEquals(1, notices.size(), "exactly one notice, however often the callback came");
            String notice = Files.readString(notices.get(0));
            assertTrue(notice.contains("Channel: Local/+15017122661@"), "to the phone that sent it: " + notice);
            assertTrue(notice.contains("setvar: MESSAGE(body)=Not%20delivered%20to%20%2B12025550183%3A%20"), notice);
            assertTrue(notice.contains("%2830007%29%20%5Bid%20" + id + "%5D"), notice);
        }
    }

    /** A status callback as Twilio posts it, signed with {@code token} over {@code url} and the sorted fields. */
    static int callback(DaemonProcess daemon, String url, Map<String, String> fields, String token) throws Exception {
        StringBuilder signed = new StringBuilder(url);
        new java.util.TreeMap<>(fields).forEach((k, v) -> signed.append(k).append(v));
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
        mac.init(new javax.crypto.spec.SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = java.util.Base64.getEncoder().encodeToString(mac.doFinal(signed.toString().getBytes(StandardCharsets.UTF_8)));
        StringBuilder form = new StringBuilder();
        fields.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&").append(k).append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + daemon.httpPort + "/status/twilio"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Twilio-Signature", signature)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form.toString())).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    private static List<String> statuses(JsonNode entry) {
        List<String> statuses = new ArrayList<>();
        entry.get("history").forEach(step -> statuses.add(step.get("status").asText()));
        return statuses;
    }
}
