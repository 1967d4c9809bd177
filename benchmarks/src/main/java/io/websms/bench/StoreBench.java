package io.websms.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Inbound webhooks with the shared PostgreSQL store ({@code store = postgresql://…}) beside the local store, in the
 * same run: one daemon on the local store (the baseline), one daemon on PostgreSQL, and two daemons on PostgreSQL with
 * the clients split between them (topology a of docs/scale-out.md: one outgoing folder). Every webhook carries a new
 * Twilio MessageSid, so each one claims its id in the store and writes a call file. Needs the local PostgreSQL
 * (-Dbench.store.jdbc, default jdbc:postgresql://127.0.0.1:5432/test as postgres); a schema of its own is dropped after.
 */
public final class StoreBench {

    private static final String JDBC = System.getProperty("bench.store.jdbc", "jdbc:postgresql://127.0.0.1:5432/test");
    private static final AtomicLong SID = new AtomicLong();

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "cli/target/websms.jar").toAbsolutePath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path work = Files.createTempDirectory("websms-store-bench-");
        String schema = "websms_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        sql("CREATE SCHEMA " + schema);
        String store = "postgresql://postgres@127.0.0.1:5432/test?currentSchema=" + schema;
        List<String[]> rows = new ArrayList<>();
        List<Bench.Daemon> running = new ArrayList<>();
        try {
            Bench.Daemon local = Bench.Daemon.start(java, jar, config(work, "local", "local"), List.of());
            running.add(local);
            Bench.Daemon a = Bench.Daemon.start(java, jar, config(work, "a", store), List.of());
            running.add(a);
            Bench.Daemon b = Bench.Daemon.start(java, jar, config(work, "b", store), List.of());
            running.add(b);
            for (Bench.Daemon daemon : running) {
                Bench.closedLoop(4, () -> post(daemon.httpPort)); // warm up each daemon's JIT and connections
            }
            for (int clients : new int[] {1, 16, 64}) {
                Bench.Load base = Bench.median(() -> Bench.closedLoop(clients, () -> post(local.httpPort)));
                Bench.Load one = Bench.median(() -> Bench.closedLoop(clients, () -> post(a.httpPort)));
                AtomicLong turn = new AtomicLong();
                Bench.Load two = Bench.median(() -> Bench.closedLoop(clients, () -> post(turn.getAndIncrement() % 2 == 0 ? a.httpPort : b.httpPort)));
                String who = clients + " client" + (clients == 1 ? "" : "s");
                rows.add(row("webhooks/s, " + who, base.perSecond(), one.perSecond(), two.perSecond(), "%.0f"));
                rows.add(row("p50 ms, " + who, base.p50(), one.p50(), two.p50(), "%.1f"));
                rows.add(row("p99 ms, " + who, base.p99(), one.p99(), two.p99(), "%.1f"));
            }
        } finally {
            for (Bench.Daemon daemon : running) {
                daemon.stop();
            }
            sql("DROP SCHEMA " + schema + " CASCADE");
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println("| inbound webhooks | local store, 1 daemon (baseline) | PostgreSQL, 1 daemon | ratio | PostgreSQL, 2 daemons | ratio |");
        System.out.println("| --- | ---: | ---: | ---: | ---: | ---: |");
        rows.forEach(r -> System.out.println("| " + String.join(" | ", r) + " |"));
        System.out.println();
        System.out.println("Each webhook a new message (a new MessageSid): its id claimed in the store, a call file written and forced, then 200.");
        System.out.println("All daemons and PostgreSQL on this machine (" + Runtime.getRuntime().availableProcessors() + " cores); ratios are against the local store.");
    }

    private static String[] row(String what, double base, double one, double two, String format) {
        String[] row = {what, String.format(Locale.ROOT, format, base), String.format(Locale.ROOT, format, one),
                String.format(Locale.ROOT, "%.2f", one / base), String.format(Locale.ROOT, format, two), String.format(Locale.ROOT, "%.2f", two / base)};
        System.err.println("measured: " + String.join(" | ", row));
        return row;
    }

    private static Path config(Path work, String name, String store) throws IOException {
        // One outgoing folder for all (topology a), a staging folder and a state_dir each.
        return Files.writeString(work.resolve(name + ".conf"), "[websmsd]\nprovider = twilio-like\nhttp_addr = 127.0.0.1:0\nagi_addr = 127.0.0.1:0\n"
                + "http_max_requests = 256\nhttp_max_per_address = 128\nstate_dir = " + work.resolve("state-" + name) + "\nstore = " + store + "\n"
                + "[astqueue]\noutgoingdir = " + work.resolve("spool/outgoing") + "\nstagingdir = " + work.resolve("spool/staging-" + name) + "\n");
    }

    private static boolean post(int port) {
        return Bench.post("http://127.0.0.1:" + port + "/", String.format(
                "MessageSid=SM%032d&To=%%2B12025550160&From=%%2B15017122661&Body=Benchmark+message+with+%%C3%%BC", SID.incrementAndGet()));
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(JDBC, "postgres", ""); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new SQLException(statement + ": " + e.getMessage() + " (the store benchmark needs PostgreSQL at " + JDBC
                    + " as postgres with trust authentication: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)", e);
        }
    }
}
