package io.websms.runtime.amidelivery;

import io.websms.api.LogText;
import io.websms.runtime.ami.AmiClient;
import io.websms.runtime.ami.AmiMessage;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.inbox.InboxEntry;
import io.websms.runtime.inbox.InboxStore;
import io.websms.runtime.metrics.Metrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Empties the inbox into Asterisk, on one thread: oldest first, and in order per destination number (while one
 * message to a number waits, the later ones to it wait behind it). A held message is tried again after a wait that
 * doubles from 30 seconds up to 10 minutes, at once when a device of its endpoints registers ({@code ContactStatus})
 * or the AMI session is opened again ({@code FullyBooted}), and becomes a dead letter after {@code inbox_max_age}.
 * The inbox is read again on every pass, so that {@code websms inbox retry} and {@code purge} take effect. With an
 * inbox shared by several daemons, a pass works the destinations the store leases to this daemon ({@link InboxStore#take}).
 */
final class Courier implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Courier.class.getName());
    private static final Duration FIRST_WAIT = Duration.ofSeconds(30);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(10);
    /** How often the folder is read again when nothing happens. */
    private static final Duration RESCAN = Duration.ofSeconds(5);
    /** How long a stop waits for the delivery in progress (an Originate waits for its answer up to waittime). */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(20);

    private final InboxStore store;
    private final Handoff handoff;
    private final AmiClient ami;
    private final Metrics metrics;
    private final WaitingCopy copies;
    private final Clock clock;
    private final Thread loop;
    private volatile AstQueueSettings queue;
    /** The endpoints each held entry was found to belong to: their registration makes it due. */
    private final Map<String, List<String>> heldFor = new ConcurrentHashMap<>();
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private boolean woken = true;
    private volatile boolean allDue = true;
    private volatile boolean closed;
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private volatile Instant oldest;

    Courier(InboxStore store, Handoff handoff, AmiClient ami, AstQueueSettings queue, Metrics metrics, WaitingCopy copies, Clock clock) {
        this.store = store;
        this.handoff = handoff;
        this.ami = ami;
        this.queue = queue;
        this.metrics = metrics;
        this.copies = copies;
        this.clock = clock;
        ami.addListener(this::onEvent);
        // A new session: events may have been missed while there was none, so everything is tried again.
        ami.addLoginListener(() -> {
            allDue = true;
            wake();
        });
        this.loop = Thread.ofPlatform().name("ami-courier").daemon(true).unstarted(this::run);
    }

    void start() {
        loop.start();
    }

    /** Takes {@code settings} for the next messages (a reload). */
    void reconfigure(AstQueueSettings settings) {
        this.queue = settings;
    }

    /** A message was stored: deliver it now. */
    void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Messages in the inbox at the last look. */
    int waiting() {
        return waiting.get();
    }

    /** When the oldest message in the inbox arrived, at the last look; null when none waits. */
    Instant oldest() {
        return oldest;
    }

    void taken() {
        waiting.incrementAndGet();
    }

    private void onEvent(AmiMessage event) {
        String name = event.get("Event").orElse("");
        if (name.equalsIgnoreCase("FullyBooted")) {
            // Asterisk has (re)started and loaded everything: contacts it kept may be reachable again.
            allDue = true;
            wake();
        } else if (name.equalsIgnoreCase("ContactStatus")) {
            String status = event.get("ContactStatus").orElse("");
            String endpoint = event.get("EndpointName").orElse("");
            if (!endpoint.isEmpty() && !status.equalsIgnoreCase("Removed") && !status.equalsIgnoreCase("Unreachable")) {
                registered.add(endpoint);
                wake();
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                synchronized (signal) {
                    if (!woken && !closed) {
                        signal.wait(RESCAN.toMillis());
                    }
                    woken = false;
                }
                pass();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.ERROR, "inbox: a delivery pass failed ({0}); tried again in {1} s", e.toString(), RESCAN.toSeconds());
            }
        }
    }

    private void pass() throws IOException {
        boolean everything = allDue;
        allDue = false;
        Set<String> endpointsUp = new HashSet<>(registered);
        registered.removeAll(endpointsUp);
        InboxStore.Taken taken = store.take();
        waiting.set(taken.waiting());
        oldest = taken.oldest().orElse(null);
        try {
            deliver(taken.entries(), everything, endpointsUp);
        } finally {
            // A daemon without an AMI session gives back what a shared inbox leased it, so that one with a session delivers it.
            if (closed || !ami.isConnected()) {
                store.release();
            }
        }
    }

    private void deliver(List<InboxEntry> entries, boolean everything, Set<String> endpointsUp) throws IOException {
        AstQueueSettings settings = queue;
        Duration maxAge = settings.ami().orElseThrow().inboxMaxAge();
        Set<String> blocked = new HashSet<>();
        for (InboxEntry entry : entries) {
            if (closed) {
                return;
            }
            Instant now = clock.instant();
            String to = entry.message().to();
            if (Duration.between(entry.created(), now).compareTo(maxAge) > 0) {
                String reason = "waited longer than inbox_max_age (" + maxAge.toSeconds() + " s); last: " + entry.lastReason();
                store.bury(entry, reason);
                heldFor.remove(entry.id());
                metrics.amiDeliveries().inc("expired");
                LOG.log(Level.ERROR, "inbox id={0} to={1} result=EXPIRED reason={2} (websms inbox list shows the dead letters)",
                        entry.id(), LogText.escape(to), LogText.escape(reason));
                continue;
            }
            entry = copies.sendIfDue(entry, now, store);
            if (blocked.contains(to)) {
                continue;
            }
            List<String> endpoints = heldFor.getOrDefault(entry.id(), List.of());
            boolean due = everything || !entry.nextAttempt().isAfter(now) || endpoints.stream().anyMatch(endpointsUp::contains);
            if (!due || !ami.isConnected()) {
                blocked.add(to);
                continue;
            }
            long start = System.nanoTime();
            InboxEntry[] latest = {entry};
            Handoff.Outcome outcome = handoff.deliver(entry, settings, progress -> {
                store.update(progress);
                latest[0] = progress;
                return progress;
            });
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (outcome.delivered()) {
                store.remove(entry);
                heldFor.remove(entry.id());
                metrics.amiDeliveries().inc("delivered");
                LOG.log(Level.INFO, "inbox id={0} to={1} result=DELIVERED via={2} waited_ms={3} took_ms={4}", entry.id(), LogText.escape(to),
                        LogText.escape(outcome.detail()), Long.toString(Duration.between(entry.created(), now).toMillis()), Long.toString(millis));
                waiting.updateAndGet(n -> Math.max(0, n - 1));
            } else {
                Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(latest[0].attempts(), 5));
                InboxEntry held = latest[0].heldUntil(now.plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait), outcome.detail());
                store.update(held);
                heldFor.put(entry.id(), outcome.endpoints());
                blocked.add(to);
                metrics.amiDeliveries().inc("held");
                LOG.log(Level.INFO, "inbox id={0} to={1} result=HELD reason={2} next={3}", entry.id(), LogText.escape(to),
                        LogText.escape(outcome.detail()), held.nextAttempt());
            }
        }
    }

    /**
     * Stops after the delivery in progress has been recorded: interrupting it could leave a message Asterisk took
     * unrecorded in the inbox (an interrupted write), and the next start would deliver it again.
     */
    @Override
    public void close() {
        closed = true;
        wake();
        try {
            loop.join(CLOSE_WAIT.toMillis());
            if (loop.isAlive()) {
                LOG.log(Level.WARNING, "inbox: the delivery in progress did not end within {0} s; stopping it", CLOSE_WAIT.toSeconds());
                loop.interrupt();
                loop.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
