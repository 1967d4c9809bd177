package io.websms.runtime.ledger;

import io.websms.runtime.outbound.WebsmsId;
import io.websms.api.DeliveryStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code kill -9} of a process writing the ledger: every change it acknowledged is in the file afterwards. */
class LedgerCrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedChangeSurvivesAKillDashNine() throws Exception {
        Path file = dir.resolve("ledger.db");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), LedgerWriterMain.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("open", out.readLine());
        List<String> acknowledged = new ArrayList<>();
        int sent = 0;
        while (sent < 500) {
            String line = out.readLine();
            assertTrue(line != null, "the writer stopped by itself");
            acknowledged.add(line);
            if (line.startsWith("sent ")) {
                sent++;
            }
        }
        new ProcessBuilder("kill", "-9", Long.toString(child.pid())).start().waitFor();
        assertTrue(child.waitFor(20, TimeUnit.SECONDS));
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        // What it printed before it died was acknowledged too.
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            acknowledged.add(line);
        }
        Set<String> recorded = new HashSet<>();
        Set<String> marked = new HashSet<>();
        for (String line : acknowledged) {
            (line.startsWith("recorded ") ? recorded : marked).add(line.substring(line.indexOf(' ') + 1));
        }
        try (SqliteLedger ledger = SqliteLedger.open(file)) {
            for (String id : recorded) {
                assertTrue(ledger.byId(WebsmsId.parse(id)).isPresent(), "acknowledged but lost: " + id);
            }
            for (String id : marked) {
                assertEquals(DeliveryStatus.SENT, ledger.byId(WebsmsId.parse(id)).orElseThrow().status(), id);
            }
            assertTrue(ledger.find(Query.newest(1_000_000)).size() >= recorded.size());
        }
    }
}
