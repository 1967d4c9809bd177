package io.websms.runtime.config;

import io.websms.runtime.provider.ProviderRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A status_path must lead to exactly one place: the loader refuses a file where it would not, naming both keys. */
class StatusPathConfigTest {

    private static ProviderRegistry registry;

    @BeforeAll
    static void discover() throws Exception {
        registry = ProviderRegistry.discover();
    }

    private static List<String> errors(String text) {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", text.getBytes(StandardCharsets.UTF_8)));
        return e.errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void twoInterfacesCannotShareAStatusPath() {
        List<String> errors = errors("[websms]\nurl_host [1] = https://a.example\nstatus_path [1] = /status\n"
                + "url_host [2] = https://b.example\nstatus_path [2] = /status\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("status_path [2]") && errors.get(0).contains("/status is also [websms] status_path [1]"), errors.get(0));
    }

    @Test
    void aStatusPathCannotBeAnIncomingInterfacesUrlPath() {
        List<String> errors = errors("[websms]\nstatus_path = /hook\n[websmsd]\nurl_path [in] = /sms,/hook\n");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).contains("/hook is also [websmsd] url_path [in]"), errors.get(0));
    }

    @Test
    void aProviderThatReadsNoStatusCallbacksCannotHaveAStatusPath() {
        List<String> errors = errors("[websms]\nprovider = zadarma\nauth_user = u\nauth_secret = s\nstatus_path = /status/zd\n");
        assertTrue(errors.stream().anyMatch(e -> e.contains("status_path") && e.contains("provider zadarma reads no status callbacks")), errors.toString());
    }

    @Test
    void distinctStatusPathsLoad() throws Exception {
        WebsmsConfig config = new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf",
                "[websms]\nstatus_path [1] = /status/1\nstatus_path [2] = /status/2\n[websmsd]\nurl_path = /sms\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("/status/2", config.outgoing("2").value("status_path"));
    }

    @Test
    void aNoticeSenderAndTextMustBeUsable() {
        List<String> errors = errors("[websms]\nnotify_from = \"+1 800; drop\"\nnotify_text = Lost {destination}\n");
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("notify_from") && e.contains("not a phone number or sender name")), errors.toString());
        assertTrue(errors.stream().anyMatch(e -> e.contains("notify_text") && e.contains("{destination} is not a placeholder")), errors.toString());
    }
}
