package io.websms.runtime.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code host:port} (or {@code [v6]:port}) a server listens on. */
public record ListenAddress(String host, int port) {

    private static final Pattern FORM = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+|\\*):(\\d{1,5})");

    /** Parses {@code host:port}; {@code *} as host means every address. */
    public static Optional<ListenAddress> parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        int port = Integer.parseInt(m.group(2));
        if (port > 65535) {
            return Optional.empty();
        }
        String host = m.group(1);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return Optional.of(new ListenAddress(host.equals("*") ? "0.0.0.0" : host, port));
    }

    /**
     * Where the webhook server listens: on {@code WEBSMSD_PORT} when it is set (with the host of
     * {@code http_addr}, else every address), else on {@code http_addr}. Empty when neither is set, and when
     * {@code WEBSMSD_PORT} is set but is no port, which turns the server off as in the original.
     *
     * @param httpAddress  {@code http_addr}, possibly empty
     * @param websmsdPort  the environment's {@code WEBSMSD_PORT}, or null
     */
    public static Optional<ListenAddress> webhook(String httpAddress, String websmsdPort) {
        Optional<ListenAddress> configured = parse(httpAddress);
        if (websmsdPort == null) {
            return configured;
        }
        String port = websmsdPort.strip();
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
            return Optional.empty();
        }
        return Optional.of(new ListenAddress(configured.map(ListenAddress::host).orElse("0.0.0.0"), Integer.parseInt(port)));
    }

    /** Whether only this machine can reach it: {@code localhost}, 127.0.0.0/8 or ::1 (never resolved). */
    public boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        byte[] literal = Cidr.literal(host);
        try {
            return literal != null && InetAddress.getByAddress(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The socket address to bind. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
