package io.websms.runtime.delivery;

import io.websms.api.DeliveryStatus;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.LogText;
import io.websms.api.Provider;
import io.websms.api.SignatureVerifier;
import io.websms.api.StatusParser;
import io.websms.api.StatusReport;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import io.websms.runtime.config.CidrList;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.ledger.LedgerEntry;
import io.websms.runtime.ledger.StatusChange;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.provider.ProviderRegistry;
import io.websms.runtime.provider.UnknownNameException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * ITSP status callbacks: a request to the webhook port whose path is an outgoing ({@code [websms]}) interface's
 * {@code status_path}. Checked with that interface's provider's signature verifier (given the outgoing configuration),
 * read by its status parser, and each report applied to the ledger through {@link Deliveries}. Thread-safe.
 *
 * <p>Answers: 200 with an empty body once every report is applied (also for an unknown ITSP id or an unknown status:
 * both are counted, and the ITSP must stop retrying); 403 for a forged or unsigned callback, 400 for one the parser
 * cannot read (nothing changes); 503 when the ledger or the spool cannot be written (the ITSP tries again, and the
 * reports already applied are then repeats). Callers are admitted by {@code status_remt_addr} of the interface, not by
 * {@code [websmsd] remt_addr}, which belongs to the incoming interfaces.
 */
public final class StatusCallbacks {

    private static final System.Logger LOG = System.getLogger(StatusCallbacks.class.getName());

    /** Result label of a report that is in the history now. */
    static final String APPLIED = "applied";
    /** Result label of a report already in the history. */
    static final String DUPLICATE = "duplicate";
    /** Result label of a report on an ITSP id the ledger does not know on that interface. */
    static final String UNKNOWN_ID = "unknown_id";
    /** Result label of a report whose status the provider maps to none. */
    static final String UNKNOWN_STATUS = "unknown_status";
    /** Result label of a whole callback refused (400, 403). */
    static final String REFUSED = "refused";

    /** One outgoing interface's status path, bound to its provider's pieces. */
    public static final class Route {
        private final InterfaceConfig config;
        private final SignatureVerifier verifier;
        private final StatusParser parser;
        private final CidrList remoteAddresses;

        private Route(InterfaceConfig config, Provider provider) {
            this.config = config;
            this.verifier = provider.signatureVerifier(config);
            this.parser = provider.statusParser(config);
            this.remoteAddresses = CidrList.parse(config.value("status_remt_addr"));
        }

        /** The outgoing interface the callbacks are about. */
        public InterfaceConfig config() {
            return config;
        }

        /** Whether {@code client} may post here ({@code status_remt_addr}); an unknown client only when anyone may. */
        public boolean admits(Optional<InetAddress> client) {
            return remoteAddresses.isEmpty() || client.isPresent() && remoteAddresses.contains(client.get());
        }
    }

    private volatile Map<String, Route> routes;
    private final Deliveries deliveries;
    private final Metrics metrics;

    /**
     * Serves the {@code status_path} of every outgoing interface of {@code config}.
     *
     * @param deliveries where reports go; null when the daemon keeps no ledger (each status path then answers 404)
     * @throws UnknownNameException when a provider the configuration names is gone
     */
    public StatusCallbacks(WebsmsConfig config, ProviderRegistry registry, Deliveries deliveries, Metrics metrics) throws UnknownNameException {
        this.routes = bind(config, registry);
        this.deliveries = deliveries;
        this.metrics = metrics;
    }

    /** Takes the status paths of {@code config} for every callback that arrives from now on. */
    public void reconfigure(WebsmsConfig config, ProviderRegistry registry) throws UnknownNameException {
        this.routes = bind(config, registry);
    }

    private static Map<String, Route> bind(WebsmsConfig config, ProviderRegistry registry) throws UnknownNameException {
        Map<String, Route> routes = new HashMap<>();
        for (InterfaceConfig iface : config.interfaces(Direction.OUTBOUND).values()) {
            String path = iface.value("status_path");
            if (path.isEmpty()) {
                continue;
            }
            Provider provider = registry.provider(iface.provider());
            // The configuration loader refuses a status_path for a provider without a parser; a config built otherwise skips it.
            if (provider.statusParser(iface) != null) {
                routes.put(path, new Route(iface, provider));
            }
        }
        return Map.copyOf(routes);
    }

