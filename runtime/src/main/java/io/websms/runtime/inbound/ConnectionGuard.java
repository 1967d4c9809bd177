package io.websms.runtime.inbound;

import io.websms.runtime.config.CidrList;
import io.websms.runtime.metrics.CounterFamily;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.nio.channels.SocketChannel;

/**
 * Keeps idle, trickling and crowding connections from holding the webhook server's connection slots, which Helidon
 * 4.5 does not do by itself: it reads a request head with no deadline, and a connection that sends nothing is never
 * reaped. Every accepted connection is registered here (Helidon hands it over through its socket options) and
 * closed when
 * <ul>
 *   <li>its client already holds {@code maxPerAddress} connections: a client is an IPv4 address, or an IPv6 /64
 *       (one host has a whole /64 to pick addresses from); a trusted proxy, which carries every client, may hold
 *       half of all connection slots;</li>
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
    private volatile CidrList trustedProxies;
    private final Map<SocketAddress, Tracked> open = new ConcurrentHashMap<>();
    /** The open connections of each client (see {@link #client}), to count and reclaim them without a full scan. */
    private final Map<InetAddress, Set<Tracked>> byClient = new ConcurrentHashMap<>();
    private final CounterFamily closed;
    private final ScheduledExecutorService sweeper;

    private static final class Tracked {
        final SocketChannel channel;
        final SocketAddress remote;
        final InetAddress client;
        /** System.nanoTime() by which the next request head must be complete, or IN_REQUEST. */
        volatile long deadline;
        volatile boolean idle;
        volatile boolean closing;

        Tracked(SocketChannel channel, SocketAddress remote, InetAddress client, long deadline) {
            this.channel = channel;
            this.remote = remote;
            this.client = client;
            this.deadline = deadline;
        }
    }

    /**
     * @param headTimeout    how long a new connection may take to deliver its first request head
     * @param idleTimeout    how long a kept-alive connection may take to deliver its next request head
     * @param maxPerAddress  connections one client may hold at once
     * @param maxConnections the server's connection limit, for {@link #saturated()}
     * @param trustedProxies reverse proxies ({@code prox_addr}): they may hold half of {@code maxConnections}
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

    /** The reverse proxies from now on ({@code prox_addr} after a reload). */
    public void trust(CidrList proxies) {
        this.trustedProxies = proxies;
    }

    /** A connection Helidon just accepted: tracked, or closed at once when its client holds too many. */
    public void accepted(SocketChannel channel) {
        SocketAddress remote;
        try {
            remote = channel.getRemoteAddress();
        } catch (IOException e) {
            closeQuietly(channel);
            return;
        }
        InetAddress address = remote instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
        InetAddress client = client(address);
        int limit = trustedProxies.contains(address) ? Math.max(maxPerAddress, maxConnections / 2) : maxPerAddress;
        Tracked tracked = new Tracked(channel, remote, client, System.nanoTime() + headTimeoutNanos);
        while (true) {
            Set<Tracked> held = byClient.computeIfAbsent(client, c -> new HashSet<>());
            synchronized (held) {
                if (byClient.get(client) != held) {
                    continue; // emptied and dropped meanwhile: take the client's current set
                }
                // A connection that just closed may not have been swept yet: look again (only this client's) first.
                held.removeIf(t -> {
                    if (t.channel.isOpen()) {
                        return false;
                    }
                    open.remove(t.remote, t);
                    return true;
                });
                if (held.size() >= limit) {
                    closed.inc("too_many_from_address");
                    LOG.log(Level.DEBUG, "webhook connection from {0} closed: it holds {1} already", address.getHostAddress(), limit);
                    closeQuietly(channel);
                    return;
                }
                held.add(tracked);
                break;
            }
        }
        Tracked previous = open.put(remote, tracked);
        if (previous != null) { // the same client port again: the earlier connection is gone
            closeQuietly(previous.channel);
            forget(previous);
        }
    }

    /** The unit a connection counts against: the IPv4 address, or the /64 of an IPv6 address. */
    static InetAddress client(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] prefix = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(prefix, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(prefix);
            } catch (UnknownHostException e) {
                return address; // 16 bytes are always an address
            }
        }
        return address;
    }

    /** A request head from {@code peer} is complete: its connection is no longer cut until the answer is sent. */
    public void requestStarted(SocketAddress peer) {
        Tracked tracked = open.get(peer);
        if (tracked != null && !tracked.closing) {
            tracked.deadline = IN_REQUEST;
            tracked.idle = false;
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

    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Map.Entry<SocketAddress, Tracked> entry : open.entrySet()) {
                Tracked tracked = entry.getValue();
                boolean ended = !tracked.channel.isOpen();
                long deadline = tracked.deadline;
                if (!ended && deadline != IN_REQUEST && now - deadline > 0) {
                    if (!tracked.closing) {
                        closed.inc(tracked.idle ? "idle_timeout" : "head_timeout");
                    }
                    closeQuietly(tracked.channel);
                    ended = true;
                }
                if (ended && open.remove(entry.getKey(), tracked)) {
                    forget(tracked);
                }
            }
        } catch (RuntimeException e) {
            // The timer cancels a task that throws: log and go on sweeping.
            LOG.log(Level.ERROR, "webhook connection sweep failed; it goes on", e);
        }
    }

    private void forget(Tracked tracked) {
        Set<Tracked> held = byClient.get(tracked.client);
        if (held != null) {
            synchronized (held) {
                held.remove(tracked);
                if (held.isEmpty()) {
                    byClient.remove(tracked.client, held);
                }
            }
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
