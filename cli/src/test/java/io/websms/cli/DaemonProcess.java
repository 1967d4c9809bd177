package io.websms.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code websms websmsd} as a separate process, with the ports it says it listens on. */
final class DaemonProcess implements AutoCloseable {

    private static final Pattern WEBHOOKS = Pattern.compile("webhooks for incoming SMS on http://[^:]+:(\\d+)/; (?:call files go to (\\S+) )?");
    private static final Pattern FAST_AGI = Pattern.compile("FastAGI server for outgoing SMS on [^:]+:(\\d+)");

    final Process process;
    final int httpPort;
    final int agiPort;
    final String outgoing;
    /** What it logged while it started. */
    final List<String> startLog;
    /** Every line the daemon logged so far, in order; complete once the process has ended and {@link #stop()} returned. */
    final List<String> log;
    private final Thread drain;

    private DaemonProcess(Process process, int httpPort, int agiPort, String outgoing, List<String> log, Thread drain) {
        this.process = process;
        this.httpPort = httpPort;
        this.agiPort = agiPort;
        this.outgoing = outgoing;
        this.startLog = List.copyOf(log);
        this.log = log;
        this.drain = drain;
    }

    /** Starts the daemon on {@code config} with the test's class path. */
    static DaemonProcess start(Path config) throws Exception {
        return start(List.of(), config);
    }

    /** Starts the daemon on {@code config}, its command behind {@code prefix} (such as {@code unshare -rm …}). */
    static DaemonProcess start(List<String> prefix, Path config) throws Exception {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "websmsd", "--config", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("WEBSMSD_PORT");
        Process process = builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        int http = -1;
        int agi = -1;
        String outgoing = null;
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        while (true) {
            String line = log.readLine();
            if (line == null) {
                throw new AssertionError("the daemon stopped: " + seen);
            }
            seen.add(line);
            Matcher webhooks = WEBHOOKS.matcher(line);
            if (webhooks.find()) {
                http = Integer.parseInt(webhooks.group(1));
                outgoing = webhooks.group(2);
            }
            Matcher fastAgi = FAST_AGI.matcher(line);
            if (fastAgi.find()) {
                agi = Integer.parseInt(fastAgi.group(1));
            }
            if (line.contains("FastAGI server")) { // the last line of the start
                break;
            }
        }
        Thread drain = Thread.ofVirtual().start(() -> { // keep reading the log until the process ends
            try {
                for (String line = log.readLine(); line != null; line = log.readLine()) {
                    seen.add(line);
                }
            } catch (java.io.IOException e) {
                // the pipe was closed: the process was killed with destroyForcibly()
            }
        });
        return new DaemonProcess(process, http, agi, outgoing, seen, drain);
    }

    /** Stops it with SIGTERM and waits; true when it ended. */
    boolean stop() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() would also close the pipes, and the last lines be lost.
        process.toHandle().destroy();
        boolean ended = process.waitFor(30, TimeUnit.SECONDS);
        if (ended) {
            drain.join(5_000); // the last lines
        }
        return ended;
    }

    @Override
    public void close() throws InterruptedException {
        if (!stop()) {
            process.destroyForcibly();
        }
    }
}
