package io.websms.cli;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon as a process: what it says when it starts and stops, and how {@code websms queue} knows it runs. */
class DaemonLifecycleTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("websms.conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort()
                + "\nurl_path = /sms\nauth_method = none\nretry_max = 0\n[websmsd]\nagi_addr = 127.0.0.1:0\nstate_dir = " + dir.resolve("state")
                + "\n[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");
    }

    @Test
    void theStartUpLineNamesTheVersionAndSigtermAlwaysLogsStoppingAndStopped() throws Exception {
        Path config = config();
        for (int run = 0; run < 5; run++) { // the lines were lost to a race with the JDK's own shutdown hook
            DaemonProcess daemon = DaemonProcess.start(config);
            try {
                assertTrue(daemon.log.get(0).matches(TIME + " INFO websmsd: websms " + CommandLineTest.projectVersion().replace(".", "\\.")
                        + " \\(Java [^)]+\\) starting with " + config), daemon.log.get(0));
                assertTrue(daemon.stop());
                assertEquals(143, daemon.process.exitValue(), "ended by SIGTERM");
                assertTrue(daemon.log.stream().anyMatch(l -> l.matches(TIME + " INFO websmsd: stopping: finishing the requests in progress")),
                        "run " + run + ": " + daemon.log);
                assertTrue(daemon.log.get(daemon.log.size() - 1).matches(TIME + " INFO Websmsd: stopped"), "run " + run + ": " + daemon.log);
            } finally {
                daemon.process.destroyForcibly();
            }
        }
    }

    @Test
    void queueRetrySaysWhetherADaemonWillTryTheMessages() throws Exception {
        itsp.enqueue(new MockResponse.Builder().code(503).build());
        Path config = config();
        Path lock = dir.resolve("state/websmsd.lock");
        DaemonProcess daemon = DaemonProcess.start(config);
        try {
            try (Socket socket = new Socket("127.0.0.1", daemon.agiPort)) {
                socket.setSoTimeout(20_000);
                OutputStream out = socket.getOutputStream();
                out.write(("agi_network: yes\nagi_network_script: websms\nagi_arg_1: +46701234567\nagi_arg_2: +15017122661\n"
                        + "agi_arg_3: later\nagi_arg_4: \n\n").getBytes(StandardCharsets.UTF_8));
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                assertEquals("SET VARIABLE WEBSMS_STATUS \"QUEUED\"", in.readLine());
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                in.readLine();
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            }
            // The ITSP stays down (503 by default once the queue is empty): the message keeps waiting.
            itsp.setDispatcher(new mockwebserver3.QueueDispatcher() {
                @Override
                public MockResponse dispatch(mockwebserver3.RecordedRequest request) {
                    return new MockResponse.Builder().code(503).build();
                }
            });
            CliProcess.Result running = CliProcess.run(Map.of(), "", "queue", "retry", "--config", config.toString());
            assertEquals(0, running.exitCode(), running.stderr());
            assertEquals("1 message(s) due now; the daemon (process " + daemon.process.pid() + ") tries them within a second.\n", running.stdout());
        } finally {
            daemon.process.destroyForcibly(); // SIGKILL: no shutdown hook; the lock file stays behind
            assertTrue(daemon.process.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(Files.exists(lock), "the daemon's lock file is left behind");
        CliProcess.Result stopped = CliProcess.run(Map.of(), "", "queue", "retry", "--config", config.toString());
        assertEquals(0, stopped.exitCode(), stopped.stderr());
        assertEquals("1 message(s) due now; but no daemon runs on this outbox (none holds " + lock + "): they are sent when websms websmsd starts.\n",
                stopped.stdout());
        CliProcess.Result list = CliProcess.run(Map.of(), "", "queue", "--config", config.toString());
        assertTrue(list.stdout().startsWith(dir.resolve("state/outbox") + ": 1 message(s) waiting; no daemon runs on this outbox\n"), list.stdout());
    }
}
