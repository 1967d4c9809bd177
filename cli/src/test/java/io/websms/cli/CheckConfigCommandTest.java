package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckConfigCommandTest {

    static final String TWO_INTERFACES = """
            [websms]
            url_host     [api-1] = api.example1.com
            url_path             = /sms/send/
            auth_user    [api-1] = user1
            auth_secret  [api-1] = secret1

            url_host     [api-2] = api.example2.com
            auth_user    [api-2] = user2
            auth_secret  [api-2] = secret2

            [websmsd]
            remt_addr    [api-1] = 1.2.3.4/24
            url_path     [api-1] = /incomming1

            remt_addr    [api-2] = 5.6.7.8,5.6.7.9
            url_path     [api-2] = /incomming2
            key_body     [api-2] = text
            """;

    @TempDir
    Path dir;

    @Test
    void printsEachInterfaceWithItsOwnHostAndUserAndTheSharedPathAsASeparateProcess() throws Exception {
        Path config = Files.writeString(dir.resolve("websms.conf"), TWO_INTERFACES);
        CliProcess.Result result = CliProcess.run(Map.of(), "", "check-config", "--config", config.toString());
        assertEquals(0, result.exitCode(), result.stderr());
        String out = result.stdout();
        String api1 = section(out, "[websms] interface api-1: provider generic");
        String api2 = section(out, "[websms] interface api-2: provider generic");
        assertTrue(api1.contains("  url_host         = http://api.example1.com   ; line 2\n"), api1);
        assertTrue(api1.contains("  auth_user        = user1   ; line 4\n"), api1);
        assertTrue(api1.contains("  url_path         = /sms/send/   ; line 3\n"), api1);
        assertTrue(api2.contains("  url_host         = http://api.example2.com   ; line 7\n"), api2);
        assertTrue(api2.contains("  auth_user        = user2   ; line 8\n"), api2);
        assertTrue(api2.contains("  url_path         = /sms/send/   ; line 3\n"), api2);
        assertTrue(api1.contains("  auth_secret      = ********   ; line 5\n"), api1);
        assertFalse(out.contains("secret1") || out.contains("secret2") || result.stderr().contains("secret1"), "secrets are masked");
        assertTrue(section(out, "[websmsd] interface api-2: provider generic").contains("  key_body         = text   ; line 17\n"), out);
        assertTrue(out.endsWith(config + ": usable, 2 warnings.\n"), out);
        assertEquals(List.of(
                config + ":2: warning: [websms] url_host [api-1]: 'api.example1.com' has no scheme; http:// is assumed, as the original did. "
                        + "Fix: write url_host = https://api.example1.com (or http:// if the ITSP has no TLS).",
                config + ":7: warning: [websms] url_host [api-2]: 'api.example2.com' has no scheme; http:// is assumed, as the original did. "
                        + "Fix: write url_host = https://api.example2.com (or http:// if the ITSP has no TLS)."),
                result.stderr().lines().toList());
    }

    @Test
    void anUnusableFileExitsWith78AndListsEveryError() throws Exception {
        Path config = Files.writeString(dir.resolve("websms.conf"), "[astqueue]\nwaittime = soon\n[websms]\nurl_hots = x\n");
        Run run = run("check-config", "--config", config.toString());
        assertEquals(ExitCode.CONFIG, run.exit);
        assertEquals(List.of(
                config + ":2: error: [astqueue] waittime: 'soon' is not a whole number. Fix: write a whole number, e.g. waittime = 45.",
                config + ":4: error: [websms] url_hots: unknown key. Fix: did you mean url_host?",
                config + ": warning: [websms] auth_method: auth_method = basic (the default) needs auth_user and auth_secret; without both, "
                        + "messages go out without credentials. Fix: set auth_user and auth_secret, or write auth_method = none if the ITSP needs no credentials.",
                config + ": warning: [websmsd] remt_addr: anyone who can reach the webhook server on every address (WEBSMSD_PORT without http_addr, "
                        + "as the systemd unit and the container start websmsd) can post SMS into Asterisk: no remt_addr limits who may call, and auth_secret is empty, so signatures are not checked. Fix: set "
                        + "remt_addr to your ITSP's addresses (e.g. remt_addr = 185.45.152.42,3.104.90.0/24), or set auth_secret, or listen on loopback behind a reverse "
                        + "proxy (http_addr = 127.0.0.1:8080).",
                config + ": not usable: 2 errors, 2 warnings."), run.err.lines().toList());
    }

    @Test
    void theConfigFileComesFromWebsmsConfigWhenNoOptionNamesIt() throws Exception {
        Path config = Files.writeString(dir.resolve("other.conf"), "[websms]\nauth_method = none\n");
        Run run = run(Map.of("WEBSMS_CONFIG", config.toString()), "check-config");
        assertEquals(ExitCode.OK, run.exit, run.err);
        assertTrue(run.out.startsWith("config:    " + config + "\nplugins:   " + Path.of("").toAbsolutePath().resolve("plugins")
                + " (none: no such folder)\n"), run.out);
    }

    @Test
    void aMissingFileIsAConfigError() {
        Run run = run("check-config", "--config", dir.resolve("none.conf").toString());
        assertEquals(ExitCode.CONFIG, run.exit);
        assertTrue(run.err.startsWith(dir.resolve("none.conf") + ": error: the file does not exist."), run.err);
    }

    @Test
    void theShippedExampleIsUsable() {
        Path shipped = Path.of(System.getProperty("user.dir")).getParent().resolve("etc/websms.conf");
        Run run = run("check-config", "--config", shipped.toString());
        assertEquals(ExitCode.OK, run.exit, run.err);
        assertTrue(run.out.contains("  -> sends to https://api.example.com/sms/send/ with auth basic\n"), run.out);
    }

    @Test
    void anInterfaceAnyoneMayCallIsAWarningOfCheckConfigAndOfTheDaemonsStartUp() throws Exception {
        Path shipped = Path.of(System.getProperty("user.dir")).getParent().resolve("etc/websms.conf");
        Run run = run("check-config", "--config", shipped.toString());
        assertEquals(ExitCode.OK, run.exit, run.err);
        assertTrue(run.err.contains(shipped + ": warning: [websmsd] remt_addr: anyone who can reach the webhook server on every address (WEBSMSD_PORT "
                + "without http_addr, as the systemd unit and the container start websmsd) can post SMS into Asterisk: no remt_addr limits who may call, "
                + "and auth_secret is empty, so signatures are not checked. Fix: set remt_addr to your ITSP's addresses"), run.err);
        // The daemon on every address, in a network namespace of its own: nobody else can reach it.
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websms]\nauth_method = none\n[websmsd]\nhttp_addr = 0.0.0.0:0\nagi_addr =\n"
                + "state_dir = " + dir.resolve("state") + "\n[astqueue]\noutgoingdir = " + dir.resolve("outgoing") + "\nstagingdir = " + dir.resolve("staging") + "\n");
        try (DaemonProcess daemon = DaemonProcess.start(List.of("unshare", "-rn"), config)) {
            assertTrue(daemon.startLog.stream().anyMatch(line -> line.contains(config + ": warning: [websmsd] remt_addr: anyone who can reach the webhook "
                    + "server on 0.0.0.0:0 can post SMS into Asterisk")), daemon.startLog::toString);
        }
    }

    @Test
    void credentialsInUrlsAndValStaticValuesAreMaskedInTheOutput() throws Exception {
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websms]\nauth_method = none\n"
                + "url_host = https://user:Pw0rd@api.example.com\nurl_path = \"/send?token=T0ken&to=\"\nval_static = \"apikey=K3y,from=me\"\n"
                + "[websmsd]\nremt_addr = 1.2.3.4\n");
        Run run = run("check-config", "--config", config.toString());
        assertEquals(ExitCode.OK, run.exit, run.err);
        assertTrue(run.out.contains("  url_host         = https://********@api.example.com   ; line 3\n"), run.out);
        assertTrue(run.out.contains("  url_path         = /send?token=********&to=   ; line 4\n"), run.out);
        assertTrue(run.out.contains("  val_static       = apikey=********,from=********   ; line 5\n"), run.out);
        assertTrue(run.out.contains("  -> sends to https://********@api.example.com/send?token=********&to=, without credentials\n"), run.out);
        for (String secret : List.of("Pw0rd", "T0ken", "K3y")) {
            assertFalse(run.out.contains(secret) || run.err.contains(secret), secret + " is shown");
        }
    }

    @Test
    void theSharedStoreIsShownWithoutItsPasswordAndTriedWhichNeedsTheLocalPostgresql() throws Exception {
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websmsd]\nremt_addr = 1.2.3.4\nstore = postgresql://postgres@127.0.0.1:5432/test\n");
        Run run = run(Map.of("PGPASSWORD", "s3cret-Pw"), "check-config", "--config", config.toString());
        assertEquals(ExitCode.OK, run.exit, "PostgreSQL must run on 127.0.0.1:5432: start it with "
                + "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`; " + run.err);
        assertTrue(run.out.contains("  store            = postgresql://postgres@127.0.0.1:5432/test\n"), run.out);
        assertTrue(run.out.contains("  store_password_file = (empty)   ; the password is PGPASSWORD's (********)\n"), run.out);
        assertTrue(run.out.contains("  -> reachable as postgres, schema version "), run.out);
        assertFalse(run.out.contains("s3cret-Pw") || run.err.contains("s3cret-Pw"), "the password is not shown");

        Files.writeString(config, "[websmsd]\nremt_addr = 1.2.3.4\nstore = postgresql://websms@127.0.0.1:1/websms\n");
        Run refused = run(Map.of("PGPASSWORD", "s3cret-Pw"), "check-config", "--config", config.toString());
        assertEquals(ExitCode.UNAVAILABLE, refused.exit, refused.err);
        assertTrue(refused.out.contains("  -> not reachable\n"), refused.out);
        assertTrue(refused.err.contains("the store postgresql://websms@127.0.0.1:1/websms failed: Connection to 127.0.0.1:1 refused"), refused.err);
        assertTrue(refused.out.contains(": usable, but websmsd cannot start until the store can be reached"), refused.out);

        Files.writeString(config, "[websmsd]\nremt_addr = 1.2.3.4\nstore = postgresql://websms:s3cret-Pw@db.example.com/websms\n");
        Run inline = run("check-config", "--config", config.toString());
        assertEquals(ExitCode.CONFIG, inline.exit, inline.err);
        assertTrue(inline.err.contains("the store's URL holds a password, which would be in every copy of this file"), inline.err);
        assertFalse(inline.out.contains("s3cret-Pw") || inline.err.contains("s3cret-Pw"), "the password is not shown");
    }

    @Test
    void aFileOwnerThatCannotBeAppliedOrANumberOutOfBoundsMakesTheFileUnusable() throws Exception {
        Path config = Files.writeString(dir.resolve("websms.conf"), "[websms]\nauth_method = none\n[websmsd]\nremt_addr = 1.2.3.4\n"
                + "http_max_requests = 999999999\n[astqueue]\nfileowner = nosuchuser-websms:asterisk\n");
        Run run = run("check-config", "--config", config.toString());
        assertEquals(ExitCode.CONFIG, run.exit, run.err);
        assertEquals(List.of(
                config + ":5: error: [websmsd] http_max_requests: '999999999' is more than http_max_requests allows: at most 10000. "
                        + "Fix: write a number from 1 to 10000, e.g. http_max_requests = 256.",
                config + ":7: error: [astqueue] fileowner: this machine has no user 'nosuchuser-websms', so no call file could be given to it. "
                        + "Fix: name a user (and group) that exists where websmsd writes call files, e.g. fileowner = asterisk:asterisk (see getent passwd).",
                config + ": not usable: 2 errors."), run.err.lines().toList());
    }

    @Test
    void theQuickstartKeepsItsStateInItsSandboxAsAProcess() throws Exception {
        // README command 1, even as root: the default configuration written to run/ keeps the outbox in run/state.
        Path config = dir.resolve("run").resolve("websms.conf");
        try (DaemonProcess daemon = DaemonProcess.start(List.of("unshare", "-rn"), config)) {
            assertTrue(daemon.startLog.stream().noneMatch(line -> line.contains("/var/lib/websms")), daemon.startLog::toString);
        }
        assertTrue(Files.readString(config).contains("\n[websmsd]\n; Written outside /etc: this websms keeps its state (the outbox, the message ids) "
                + "beside this file.\nstate_dir       = \"" + dir.resolve("run").resolve("state") + "\"\n"), Files.readString(config));
        assertTrue(Files.isDirectory(dir.resolve("run").resolve("state").resolve("outbox")));
        Run run = run("check-config", "--config", config.toString());
        assertEquals(ExitCode.OK, run.exit, run.err);
        assertTrue(run.out.contains("  state_dir        = " + dir.resolve("run").resolve("state") + "\n"), run.out);
        // Where production keeps its configuration, the default is the example as shipped: state in /var/lib/websms.
        Path shipped = Path.of(System.getProperty("user.dir")).getParent().resolve("etc/websms.conf");
        assertEquals(Files.readString(shipped), WebsmsdCommand.defaultConfig(Path.of("/etc/asterisk/websms.conf")));
        // A folder name PHP would read otherwise is quoted and escaped.
        String odd = WebsmsdCommand.defaultConfig(dir.resolve("a;b $x\\\"").resolve("websms.conf"));
        Path file = Files.writeString(dir.resolve("odd.conf"), odd);
        Run oddRun = run("check-config", "--config", file.toString());
        assertTrue(oddRun.out.contains("  state_dir        = " + dir.resolve("a;b $x\\\"").resolve("state") + "\n"), oddRun.out);
    }

    @Test
    void wrongUsageExitsWith64() {
        assertEquals(ExitCode.USAGE, run().exit);
        assertEquals(ExitCode.USAGE, run("frobnicate").exit);
        assertEquals(ExitCode.USAGE, run("check-config", "--config").exit);
        assertEquals(ExitCode.USAGE, run("check-config", "extra").exit);
        Run help = run("help");
        assertEquals(ExitCode.OK, help.exit);
        assertTrue(help.out.startsWith("usage: websms COMMAND"), help.out);
    }

    private static String section(String out, String header) {
        int start = out.indexOf(header);
        assertTrue(start >= 0, () -> "no '" + header + "' in:\n" + out);
        int end = out.indexOf("\n\n", start);
        return out.substring(start, end < 0 ? out.length() : end + 1);
    }

    record Run(ExitCode exit, String out, String err) {
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode exit = Main.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
