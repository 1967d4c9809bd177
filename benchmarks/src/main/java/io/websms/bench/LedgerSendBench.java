package io.websms.bench;

import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.daemon.Websmsd;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.provider.ProviderRegistry;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Outbound SMS through FastAGI with the message ledger against the same without it: one daemon ({@link Websmsd},
 * in this process, so that the only difference is its {@code Settings.ledger}) sending to the stub ITSP (a process),
 * at 1 and 16 clients, the two variants taking turns run by run; medians. The bar: with the ledger at least
 * 90% of the rate without it. Run: {@code scripts/bench ledger-send}.
 */
public final class LedgerSendBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 3);

    public static void main(String[] args) throws Exception {
        // One INFO line per message, as in production, would be the same for both; WARNING keeps the terminal readable.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        Path work = Files.createTempDirectory("websms-ledger-send-bench-");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process itsp = Bench.start(List.of(java.toString(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                StubServer.class.getName(), "{\"status\":\"queued\",\"id\":\"b1\"}"));
        try {
            int itspPort = Bench.port(itsp);
            String file = "[websms]\nurl_host = http://127.0.0.1:" + itspPort + "\nurl_path = /send\nauth_method = none\nretry_max = 0\n"
                    + "[websmsd]\nagi_addr = 127.0.0.1:0\nstate_dir = " + work.resolve("state") + "\n";
            ProviderRegistry registry = ProviderRegistry.discover();
            WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
            Spool spool = Spool.open(work.resolve("spool/staging"), work.resolve("spool/outgoing"), config.astQueue());
            System.out.printf("websms outbound with and without the ledger: %d runs each, taking turns, median; %s, %d cores, Java %s%n%n", RUNS,
                    System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
            System.out.println("| measurement | without ledger | with ledger | ratio |");
            System.out.println("| --- | ---: | ---: | ---: |");
            try (Websmsd without = start(config, registry, spool, Optional.empty());
                 Websmsd with = start(config, registry, spool, Optional.of(SqliteLedger.open(work.resolve("state/ledger/ledger.db"))))) {
                for (int clients : new int[] {1, 16}) {
                    Bench.closedLoop(clients, () -> Bench.fastAgi(without.agiPort())); // warm both up
                    Bench.closedLoop(clients, () -> Bench.fastAgi(with.agiPort()));
                    List<Bench.Load> off = new ArrayList<>();
                    List<Bench.Load> on = new ArrayList<>();
                    for (int run = 0; run < RUNS; run++) {
                        off.add(Bench.closedLoop(clients, () -> Bench.fastAgi(without.agiPort())));
                        on.add(Bench.closedLoop(clients, () -> Bench.fastAgi(with.agiPort())));
                    }
                    String who = clients + " client" + (clients == 1 ? "" : "s");
                    row("outbound SMS/s via FastAGI, " + who, median(off, Bench.Load::perSecond), median(on, Bench.Load::perSecond), "%.0f");
                    row("outbound p50 ms via FastAGI, " + who, median(off, Bench.Load::p50), median(on, Bench.Load::p50), "%.2f");
                    row("outbound p99 ms via FastAGI, " + who, median(off, Bench.Load::p99), median(on, Bench.Load::p99), "%.2f");
                }
                with.journal().orElseThrow().flush(60_000);
                System.out.println();
                System.out.printf("The ledger recorded %d messages; websms_ledger_failures_total: %s%n",
                        with.ledger().orElseThrow().find(io.websms.runtime.ledger.Query.newest(10_000_000)).size(),
                        with.metrics().scrape().lines().filter(l -> l.startsWith("websms_ledger_failures_total{")).toList());
            }
        } finally {
            itsp.destroy();
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Websmsd start(WebsmsConfig config, ProviderRegistry registry, Spool spool, Optional<MessageLedger> ledger) throws Exception {
        return Websmsd.start(config, registry, new Websmsd.Settings(Optional.empty(), Optional.of(new InetSocketAddress("127.0.0.1", 0)), spool,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), ledger));
    }

    private static double median(List<Bench.Load> loads, java.util.function.ToDoubleFunction<Bench.Load> value) {
        double[] sorted = loads.stream().mapToDouble(value).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private static void row(String what, double without, double with, String format) {
        System.out.println("| " + what + " | " + String.format(Locale.ROOT, format, without) + " | " + String.format(Locale.ROOT, format, with)
                + " | " + String.format(Locale.ROOT, "%.2f", with / without) + " |");
    }
}
