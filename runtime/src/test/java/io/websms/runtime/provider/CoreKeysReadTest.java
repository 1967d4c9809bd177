package io.websms.runtime.provider;

import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.config.WebsmsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A provider that says which of websms's mapping keys it reads: a key set but not read is a warning naming the fix. */
class CoreKeysReadTest {

    private static final String SOURCE = """
            package plugin;

            import io.websms.api.*;
            import java.util.Set;

            public final class JsonApiProvider implements Provider {
                public String name() { return "jsonapi"; }
                public String description() { return "Its own URL below url_host, its own field names."; }
                public Set<String> coreKeysRead(Direction direction) {
                    return direction == Direction.OUTBOUND ? Set.of("url_host") : Set.of();
                }
                public RequestMapper requestMapper(InterfaceConfig config) {
                    return (message, c) -> OutboundRequest.builder(java.net.URI.create(c.value("url_host") + "/v2/messages")).build();
                }
                public ResponseChecker responseChecker(InterfaceConfig config) {
                    return (response, c) -> SendResult.sent(response.status(), null);
                }
                public WebhookParser webhookParser(InterfaceConfig config) {
                    return (request, c) -> Message.of("+1", "+2", "");
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aMappingKeySetForAProviderThatDoesNotReadItIsAWarningAndTheOthersAreNot() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJar.jar(plugins.resolve("jsonapi.jar"), "JsonApiProvider", SOURCE);
        ProviderRegistry registry = ProviderRegistry.discover(getClass().getClassLoader(), plugins);
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", """
                [websms]
                provider = jsonapi
                auth_method = none
                url_host = https://api.example.com
                url_path = /sms/send
                key_to = number
                [websmsd]
                provider = jsonapi
                remt_addr = 127.0.0.1
                resp_ack = OK
                """.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(
                "websms.conf:5: warning: [websms] url_path: provider jsonapi does not read url_path, so it changes nothing. Fix: remove it (jsonapi reads url_host).",
                "websms.conf:6: warning: [websms] key_to: provider jsonapi does not read key_to, so it changes nothing. Fix: remove it (jsonapi reads url_host).",
                "websms.conf:10: warning: [websmsd] resp_ack: provider jsonapi does not read resp_ack, so it changes nothing. Fix: remove it (jsonapi reads none of websms's mapping keys)."),
                config.warnings().stream().map(Diagnostic::format).toList());
    }
}
