package io.websms.api;

/**
 * Thrown by a {@link WebhookParser} or {@link SignatureVerifier} to refuse a webhook call. websms answers with
 * {@link #status()} and a short text, writes no call file, and logs {@link #getMessage()} (which must not hold a
 * secret).
 */
public final class WebhookException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    private WebhookException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: the request lacks {@code field} or holds a bad value in it; {@code problem} says what is wrong. */
    public static WebhookException badRequest(String field, String problem) {
        return new WebhookException(400, field + ": " + problem);
    }

    /** 403: the caller could not prove who it is (a missing or wrong signature). */
    public static WebhookException forbidden(String reason) {
        return new WebhookException(403, reason);
    }

    /** The HTTP status websms answers with: 400 or 403. */
    public int status() {
        return status;
    }
}
