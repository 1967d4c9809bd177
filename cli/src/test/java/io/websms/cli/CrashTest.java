package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kill -9} of the daemon in the middle of a burst of webhooks: every acknowledged message has a whole call file. */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageSurvivesAKillDashNineAndNoPartialFileIsEverPublished() throws Exception {
        Path outgoing = dir.resolve("spool/outgoing");
        Path staging = dir.resolve("spool/staging");
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr =\nstate_dir = "
                + dir.resolve("state") + "\n[astqueue]\noutgoingdir = " + outgoing + "\nstagingdir = " + staging + "\n");
        DaemonProcess crashing = DaemonProcess.start(config);
        Process daemon = crashing.process;
        int port = crashing.httpPort;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger sequence = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (var clients = Executors.newFixedThreadPool(16)) {
            for (int c = 0; c < 16; c++) {
                clients.execute(() -> {
                    while (running.get()) {
                        String body = "burst message " + sequence.incrementAndGet() + " 😀";
                        try {
                            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-www-form-urlencoded")
                                    .POST(HttpRequest.BodyPublishers.ofString("To=%2B12025550160&From=%2B15017122661&Body="
                                            + java.net.URLEncoder.encode(body, StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                acknowledged.add(body);
                            }
                        } catch (Exception e) {
                            // the daemon is gone: not acknowledged, so the ITSP would deliver it again
                        }
                    }
                });
            }
            while (acknowledged.size() < 200) {
                Thread.sleep(20);
            }
            new ProcessBuilder("kill", "-9", Long.toString(daemon.pid())).start().waitFor();
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
            Thread.sleep(300);
            running.set(false);
        }
        List<String> published = bodies(outgoing);
        assertTrue(published.containsAll(acknowledged), "every acknowledged message has its call file: "
                + acknowledged.stream().filter(b -> !published.contains(b)).limit(5).toList());
        try (DaemonProcess restarted = DaemonProcess.start(config)) {
            assertEquals(List.of(), list(staging), "the restarted daemon removed what the crash left in staging");
            assertEquals(published, bodies(outgoing), "and published nothing of it");
        }
    }

    /** The bodies of the call files in {@code folder}; each file is checked to be whole. */
    private static List<String> bodies(Path folder) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (Path file : list(folder)) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            assertTrue(text.startsWith("Channel: Local/+12025550160@default\n") && text.endsWith("setvar: MESSAGE_ENCODE=rfc3986\n"),
                    "a whole call file: " + file + "\n" + text);
            Matcher body = Pattern.compile("\nsetvar: MESSAGE\\(body\\)=([^\n]*)\n").matcher(text);
            assertTrue(body.find());
            bodies.add(URLDecoder.decode(body.group(1).replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return bodies;
    }

    private static List<Path> list(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.sorted().toList();
        }
    }
}
