package io.websms.runtime.daemon;

import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.outbound.WebsmsId;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's hold on the ledger it is given: pruned after ledger_days from the start, closed when the daemon stops. */
class LedgerDaemonTest {

    @TempDir
    Path dir;

    @Test
    void theDaemonPrunesEntriesOlderThanLedgerDaysAtStartAndClosesTheLedgerWhenItStops() throws Exception {
        String file = "[websms]\nurl_host = http://127.0.0.1:9\nauth_method = none\n[websmsd]\nagi_addr = 127.0.0.1:0\nledger_days = 2\n";
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        SqliteLedger ledger = SqliteLedger.open(dir.resolve("state/ledger/ledger.db"));
        Instant old = Instant.now().minus(Duration.ofDays(3));
        Instant recent = Instant.now().minus(Duration.ofDays(1));
        LedgerEntry gone = LedgerEntry.accepted(WebsmsId.at(old), "", "+12025550183", "+15017122661", "old", false, old);
        LedgerEntry kept = LedgerEntry.accepted(WebsmsId.at(recent), "", "+12025550183", "+15017122661", "recent", false, recent);
        ledger.recordAll(List.of(gone, kept));
        Spool spool = Spool.open(dir.resolve("spool/staging"), dir.resolve("spool/outgoing"), config.astQueue());
        try (Websmsd daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.empty(),
                Optional.of(new InetSocketAddress("127.0.0.1", 0)), spool, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(ledger)))) {
            for (int i = 0; i < 100 && ledger.byId(gone.id()).isPresent(); i++) {
                Thread.sleep(50);
            }
            assertEquals(Optional.empty(), ledger.byId(gone.id()), "older than ledger_days: pruned at the start");
            assertEquals(Optional.of(kept), ledger.byId(kept.id()));
            assertTrue(daemon.ledger().isPresent());
        }
        IOException closed = assertThrows(IOException.class, () -> ledger.byId(kept.id()));
        assertTrue(closed.getMessage().contains("closed"), "the daemon closed its ledger when it stopped: " + closed.getMessage());
    }
}
