package io.websms.runtime.daemon;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.websms.runtime.agi.ClassicRelay;
import io.websms.runtime.agi.FastAgiServer;
import io.websms.runtime.agi.SmsAgiScript;
import io.websms.runtime.amidelivery.AmiHandover;
import io.websms.runtime.asterisk.Handover;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.ratelimit.RateLimits;
import io.websms.runtime.asterisk.Spool;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.delivery.Deliveries;
import io.websms.runtime.delivery.OutboxOutcomes;
import io.websms.runtime.delivery.StatusCallbacks;
import io.websms.runtime.ledger.MessageLedger;
import io.helidon.webserver.ListenerConfig;
import io.websms.runtime.inbound.ConnectionGuard;
import io.websms.runtime.inbound.Inbound;
import io.websms.runtime.inbound.MessageIds;
import io.websms.runtime.ledger.LedgerJournal;
import io.websms.runtime.ledger.MessageLedger;
import io.websms.runtime.ledger.MeteredLedger;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.optout.OptOutStore;
import io.websms.runtime.outbound.SendJournal;
import io.websms.runtime.outbox.MessageStore;
import io.websms.runtime.outbox.Outbox;
import io.websms.runtime.inbound.WebhookHandler;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.ProviderRegistry;
import io.websms.runtime.provider.UnknownNameException;
import io.websms.runtime.store.StoreHealth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The websms daemon: the webhook server for incoming SMS (Helidon WebServer) and the FastAGI server for outgoing
 * SMS, wired in plain code. {@link #close()} stops accepting and lets the requests in progress finish.
 */
public final class Websmsd implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Websmsd.class.getName());
    private static final long DRAIN_LIMIT = 1 << 20;
    private static final String WEBHOOKS = "webhook server (http_addr or WEBSMSD_PORT)";
    private static final String FAST_AGI = "FastAGI server (agi_addr)";
    private static final String ADMIN = "admin endpoint (admin_addr)";

    /**
     * Where to listen, and where call files go.
     *
     * @param http  the webhook server's address, or empty for none
     * @param agi   the FastAGI server's address, or empty for none
     * @param handover where incoming SMS go to Asterisk: the call-file {@link Spool}, or the inbox emptied over the AMI
     * @param admin the address of {@code /health} and {@code /metrics}, or empty for none; keep it private
     * @param ids    where the ITSP message ids of stored messages are kept, or empty to keep none
     * @param contents where destination, sender and text of stored messages without an id are kept, or empty
     * @param outbox where outgoing SMS the ITSP could not take wait, or empty to report them as failures
     * @param ledger where every outgoing SMS and its status history is recorded, or empty to record none; the
     *               daemon closes it when it stops; without one, status callbacks are not applied (their paths answer 404)
     *
     * @param inbox  where incoming SMS wait for Asterisk with {@code delivery = ami}: the daemon then hands them over
     *               through an {@link AmiHandover} on this store, which it starts and stops, instead of {@code handover}
     *               (which may then be null)
     * @param limits the buckets of {@code rate_limit} and {@code rate_limit_sender}; the daemon closes them (saving
     *               them) when it stops
     * @param optOuts the opt-out list: STOP and START of incoming interfaces with {@code optout = yes} change it, and
     *                no outgoing SMS goes to a number on it; empty keeps none (a STOP on such an interface then gets 503)
     * @param store  the shared store ({@code store = postgresql://…}) that {@code ids} and {@code contents} are kept in,
     *               whose state {@code /health} reports; the daemon closes it when it stops; empty for the local store
     */
    public record Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Handover handover,
                           Optional<InetSocketAddress> admin, Optional<MessageIds> ids, Optional<MessageIds> contents,
                           Optional<MessageStore> outbox, Optional<MessageLedger> ledger, Optional<InboxStore> inbox,
                           Optional<RateLimits> limits, Optional<OptOutStore> optOuts, Optional<StoreHealth> store) {

        /** Settings on the local store. */
        public Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Handover handover,
                        Optional<InetSocketAddress> admin, Optional<MessageIds> ids, Optional<MessageIds> contents,
                        Optional<MessageStore> outbox, Optional<MessageLedger> ledger, Optional<InboxStore> inbox,
                        Optional<RateLimits> limits, Optional<OptOutStore> optOuts) {
            this(http, agi, handover, admin, ids, contents, outbox, ledger, inbox, limits, optOuts, Optional.empty());
        }

        /** Settings without an opt-out list. */
        public Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Handover handover,
                        Optional<InetSocketAddress> admin, Optional<MessageIds> ids, Optional<MessageIds> contents,
                        Optional<MessageStore> outbox, Optional<MessageLedger> ledger, Optional<InboxStore> inbox, Optional<RateLimits> limits) {
            this(http, agi, handover, admin, ids, contents, outbox, ledger, inbox, limits, Optional.empty());
        }

        /** Settings without rate limits (rate_limit and rate_limit_sender are then not applied). */
        public Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Handover handover,
                        Optional<InetSocketAddress> admin, Optional<MessageIds> ids, Optional<MessageIds> contents,
                        Optional<MessageStore> outbox, Optional<MessageLedger> ledger, Optional<InboxStore> inbox) {
            this(http, agi, handover, admin, ids, contents, outbox, ledger, inbox, Optional.empty());
        }

        /** Settings without an inbox: call files. */
        public Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Handover handover,
                        Optional<InetSocketAddress> admin, Optional<MessageIds> ids, Optional<MessageIds> contents,
                        Optional<MessageStore> outbox, Optional<MessageLedger> ledger) {
            this(http, agi, handover, admin, ids, contents, outbox, ledger, Optional.empty(), Optional.empty());
        }

        /** Settings without the admin endpoint, dedupe, outbox or ledger. */
        public Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Handover handover) {
            this(http, agi, handover, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Settings without a ledger. */
        public Settings(Optional<InetSocketAddress> http, Optional<InetSocketAddress> agi, Handover handover,
                        Optional<InetSocketAddress> admin, Optional<MessageIds> ids, Optional<MessageIds> contents,
                        Optional<MessageStore> outbox) {
            this(http, agi, handover, admin, ids, contents, outbox, Optional.empty());
        }
    }

    private final WebServer web;
    private final FastAgiServer agi;
    private final WebServer admin;
    private final Outbox outbox;
    private final Metrics metrics;
    private final MeteredLedger ledger;
    private final LedgerJournal journal;
    private final java.util.concurrent.ScheduledExecutorService pruner;
    private final ConnectionGuard guard;
    private final Outbound outbound;
    private final Inbound inbound;
    private final StatusCallbacks callbacks;
    private final Deliveries deliveries;
    private final ProviderRegistry registry;
    private final Handover handover;
    private final RateLimits limits;
    private final Optional<StoreHealth> store;
    private WebsmsConfig config;

    private Websmsd(WebServer web, FastAgiServer agi, WebServer admin, Outbox outbox, Metrics metrics, ConnectionGuard guard,
                    Outbound outbound, Inbound inbound, StatusCallbacks callbacks, Deliveries deliveries, WebsmsConfig config,
                    ProviderRegistry registry, MeteredLedger ledger, LedgerJournal journal, java.util.concurrent.ScheduledExecutorService pruner,
                    Handover handover, RateLimits limits, Optional<StoreHealth> store) {
        this.callbacks = callbacks;
        this.deliveries = deliveries;
        this.ledger = ledger;
        this.journal = journal;
        this.pruner = pruner;
        this.guard = guard;
        this.outbound = outbound;
        this.inbound = inbound;
        this.config = config;
        this.registry = registry;
        this.handover = handover;
        this.limits = limits;
        this.store = store;
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
        OptOutStore optOuts = settings.optOuts().orElse(OptOutStore.NONE);
        Outbound outbound = new Outbound(config, registry, new HttpTransport(), metrics, settings.limits().orElse(RateLimits.NONE), optOuts);
        // Every listener first, before the outbox sends anything: one that cannot bind stops the start.
        for (Map.Entry<String, Optional<InetSocketAddress>> listener : List.of(Map.entry(WEBHOOKS, settings.http()),
                Map.entry(FAST_AGI, settings.agi()), Map.entry(ADMIN, settings.admin()))) {
            if (listener.getValue().isPresent()) {
                ListenException.probe(listener.getKey(), listener.getValue().get());
            }
        }
        Handover handover = settings.handover();
        if (config.astQueue().ami().isPresent()) {
            InboxStore inbox = settings.inbox().orElseThrow(() -> new IllegalArgumentException("delivery = ami needs an inbox store"));
            handover = AmiHandover.start(config.astQueue(), inbox, metrics);
        }
        try {
            return start(config, registry, settings, metrics, outbound, handover);
        } catch (IOException | UnknownNameException | RuntimeException e) {
            if (handover instanceof AmiHandover started) {
                started.close();
            }
            throw e;
        }
    }

    private static Websmsd start(WebsmsConfig config, ProviderRegistry registry, Settings settings, Metrics metrics, Outbound outbound,
                                 Handover handover) throws IOException, UnknownNameException {
        Inbound inbound = new Inbound(config, registry, handover, settings.ids().orElse(null), settings.contents().orElse(null), metrics,
                settings.optOuts().orElse(OptOutStore.NONE));
        FastAgiServer agi = null;
        ConnectionGuard guard = null;
        WebServer web = null;
        WebServer admin = null;
        MeteredLedger ledger = settings.ledger().map(l -> new MeteredLedger(l, metrics)).orElse(null);
        // Status callbacks write through the metered ledger too, so that a delivery they report is counted.
        Deliveries deliveries = ledger == null ? null : new Deliveries(ledger, handover, config);
        StatusCallbacks callbacks = new StatusCallbacks(config, registry, deliveries, metrics);
        if (deliveries == null && !callbacks.paths().isEmpty()) {
            LOG.log(Level.WARNING, "status_path {0} set, but websmsd keeps no message ledger: status callbacks there are answered 404 and change nothing",
                    String.join(", ", callbacks.paths()));
        }
        LedgerJournal journal = ledger == null ? null : new LedgerJournal(ledger, config.daemon().ledgerBody(), metrics);
        SendJournal recording = journal == null ? SendJournal.NONE : journal;
        if (journal != null) {
            metrics.gauge("websms_ledger_waiting", "Status changes of outgoing SMS waiting to be written to the message ledger.", journal::waiting);
        }
        java.util.concurrent.ScheduledExecutorService pruner = ledger == null ? null : prune(ledger, config.daemon().ledgerDays());
        Outbox outbox;
        try {
            outbox = settings.outbox().isPresent()
                    ? Outbox.start(settings.outbox().get(), outbound, Duration.ofSeconds(1), config.daemon().outboxMax(), metrics,
                    deliveries == null ? recording : new OutboxOutcomes(recording, deliveries)) : null;
        } catch (IOException | RuntimeException e) {
            closeLedger(pruner, journal, ledger);
            throw e;
        }
        if (outbox != null) {
            metrics.gauge("websms_outbox_messages", "Outgoing SMS waiting in the outbox for the ITSP.", outbox::size);
        }
        try {
            if (settings.agi().isPresent()) {
                try {
                    // Also the classic AGI calls bin/websms hands over when it would read this very websms.conf.
                    agi = FastAgiServer.start(settings.agi().get(), new SmsAgiScript(outbound, outbox, metrics, recording),
                            new ClassicRelay(Path.of(config.file())), config.daemon().agiTimeout());
                } catch (java.net.BindException e) {
                    throw new ListenException(FAST_AGI, settings.agi().get(), String.valueOf(e.getMessage()), true);
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
                        .routing(HttpRouting.builder().any(new WebhookHandler(inbound, callbacks, maxBody, config.daemon().bodyTimeout(), guard)))
                        .build()
                        .start();
                if (web.port() <= 0) { // Helidon logs a failed bind and goes on without the listener
                    throw new ListenException(WEBHOOKS, address, "the address cannot be bound (see the lines above)", false);
                }
            }
            if (settings.admin().isPresent()) {
                InetSocketAddress address = settings.admin().get();
                admin = WebServer.builder()
                        .address(address.getAddress())
                        .port(address.getPort())
                        .shutdownHook(false)
                        .routing(HttpRouting.builder()
                                .get("/health", new HealthHandler(handover, Optional.ofNullable(guard), settings.store()))
                                .get("/metrics", new MetricsHandler(metrics)))
                        .build()
                        .start();
                if (admin.port() <= 0) {
                    throw new ListenException(ADMIN, address, "the address cannot be bound (see the lines above)", false);
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
            closeLedger(pruner, journal, ledger);
            if (e instanceof ListenException listen) {
                throw listen;
            }
            throw new IOException("cannot start: " + e.getMessage(), e);
        }
        return new Websmsd(web, agi, admin, outbox, metrics, guard, outbound, inbound, callbacks, deliveries, config, registry, ledger, journal, pruner,
                handover, settings.limits().orElse(RateLimits.NONE), settings.store());
    }

    /** Prunes entries older than {@code keep} ({@code ledger_days}) now and then daily, on a thread of its own. */
    private static java.util.concurrent.ScheduledExecutorService prune(MessageLedger ledger, Duration keep) {
        java.util.concurrent.ScheduledExecutorService pruner = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                task -> Thread.ofPlatform().daemon().name("websms-ledger-prune").unstarted(task));
        pruner.scheduleWithFixedDelay(() -> {
            try {
                long removed = ledger.prune(java.time.Instant.now().minus(keep));
                if (removed > 0) {
                    LOG.log(Level.INFO, "ledger: pruned {0} message(s) older than {1} day(s) (ledger_days)", removed, keep.toDays());
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "ledger: pruning failed ({0}); tried again in a day", e.toString());
            }
        }, 0, 1, java.util.concurrent.TimeUnit.DAYS);
        return pruner;
    }

    /** Stops pruning, writes what the journal holds, closes the ledger; each only when there is one. */
    private static void closeLedger(java.util.concurrent.ScheduledExecutorService pruner, LedgerJournal journal, MessageLedger ledger) {
        if (pruner != null) {
            pruner.shutdownNow();
        }
        if (journal != null) {
            journal.close();
        }
        if (ledger != null) {
            try {
                ledger.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "ledger: cannot close it cleanly: {0}", e.getMessage());
            }
        }
    }

    /** The message ledger the daemon records into, when it has one. */
    public Optional<MessageLedger> ledger() {
        return Optional.ofNullable(ledger);
    }

    /** The journal that records each outgoing SMS into the ledger, when there is one: tests wait on its {@code flush}. */
    public Optional<LedgerJournal> journal() {
        return Optional.ofNullable(journal);
    }

    /**
     * Keys whose new value a reload cannot apply: they shape listeners, stores and folders made at the start.
     * Each with how its value is read, to tell which of them a new file changed.
     */
    private static final Map<String, java.util.function.Function<WebsmsConfig, Object>> RESTART_ONLY = restartOnly();

    private static Map<String, java.util.function.Function<WebsmsConfig, Object>> restartOnly() {
        Map<String, java.util.function.Function<WebsmsConfig, Object>> keys = new java.util.LinkedHashMap<>();
        keys.put("http_addr", c -> c.daemon().httpAddress());
        keys.put("agi_addr", c -> c.daemon().agiAddress());
        keys.put("admin_addr", c -> c.daemon().adminAddress());
        keys.put("state_dir", c -> c.daemon().stateDir());
        keys.put("store", c -> c.daemon().store());
        keys.put("store_password_file", c -> c.daemon().storePasswordFile());
        keys.put("store_lease", c -> c.daemon().storeLease());
        keys.put("http_max_body", c -> c.daemon().maxBody());
        keys.put("http_body_timeout", c -> c.daemon().bodyTimeout());
        keys.put("http_max_requests", c -> c.daemon().maxRequests());
        keys.put("http_head_timeout", c -> c.daemon().headTimeout());
        keys.put("http_idle_timeout", c -> c.daemon().idleTimeout());
        keys.put("http_max_per_address", c -> c.daemon().maxPerAddress());
        keys.put("agi_timeout", c -> c.daemon().agiTimeout());
        keys.put("outbox_max", c -> c.daemon().outboxMax());
        keys.put("dedupe_window", c -> c.daemon().dedupeWindow());
        keys.put("ledger_days", c -> c.daemon().ledgerDays());
        keys.put("ledger_body", c -> c.daemon().ledgerBody());
        // The store of contents is opened (or not) at the start for the longest window any interface has.
        keys.put("dedupe_content", Inbound::longestContentWindow);
        keys.put("outgoingdir", c -> c.astQueue().outgoingDir());
        keys.put("stagingdir", c -> c.astQueue().stagingDir());
        keys.put("filemode", c -> c.astQueue().fileMode());
        keys.put("fileowner", c -> c.astQueue().fileOwner());
        // The way to Asterisk is chosen, and the AMI session opened, at the start.
        keys.put("delivery", c -> c.astQueue().ami().isPresent());
        keys.put("ami_addr", c -> c.astQueue().ami().map(a -> a.address()).orElse(""));
        keys.put("ami_user", c -> c.astQueue().ami().map(a -> a.user()).orElse(""));
        keys.put("ami_secret", c -> c.astQueue().ami().map(a -> a.secret()).orElse(""));
        keys.put("ami_mode", c -> c.astQueue().ami().map(a -> a.mode()).orElse(null));
        keys.put("ami_endpoints", c -> c.astQueue().ami().map(a -> a.endpoints()).orElse(null));
        keys.put("ami_hint_context", c -> c.astQueue().ami().map(a -> a.hintContext()).orElse(""));
        keys.put("inbox_max_age", c -> c.astQueue().ami().map(a -> a.inboxMaxAge()).orElse(null));
        keys.put("inbox_notify_after", c -> c.astQueue().ami().map(a -> a.notifyAfter()).orElse(null));
        keys.put("inbox_notify_url", c -> c.astQueue().ami().map(a -> a.notifyUrl()).orElse(""));
        return java.util.Collections.unmodifiableMap(keys);
    }

    /**
     * Takes {@code newConfig} for every message that arrives from now on, in both directions, without dropping a
     * connection or a queued message; what is in progress finishes with the old one.
     *
     * @return the keys {@code newConfig} changed that only a restart applies (listen addresses, folders, limits)
     * @throws UnknownNameException when a provider the new configuration names is gone; nothing changed then
     */
    public synchronized List<String> reload(WebsmsConfig newConfig) throws UnknownNameException {
        outbound.reconfigure(newConfig, registry);
        try {
            inbound.reconfigure(newConfig, registry);
            callbacks.reconfigure(newConfig, registry);
        } catch (UnknownNameException e) {
            outbound.reconfigure(config, registry); // all or nothing: back to the configuration that runs
            inbound.reconfigure(config, registry);
            throw e;
        }
        if (deliveries != null) {
            deliveries.reconfigure(newConfig);
        }
        if (handover instanceof AmiHandover ami && newConfig.astQueue().ami().isPresent()) {
            ami.reconfigure(newConfig.astQueue());
        }
        if (guard != null) {
            guard.trust(newConfig.daemon().proxyAddresses());
        }
        List<String> ignored = new java.util.ArrayList<>();
        RESTART_ONLY.forEach((key, value) -> {
            if (!java.util.Objects.equals(value.apply(config), value.apply(newConfig))) {
                ignored.add(key);
            }
        });
        config = newConfig;
        return ignored;
    }

    /** The providers the daemon started with; a reload reads the new configuration against them. */
    public ProviderRegistry registry() {
        return registry;
    }

    /**
     * Where status changes go (with the notice to the sender they may owe), when the daemon keeps a ledger: what a
     * later change of websms's own ({@code expired} from the outbox) is applied through.
     */
    public Optional<Deliveries> deliveries() {
        return Optional.ofNullable(deliveries);
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
        // After the outbox and the AGI calls: their last changes are in the journal, written before the ledger closes.
        closeLedger(pruner, journal, ledger);
        limits.close();
        // Before the store: a shared inbox gives back the destinations this daemon held through it.
        if (handover instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the way to Asterisk failed: {0}", e.toString());
            }
        }
        // After the webhooks in progress: they mark their message ids stored in it.
        if (store.orElse(null) instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "closing the store failed: {0}", e.toString());
            }
        }
        LOG.log(Level.INFO, "stopped");
    }
}
