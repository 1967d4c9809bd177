package io.websms.runtime.daemon;

import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.provider.ProviderRegistry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** What the daemon tests share: a websms.conf read as the daemon reads it, and a spool in a test folder. */
final class DaemonFixture {

    private DaemonFixture() {
    }

    /** This {@code [websmsd]} section, PrivateDial's {@code [astqueue]} contexts and {@code astqueue} lines. */
    static WebsmsConfig config(ProviderRegistry registry, String websmsd, String astqueue) throws Exception {
        String file = "[websmsd]\n" + websmsd + "\n[astqueue]\nchannel_context = dp_entry_answer\ncontext = dp_entry_text_in\n" + astqueue;
        return new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
    }

    /** A spool in {@code dir}: {@code staging} and {@code outgoing}. */
    static Spool spool(Path dir, WebsmsConfig config) throws IOException {
        return Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), config.astQueue());
    }
}
