package io.websms.api;

/**
 * A text that is not JSON, or not JSON websms reads (see {@link JsonSupport#parse(String)}). The message says what
 * is wrong and where ({@code (line 1, column 2)}). Checked, because a reply that is not JSON is an everyday case (a
 * proxy's HTML error page) that a {@link ResponseChecker} must classify, not a bug to crash on.
 */
public final class JsonException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong with the text, and where. */
    public JsonException(String message) {
        super(message);
    }
}
