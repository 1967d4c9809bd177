package io.websms.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The ITSP's answer to an {@link OutboundRequest}: status, headers and body. Immutable.
 */
public final class ItspResponse {

    private final int status;
    private final Headers headers;
    private final byte[] body;
    /** The body's JSON view once read: immutable, so a benign race at worst reads it twice. */
    private volatile JsonView json;

    private ItspResponse(int status, Headers headers, byte[] body) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + status);
        }
        this.status = status;
        this.headers = Objects.requireNonNull(headers, "headers");
        this.body = body.clone();
    }

    /** A response with the given status, headers and body. */
    public static ItspResponse of(int status, Headers headers, byte[] body) {
        return new ItspResponse(status, headers, body);
    }

    /** A response with the given status and UTF-8 body, and no headers; handy in tests. */
    public static ItspResponse of(int status, String body) {
        return new ItspResponse(status, Headers.empty(), body.getBytes(StandardCharsets.UTF_8));
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** Whether the status is 2xx. */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /** The header fields. */
    public Headers headers() {
        return headers;
    }

    /** The body's bytes. */
    public byte[] body() {
        return body.clone();
    }

    /** The body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as JSON, whatever its {@code Content-Type}; read once, then kept. Its size is bounded by websms's reply
     * limit.
     *
     * @throws JsonException when it is not JSON, saying what is wrong and where; checked, because a reply that is not
     *     JSON (a proxy's HTML error page) is a reply to classify, not a bug: say in the {@link SendResult} what it means
     * @throws IllegalStateException when no {@link JsonSupport} is on the class path (add {@code io.websms:websms-json})
     */
    public JsonView json() throws JsonException {
        JsonView view = json;
        if (view == null) {
            view = JsonView.parse(body);
            json = view;
        }
        return view;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItspResponse r && status == r.status && headers.equals(r.headers) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "ItspResponse[" + status + ", " + body.length + " bytes]";
    }
}
