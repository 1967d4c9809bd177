package io.websms.runtime.outbound;

import io.websms.api.AuthScheme;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.LogText;
import io.websms.api.Message;
import io.websms.api.Provider;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.optout.OptOut;
import io.websms.runtime.optout.OptOutStore;
import io.websms.runtime.provider.Discovered;
import io.websms.runtime.provider.ProviderRegistry;
import io.websms.runtime.provider.UnknownNameException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import io.websms.runtime.ratelimit.RateLimits;

/**
 * Outgoing SMS: every {@code [websms]} interface bound to its provider, and the choice among them by index, as
 * the dialplan's {@code WEBSMS_INDEX} makes it. What the {@code websms} command, classic AGI and the FastAGI server
 * all send through. Thread-safe.
 */
public final class Outbound {

    private static final System.Logger LOG = System.getLogger(Outbound.class.getName());

    /** One configuration with its interfaces bound; replaced whole by a reload, so a send sees one or the other. */
    private record Bound(WebsmsConfig config, Map<String, OutgoingInterface> interfaces) {
    }

    private final HttpTransport transport;
    private final Metrics metrics;
    private final RateLimits limits;
    private final OptOutStore optOuts;
    private volatile Bound bound;

    /**
     * Binds every outgoing interface of {@code config}, counting in metrics nobody reads (a one-shot command).
     *
     * @throws UnknownNameException when a provider named in the configuration is gone (the loader checked it)
     */
    public Outbound(WebsmsConfig config, ProviderRegistry registry, HttpTransport transport) throws UnknownNameException {
        this(config, registry, transport, new Metrics());
    }

    /**
     * Binds every outgoing interface of {@code config}; each counts its ITSP requests and retries in {@code metrics}.
     *
     * @throws UnknownNameException when a provider named in the configuration is gone (the loader checked it)
     */
    public Outbound(WebsmsConfig config, ProviderRegistry registry, HttpTransport transport, Metrics metrics) throws UnknownNameException {
        this(config, registry, transport, metrics, RateLimits.NONE, OptOutStore.NONE);
    }

    /**
     * {@link #Outbound(WebsmsConfig, ProviderRegistry, HttpTransport, Metrics)} within {@code limits}: the daemon's
     * buckets of {@code rate_limit} and {@code rate_limit_sender}, which a 429 with {@code Retry-After} pauses.
     */
    public Outbound(WebsmsConfig config, ProviderRegistry registry, HttpTransport transport, Metrics metrics, RateLimits limits)
            throws UnknownNameException {
        this(config, registry, transport, metrics, limits, OptOutStore.NONE);
    }

    /**
     * Binds every outgoing interface of {@code config}, counting in {@code metrics}, within {@code limits}; a message
     * whose destination is on {@code optOuts} for its sender is refused, never sent.
     *
     * @throws UnknownNameException when a provider named in the configuration is gone (the loader checked it)
     */
    public Outbound(WebsmsConfig config, ProviderRegistry registry, HttpTransport transport, Metrics metrics, RateLimits limits,
                    OptOutStore optOuts) throws UnknownNameException {
        this.transport = transport;
        this.metrics = metrics;
        this.limits = limits;
        this.optOuts = optOuts;
        this.bound = bind(config, registry);
    }

    /**
     * Takes {@code config} for every send that starts from now on; sends in progress finish with the configuration
     * they started with.
     *
     * @throws UnknownNameException when a provider named in the configuration is gone; the old one stays
     */
    public void reconfigure(WebsmsConfig config, ProviderRegistry registry) throws UnknownNameException {
        this.bound = bind(config, registry);
    }

    private Bound bind(WebsmsConfig config, ProviderRegistry registry) throws UnknownNameException {
        Map<String, OutgoingInterface> interfaces = new LinkedHashMap<>();
        for (InterfaceConfig iface : config.interfaces(Direction.OUTBOUND).values()) {
            Provider provider = registry.provider(iface.provider());
            AuthScheme auth = provider.authScheme(iface);
            if (auth == null) {
                // auth_method names the scheme; empty (an unquoted "none") or unknown means none, as in the original.
                Discovered<AuthScheme> named = registry.authSchemes().get(iface.value("auth_method"));
                auth = named != null ? named.service() : registry.authScheme("none");
            }
            interfaces.put(iface.index(), new OutgoingInterface(iface, provider.requestMapper(iface), auth,
                    provider.responseChecker(iface), transport, metrics, limits));
        }
        return new Bound(config, Map.copyOf(interfaces));
    }

