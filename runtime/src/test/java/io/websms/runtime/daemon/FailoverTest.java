package io.websms.runtime.daemon;

import io.websms.runtime.agi.FakeAsterisk;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.ledger.SqliteLedger;
import io.websms.runtime.outbound.WebsmsId;
import io.websms.runtime.outbox.FileMessageStore;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** failover between two ITSPs (two MockWebServers), through the daemon's FastAGI as Asterisk calls it. */
class FailoverTest {

    @StartStop
    final MockWebServer first = new MockWebServer();
    @StartStop
    final MockWebServer second = new MockWebServer();

    @TempDir
    Path dir;

    private Websmsd daemon;
    private SqliteLedger ledger;
    private ProviderRegistry registry;

    private WebsmsConfig config(String firstHost) throws Exception {
        registry = ProviderRegistry.discover();
        String file = """
                [websms]
                auth_method = none
                retry_max = 0
                url_host [a] = %s
                url_host [b] = http://127.0.0.1:%d
                failover [a] = b
                [websmsd]
                [astqueue]
                """.formatted(firstHost, second.getPort());
        return new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
    }

    private void start(String firstHost) throws Exception {
        WebsmsConfig config = config(firstHost);
        ledger = SqliteLedger.open(dir.resolve("ledger.db"));
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue());
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.empty(), Optional.of(new InetSocketAddress("127.0.0.1", 0)), spool,
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(FileMessageStore.open(dir.resolve("outbox"))), Optional.of(ledger)));
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private List<String> send() throws Exception {
        return FakeAsterisk.call(daemon.agiPort(), FakeAsterisk.environment("+12025550183", "<sip:+15017122661@127.0.0.1>", "hello", "a"));
    }

    @Test
    void a503SendsThroughTheNextInterfaceOnceAndTheLedgerAndWebsmsErrorSaySo() throws Exception {
        first.enqueue(new MockResponse.Builder().code(503).body("{\"error\":\"maintenance\"}").build());
        second.enqueue(new MockResponse.Builder().code(200).body("{\"sid\":\"SM-b-1\"}").build());
        start("http://127.0.0.1:" + first.getPort());
        List<String> commands = send();
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", commands.get(0));
        assertEquals("SET VARIABLE WEBSMS_ERROR \"sent through interface b (interface a failed: HTTP 503: maintenance)\"", commands.get(1));
        assertEquals(1, first.getRequestCount());
        assertEquals(1, second.getRequestCount(), "sent once, by b");
        String id = commands.get(2).replaceFirst("^SET VARIABLE WEBSMS_ID \"(.*)\"$", "$1");
        for (int i = 0; i < 100 && ledger.byId(WebsmsId.parse(id)).map(e -> e.history().isEmpty()).orElse(true); i++) {
            Thread.sleep(20);
        }
        assertEquals("b", ledger.byId(WebsmsId.parse(id)).orElseThrow().interfaceIndex(), "the ledger says which interface sent it");
        assertTrue(daemon.metrics().scrape().contains("websms_failovers_total{from=\"a\",to=\"b\"} 1"), daemon.metrics().scrape());
    }

    @Test
    void aRejectionDoesNotFailOver() throws Exception {
        first.enqueue(new MockResponse.Builder().code(400).body("{\"error\":\"bad number\"}").build());
        start("http://127.0.0.1:" + first.getPort());
        List<String> commands = send();
        assertEquals("SET VARIABLE WEBSMS_STATUS \"FAILURE\"", commands.get(0));
        assertEquals(0, second.getRequestCount(), "never sent by b");
    }

    @Test
    void noConnectionToTheFirstSendsThroughTheNext() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        second.enqueue(new MockResponse.Builder().code(200).body("{}").build());
        start("http://127.0.0.1:" + closed);
        assertEquals("SET VARIABLE WEBSMS_STATUS \"SUCCESS\"", send().get(0));
        assertEquals(1, second.getRequestCount());
    }

    @Test
    void aFailoverToAnUnknownInterfaceIsAConfigurationError() {
        registry = null;
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader(ProviderRegistry.discover(), Map.<String, String>of()::get)
                .parse("websms.conf", "[websms]\nauth_method = none\nurl_host [a] = http://x\nfailover [a] = c\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of("websms.conf:4: error: [websms] failover [a]: 'c' is no [websms] interface. Fix: list the indexes of other [websms] "
                + "interfaces, e.g. failover [a] = b."), e.errors().stream().map(Diagnostic::format).toList());
    }
}
