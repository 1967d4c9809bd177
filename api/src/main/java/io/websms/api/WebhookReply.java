package io.websms.api;

import java.util.Objects;

/**
 * What websms answers to a webhook call: status, content type and body. Immutable.
 *
 * @param status      the HTTP status
 * @param contentType the {@code Content-Type} of the body
 * @param body        the body, sent as UTF-8
 */
public record WebhookReply(int status, String contentType, String body) {

    public WebhookReply {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("Not an HTTP status: " + status);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        if ((status == 204 || status == 304) && !body.isEmpty()) {
            throw new IllegalArgumentException("HTTP " + status + " has no body: " + body.length() + " characters given");
        }
    }

    /**
     * {@code 204 No Content}: websms sends no body and no {@code Content-Type}, as ITSPs that take only an empty
     * answer need (the web server adds {@code Content-Length: 0}, as Helidon does for every 204).
     */
    public static WebhookReply noContent() {
        return new WebhookReply(204, "", "");
    }

    /** A 200 answer with {@code body} as {@code text/plain; charset=utf-8}. */
    public static WebhookReply text(String body) {
        return new WebhookReply(200, "text/plain; charset=utf-8", body);
    }

    /**
     * A 200 answer with {@code body}, typed by its look: XML ({@code text/xml}) when it starts with {@code <},
     * JSON when it starts with <code>{</code> or {@code [}, else plain text.
     */
    public static WebhookReply of(String body) {
        String start = body.stripLeading();
        if (start.startsWith("<")) {
            return new WebhookReply(200, "text/xml; charset=utf-8", body);
        }
        if (start.startsWith("{") || start.startsWith("[")) {
            return new WebhookReply(200, "application/json", body);
        }
        return text(body);
    }
}
