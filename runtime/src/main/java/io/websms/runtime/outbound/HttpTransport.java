package io.websms.runtime.outbound;

import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.websms.api.FormEncoding;
import io.websms.api.Headers;
import io.websms.api.ItspResponse;
import io.websms.api.OutboundRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends {@link OutboundRequest}s over HTTP with Helidon's WebClient and returns what the ITSP answered.
 *
 * <p>Building a WebClient is costly, so one is kept per process (per connect timeout, which only a client can
 * set), reused for every message and thread. TLS certificates are verified unless an interface turned that off.
 * Redirects are not followed (a POST must not silently become something else), and a reply is read up to
 * {@value #MAX_REPLY} bytes.
 */
public final class HttpTransport {

    private static final System.Logger LOG = System.getLogger(HttpTransport.class.getName());
    static final int MAX_REPLY = 1 << 20;

    private final Map<Duration, WebClient> clients = new ConcurrentHashMap<>();
    private final boolean keepAlive;
    private volatile Tls trustAll;

    /** A transport that keeps connections to the ITSP open for the next message (the daemon). */
    public HttpTransport() {
        this(true);
    }

    private HttpTransport(boolean keepAlive) {
        this.keepAlive = keepAlive;
    }

    /**
     * A transport for a process that sends one message and exits (the {@code websms} command, classic AGI): it asks
     * the ITSP to close the connection ({@code Connection: close} instead of {@code keep-alive}). A connection kept
     * open is watched by a virtual thread, which starts the JDK's socket poller, and the JVM's exit then waits
     * 300 ms for that poller thread to leave native code: a third of a cold send.
     */
    public static HttpTransport forOneMessage() {
        return new HttpTransport(false);
    }

    /** How a request is sent: its timeouts and whether the ITSP's certificate is checked. */
    public record Options(Duration connectTimeout, Duration readTimeout, boolean verifyTls) {
    }

    /**
     * Sends {@code request} and reads the reply.
     *
     * @throws IOException when no reply came: no connection, a timeout, a TLS failure, a reply too large
     */
    public ItspResponse send(OutboundRequest request, Options options) throws IOException {
        WebClient client = clients.computeIfAbsent(options.connectTimeout(), HttpTransport::newClient);
        // A GET carries its fields in the query string (VoIP.ms, generic url_method = GET), and no body.
        boolean get = request.method().equals("GET") && request.format() == OutboundRequest.Format.FORM;
        HttpClientRequest http = client.method(Method.create(request.method()))
                .uri(get ? withQuery(request.uri(), FormEncoding.encode(request.fields())) : request.uri())
                .readTimeout(options.readTimeout())
                .keepAlive(keepAlive);
        if (!options.verifyTls()) {
            http.tls(trustAll());
        }
        if (!get) {
            http.header(HeaderNames.CONTENT_TYPE, request.contentType());
        }
        for (Headers.Field field : request.headers().fields()) {
            http.header(HeaderNames.create(field.name()), field.value());
        }
        long start = System.nanoTime();
        try (HttpClientResponse response = get ? http.request() : http.submit(request.body())) {
            List<Headers.Field> headers = new ArrayList<>();
            response.headers().forEach(h -> headers.add(new Headers.Field(h.name(), h.get())));
            byte[] body;
            try (InputStream in = response.entity().inputStream()) {
                body = in.readNBytes(MAX_REPLY + 1);
            }
            if (body.length > MAX_REPLY) {
                throw new IOException("the reply is larger than " + MAX_REPLY + " bytes");
            }
            // Method, address, status and time only: never a header (credentials) or a body (the text).
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> {2} in {3} ms", request.method(), safeUrl(request.uri()),
                    response.status().code(), elapsedMillis(start));
            return ItspResponse.of(response.status().code(), Headers.of(headers), body);
        } catch (IOException | RuntimeException e) {
            IOException failure = e instanceof IOException io ? io
                    : e instanceof UncheckedIOException unchecked ? unchecked.getCause()
                    // Helidon reports connection and TLS failures as unchecked exceptions of several kinds.
                    : new IOException(describe(e), e);
            LOG.log(System.Logger.Level.DEBUG, "{0} {1} -> no reply after {2} ms: {3}", request.method(), safeUrl(request.uri()),
                    elapsedMillis(start), describe(failure));
            throw failure;
        }
    }

    /** {@code uri} with {@code query} after its own query, if any. */
    private static URI withQuery(URI uri, String query) {
        if (query.isEmpty()) {
            return uri;
        }
        String text = uri.toString();
        int fragment = text.indexOf('#');
        String base = fragment < 0 ? text : text.substring(0, fragment);
        return URI.create(base + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    private static long elapsedMillis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * {@code uri} as logs and messages may show it: scheme, host, port and path, without user-info (credentials) and
     * with the query (which may carry an API key) replaced by {@code ?…}.
     */
    public static String safeUrl(URI uri) {
        StringBuilder out = new StringBuilder();
        if (uri.getScheme() != null) {
            out.append(uri.getScheme()).append("://");
        }
        if (uri.getHost() != null) {
            out.append(uri.getHost());
        }
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            out.append(uri.getRawPath());
        }
        if (uri.getRawQuery() != null) {
            out.append("?…");
        }
        return out.toString();
    }

    /**
     * Why no reply came, in words: the innermost cause's message, without Java class names (an unknown host and a
     * TLS failure say so, as their messages alone do not).
     */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null || root.getMessage().isBlank() ? "" : root.getMessage().strip();
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host" + (message.isEmpty() ? "" : " " + message);
        }
        if (root instanceof javax.net.ssl.SSLException || root instanceof java.security.GeneralSecurityException) {
            return "TLS failed" + (message.isEmpty() ? "" : ": " + message);
        }
        if (root instanceof java.nio.channels.ClosedChannelException || root instanceof java.io.EOFException) {
            return "the connection closed" + (message.isEmpty() ? "" : ": " + message);
        }
        return message.isEmpty() ? "the connection failed" : message;
    }

    private static WebClient newClient(Duration connectTimeout) {
        return WebClient.builder()
                .connectTimeout(connectTimeout)
                .followRedirects(false)
                .sendExpectContinue(false)
                .servicesDiscoverServices(false)
                // The original sent no User-Agent; Helidon adds one after the request's own headers are set.
                .addService((chain, request) -> {
                    request.headers().remove(HeaderNames.USER_AGENT);
                    return chain.proceed(request);
                })
                .build();
    }

    private Tls trustAll() {
        Tls tls = trustAll;
        if (tls == null) {
            tls = Tls.builder().trustAll(true).endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE).build();
            trustAll = tls;
        }
        return tls;
    }
}