    /**
     * Checks that {@code message} could be sent through interface {@code index}, without sending it.
     *
     * @throws ConfigException         when the index selects no interface
     * @throws InvalidMessageException when the message cannot be sent as it is
     */
    public void check(String index, Message message) throws ConfigException, InvalidMessageException {
        Bound now = bound;
        InterfaceConfig chosen = now.config().outgoing(index);
        now.interfaces().get(chosen.index()).check(message);
        try {
            refuseOptedOut(chosen, message, Trace.newMessage(null));
        } catch (IOException e) {
            // The send that follows this check asks the list again, and fails (or waits in the outbox) if it still cannot.
            LOG.log(Level.WARNING, "optout: the list cannot be read ({0}); checked again when the message is sent", LogText.escape(e));
        }
    }

    /**
     * Refuses {@code message} when its destination opted out of SMS from its sender: counted, logged and thrown.
     *
     * @throws IOException when the list cannot be read
     */
    private void refuseOptedOut(InterfaceConfig chosen, Message message, Trace trace) throws InvalidMessageException, IOException {
        java.util.Optional<OptOut> optOut = optOuts.find(message.from(), message.to());
        if (optOut.isPresent()) {
            String name = Metrics.interfaceLabel(chosen.index());
            metrics.optOutRefusals().inc(name);
            LOG.log(Level.WARNING, "out interface={0} result=OPTED_OUT to={1} from={2}{3}", name, LogText.escape(message.to()),
                    LogText.escape(message.from()), trace.callField());
            throw new InvalidMessageException("to", message.to() + " opted out of SMS from " + message.from() + " (" + optOut.get().how()
                    + ", " + optOut.get().since() + "); nothing sent. An incoming START from them, or websms optout remove, allows it again");
        }
    }

    /**
     * Whether the interface {@code index} selects has a rate limit (or a pause of a 429): then a message is checked
     * before it takes a turn, so that one that will be refused waits for none.
     *
     * @throws ConfigException when the index selects no interface
     */
    public boolean isLimited(String index) throws ConfigException {
        InterfaceConfig iface = bound.config().outgoing(index);
        return limits.isLimited(iface);
    }

    /**
     * Takes {@code message}'s turn in the rate limits of the interface {@code index} selects, when it comes within
     * {@code maxWait}; the caller then waits {@link RateLimits.Turn#delay()} and sends.
     *
     * @throws ConfigException when the index selects no interface
     */
    public RateLimits.Turn admit(String index, Message message, Duration maxWait) throws ConfigException {
        return limits.admit(bound.config().outgoing(index), message.from(), maxWait);
    }

    /**
     * The configuration of the interface {@code index} selects.
     *
     * @throws ConfigException when the index selects no interface
     */
    public InterfaceConfig config(String index) throws ConfigException {
        return bound.config().outgoing(index);
    }

    /**
     * Sends {@code message}, a new message with an id of its own and no AGI call, through the interface
     * {@code index} selects ({@code ""} or null for none).
     *
     * @throws ConfigException         when the index selects no interface; nothing is sent
     * @throws InvalidMessageException when the message cannot be sent as it is; nothing is sent
     */
    public SendResult send(String index, Message message) throws ConfigException, InvalidMessageException {
        return send(index, message, Trace.newMessage(null));
    }

