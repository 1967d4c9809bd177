package io.websms.runtime.amidelivery;

import io.websms.api.Message;
import io.websms.runtime.ami.AmiAuthenticationException;
import io.websms.runtime.ami.AmiClient;
import io.websms.runtime.ami.AmiSettings;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.asterisk.Handover;
import io.websms.runtime.config.AmiDeliverySettings;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.inbox.InboxEntry;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.HttpTransport;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [astqueue] delivery = ami}: an accepted incoming SMS is stored in the inbox (durably, before the ITSP is
 * answered) and the {@link Courier} hands it to Asterisk over the AMI, by {@code Originate} into the dialplan
 * ({@code ami_mode = dialplan}) or by {@code MessageSend} to every registered device ({@code ami_mode = direct}),
 * keeping it while Asterisk or the phone cannot take it. websmsd needs no access to Asterisk's spool, so it can run on
 * another host.
 */
public final class AmiHandover implements Handover, AutoCloseable {

    private final AmiDeliverySettings settings;
    private final InboxStore store;
    private final AmiClient ami;
    private final Courier courier;
    private final Clock clock;

    private AmiHandover(AmiDeliverySettings settings, InboxStore store, AmiClient ami, Courier courier, Clock clock) {
        this.settings = settings;
        this.store = store;
        this.ami = ami;
        this.courier = courier;
        this.clock = clock;
    }

    /**
     * Connects to the AMI (or keeps trying in the background while Asterisk is down) and starts delivering what
     * {@code store} holds.
     *
     * @throws AmiAuthenticationException when Asterisk refuses {@code ami_user} / {@code ami_secret}
     * @throws IllegalArgumentException   when {@code queue} does not ask for delivery over the AMI
     */
    public static AmiHandover start(AstQueueSettings queue, InboxStore store, Metrics metrics) throws AmiAuthenticationException {
        AmiDeliverySettings ami = queue.ami().orElseThrow(() -> new IllegalArgumentException("delivery is not ami"));
        return start(queue, store, metrics, AmiSettings.of(ami.host(), ami.port(), ami.user(), ami.secret()), Clock.systemUTC());
    }

    /** {@link #start(AstQueueSettings, InboxStore, Metrics)} with these client settings and this clock (tests). */
    public static AmiHandover start(AstQueueSettings queue, InboxStore store, Metrics metrics, AmiSettings client, Clock clock)
            throws AmiAuthenticationException {
        AmiDeliverySettings settings = queue.ami().orElseThrow(() -> new IllegalArgumentException("delivery is not ami"));
        AmiClient ami = new AmiClient(client);
        Handoff handoff = settings.mode() == AmiDeliverySettings.Mode.DIRECT
                ? new DirectHandoff(ami, new EndpointDirectory(ami, settings)) : new DialplanHandoff(ami);
        Courier courier = new Courier(store, handoff, ami, queue, metrics,
                new WaitingCopy(settings.notifyAfter(), settings.notifyUrl(), new HttpTransport()), clock);
        try {
            ami.startInBackground();
        } catch (AmiAuthenticationException | RuntimeException e) {
            ami.close();
            throw e;
        }
        courier.start();
        AmiHandover handover = new AmiHandover(settings, store, ami, courier, clock);
        metrics.gauge("websms_inbox_messages", "Incoming SMS waiting in the inbox for Asterisk (delivery = ami).", courier::waiting);
        metrics.gauge("websms_inbox_oldest_seconds", "Seconds the oldest incoming SMS in the inbox has waited; 0 when none waits.",
                () -> handover.oldestWait().toMillis() / 1000.0);
        metrics.gauge("websms_ami_connected", "1 while the AMI session is open and logged in, else 0.", () -> ami.isConnected() ? 1 : 0);
        return handover;
    }

    @Override
    public void check(Message message, AstQueueSettings queue) {
        if (settings.mode() == AmiDeliverySettings.Mode.DIRECT) {
            CallFile.checkNumbers(message); // what a MessageSend carries: the same numbers as a call file
        } else {
            DialplanHandoff.originate(message, queue);
        }
    }

    @Override
    public String take(Message message, AstQueueSettings queue) throws IOException {
        check(message, queue);
        InboxEntry stored = store.add(InboxEntry.of("", message, clock.instant()));
        courier.taken();
        courier.wake();
        return stored.id();
    }

    /** Takes {@code queue} (channel_context, context, …) for the next deliveries; the AMI settings stay as started. */
    public void reconfigure(AstQueueSettings queue) {
        courier.reconfigure(queue);
    }

    @Override
    public Health health() {
        Map<String, String> checks = new LinkedHashMap<>();
        Optional<String> inboxProblem = store.problem();
        checks.put("inbox", inboxProblem.isEmpty() ? "UP" : "DOWN");
        checks.put("ami", ami.isConnected() ? "UP" : "DOWN");
        int waiting = courier.waiting();
        Optional<String> degraded = ami.isConnected() || waiting == 0 ? Optional.empty()
                : Optional.of("the AMI at " + settings.address() + " is not connected: " + waiting + " incoming SMS wait in the inbox, the oldest for "
                + oldestWait().toSeconds() + " s; they are delivered when it is back");
        return new Health(checks, inboxProblem, degraded);
    }

    /** How long the oldest message in the inbox has waited. */
    Duration oldestWait() {
        Instant oldest = courier.oldest();
        return oldest == null ? Duration.ZERO : Duration.between(oldest, clock.instant());
    }

    /** Makes the courier look at the inbox now, rather than at its next rescan (tests that move the clock). */
    void wake() {
        courier.wake();
    }

    /** The AMI client (for tests and health). */
    public AmiClient ami() {
        return ami;
    }

    /** Stops delivering; a shared inbox gets back the destinations this daemon held, for the other daemons at once. */
    @Override
    public void close() {
        courier.close();
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                System.getLogger(AmiHandover.class.getName()).log(System.Logger.Level.WARNING, "inbox: closing {0} failed: {1}", store, e.toString());
            }
        }
        ami.close();
    }
}
