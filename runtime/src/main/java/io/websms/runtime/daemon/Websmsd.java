package io.websms.runtime.daemon;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.websms.runtime.agi.FastAgiServer;
import io.websms.runtime.agi.SmsAgiScript;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.WebsmsConfig;
import io.helidon.webserver.ListenerConfig;
import io.websms.runtime.inbound.ConnectionGuard;
import io.websms.runtime.inbound.Inbound;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbox.MessageStore;
import io.websms.runtime.outbox.Outbox;
import io.websms.runtime.inbound.WebhookHandler;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.ProviderRegistry;
import io.websms.runtime.provider.UnknownNameException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The websms daemon: the webhook server for incoming SMS (Helidon WebServer) and the FastAGI server for outgoing
 * SMS, wired in plain code. {@link #close()} stops accepting and lets the requests in progress finish.
 */
public final class Websmsd implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Websmsd.class.getName());
    private static final long DRAIN_LIMIT = 1 << 20;

    /**
     * Where to listen, and where call files go.
     *
     * @param http  the webhook server's address, or empty for none
     * @param agi   the FastAGI server's address, or empty for none
     * @param spool the call-file spool
     * @param admin the address of {@code /health} and {@code /metrics}, or empty for none; keep it private
     * @param ids    where the ITSP message ids of stored messages are kept, or empty to keep none
     * @param contents where destination, sender and text of stored messages without an id are kept, or empty
     * @param outbox where outgoing SMS the ITSP could not take wait, or empty to report them as failures
     */
    public record Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Spool spool,
                           Optional<InetSocketAddress> admin, Optional<MessageIds> ids, Optional<MessageIds> contents,
                           Optional<MessageStore> outbox) {

        /** Settings without the admin endpoint, dedupe or outbox. */
        public Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Spool spool) {
            this(http, agi, spool, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    private final WebServer web;
    private final FastAgiServer agi;
    private final WebServer admin;
    private final Outbox outbox;
    private final Metrics metrics;
    private final ConnectionGuard guard;

    private Websmsd(WebServer web, FastAgiServer agi, WebServer admin, Outbox outbox, Metrics metrics, ConnectionGuard guard) {
        this.guard = guard;
        this.web = web;
        this.agi = agi;
        this.admin = admin;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /**
     * Starts the servers {@code settings} asks for.
     *
     * @throws IOException          when an address cannot be bound
     * @throws UnknownNameException when a provider of the configuration is gone
     */
    public static Websmsd start(WebsmsConfig config, ProviderRegistry registry, Settings settings) throws IOException, UnknownNameException {
        Metrics metrics = new Metrics();
        Outbound outbound = new Outbound(config, registry, new HttpTransport(), metrics);
        Inbound inbound = new Inbound(config, registry, settings.spool(), settings.ids().orElse(null), settings.contents().orElse(null), metrics);
        FastAgiServer agi = null;
        ConnectionGuard guard = null;
        WebServer web = null;
        WebServer admin = null;
        Outbox outbox = settings.outbox().isPresent()
                ? Outbox.start(settings.outbox().get(), outbound, Duration.ofSeconds(1), config.daemon().outboxMax(), metrics) : null;
        if (outbox != null) {
            metrics.gauge("websms_outbox_messages", "Outgoing SMS waiting in the outbox for the ITSP.", outbox::size);
        }
        try {
            // Every listener first: one that cannot bind stops the start, with nothing left half up.
            for (Map.Entry<String, Optional<InetSocketAddress>> listener : Map.of("webhook server (http_addr or WEBSMSD_PORT)", settings.http(),
                    "FastAGI server (agi_addr)", settings.agi(), "admin endpoint (admin_addr)", settings.admin()).entrySet()) {
                if (listener.getValue().isPresent()) {
                    ListenException.probe(listener.getKey(), listener.getValue().get());
                }
            }
            if (settings.agi().isPresent()) {
                try {
                    agi = FastAgiServer.start(settings.agi().get(), new SmsAgiScript(outbound, outbox, metrics), config.daemon().agiTimeout());
                } catch (java.net.BindException e) {
                    throw new ListenException("FastAGI server (agi_addr)", settings.agi().get(), String.valueOf(e.getMessage()), true);
                }
            }
            if (settings.http().isPresent()) {
                InetSocketAddress address = settings.http().get();
                int maxBody = config.daemon().maxBody();
                int maxConnections = 4 * config.daemon().maxRequests();
                guard = new ConnectionGuard(config.daemon().headTimeout(), config.daemon().idleTimeout(), config.daemon().maxPerAddress(),
                        maxConnections, config.daemon().proxyAddresses(), metrics.connectionsClosed());
                ConnectionGuard watched = guard;
                metrics.gauge("websms_webhook_connections", "Webhook connections open now.", watched::openConnections);
                web = WebServer.builder()
                        .address(address.getAddress())
                        .port(address.getPort())
                        // The handler answers 413 above maxBody; up to this much more is read and dropped first.
                        .maxPayloadSize(maxBody + DRAIN_LIMIT)
                        .maxConcurrentRequests(config.daemon().maxRequests())
                        .maxTcpConnections(maxConnections)
                        .idleConnectionTimeout(config.daemon().idleTimeout())
                        .connectionOptions(new GuardedSocketOptions(ListenerConfig.create().connectionOptions(), guard))
                        .shutdownHook(false)
                        .shutdownGracePeriod(Duration.ofSeconds(10))
                        .routing(HttpRouting.builder().any(new WebhookHandler(inbound, maxBody, config.daemon().bodyTimeout(), guard)))
                        .build()
                        .start();
                if (web.port() <= 0) { // Helidon logs a failed bind and goes on without the listener
                    throw new ListenException("webhook server (http_addr or WEBSMSD_PORT)", address, "the address cannot be bound (see the lines above)", false);
                }
            }
            if (settings.admin().isPresent()) {
                InetSocketAddress address = settings.admin().get();
                admin = WebServer.builder()
                        .address(address.getAddress())
                        .port(address.getPort())
                        .shutdownHook(false)
                        .routing(HttpRouting.builder()
                                .get("/health", new HealthHandler(settings.spool(), Optional.ofNullable(guard)))
                                .get("/metrics", new MetricsHandler(metrics)))
                        .build()
                        .start();
                if (admin.port() <= 0) {
                    throw new ListenException("admin endpoint (admin_addr)", address, "the address cannot be bound (see the lines above)", false);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (agi != null) {
                agi.close();
            }
            if (web != null) {
                web.stop();
            }
            if (admin != null) {
                admin.stop();
            }
            if (guard != null) {
                guard.close();
            }
            if (outbox != null) {
                outbox.close();
            }
            if (e instanceof ListenException listen) {
                throw listen;
            }
            throw new IOException("cannot start: " + e.getMessage(), e);
        }
        return new Websmsd(web, agi, admin, outbox, metrics, guard);
    }

    /** What the daemon counts; served on the admin address as {@code GET /metrics}. */
    public Metrics metrics() {
        return metrics;
    }

    /** The admin endpoint's port, or -1 when it is off. */
    public int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    /** The webhook server's port, or -1 when it is off. */
    public int httpPort() {
        return web == null ? -1 : web.port();
    }

    /** The FastAGI server's port, or -1 when it is off. */
    public int agiPort() {
        return agi == null ? -1 : agi.port();
    }

    /** Stops accepting; lets the webhooks and AGI calls in progress finish. */
    @Override
    public void close() {
        if (web != null) {
            web.stop();
        }
        if (guard != null) {
            guard.close();
        }
        if (agi != null) {
            agi.close();
        }
        if (admin != null) {
            admin.stop();
        }
        if (outbox != null) {
            outbox.close();
        }
        LOG.log(Level.INFO, "stopped");
    }
}
