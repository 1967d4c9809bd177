package io.websms.api;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A webhook call from the ITSP, as websms received it. Immutable.
 *
 * <p>Besides the raw request, websms hands the provider what it already read: the {@link #query() query}, the
 * {@link #fields() fields} of a form, multipart or JSON-object body, and both together as
 * {@link #parameters() parameters} (query first; a later value of a name follows the earlier ones). {@link #clientAddress()} is the caller as websms established it: the socket peer, or the address a
 * trusted proxy reported.
 */
public final class InboundRequest {

    private final String method;
    private final String path;
    private final String publicUrl;
    private final String target;
    private final Headers headers;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> fields;
    private final Map<String, List<String>> parameters;
    private final InetAddress clientAddress;
    private final byte[] body;
    /** The body's JSON view once read: immutable, so a benign race at worst reads it twice. */
    private volatile JsonView json;

    private InboundRequest(Builder builder) {
        this.method = builder.method;
        this.path = builder.path;
        this.publicUrl = builder.publicUrl;
        this.target = builder.target;
        this.headers = builder.headers;
        this.query = freeze(builder.query);
        this.fields = freeze(builder.fields);
        this.parameters = freeze(builder.parameters);
        this.clientAddress = Objects.requireNonNull(builder.clientAddress, "clientAddress");
        this.body = builder.body.clone();
    }

    private static Map<String, List<String>> freeze(Map<String, List<String>> map) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    /** Starts a request. */
    public static Builder builder() {
        return new Builder();
    }

    /** The HTTP method, upper case. */
    public String method() {
        return method;
    }

    /** The request path, without the query string. */
    public String path() {
        return path;
    }

    /**
     * The URL the ITSP called, as the ITSP sees it (behind a reverse proxy, the configured public URL), with the
     * query string; what signature schemes such as Twilio's sign.
     */
    public String publicUrl() {
        return publicUrl;
    }

    /**
     * The request target exactly as the client sent it, still percent-encoded: the raw path, then {@code ?} and the
     * raw query when there is one ({@code /sms?To=%2B1202}); {@code ""} when not known. Unlike
     * {@link #publicUrl()}, never decoded and encoded again, so it is what a signature over the URL the ITSP called
     * (Twilio's) must be checked against, after the scheme and host.
     */
    public String target() {
        return target;
    }

    /** The header fields. */
    public Headers headers() {
        return headers;
    }

    /** The query string's parameters, decoded. */
    public Map<String, List<String>> query() {
        return query;
    }

    /** The body's fields (form, multipart or JSON object members), decoded; what signature schemes such as Twilio's sign. */
    public Map<String, List<String>> fields() {
        return fields;
    }

    /** The query parameters, then the body's fields, decoded. */
    public Map<String, List<String>> parameters() {
        return parameters;
    }

    /** The first value of parameter {@code name}. */
    public Optional<String> parameter(String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The caller's address. */
    public InetAddress clientAddress() {
        return clientAddress;
    }

    /** The raw body. */
    public byte[] body() {
        return body.clone();
    }

    /** The raw body decoded as UTF-8. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as JSON, whatever its {@code Content-Type} (ITSPs are not all careful with it); read once, then kept.
     * Its size is bounded by {@code http_max_body}.
     *
     * @throws WebhookException 400 for the field {@code body} when it is not JSON, saying what is wrong and where: the
     *     methods that read a webhook declare it already, so a body that is not JSON is refused with no code of yours
     * @throws IllegalStateException when no {@link JsonSupport} is on the class path (add {@code io.websms:websms-json})
     */
    public JsonView json() throws WebhookException {
        JsonView view = json;
        if (view == null) {
            try {
                view = JsonView.parse(body);
            } catch (JsonException e) {
                throw WebhookException.badRequest("body", "not JSON: " + e.getMessage());
            }
            json = view;
        }
        return view;
    }

    /** The {@code Content-Type} header, or {@code ""}. */
    public String contentType() {
        return headers.first("Content-Type").orElse("");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InboundRequest r && method.equals(r.method) && path.equals(r.path)
                && publicUrl.equals(r.publicUrl) && target.equals(r.target) && headers.equals(r.headers) && query.equals(r.query)
                && fields.equals(r.fields) && parameters.equals(r.parameters) && clientAddress.equals(r.clientAddress) && Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, path, publicUrl, target, headers, query, fields, parameters, clientAddress, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "InboundRequest[" + method + " " + path + " from " + clientAddress.getHostAddress() + ", "
                + parameters.keySet() + ", " + body.length + " bytes]";
    }

    /** Builds an {@link InboundRequest}. */
    public static final class Builder {
        private String method = "POST";
        private String path = "/";
        private String publicUrl = "";
        private String target = "";
        private Headers headers = Headers.empty();
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private final Map<String, List<String>> fields = new LinkedHashMap<>();
        private final Map<String, List<String>> parameters = new LinkedHashMap<>();
        private InetAddress clientAddress = InetAddress.getLoopbackAddress();
        private byte[] body = new byte[0];

        private Builder() {
        }

        /** The HTTP method, {@code POST} by default. */
        public Builder method(String value) {
            this.method = Objects.requireNonNull(value, "method");
            return this;
        }

        /** The request path, {@code /} by default. */
        public Builder path(String value) {
            this.path = Objects.requireNonNull(value, "path");
            return this;
        }

        /** The URL the ITSP called, query string included. */
        public Builder publicUrl(String value) {
            this.publicUrl = Objects.requireNonNull(value, "publicUrl");
            return this;
        }

        /** The request target as sent: raw path, and {@code ?} with the raw query when there is one. */
        public Builder target(String value) {
            this.target = Objects.requireNonNull(value, "target");
            return this;
        }

        /** The header fields. */
        public Builder headers(Headers value) {
            this.headers = Objects.requireNonNull(value, "headers");
            return this;
        }

        /** Adds a query parameter; it is a parameter too. */
        public Builder queryParameter(String name, String value) {
            add(query, name, value);
            add(parameters, name, value);
            return this;
        }

        /** Adds a field of the body; it is a parameter too. */
        public Builder field(String name, String value) {
            add(fields, name, value);
            add(parameters, name, value);
            return this;
        }

        private static void add(Map<String, List<String>> map, String name, String value) {
            map.computeIfAbsent(Objects.requireNonNull(name, "name"), k -> new java.util.ArrayList<>())
                    .add(Objects.requireNonNull(value, "value of " + name));
        }

        /** The caller, as websms established it; loopback by default. */
        public Builder clientAddress(InetAddress value) {
            this.clientAddress = value;
            return this;
        }

        /** The raw body. */
        public Builder body(byte[] value) {
            this.body = value.clone();
            return this;
        }

        /** The request. */
        public InboundRequest build() {
            return new InboundRequest(this);
        }
    }
}
