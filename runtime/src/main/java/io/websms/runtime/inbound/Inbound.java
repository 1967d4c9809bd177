package io.websms.runtime.inbound;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.LogText;
import io.websms.api.Message;
import io.websms.api.WebhookException;
import io.websms.api.WebhookReply;
import io.websms.runtime.asterisk.Handover;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.optout.OptOut;
import io.websms.runtime.optout.OptOutKeywords;
import io.websms.runtime.optout.OptOutStore;
import io.websms.runtime.provider.ProviderRegistry;
import io.websms.runtime.provider.UnknownNameException;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Incoming SMS: decides who may call which {@code [websmsd]} interface, and hands an accepted webhook's message to
 * Asterisk ({@link Handover}: a call file, or the inbox emptied over the AMI), acknowledging it only once it is
 * durably stored. Thread-safe.
 *
 * <p>The steps, in order: the caller's address and the path select the interface (403 when no interface admits
 * the address, 404 when none of those serves the path; neither says more); the provider answers a handshake; it
 * checks the signature (403); it reads the message (400 naming the field); on an interface with {@code optout = yes}
 * a STOP or START alone in the text changes the opt-out list first; websms stores the message for Asterisk (503 when
 * it cannot store either, so that the ITSP tries again); the provider acknowledges.
 */
public final class Inbound {

    private static final System.Logger LOG = System.getLogger(Inbound.class.getName());

    /** The outcome of choosing an interface for a caller and a path. */
    public sealed interface Selection permits Selected, Refused {
    }

    /** The interface that serves the call. */
    public record Selected(IncomingInterface iface) implements Selection {
    }

    /** No interface serves the call: 403 or 404. */
    public record Refused(int status, String reason) implements Selection {
    }

    /** What a configuration decides, replaced whole by a reload: a webhook sees one configuration or the other. */
    private record Bound(List<IncomingInterface> interfaces, ClientAddress clientAddress, AstQueueSettings queue) {
    }

    private volatile Bound bound;
    private final Handover handover;
    private final MessageIds ids;
    private final MessageIds contents;
    private final Metrics metrics;
    private final OptOutStore optOuts;

    /** Incoming SMS without keeping message ids (every webhook gives a call file). */
    public Inbound(WebsmsConfig config, ProviderRegistry registry, Handover handover) throws UnknownNameException {
        this(config, registry, handover, null, null, new Metrics());
    }

    /**
     * Incoming SMS; a message whose ITSP id is in {@code ids} (when not null) is acknowledged again but gives no
     * second call file; so is a message without an id whose destination, sender and text are in {@code contents}
     * (when not null). What happens to each request is counted in {@code metrics}.
     */
    public Inbound(WebsmsConfig config, ProviderRegistry registry, Handover handover, MessageIds ids, MessageIds contents,
                   Metrics metrics) throws UnknownNameException {
        this(config, registry, handover, ids, contents, metrics, OptOutStore.NONE);
    }

    /**
     * Incoming SMS as {@link #Inbound(WebsmsConfig, ProviderRegistry, Handover, MessageIds, MessageIds, Metrics)};
     * the opt-out keywords of interfaces with {@code optout = yes} change {@code optOuts}.
     */
    public Inbound(WebsmsConfig config, ProviderRegistry registry, Handover handover, MessageIds ids, MessageIds contents,
                   Metrics metrics, OptOutStore optOuts) throws UnknownNameException {
        this.bound = bind(config, registry);
        this.handover = handover;
        this.ids = ids;
        this.contents = contents;
        this.metrics = metrics;
        this.optOuts = optOuts;
    }

    /**
     * Takes {@code config} (interfaces, trusted proxies, call-file lines) for every webhook that arrives from now on;
     * the spool and the stores of seen messages stay as they are.
     *
     * @throws UnknownNameException when a provider named in the configuration is gone; the old one stays
     */
    public void reconfigure(WebsmsConfig config, ProviderRegistry registry) throws UnknownNameException {
        this.bound = bind(config, registry);
    }

