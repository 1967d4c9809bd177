package io.websms.runtime.daemon;

import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.provider.ProviderRegistry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the daemon tests share: a websms.conf read as the daemon reads it, a spool in a test folder, and the daemon's
 * webhook server on a free loopback port.
 */
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

    /** These websms.conf {@code sections}, then PrivateDial's {@code [astqueue]} contexts, read as the daemon reads it. */
    static WebsmsConfig sections(ProviderRegistry registry, String sections) throws Exception {
        String file = sections + "\n[astqueue]\nchannel_context = dp_entry_answer\ncontext = dp_entry_text_in\n";
        return new ConfigLoader(registry, Map.<String, String>of()::get).parse("websms.conf", file.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The daemon on {@code config}: its webhook server alone, on a free loopback port, call files in a spool in
     * {@code dir}, remembering message ids in {@code ids} and recording in {@code ledger} when given.
     */
    static Websmsd webhookServer(WebsmsConfig config, ProviderRegistry registry, Path dir, Optional<MessageIds> ids,
                                 Optional<MessageLedger> ledger) throws Exception {
        return Websmsd.start(config, registry, new Websmsd.Settings(Optional.of(new InetSocketAddress("127.0.0.1", 0)), Optional.empty(),
                spool(dir, config), Optional.empty(), ids, Optional.empty(), Optional.empty(), ledger));
    }
}
