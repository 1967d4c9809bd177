package io.websms.runtime.ami;

import io.websms.runtime.asterisk.AsteriskLines;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A client of the Asterisk Manager Interface: one TCP session, logged in, kept alive and opened again when it drops.
 *
 * <p>{@link #start()} connects, reads the banner ({@code Asterisk Call Manager/…}) and logs in, or fails with
 * {@link AmiUnreachableException} or {@link AmiAuthenticationException}. {@link #send} gives each action a unique
 * {@code ActionID} and a future that its {@code Response} completes (or a timeout, or the session dropping before the
 * answer: an action sent may or may not have been carried out then, so it is never sent twice). Messages with an
 * {@code Event} header go to the listeners, on one thread of their own. A Ping every {@code pingInterval} notices a
 * dead session; a dropped session is opened again after a wait that doubles up to {@code backoffMax}, and logged in
 * again; actions sent meanwhile wait in the queue (up to their timeout). Both queues are bounded: one action more
 * than {@code maxOutstanding} is refused at once, events beyond {@code maxEvents} are dropped and counted.
 */
public final class AmiClient implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AmiClient.class.getName());
    private static final String BANNER = "Asterisk Call Manager/";
    private static final int MAX_READ_LINE = 1 << 20;
    private static final AtomicLong CLIENTS = new AtomicLong();

    private record Outgoing(String id, String name, AmiMessage action, CompletableFuture<AmiMessage> future) {
    }

    /** An action whose outcome comes later as an event with its ActionID ({@code OriginateResponse}). */
    private record AwaitedEvent(String event, CompletableFuture<AmiMessage> future) {
    }

    /** One open, logged-in connection. */
    private record Session(Socket socket, InputStream in, OutputStream out) {
        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all that is left to do
            }
        }
    }

    private final AmiSettings settings;
    private final String idPrefix = "websms-" + CLIENTS.incrementAndGet() + "-" + Long.toHexString(System.currentTimeMillis()) + "-";
    private final AtomicLong ids = new AtomicLong();
    private final Semaphore outstanding;
    private final BlockingQueue<Outgoing> outgoing = new LinkedBlockingQueue<>();
    private final Map<String, Outgoing> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AwaitedEvent> awaitedEvents = new ConcurrentHashMap<>();
    private final List<Consumer<AmiMessage>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> loginListeners = new CopyOnWriteArrayList<>();
    private final BlockingQueue<AmiMessage> events;
    private final AtomicLong droppedEvents = new AtomicLong();
    private final ScheduledExecutorService timer;
    private volatile Session session;
    private volatile boolean closed;
    private boolean started;
    private Thread supervisor;
    private Thread dispatcher;

    public AmiClient(AmiSettings settings) {
        this.settings = settings;
        this.outstanding = new Semaphore(settings.maxOutstanding());
        this.events = new ArrayBlockingQueue<>(settings.maxEvents());
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ami-timer " + settings.address()).factory());
    }

    /** A client, started: connected and logged in. */
    public static AmiClient connect(AmiSettings settings) throws AmiException {
        AmiClient client = new AmiClient(settings);
        try {
            client.start();
            return client;
        } catch (AmiException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Adds a listener for events ({@code Event:} messages); it runs on the client's event thread, one event at a time. */
    public void addListener(Consumer<AmiMessage> listener) {
        listeners.add(listener);
    }

    /**
     * Adds a listener told after every login, the first and each one after a dropped session (on the client's
     * reader thread: keep it short): events may have been missed while there was no session, whatever the
     * {@code eventfilter} of the AMI user lets through.
     */
    public void addLoginListener(Runnable listener) {
        loginListeners.add(listener);
    }

    /**
     * Connects, reads the banner and logs in; from then on the client keeps the session alive and opens it again when
     * it drops.
     *
     * @throws AmiUnreachableException   when nothing answers at the address, or what answers is no AMI
     * @throws AmiAuthenticationException when Asterisk refuses the user and secret
     */
    public synchronized void start() throws AmiException {
        if (started || closed) {
            throw new IllegalStateException("the AMI client for " + settings.address() + " was started or closed already");
        }
        Session first = open();
        started = true;
        dispatcher = Thread.ofPlatform().daemon().name("ami-events " + settings.address()).start(this::dispatchEvents);
        session = first;
        LOG.log(Level.INFO, "AMI: logged in as {0} at {1}", settings.user(), settings.address());
        supervisor = Thread.ofPlatform().daemon().name("ami-reader " + settings.address()).start(() -> supervise(first));
        long ping = settings.pingInterval().toMillis();
        timer.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts without waiting for Asterisk: connects and logs in now when it can, and otherwise keeps trying in the
     * background (with the backoff of a dropped session), so that a daemon can start while Asterisk is down.
     *
     * @throws AmiAuthenticationException when Asterisk answers and refuses the user and secret: trying again would not help
     */
    public synchronized void startInBackground() throws AmiAuthenticationException {
        if (started || closed) {
            throw new IllegalStateException("the AMI client for " + settings.address() + " was started or closed already");
        }
        Session first;
        try {
            first = open();
            LOG.log(Level.INFO, "AMI: logged in as {0} at {1}", settings.user(), settings.address());
        } catch (AmiAuthenticationException e) {
            throw e;
        } catch (AmiException e) {
            first = null;
            LOG.log(Level.WARNING, "AMI: {0}; trying again in the background", e.getMessage());
        }
        started = true;
        dispatcher = Thread.ofPlatform().daemon().name("ami-events " + settings.address()).start(this::dispatchEvents);
        session = first;
        Session opened = first;
        supervisor = Thread.ofPlatform().daemon().name("ami-reader " + settings.address()).start(() -> supervise(opened));
        long ping = settings.pingInterval().toMillis();
        timer.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    }

    /**
     * Sends {@code action}, whose outcome Asterisk reports later in an event carrying its {@code ActionID} (an
     * {@code Originate} with {@code Async: true} and its {@code OriginateResponse}). The future completes with that
     * event, or with the {@code Response} when it says {@code Error}; it fails as {@link #send}'s does, or with a
     * {@link TimeoutException} when the event has not come within {@code wait} after the response.
     */
    public CompletableFuture<AmiMessage> sendForEvent(AmiMessage action, String event, java.time.Duration wait) {
        CompletableFuture<AmiMessage> outcome = new CompletableFuture<>();
        String[] id = new String[1];
        CompletableFuture<AmiMessage> response = send(action, sent -> {
            id[0] = sent;
            awaitedEvents.put(sent, new AwaitedEvent(event, outcome));
        });
        response.whenComplete((answer, failure) -> {
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else if (!answer.get("Response").orElse("").equalsIgnoreCase("Success")) {
                outcome.complete(answer);
            } else {
                try {
                    timer.schedule(() -> outcome.completeExceptionally(new TimeoutException("no " + event + " from the AMI at "
                            + settings.address() + " within " + wait.toMillis() + " ms (ActionID " + id[0] + ")")), wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    outcome.completeExceptionally(new AmiException("the AMI client for " + settings.address() + " is closed"));
                }
            }
        });
        outcome.whenComplete((result, failure) -> awaitedEvents.remove(id[0]));
        return outcome;
    }

    /**
     * Sends {@code action} with an {@code ActionID} of its own; the future completes with Asterisk's {@code Response}
     * message (which may say {@code Error}: look at {@code Response} and {@code Message}), or fails with a
     * {@link TimeoutException} after the timeout, or with an {@link AmiException} when the session drops first or the
     * client is closed. While the session is down the action waits for it (up to its timeout).
     *
     * @throws IllegalArgumentException   when the message has no {@code Action} header, or has an {@code ActionID}
     * @throws RejectedExecutionException when {@code maxOutstanding} actions are waiting for their answer already
     */
    public CompletableFuture<AmiMessage> send(AmiMessage action) {
        return send(action, id -> {
        });
    }

    /** {@link #send}, telling {@code beforeSending} the ActionID before the action can reach Asterisk. */
    private CompletableFuture<AmiMessage> send(AmiMessage action, Consumer<String> beforeSending) {
        String name = action.get("Action").orElseThrow(() -> new IllegalArgumentException("an AMI action needs an 'Action' header: " + action));
        if (action.get("ActionID").isPresent()) {
            throw new IllegalArgumentException("the AMI client sets ActionID itself to match the answer: remove it from " + action);
        }
        if (closed) {
            return CompletableFuture.failedFuture(new AmiException("the AMI client for " + settings.address() + " is closed: Action: " + name + " not sent"));
        }
        if (!outstanding.tryAcquire()) {
            throw new RejectedExecutionException("the AMI client for " + settings.address() + " has " + settings.maxOutstanding()
                    + " actions waiting for an answer already (maxOutstanding): Action: " + name + " refused; Asterisk is slow or unreachable");
        }
        String id = idPrefix + ids.incrementAndGet();
        CompletableFuture<AmiMessage> future = new CompletableFuture<>();
        Outgoing item = new Outgoing(id, name, action.toBuilder().add("ActionID", id).build(), future);
        ScheduledFuture<?> timeout;
        try {
            timeout = timer.schedule(() -> {
                future.completeExceptionally(new TimeoutException("no answer from the AMI at " + settings.address() + " to Action: " + name
                        + " (ActionID " + id + ") within " + settings.timeout().toMillis() + " ms"));
            }, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            outstanding.release();
            return CompletableFuture.failedFuture(new AmiException("the AMI client for " + settings.address() + " is closed: Action: " + name + " not sent"));
        }
        future.whenComplete((answer, failure) -> {
            timeout.cancel(false);
            outgoing.remove(item);
            inFlight.remove(id);
            outstanding.release();
        });
        beforeSending.accept(id);
        outgoing.add(item);
        return future;
    }

    /** Whether a session is open and logged in now. */
    public boolean isConnected() {
        return session != null;
    }

    /** How many events were dropped because the listeners did not keep up. */
    public long droppedEvents() {
        return droppedEvents.get();
    }

    public AmiSettings settings() {
        return settings;
    }

    /** Ends the session and the client's threads; actions still waiting fail. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        Session current = session;
        if (current != null) {
            current.close();
        }
        for (Thread thread : new Thread[] {supervisor, dispatcher}) {
            if (thread != null) {
                thread.interrupt();
            }
        }
        if (supervisor != null) {
            try {
                supervisor.join(settings.timeout().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        failAll(outgoing.stream().toList(), "the AMI client was closed before the action was sent");
        failAll(List.copyOf(inFlight.values()), "the AMI client was closed before the answer came");
    }

    /** Opens a TCP connection, checks the banner and logs in. */
    private Session open() throws AmiException {
        Socket socket = new Socket();
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        try {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
            socket.setSoTimeout(timeout);   // for the banner and the login only
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String banner = readLine(in);
            if (banner == null) {
                throw new AmiUnreachableException(settings.address(), "the connection closed before the AMI banner");
            }
            if (!banner.startsWith(BANNER)) {
                throw new AmiUnreachableException(settings.address(), "it answered '" + shorten(banner) + "', not the AMI banner '" + BANNER + "…'");
            }
            String id = idPrefix + ids.incrementAndGet();
            AmiMessage login;
            try {
                login = AmiMessage.action("Login").add("Username", settings.user()).add("Secret", settings.secret()).add("ActionID", id).build();
            } catch (IllegalArgumentException e) {
                throw new AmiAuthenticationException(settings.user(), settings.address(), "not sent: " + e.getMessage());
            }
            out.write(login.toWire());
            out.flush();
            while (true) {
                AmiMessage message = readMessage(in);
                if (message == null) {
                    throw new AmiUnreachableException(settings.address(), "the connection closed during the login");
                }
                if (message.get("Event").isPresent()) {
                    offerEvent(message);
                } else if (message.get("Response").isPresent() && message.get("ActionID").filter(id::equals).isPresent()) {
                    if (message.get("Response").get().equalsIgnoreCase("Success")) {
                        break;
                    }
                    throw new AmiAuthenticationException(settings.user(), settings.address(), message.get("Message").orElse(""));
                }
            }
            socket.setSoTimeout(0);   // from here on the Ping notices a dead session
            return new Session(socket, in, out);
        } catch (AmiException e) {
            closeQuietly(socket);
            throw e;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new AmiUnreachableException(settings.address(), "no answer within " + settings.timeout().toMillis() + " ms", e);
        } catch (UnknownHostException e) {
            closeQuietly(socket);
            throw new AmiUnreachableException(settings.address(), "unknown host " + settings.host(), e);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(socket);
            throw new AmiUnreachableException(settings.address(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    /** Runs sessions one after another until the client is closed, waiting longer after each failed try. */
    private void supervise(Session first) {
        Session current = first;
        long backoff = settings.backoffMin().toMillis();
        while (!closed) {
            if (current != null) {
                String reason = run(current);
                backoff = settings.backoffMin().toMillis();
                if (closed) {
                    return;
                }
                LOG.log(Level.WARNING, "AMI: the session to {0} ended ({1}); opening it again", settings.address(), reason);
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            try {
                current = open();
                LOG.log(Level.INFO, "AMI: logged in again as {0} at {1}", settings.user(), settings.address());
            } catch (AmiException e) {
                current = null;
                backoff = Math.min(backoff * 2, settings.backoffMax().toMillis());
                LOG.log(Level.WARNING, "AMI: {0}; next try in {1} ms", e.getMessage(), String.valueOf(backoff));
            }
        }
    }

    /** Reads one session until it ends; a writer thread sends the queued actions meanwhile. The reason it ended. */
    private String run(Session current) {
        session = current;
        for (Runnable listener : loginListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "AMI: a login listener failed", e);
            }
        }
        Thread writer = Thread.ofPlatform().daemon().name("ami-writer " + settings.address()).start(() -> write(current));
        String reason;
        try {
            AmiMessage message;
            while ((message = readMessage(current.in())) != null) {
                dispatch(message);
            }
            reason = "Asterisk closed the connection";
        } catch (IOException e) {
            reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        } finally {
            session = null;
            current.close();
        }
        writer.interrupt();
        try {
            writer.join(settings.timeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Sent but unanswered: Asterisk may have carried it out, so it is failed, never sent again.
        failAll(List.copyOf(inFlight.values()), "the connection dropped before the answer; the action may or may not have been carried out");
        for (Map.Entry<String, AwaitedEvent> awaited : List.copyOf(awaitedEvents.entrySet())) {
            awaited.getValue().future().completeExceptionally(new AmiUnreachableException(settings.address(),
                    "the connection dropped before the " + awaited.getValue().event() + "; the action may or may not have been carried out (ActionID "
                            + awaited.getKey() + ")"));
        }
        return reason;
    }

    private void write(Session current) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Outgoing item = outgoing.take();
                if (item.future().isDone()) {
                    continue;
                }
                inFlight.put(item.id(), item);
                try {
                    current.out().write(item.action().toWire());
                    current.out().flush();
                } catch (IOException e) {
                    inFlight.remove(item.id());
                    item.future().completeExceptionally(new AmiUnreachableException(settings.address(),
                            "sending Action: " + item.name() + " failed: " + e.getMessage(), e));
                    current.close();
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the session ended
        }
    }

    private void dispatch(AmiMessage message) {
        if (message.get("Event").isPresent()) {
            Optional<String> id = message.get("ActionID");
            AwaitedEvent awaited = id.isPresent() ? awaitedEvents.get(id.get()) : null;
            if (awaited != null && message.get("Event").get().equalsIgnoreCase(awaited.event())) {
                awaited.future().complete(message);
            }
            offerEvent(message);
            return;
        }
        Optional<String> id = message.get("ActionID");
        if (message.get("Response").isPresent() && id.isPresent()) {
            Outgoing item = inFlight.remove(id.get());
            if (item != null) {
                item.future().complete(message);
                return;
            }
        }
        LOG.log(Level.DEBUG, "AMI: a message that answers no waiting action: {0}", message);
    }

    private void offerEvent(AmiMessage event) {
        if (!events.offer(event)) {
            long dropped = droppedEvents.incrementAndGet();
            if (Long.bitCount(dropped) == 1) {   // 1, 2, 4, 8, ...: a trace without a flood
                LOG.log(Level.WARNING, "AMI: {0} events dropped so far from {1}: the listeners do not keep up ({2} waiting)",
                        String.valueOf(dropped), settings.address(), String.valueOf(settings.maxEvents()));
            }
        }
    }

    private void dispatchEvents() {
        try {
            while (!closed) {
                AmiMessage event = events.take();
                for (Consumer<AmiMessage> listener : listeners) {
                    try {
                        listener.accept(event);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "AMI: an event listener failed on " + event.get("Event").orElse("?"), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            // closed
        }
    }

    private void ping() {
        Session current = session;
        if (current == null || closed) {
            return;
        }
        try {
            send(AmiMessage.action("Ping").build()).whenComplete((answer, failure) -> {
                if (failure != null && session == current) {
                    LOG.log(Level.WARNING, "AMI: {0} did not answer a Ping ({1}): dropping the session to open it again",
                            settings.address(), failure.getMessage());
                    current.close();
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.log(Level.DEBUG, "AMI: no Ping sent, the queue is full");
        }
    }

    private void failAll(List<Outgoing> items, String why) {
        for (Outgoing item : items) {
            item.future().completeExceptionally(new AmiUnreachableException(settings.address(), why + " (Action: " + item.name()
                    + ", ActionID " + item.id() + ")"));
        }
    }

    /** A message: lines up to an empty line, empty lines before it skipped. Null at the end of the stream. */
    private static AmiMessage readMessage(InputStream in) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                return null;
            }
            if (line.isEmpty()) {
                if (headers.isEmpty()) {
                    continue;
                }
                return AmiMessage.received(headers);
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                headers.add(Map.entry("", line));
            } else {
                String value = line.substring(colon + 1);
                headers.add(Map.entry(line.substring(0, colon), value.startsWith(" ") ? value.substring(1) : value));
            }
        }
    }

    /** A line without its CRLF (or LF), as UTF-8; null at the end of the stream. */
    private static String readLine(InputStream in) throws IOException {
        return AsteriskLines.read(in, MAX_READ_LINE, "AMI");
    }

    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }
}
