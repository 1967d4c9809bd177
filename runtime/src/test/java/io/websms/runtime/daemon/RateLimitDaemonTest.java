package io.websms.runtime.daemon;

import io.websms.runtime.agi.FakeAsterisk;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.outbox.FileMessageStore;
import io.websms.runtime.provider.ProviderRegistry;
import io.websms.runtime.ratelimit.RateLimits;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits in the daemon, end to end: FastAGI calls as Asterisk makes them, the outbox, and a MockWebServer ITSP
 * that stamps each request's arrival.
 */
class RateLimitDaemonTest {

    private static final String TO = "+12025550183";
    private static final String FROM = "+15017122661";

    /** A request as the ITSP saw it: when it came and the text it carried. */
    record Arrival(long nanos, String body) {
    }

    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private volatile IntFunction<MockResponse> answer = n -> new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build();

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private Websmsd daemon;
    private RateLimits limits;

    private void start(String websms) throws Exception {
        itsp.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                long now = System.nanoTime();
                String form = request.getBody() == null ? "" : request.getBody().utf8();
                String text = "";
                for (String field : form.split("&")) {
                    if (field.startsWith("Body=")) {
                        text = URLDecoder.decode(field.substring(5), StandardCharsets.UTF_8);
                    }
                }
                arrivals.add(new Arrival(now, text));
                return answer.apply(arrivals.size());
            }
        });
        String file = "[websms]\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nauth_method = none\nretry_max = 0\nretry_delay = 0.05\n"
                + websms + "\n[websmsd]\n[astqueue]\n";
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue());
        limits = RateLimits.open(dir.resolve("rate-limits/buckets.tsv"), Clock.systemUTC());
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.empty(), Optional.of(loopback), spool, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of(FileMessageStore.open(dir.resolve("outbox"))), Optional.empty(), Optional.empty(),
                Optional.of(limits)));
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String send(String to, String text) throws Exception {
        return send(FROM, to, text);
    }

    private String send(String from, String to, String text) throws Exception {
        List<String> commands = FakeAsterisk.call(daemon.agiPort(), FakeAsterisk.environment(to, "<sip:" + from + "@127.0.0.1>", text, null));
        return commands.get(0).replaceFirst("^SET VARIABLE WEBSMS_STATUS \"(.*)\"$", "$1");
    }

    private void awaitArrivals(int n, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (arrivals.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(n, arrivals.size(), "requests at the ITSP: " + arrivals);
    }

    @Test
    void aBurstOfTenFromOneSenderAtOneASecondReachesTheItspSpacedASecondApartInOrderNoneLost() throws Exception {
        start("rate_limit_sender = 1/s\n");
        // Another sender (a bucket of its own) opens the connection to the ITSP first: the first request of a
        // connection pays its setup, which would shift only its own arrival, not when websms sent it.
        assertEquals("SUCCESS", send("+15017122662", TO, "warm-up"));
        arrivals.clear();
        List<Future<String>> calls = new ArrayList<>();
        ExecutorService pbx = Executors.newFixedThreadPool(10);
        try {
            for (int i = 0; i < 10; i++) {
                int n = i;
                calls.add(pbx.submit(() -> send(TO, "burst " + n)));
                Thread.sleep(30); // the order in which the phone sent them
            }
            List<String> statuses = new ArrayList<>();
            for (Future<String> call : calls) {
                statuses.add(call.get());
            }
            // Turns at 0, 1 and 2 s are within rate_wait (2 s): SUCCESS; the rest went to the outbox: QUEUED.
            assertEquals(List.of("SUCCESS", "SUCCESS", "SUCCESS", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "QUEUED", "QUEUED"), statuses);
        } finally {
            pbx.shutdown();
        }
        awaitArrivals(10, 25);
        for (int i = 0; i < 10; i++) {
            assertEquals("burst " + i, arrivals.get(i).body(), "in the order they were sent");
        }
        for (int i = 1; i < 10; i++) {
            long gap = (arrivals.get(i).nanos() - arrivals.get(i - 1).nanos()) / 1_000_000;
            // The bucket lets one go per second; the path to the ITSP adds a few milliseconds of jitter either way.
            assertTrue(gap >= 990, "requests " + (i - 1) + " and " + i + " came " + gap + " ms apart");
        }
        // Two waited for their turn; one went to the outbox for its limit, and six queued behind it (the order per number).
        String scrape = daemon.metrics().scrape();
        assertTrue(scrape.contains("websms_rate_limited_total{interface=\"-\",how=\"waited\"} 2"), scrape);
        assertTrue(scrape.contains("websms_rate_limited_total{interface=\"-\",how=\"queued\"} 1"), scrape);
    }

    @Test
    void a429WithRetryAfterThreePausesTheInterfaceForThreeSeconds() throws Exception {
        answer = n -> n == 1 ? new MockResponse.Builder().code(429).addHeader("Retry-After", "3").body("{\"error\":\"slow down\"}").build()
                : new MockResponse.Builder().code(200).body("{\"status\":\"ok\"}").build();
        start("");
        assertEquals("QUEUED", send(TO, "refused with 429"));
        long refused = arrivals.get(0).nanos();
        assertEquals("QUEUED", send("+12025550184", "another number, same interface"), "the interface is paused longer than rate_wait");
        awaitArrivals(3, 15);
        long next = (arrivals.get(1).nanos() - refused) / 1_000_000;
        assertTrue(next >= 3000, "the next request came " + next + " ms after the 429");
    }

    @Test
    void theLimitsSurviveARestartOfTheDaemon() throws Exception {
        start("rate_limit = 1/min\n");
        assertEquals("SUCCESS", send(TO, "before the restart"));
        daemon.close();
        daemon = null;
        start("rate_limit = 1/min\n");
        assertEquals("QUEUED", send(TO, "after the restart"), "the minute's one message was sent before the restart");
        Thread.sleep(1500);
        assertEquals(1, arrivals.size(), "nothing more within the minute: " + arrivals);
    }
}
