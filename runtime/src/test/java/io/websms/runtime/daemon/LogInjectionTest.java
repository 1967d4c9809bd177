package io.websms.runtime.daemon;

import io.websms.api.Message;
import io.websms.api.SendResult;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.inbound.Inbound;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.ProviderRegistry;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Values an ITSP chose (Twilio's {@code MessageSid} in a webhook, the {@code sid} of its reply) reach the log with
 * their line breaks, ANSI escapes, separators and bidirectional overrides escaped, whatever formatter writes the
 * log: they cannot forge a line or rewrite a terminal.
 */
class LogInjectionTest {

    /** CR LF and a forged line, an ANSI "clear screen", a line separator, a right-to-left override. */
    private static final String HOSTILE = "SM1\r\n2026-12-01T00:00:00Z INFO Inbound: forged\u001b[2J\u2028\u202e";
    private static final String ESCAPED = "SM1\\r\\n2026-12-01T00:00:00Z INFO Inbound: forged\\u001b[2J\\u2028\\u202e";

    @StartStop
    final MockWebServer itsp = new MockWebServer();

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            lines.add(formatter.formatMessage(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Websmsd daemon;

    @BeforeEach
    void listen() {
        Logger.getLogger(Inbound.class.getName()).addHandler(capture);
        Logger.getLogger(Outbound.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stop() {
        Logger.getLogger(Inbound.class.getName()).removeHandler(capture);
        Logger.getLogger(Outbound.class.getName()).removeHandler(capture);
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void aMessageSidWithControlCharactersIsLoggedEscaped() throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf",
                "[websmsd]\nprovider = twilio-like\n".getBytes(StandardCharsets.UTF_8));
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
                Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue()), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()));
        String form = "MessageSid=" + java.net.URLEncoder.encode(HOSTILE, StandardCharsets.UTF_8) + "&To=%2B12025550160&From=%2B15017122661&Body=hi";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(List.of("in interface=- result=STORED to=+12025550160 from=+15017122661 itsp_id=" + ESCAPED + " file=F"),
                stored().stream().map(l -> l.replaceFirst(" file=websms-[0-9a-f-]+\\.call$", " file=F")).toList());
    }

    @Test
    void anItspsMessageIdWithControlCharactersIsLoggedEscaped() throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover();
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf",
                ("[websms]\nprovider = twilio-like\nurl_host = http://127.0.0.1:" + itsp.getPort() + "\nurl_path = /send\nauth_user = AC1\nauth_secret = t0ken\n")
                        .getBytes(StandardCharsets.UTF_8));
        String sid = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(HOSTILE);
        itsp.enqueue(new MockResponse.Builder().code(201).body("{\"status\":\"queued\",\"sid\":" + sid + "}").build());
        SendResult result = new Outbound(config, registry, new HttpTransport()).send("", Message.of("+46701234567", "+15017122661", "hi"));
        assertEquals(Optional.of(HOSTILE), result.messageId());
        assertEquals(List.of("out interface=- to=+46701234567 result=SENT status=201 id=ID itsp_id=" + ESCAPED),
                lines.stream().map(l -> l.replaceFirst(" id=[0-9A-Z]{26} ", " id=ID ")).toList());
    }

    private List<String> stored() {
        List<String> stored = lines.stream().filter(l -> l.contains("result=STORED")).toList();
        for (String line : stored) {
            assertTrue(line.chars().noneMatch(c -> c < 0x20 || c == 0x2028 || c == 0x202e), line);
        }
        return stored;
    }
}
