package io.websms.conformance;

import io.websms.api.FormEncoding;
import io.websms.api.Headers;
import io.websms.api.ItspResponse;
import io.websms.api.OutboundRequest;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The ITSP as the kit plays it: MockWebServer on loopback, sent to with the JDK's HTTP client. */
final class FakeItsp implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final MockWebServer server = new MockWebServer();

    FakeItsp() throws IOException {
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /** The base URL to put in {@code url_host}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Sends {@code request} and returns what came back and what the ITSP saw. */
    Exchange exchange(OutboundRequest request, int status, String body) throws Exception {
        server.enqueue(new MockResponse.Builder().code(status).body(body).addHeader("Content-Type", "application/json").build());
        // As websms sends it: a GET of form fields carries them as the query string, without a body (VoIP.ms, url_method = GET).
        boolean get = request.method().equals("GET") && request.format() == OutboundRequest.Format.FORM;
        HttpRequest.Builder http = HttpRequest.newBuilder(get ? withQuery(request.uri(), FormEncoding.encode(request.fields())) : request.uri())
                .timeout(Duration.ofSeconds(10))
                .method(request.method(), get ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        if (!get) {
            http.header("Content-Type", request.contentType());
        }
        for (Headers.Field field : request.headers().fields()) {
            http.header(field.name(), field.value());
        }
        HttpResponse<byte[]> response = CLIENT.send(http.build(), HttpResponse.BodyHandlers.ofByteArray());
        RecordedRequest recorded = server.takeRequest(5, TimeUnit.SECONDS);
        if (recorded == null) {
            throw new AssertionError("the fake ITSP got no request for " + request);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : recorded.getHeaders().names()) {
            headers.put(name.toLowerCase(Locale.ROOT), recorded.getHeaders().values(name));
        }
        List<Headers.Field> replyHeaders = new ArrayList<>();
        response.headers().map().forEach((name, values) -> values.forEach(v -> replyHeaders.add(new Headers.Field(name, v))));
        return new Exchange(new CapturedRequest(recorded.getMethod(), recorded.getTarget(), headers, recorded.getBody() == null ? new byte[0] : recorded.getBody().toByteArray()),
                ItspResponse.of(response.statusCode(), Headers.of(replyHeaders.stream().filter(f -> !f.name().startsWith(":")).toList()), response.body()));
    }

    /** {@code uri} with {@code query} after its own query, if any. */
    private static URI withQuery(URI uri, String query) {
        if (query.isEmpty()) {
            return uri;
        }
        return URI.create(uri + (uri.getRawQuery() == null ? "?" : "&") + query);
    }

    /** One request and its reply. */
    record Exchange(CapturedRequest request, ItspResponse response) {
    }

    @Override
    public void close() {
        server.close();
    }
}
