package io.websms.bench;

import io.websms.api.Message;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.AstQueueSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The call-file spool alone, without HTTP: what group commit buys on the disk. {@link Spool#publish} (each file
 * forced by its caller, {@code outgoingdir} forced once for the callers that come together) against the write order
 * before it, made here the same way: each file written, forced, renamed and the folder forced, by every caller on
 * its own. 1, 16 and 64 threads, the two taking turns run by run; medians. Run: {@code scripts/bench spool}.
 */
public final class SpoolBench {

    private static final int RUNS = Integer.getInteger("bench.runs", 3);

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("websms-spool-bench-");
        AstQueueSettings queue = new AstQueueSettings("no", "default", "s", 0, "rfc3986", work.resolve("outgoing"), 1, 300,
                work.resolve("staging"), 45, OptionalInt.empty(), "", "", "", "");
        try {
            Spool spool = Spool.open(work.resolve("staging"), work.resolve("outgoing"), queue);
            Path staging = work.resolve("staging");
            Path outgoing = work.resolve("outgoing");
            AtomicLong names = new AtomicLong();
            System.out.printf("websms spool: group commit against a folder force per file, %d runs each, taking turns, median; %d cores, Java %s%n%n",
                    RUNS, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
            System.out.println("| threads | files/s, folder forced per file | files/s, group commit | ratio | p50 ms, per file | p50 ms, group commit |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
            for (int threads : new int[] {1, 16, 64}) {
                List<Bench.Load> alone = new ArrayList<>();
                List<Bench.Load> grouped = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    alone.add(Bench.closedLoop(threads, () -> publishAlone(staging, outgoing, queue, names.incrementAndGet())));
                    grouped.add(Bench.closedLoop(threads, () -> publish(spool, queue)));
                    empty(outgoing);
                }
                double before = median(alone.stream().map(Bench.Load::perSecond).toList());
                double after = median(grouped.stream().map(Bench.Load::perSecond).toList());
                System.out.printf(Locale.ROOT, "| %d | %.0f | %.0f | %.2f | %.2f | %.2f |%n", threads, before, after, after / before,
                        median(alone.stream().map(Bench.Load::p50).toList()), median(grouped.stream().map(Bench.Load::p50).toList()));
            }
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static boolean publish(Spool spool, AstQueueSettings queue) {
        try {
            spool.publish(CallFile.of(Message.of("+12025550160", "+15017122661", "Benchmark message"), queue));
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spool's write order before group commit. */
    private static boolean publishAlone(Path staging, Path outgoing, AstQueueSettings queue, long n) {
        String name = "websms-alone-" + n + ".call";
        try {
            try (FileChannel channel = FileChannel.open(staging.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(CallFile.of(Message.of("+12025550160", "+15017122661", "Benchmark message"), queue).bytes());
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(staging.resolve(name), outgoing.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel folder = FileChannel.open(outgoing, StandardOpenOption.READ)) {
                folder.force(true);
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asterisk takes the files away; a folder that keeps growing would slow later runs. */
    private static void empty(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
