package io.websms.runtime.inbound;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.websms.api.Headers;
import io.websms.api.InboundRequest;
import io.websms.api.WebhookReply;
import io.websms.runtime.delivery.StatusCallbacks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Helidon handler of every webhook path: reads the request into an {@link InboundRequest} (the body only once
 * the caller is admitted, and only up to {@code maxBody} bytes) and writes what {@link Inbound} answers, or
 * {@link StatusCallbacks} for a status callback.
 */
public final class WebhookHandler implements Handler {

    private final Inbound inbound;
    private final StatusCallbacks callbacks;
    private final ConnectionGuard guard;
    private final int maxBody;
    private final long bodyTimeoutNanos;
    /** How much longer than the body timeout a body that stopped coming may hold its connection. */
    private static final long STALL_GRACE_NANOS = 1_000_000_000L;

    /**
     * @param maxBody     the largest body read; a larger one gets 413
     * @param bodyTimeout how long the body may take to arrive; a slower one gets 408
     * @param guard       told when a request starts and ends on a connection, which it may cut between requests
     */
    public WebhookHandler(Inbound inbound, int maxBody, java.time.Duration bodyTimeout, ConnectionGuard guard) {
        this(inbound, null, maxBody, bodyTimeout, guard);
    }

    /**
     * A handler that first gives a request on an outgoing interface's {@code status_path} to {@code callbacks} (when
     * not null), under the same body limits, and every other request to {@code inbound}.
     */
    public WebhookHandler(Inbound inbound, StatusCallbacks callbacks, int maxBody, java.time.Duration bodyTimeout, ConnectionGuard guard) {
        this.inbound = inbound;
        this.callbacks = callbacks;
        this.guard = guard;
        this.maxBody = maxBody;
        this.bodyTimeoutNanos = bodyTimeout.toNanos();
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        SocketAddress connection = req.remotePeer().address();
        guard.requestStarted(connection);
        try {
            serve(req, res);
        } finally {
            // Only after an answer went out: when serve() failed, Helidon still has its 500 to write.
            guard.requestEnded(connection, res.isSent() && (saysClose(req.headers()) || saysClose(res.headers())));
        }
    }

