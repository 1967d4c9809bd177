package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three high findings of the security review, against the daemon run as a process: a forged client address
 * through a proxy that appends its own header line, SMS texts that are JSON naming other numbers (generic and a
 * genuinely signed Zadarma webhook), and 1,100 idle and trickling connections from two attacking hosts (each held
 * to its share of connections, the rest closed at once) while an honest webhook must still be answered within a
 * second. The honest ITSP calls from 127.0.0.2, the attacker from 127.0.0.1 and 127.0.0.3.
 */
class HostileWebhooksProcessTest {

    private static final String SPOOF = "{\"To\":\"+19995550000\",\"From\":\"+18005551234\",\"Body\":\"spoofed\","
            + "\"caller_did\":\"+19995550000\",\"caller_id\":\"+18005551234\",\"text\":\"spoofed\"}";

    @TempDir
    Path dir;

    private Path outgoing;

    private DaemonProcess start(String websmsd) throws Exception {
        outgoing = dir.resolve("spool/outgoing");
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr =\nstate_dir = "
                + dir.resolve("state") + "\n" + websmsd + "\n[astqueue]\noutgoingdir = " + outgoing + "\nstagingdir = "
                + dir.resolve("spool/staging") + "\n");
        return DaemonProcess.start(config);
    }

    @Test
    void aForgedAddressBeforeTheProxysLineIsRefused() throws Exception {
        try (DaemonProcess daemon = start("remt_addr = 203.0.113.0/24\nprox_addr = 127.0.0.2")) {
            assertEquals("HTTP/1.1 403 Forbidden", status(daemon, "127.0.0.2",
                    "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-For: 198.51.100.1\r\n", "application/x-www-form-urlencoded",
                    "To=%2B12025550160&From=%2B15017122661&Body=forged"));
            assertEquals(List.of(), callFiles());
            assertEquals("HTTP/1.1 200 OK", status(daemon, "127.0.0.2",
                    "X-Forwarded-For: 198.51.100.1, 203.0.113.9\r\n", "application/x-www-form-urlencoded",
                    "To=%2B12025550160&From=%2B15017122661&Body=real"));
            assertEquals(1, callFiles().size());
        }
    }

    @Test
    void aTextThatIsJsonArrivesAsSentToTheRealNumbersThroughGenericAndSignedZadarma() throws Exception {
        try (DaemonProcess daemon = start("url_path [g] = /generic\nurl_path [z] = /zadarma\nprovider [z] = zadarma\nauth_secret [z] = SECRET")) {
            assertEquals("HTTP/1.1 200 OK", status(daemon, "127.0.0.2", "", "application/x-www-form-urlencoded",
                    "To=%2B12025550160&From=%2B15017122661&Body=" + URLEncoder.encode(SPOOF, StandardCharsets.UTF_8), "/generic"));
            assertEnvelope("+12025550160", "+15017122661");

            String result = "{\"caller_id\":\"+79991234567\",\"caller_did\":\"+74951234567\",\"text\":" + quote(SPOOF) + "}";
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec("SECRET".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            String signature = java.util.Base64.getEncoder().encodeToString(
                    HexFormat.of().formatHex(mac.doFinal(result.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.US_ASCII));
            assertEquals("HTTP/1.1 200 OK", status(daemon, "127.0.0.2", "Signature: " + signature + "\r\n", "application/x-www-form-urlencoded",
                    "event=SMS&result=" + URLEncoder.encode(result, StandardCharsets.UTF_8), "/zadarma"));
            assertEnvelope("+74951234567", "+79991234567");
        }
    }

    @Test
    void elevenHundredIdleAndTricklingConnectionsDoNotKeepAnHonestWebhookWaiting() throws Exception {
        try (DaemonProcess daemon = start("http_head_timeout = 3")) {
            assertEquals("HTTP/1.1 200 OK", status(daemon, "127.0.0.2", "", "application/x-www-form-urlencoded",
                    "To=%2B12025550160&From=%2B15017122661&Body=warm"), "warm: the times below are the attack's, not a cold start's");
            List<Socket> attackers = new ArrayList<>();
            for (int i = 0; i < 550; i++) {
                attackers.add(connect(daemon, "127.0.0.1")); // idle: sends nothing
            }
            for (int i = 0; i < 550; i++) {
                Socket socket = connect(daemon, "127.0.0.3"); // trickling: a header line now and then
                try {
                    socket.getOutputStream().write("POST / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closedAlready) {
                    // refused at once: this address holds its share already
                }
                attackers.add(socket);
            }
            for (int round = 0; round < 3; round++) {
                long start = System.nanoTime();
                assertEquals("HTTP/1.1 200 OK", status(daemon, "127.0.0.2", "", "application/x-www-form-urlencoded",
                        "To=%2B12025550160&From=%2B15017122661&Body=honest+" + round));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 1_000, "an honest webhook answered within a second, not " + millis + " ms");
                for (Socket socket : attackers.subList(550, 1100)) {
                    try {
                        socket.getOutputStream().write(("X-Trickle: " + round + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException closed) {
                        // cut off by the server
                    }
                }
                Thread.sleep(500);
            }
            long until = System.nanoTime() + 10_000_000_000L;
            int open = attackers.size();
            while (open > 0 && System.nanoTime() < until) {
                open = 0;
                for (Socket socket : attackers) {
                    if (!socket.isClosed() && stillOpen(socket)) {
                        open++;
                    } else {
                        socket.close();
                    }
                }
            }
            assertEquals(0, open, "every attacking connection was closed by the server, the last at the head deadline");
            assertEquals(4, callFiles().size());
        }
    }

    private static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(1);
        try {
            return socket.getInputStream().read() >= 0;
        } catch (SocketTimeoutException nothingYet) {
            return true;
        } catch (IOException reset) {
            return false;
        }
    }

    private void assertEnvelope(String to, String from) throws IOException {
        List<Path> files = callFiles();
        assertEquals(1, files.size(), files.toString());
        String file = Files.readString(files.get(0));
        Files.delete(files.get(0));
        assertTrue(file.contains("setvar: MESSAGE(to)=" + to + "\n"), file);
        assertTrue(file.contains("setvar: MESSAGE(from)=" + from + "\n"), file);
        assertTrue(file.contains("setvar: MESSAGE(body)=" + rfc3986(SPOOF) + "\n"), "the text arrives exactly as sent: " + file);
    }

    private static String rfc3986(String text) {
        StringBuilder out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    private List<Path> callFiles() throws IOException {
        try (Stream<Path> files = Files.list(outgoing)) {
            return files.sorted().toList();
        }
    }

    private static Socket connect(DaemonProcess daemon, String from) throws IOException {
        Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), daemon.httpPort, InetAddress.getByName(from), 0);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String status(DaemonProcess daemon, String from, String headers, String contentType, String body) throws IOException {
        return status(daemon, from, headers, contentType, body, "/");
    }

    private static String status(DaemonProcess daemon, String from, String headers, String contentType, String body, String path) throws IOException {
        try (Socket socket = connect(daemon, from)) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + "Content-Type: " + contentType + "\r\nContent-Length: "
                    + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return line == null ? "(no answer)" : line;
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
