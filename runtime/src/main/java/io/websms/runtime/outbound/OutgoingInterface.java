package io.websms.runtime.outbound;

import io.websms.api.AuthScheme;
import io.websms.api.InterfaceConfig;
import io.websms.api.InvalidMessageException;
import io.websms.api.ItspResponse;
import io.websms.api.Message;
import io.websms.api.OutboundRequest;
import io.websms.api.RequestMapper;
import io.websms.api.ResponseChecker;
import io.websms.api.SendResult;
import io.websms.runtime.metrics.HistogramFamily;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.ratelimit.RateLimits;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * One {@code [websms]} interface, bound to its provider's pieces: maps a message, adds credentials, sends, judges
 * the reply, and tries again while the failure may pass. Immutable and thread-safe.
 */
public final class OutgoingInterface {

    private final InterfaceConfig config;
    private final RequestMapper mapper;
    private final AuthScheme auth;
    private final ResponseChecker checker;
    private final HttpTransport transport;
    private final HttpTransport.Options options;
    private final RetryPolicy retry;
    private final HistogramFamily.Child latency;
    private final LongAdder retries;
    private final RateLimits limits;

    OutgoingInterface(InterfaceConfig config, RequestMapper mapper, AuthScheme auth, ResponseChecker checker,
                      HttpTransport transport, Metrics metrics, RateLimits limits) {
        this.limits = limits;
        this.config = config;
        this.mapper = mapper;
        this.auth = auth;
        this.checker = checker;
        this.transport = transport;
        this.options = new HttpTransport.Options(seconds(config.value("timeout_connect")), seconds(config.value("timeout_read")),
                config.flag("tls_verify"));
        this.retry = new RetryPolicy(Integer.parseInt(config.value("retry_max")), seconds(config.value("retry_delay")));
        String label = Metrics.interfaceLabel(config.index());
        this.latency = metrics.itspLatency().labels(label);
        this.retries = metrics.retries().labels(label, "request");
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    /** The interface's configuration. */
    public InterfaceConfig config() {
        return config;
    }

    /** Maps {@code message} as a send would, to refuse a bad one before it is queued. */
    void check(Message message) throws InvalidMessageException {
        mapper.map(message, config);
    }

    /**
     * What one send came to, and whether its failure says the route is down: no connection could be made, or the
     * ITSP answered 5xx, after every retry. Only then may another interface take the message: a timeout (the ITSP
     * may have it) or a rejection never fails over, so that no SMS goes out twice.
     */
    public record Attempt(SendResult result, boolean routeDown) {
    }

    /**
     * Sends {@code message}.
     *
     * @throws InvalidMessageException when the message cannot be sent as it is; nothing was sent
     */
    public SendResult send(Message message) throws InvalidMessageException {
        return attempt(message).result();
    }

    /**
     * Sends {@code message}, saying whether a failure means the route is down.
     *
     * @throws InvalidMessageException when the message cannot be sent as it is; nothing was sent
     */
    public Attempt attempt(Message message) throws InvalidMessageException {
        OutboundRequest mapped = mapper.map(message, config);
        OutboundRequest request = auth.authenticate(mapped, config);
        ReplyScrubber redaction = ReplyScrubber.of(config, mapped, request);
        SendResult result = null;
        ItspResponse response = null;
        boolean unreachable = false;
        for (int attempt = 0; attempt <= retry.maxRetries(); attempt++) {
            if (attempt > 0) {
                if (!sleep(retry.delay(attempt, response))) {
                    break;
                }
                retries.increment();
            }
            long start = System.nanoTime();
            try {
                response = transport.send(request, options);
                latency.observe((System.nanoTime() - start) / 1e9);
                result = checker.check(response, config);
                if (response.status() == 429) {
                    // The ITSP asks for a pause: no other message of this interface goes before it ends.
                    Duration asked = RetryPolicy.retryAfter(response);
                    if (asked != null) {
                        limits.pause(config, asked);
                    }
                }
                unreachable = false;
            } catch (IOException e) {
                latency.observe((System.nanoTime() - start) / 1e9);
                response = null;
                result = SendResult.failed(0, transportFailure(request, e));
                unreachable = !isTimeout(e);
            }
            if (result.outcome() != SendResult.Outcome.FAILED) {
                return new Attempt(cleaned(result, redaction), false);
            }
        }
        return new Attempt(cleaned(result, redaction), unreachable || result.status() >= 500);
    }

    private static boolean isTimeout(IOException e) {
        return e instanceof SocketTimeoutException || e instanceof HttpTimeoutException || e.getCause() instanceof SocketTimeoutException;
    }

    /** The result with its reason (the ITSP's words, which go to logs, WEBSMS_ERROR and dead letters) cleaned. */
    private static SendResult cleaned(SendResult result, ReplyScrubber redaction) {
        if (result.reason().isEmpty()) {
            return result;
        }
        String reason = redaction.clean(result.reason());
        return switch (result.outcome()) {
            case SENT -> result;
            case REJECTED -> SendResult.rejected(result.status(), reason);
            case FAILED -> SendResult.failed(result.status(), reason);
        };
    }

    /** Why no reply came, with the address tried (never its credentials or query) and no Java class names. */
    private static String transportFailure(OutboundRequest request, IOException e) {
        String url = HttpTransport.safeUrl(request.uri());
        if (isTimeout(e)) {
            return "no reply from the ITSP at " + url + " within the timeout (" + HttpTransport.describe(e) + ")";
        }
        return "no connection to the ITSP at " + url + " (" + HttpTransport.describe(e) + ")";
    }

    /** Waits; false when interrupted (the process is stopping: give up retrying). */
    private static boolean sleep(Duration delay) {
        try {
            Thread.sleep(delay);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
