package io.websms.runtime.inbound;

import io.websms.api.Headers;
import io.websms.runtime.config.CidrList;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling: the socket peer, unless the peer is a trusted reverse proxy ({@code prox_addr}), in which case
 * the address the proxy reports in {@code prox_header}. All lines of the header, joined in order, are read right to
 * left, skipping trusted proxies, so that a client cannot pose as another by sending the header itself (RFC 7239;
 * for {@code Forwarded}, the {@code for=} node of each element).
 */
public final class ClientAddress {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final CidrList trustedProxies;
    private final String header;

    /**
     * @param trustedProxies {@code prox_addr}
     * @param proxyHeader    {@code prox_header}, as PHP names it ({@code HTTP_X_FORWARDED_FOR}) or as a header name
     */
    public ClientAddress(CidrList trustedProxies, String proxyHeader) {
        this.trustedProxies = trustedProxies;
        this.header = headerName(proxyHeader);
    }

    /** The HTTP header a PHP {@code $_SERVER} name stands for: {@code HTTP_X_FORWARDED_FOR} is {@code X-Forwarded-For}. */
    static String headerName(String name) {
        String header = name.strip();
        if (header.toUpperCase(Locale.ROOT).startsWith("HTTP_")) {
            header = header.substring(5);
        }
        return header.replace('_', '-');
    }

    /**
     * The client's address, or empty when a trusted proxy reported something that is no address.
     */
    public Optional<InetAddress> resolve(InetAddress peer, Headers headers) {
        if (header.isEmpty() || !trustedProxies.contains(peer)) {
            return Optional.of(peer);
        }
        List<String> values = headers.all(header);
        if (values.isEmpty()) {
            return Optional.of(peer);
        }
        // Every line of the header in order, one list: a proxy that appends a line of its own after the line a
        // client forged must not let the client's line count as the proxy's report.
        String[] hops = String.join(",", values).split(",");
        boolean forwarded = header.equalsIgnoreCase("Forwarded");
        InetAddress candidate = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            Optional<InetAddress> hop = literal(forwarded ? forwardedFor(hops[i]) : hops[i]);
            if (hop.isEmpty()) {
                return Optional.empty();
            }
            candidate = hop.get();
            if (!trustedProxies.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.of(candidate);
    }

    /** The {@code for=} node of one RFC 7239 {@code Forwarded} element, unquoted; empty when it has none. */
    static String forwardedFor(String element) {
        for (String pair : element.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase("for")) {
                String node = pair.substring(eq + 1).strip();
                if (node.length() >= 2 && node.startsWith("\"") && node.endsWith("\"")) {
                    node = node.substring(1, node.length() - 1);
                }
                return node;
            }
        }
        return "";
    }

    /** An IP literal, without a port or brackets; never a name lookup. */
    static Optional<InetAddress> literal(String text) {
        String value = text.strip();
        if (value.startsWith("[") && value.indexOf(']') > 0) {
            value = value.substring(1, value.indexOf(']'));
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':') && value.indexOf('.') > 0) {
            value = value.substring(0, value.indexOf(':')); // 1.2.3.4:5678
        }
        if (value.isEmpty() || !LITERAL.matcher(value).matches() || (value.indexOf(':') < 0 && !value.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }
}