    /** Whether the tokens of the {@code Connection} header lines hold {@code close}. */
    private static boolean saysClose(io.helidon.http.Headers headers) {
        if (!headers.contains(HeaderNames.CONNECTION)) {
            return false;
        }
        for (String line : headers.values(HeaderNames.CONNECTION)) {
            for (String token : line.split(",")) {
                if (token.strip().equalsIgnoreCase("close")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void serve(ServerRequest req, ServerResponse res) {
        List<Headers.Field> fields = new ArrayList<>();
        // Every line of every header, in order: a proxy appends its own X-Forwarded-For line after the client's.
        req.headers().forEach(h -> h.allValues().forEach(value -> fields.add(new Headers.Field(h.name(), value))));
        Headers headers = Headers.of(fields);
        InetAddress peer = peer(req.remotePeer().address());
        Optional<InetAddress> client = inbound.clientAddress().resolve(peer, headers);
        String path = req.path().path();
        // A status path belongs to an outgoing interface: it is never an incoming one's, whatever their url_path.
        Optional<StatusCallbacks.Route> status = callbacks == null ? Optional.empty() : callbacks.route(path);
        IncomingInterface iface = null;
        if (status.isPresent()) {
            if (!status.get().admits(client)) {
                inbound.metrics().refused().inc("address");
                send(res, new WebhookReply(403, "text/plain; charset=utf-8", "Forbidden\n"));
                return;
            }
        } else {
            Inbound.Selection selection = inbound.select(client, path);
            if (selection instanceof Inbound.Refused refused) {
                inbound.metrics().refused().inc(refused.status() == 403 ? "address" : "path");
                send(res, new WebhookReply(refused.status(), "text/plain; charset=utf-8", (refused.status() == 403 ? "Forbidden" : "Not Found") + "\n"));
                return;
            }
            iface = ((Inbound.Selected) selection).iface();
        }
        byte[] body;
        try {
            body = readBody(req);
        } catch (TooLarge e) {
            inbound.metrics().refused().inc("too_large");
            send(res, new WebhookReply(413, "text/plain; charset=utf-8", "Payload Too Large: at most " + maxBody + " bytes\n"));
            return;
        } catch (TooSlow e) {
            inbound.metrics().refused().inc("too_slow");
            res.header(HeaderNames.CONNECTION, "close");
            send(res, new WebhookReply(408, "text/plain; charset=utf-8", "Request Timeout: the body took too long\n"));
            return;
        } catch (Unreadable e) {
            inbound.metrics().refused().inc("unreadable");
            res.header(HeaderNames.CONNECTION, "close");
            send(res, new WebhookReply(400, "text/plain; charset=utf-8", "Bad Request: the body could not be read\n"));
            return;
        }
        InboundRequest.Builder request = InboundRequest.builder()
                .method(req.prologue().method().text())
                .path(path)
                .publicUrl(req.requestedUri().toUri().toString()).target(req.prologue().uriPath().rawPath() + (req.prologue().hasQuery() ? "?" + req.prologue().query().rawValue() : ""))
                .headers(headers)
                .clientAddress(client.orElse(peer))
                .body(body);
        try {
            for (Map.Entry<String, String> field : RequestBody.form(req.prologue().query().rawValue())) {
                request.queryParameter(field.getKey(), field.getValue());
            }
            for (Map.Entry<String, String> field : RequestBody.fields(headers.first("Content-Type").orElse(""), body)) {
                request.field(field.getKey(), field.getValue());
            }
        } catch (IllegalArgumentException e) {
            inbound.metrics().refused().inc("malformed");
            send(res, new WebhookReply(400, "text/plain; charset=utf-8", "Bad Request: " + e.getMessage() + "\n"));
            return;
        }
        send(res, status.isPresent() ? callbacks.handle(status.get(), request.build()) : inbound.handle(iface, request.build()));
    }

    private static InetAddress peer(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }

    private byte[] readBody(ServerRequest req) throws TooLarge, TooSlow, Unreadable {
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        // A body that trickles is answered 408 when its next bytes come late (below); one that stops coming at all is
        // cut off by the alarm a little later (its connection closes: no answer can reach it then).
        ReadDeadline alarm = new ReadDeadline(bodyTimeoutNanos + STALL_GRACE_NANOS);
        byte[] body;
        try {
            body = readWithin(req, System.nanoTime() + bodyTimeoutNanos);
        } catch (IOException | UncheckedIOException e) {
            if (alarm.end()) {
                throw new TooSlow();
            }
            throw new Unreadable();
        } catch (TooLarge | TooSlow | RuntimeException e) {
            // Helidon reports a connection closed under a read as one of its own unchecked exceptions.
            if (alarm.end()) {
                throw new TooSlow();
            }
            throw e;
        }
        if (alarm.end()) {
            throw new TooSlow();
        }
        return body;
    }

    private byte[] readWithin(ServerRequest req, long deadline) throws IOException, TooLarge, TooSlow {
        try (InputStream in = req.content().inputStream()) {
            java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while (read.size() <= maxBody && (n = in.read(chunk, 0, Math.min(chunk.length, maxBody + 1 - read.size()))) > 0) {
                read.write(chunk, 0, n);
                if (System.nanoTime() - deadline > 0) {
                    throw new TooSlow(); // a client that trickles its body holds a connection: cut it off
                }
            }
            byte[] body = read.toByteArray();
            if (body.length > maxBody) {
                try {
                    // Read the rest (the server bounds it) so that the client, still sending, gets the 413 and no reset.
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException | UncheckedIOException beyondTheBound) {
                    // more than the server reads at all: too large all the same
                }
                throw new TooLarge();
            }
            return body;
        }
    }

    private static void send(ServerResponse res, WebhookReply reply) {
        res.status(Status.create(reply.status()));
        if (reply.status() == 204) {
            res.send(); // no body, no Content-Type (Helidon adds its Content-Length: 0)
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, reply.contentType());
        if (reply.status() == 503) {
            res.header(HeaderNames.RETRY_AFTER, "60");
        }
        res.send(reply.body().getBytes(StandardCharsets.UTF_8));
    }

    private static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;
    }

    private static final class TooSlow extends Exception {
        private static final long serialVersionUID = 1L;
    }

    /** The connection broke while the body came. */
    private static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
    }
}
