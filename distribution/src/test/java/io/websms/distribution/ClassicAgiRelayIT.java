package io.websms.distribution;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive's bin/websms started as Asterisk starts a classic AGI script, {@code AGI(websms,TO,FROM,BODY,INDEX)}: with
 * the daemon of its websms.conf running, the daemon sends (lib/agi-relay.sh hands it the call); without it, or with a
 * daemon of another websms.conf, the script sends in its own JVM. Either way the ITSP gets the message once, and
 * Asterisk sees the same commands, exit status and standard error.
 */
class ClassicAgiRelayIT {

    @TempDir
    Path dir;

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer itsp;
    private Path home;
    private Path config;
    private int agiPort;

    @BeforeEach
    void setUp() throws Exception {
        itsp = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        itsp.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(body);
            byte[] reply = (body.contains("reject") ? "{\"message\":\"Invalid 'To' number\"}" : "{\"id\":\"itsp-1\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body.contains("reject") ? 400 : 200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        itsp.start();
        home = Files.createDirectories(dir.resolve("opt/websms"));
        Process tar = new ProcessBuilder("tar", "-xzf", System.getProperty("websms.archive"), "-C", home.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            agiPort = free.getLocalPort();
        }
        config = Files.writeString(dir.resolve("websms.conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getAddress().getPort()
                + "\nurl_path = /send\nauth_method = none\nretry_max = 0\n\n[websmsd]\n; FastAGI, and the relay's way in\nagi_addr = 127.0.0.1:"
                + agiPort + " ; loopback\nstate_dir = " + dir.resolve("state") + "\n\n[astqueue]\noutgoingdir = " + dir.resolve("spool/outgoing")
                + "\nstagingdir = " + dir.resolve("spool/staging") + "\n");
    }

    @AfterEach
    void tearDown() {
        itsp.stop(0);
    }

    @Test
    void theDaemonSendsWhatTheScriptWouldHaveSentWithTheSameAnswersAndNoneTwice() throws Exception {
        String multiLine = "first line\n\nthird line, after an empty one\n";
        // Without a daemon: the script's own JVM, as before.
        Call sentAlone = classicAgi("+15017122661", "+46701234567", "hello", "");
        Call rejectedAlone = classicAgi("+15017122661", "+46701234567", "please reject", "");
        Call badAlone = classicAgi("not-a-number", "+46701234567", "hello", "");
        Call multiAlone = classicAgi("+15017122661", "+46701234567", multiLine, "");
        assertEquals(3, requests.size(), "one request for each message the ITSP could get: " + requests);
        assertSuccess(sentAlone);
        assertEquals(69, rejectedAlone.exit, rejectedAlone.err);
        assertEquals("websms: rejected by the ITSP: HTTP 400: Invalid 'To' number\n", rejectedAlone.err);
        assertEquals(65, badAlone.exit, badAlone.err);

        Daemon daemon = daemon(config);
        try {
            Call sent = classicAgi("+15017122661", "+46701234567", "hello", "");
            Call rejected = classicAgi("+15017122661", "+46701234567", "please reject", "");
            Call bad = classicAgi("not-a-number", "+46701234567", "hello", "");
            Call multi = classicAgi("+15017122661", "+46701234567", multiLine, "");
            assertEquals(6, requests.size(), "once each through the daemon too: " + requests);
            assertEquals(requests.subList(0, 3), requests.subList(3, 6), "the same requests");
            for (Call[] pair : new Call[][] {{sentAlone, sent}, {rejectedAlone, rejected}, {badAlone, bad}, {multiAlone, multi}}) {
                assertEquals(pair[0].exit, pair[1].exit, pair[1].err);
                assertEquals(pair[0].err, pair[1].err);
                assertEquals(withoutIds(pair[0].commands), withoutIds(pair[1].commands));
            }
            assertSuccess(sent);
            assertTrue(requests.get(5).startsWith("Body=first+line%0A%0Athird+line%2C+after+an+empty+one%0A&"), requests.get(5));
            // The daemon sent them: its log has them, with the call's agi_uniqueid; the script printed nothing more.
            String log = daemon.log();
            assertEquals(4, log.lines().filter(line -> line.contains(" call=1763900000.77")).count(), log);
            assertTrue(log.contains("result=SENT") && log.contains("id=" + id(sent)), log);
        } finally {
            daemon.stop();
        }

        // A daemon of another websms.conf on that address leaves the call to the script, which sends once, by itself.
        Path other = Files.writeString(dir.resolve("other.conf"), Files.readString(config));
        Daemon foreign = daemon(other);
        try {
            Call call = classicAgi("+15017122661", "+46701234567", "hello", "");
            assertSuccess(call);
            assertEquals(7, requests.size(), requests.toString());
            assertTrue(foreign.log().contains("left to the script, which sends by itself: this daemon works " + other), foreign.log());
            assertTrue(foreign.log().lines().noneMatch(line -> line.contains("result=SENT")), foreign.log());
        } finally {
            foreign.stop();
        }
    }

    private static void assertSuccess(Call call) {
        assertEquals(0, call.exit, call.err);
        assertEquals("", call.err);
        assertEquals(List.of("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", "SET VARIABLE WEBSMS_ERROR \"\"", "SET VARIABLE WEBSMS_ID \"ID\"",
                "SET VARIABLE WEBSMS_ITSP_ID \"\""), withoutIds(call.commands));
    }

    private static List<String> withoutIds(List<String> commands) {
        return commands.stream().map(c -> c.replaceFirst("^SET VARIABLE WEBSMS_ID \"[0-9A-Z]{26}\"$", "SET VARIABLE WEBSMS_ID \"ID\"")).toList();
    }

    private static String id(Call call) {
        return call.commands.get(2).replaceAll("^SET VARIABLE WEBSMS_ID \"|\"$", "");
    }

    private record Call(int exit, List<String> commands, String err) {
    }

    /**
     * Runs bin/websms as Asterisk runs a classic AGI script: the arguments on its command line, the environment on its
     * standard input (each argument written raw, as Asterisk does), and {@code 200 result=1} for each command it sends.
     */
    private Call classicAgi(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/websms").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("AST_AGI_DIR", "/usr/share/asterisk/agi-bin");
        builder.environment().put("WEBSMS_CONFIG", config.toString());
        builder.environment().remove("WEBSMS_LOG_LEVEL");
        Process process = builder.start();
        StringBuilder environment = new StringBuilder("agi_request: /usr/share/asterisk/agi-bin/websms\nagi_channel: Message/ast_msg_queue\n"
                + "agi_uniqueid: 1763900000.77\nagi_version: 22.10.1\nagi_context: dp_entry_text_out\nagi_threadid: 140153483224768\n");
        for (int i = 0; i < args.length; i++) {
            environment.append("agi_arg_").append(i + 1).append(": ").append(args[i]).append('\n');
        }
        OutputStream in = process.getOutputStream();
        in.write(environment.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        in.flush();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> commands = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            commands.add(line);
            in.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        in.close();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Call(process.exitValue(), commands, err);
    }

    /** The archive's bin/websmsd with {@code file}, once its FastAGI server listens. */
    private Daemon daemon(Path file) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/websmsd").toString(), "--config", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(dir.resolve(file.getFileName() + ".log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("WEBSMSD_PORT");
        builder.environment().remove("WEBSMS_LOG_LEVEL");
        Daemon daemon = new Daemon(builder.start(), dir.resolve(file.getFileName() + ".log"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!daemon.log().contains("FastAGI server for outgoing SMS on 127.0.0.1:" + agiPort)) {
            assertTrue(daemon.process.isAlive() && System.nanoTime() < deadline, "the daemon did not start: " + daemon.log());
            Thread.sleep(50);
        }
        return daemon;
    }

    private record Daemon(Process process, Path logFile) {
        String log() throws Exception {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        }

        void stop() throws Exception {
            process.destroy();
            assertTrue(process.waitFor(40, TimeUnit.SECONDS));
        }
    }
}
