package io.websms.runtime.ledger;

import io.websms.runtime.outbound.WebsmsId;
import io.websms.api.DeliveryStatus;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Executors;

/**
 * The child process of {@link LedgerCrashTest}: records messages and marks them sent, from several threads, as fast
 * as it can, and prints a line for each change only after the ledger acknowledged it, until it is killed.
 */
public final class LedgerWriterMain {

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        SqliteLedger ledger = SqliteLedger.open(Path.of(args[0]));
        out.println("open");
        out.flush();
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int t = 0; t < 4; t++) {
                pool.execute(() -> {
                    try {
                        while (true) {
                            LedgerEntry entry = LedgerEntry.accepted(WebsmsId.next(), "", "+12025550183", "+15017122661", "crash test", false, Instant.now());
                            ledger.record(entry);
                            synchronized (out) {
                                out.println("recorded " + entry.id());
                                out.flush();
                            }
                            ledger.update(entry.id(), StatusChange.of(Instant.now(), DeliveryStatus.SENT));
                            synchronized (out) {
                                out.println("sent " + entry.id());
                                out.flush();
                            }
                        }
                    } catch (Exception e) {
                        e.printStackTrace();
                        System.exit(3);
                    }
                });
            }
        }
    }
}