    /**
     * Sends {@code message} through the interface {@code index} selects ({@code ""} or null for none); the log line
     * names it by {@code trace}.
     *
     * @throws ConfigException         when the index selects no interface; nothing is sent
     * @throws InvalidMessageException when the message cannot be sent as it is; nothing is sent
     */
    public SendResult send(String index, Message message, Trace trace) throws ConfigException, InvalidMessageException {
        Bound now = bound;
        InterfaceConfig chosen = now.config().outgoing(index);
        OutgoingInterface iface = now.interfaces().get(chosen.index());
        String name = Metrics.interfaceLabel(chosen.index());
        try {
            refuseOptedOut(chosen, message, trace);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "out interface={0} result=FAILED to={1}{2} reason=the opt-out list cannot be read: {3}", name,
                    LogText.escape(message.to()), trace.callField(), LogText.escape(e));
            return SendResult.failed(0, "the opt-out list cannot be read: " + e.getMessage());
        }
        SendResult result;
        try {
            // The provider sees websms's id, the same on every try: an idempotency key it may pass on to the ITSP.
            result = iface.send(message.toBuilder().id(trace.id()).build());
        } catch (InvalidMessageException e) {
            LOG.log(Level.WARNING, "out interface={0} result=INVALID{1} reason={2}", name, trace.callField(),
                    LogText.escape(e.getMessage()));
            throw e;
        }
        // id= is websms's id for the message, itsp_id= the ITSP's (Twilio's sid), "-" when it gave none.
        LOG.log(result.isSent() ? Level.INFO : Level.WARNING, "out interface={0} to={1} result={2} status={3} {4} itsp_id={5}{6}",
                name, LogText.escape(message.to()), result.outcome(), result.status(), trace.logFields(),
                LogText.escape(result.messageId().orElse("-")), result.reason().isEmpty() ? "" : " reason=" + LogText.escape(result.reason()));
        return result;
    }

    /**
     * What {@link #route} came to: the result, the interface that gave it, and, when an interface failed over to
     * another, what happened to the first ({@code ""} when none did).
     */
    public record Routed(SendResult result, String interfaceIndex, String failedOver) {
    }

    /**
     * Sends {@code message} through the interface {@code index} selects and, when that route is down (no connection,
     * or 5xx after its retries), through the interfaces its {@code failover} lists, in order, each only after the
     * one before certainly failed: never through two. An interface failed over to must have a rate-limit turn now.
     *
     * @throws ConfigException         when the index selects no interface; nothing is sent
     * @throws InvalidMessageException when the message cannot be sent as it is; nothing is sent
     */
    public Routed route(String index, Message message, Trace trace) throws ConfigException, InvalidMessageException {
        Bound now = bound;
        InterfaceConfig chosen = now.config().outgoing(index);
        // The pair (sender, destination) is the same on every interface: an opted-out message goes through none.
        try {
            refuseOptedOut(chosen, message, trace);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "out interface={0} result=FAILED to={1}{2} reason=the opt-out list cannot be read: {3}",
                    Metrics.interfaceLabel(chosen.index()), LogText.escape(message.to()), trace.callField(), LogText.escape(e));
            return new Routed(SendResult.failed(0, "the opt-out list cannot be read: " + e.getMessage()), chosen.index(), "");
        }
        List<String> order = new ArrayList<>();
        order.add(chosen.index());
        for (String next : chosen.value("failover").split(",")) {
            if (!next.isBlank() && !order.contains(next.strip()) && now.interfaces().containsKey(next.strip())) {
                order.add(next.strip());
            }
        }
        StringBuilder failedOver = new StringBuilder();
        Routed last = null;
        for (int i = 0; i < order.size(); i++) {
            OutgoingInterface iface = now.interfaces().get(order.get(i));
            if (i > 0 && !limits.admit(iface.config(), message.from(), Duration.ZERO).taken()) {
                break; // its own limit: the message waits for the first interface instead
            }
            OutgoingInterface.Attempt attempt = attempt(iface, message, trace, i + 1 < order.size());
            last = new Routed(attempt.result(), iface.config().index(), failedOver.toString());
            if (!attempt.routeDown() || i + 1 == order.size()) {
                break;
            }
            String from = Metrics.interfaceLabel(iface.config().index());
            String to = Metrics.interfaceLabel(order.get(i + 1));
            metrics.failovers().inc(from, to);
            LOG.log(Level.WARNING, "out interface={0} to={1} result=FAILOVER next={2} {3} reason={4}", from, LogText.escape(message.to()), to,
                    trace.logFields(), LogText.escape(attempt.result().reason()));
            failedOver.append(failedOver.isEmpty() ? "" : "; ").append("interface ").append(from).append(" failed: ").append(attempt.result().reason());
        }
        return last;
    }

    /** One interface's attempt, logged as {@link #send} logs it. */
    private OutgoingInterface.Attempt attempt(OutgoingInterface iface, Message message, Trace trace, boolean mayFailOver)
            throws InvalidMessageException {
        String name = Metrics.interfaceLabel(iface.config().index());
        OutgoingInterface.Attempt attempt;
        try {
            attempt = iface.attempt(message.toBuilder().id(trace.id()).build());
        } catch (InvalidMessageException e) {
            LOG.log(Level.WARNING, "out interface={0} result=INVALID{1} reason={2}", name, trace.callField(), LogText.escape(e.getMessage()));
            throw e;
        }
        SendResult result = attempt.result();
        if (!(mayFailOver && attempt.routeDown())) {
            LOG.log(result.isSent() ? Level.INFO : Level.WARNING, "out interface={0} to={1} result={2} status={3} {4} itsp_id={5}{6}",
                    name, LogText.escape(message.to()), result.outcome(), result.status(), trace.logFields(),
                    LogText.escape(result.messageId().orElse("-")), result.reason().isEmpty() ? "" : " reason=" + LogText.escape(result.reason()));
        }
        return attempt;
    }
}
