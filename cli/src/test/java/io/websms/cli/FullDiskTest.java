package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk: the daemon runs in a private mount namespace ({@code unshare -rm}) whose spool is a tiny tmpfs. When it
 * fills, webhooks get 503 and nothing is acknowledged or half-written; when space comes back, websms goes on by itself.
 */
class FullDiskTest {

    @TempDir
    Path dir;

    @Test
    void aFullDiskGets503AndNothingHalfWrittenAndRecoversWhenSpaceReturns() throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr =\nstate_dir = "
                + dir.resolve("state") + "\n[astqueue]\noutgoingdir = " + spool.resolve("outgoing") + "\nstagingdir = " + spool.resolve("staging") + "\n");
        // sh mounts the tmpfs in the new mount namespace, then becomes the daemon ("$@").
        try (DaemonProcess running = DaemonProcess.start(List.of("unshare", "-rm", "sh", "-c",
                "mount -t tmpfs -o size=64k tmpfs \"$0\" && exec \"$@\"", spool.toString()), config)) {
            Process daemon = running.process;
            int port = running.httpPort;
            // What the daemon sees, from outside its mount namespace.
            Path view = Path.of("/proc", Long.toString(daemon.pid()), "root").resolve(spool.toString().substring(1));
            HttpClient http = HttpClient.newHttpClient();
            List<String> acknowledged = new ArrayList<>();
            HttpResponse<String> response = null;
            for (int i = 0; i < 200; i++) {
                String body = i + " " + "x".repeat(900);
                response = post(http, port, body);
                if (response.statusCode() != 200) {
                    break;
                }
                acknowledged.add(body);
            }
            assertEquals(503, response.statusCode(), "the disk filled up");
            assertEquals("60", response.headers().firstValue("Retry-After").orElse(""));
            assertTrue(acknowledged.size() >= 3, "some fit before: " + acknowledged.size());
            assertEquals(List.of(), list(view.resolve("staging")), "nothing half-written stays in staging");
            List<Path> published = list(view.resolve("outgoing"));
            assertEquals(acknowledged.size(), published.size(), "every acknowledged message, and only those, has a call file");
            for (Path file : published) {
                assertTrue(Files.readString(file).endsWith("setvar: MESSAGE_ENCODE=rfc3986\n"), "whole: " + file);
            }
            for (Path file : published) {
                Files.delete(file); // Asterisk takes them
            }
            assertEquals(200, post(http, port, "after the disk was freed").statusCode(), "websms goes on by itself");
            assertEquals(1, list(view.resolve("outgoing")).size());
        }
    }

    private static HttpResponse<String> post(HttpClient http, int port, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("To=%2B12025550160&From=%2B15017122661&Body=" + URLEncoder.encode(body, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
