package io.websms.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark harness. Starts the real websms daemon as a process (with a stub ITSP and a spool in a temporary
 * folder) and measures, each figure the median of several runs, beside a baseline measured in the same run:
 * <ul>
 *   <li>inbound webhooks per second end to end (request, durable call file, ack) and p50/p99 latency, with 1, 16 and 64
 *       clients, and at a fixed rate; baseline: a bare Helidon handler that reads the body and answers 200;</li>
 *   <li>outbound SMS per second and latency through the FastAGI server to the stub ITSP; baseline: the stub hit
 *       directly over HTTP;</li>
 *   <li>the time of one {@code websms send} from a cold start; baseline: a JVM that starts and exits;</li>
 *   <li>the daemon's start-up to its first answered webhook, and its peak RSS under load.</li>
 * </ul>
 * Run: {@code . scripts/use-jdk.sh && ./mvnw -B -q package -DskipTests && scripts/bench}.
 */
public final class Bench {

    private static final int RUNS = Integer.getInteger("bench.runs", 3);
    private static final Duration WINDOW = Duration.ofSeconds(Long.getLong("bench.seconds", 4));
    private static final String FORM = "To=%2B12025550160&From=%2B15017122661&Body=Benchmark+message+with+%C3%BC+and+%F0%9F%98%80";
    private static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    private final Path websmsJar;
    private final String harnessClassPath = System.getProperty("java.class.path");
    private final Path work;
    private final List<String[]> rows = new ArrayList<>();

    private final boolean inboundOnly;

