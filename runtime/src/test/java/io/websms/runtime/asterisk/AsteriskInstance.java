package io.websms.runtime.asterisk;

import io.websms.runtime.ami.AmiSettings;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Asterisk 22.10.1 for integration tests, run by {@code ../shared/asterisk/instance.sh} beside the repository
 * (or the script named by {@code ASTERISK_INSTANCE_SCRIPT}) in a folder of its own, on free loopback ports.
 *
 * <p>instance.sh writes its configs once into {@code DIR/etc/asterisk}: AMI user websms / secret websms with every
 * right; PJSIP endpoint {@code alice} (registers without authentication, up to two devices, none at start) and
 * {@code bob} (a fixed contact at SIP port + 20). {@link #writeConfig} replaces one of them; reload it with
 * {@link #cli} (e.g. {@code "dialplan reload"}, {@code "manager reload"}, {@code "pjsip reload"}).
 *
 * <p>Where there is no instance.sh, {@link #startOrSkip} aborts the test with the reason, also on stderr, so that a
 * clone outside this setup still builds and says what it did not test.
 */
public final class AsteriskInstance implements AutoCloseable {

    /** The AMI user and secret instance.sh writes into manager.conf. */
    public static final String AMI_USER = "websms";
    public static final String AMI_SECRET = "websms";

    private static final long SCRIPT_TIMEOUT_SECONDS = 90;

    private final Path script;
    private final Path dir;
    private final int sipPort;
    private final int amiPort;
    private boolean running;

    private AsteriskInstance(Path script, Path dir, int sipPort, int amiPort) {
        this.script = script;
        this.dir = dir;
        this.sipPort = sipPort;
        this.amiPort = amiPort;
    }

    /**
     * Starts an Asterisk in {@code dir} (made an instance folder) with SIP and AMI on free loopback ports; aborts the
     * calling test (JUnit assumption) when there is no instance.sh.
     */
    public static AsteriskInstance startOrSkip(Path dir) {
        Path script = script();
        if (!Files.isExecutable(script)) {
            String caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass().getSimpleName();
            String reason = "no Asterisk to test on: " + script + " is missing (set ASTERISK_INSTANCE_SCRIPT to an instance.sh)";
            System.err.println(caller + " skipped: " + reason);
            Assumptions.abort(reason);
        }
        AsteriskInstance instance = new AsteriskInstance(script, dir.toAbsolutePath(), freeSipPort(), freeTcpPort());
        instance.start();
        return instance;
    }

    /** instance.sh: ASTERISK_INSTANCE_SCRIPT, else ../shared/asterisk/instance.sh beside the repository. */
    private static Path script() {
        String named = System.getenv("ASTERISK_INSTANCE_SCRIPT");
        if (named != null && !named.isEmpty()) {
            return Path.of(named);
        }
        // Maven runs tests in the module's folder (basedir): the repository is its parent, /work/shared beside that.
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        return module.getParent().getParent().resolve("shared/asterisk/instance.sh");
    }

    /** The instance's folder: etc/asterisk, var/spool/asterisk, var/log/asterisk. */
    public Path dir() {
        return dir;
    }

    /** Where the configs are: {@code DIR/etc/asterisk}. */
    public Path configDir() {
        return dir.resolve("etc/asterisk");
    }

    /** The UDP port of PJSIP's transport on 127.0.0.1. */
    public int sipPort() {
        return sipPort;
    }

    /** The AMI's TCP port on 127.0.0.1. */
    public int amiPort() {
        return amiPort;
    }

    /** Settings for the AMI user websms on this instance, with AmiSettings' defaults otherwise. */
    public AmiSettings amiSettings() {
        return AmiSettings.of("127.0.0.1", amiPort, AMI_USER, AMI_SECRET);
    }

    /** Runs an Asterisk CLI command (e.g. {@code "pjsip show contacts"}) and returns what it printed. */
    public String cli(String command) {
        return run("cli", dir.toString(), command);
    }

    /** Replaces {@code DIR/etc/asterisk/file} with {@code text}; Asterisk reads it at the next reload or start. */
    public void writeConfig(String file, String text) {
        try {
            Files.writeString(configDir().resolve(file), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + configDir().resolve(file) + ": " + e.getMessage(), e);
        }
    }

    /** Starts Asterisk (again, after {@link #stop}) on the same ports; returns when it is fully booted. */
    public void start() {
        run("start", dir.toString(), Integer.toString(sipPort), Integer.toString(amiPort));
        running = true;
    }

    /** Stops Asterisk ("core stop now"); its folder, configs and astdb stay for a {@link #start} again. */
    public void stop() {
        running = false;
        run("stop", dir.toString());
    }

    /** Stops Asterisk when it runs. */
    @Override
    public void close() {
        if (running) {
            stop();
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within " + SCRIPT_TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** A loopback TCP port nobody listens on now. */
    public static int freeTcpPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port on the loopback: " + e.getMessage(), e);
        }
    }

    /** A loopback UDP port that is free now, for a SIP transport or a SIP phone. */
    public static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free UDP port on the loopback: " + e.getMessage(), e);
        }
    }

    /** A UDP port for PJSIP whose port + 20 (bob's fixed contact) is free too, below 65516. */
    private static int freeSipPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = freeUdpPort();
            if (port <= 65515 && udpFree(port + 20)) {
                return port;
            }
        }
        throw new IllegalStateException("no free UDP port pair (SIP port and SIP port + 20) on the loopback");
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket ignored = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