    private static Bound bind(WebsmsConfig config, ProviderRegistry registry) throws UnknownNameException {
        List<IncomingInterface> interfaces = new ArrayList<>();
        for (InterfaceConfig iface : config.interfaces(Direction.INBOUND).values()) {
            interfaces.add(new IncomingInterface(iface, registry.provider(iface.provider())));
        }
        return new Bound(List.copyOf(interfaces), new ClientAddress(config.daemon().proxyAddresses(), config.daemon().proxyHeader()),
                config.astQueue());
    }

    /**
     * The longest time {@code config}'s incoming interfaces count the same destination, sender and text as one
     * message: {@code dedupe_content}, or the default a provider gives it for its interfaces (Zadarma's); zero
     * when none does. The daemon keeps a store of contents when this is not zero.
     */
    public static Duration longestContentWindow(WebsmsConfig config) {
        Duration longest = config.daemon().dedupeContent();
        for (InterfaceConfig iface : config.interfaces(Direction.INBOUND).values()) {
            Duration own = iface.get("dedupe_content").map(io.websms.runtime.config.DaemonSettings::seconds).orElse(Duration.ZERO);
            longest = own.compareTo(longest) > 0 ? own : longest;
        }
        return longest;
    }

    /** Where requests and messages are counted. */
    public Metrics metrics() {
        return metrics;
    }

    /** Who is calling, given the socket peer and the request's headers. */
    public ClientAddress clientAddress() {
        return bound.clientAddress();
    }

    /** Where accepted messages go to Asterisk. */
    public Handover handover() {
        return handover;
    }

    /** Chooses the interface for {@code client} (empty when unknown) calling {@code path}. */
    public Selection select(Optional<InetAddress> client, String path) {
        boolean admitted = false;
        for (IncomingInterface iface : bound.interfaces()) {
            if (iface.admits(client.orElse(null))) {
                admitted = true;
                if (iface.serves(path)) {
                    return new Selected(iface);
                }
            }
        }
        String who = client.map(InetAddress::getHostAddress).orElse("an unknown address");
        return admitted ? new Refused(404, "no interface serves the path " + path + " for " + who)
                : new Refused(403, who + " is in no remt_addr");
    }

