package io.websms.runtime.daemon;

import io.helidon.common.socket.SocketOptions;
import io.websms.runtime.inbound.ConnectionGuard;

import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Helidon's socket options for accepted connections, plus the one hook Helidon 4.5 offers at accept time: every
 * accepted channel passes through {@link #configureSocket(SocketChannel)}, where the {@link ConnectionGuard} takes
 * it in hand.
 */
final class GuardedSocketOptions implements SocketOptions {

    private final SocketOptions options;
    private final ConnectionGuard guard;

    GuardedSocketOptions(SocketOptions options, ConnectionGuard guard) {
        this.options = options;
        this.guard = guard;
    }

    @Override
    public void configureSocket(SocketChannel channel) {
        options.configureSocket(channel);
        guard.accepted(channel);
    }

    @Override
    public Map<SocketOption<?>, Object> socketOptions() {
        return options.socketOptions();
    }

    @Override
    public Duration connectTimeout() {
        return options.connectTimeout();
    }

    @Override
    public Duration readTimeout() {
        return options.readTimeout();
    }

    @Override
    public Optional<Integer> socketReceiveBufferSize() {
        return options.socketReceiveBufferSize();
    }

    @Override
    public Optional<Integer> socketSendBufferSize() {
        return options.socketSendBufferSize();
    }

    @Override
    public boolean socketReuseAddress() {
        return options.socketReuseAddress();
    }

    @Override
    public boolean socketKeepAlive() {
        return options.socketKeepAlive();
    }

    @Override
    public boolean tcpNoDelay() {
        return options.tcpNoDelay();
    }
}
