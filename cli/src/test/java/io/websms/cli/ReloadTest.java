package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGHUP and {@code websms reload} against the daemon as a process: a new file for the next message, a bad one refused. */
class ReloadTest {

    private static final String FORM = "To=%2B12025550160&From=%2B15017122661&Body=hi";

    @TempDir
    Path dir;

    private Path write(String websmsd) throws IOException {
        return Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr =\nstate_dir = " + dir.resolve("state")
                + "\n" + websmsd + "\n[astqueue]\noutgoingdir = " + dir.resolve("out") + "\nstagingdir = " + dir.resolve("staging") + "\n");
    }

    @Test
    void aValidFileTakesEffectForTheNextMessageOnTheSameConnectionAndABadOneIsRefused() throws Exception {
        Path config = write("resp_ack = one");
        try (DaemonProcess daemon = DaemonProcess.start(config); Socket connection = new Socket("127.0.0.1", daemon.httpPort)) {
            connection.setSoTimeout(5_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.US_ASCII));
            assertEquals("one", post(connection, in));

            write("resp_ack = two\nhttp_max_body = 2048");
            CliProcess.Result reload = CliProcess.run(Map.of(), "", "reload", "--config", config.toString());
            assertEquals(0, reload.exitCode(), reload.stderr());
            assertTrue(reload.stdout().startsWith("websms: asked the daemon (process " + daemon.process.pid() + ") to reload "), reload.stdout());
            String answer = "one";
            for (int i = 0; i < 50 && answer.equals("one"); i++) {
                Thread.sleep(100);
                answer = post(connection, in); // the kept-alive connection: a reload drops none
            }
            assertEquals("two", answer);
            awaitLine(daemon, "reload: http_max_body changed, which only a restart applies");

            Files.writeString(config, Files.readString(config).replace("resp_ack = two", "resp_ack = three\nurl_hots = x"));
            assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(daemon.process.pid())).start().waitFor());
            awaitLine(daemon, "reload refused: " + config + " has 1 error(s) (above); the running configuration stays");
            assertTrue(daemon.log.stream().anyMatch(l -> l.contains("url_hots: unknown key")), String.join("\n", daemon.log));
            assertEquals("two", post(connection, in), "the old configuration stays");
            assertTrue(daemon.process.isAlive(), "SIGHUP no longer ends the daemon");
            assertTrue(daemon.stop());
        }
    }

    @Test
    void reloadWithoutARunningDaemonSaysSo() throws Exception {
        CliProcess.Result reload = CliProcess.run(Map.of(), "", "reload", "--config", write("").toString());
        assertEquals(69, reload.exitCode());
        assertTrue(reload.stderr().startsWith("websms: no daemon runs with this configuration"), reload.stderr());
    }

    private static void awaitLine(DaemonProcess daemon, String text) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (daemon.log.stream().anyMatch(l -> l.contains(text))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no line with '" + text + "' in\n" + String.join("\n", daemon.log));
    }

    /** One webhook on the open connection; the answer's body. */
    private static String post(Socket connection, BufferedReader in) throws IOException {
        connection.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + FORM.length() + "\r\n\r\n" + FORM).getBytes(StandardCharsets.US_ASCII));
        assertEquals("HTTP/1.1 200 OK", in.readLine());
        int length = 0;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
            read += in.read(body, read, length - read);
        }
        return new String(body);
    }

}
