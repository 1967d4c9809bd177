package io.websms.cli;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What websms writes on standard error holds no raw control, separator or bidirectional character of others' text. */
class LogLineTest {

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    @Test
    void theDaemonsLogLinesEscapeWhatAnyCallerLogs() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Logging.configure(Level.INFO);
            // As a plugin might log an ITSP's value, without escaping it itself.
            System.getLogger("com.example.Plugin").log(System.Logger.Level.WARNING, "id={0} thrown", "SM1\r\n2026 INFO forged\u001b[2J\u2028\u202e");
            Logger.getLogger("").getHandlers()[0].flush();
        } finally {
            System.setErr(original);
            LogManager.getLogManager().readConfiguration();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.endsWith(" WARNING Plugin: id=SM1\\r 2026 INFO forged\\u001b[2J\\u2028\\u202e thrown" + System.lineSeparator()), log);
        assertEquals(1, log.lines().count(), log);
    }

    @Test
    void anItspsReasonWithABidiOverrideIsPrintedEscaped() throws Exception {
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort()
                + "\nurl_path = /sms\nauth_user = user\nauth_secret = secret\nretry_max = 0\n");
        itsp.enqueue(new MockResponse.Builder().code(403).body("{\"message\":\"Forbidden \u202esender\u2066\"}").build());
        CliProcess.Result rejected = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+46701234567", "+15017122661", "x");
        assertEquals(69, rejected.exitCode());
        assertEquals("websms: rejected by the ITSP: HTTP 403: Forbidden \\u202esender\\u2066\n", rejected.stderr());
    }
}
