package io.websms.cli;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The websms command run as a separate process: one-shot sends, classic AGI, and the FastAGI daemon. */
class SendCommandTest {

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Path config(String extra) throws Exception {
        return Files.writeString(dir.resolve("websms.conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort()
                + "\nurl_path = /sms\nauth_user = user\nauth_secret = secret\nretry_max = 0\n" + extra);
    }

    @Test
    void sendExitsZeroAndPrintsNothingWhenTheItspAccepts() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).body("{\"status\":\"queued\"}").build());
        CliProcess.Result result = CliProcess.run(Map.of("WEBSMS_CONFIG", config("").toString()), "",
                "send", "+46701234567", "+15017122661", "Hello ü 😀");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("", result.stdout());
        assertEquals("", result.stderr());
        RecordedRequest request = take();
        assertEquals("/sms", request.getTarget());
        assertEquals("Body=Hello+%C3%BC+%F0%9F%98%80&From=%2B15017122661&To=%2B46701234567", request.getBody().utf8());
        assertEquals("close", request.getHeaders().get("Connection"), "a one-shot process keeps no connection open: its exit would wait for it");
        assertEquals(null, request.getHeaders().get("User-Agent"));
    }

    @Test
    void theOriginalsBareFormWorksToo() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        CliProcess.Result result = CliProcess.run(Map.of(), "", "--config", config("").toString(), "+46701234567", "+15017122661", "bare");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("Body=bare&From=%2B15017122661&To=%2B46701234567", take().getBody().utf8());
    }

    @Test
    void aNumberWrittenWithSpacesDashesAndParenthesesIsSent() throws Exception {
        Path config = config("");
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        CliProcess.Result sent = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+1 (202) 555-0183", "+46 70-123 45 67", "hi");
        assertEquals(0, sent.exitCode(), sent.stderr());
        assertTrue(itsp.takeRequest(5, TimeUnit.SECONDS).getBody().utf8().contains("To=%2B1+%28202%29+555-0183"));
    }

    @Test
    void eachKindOfFailureHasItsOwnExitStatusAndOneLineOnStderr() throws Exception {
        Path config = config("");
        itsp.enqueue(new MockResponse.Builder().code(403).body("{\"message\":\"Forbidden sender\"}").build());
        CliProcess.Result rejected = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+46701234567", "+15017122661", "x");
        assertEquals(69, rejected.exitCode());
        assertEquals("websms: rejected by the ITSP: HTTP 403: Forbidden sender\n", rejected.stderr());

        itsp.enqueue(new MockResponse.Builder().code(502).build());
        CliProcess.Result temporary = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+46701234567", "+15017122661", "x");
        assertEquals(75, temporary.exitCode());
        assertEquals("websms: not sent: HTTP 502\n", temporary.stderr());

        CliProcess.Result badNumber = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+4670CALLME", "+15017122661", "x");
        assertEquals(65, badNumber.exitCode());
        assertEquals("websms: to: '+4670CALLME' is not a phone number (digits, with an optional leading + and the separators space - . ( ))\n", badNumber.stderr());

        CliProcess.Result missing = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+46701234567", "+15017122661");
        assertEquals(64, missing.exitCode());
        assertEquals("websms: expected TO FROM BODY [INDEX] [uri], got 2 arguments\n", missing.stderr());

        Path indexed = Files.writeString(dir.resolve("indexed.conf"), "[websms]\nurl_host [a] = http://127.0.0.1:" + itsp.getPort() + "\nauth_method = none\n");
        CliProcess.Result unknownIndex = CliProcess.run(Map.of(), "", "send", "--config", indexed.toString(), "+46701234567", "+15017122661", "x", "b");
        assertEquals(78, unknownIndex.exitCode());
        assertEquals("websms: " + indexed + ": error: [websms] no interface has the index 'b'; [websms] has a. "
                + "Fix: use one of those, or add keys with [b] to [websms].\n", unknownIndex.stderr());
        assertEquals(2, itsp.getRequestCount(), "only the two that reached the ITSP");
    }

    @Test
    void asAClassicAgiScriptItReadsTheEnvironmentAndSetsTheVariables() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        String environment = "agi_request: websms\nagi_channel: Message/ast_msg_queue\nagi_type: Message\nagi_context: sms-out\n"
                + "agi_extension: +46701234567\nagi_arg_1: +46701234567\nagi_arg_2: \"Bob\" <sip:+15017122661@pbx>\nagi_arg_3: line 1\n"
                + "line 2\nagi_arg_4: \n\n";
        String replies = "200 result=1\n200 result=1\n200 result=1\n200 result=1\n";
        CliProcess.Result result = CliProcess.run(Map.of("AST_AGI_DIR", "/var/lib/asterisk/agi-bin", "WEBSMS_CONFIG", config("").toString()),
                environment + replies, "+46701234567", "\"Bob\" <sip:+15017122661@pbx>", "line 1\nline 2", "");
        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(result.stdout().matches("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"\nSET VARIABLE WEBSMS_ERROR \"\"\n"
                + "SET VARIABLE WEBSMS_ID \"[0-9A-Z]{26}\"\nSET VARIABLE WEBSMS_ITSP_ID \"\"\n"), result.stdout());
        assertEquals("Body=line+1%0Aline+2&From=%2B15017122661&To=%2B46701234567", take().getBody().utf8(),
                "the arguments come from the command line, where the newline is intact");
    }

    @Test
    void asAClassicAgiScriptItsLogLineCarriesTheCallsUniqueidAndTheIdTheDialplanGets() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        CliProcess.Result result = CliProcess.run(Map.of("WEBSMS_CONFIG", config("").toString(), "WEBSMS_LOG_LEVEL", "INFO"),
                "agi_request: websms\nagi_uniqueid: 1764000000.42\nagi_arg_1: +46701234567\nagi_arg_2: +15017122661\nagi_arg_3: hi\n\n"
                        + "200 result=1\n200 result=1\n200 result=1\n200 result=1\n", "agi");
        assertEquals(0, result.exitCode(), result.stderr());
        String id = result.stdout().replaceFirst("(?s).*SET VARIABLE WEBSMS_ID \"([0-9A-Z]{26})\"\nSET VARIABLE WEBSMS_ITSP_ID \"\"\n$", "$1");
        assertEquals(26, id.length(), result.stdout());
        assertTrue(result.stderr().contains(" out interface=- to=+46701234567 result=SENT status=200 id=" + id + " call=1764000000.42 itsp_id=-\n"),
                result.stderr());
    }

    @Test
    void aClassicAgiFailureIsReportedToTheDialplan() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(401).build());
        CliProcess.Result result = CliProcess.run(Map.of("WEBSMS_CONFIG", config("").toString()),
                "agi_request: websms\nagi_uniqueid: 1764000000.42\nagi_arg_1: +46701234567\nagi_arg_2: +15017122661\nagi_arg_3: hi\n\n"
                        + "200 result=1\n200 result=1\n200 result=1\n200 result=1\n", "agi");
        assertEquals(69, result.exitCode());
        assertTrue(result.stdout().matches("SET VARIABLE WEBSMS_STATUS \"FAILURE\"\nSET VARIABLE WEBSMS_ERROR \"rejected by the ITSP: HTTP 401\"\n"
                + "SET VARIABLE WEBSMS_ID \"[0-9A-Z]{26}\"\nSET VARIABLE WEBSMS_ITSP_ID \"\"\n"), result.stdout());
        assertEquals("websms: rejected by the ITSP: HTTP 401\n", result.stderr());
    }

    @Test
    void theDaemonServesWebhooksAndFastAgiUntilItIsStopped() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        Path outgoing = dir.resolve("spool/outgoing");
        Path config = config("[websmsd]\nagi_addr = 127.0.0.1:0\nhttp_addr = 127.0.0.1:0\nresp_ack = OK\nstate_dir = " + dir.resolve("state") + "\n[astqueue]\n"
                + "outgoingdir = " + outgoing + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            int httpPort = daemon.httpPort;
            int agiPort = daemon.agiPort;
            assertTrue(httpPort > 0 && agiPort > 0, "the daemon says where it listens");
            assertEquals(outgoing.toString(), daemon.outgoing, "the log says where call files go");

            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + httpPort + "/"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("To=%2B12025550160&From=%2B15017122661&Body=Hi+there")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("OK", response.body());
            List<Path> files;
            try (var list = Files.list(outgoing)) {
                files = list.toList();
            }
            assertEquals(1, files.size());
            assertTrue(Files.readString(files.get(0)).contains("setvar: MESSAGE(body)=Hi%20there\n"));

            try (Socket socket = new Socket("127.0.0.1", agiPort)) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("agi_network: yes\nagi_network_script: websms\nagi_request: agi://127.0.0.1/websms\nagi_arg_1: +46701234567\n"
                        + "agi_arg_2: +15017122661\nagi_arg_3: via FastAGI\nagi_arg_4: \n\n").getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", in.readLine());
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("SET VARIABLE WEBSMS_ERROR \"\"", in.readLine());
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                assertTrue(in.readLine().matches("SET VARIABLE WEBSMS_ID \"[0-9A-Z]{26}\""));
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("SET VARIABLE WEBSMS_ITSP_ID \"\"", in.readLine());
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            }
            assertEquals("Body=via+FastAGI&From=%2B15017122661&To=%2B46701234567", take().getBody().utf8());
            assertTrue(daemon.stop(), "the daemon stops on SIGTERM");
            assertTrue(daemon.process.exitValue() == 0 || daemon.process.exitValue() == 143, "a clean stop: " + daemon.process.exitValue());
        }
    }

    @Test
    void aMessageQueuedWhileTheItspIsDownIsSentOnceAfterADaemonRestart() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean up = new java.util.concurrent.atomic.AtomicBoolean(false);
        List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        itsp.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (!up.get()) {
                    return new MockResponse.Builder().code(503).build();
                }
                accepted.add(request.getBody().utf8());
                return new MockResponse.Builder().code(200).build();
            }
        });
        Path config = config("retry_delay = 0.2\n[websmsd]\nagi_addr = 127.0.0.1:0\nstate_dir = " + dir.resolve("state")
                + "\n[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");
        String id;
        try (DaemonProcess first = DaemonProcess.start(config)) {
            int port = first.agiPort;
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("agi_network: yes\nagi_network_script: websms\nagi_arg_1: +46701234567\nagi_arg_2: +15017122661\n"
                        + "agi_arg_3: while down\nagi_arg_4: \n\n").getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("SET VARIABLE WEBSMS_STATUS \"QUEUED\"", in.readLine());
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("SET VARIABLE WEBSMS_ERROR \"queued: HTTP 503\"", in.readLine());
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                String idLine = in.readLine();
                assertTrue(idLine.matches("SET VARIABLE WEBSMS_ID \"[0-9A-Z]{26}\""), idLine);
                id = idLine.substring("SET VARIABLE WEBSMS_ID \"".length(), idLine.length() - 1);
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("SET VARIABLE WEBSMS_ITSP_ID \"\"", in.readLine());
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            }
            CliProcess.Result waiting = CliProcess.run(Map.of(), "", "queue", "list", "--config", config.toString());
            assertEquals(0, waiting.exitCode(), waiting.stderr());
            assertTrue(waiting.stdout().contains("1 message(s) waiting") && waiting.stdout().contains(id + "  to +46701234567"),
                    "the queue lists it under the id the dialplan got: " + waiting.stdout());
            assertTrue(first.stop());
        }
        up.set(true);
        try (DaemonProcess second = DaemonProcess.start(config)) {
            for (int i = 0; i < 150 && accepted.isEmpty(); i++) {
                Thread.sleep(100);
            }
            Thread.sleep(1500); // a second pass must not send it again
            assertEquals(List.of("Body=while+down&From=%2B15017122661&To=%2B46701234567"), accepted);
            CliProcess.Result empty = CliProcess.run(Map.of(), "", "queue", "--config", config.toString());
            assertTrue(empty.stdout().contains("0 message(s) waiting"), empty.stdout());
            assertTrue(second.stop());
        }
    }

    @Test
    void theDefaultConfigurationIsWrittenWhereNoneIsAndIsUsable() throws Exception {
        Path file = dir.resolve("new/websms.conf");
        WebsmsdCommand.writeDefaultConfig(file);
        // The shipped example, with its state kept beside it (outside /etc).
        String shipped = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("etc/websms.conf"));
        assertEquals(shipped.replace("\n[websmsd]\n", "\n[websmsd]\n; Written outside /etc: this websms keeps its state (the outbox, the message ids) "
                + "beside this file.\nstate_dir       = \"" + dir.resolve("new/state") + "\"\n"), Files.readString(file));
        CliProcess.Result check = CliProcess.run(Map.of(), "", "check-config", "--config", file.toString());
        assertEquals(0, check.exitCode(), check.stderr());
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = itsp.takeRequest(10, TimeUnit.SECONDS);
        assertNotNull(request, "the ITSP got no request");
        return request;
    }
}
