package io.websms.api;

/**
 * Thrown by a {@link RequestMapper} when a message cannot be sent as it is (a number with letters, an empty
 * body): websms sends nothing and reports the message to the caller. The message names the field and what is
 * wrong, and holds no secret.
 */
public final class InvalidMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String field;

    /** {@code field} ({@code to}, {@code from} or {@code body}) is unusable, as {@code problem} says. */
    public InvalidMessageException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field at fault: {@code to}, {@code from} or {@code body}. */
    public String field() {
        return field;
    }
}