    /** The status paths served, for a start-up message. */
    public List<String> paths() {
        return routes.keySet().stream().sorted().toList();
    }

    /** The route of {@code path}, when it is an outgoing interface's {@code status_path}. */
    public Optional<Route> route(String path) {
        return Optional.ofNullable(routes.get(path));
    }

    /** Handles a status callback on {@code route}'s path, and returns the answer. */
    public WebhookReply handle(Route route, InboundRequest request) {
        InterfaceConfig config = route.config;
        String name = Metrics.interfaceLabel(config.index());
        String client = request.clientAddress().getHostAddress();
        if (deliveries == null) {
            LOG.log(Level.WARNING, "status interface={0} result=NO_LEDGER client={1}: websmsd keeps no message ledger, so status callbacks cannot be applied",
                    name, client);
            return new WebhookReply(404, "text/plain; charset=utf-8", "Not Found\n");
        }
        List<StatusReport> reports;
        try {
            route.verifier.verify(request, config);
            reports = route.parser.parse(request, config);
        } catch (WebhookException e) {
            LOG.log(Level.WARNING, "status interface={0} result=REFUSED status={1} client={2} reason={3}", name, e.status(), client,
                    LogText.escape(e.getMessage()));
            metrics.statusCallbacks().inc(name, REFUSED);
            metrics.refused().inc(e.status() == 403 ? "signature" : "malformed");
            return new WebhookReply(e.status(), "text/plain; charset=utf-8",
                    (e.status() == 403 ? "Forbidden" : "Bad Request: " + e.getMessage()) + "\n");
        }
        Instant arrived = Instant.now();
        for (StatusReport report : reports) {
            String itspId = LogText.escape(report.messageId());
            if (report.status().isEmpty()) {
                LOG.log(Level.INFO, "status interface={0} itsp_id={1} result=UNKNOWN_STATUS raw={2}", name, itspId, LogText.escape(report.rawStatus()));
                metrics.statusCallbacks().inc(name, UNKNOWN_STATUS);
                continue;
            }
            DeliveryStatus status = report.status().get();
            StatusChange change = new StatusChange(report.time().orElse(arrived), status, report.errorCode().orElse(""), report.errorText().orElse(""));
            Deliveries.Result result;
            try {
                Optional<LedgerEntry> entry = deliveries.ledger().byItspId(config.index(), report.messageId());
                if (entry.isEmpty()) {
                    LOG.log(Level.INFO, "status interface={0} itsp_id={1} status={2} result=UNKNOWN_ID", name, itspId, status.wireName());
                    metrics.statusCallbacks().inc(name, UNKNOWN_ID);
                    continue;
                }
                result = deliveries.apply(entry.get().id(), change, report.time().isPresent());
                LOG.log(Level.DEBUG, "status interface={0} itsp_id={1} id={2} status={3} result={4} state_changed={5}", name, itspId,
                        entry.get().id(), status.wireName(), result.outcome(), result.stateChanged());
            } catch (NoSuchElementException e) { // pruned between the two reads
                metrics.statusCallbacks().inc(name, UNKNOWN_ID);
                continue;
            } catch (IOException e) {
                LOG.log(Level.ERROR, "status interface={0} itsp_id={1} status={2} result=NOT_STORED reason={3}", name, itspId, status.wireName(),
                        LogText.escape(e));
                return new WebhookReply(503, "text/plain; charset=utf-8", "Service Unavailable: the status could not be stored; try again later\n");
            }
            metrics.statusCallbacks().inc(name, result.outcome() == Deliveries.Outcome.DUPLICATE ? DUPLICATE : APPLIED);
        }
        // Twilio takes an empty 200 (no TwiML needed); every ITSP takes a 2xx as done.
        return new WebhookReply(200, "text/plain; charset=utf-8", "");
    }
}
