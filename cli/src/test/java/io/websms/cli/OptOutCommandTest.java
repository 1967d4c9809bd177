package io.websms.cli;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Opt-out across processes: a STOP webhook to a daemon process, then {@code websms send} and classic AGI (one-shot
 * processes) refuse the number with exit 65; {@code websms optout list|add|remove} see and change the same list.
 */
class OptOutCommandTest {

    private static final String OURS = "+46701234567";
    private static final String THEIRS = "+15017122661";

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("websms.conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort()
                + "\nurl_path = /sms\nauth_method = none\nretry_max = 0\n"
                + "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:0\noptout = yes\nstate_dir = " + dir.resolve("state") + "\n"
                + "[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");
    }

    @Test
    void aStopToTheDaemonMakesWebsmsSendRefuseThatNumberUntilItIsRemoved() throws Exception {
        Path config = config();
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("To=%2B46701234567&From=%2B15017122661&Body=STOP")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ack.statusCode());
            assertEquals(1, callFiles().size(), "the STOP still reaches the phone");
        }

        // No daemon runs now: the one-shot command reads the list the daemon kept.
        CliProcess.Result refused = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), THEIRS, OURS, "Your order shipped");
        assertEquals(65, refused.exitCode(), refused.stderr());
        assertTrue(refused.stderr().startsWith("websms: to: " + THEIRS + " opted out of SMS from " + OURS + " (STOP on interface -, "),
                refused.stderr());
        assertEquals(0, itsp.getRequestCount(), "nothing went to the ITSP");

        String environment = "agi_request: websms\nagi_uniqueid: 1764000000.42\nagi_arg_1: " + THEIRS + "\nagi_arg_2: <sip:" + OURS + "@pbx>\n"
                + "agi_arg_3: hi\n\n200 result=1\n200 result=1\n200 result=1\n200 result=1\n";
        CliProcess.Result agi = CliProcess.run(Map.of("WEBSMS_CONFIG", config.toString()), environment, "agi");
        assertEquals(65, agi.exitCode(), agi.stderr());
        assertTrue(agi.stdout().startsWith("SET VARIABLE WEBSMS_STATUS \"FAILURE\"\nSET VARIABLE WEBSMS_ERROR \"to: " + THEIRS + " opted out of SMS from "),
                agi.stdout());

        CliProcess.Result list = CliProcess.run(Map.of(), "", "optout", "--config", config.toString());
        assertEquals(0, list.exitCode(), list.stderr());
        assertTrue(list.stdout().startsWith(dir.resolve("state/optout") + ": 1 opt-out(s)\n"), list.stdout());
        assertTrue(list.stdout().matches("(?s).*\n\\+15017122661  from \\+46701234567  since \\S+Z  by STOP on interface -\n"), list.stdout());

        CliProcess.Result removed = CliProcess.run(Map.of(), "", "optout", "--config", config.toString(), "remove", THEIRS, OURS);
        assertEquals(0, removed.exitCode(), removed.stderr());
        assertEquals(THEIRS + " may get SMS from " + OURS + " again.\n", removed.stdout());
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        CliProcess.Result sent = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), THEIRS, OURS, "Welcome back");
        assertEquals(0, sent.exitCode(), sent.stderr());
        assertNotNull(itsp.takeRequest(5, TimeUnit.SECONDS));

        CliProcess.Result again = CliProcess.run(Map.of(), "", "optout", "--config", config.toString(), "remove", THEIRS, OURS);
        assertEquals(0, again.exitCode());
        assertEquals(THEIRS + " was not on the list for " + OURS + ".\n", again.stdout());
    }

    @Test
    void anAdminAddsANumberAndTheRunningDaemonRefusesItAtOnce() throws Exception {
        Path config = config();
        CliProcess.Result added = CliProcess.run(Map.of(), "", "optout", "--config", config.toString(), "add", "+1 (202) 555-0183", OURS);
        assertEquals(0, added.exitCode(), added.stderr());
        assertEquals("+1 (202) 555-0183 gets no more SMS from " + OURS + ".\n", added.stdout());
        CliProcess.Result twice = CliProcess.run(Map.of(), "", "optout", "--config", config.toString(), "add", "+12025550183", OURS);
        assertEquals("+12025550183 was on the list for " + OURS + " already.\n", twice.stdout());

        CliProcess.Result refused = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "12025550183", OURS, "hi");
        assertEquals(65, refused.exitCode(), "the same number without + and separators: " + refused.stderr());
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void usageErrorsExit64AndABadNumber65() throws Exception {
        Path config = config();
        CliProcess.Result unknown = CliProcess.run(Map.of(), "", "optout", "--config", config.toString(), "flush");
        assertEquals(64, unknown.exitCode());
        assertEquals("websms optout: unknown action 'flush'\nusage: websms optout [OPTIONS] [list | add NUMBER FROM | remove NUMBER FROM]\n",
                unknown.stderr());
        CliProcess.Result missing = CliProcess.run(Map.of(), "", "optout", "--config", config.toString(), "add", THEIRS);
        assertEquals(64, missing.exitCode());
        assertTrue(missing.stderr().startsWith("websms optout: add needs NUMBER (theirs) and FROM (ours)\n"), missing.stderr());
        CliProcess.Result bad = CliProcess.run(Map.of(), "", "optout", "--config", config.toString(), "add", "call me", OURS);
        assertEquals(65, bad.exitCode());
        assertEquals("websms: NUMBER is not a phone number: 'call me'\n", bad.stderr());
        CliProcess.Result help = CliProcess.run(Map.of(), "", "optout", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().startsWith("usage: websms optout [OPTIONS] [list | add NUMBER FROM | remove NUMBER FROM]\n"), help.stdout());
    }

    private List<Path> callFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("spool/outgoing"))) {
            return files.toList();
        }
    }
}
