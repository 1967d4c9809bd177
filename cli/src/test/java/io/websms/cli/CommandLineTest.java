package io.websms.cli;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a user types it, run as a separate process: options, help, version, log level. */
class CommandLineTest {

    private static final String AGI_ENV = "agi_request: websms\nagi_channel: Message/ast_msg_queue\n\n";
    private static final String AGI_REPLIES = "200 result=1\n200 result=1\n200 result=1\n200 result=1\n";

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("websms.conf"), "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort()
                + "\nurl_path = /sms?key=key-secret\nauth_user = user\nauth_secret = pass-secret\nretry_max = 0\n");
    }

    /** The version of this build: the one in the pom.xml this module inherits. */
    static String projectVersion() throws Exception {
        Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(version.find(), "pom.xml names a version");
        return version.group(1);
    }

    @Test
    void versionPrintsTheVersionOfTheBuildAndOfJava() throws Exception {
        String expected = "websms " + projectVersion() + " (Java " + System.getProperty("java.version") + ")\n";
        for (String option : List.of("--version", "-V")) {
            CliProcess.Result result = CliProcess.run(Map.of(), "", option);
            assertEquals(0, result.exitCode(), result.stderr());
            assertEquals(expected, result.stdout(), option);
            assertEquals("", result.stderr());
        }
    }

    @Test
    void anUnknownOptionIsRefusedWithTheCommandsUsageAndNothingIsSent() throws Exception {
        Path config = config();
        for (String option : List.of("--verbose", "-v", "-h", "--version")) {
            CliProcess.Result result = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "+46701234567", "+15017122661", "hi", option);
            assertEquals(64, result.exitCode(), result.stderr());
            assertEquals("", result.stdout());
            assertTrue(result.stderr().startsWith("websms send: unknown option '" + option + "'\nusage: websms send [OPTIONS] [--print-id] TO FROM BODY [INDEX] [uri]\n"),
                    result.stderr());
        }
        assertEquals(0, itsp.getRequestCount(), "an option in the wrong place sends nothing");
    }

    @Test
    void everyCommandRefusesAnUnknownOptionAndExplainsItselfOnHelp() throws Exception {
        Path config = config();
        for (String command : List.of("send", "websmsd", "queue", "check-config", "startup-training")) {
            CliProcess.Result refused = CliProcess.run(Map.of(), "", command, "--config", config.toString(), "--bogus");
            assertEquals(64, refused.exitCode(), command + ": " + refused.stderr());
            assertTrue(refused.stderr().startsWith("websms " + command + ": unknown option '--bogus'\nusage: websms " + command + " [OPTIONS]"),
                    refused.stderr());

            CliProcess.Result help = CliProcess.run(Map.of(), "", command, "--help");
            assertEquals(0, help.exitCode(), command + ": " + help.stderr());
            assertTrue(help.stdout().startsWith("usage: websms " + command + " [OPTIONS]"), help.stdout());
            assertTrue(help.stdout().contains("\noptions: --config FILE, --plugins DIR, --log-level LEVEL"), help.stdout());
            assertEquals(help.stdout(), CliProcess.run(Map.of(), "", "help", command).stdout(), "websms help " + command + " says the same");
        }
        CliProcess.Result all = CliProcess.run(Map.of(), "", "--help");
        assertEquals(0, all.exitCode());
        assertTrue(all.stdout().startsWith("usage: websms COMMAND [OPTIONS] [ARGUMENTS]\n"), all.stdout());
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void aBodyThatLooksLikeAnOptionIsSentAfterDoubleDashOrInTheOriginalsForm() throws Exception {
        Path config = config();
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        CliProcess.Result afterDashes = CliProcess.run(Map.of(), "", "send", "--config", config.toString(), "--", "+46701234567", "+15017122661", "-hi");
        assertEquals(0, afterDashes.exitCode(), afterDashes.stderr());
        assertEquals("Body=-hi&From=%2B15017122661&To=%2B46701234567", take().getBody().utf8());

        for (String body : List.of("-- hi", "--", "--config", "-V")) {
            itsp.enqueue(new MockResponse.Builder().code(200).build());
            CliProcess.Result bare = CliProcess.run(Map.of(), "", "--config", config.toString(), "+46701234567", "+15017122661", body);
            assertEquals(0, bare.exitCode(), body + ": " + bare.stderr());
            assertEquals("Body=" + java.net.URLEncoder.encode(body, java.nio.charset.StandardCharsets.UTF_8) + "&From=%2B15017122661&To=%2B46701234567",
                    take().getBody().utf8(), "the original's form takes every argument from TO on as it is");
        }

        CliProcess.Result misplaced = CliProcess.run(Map.of(), "", "--config", config.toString(), "+46701234567", "+15017122661", "hi", "--verbose");
        assertEquals(64, misplaced.exitCode());
        assertTrue(misplaced.stderr().startsWith("websms: '--verbose' after BODY: in this form options go before TO (or use websms send)\n"
                + "usage: websms [OPTIONS] TO FROM BODY [INDEX]\n"), misplaced.stderr());
        assertEquals(5, itsp.getRequestCount(), "the misplaced option sent nothing");
    }

    @Test
    void asAClassicAgiScriptNoTextIsEverTakenForAnOption() throws Exception {
        Path config = config();
        for (String body : List.of("--config", "--help", "-V", "--verbose")) {
            itsp.enqueue(new MockResponse.Builder().code(200).build());
            CliProcess.Result result = CliProcess.run(Map.of("AST_AGI_DIR", "/var/lib/asterisk/agi-bin", "WEBSMS_CONFIG", config.toString()),
                    AGI_ENV + AGI_REPLIES, "+46701234567", "+15017122661", body, "");
            assertEquals(0, result.exitCode(), body + ": " + result.stderr());
            assertTrue(result.stdout().matches("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"\nSET VARIABLE WEBSMS_ERROR \"\"\n"
                    + "SET VARIABLE WEBSMS_ID \"[0-9A-Z]{26}\"\nSET VARIABLE WEBSMS_ITSP_ID \"\"\n"), body + ": " + result.stdout());
            assertEquals("Body=" + java.net.URLEncoder.encode(body, java.nio.charset.StandardCharsets.UTF_8) + "&From=%2B15017122661&To=%2B46701234567",
                    take().getBody().utf8());
        }
        CliProcess.Result misused = CliProcess.run(Map.of("WEBSMS_CONFIG", config.toString()), AGI_ENV + AGI_REPLIES, "agi", "--bogus");
        assertEquals(64, misused.exitCode());
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"\nSET VARIABLE WEBSMS_ERROR \"unknown option '--bogus'\"\nSET VARIABLE WEBSMS_ID \"\"\nSET VARIABLE WEBSMS_ITSP_ID \"\"\n",
                misused.stdout(),
                "an option before TO is the dialplan's mistake: it is told");
    }

    @Test
    void anUnknownLogLevelIsRefusedNamingTheAcceptedOnes() throws Exception {
        Path config = config();
        CliProcess.Result fromEnv = CliProcess.run(Map.of("WEBSMS_LOG_LEVEL", "verbose"), "", "check-config", "--config", config.toString());
        assertEquals(64, fromEnv.exitCode());
        assertTrue(fromEnv.stderr().startsWith("websms check-config: WEBSMS_LOG_LEVEL=verbose is not a log level: use SEVERE (or error), "
                + "WARNING (warn), INFO, FINE (debug) or FINEST (trace)\n"), fromEnv.stderr());
        assertEquals("", fromEnv.stdout());

        CliProcess.Result fromOption = CliProcess.run(Map.of(), "", "check-config", "--config", config.toString(), "--log-level", "loud");
        assertEquals(64, fromOption.exitCode());
        assertTrue(fromOption.stderr().startsWith("websms check-config: --log-level loud is not a log level: use SEVERE"), fromOption.stderr());

        CliProcess.Result agi = CliProcess.run(Map.of("AST_AGI_DIR", "/var/lib/asterisk/agi-bin", "WEBSMS_CONFIG", config.toString(), "WEBSMS_LOG_LEVEL", "verbose"),
                AGI_ENV + AGI_REPLIES, "+46701234567", "+15017122661", "hi", "");
        assertEquals(64, agi.exitCode());
        assertTrue(agi.stdout().startsWith("SET VARIABLE WEBSMS_STATUS \"FAILURE\"\nSET VARIABLE WEBSMS_ERROR \"WEBSMS_LOG_LEVEL=verbose is not a log level"),
                "the dialplan is told too: " + agi.stdout());
        assertEquals(0, itsp.getRequestCount());
    }

    @Test
    void atDebugTheHttpExchangeIsLoggedWithoutSecretsAndWithoutTheJdksOwnChatter() throws Exception {
        Path config = config();
        itsp.enqueue(new MockResponse.Builder().code(200).build());
        CliProcess.Result fromEnv = CliProcess.run(Map.of("WEBSMS_LOG_LEVEL", "debug"), "", "send", "--config", config.toString(),
                "+46701234567", "+15017122661", "text-secret");
        assertEquals(0, fromEnv.exitCode(), fromEnv.stderr());
        itsp.enqueue(new MockResponse.Builder().code(503).build());
        CliProcess.Result fromOption = CliProcess.run(Map.of(), "", "send", "--log-level", "FINE", "--config", config.toString(),
                "+46701234567", "+15017122661", "text-secret");
        assertEquals(75, fromOption.exitCode(), fromOption.stderr());
        for (CliProcess.Result result : List.of(fromEnv, fromOption)) {
            String status = result == fromEnv ? "200" : "503";
            List<String> lines = result.stderr().lines().toList();
            assertTrue(lines.stream().anyMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z FINE HttpTransport: POST http://127\\.0\\.0\\.1:"
                    + itsp.getPort() + "/sms\\?… -> " + status + " in \\d+ ms")), result.stderr());
            String basic = java.util.Base64.getEncoder().encodeToString("user:pass-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String secret : List.of("key-secret", "pass-secret", "text-secret", basic)) {
                assertFalse(result.stderr().contains(secret), "no credentials and no text: " + result.stderr());
            }
            assertFalse(result.stderr().contains("X509Certificate") || result.stderr().contains("Runtime.exit"),
                    "the JDK's own loggers stay quiet: " + result.stderr());
            assertTrue(lines.stream().allMatch(l -> l.startsWith("websms: ") || l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z [A-Z]+ \\w+: .*")),
                    "only websms's own lines: " + result.stderr());
        }
    }

    @Test
    void logTimestampsAlwaysCarryMilliseconds() {
        LogRecord record = new LogRecord(Level.INFO, "on the second");
        record.setInstant(Instant.parse("2026-12-01T12:00:00Z"));
        record.setLoggerName("io.websms.websmsd");
        assertEquals("2026-12-01T12:00:00.000Z INFO websmsd: on the second" + System.lineSeparator(), new Logging.OneLine().format(record));
        record.setInstant(Instant.parse("2026-12-01T12:00:00.120Z"));
        assertTrue(new Logging.OneLine().format(record).startsWith("2026-12-01T12:00:00.120Z "));
    }

    @Test
    void thePluginsFolderIsTheInstallationsWhateverTheConfiguration() throws Exception {
        assertEquals(Path.of("/opt/websms/plugins"), Invocation.installationPlugins(Path.of("/opt/websms/lib/websms-cli-1.0.0.jar")));
        Path config = config();
        Files.createDirectories(dir.resolve("websms-plugins"));
        CliProcess.Result check = CliProcess.run(Map.of(), "", "check-config", "--config", config.toString());
        assertEquals(0, check.exitCode(), check.stderr());
        // Run from cli/target/classes here: its installation is the module folder.
        Path expected = Path.of("").toAbsolutePath().resolve("plugins");
        assertTrue(check.stdout().contains("\nplugins:   " + expected + " (none: no such folder)\n"), check.stdout());
        CliProcess.Result fromEnv = CliProcess.run(Map.of("WEBSMS_PLUGINS", dir.toString()), "", "check-config", "--config", config.toString());
        assertTrue(fromEnv.stdout().contains("\nplugins:   " + dir + "\n"), fromEnv.stdout());
    }

    @Test
    void theDocsStateThePluginsRuleTheCodeFollows() throws Exception {
        Path root = Path.of("").toAbsolutePath().getParent();
        String rule = "the `plugins` folder of the websms installation";
        StringBuilder docs = new StringBuilder(Files.readString(root.resolve("README.md")));
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                docs.append(Files.readString(page));
            }
        }
        assertTrue(docs.toString().contains(rule), "README.md or docs/ says: " + rule);
        assertFalse(docs.toString().contains("websms-plugins"), "no page names the old default beside the configuration");
        assertTrue(Main.USAGE.contains("the plugins folder\n") && Main.USAGE.contains("of the websms installation"), Main.USAGE);
        for (String script : List.of("websms", "websms-startup-cache")) {
            assertFalse(Files.readString(root.resolve("distribution/src/main/dist/bin").resolve(script)).contains("WEBSMS_PLUGINS"),
                    "bin/" + script + " leaves the default to websms");
        }
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = itsp.takeRequest(10, TimeUnit.SECONDS);
        assertNotNull(request, "the ITSP got no request");
        return request;
    }
}
