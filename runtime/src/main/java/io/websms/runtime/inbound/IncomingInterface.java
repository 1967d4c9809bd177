package io.websms.runtime.inbound;

import io.websms.runtime.config.DaemonSettings;
import io.websms.api.Acknowledger;
import io.websms.api.EchoHandler;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.api.SignatureVerifier;
import io.websms.api.WebhookParser;
import io.websms.runtime.config.CidrList;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One {@code [websmsd]} interface, bound to its provider's pieces, with the access rules that select it:
 * {@code remt_addr} (who may call) and {@code url_path} (on which paths). Immutable and thread-safe.
 */
public final class IncomingInterface {

    final InterfaceConfig config;
    final CidrList remoteAddresses;
    final List<String> paths;
    final EchoHandler echo;
    final SignatureVerifier verifier;
    final WebhookParser parser;
    final Acknowledger acknowledger;
    /**
     * How long the same destination, sender and text count as one message when its provider gives
     * {@code dedupe_content} a default of its own (Zadarma, whose signature covers no time: a replay would be a second
     * message); empty for the daemon's window.
     */
    final Optional<Duration> contentWindow;
    /** {@code optout}: whether STOP and START from a sender change the opt-out list. */
    final boolean optOut;

    IncomingInterface(InterfaceConfig config, Provider provider) {
        this.config = config;
        this.remoteAddresses = CidrList.parse(config.value("remt_addr"));
        this.paths = config.value("url_path").isBlank() ? List.of()
                : Arrays.stream(config.value("url_path").split(",")).map(String::strip).toList();
        this.echo = provider.echoHandler(config);
        this.verifier = provider.signatureVerifier(config);
        this.parser = provider.webhookParser(config);
        this.acknowledger = provider.acknowledger(config);
        this.contentWindow = config.get("dedupe_content").map(DaemonSettings::seconds);
        this.optOut = config.flag("optout");
    }

    /** The interface's configuration. */
    public InterfaceConfig config() {
        return config;
    }

    /** Whether {@code client} may call this interface; an unknown client only when anyone may. */
    boolean admits(InetAddress client) {
        return remoteAddresses.isEmpty() || (client != null && remoteAddresses.contains(client));
    }

    /** Whether this interface answers on {@code path}. */
    boolean serves(String path) {
        return paths.isEmpty() || paths.contains(path);
    }
}