    private Bench(Path websmsJar, Path work, boolean inboundOnly) {
        this.websmsJar = websmsJar;
        this.work = work;
        this.inboundOnly = inboundOnly;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/websms.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            System.err.println("build websms first: " + jar + " is missing (./mvnw -B -q package -DskipTests)");
            System.exit(2);
        }
        Path work = Files.createTempDirectory("websms-bench-");
        new Bench(jar, work, args.length > 1 && args[1].equals("inbound")).run();
    }

    private void run() throws Exception {
        System.out.printf("websms benchmark: %d runs of %d s each, median; %s, %d cores, Java %s%n%n", RUNS, WINDOW.toSeconds(),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Process itsp = start(List.of(java.toString(), "-Xmx64m", "-cp", harnessClassPath, StubServer.class.getName(), "{\"status\":\"queued\",\"id\":\"b1\"}"));
        Process baseline = start(List.of(java.toString(), "-Xmx64m", "-XX:+UseSerialGC", "-cp", harnessClassPath, StubServer.class.getName(), ""));
        int itspPort = port(itsp);
        int baselinePort = port(baseline);
        Path config = work.resolve("websms.conf");
        // Every client calls from 127.0.0.1: http_max_per_address (32 by default) would close the connections of 64.
        Files.writeString(config, "[websms]\nurl_host = http://127.0.0.1:" + itspPort + "\nurl_path = /send\nauth_method = none\nretry_max = 0\n"
                + "[websmsd]\nhttp_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:0\nhttp_max_requests = 256\nhttp_max_per_address = 128\nstate_dir = " + work.resolve("state") + "\n"
                + "[astqueue]\noutgoingdir = " + work.resolve("spool/outgoing") + "\nstagingdir = " + work.resolve("spool/staging") + "\n");
        try {
            // The AOT cache of bin/websms-startup-cache (JDK 25+), made as it makes it: a startup-training run.
            boolean aot = Runtime.version().feature() >= 25 && !inboundOnly;
            List<String> aotCache = List.of("-XX:AOTCache=" + work.resolve("websms.aot"), "-Xlog:aot*=off,cds*=off");
            if (aot) {
                timeProcess(command(List.of("-XX:AOTCacheOutput=" + work.resolve("websms.aot"), "-Xlog:aot*=off,cds*=off"),
                        List.of("-jar", websmsJar.toString(), "startup-training")));
            }
            List<Double> startups = new ArrayList<>();
            List<Double> aotStartups = new ArrayList<>();
            Daemon daemon = null;
            for (int i = 0; i < RUNS; i++) {
                if (aot) {
                    long begin = System.nanoTime();
                    Daemon cached = Daemon.start(this, config, aotCache);
                    waitForWebhook(cached.httpPort);
                    aotStartups.add((System.nanoTime() - begin) / 1e6);
                    cached.stop();
                }
                if (daemon != null) {
                    daemon.stop();
                }
                long begin = System.nanoTime();
                daemon = Daemon.start(this, config, List.of());
                waitForWebhook(daemon.httpPort);
                startups.add((System.nanoTime() - begin) / 1e6);
            }
            Daemon running = daemon;
            String webhooks = "http://127.0.0.1:" + running.httpPort + "/";
            String bare = "http://127.0.0.1:" + baselinePort + "/";
            for (int clients : new int[] {1, 16, 64}) {
                Load websms = median(() -> closedLoop(clients, () -> post(webhooks)));
                Load base = median(() -> closedLoop(clients, () -> post(bare)));
                row("inbound webhooks/s, " + clients + " client" + (clients == 1 ? "" : "s"), websms.perSecond, base.perSecond, "/s");
                row("inbound p50 ms, " + clients + " client" + (clients == 1 ? "" : "s"), websms.p50, base.p50, "ms");
                row("inbound p99 ms, " + clients + " client" + (clients == 1 ? "" : "s"), websms.p99, base.p99, "ms");
            }
            int rate = Integer.getInteger("bench.rate", 200);
            Load fixedWebsms = median(() -> openLoop(rate, () -> post(webhooks)));
            Load fixedBase = median(() -> openLoop(rate, () -> post(bare)));
            row("inbound p50 ms at " + rate + "/s", fixedWebsms.p50, fixedBase.p50, "ms");
            row("inbound p99 ms at " + rate + "/s", fixedWebsms.p99, fixedBase.p99, "ms");
            if (inboundOnly) {
                row("daemon peak RSS MiB", running.peakRssKb() / 1024.0, Double.NaN, "MiB");
                running.stop();
                return;
            }
            String stub = "http://127.0.0.1:" + itspPort + "/send";
            for (int clients : new int[] {1, 16}) {
                Load agi = median(() -> closedLoop(clients, () -> fastAgi(running.agiPort)));
                Load direct = median(() -> closedLoop(clients, () -> post(stub)));
                row("outbound SMS/s via FastAGI, " + clients + " client" + (clients == 1 ? "" : "s"), agi.perSecond, direct.perSecond, "/s");
                row("outbound p50 ms via FastAGI, " + clients + " client" + (clients == 1 ? "" : "s"), agi.p50, direct.p50, "ms");
            }
            long rss = running.peakRssKb();
            running.stop();
            List<String> send = List.of("-jar", websmsJar.toString(), "send", "--config", config.toString(), "+46701234567", "+15017122661", "cold start");
            // The start-up caches of the distribution's scripts, each made by a training run that is not timed: the
            // class-data archive (any JDK 21+) and, on JDK 25+, the AOT cache of bin/websms-startup-cache.
            List<String> archive = List.of("-XX:SharedArchiveFile=" + work.resolve("websms.jsa"), "-XX:+AutoCreateSharedArchive", "-Xlog:cds*=off");
            timeProcess(command(archive, send));
            List<Double> colds = new ArrayList<>();
            List<Double> archived = new ArrayList<>();
            List<Double> aotCached = new ArrayList<>();
            List<Double> jvms = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                colds.add(timeProcess(command(List.of(), send)));
                archived.add(timeProcess(command(archive, send)));
                if (aot) {
                    aotCached.add(timeProcess(command(aotCache, send)));
                }
                jvms.add(timeProcess(command(List.of(), List.of("-version"))));
            }
            row("cold `websms send` ms", median(colds), median(jvms), "ms");
            row("cold `websms send` ms, class-data archive", median(archived), median(jvms), "ms");
            if (aot) {
                row("cold `websms send` ms, AOT cache", median(aotCached), median(jvms), "ms");
            }
            row("daemon start-up to first webhook ms", median(startups), Double.NaN, "ms");
            if (aot) {
                row("daemon start-up to first webhook ms, AOT cache", median(aotStartups), Double.NaN, "ms");
            }
            row("daemon peak RSS MiB", rss / 1024.0, Double.NaN, "MiB");
        } finally {
            itsp.destroy();
            baseline.destroy();
            print();
        }
    }

    // ---- what is measured

    private boolean post(String url) {
        return post(url, FORM);
    }

    /** One webhook as an ITSP sends it; true when answered 200. */
    static boolean post(String url, String form) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One FastAGI call as Asterisk makes it; true when websms answered SUCCESS. */
    static boolean fastAgi(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("agi_network: yes\nagi_network_script: websms\nagi_request: agi://127.0.0.1/websms\nagi_arg_1: +46701234567\n"
                    + "agi_arg_2: +15017122661\nagi_arg_3: Benchmark message\nagi_arg_4: \n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            for (int i = 0; i < 3; i++) { // WEBSMS_ERROR, WEBSMS_ID, WEBSMS_ITSP_ID
                in.readLine();
                out.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            return "SET VARIABLE WEBSMS_STATUS \"SUCCESS\"".equals(status);
        } catch (IOException e) {
            return false;
        }
    }

    /** Throughput and latency of one measurement. */
    record Load(double perSecond, double p50, double p99) {
    }

    /** {@code clients} callers, each starting its next call when the last one ends, for the window. */
    static Load closedLoop(int clients, Supplier<Boolean> call) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        long begin = System.nanoTime();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                executor.execute(() -> {
                    while (running.get()) {
                        long start = System.nanoTime();
                        if (call.get()) {
                            latencies.add(System.nanoTime() - start);
                        } else {
                            failures.incrementAndGet();
                        }
                    }
                });
            }
            Thread.sleep(WINDOW);
            running.set(false);
        }
        return load(latencies, failures.get(), System.nanoTime() - begin);
    }

    /** Calls started at a fixed rate, whatever the answers take (no coordinated omission), for the window. */
    private Load openLoop(int perSecond, Supplier<Boolean> call) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong failures = new AtomicLong();
        long interval = 1_000_000_000L / perSecond;
        long begin = System.nanoTime();
        long calls = WINDOW.toNanos() / interval;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (long i = 0; i < calls; i++) {
                long due = begin + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                executor.execute(() -> {
                    if (call.get()) {
                        latencies.add(System.nanoTime() - due);
                    } else {
                        failures.incrementAndGet();
                    }
                });
            }
        }
        return load(latencies, failures.get(), System.nanoTime() - begin);
    }

    private static Load load(ConcurrentLinkedQueue<Long> latencies, long failures, long elapsedNanos) {
        if (failures > 0) {
            System.err.println("warning: " + failures + " calls failed");
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        if (sorted.length == 0) {
            return new Load(0, Double.NaN, Double.NaN);
        }
        return new Load(sorted.length / (elapsedNanos / 1e9), sorted[sorted.length / 2] / 1e6, sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.99) - 1)] / 1e6);
    }

    interface Measurement {
        Load run() throws Exception;
    }

    static Load median(Measurement measurement) throws Exception {
        List<Load> loads = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            loads.add(measurement.run());
        }
        return new Load(median(loads.stream().map(Load::perSecond).toList()), median(loads.stream().map(Load::p50).toList()),
                median(loads.stream().map(Load::p99).toList()));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private double timeProcess(List<String> command) throws Exception {
        long begin = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("did not end: " + command);
        }
        return (System.nanoTime() - begin) / 1e6;
    }

    // ---- processes

    static Process start(List<String> command) throws IOException {
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static int port(Process server) throws IOException {
        String line = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (line == null || !line.startsWith("port ")) {
            throw new IllegalStateException("the stub server did not start: " + line);
        }
        return Integer.parseInt(line.substring(5).strip());
    }

    private void waitForWebhook(int port) throws InterruptedException {
        while (!post("http://127.0.0.1:" + port + "/")) {
            Thread.sleep(5);
        }
    }

    /** The websms daemon as a process, with the ports it logged. */
    static final class Daemon {
        final Process process;
        final int httpPort;
        final int agiPort;

        private Daemon(Process process, int httpPort, int agiPort) {
            this.process = process;
            this.httpPort = httpPort;
            this.agiPort = agiPort;
        }

        static Daemon start(Bench bench, Path config, List<String> options) throws IOException {
            return start(bench.java, bench.websmsJar, config, options);
        }

        /** Starts {@code websmsJar}'s daemon on {@code config} with {@code java}, as bin/websmsd runs it, and {@code options}. */
        static Daemon start(Path java, Path websmsJar, Path config, List<String> options) throws IOException {
            // The flags bin/websmsd runs it with.
            List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            // -Dbench.daemon.options="-XX:TieredStopAtLevel=4 …": other JVM flags for the daemon, after (and over) these.
            String more = System.getProperty("bench.daemon.options", "").strip();
            if (!more.isEmpty()) {
                command.addAll(List.of(more.split("\\s+")));
            }
            command.addAll(options);
            command.addAll(List.of("-jar", websmsJar.toString(), "websmsd", "--config", config.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().remove("WEBSMSD_PORT");
            builder.environment().remove("WEBSMS_LOG_LEVEL"); // as run in production: one INFO line per message
            Process process = builder.start();
            BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
            int http = -1;
            int agi = -1;
            Pattern webhooks = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/");
            Pattern fastAgi = Pattern.compile("FastAGI server for outgoing SMS on 127\\.0\\.0\\.1:(\\d+)");
            while (http < 0 || agi < 0) {
                String line = log.readLine();
                if (line == null) {
                    throw new IllegalStateException("the daemon stopped at start");
                }
                Matcher h = webhooks.matcher(line);
                if (line.contains("webhooks for incoming SMS") && h.find()) {
                    http = Integer.parseInt(h.group(1));
                }
                Matcher a = fastAgi.matcher(line);
                if (a.find()) {
                    agi = Integer.parseInt(a.group(1));
                }
            }
            Thread.ofVirtual().start(() -> { // keep draining the log until the process ends
                try {
                    log.transferTo(Writer.nullWriter());
                } catch (IOException e) {
                    // the process ended: its pipe is closed
                }
            });
            return new Daemon(process, http, agi);
        }

        long peakRssKb() throws IOException {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            return -1;
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    // ---- the table

    /** A java command line with the flags the distribution's scripts use, then {@code options}, then {@code args}. */
    private List<String> command(List<String> options, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(options);
        command.addAll(args);
        return command;
    }

    private void row(String what, double websms, double baseline, String unit) {
        String ratio = Double.isNaN(baseline) || baseline == 0 ? "" : String.format(Locale.ROOT, "%.2f", websms / baseline);
        rows.add(new String[] {what, format(websms, unit), Double.isNaN(baseline) ? "" : format(baseline, unit), ratio});
        System.err.println("measured: " + Arrays.toString(rows.get(rows.size() - 1)));
    }

    private static String format(double value, String unit) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return unit.equals("/s") ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    private void print() {
        System.out.println("| measurement | websms | baseline | ratio |");
        System.out.println("| --- | ---: | ---: | ---: |");
        for (String[] row : rows) {
            System.out.println("| " + String.join(" | ", row) + " |");
        }
        System.out.println();
        System.out.println("Baselines: inbound, a bare Helidon handler that reads the body and answers 200; outbound, the stub ITSP hit directly;");
        System.out.println("cold send, a JVM that starts and exits (java -version). Ratios are websms / baseline.");
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files: the OS cleans up
        }
    }
}
