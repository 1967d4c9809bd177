package io.websms.distribution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive, unpacked in an empty folder, works with nothing but a JDK: the commands, AGI, and the daemon. */
class ArchiveIT {

    @TempDir
    Path dir;

    @Test
    void theArchiveUnpacksIntoTheFolderItIsGivenWithNoTopFolder() throws Exception {
        Process list = new ProcessBuilder("tar", "-tzf", archive().toString()).redirectErrorStream(true).start();
        List<String> entries = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, list.waitFor());
        List<String> tops = entries.stream().map(e -> e.replaceFirst("^\\./", "").split("/")[0]).distinct().sorted().toList();
        assertEquals(List.of("LICENSE", "bin", "dialplan", "doc", "etc", "lib", "plugins", "systemd"), tops,
                "tar -xzf websms-X.tar.gz -C /opt/websms gives /opt/websms/bin, as the systemd unit expects");
        assertTrue(Files.readString(unpack().resolve("LICENSE")).startsWith("MIT License\n"));
    }

    @Test
    void theUnpackedArchiveRunsTheDaemonWithTheShippedConfig() throws Exception {
        Path home = unpack();
        for (String entry : List.of("bin/websms", "bin/websmsd", "bin/websms-startup-cache", "lib/websms-cli-0.1.0-SNAPSHOT.jar", "lib/use-jdk.sh",
                "lib/startup-cache.sh", "plugins/README.txt", "LICENSE", "etc/websms.conf", "systemd/websmsd.service",
                "dialplan/extensions-websms.conf", "doc/README.md", "doc/CHANGELOG.md", "doc/docs/plugin-guide.md", "doc/docs/configuration.md",
                "doc/docs/providers.md", "doc/docs/operations.md", "doc/docs/upgrading-from-php.md")) {
            assertTrue(Files.exists(home.resolve(entry)), entry);
        }
        assertTrue(Files.isExecutable(home.resolve("bin/websmsd")));

        Result check = run(home, Map.of(), "", "bin/websms", "check-config", "--config", "etc/websms.conf");
        assertEquals(0, check.exit, check.err);
        // The example admits anyone on every address: check-config says so, and says nothing else (not of the class-data archive).
        assertEquals(List.of("etc/websms.conf: warning: [websmsd] remt_addr: anyone who can reach the webhook server on every address"),
                check.err.lines().map(line -> line.replaceFirst(" \\(WEBSMSD_PORT.*", "")).toList(),
                "the first run, which writes the class-data archive, says nothing of it");
        assertTrue(Files.size(home.resolve("lib/websms.jsa")) > 1 << 20, "the first run leaves the class-data archive in lib/");
        assertTrue(check.out.contains("plugins:   " + home.resolve("plugins")), "the archive's plugins folder is the default: " + check.out);
        Result version = run(home, Map.of(), "", "bin/websms", "--version");
        assertEquals("websms 0.1.0-SNAPSHOT (Java " + System.getProperty("java.version") + ")\n", version.out, "the version the build stamped: " + version.err);

        Result agi = run(home, Map.of("AST_AGI_DIR", "/var/lib/asterisk/agi-bin", "WEBSMS_CONFIG", home.resolve("etc/websms.conf").toString()),
                "agi_request: websms\nagi_arg_1: not-a-number\nagi_arg_2: +15017122661\nagi_arg_3: hi\n\n200 result=1\n200 result=1\n200 result=1\n200 result=1\n",
                "bin/websms", "not-a-number", "+15017122661", "hi");
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"\n"
                + "SET VARIABLE WEBSMS_ERROR \"to: 'not-a-number' is not a phone number (digits, with an optional leading + and the separators space - . ( ))\"\n"
                + "SET VARIABLE WEBSMS_ID \"\"\nSET VARIABLE WEBSMS_ITSP_ID \"\"\n", agi.out,
                "as an AGI script, nothing but AGI commands on stdout (a second run uses the class-data archive): " + agi.err);

        // The shipped configuration, with this test's own free FastAGI port, spool and state instead of the machine's.
        Path config = privateCopyOfTheShippedConfig(home, "agi_addr = 127.0.0.1:0");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/websmsd").toString(), "--config", config.toString()).directory(home.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("WEBSMSD_PORT", "0");
        Process daemon = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(daemon.getErrorStream(), StandardCharsets.UTF_8));
            Matcher listening = awaitLog(log, Pattern.compile("webhooks for incoming SMS on http://0\\.0\\.0\\.0:(\\d+)/; call files go to (\\S+) "));
            int port = Integer.parseInt(listening.group(1));
            Path outgoing = Path.of(listening.group(2));
            assertEquals(dir.resolve("spool/outgoing"), outgoing);
            awaitLog(log, Pattern.compile("FastAGI server for outgoing SMS on 127\\.0\\.0\\.1:(\\d+)"));
            drain(log);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("To=%2B12025550160&From=%2B15017122661&Body=From+the+archive")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            try (Stream<Path> files = Files.list(outgoing)) {
                List<Path> calls = files.toList();
                assertEquals(1, calls.size());
                String call = Files.readString(calls.get(0));
                assertTrue(call.startsWith("Channel: Local/+12025550160@dp_entry_answer\n"), call);
                assertTrue(call.contains("setvar: MESSAGE(body)=From%20the%20archive\n"), call);
            }
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(40, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
        }
    }

    @Test
    void theStartupCacheIsMadeOnceForTheJavaItRunsOnAndAJreIsEnough() throws Exception {
        Path home = unpack();
        // A Java with no javac, as a JRE package installs it: the java launcher and the release file.
        Path jre = Files.createDirectories(dir.resolve("jre/bin"));
        Files.createSymbolicLink(jre.resolve("java"), Path.of(System.getProperty("java.home"), "bin/java"));
        Files.copy(Path.of(System.getProperty("java.home"), "release"), jre.resolveSibling("release"));
        Map<String, String> onJre = Map.of("JAVA_HOME", jre.getParent().toString());
        boolean aot = Runtime.version().feature() >= 25;
        String cache = aot ? "lib/websms.aot" : "lib/websms.jsa";

        Result made = run(home, onJre, "", "bin/websms-startup-cache");
        assertEquals(0, made.exit, made.err);
        assertEquals("", made.err);
        assertTrue(made.out.startsWith("websms-startup-cache: " + home.resolve(cache) + " made for Java " + Runtime.version().feature()), made.out);
        assertTrue(Files.size(home.resolve(cache)) > 1 << 20);

        Path aotLog = dir.resolve("aot.log");
        Map<String, String> env = new java.util.HashMap<>(onJre);
        env.putAll(Map.of("AST_AGI_DIR", "/var/lib/asterisk/agi-bin", "WEBSMS_CONFIG", home.resolve("etc/websms.conf").toString(),
                "WEBSMS_JAVA_OPTS", aot ? "-Xlog:aot=info:file=" + aotLog : ""));
        Result agi = run(home, env, "agi_request: websms\n\n200 result=1\n200 result=1\n200 result=1\n200 result=1\n", "bin/websms", "not-a-number", "+15017122661", "hi");
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"\n"
                + "SET VARIABLE WEBSMS_ERROR \"to: 'not-a-number' is not a phone number (digits, with an optional leading + and the separators space - . ( ))\"\n"
                + "SET VARIABLE WEBSMS_ID \"\"\nSET VARIABLE WEBSMS_ITSP_ID \"\"\n", agi.out);
        assertEquals("websms: to: 'not-a-number' is not a phone number (digits, with an optional leading + and the separators space - . ( ))\n", agi.err,
                "one line for Asterisk's log, nothing from the JVM about its cache");
        if (aot) {
            assertTrue(Files.readString(aotLog).contains("Opened AOT cache"), "the AGI run started from the AOT cache");
            // Another Java (here: an updated release file) does not take a cache made for the one before.
            Files.writeString(jre.resolveSibling("release"), "JAVA_RUNTIME_VERSION=\"updated\"\n", java.nio.file.StandardOpenOption.APPEND);
            Files.delete(aotLog);
            Result updated = run(home, env, "agi_request: websms\n\n200 result=1\n200 result=1\n200 result=1\n200 result=1\n", "bin/websms", "not-a-number", "+15017122661", "hi");
            assertEquals(agi.out, updated.out);
            assertTrue(!Files.exists(aotLog) || !Files.readString(aotLog).contains("Opened AOT cache"), "a stale AOT cache is left alone");
            // Made again for this Java, then websms upgraded in place (a jar replaced): stale again.
            assertEquals(0, run(home, onJre, "", "bin/websms-startup-cache").exit);
            Path jar = home.resolve("lib/websms-api-0.1.0-SNAPSHOT.jar");
            Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
            Files.deleteIfExists(aotLog);
            assertEquals(agi.out, run(home, env, "agi_request: websms\n\n200 result=1\n200 result=1\n200 result=1\n200 result=1\n", "bin/websms", "not-a-number", "+15017122661", "hi").out);
            assertTrue(!Files.exists(aotLog) || !Files.readString(aotLog).contains("Opened AOT cache"), "a cache made for other jars is left alone");
        }
    }

    @Test
    void aSpoolTheDaemonMayNotWriteGets503AndRecoversWhenItMay() throws Exception {
        Path home = unpack();
        // A daemon that is not root, as in production (User=asterisk): here the user nobody.
        run(home, Map.of(), "", "/bin/chmod", "-R", "a+rX", dir.toString());
        Path config = privateCopyOfTheShippedConfig(home, "http_addr = 127.0.0.1:0\nagi_addr =\nadmin_addr = 127.0.0.1:0");
        Path spool = dir.resolve("spool");
        Path state = dir.resolve("state");
        run(home, Map.of(), "", "/bin/chown", "-R", "65534:65534", spool.toString(), state.toString());
        ProcessBuilder builder = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                home.resolve("bin/websmsd").toString(), "--config", config.toString()).directory(dir.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("WEBSMSD_PORT");
        Process daemon = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(daemon.getErrorStream(), StandardCharsets.UTF_8));
            int admin = Integer.parseInt(awaitLog(log, Pattern.compile("health and metrics on http://127\\.0\\.0\\.1:(\\d+)/health")).group(1));
            int port = Integer.parseInt(awaitLog(log, Pattern.compile("webhooks for incoming SMS on http://127\\.0\\.0\\.1:(\\d+)/")).group(1));
            drain(log);
            assertEquals(200, webhook(port, "while writable").statusCode());
            assertEquals(200, get(admin, "/health").statusCode());
            Path outgoing = spool.resolve("outgoing");
            run(home, Map.of(), "", "/bin/chmod", "0555", outgoing.toString());
            assertEquals(503, get(admin, "/health").statusCode(), "health sees the spool it cannot write before the ITSP does");
            HttpResponse<String> refused = webhook(port, "while read-only");
            assertEquals(503, refused.statusCode(), "never a 2xx for a message that could not be stored");
            String metrics = get(admin, "/metrics").body();
            assertTrue(metrics.contains("\nwebsms_messages_total{direction=\"in\",interface=\"-\",result=\"stored\"} 1\n")
                    && metrics.contains("\nwebsms_messages_total{direction=\"in\",interface=\"-\",result=\"not_stored\"} 1\n"), metrics);
            assertEquals(List.of(), Files.list(spool.resolve("staging")).toList(), "nothing half-written stays behind");
            assertEquals(1, Files.list(outgoing).count());
            run(home, Map.of(), "", "/bin/chmod", "0755", outgoing.toString());
            assertEquals(200, webhook(port, "writable again").statusCode(), "it recovers by itself");
            assertEquals(2, Files.list(outgoing).count());
        } finally {
            daemon.destroy();
            assertTrue(daemon.waitFor(40, TimeUnit.SECONDS));
        }
    }

    @Test
    void aLibTheUserMayNotWriteIsLeftAsItIsAndTheCacheIsMadeAtInstall() throws Exception {
        Path home = unpack();
        run(home, Map.of(), "", "/bin/chmod", "-R", "a+rX", dir.toString());
        // lib/ belongs to root, as unpacked; websms runs as another user (systemd's User=asterisk, here nobody).
        List<String> before = listing(home.resolve("lib"));
        Result check = run(home, Map.of(), "", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                home.resolve("bin/websms").toString(), "check-config", "--config", home.resolve("etc/websms.conf").toString());
        assertEquals(0, check.exit, check.err);
        // The shipped example's one warning (its open webhook door) and nothing else: no class-data chatter either.
        assertEquals(List.of(), check.err.lines().filter(l -> !l.contains(": warning: [websmsd] remt_addr: anyone who can reach")).toList());
        assertEquals(before, listing(home.resolve("lib")), "nothing written to lib/ at run time");

        Result cache = run(home, Map.of(), "", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                home.resolve("bin/websms-startup-cache").toString());
        assertEquals(1, cache.exit);
        assertEquals("websms-startup-cache: " + home.resolve("lib") + " is not writable by this user. Fix: run it as the owner of lib/ "
                + "(the user who unpacked websms, at install), e.g. sudo " + home.resolve("bin/websms-startup-cache") + "\n", cache.err);
        assertEquals(before, listing(home.resolve("lib")));
    }

    @Test
    void theSystemdUnitIsHardenedToAnExposureOfFourOrBetter() throws Exception {
        Path unit = unpack().resolve("systemd/websmsd.service");
        Process analyze;
        try {
            analyze = new ProcessBuilder("systemd-analyze", "security", "--offline=true", "--no-pager", unit.toString())
                    .redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("systemd-analyze (package systemd) is needed to check the unit's hardening: " + e.getMessage(), e);
        }
        String report = new String(analyze.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, analyze.waitFor(), report);
        Matcher level = Pattern.compile("Overall exposure level for websmsd\\.service: (\\d+\\.\\d)").matcher(report);
        assertTrue(level.find(), report);
        assertTrue(Double.parseDouble(level.group(1)) <= 4.0, "exposure " + level.group(1) + ", at most 4.0 wanted:\n" + report);
        String text = Files.readString(unit);
        for (String line : List.of("ExecStart=/opt/websms/bin/websmsd\n", "ExecReload=/bin/kill -HUP $MAINPID\n", "RestartPreventExitStatus=78\n",
                "ReadWritePaths=-/var/spool/asterisk\n", "StateDirectory=websms\n")) {
            assertTrue(text.contains(line), line);
        }
        List<String> settings = text.lines().filter(l -> !l.startsWith("#")).toList();
        assertTrue(settings.stream().noneMatch(l -> l.contains("/opt/websms/lib") || l.startsWith("MemoryDenyWriteExecute")),
                "lib/ stays read-only at run time; the JIT needs writable and executable memory: " + settings);
    }

    private static List<String> listing(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> {
                try {
                    return f.getFileName() + " " + Files.size(f) + " " + Files.getLastModifiedTime(f);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    /** Keeps reading {@code log} in the background, so that the daemon never blocks on a full pipe. */
    private static void drain(BufferedReader log) {
        Thread.ofVirtual().start(() -> { // keep draining the log until the process ends
            try {
                log.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the process ended: its pipe is closed
            }
        });
    }

    /** Reads {@code log} up to the line {@code pattern} finds. */
    private static Matcher awaitLog(BufferedReader log, Pattern pattern) throws Exception {
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = log.readLine();
            if (line == null) {
                throw new AssertionError("the daemon stopped: " + seen);
            }
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> webhook(int port, String text) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("To=%2B12025550160&From=%2B15017122661&Body=" + text.replace(' ', '+'))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Path archive() {
        return Path.of(System.getProperty("websms.archive"));
    }

    /** Unpacks the archive as the README says: {@code tar -xzf websms-X.tar.gz -C /opt/websms}. */
    private Path unpack() throws Exception {
        Path home = Files.createDirectories(dir.resolve("opt/websms"));
        Process tar = new ProcessBuilder("tar", "-xzf", archive().toString(), "-C", home.toString()).inheritIO().start();
        assertEquals(0, tar.waitFor());
        return home;
    }

    /**
     * The shipped etc/websms.conf with {@code websmsd} lines added, and its spool and state in this test's folder: a test never
     * binds a fixed port nor writes the machine's /var/spool/asterisk or /var/lib/websms.
     */
    private Path privateCopyOfTheShippedConfig(Path home, String websmsd) throws Exception {
        Path spool = Files.createDirectories(dir.resolve("spool"));
        Path state = Files.createDirectories(dir.resolve("state"));
        return Files.writeString(dir.resolve("websms.conf"), Files.readString(home.resolve("etc/websms.conf"))
                .replace("[websmsd]", "[websmsd]\n" + websmsd + "\nstate_dir = " + state)
                .replace("[astqueue]", "[astqueue]\noutgoingdir = " + spool.resolve("outgoing") + "\nstagingdir = " + spool.resolve("staging")));
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result run(Path home, Map<String, String> env, String stdin, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("WEBSMS_CONFIG");
        builder.environment().remove("WEBSMS_PLUGINS");
        builder.environment().putAll(env);
        List<String> resolved = new ArrayList<>(List.of(command));
        // bin/... is the archive's; a bare name (setpriv) comes from the PATH.
        resolved.set(0, command[0].contains("/") && !command[0].startsWith("/") ? home.resolve(command[0]).toString() : command[0]);
        builder.command(resolved);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), out, err);
    }
}
