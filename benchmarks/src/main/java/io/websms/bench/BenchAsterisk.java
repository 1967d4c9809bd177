package io.websms.bench;

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
 * A real Asterisk for the AMI benchmark, run by {@code ../shared/asterisk/instance.sh} in a folder of its own with
 * SIP and the AMI on free loopback ports (AMI user websms / secret websms, PJSIP endpoint alice that registers without
 * authentication). The benchmark's own copy of the test fixture, which main code cannot use.
 */
final class BenchAsterisk implements AutoCloseable {

    static final String AMI_USER = "websms";
    static final String AMI_SECRET = "websms";

    private final Path script;
    private final Path dir;
    private final int sipPort;
    private final int amiPort;
    private volatile boolean running;

    private BenchAsterisk(Path script, Path dir, int sipPort, int amiPort) {
        this.script = script;
        this.dir = dir;
        this.sipPort = sipPort;
        this.amiPort = amiPort;
    }

    /** Starts an instance in {@code dir}; returns when Asterisk is fully booted. */
    static BenchAsterisk start(Path script, Path dir) {
        BenchAsterisk asterisk = new BenchAsterisk(script, dir.toAbsolutePath(), freeUdpPort(), freeTcpPort());
        asterisk.running = true; // from here on a stop is due, also when the start fails half-way
        asterisk.run("start", asterisk.dir.toString(), Integer.toString(asterisk.sipPort), Integer.toString(asterisk.amiPort));
        return asterisk;
    }

    int sipPort() {
        return sipPort;
    }

    int amiPort() {
        return amiPort;
    }

    Path outgoingDir() {
        return dir.resolve("var/spool/asterisk/outgoing");
    }

    Path stagingDir() {
        return dir.resolve("var/spool/asterisk/staging");
    }

    void writeConfig(String file, String text) throws IOException {
        Files.writeString(dir.resolve("etc/asterisk").resolve(file), text, StandardCharsets.UTF_8);
    }

    String cli(String command) {
        return run("cli", dir.toString(), command);
    }

    /** Stops Asterisk once; safe to call from a shutdown hook as well. */
    @Override
    public synchronized void close() {
        if (running) {
            running = false;
            run("stop", dir.toString());
        }
    }

    private String run(String... args) {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 90 s");
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

    static int freeTcpPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free TCP port on the loopback: " + e.getMessage(), e);
        }
    }

    static int freeUdpPort() {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free UDP port on the loopback: " + e.getMessage(), e);
        }
    }
}
