package io.websms.runtime.outbox;

import io.websms.api.DeliveryStatus;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.LogText;
import io.websms.api.Message;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.outbound.SendJournal;
import io.websms.runtime.outbound.Trace;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Store and forward for outgoing SMS: a message the ITSP could not take now (no connection, a timeout, 429, 5xx,
 * after the sender's own retries) is stored durably before the dialplan hears {@code QUEUED}, and tried again with
 * doubling waits ({@code retry_delay}, at most ten minutes apart) until the ITSP takes or refuses it, or it is older
 * than {@code retry_max_age}, when it goes to the dead letters with its last reason. A refusal is never queued.
 * Messages to one destination go out in the order they came: while one waits, the next ones queue behind it.
 * How each message leaves (sent, rejected, failed, expired) goes to the {@link SendJournal}, under its own id.
 */
public final class Outbox implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);

    private final MessageStore store;
    private final Outbound outbound;
    private final int capacity;
    private final Clock clock;
    private final Metrics metrics;
    private final SendJournal journal;
    private final Object delivering = new Object();
    private final Thread loop;
    private volatile boolean closed;

    private Outbox(MessageStore store, Outbound outbound, Clock clock, Duration tick, int capacity, Metrics metrics,
                   SendJournal journal) throws IOException {
        this.store = store;
        this.metrics = metrics;
        this.journal = journal;
        this.outbound = outbound;
        this.capacity = capacity;
        this.clock = clock;
        this.loop = Thread.ofPlatform().name("outbox").daemon(true).unstarted(() -> {
            boolean more = false;
            while (!closed) {
                try {
                    // Straight on while passes send (a shared store gives a batch at a time), else a tick's rest.
                    if (!more) {
                        Thread.sleep(tick);
                    }
                    more = deliverDue();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException | IOException e) {
                    more = false;
                    LOG.log(Level.ERROR, "outbox: a delivery pass failed: {0}", e.toString());
                }
            }
        });
    }

    /** Starts delivering what {@code store} holds, checking every {@code tick}; the store holds 10,000 at most. */
    public static Outbox start(MessageStore store, Outbound outbound, Duration tick) throws IOException {
        return start(store, outbound, tick, 10_000);
    }

    /** Starts delivering what {@code store} holds, checking every {@code tick}; the store holds {@code capacity} at most. */
    public static Outbox start(MessageStore store, Outbound outbound, Duration tick, int capacity) throws IOException {
        return start(store, outbound, tick, capacity, new Metrics());
    }

    /**
     * Starts delivering what {@code store} holds, checking every {@code tick}; the store holds {@code capacity} at
     * most. Counts the fate of each delivery, and each delivery tried again, in {@code metrics}.
     */
    public static Outbox start(MessageStore store, Outbound outbound, Duration tick, int capacity, Metrics metrics) throws IOException {
        return start(store, outbound, tick, capacity, metrics, SendJournal.NONE);
    }

    /**
     * {@link #start(MessageStore, Outbound, Duration, int, Metrics)}, telling {@code journal} how each message
     * leaves the outbox.
     */
    public static Outbox start(MessageStore store, Outbound outbound, Duration tick, int capacity, Metrics metrics,
                               SendJournal journal) throws IOException {
        Outbox outbox = new Outbox(store, outbound, Clock.systemUTC(), tick, capacity, metrics, journal);
        outbox.loop.start();
        int queued = store.size();
        if (queued > 0) {
            LOG.log(Level.INFO, "outbox: {0} message(s) waiting from before", queued);
        }
        return outbox;
    }

    /** How many messages wait; -1 when the store cannot be read. */
    public int size() {
        try {
            return store.size();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbox: cannot count the waiting messages: {0}", e.getMessage());
            return -1;
        }
    }

    /**
     * Whether a message to {@code to} is waiting, so that a new one must queue behind it to keep the order. When the
     * store cannot say, false: the new message is sent rather than left without a place to wait.
     */
    public boolean isWaiting(String to) {
        try {
            return store.isWaiting(to);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "outbox: cannot tell whether a message to {0} waits: {1}", LogText.escape(to), e.getMessage());
            return false;
        }
    }

    /**
     * Stores {@code message}, a new message, for interface {@code index}; it is on disk when this returns.
     *
     * @return the id it waits under
     * @throws IOException when it cannot be stored, or the outbox is full (the caller must then report a failure)
     */
    public String enqueue(String index, Message message, String reason) throws IOException {
        return enqueue(index, message, reason, Trace.newMessage(null));
    }

    /**
     * Stores {@code message} for interface {@code index} under the id of {@code trace}, which every later attempt
     * logs; it is on disk when this returns.
     *
     * @return the id it waits under
     * @throws IOException when it cannot be stored, or the outbox is full (the caller must then report a failure)
     */
    public String enqueue(String index, Message message, String reason, Trace trace) throws IOException {
        int held = store.size();
        if (held >= capacity) {
            throw new IOException("the outbox is full (" + held + " messages, outbox_max)");
        }
        Instant now = clock.instant();
        QueuedMessage queued = store.add(new QueuedMessage(trace.id(), index, message, now, 0, now.plus(firstDelay(index)), reason));
        LOG.log(Level.INFO, "out interface={0} to={1} result=QUEUED {2} reason={3}", Metrics.interfaceLabel(index),
                LogText.escape(message.to()), new Trace(queued.id(), trace.call()).logFields(), LogText.escape(reason));
        return queued.id();
    }

    /**
     * One pass: tries every message that is due, oldest first, keeping the order per destination.
     *
     * @return whether a message left the outbox and each one taken was tried: another pass may find more at once
     */
    public boolean deliverDue() throws IOException {
        synchronized (delivering) {
            Set<String> blocked = new HashSet<>();
            List<QueuedMessage> messages = store.take(clock.instant());
            boolean left = false;
            boolean skipped = false;
            for (QueuedMessage message : messages) {
                String to = message.message().to();
                if (closed || blocked.contains(to)) {
                    store.release(message);
                    skipped = true;
                    continue;
                }
                Instant now = clock.instant();
                if (now.isAfter(message.created().plus(maxAge(message.index())))) {
                    store.bury(message);
                    left = true;
                    String iface = interfaceOf(message);
                    metrics.outboxDelivery(iface, Metrics.EXPIRED);
                    journal.changed(message.id(), config(message.index()).index(), DeliveryStatus.EXPIRED, "", "",
                            "not sent within retry_max_age: " + message.lastReason(), now);
                    LOG.log(Level.WARNING, "out interface={0} to={1} result=EXPIRED id={2} attempts={3} reason={4}",
                            iface, LogText.escape(to), LogText.escape(message.id()), message.attempts(), LogText.escape(message.lastReason()));
                    continue;
                }
                if (now.isBefore(message.nextAttempt()) || !admitted(message)) {
                    store.release(message);
                    blocked.add(to);
                    skipped = true;
                    continue;
                }
                if (attempt(message, now)) {
                    left = true;
                } else {
                    blocked.add(to);
                    skipped = true;
                }
            }
            return left && !skipped;
        }
    }

    /** Whether the rate limits let {@code message} go now (its tokens are then taken); a later pass tries again. */
    private boolean admitted(QueuedMessage message) {
        try {
            return outbound.admit(message.index(), message.message(), Duration.ZERO).taken();
        } catch (ConfigException e) {
            return true; // the attempt finds the interface gone and buries the message
        }
    }

    /** Tries one message; true when it left the outbox (sent, or refused for good). */
    private boolean attempt(QueuedMessage message, Instant now) throws IOException {
        SendResult result;
        String sentBy;
        try {
            // The message's own id, so that each attempt's log line names the message the dialplan heard QUEUED for.
            Outbound.Routed routed = outbound.route(message.index(), message.message(), Trace.of(message.id()));
            result = routed.result();
            sentBy = routed.interfaceIndex();
        } catch (ConfigException | InvalidMessageException e) {
            store.bury(message.failedAgain(now, "cannot be sent any more: " + e.getMessage()));
            metrics.outboxDelivery(interfaceOf(message), Metrics.EXPIRED);
            journal.changed(message.id(), config(message.index()).index(), DeliveryStatus.FAILED, "", "", "cannot be sent any more: " + e.getMessage(), now);
            // The index as stored: the one a changed configuration may no longer know, which is why it is dead.
            LOG.log(Level.WARNING, "out interface={0} to={1} result=DEAD id={2} reason={3}",
                    Metrics.interfaceLabel(message.index()), LogText.escape(message.message().to()), LogText.escape(message.id()), LogText.escape(e.getMessage()));
            return true;
        }
        switch (result.outcome()) {
            case SENT, REJECTED -> {
                store.remove(message);
                metrics.outboxDelivery(interfaceOf(message), result.isSent() ? Metrics.SENT : Metrics.REJECTED);
                if (result.isSent()) {
                    // The interface that sent it: another than the message's after a failover.
                    journal.changed(message.id(), sentBy, DeliveryStatus.SENT, result.messageId().orElse(""), "", "", clock.instant());
                } else {
                    journal.changed(message.id(), config(message.index()).index(), DeliveryStatus.REJECTED, "", "", result.reason(), clock.instant());
                }
                return true;
            }
            default -> {
                metrics.retries().inc(interfaceOf(message), "outbox");
                Duration wait = firstDelay(message.index()).multipliedBy(1L << Math.min(message.attempts() + 1, 20));
                if (wait.compareTo(LONGEST_WAIT) > 0) {
                    wait = LONGEST_WAIT;
                }
                // Never before the ITSP said (Retry-After), even beyond the longest wait of its own.
                Duration asked = result.retryAfter().orElse(Duration.ZERO);
                wait = asked.compareTo(wait) > 0 ? asked : wait;
                store.update(message.failedAgain(now.plus(wait), result.reason()));
                return false;
            }
        }
    }

    /** The interface {@code message} goes through, as logs and metrics name it. */
    private String interfaceOf(QueuedMessage message) {
        return Metrics.interfaceLabel(config(message.index()).index());
    }

    private Duration firstDelay(String index) {
        return seconds(config(index).value("retry_delay"), Duration.ofSeconds(1));
    }

    private Duration maxAge(String index) {
        return seconds(config(index).value("retry_max_age"), Duration.ofDays(1));
    }

    private InterfaceConfig config(String index) {
        try {
            return outbound.config(index);
        } catch (ConfigException e) {
            return InterfaceConfig.builder(io.websms.api.Direction.OUTBOUND).build();
        }
    }

    private static Duration seconds(String value, Duration fallback) {
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /**
     * Stops delivering; what waits stays in the store for the next start. A store that holds messages for this daemon
     * (a shared one) is closed, giving them back to the other daemons at once.
     */
    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        synchronized (delivering) {
            // wait for a pass in progress to end, so that nothing is sent after close
        }
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "outbox: closing {0} failed: {1}", store, e.toString());
            }
        }
    }
}
