package io.websms.runtime.agi;

import io.websms.api.LogText;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A FastAGI server for {@code AGI(agi://host:port/websms,TO,FROM,BODY,INDEX)}: the dialplan reaches the daemon over
 * TCP instead of starting a process per message. Every call is served on a virtual thread of its own, so slow ITSPs
 * do not hold up other calls; the number of calls at once is bounded, and a connection that sends nothing is cut
 * off. FastAGI has no authentication: listen on loopback, or on an interface only Asterisk reaches.
 */
public final class FastAgiServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FastAgiServer.class.getName());
    private static final int MAX_CALLS = 256;

    private final SmsAgiScript script;
    private final ClassicRelay relay;
    private final java.time.Duration timeout;
    private final ServerSocket socket;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots = new Semaphore(MAX_CALLS);
    private final Thread acceptor;
    private volatile boolean closing;

    private FastAgiServer(SmsAgiScript script, ClassicRelay relay, java.time.Duration timeout, ServerSocket socket) {
        this.script = script;
        this.relay = relay;
        this.timeout = timeout;
        this.socket = socket;
        this.acceptor = Thread.ofPlatform().name("fastagi-accept").daemon(true).unstarted(this::acceptLoop);
    }

    /**
     * Listens on {@code address} (port 0 picks a free one) and serves {@code script}.
     *
     * @param timeout how long Asterisk may take to send a call's environment, and to answer each command
     * @throws IOException when the address cannot be bound
     */
    public static FastAgiServer start(InetSocketAddress address, SmsAgiScript script, java.time.Duration timeout) throws IOException {
        return start(address, script, null, timeout);
    }

    /**
     * {@link #start(InetSocketAddress, SmsAgiScript, java.time.Duration)} that also takes the classic AGI calls
     * {@code bin/websms} relays (see {@link ClassicRelay}); null takes none.
     */
    public static FastAgiServer start(InetSocketAddress address, SmsAgiScript script, ClassicRelay relay, java.time.Duration timeout) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 128);
        FastAgiServer server = new FastAgiServer(script, relay, timeout, socket);
        server.acceptor.start();
        return server;
    }

    /** The port it listens on. */
    public int port() {
        return socket.getLocalPort();
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket connection;
            try {
                connection = socket.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.log(Level.ERROR, "FastAGI server stopped accepting: {0}", e.getMessage());
                }
                return;
            }
            if (!slots.tryAcquire()) {
                LOG.log(Level.WARNING, "FastAGI: {0} calls at once already; refusing a connection from {1}",
                        MAX_CALLS, connection.getRemoteSocketAddress());
                closeQuietly(connection);
                continue;
            }
            try {
                calls.execute(() -> {
                    try {
                        serve(connection);
                    } finally {
                        slots.release();
                    }
                });
            } catch (RuntimeException e) {
                slots.release();
                closeQuietly(connection);
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setTcpNoDelay(true);
            SocketDeadline deadline = new SocketDeadline(connection, timeout);
            InputStream in = new BufferedInputStream(deadline.input());
            OutputStream out = new BufferedOutputStream(deadline.output());
            AgiChannel channel = new AgiChannel(in, out);
            Map<String, String> env = channel.readEnvironment();
            String name = scriptName(env);
            boolean relayed = relay != null && name.equals(ClassicRelay.SCRIPT);
            if (relayed) {
                java.util.Optional<String> refusal = relay.refusal(env);
                if (refusal.isPresent()) {
                    LOG.log(Level.INFO, "FastAGI: a classic AGI call relayed by bin/websms is left to the script, which sends by itself: {0}",
                            LogText.escape(refusal.get()));
                    ClassicRelay.refuse(channel, refusal.get());
                    return;
                }
                ClassicRelay.accept(channel);
            } else if (!name.equals("websms")) {
                LOG.log(Level.WARNING, "FastAGI: no script named ''{0}'' (agi_request {1}); use agi://host:port/websms",
                        LogText.escape(name), LogText.escape(env.get("agi_request")));
                SmsAgiScript.fail(channel, "websms has no AGI script named '" + name + "'; use agi://host:port/websms");
                return;
            }
            SmsAgiScript.Outcome outcome = script.run(AgiChannel.arguments(env), env, channel);
            if (outcome.kind() == SmsAgiScript.Outcome.Kind.BAD_ARGUMENTS) {
                LOG.log(Level.WARNING, "FastAGI: {0}", LogText.escape(outcome.error()));
            }
            if (relayed) {
                ClassicRelay.exit(channel, outcome);
            }
        } catch (SocketTimeoutException e) {
            LOG.log(Level.WARNING, "FastAGI: {0} did not send its AGI variables or a reply within {1} s (agi_timeout); closed",
                    connection.getRemoteSocketAddress(), timeout.toMillis() / 1000.0);
        } catch (SocketException e) {
            LOG.log(Level.DEBUG, "FastAGI: connection from {0} broke: {1}", connection.getRemoteSocketAddress(), LogText.escape(e.getMessage()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "FastAGI: connection from {0}: {1}", connection.getRemoteSocketAddress(), LogText.escape(e.getMessage()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "FastAGI: call failed", e);
        }
    }

    /** The script part of {@code agi_network_script} ({@code websms} for {@code agi://host/websms?x}). */
    static String scriptName(Map<String, String> env) {
        String script = env.getOrDefault("agi_network_script", "");
        int query = script.indexOf('?');
        if (query >= 0) {
            script = script.substring(0, query);
        }
        while (script.startsWith("/")) {
            script = script.substring(1);
        }
        return script;
    }

    /** Stops accepting, lets the calls in progress finish (up to 30 s), then returns. */
    @Override
    public void close() {
        closing = true;
        closeQuietly(socket);
        calls.shutdown();
        try {
            if (!calls.awaitTermination(30, TimeUnit.SECONDS)) {
                calls.shutdownNow();
            }
        } catch (InterruptedException e) {
            calls.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // closing anyway
        }
    }
}