    /**
     * Handles a call that {@code iface} serves, and returns the answer.
     */
    public WebhookReply handle(IncomingInterface iface, InboundRequest request) {
        String name = Metrics.interfaceLabel(iface.config.index());
        Optional<WebhookReply> echo = iface.echo.echo(request, iface.config);
        if (echo.isPresent()) {
            LOG.log(Level.INFO, "in interface={0} echo client={1}", name, request.clientAddress().getHostAddress());
            metrics.handshakes().inc(name);
            return echo.get();
        }
        List<Message> messages;
        try {
            iface.verifier.verify(request, iface.config);
            messages = iface.parser.parseAll(request, iface.config);
        } catch (WebhookException e) {
            LOG.log(Level.WARNING, "in interface={0} result=REFUSED status={1} client={2} reason={3}",
                    name, e.status(), request.clientAddress().getHostAddress(), LogText.escape(e.getMessage()));
            metrics.refused().inc(e.status() == 403 ? "signature" : "malformed");
            return new WebhookReply(e.status(), "text/plain; charset=utf-8",
                    (e.status() == 403 ? "Forbidden" : "Bad Request: " + e.getMessage()) + "\n");
        }
        // An MMS's pictures reach the phone as links after the text: a SIP MESSAGE carries only text.
        messages = messages.stream().map(MediaLinks::appended).toList();
        if (messages.isEmpty()) {
            // Authentic, but no message (another event type, a ping): answered 2xx so that the ITSP neither retries
            // nor turns the webhook off.
            LOG.log(Level.INFO, "in interface={0} result=IGNORED client={1} reason=the call carries no message", name,
                    request.clientAddress().getHostAddress());
            metrics.inbound(name, Metrics.IGNORED);
            return iface.acknowledger.ackIgnored(iface.config);
        }
        AstQueueSettings queue = bound.queue();
        for (Message message : messages) {
            try {
                handover.check(message, queue);
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "in interface={0} result=REFUSED status=400 reason={1}", name, LogText.escape(e.getMessage()));
                metrics.refused().inc("malformed");
                return new WebhookReply(400, "text/plain; charset=utf-8", "Bad Request: " + e.getMessage() + "\n");
            }
        }
        for (Message message : messages) {
            try {
                store(iface, name, message, queue);
            } catch (IOException e) {
                LOG.log(Level.ERROR, "in interface={0} result=NOT_STORED to={1} from={2} itsp_id={3} file=- reason={4}", name,
                        LogText.escape(message.to()), LogText.escape(message.from()), LogText.escape(message.id().orElse("-")), LogText.escape(e));
                metrics.inbound(name, Metrics.NOT_STORED);
                return new WebhookReply(503, "text/plain; charset=utf-8", "Service Unavailable: the message could not be stored; try again later\n");
            }
        }
        return iface.acknowledger.ack(messages.get(0), iface.config);
    }

    /** Stores one message of a call (once: a message seen before is logged as a duplicate), or throws. */
    private void store(IncomingInterface iface, String name, Message message, AstQueueSettings queue) throws IOException {
        // from= is the SMS's sender and itsp_id= the ITSP's id (Twilio's MessageSid): text from outside, escaped so that
        // it cannot forge a log line. file= is the call file's name in outgoingdir, as Asterisk's log names it, or the
        // inbox entry's id.
        String to = LogText.escape(message.to());
        String from = LogText.escape(message.from());
        String[] published = new String[1];
        String scope = iface.config.provider() + "\u0000" + iface.config.index() + "\u0000";
        MessageIds seen = message.id().isPresent() ? ids : contents;
        Optional<OptOutKeywords.Change> change = iface.optOut ? OptOutKeywords.of(message.body()) : Optional.empty();
        // The list changes before the message is stored, both before the ack: when either fails the ITSP gets 503 and
        // sends the webhook again, which changes the list again (harmless) and stores the message once.
        MessageIds.Store publish = () -> {
            if (change.isPresent()) {
                changeOptOut(name, change.get(), message);
            }
            published[0] = handover.take(message, queue);
        };
        if (seen != null) {
            String key = scope + message.id().orElse(message.to() + "\u0000" + message.from() + "\u0000" + message.body());
            boolean stored = message.id().isPresent() || iface.contentWindow.isEmpty()
                    ? seen.storeOnce(key, publish)
                    : seen.storeOnce(key, iface.contentWindow.get(), publish);
            if (!stored) {
                LOG.log(Level.INFO, "in interface={0} result=DUPLICATE to={1} from={2} itsp_id={3} file=-", name, to, from,
                        LogText.escape(message.id().orElse("(same text)")));
                metrics.inbound(name, Metrics.DUPLICATE);
                return;
            }
        } else {
            publish.store();
        }
        LOG.log(Level.INFO, "in interface={0} result=STORED to={1} from={2} itsp_id={3} file={4}", name, to, from,
                LogText.escape(message.id().orElse("-")), LogText.escape(published[0]));
        metrics.inbound(name, Metrics.STORED);
    }

    /** Puts the sender of {@code message} on the opt-out list for the number it wrote to, or takes it off. */
    private void changeOptOut(String name, OptOutKeywords.Change change, Message message) throws IOException {
        boolean changed;
        try {
            changed = change == OptOutKeywords.Change.STOP
                    ? optOuts.add(new OptOut(message.to(), message.from(), Instant.now(),
                    OptOutKeywords.keyword(message.body()).toUpperCase(java.util.Locale.ROOT) + " on interface " + name))
                    : optOuts.remove(message.to(), message.from());
        } catch (IOException e) {
            throw new IOException("the opt-out list cannot be changed (" + change + "): " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "in interface={0} optout={1} to={2} from={3} result={4}", name, change, LogText.escape(message.to()),
                LogText.escape(message.from()), changed ? (change == OptOutKeywords.Change.STOP ? "LISTED" : "UNLISTED")
                        : (change == OptOutKeywords.Change.STOP ? "ALREADY_LISTED" : "NOT_LISTED"));
        if (changed) {
            metrics.optOuts().inc(name, change.name().toLowerCase(java.util.Locale.ROOT));
        }
    }
}
