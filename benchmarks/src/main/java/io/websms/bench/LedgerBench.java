package io.websms.bench;

import io.websms.api.DeliveryStatus;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.Query;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.outbound.WebsmsId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The message ledger on its own, in this process: fills a {@link SqliteLedger} with {@code bench.ledger.entries}
 * messages (default 10⁶, spread over 30 days, each accepted and sent, with an ITSP id), then times the lookups
 * {@code websms status} will make (by websms id, by ITSP id, the last 20 to a number, the last hour) and the rate of
 * durable writes from 1 and 16 threads. Not a test: it prints figures. Run: {@code scripts/bench ledger}.
 */
public final class LedgerBench {

    private static final int ENTRIES = Integer.getInteger("bench.ledger.entries", 1_000_000);
    private static final int NUMBERS = 10_000;
    private static final int LOOKUPS = 5_000;
    private static final Duration SPAN = Duration.ofDays(30);

    private final List<String[]> rows = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("websms-ledger-bench-");
        try {
            new LedgerBench().run(work.resolve("ledger.db"));
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void run(Path file) throws Exception {
        System.out.printf("websms ledger benchmark: %,d entries; %s, %d cores, Java %s%n%n", ENTRIES,
                System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Instant end = Instant.now();
        Instant start = end.minus(SPAN);
        WebsmsId[] ids = new WebsmsId[ENTRIES];
        SplittableRandom random = new SplittableRandom(42);
        try (SqliteLedger ledger = SqliteLedger.open(file)) {
            long begin = System.nanoTime();
            int batch = 10_000;
            for (int from = 0; from < ENTRIES; from += batch) {
                List<LedgerEntry> entries = new ArrayList<>(batch);
                for (int i = from; i < Math.min(ENTRIES, from + batch); i++) {
                    Instant created = start.plusMillis(SPAN.toMillis() * i / ENTRIES);
                    WebsmsId id = WebsmsId.at(created);
                    ids[i] = id;
                    entries.add(new LedgerEntry(id, "", number(i % NUMBERS), "+15017122661", 42, 1, Optional.empty(),
                            Optional.of("SM" + i), created, DeliveryStatus.SENT, List.of(StatusChange.of(created, DeliveryStatus.ACCEPTED),
                            StatusChange.of(created.plusMillis(300), DeliveryStatus.SENT))));
                }
                ledger.recordAll(entries);
            }
            double fillSeconds = (System.nanoTime() - begin) / 1e9;
            row("fill: entries recorded per second (10,000 per transaction)", ENTRIES / fillSeconds, "/s");
            row("fill: seconds for all entries", fillSeconds, "s");
            row("ledger file MiB", Files.size(file) / 1048576.0, "MiB");

            row("byId ms, p50", lookups(random, () -> ledger.byId(ids[random.nextInt(ENTRIES)]).orElseThrow(), 50), "ms");
            row("byId ms, p99", lookups(random, () -> ledger.byId(ids[random.nextInt(ENTRIES)]).orElseThrow(), 99), "ms");
            row("byItspId ms, p99", lookups(random, () -> ledger.byItspId("", "SM" + random.nextInt(ENTRIES)).orElseThrow(), 99), "ms");
            row("find(to, last 20) ms, p50", lookups(random, () -> ledger.find(Query.newest(20).to(number(random.nextInt(NUMBERS)))), 50), "ms");
            row("find(to, last 20) ms, p99", lookups(random, () -> ledger.find(Query.newest(20).to(number(random.nextInt(NUMBERS)))), 99), "ms");
            row("find(since 1 h, last 20) ms, p99", lookups(random, () -> ledger.find(Query.newest(20).since(end.minus(Duration.ofHours(1)))), 99), "ms");
            row("find(last 20) ms, p99", lookups(random, () -> ledger.find(Query.newest(20)), 99), "ms");

            row("durable record() per second, 1 thread", writes(ledger, 1), "/s");
            row("durable record() per second, 16 threads", writes(ledger, 16), "/s");
            row("durable record() + setItspId() + update(sent) per second, 16 threads", messages(ledger, 16), "/s");
        }
        long begin = System.nanoTime();
        try (SqliteLedger ledger = SqliteLedger.open(file)) {
            ledger.byId(ids[ENTRIES / 2]).orElseThrow();
            row("open the file + first byId ms", (System.nanoTime() - begin) / 1e6, "ms");
            begin = System.nanoTime();
            long removed = ledger.prune(start.plus(Duration.ofDays(1)));
            row("prune one day (" + removed + " entries) s", (System.nanoTime() - begin) / 1e9, "s");
        }
        print();
    }

    private static String number(int n) {
        return String.format(Locale.ROOT, "+1202555%04d", n);
    }

    private interface Lookup {
        Object run() throws IOException;
    }

    /** The {@code percentile} of {@link #LOOKUPS} calls of {@code lookup}, in ms, after as many untimed ones. */
    private static double lookups(SplittableRandom random, Lookup lookup, int percentile) throws IOException {
        for (int i = 0; i < LOOKUPS; i++) {
            lookup.run();
        }
        long[] times = new long[LOOKUPS];
        for (int i = 0; i < LOOKUPS; i++) {
            long begin = System.nanoTime();
            lookup.run();
            times[i] = System.nanoTime() - begin;
        }
        Arrays.sort(times);
        return times[Math.min(LOOKUPS - 1, LOOKUPS * percentile / 100)] / 1e6;
    }

    /** Durable single records per second from {@code threads} threads, for 3 seconds. */
    private static double writes(SqliteLedger ledger, int threads) throws InterruptedException {
        return load(threads, () -> ledger.record(LedgerEntry.accepted(WebsmsId.next(), "", "+12025550100", "+15017122661",
                "benchmark", false, Instant.now())));
    }

    /** What sending one SMS will write: record, the ITSP's id, sent; messages per second. */
    private static double messages(SqliteLedger ledger, int threads) throws InterruptedException {
        return load(threads, () -> {
            LedgerEntry entry = LedgerEntry.accepted(WebsmsId.next(), "", "+12025550100", "+15017122661", "benchmark", false, Instant.now());
            ledger.record(entry);
            ledger.setItspId(entry.id(), entry.interfaceIndex(), "SM-" + entry.id());
            ledger.update(entry.id(), StatusChange.of(Instant.now(), DeliveryStatus.SENT));
        });
    }

    private interface Write {
        void run() throws IOException;
    }

    private static double load(int threads, Write write) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        long begin = System.nanoTime();
        try (var pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                pool.execute(() -> {
                    while (running.get()) {
                        try {
                            write.run();
                            done.incrementAndGet();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                });
            }
            Thread.sleep(3000);
            running.set(false);
        }
        return done.get() / ((System.nanoTime() - begin) / 1e9);
    }

    private void row(String what, double value, String unit) {
        String shown = unit.equals("/s") ? String.format(Locale.ROOT, "%.0f", value) : String.format(Locale.ROOT, "%.3f", value);
        rows.add(new String[] {what, shown});
        System.err.println("measured: " + what + ": " + shown);
    }

    private void print() {
        System.out.println("| measurement | value |");
        System.out.println("| --- | ---: |");
        for (String[] row : rows) {
            System.out.println("| " + row[0] + " | " + row[1] + " |");
        }
    }
}
