package io.websms.runtime.inbound;

import io.websms.api.DeliveryStatus;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Status callbacks as websms.conf describes them: the configuration as the loader resolves it, the body as websms
 * reads it, the parser the interface's provider gives. (Routing a callback to its interface is the daemon's.)
 */
class StatusCallbackFromConfigTest {

    private static ProviderRegistry registry;

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    private static WebsmsConfig load(String text) throws ConfigException {
        return new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", text.getBytes(StandardCharsets.UTF_8));
    }

    /** The request as websms hands it to a provider: the raw body and its fields, read by content type. */
    private static InboundRequest received(String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        InboundRequest.Builder request = InboundRequest.builder().path("/status/acme").target("/status/acme").body(bytes)
                .headers(Headers.of(List.of(new Headers.Field("Content-Type", contentType))));
        RequestBody.fields(contentType, bytes).forEach(field -> request.field(field.getKey(), field.getValue()));
        return request.build();
    }

    private static StatusParser parser(InterfaceConfig config) throws Exception {
        return registry.provider(config.provider()).statusParser(config);
    }

    @Test
    void theGenericProviderReadsAJsonStatusCallbackFromWebsmsConfAlone() throws Exception {
        WebsmsConfig config = load("""
                [websms]
                url_host              = https://api.acme.example
                status_path           = /status/acme
                status_key_id         = message_id
                status_key_status     = state
                status_key_error_code = code
                status_key_error_text = reason
                status_key_time       = done
                status_delivered      = delivered,DELIVRD
                status_undelivered    = UNDELIV
                status_failed         = failed,REJECTD
                status_rejected       =
                status_expired        = EXPIRED
                """);
        InterfaceConfig acme = config.outgoing("");
        assertEquals("/status/acme", acme.value("status_path"));
        StatusParser parser = parser(acme);
        String callback = "{\"type\":\"dlr\",\"message_id\":\"7f3c-01\",\"state\":\"UNDELIV\","
                + "\"error\":{\"code\":\"0x0B\",\"reason\":\"Absent subscriber\"},\"done\":\"2026-11-02T10:15:30Z\"}";
        assertEquals(List.of(StatusReport.builder("7f3c-01").rawStatus("UNDELIV").status(DeliveryStatus.UNDELIVERED)
                        .errorCode("0x0B").errorText("Absent subscriber").time(Instant.parse("2026-11-02T10:15:30Z")).build()),
                parser.parse(received("application/json", callback), acme));
        assertEquals(DeliveryStatus.DELIVERED, parser.parse(received("application/json; charset=utf-8",
                "{\"message_id\":\"7f3c-02\",\"state\":\"delivrd\"}"), acme).get(0).status().orElseThrow());
        StatusReport unknown = parser.parse(received("application/x-www-form-urlencoded", "message_id=7f3c-03&state=ENROUTE"), acme).get(0);
        assertEquals("ENROUTE", unknown.rawStatus());
        assertTrue(unknown.status().isEmpty(), "a word websms.conf does not list is counted, not refused");
    }

    @Test
    void aWordForTwoStatusesStopsTheLoadNamingBothKeys() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("""
                [websms]
                status_path   = /status/acme
                status_failed = failed,rejected
                """));
        assertEquals(List.of("status_rejected"), e.errors().stream().map(Diagnostic::key).toList());
        assertTrue(e.getMessage().contains("'rejected' is also in status_failed"), e.getMessage());
    }

    @Test
    void twilioLikeTakesStatusUrlAndWarnsOfTheGenericKeys() throws Exception {
        WebsmsConfig config = load("""
                [websms]
                provider      = twilio-like
                auth_user     = AC0123456789
                auth_secret   = token
                status_path   = /status/twilio
                status_url    = https://pbx.example.com/status/twilio
                status_key_id = MessageSid
                """);
        InterfaceConfig twilio = config.outgoing("");
        assertEquals("https://pbx.example.com/status/twilio", twilio.value("status_url"));
        assertTrue(config.warnings().stream().map(Diagnostic::format).anyMatch(w -> w.contains("status_key_id")
                && w.contains("provider twilio-like does not read this key")), config.warnings().toString());
    }

    @Test
    void zadarmaReadsNoStatusCallbacks() throws Exception {
        assertNull(parser(load("[websms]\nprovider = zadarma\n").outgoing("")));
    }
}
