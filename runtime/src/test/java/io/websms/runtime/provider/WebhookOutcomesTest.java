package io.websms.runtime.provider;

import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.daemon.Websmsd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a provider's parser may say of a webhook besides "one message", end to end through the daemon: a plugin jar
 * compiled at test time whose parser reads {@code event=ping} as no message and {@code to=a,b} as two, and whose
 * acknowledgement is {@code 204 No Content}.
 */
class WebhookOutcomesTest {

    private static final String SOURCE = """
            package plugin;

            import io.websms.api.*;
            import java.util.ArrayList;
            import java.util.List;

            public final class BatchProvider implements Provider {
                public String name() { return "batch"; }
                public String description() { return "Several messages per webhook, events that are none, 204 acks."; }
                public RequestMapper requestMapper(InterfaceConfig config) {
                    return (message, c) -> OutboundRequest.builder(java.net.URI.create("http://127.0.0.1/")).build();
                }
                public ResponseChecker responseChecker(InterfaceConfig config) {
                    return (response, c) -> SendResult.sent(response.status(), null);
                }
                public WebhookParser webhookParser(InterfaceConfig config) {
                    return new WebhookParser() {
                        public Message parse(InboundRequest request, InterfaceConfig c) throws WebhookException {
                            return parseAll(request, c).get(0);
                        }
                        public List<Message> parseAll(InboundRequest request, InterfaceConfig c) throws WebhookException {
                            if (request.fields().containsKey("event")) {
                                return List.of();
                            }
                            List<Message> messages = new ArrayList<>();
                            int n = 0;
                            for (String to : request.fields().get("to").get(0).split(",")) {
                                messages.add(Message.builder().to(to).from("+15017122661").body("hello " + to)
                                        .id("batch-1-" + (n++)).build());
                            }
                            return messages;
                        }
                    };
                }
                public Acknowledger acknowledger(InterfaceConfig config) {
                    return (message, c) -> WebhookReply.noContent();
                }
            }
            """;

    @TempDir
    Path dir;

    private Websmsd daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private HttpResponse<String> post(String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.httpPort() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Path> callFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("outgoing"))) {
            return files.toList();
        }
    }

    @Test
    void anEventThatIsNoMessageIsAcknowledgedAndIgnoredAndABatchIsStoredWholeBeforeOne204() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.jar(plugins.resolve("batch.jar"), "BatchProvider", SOURCE);
        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader(), plugins);
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf",
                "[websmsd]\nprovider = batch\n[astqueue]\n".getBytes(StandardCharsets.UTF_8));
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue());
        daemon = Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(), spool));

        HttpResponse<String> ping = post("event=ping");
        assertEquals(204, ping.statusCode());
        assertEquals("", ping.body());
        assertEquals(Optional.empty(), ping.headers().firstValue("Content-Type"), "204: no Content-Type");
        // Helidon 4.5 itself writes "Content-Length: 0" on every 204 (helidon#9408, against chunked encoding); no more.
        assertEquals("0", ping.headers().firstValue("Content-Length").orElse("0"), "204: no length beyond Helidon's own 0");
        assertTrue(callFiles().isEmpty(), "an event that is no message stores nothing");

        HttpResponse<String> batch = post("to=%2B12025550183,%2B12025550184,%2B12025550185");
        assertEquals(204, batch.statusCode());
        List<Path> files = callFiles();
        assertEquals(3, files.size(), "every message of the call, before the one acknowledgement: " + files);
        String all = String.join("\n", files.stream().map(f -> {
            try {
                return Files.readString(f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).toList());
        for (String to : List.of("+12025550183", "+12025550184", "+12025550185")) {
            assertTrue(all.contains("Channel: Local/" + to + "@"), to + " in " + all);
        }
        String metrics = daemon.metrics().scrape();
        assertTrue(metrics.contains("websms_messages_total{direction=\"in\",interface=\"-\",result=\"ignored\"} 1"), metrics);
        assertTrue(metrics.contains("websms_messages_total{direction=\"in\",interface=\"-\",result=\"stored\"} 3"), metrics);
    }
}
