package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code websms inbox} against a daemon process with {@code delivery = ami} whose Asterisk is down: a webhook is
 * acknowledged once it is in the inbox, and {@code list}, {@code retry} and {@code purge} see and change it.
 */
class InboxCommandTest {

    @TempDir
    Path dir;

    @Test
    void aMessageWaitingForTheAmiIsListedMadeDueAndPurged() throws Exception {
        int closedAmi;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedAmi = probe.getLocalPort();
        }
        Path config = Files.writeString(dir.resolve("websms.conf"), """
                [websmsd]
                http_addr = 127.0.0.1:0
                agi_addr = 127.0.0.1:0
                state_dir = %s
                [astqueue]
                delivery = ami
                ami_addr = 127.0.0.1:%d
                ami_user = websms
                ami_secret = "s3cret-ami"
                ami_mode = direct
                ami_endpoints = "+4930123456=alice"
                """.formatted(dir.resolve("state"), closedAmi));
        try (DaemonProcess daemon = DaemonProcess.start(config)) {
            assertTrue(daemon.startLog.stream().anyMatch(l -> l.contains("go to Asterisk over the AMI at 127.0.0.1:" + closedAmi + " (direct mode)")),
                    daemon.startLog.toString());
            assertTrue(daemon.startLog.stream().noneMatch(l -> l.contains("s3cret-ami")), "the secret is never logged");
            HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort + "/"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("To=%2B4930123456&From=%2B4915112345678&Body=while+Asterisk+is+down")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ack.statusCode(), "acknowledged: the message is in the inbox, though the AMI is unreachable");

            CliProcess.Result list = CliProcess.run(Map.of(), "", "inbox", "--config", config.toString());
            assertEquals(0, list.exitCode(), list.stderr());
            assertTrue(list.stdout().contains("1 message(s) waiting; the daemon (process " + daemon.process.pid() + ") delivers them"), list.stdout());
            Matcher line = Pattern.compile("(\\w{26})  to \\+4930123456  from \\+4915112345678  received \\S+  attempts \\d+  next \\S+  devices 0  body 22 chars")
                    .matcher(list.stdout());
            assertTrue(line.find(), list.stdout());
            String id = line.group(1);

            CliProcess.Result retry = CliProcess.run(Map.of(), "", "inbox", "--config", config.toString(), "retry", id);
            assertEquals(0, retry.exitCode(), retry.stderr());
            assertTrue(retry.stdout().startsWith("1 message(s) due now; the daemon (process " + daemon.process.pid() + ")"), retry.stdout());

            CliProcess.Result unknown = CliProcess.run(Map.of(), "", "inbox", "--config", config.toString(), "retry", "01M8RJ9KYZAP9P4AV979VXQ934");
            assertEquals(65, unknown.exitCode());
            assertTrue(unknown.stderr().contains("no message 01M8RJ9KYZAP9P4AV979VXQ934 waits in"), unknown.stderr());

            CliProcess.Result purge = CliProcess.run(Map.of(), "", "inbox", "--config", config.toString(), "purge", id);
            assertEquals("1 message(s) dropped.\n", purge.stdout());
            CliProcess.Result empty = CliProcess.run(Map.of(), "", "inbox", "--config", config.toString(), "list");
            assertTrue(empty.stdout().contains(": 0 message(s) waiting"), empty.stdout());

            CliProcess.Result usage = CliProcess.run(Map.of(), "", "inbox", "--config", config.toString(), "flush");
            assertEquals(64, usage.exitCode());
            assertTrue(usage.stderr().contains("usage: websms inbox [OPTIONS] [list|retry|purge] [ID]"), usage.stderr());
        }
    }
}
