package com.example.acme;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plugin jar this build made, dropped into the plugins folder of a websms daemon started as a separate process:
 * an SMS goes out through it to a stub ITSP, and one comes in through it to a call file.
 */
class AcmeDropInIT {

    @TempDir
    Path dir;

    @Test
    void aJarDroppedIntoThePluginsFolderSendsAndReceives() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.copy(Path.of(System.getProperty("plugin.jar")), plugins.resolve("acme-websms-provider.jar"));
        Path websmsJar = Path.of(System.getProperty("websms.home"), "cli", "target", "websms.jar");
        assertTrue(Files.exists(websmsJar), "build websms first: " + websmsJar);
        try (MockWebServer itsp = new MockWebServer()) {
            itsp.start(InetAddress.getLoopbackAddress(), 0);
            itsp.enqueue(new MockResponse.Builder().code(202).body("{\"id\":\"acme-42\"}").build());
            Path config = Files.writeString(dir.resolve("websms.conf"), "[websms]\nprovider = acme\nurl_host = http://127.0.0.1:" + itsp.getPort()
                    + "\nauth_secret = " + AcmeConformanceTest.API_KEY + "\nretry_max = 0\n"
                    + "[websmsd]\nprovider = acme\nauth_secret = " + AcmeConformanceTest.HOOK_SECRET + "\nhttp_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:0\n"
                    + "state_dir = " + dir.resolve("state") + "\n"
                    + "[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing") + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");

            Process withoutPlugin = websms(websmsJar, "check-config", "--config", config.toString(), "--plugins", dir.resolve("empty").toString());
            assertTrue(withoutPlugin.waitFor(60, TimeUnit.SECONDS));
            assertEquals(78, withoutPlugin.exitValue(), "without the jar, provider acme is unknown");

            Process daemon = websms(websmsJar, "websmsd", "--config", config.toString(), "--plugins", plugins.toString());
            try {
                int[] ports = ports(daemon);
                assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", fastAgi(ports[1], "+46701234567", "+15017122661", "Hej då 😀"));
                RecordedRequest sent = itsp.takeRequest(10, TimeUnit.SECONDS);
                assertNotNull(sent, "the stub ITSP got the SMS");
                assertEquals("/v1/messages", sent.getTarget());
                assertEquals(AcmeConformanceTest.API_KEY, sent.getHeaders().get("X-Acme-Key"));
                assertEquals("{\"from\":\"+15017122661\",\"text\":\"Hej då 😀\",\"to\":\"+46701234567\"}", sent.getBody().utf8());

                String json = "{\"to\":\"+46701234567\",\"from\":\"+15017122661\",\"text\":\"Svar: ja!\",\"id\":\"in-7\"}";
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                String timestamp = Long.toString(java.time.Instant.now().getEpochSecond());
                HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports[0] + "/"))
                        .header("Content-Type", "application/json").header("X-Acme-Timestamp", timestamp)
                        .header("X-Acme-Signature", AcmeSignature.sign(AcmeConformanceTest.HOOK_SECRET, timestamp, body))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ack.statusCode());
                assertEquals("{\"received\":true}", ack.body());
                List<Path> files;
                try (Stream<Path> list = Files.list(dir.resolve("spool/outgoing"))) {
                    files = list.toList();
                }
                assertEquals(1, files.size());
                String callFile = Files.readString(files.get(0));
                assertTrue(callFile.contains("setvar: MESSAGE(to)=+46701234567\nsetvar: MESSAGE(from)=+15017122661\nsetvar: MESSAGE(body)=Svar%3A%20ja%21\n"), callFile);
            } finally {
                daemon.destroy();
                daemon.waitFor(30, TimeUnit.SECONDS);
                daemon.destroyForcibly();
            }
        }
    }

    private static Process websms(Path jar, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("WEBSMSD_PORT");
        return builder.start();
    }

    /** The webhook and FastAGI ports the daemon logs. */
    private static int[] ports(Process daemon) throws Exception {
        BufferedReader log = new BufferedReader(new InputStreamReader(daemon.getErrorStream(), StandardCharsets.UTF_8));
        Pattern http = Pattern.compile("webhooks for incoming SMS on http://127\\.0\\.0\\.1:(\\d+)/");
        Pattern agi = Pattern.compile("FastAGI server for outgoing SMS on 127\\.0\\.0\\.1:(\\d+)");
        int[] ports = {-1, -1};
        List<String> seen = new ArrayList<>();
        while (ports[0] < 0 || ports[1] < 0) {
            String line = log.readLine();
            if (line == null) {
                throw new AssertionError("the daemon stopped: " + seen);
            }
            seen.add(line);
            Matcher h = http.matcher(line);
            if (h.find()) {
                ports[0] = Integer.parseInt(h.group(1));
            }
            Matcher a = agi.matcher(line);
            if (a.find()) {
                ports[1] = Integer.parseInt(a.group(1));
            }
        }
        Thread.ofVirtual().start(() -> { // keep draining the log until the process ends
            try {
                log.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the process ended: its pipe is closed
            }
        });
        return ports;
    }

    private static String fastAgi(int port, String to, String from, String body) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("agi_network: yes\nagi_network_script: websms\nagi_request: agi://127.0.0.1/websms\nagi_arg_1: " + to
                    + "\nagi_arg_2: " + from + "\nagi_arg_3: " + body + "\nagi_arg_4: \n\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 2; i++) { // WEBSMS_ERROR, WEBSMS_ID
                in.readLine();
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            }
            return status;
        }
    }
}
