package io.websms.api;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The HTTP request websms sends to the ITSP for one message. Immutable; {@link #newBuilder()} makes a changed copy,
 * which is how an {@link AuthScheme} adds its credentials.
 *
 * <p>A request carries either <em>fields</em>, kept sorted by name (the original sorted them with PHP's
 * {@code ksort}, and signature schemes sign them in that order) and encoded as the {@link #format() format} says,
 * or a raw body of the provider's own making. {@link #body()} is exactly the bytes that go on the wire, so a scheme
 * that signs the body signs what is sent.
 */
public final class OutboundRequest {

    /** How the fields become the body. */
    public enum Format {
        /** {@code application/x-www-form-urlencoded}, encoded as {@link FormEncoding} says. */
        FORM("application/x-www-form-urlencoded; charset=utf-8"),
        /** A JSON object whose members are the fields, all strings, in name order. */
        JSON("application/json; charset=utf-8"),
        /** The body given to {@link Builder#rawBody(byte[], String)}, with its own content type. */
        RAW("");

        private final String contentType;

        Format(String contentType) {
            this.contentType = contentType;
        }
    }

    private final String method;
    private final URI uri;
    private final Headers headers;
    private final SortedMap<String, String> fields;
    private final Format format;
    private final byte[] rawBody;
    private final String rawContentType;
    private final byte[] body;

    private OutboundRequest(Builder builder) {
        this.method = builder.method;
        this.uri = Objects.requireNonNull(builder.uri, "uri");
        this.headers = builder.headers;
        this.fields = Collections.unmodifiableSortedMap(new TreeMap<>(builder.fields));
        this.format = builder.format;
        this.rawBody = builder.rawBody;
        this.rawContentType = builder.rawContentType;
        this.body = switch (format) {
            case FORM -> FormEncoding.encode(fields).getBytes(StandardCharsets.US_ASCII);
            case JSON -> JsonText.object(fields).getBytes(StandardCharsets.UTF_8);
            case RAW -> rawBody.clone();
        };
    }

    /**
     * The URL a request goes to, written as {@code url_host} and {@code url_path} joined as plain strings (as the
     * original did), with any placeholder of the path already filled in.
     *
     * @throws InvalidMessageException naming {@code url} when it is not a URL
     */
    public static URI url(String urlHostAndPath) throws InvalidMessageException {
        try {
            return new URI(urlHostAndPath);
        } catch (java.net.URISyntaxException e) {
            throw new InvalidMessageException("url", "url_host + url_path = '" + urlHostAndPath + "' is not a URL: " + e.getReason());
        }
    }

    /** Starts a {@code POST} of form fields to {@code uri}. */
    public static Builder builder(URI uri) {
        return new Builder(uri);
    }

    /** The HTTP method; {@code POST} unless the provider chose another. */
    public String method() {
        return method;
    }

    /** The full URL. */
    public URI uri() {
        return uri;
    }

    /** The header fields the provider and the auth scheme set, {@code Content-Type} not among them. */
    public Headers headers() {
        return headers;
    }

    /** The fields, sorted by name; empty for a {@link Format#RAW} body. */
    public SortedMap<String, String> fields() {
        return fields;
    }

    /** How the body is encoded. */
    public Format format() {
        return format;
    }

    /** The {@code Content-Type} of the body. */
    public String contentType() {
        return format == Format.RAW ? rawContentType : format.contentType;
    }

    /** The exact bytes of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** The body as text (UTF-8). */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** A builder that starts from this request. */
    public Builder newBuilder() {
        Builder builder = new Builder(uri).method(method);
        builder.headers = headers;
        builder.fields.putAll(fields);
        builder.format = format;
        builder.rawBody = rawBody;
        builder.rawContentType = rawContentType;
        return builder;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboundRequest r && method.equals(r.method) && uri.equals(r.uri)
                && headers.equals(r.headers) && contentType().equals(r.contentType())
                && java.util.Arrays.equals(body, r.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, uri, headers, contentType(), java.util.Arrays.hashCode(body));
    }

    /** Names the method, URL and header names; never values or the body, which may hold credentials. */
    @Override
    public String toString() {
        return "OutboundRequest[" + method + " " + uri + ", " + headers + ", " + format + " body of " + body.length + " bytes]";
    }

    /** Builds an {@link OutboundRequest}. */
    public static final class Builder {
        private String method = "POST";
        private URI uri;
        private Headers headers = Headers.empty();
        private final Map<String, String> fields = new TreeMap<>();
        private Format format = Format.FORM;
        private byte[] rawBody = new byte[0];
        private String rawContentType = "application/octet-stream";

        private Builder(URI uri) {
            uri(uri);
        }

        /** The HTTP method, {@code POST} by default. */
        public Builder method(String value) {
            this.method = Objects.requireNonNull(value, "method");
            return this;
        }

        /** The full URL: an absolute {@code http} or {@code https} URI. */
        public Builder uri(URI value) {
            Objects.requireNonNull(value, "uri");
            if (!value.isAbsolute() || !("http".equalsIgnoreCase(value.getScheme()) || "https".equalsIgnoreCase(value.getScheme()))) {
                throw new IllegalArgumentException("The ITSP URL must be absolute http or https: " + value);
            }
            this.uri = value;
            return this;
        }

        /** Sets header {@code name} to {@code value}, replacing any field of that name. */
        public Builder header(String name, String value) {
            this.headers = headers.with(name, value);
            return this;
        }

        /** Sets field {@code name} to {@code value}, replacing any value it had. */
        public Builder field(String name, String value) {
            fields.put(Objects.requireNonNull(name, "field name"), Objects.requireNonNull(value, "value of field " + name));
            return this;
        }

        /** Removes field {@code name}. */
        public Builder removeField(String name) {
            fields.remove(name);
            return this;
        }

        /** Encodes the fields as {@code format}: {@link Format#FORM} (the default) or {@link Format#JSON}. */
        public Builder format(Format value) {
            if (value == Format.RAW) {
                throw new IllegalArgumentException("Use rawBody(bytes, contentType) for a raw body");
            }
            this.format = Objects.requireNonNull(value, "format");
            return this;
        }

        /** Sends {@code bytes} as the body, with {@code contentType}, instead of fields. */
        public Builder rawBody(byte[] bytes, String contentType) {
            this.rawBody = bytes.clone();
            this.rawContentType = Objects.requireNonNull(contentType, "contentType");
            this.format = Format.RAW;
            return this;
        }

        /** The request. */
        public OutboundRequest build() {
            return new OutboundRequest(this);
        }
    }
}
