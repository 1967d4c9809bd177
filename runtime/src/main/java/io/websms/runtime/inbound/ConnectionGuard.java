package io.websms.runtime.inbound;

import io.websms.runtime.config.CidrList;
import io.websms.runtime.metrics.CounterFamily;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps idle, trickling and crowding connections from holding the webhook server's connection slots, which Helidon
 * 4.5 does not do by itself: it reads a request head with no deadline, and a connection that sends nothing is never
 * reaped. Every accepted connection is registered here (Helidon hands it over through its socket options) and
 * closed when
 * <ul>
 *   <li>its client address already holds {@code maxPerAddress} connections (trusted proxies excepted);</li>
 *   <li>it has not delivered a complete request head {@code headTimeout} after it opened;</li>
 *   <li>it has not delivered the next request head {@code idleTimeout} after the previous answer.</li>
 * </ul>
 * Closing the channel ends Helidon's blocked read, which frees the slot. A request in progress is never cut here:
 * its body has a deadline of its own ({@link ReadDeadline}).
 */
public final class ConnectionGuard implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ConnectionGuard.class.getName());
    private static final long IN_REQUEST = Long.MAX_VALUE;
    /** How long a connection answered with {@code Connection: close} may still send before it is closed whole. */
    private static final long CLOSE_LINGER_NANOS = 1_000_000_000L;

    private final long headTimeoutNanos;
    private final long idleTimeoutNanos;
    private final int maxPerAddress;
    private final int maxConnections;
    private final CidrList trustedProxies;
    private final Map<SocketAddress, Tracked> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Integer> perAddress = new ConcurrentHashMap<>();
    private final CounterFamily closed;
    private final ScheduledExecutorService sweeper;

    private static final class Tracked {
        final SocketChannel channel;
        /** The client address counted against maxPerAddress; null for a trusted proxy. */
        final InetAddress address;
        /** System.nanoTime() by which the next request head must be complete, or IN_REQUEST. */
        volatile long deadline;
        volatile boolean idle;
        volatile boolean closing;

        Tracked(SocketChannel channel, InetAddress address, long deadline) {
            this.channel = channel;
            this.address = address;
            this.deadline = deadline;
        }
    }

    /**
     * @param headTimeout    how long a new connection may take to deliver its first request head
     * @param idleTimeout    how long a kept-alive connection may take to deliver its next request head
     * @param maxPerAddress  connections one client address may hold at once
     * @param maxConnections the server's connection limit, for {@link #saturated()}
     * @param trustedProxies addresses exempt from {@code maxPerAddress} (a reverse proxy carries every client)
     * @param closed         counts the connections closed here, by reason
     */
    public ConnectionGuard(java.time.Duration headTimeout, java.time.Duration idleTimeout, int maxPerAddress, int maxConnections,
                           CidrList trustedProxies, CounterFamily closed) {
        this.closed = closed;
        this.headTimeoutNanos = headTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.maxPerAddress = maxPerAddress;
        this.maxConnections = maxConnections;
        this.trustedProxies = trustedProxies;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> Thread.ofPlatform().name("websms-connection-guard").daemon(true).unstarted(task));
        long period = Math.max(50, Math.min(1000, Math.min(headTimeout.toMillis(), idleTimeout.toMillis()) / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** A connection Helidon just accepted: tracked, or closed at once when its address holds too many. */
    public void accepted(SocketChannel channel) {
        SocketAddress remote;
        try {
            remote = channel.getRemoteAddress();
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
        boolean trusted = trustedProxies.contains(address);
        // A connection that just closed may not have been swept yet: look again before refusing a busy client.
        if (!trusted && !admit(address) && (reclaimClosed() == 0 || !admit(address))) {
            closed.inc("too_many_from_address");
            LOG.log(Level.DEBUG, "webhook connection from {0} closed: it holds {1} already", address.getHostAddress(), maxPerAddress);
            closeQuietly(channel);
            return;
        }
        Tracked previous = open.put(remote, new Tracked(channel, trusted ? null : address, System.nanoTime() + headTimeoutNanos));
        if (previous != null) { // the same client port again: the earlier connection is gone
            closeQuietly(previous.channel);
            release(previous.address);
        }
    }

    /** Counts one more connection of {@code address}, unless it holds the most it may. */
    private boolean admit(InetAddress address) {
        boolean[] admitted = {false};
        perAddress.compute(address, (a, held) -> {
            int count = held == null ? 0 : held;
            if (count >= maxPerAddress) {
                return held;
            }
            admitted[0] = true;
            return count + 1;
        });
        return admitted[0];
    }

    /** A request head from {@code peer} is complete: its connection is no longer cut until the answer is sent. */
    public void requestStarted(SocketAddress peer) {
        Tracked tracked = open.get(peer);
        if (tracked != null) {
            if (!tracked.closing) {
                tracked.deadline = IN_REQUEST;
                tracked.idle = false;
            }
        }
    }

    /**
     * The answer to {@code peer} is sent: its next request head must come within the idle timeout. With
     * {@code close} (the request or the answer said {@code Connection: close}), the connection is ended now, which
     * Helidon 4.5 does not do: the client reads to the end of the answer, then sees the connection end.
     */
    public void requestEnded(SocketAddress peer, boolean close) {
        Tracked tracked = open.get(peer);
        if (tracked == null) {
            return;
        }
        if (close) {
            tracked.closing = true;
            tracked.deadline = System.nanoTime() + CLOSE_LINGER_NANOS;
            try {
                // A half close first: a client still sending (cut off with 408) gets the answer, not a reset.
                tracked.channel.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(tracked.channel);
            }
        } else {
            tracked.idle = true;
            tracked.deadline = System.nanoTime() + idleTimeoutNanos;
        }
    }

    /** Connections open now. */
    public int openConnections() {
        return open.size();
    }

    /** The most connections the server accepts. */
    public int maxConnections() {
        return maxConnections;
    }

    /** True when every connection slot is taken: no new webhook can reach the server until one frees. */
    public boolean saturated() {
        return open.size() >= maxConnections;
    }

    /** Forgets the connections that are closed already; how many. */
    private int reclaimClosed() {
        int reclaimed = 0;
        for (Map.Entry<SocketAddress, Tracked> entry : open.entrySet()) {
            if (!entry.getValue().channel.isOpen() && open.remove(entry.getKey(), entry.getValue())) {
                release(entry.getValue().address);
                reclaimed++;
            }
        }
        return reclaimed;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Map.Entry<SocketAddress, Tracked> entry : open.entrySet()) {
            Tracked tracked = entry.getValue();
            boolean closed = !tracked.channel.isOpen();
            long deadline = tracked.deadline;
            if (!closed && deadline != IN_REQUEST && now - deadline > 0) {
                if (!tracked.closing) {
                    this.closed.inc(tracked.idle ? "idle_timeout" : "head_timeout");
                }
                closeQuietly(tracked.channel);
                closed = true;
            }
            if (closed && open.remove(entry.getKey(), tracked)) {
                release(tracked.address);
            }
        }
    }

    /** One connection of {@code address} fewer; null (a trusted proxy) counts nothing. */
    private void release(InetAddress address) {
        if (address != null) {
            perAddress.computeIfPresent(address, (a, held) -> held <= 1 ? null : held - 1);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
