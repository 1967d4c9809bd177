package io.websms.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A PrivateDial send as the original's dialplan makes it, {@code AGI(websms,TO,FROM,BODY,INDEX)}: Asterisk starts
 * the archive's {@code bin/websms} as a classic AGI script, writes the environment on its standard input and answers
 * its commands. With the daemon running, the script hands the call over to it (lib/agi-relay.sh); without, it sends
 * in a JVM of its own. Measured one call at a time, the three kinds taking turns, beside two baselines of the same run:
 * the same call made over FastAGI ({@code agi://}, no process), and a bare {@code bash -c true} started the same way.
 * The ITSP is the stub, a process on loopback. Run: {@code scripts/bench classic-agi}; {@code -Dbench.calls=60}.
 */
public final class ClassicAgiBench {

    private static final int CALLS = Integer.getInteger("bench.calls", 60);
    private static final int COLD = Integer.getInteger("bench.cold", 3);
    private static final String ENVIRONMENT = "agi_request: /usr/share/asterisk/agi-bin/websms\nagi_channel: Message/ast_msg_queue\n"
            + "agi_language: en\nagi_type: Message\nagi_uniqueid: 1763900000.12\nagi_version: 22.10.1\nagi_callerid: alice\n"
            + "agi_calleridname: Alice\nagi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\nagi_dnid: unknown\n"
            + "agi_rdnis: unknown\nagi_context: dp_entry_text_out\nagi_extension: +46701234567\nagi_priority: 1\nagi_enhanced: 0.0\n"
            + "agi_accountcode: \nagi_threadid: 140153483224768\nagi_arg_1: +46701234567\nagi_arg_2: +15017122661\n"
            + "agi_arg_3: Benchmark message\nagi_arg_4: \n\n";

    private final Path home;
    private final Path config;

    private ClassicAgiBench(Path home, Path config) {
        this.home = home;
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        Path archive = Path.of(args[0]);
        Path work = Files.createTempDirectory("websms-classic-agi-bench-");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process itsp = Bench.start(List.of(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StubServer.class.getName(), "{\"status\":\"queued\",\"id\":\"b1\"}"));
        Process daemon = null;
        try {
            Path home = Files.createDirectories(work.resolve("websms"));
            run(List.of("tar", "-xzf", archive.toString(), "-C", home.toString()));
            int agiPort;
            try (ServerSocket free = new ServerSocket(0)) {
                agiPort = free.getLocalPort();
            }
            Path config = Files.writeString(work.resolve("websms.conf"), "[websms]\nurl_host = http://127.0.0.1:" + Bench.port(itsp)
                    + "\nurl_path = /send\nauth_method = none\nretry_max = 0\n[websmsd]\nagi_addr = 127.0.0.1:" + agiPort + "\nstate_dir = "
                    + work.resolve("state") + "\n[astqueue]\noutgoingdir = " + work.resolve("spool/outgoing") + "\nstagingdir = "
                    + work.resolve("spool/staging") + "\n");
            ClassicAgiBench bench = new ClassicAgiBench(home, config);
            System.out.printf("PrivateDial classic AGI send: %d calls each, one at a time, taking turns; %s, %d cores, Java %s%n%n", CALLS,
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            bench.classicAgi(); // the first run writes the class-data archive: not measured
            List<Double> cold = new ArrayList<>();
            for (int i = 0; i < COLD; i++) {
                cold.add(bench.timed(bench::classicAgi));
            }
            daemon = bench.daemon(agiPort);
            List<Double> relayed = new ArrayList<>();
            List<Double> fastAgi = new ArrayList<>();
            List<Double> bash = new ArrayList<>();
            for (int i = 0; i < 10; i++) { // warm the daemon up
                bench.classicAgi();
                Bench.fastAgi(agiPort);
            }
            for (int i = 0; i < CALLS; i++) {
                relayed.add(bench.timed(bench::classicAgi));
                fastAgi.add(bench.timed(() -> Bench.fastAgi(agiPort)));
                bash.add(bench.timed(() -> bench.process(List.of("bash", "-c", "true"), "")));
            }
            System.out.println("| measurement | p50 ms | p90 ms | max ms |");
            System.out.println("| --- | ---: | ---: | ---: |");
            row("classic AGI (bin/websms), daemon running: relayed", relayed);
            row("FastAGI call (agi://), same daemon: baseline", fastAgi);
            row("bash -c true started the same way: baseline", bash);
            row("classic AGI (bin/websms), no daemon: a JVM sends", cold);
        } finally {
            if (daemon != null) {
                daemon.destroy();
                daemon.waitFor(30, TimeUnit.SECONDS);
            }
            itsp.destroy();
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The archive's bin/websmsd with this configuration, once its FastAGI server listens. */
    private Process daemon(int agiPort) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/websmsd").toString(), "--config", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("WEBSMSD_PORT");
        builder.environment().remove("WEBSMS_LOG_LEVEL");
        Process process = builder.start();
        BufferedReader log = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        for (String line = log.readLine(); !line.contains("FastAGI server for outgoing SMS on 127.0.0.1:" + agiPort); line = log.readLine()) {
            if (line == null) {
                throw new IllegalStateException("the daemon stopped at start");
            }
        }
        Thread.ofVirtual().start(() -> {
            try {
                log.transferTo(Writer.nullWriter());
            } catch (IOException e) {
                // the process ended
            }
        });
        return process;
    }

    /** One send as Asterisk makes it with the original's dialplan; true when websms set SUCCESS and exited 0. */
    private boolean classicAgi() {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/websms").toString(), "+46701234567", "+15017122661", "Benchmark message", "");
        builder.environment().put("AST_AGI_DIR", "/usr/share/asterisk/agi-bin");
        builder.environment().put("WEBSMS_CONFIG", config.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("WEBSMS_LOG_LEVEL");
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = builder.start();
            OutputStream in = process.getOutputStream();
            in.write(ENVIRONMENT.getBytes(StandardCharsets.UTF_8));
            in.flush();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String status = null;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                status = status == null ? line : status;
                in.write("200 result=1\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            in.close();
            return process.waitFor() == 0 && "SET VARIABLE WEBSMS_STATUS \"SUCCESS\"".equals(status);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean process(List<String> command, String stdin) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The wall time of {@code call} in ms; fails when it did. */
    private double timed(Supplier<Boolean> call) {
        long begin = System.nanoTime();
        if (!call.get()) {
            throw new IllegalStateException("a call failed");
        }
        return (System.nanoTime() - begin) / 1e6;
    }

    private static void run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("failed: " + command);
        }
    }

    private static void row(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        System.out.println("| " + what + " | " + String.format(Locale.ROOT, "%.1f", sorted.get(sorted.size() / 2)) + " | "
                + String.format(Locale.ROOT, "%.1f", sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1))) + " | "
                + String.format(Locale.ROOT, "%.1f", sorted.get(sorted.size() - 1)) + " |");
    }
}
