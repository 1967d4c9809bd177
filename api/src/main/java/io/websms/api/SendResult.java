package io.websms.api;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one outgoing message, as a {@link ResponseChecker} or websms itself judged it.
 *
 * <p>The {@link Outcome} decides what happens next: a {@link Outcome#SENT} message is done, a
 * {@link Outcome#REJECTED} one must not be tried again (the ITSP refused it for good), a {@link Outcome#FAILED} one
 * may succeed when tried again later.
 */
public final class SendResult {

    /** The three ways a send can end. */
    public enum Outcome {
        /** The ITSP accepted the message. */
        SENT,
        /** The ITSP refused the message for good (a 4xx other than 429, or a reply that says so). */
        REJECTED,
        /** The message may go through later (no connection, a timeout, 429, 5xx). */
        FAILED
    }

    private final Outcome outcome;
    private final int status;
    private final String reason;
    private final String messageId;
    private final Duration retryAfter;

    private SendResult(Outcome outcome, int status, String reason, String messageId, Duration retryAfter) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.status = status;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.messageId = messageId;
        this.retryAfter = retryAfter;
    }

    /** The ITSP accepted the message; {@code messageId} is its id, or {@code null} when it gave none. */
    public static SendResult sent(int status, String messageId) {
        return new SendResult(Outcome.SENT, status, "", messageId, null);
    }

    /** The ITSP refused the message for good, for {@code reason}. */
    public static SendResult rejected(int status, String reason) {
        return new SendResult(Outcome.REJECTED, status, reason, null, null);
    }

    /** The message did not go through but may later; {@code status} is 0 when no response came. */
    public static SendResult failed(int status, String reason) {
        return new SendResult(Outcome.FAILED, status, reason, null, null);
    }

    /**
     * The same failure, with the ITSP's word on when to try again: a {@code Retry-After} header, or a field of the
     * reply that says so ({@code "retry_in": 30}). websms then waits at least that long before it tries this message
     * again, in the sending call and from the outbox, and sends nothing else through the interface meanwhile.
     *
     * @throws IllegalStateException    when this result is not {@link Outcome#FAILED}
     * @throws IllegalArgumentException when {@code after} is negative
     */
    public SendResult withRetryAfter(Duration after) {
        if (outcome != Outcome.FAILED) {
            throw new IllegalStateException("only a failure can say when to try again: " + this);
        }
        if (after.isNegative()) {
            throw new IllegalArgumentException("a negative Retry-After: " + after);
        }
        return new SendResult(outcome, status, reason, messageId, after);
    }

    /** When the ITSP asked to be tried again, if it said (see {@link #withRetryAfter}). */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** How the send ended. */
    public Outcome outcome() {
        return outcome;
    }

    /** Whether the ITSP accepted the message. */
    public boolean isSent() {
        return outcome == Outcome.SENT;
    }

    /** The ITSP's HTTP status, or 0 when no response came. */
    public int status() {
        return status;
    }

    /** Why the message was not sent, in one line; {@code ""} when it was. */
    public String reason() {
        return reason;
    }

    /** The ITSP's id for the message, when it gave one. */
    public Optional<String> messageId() {
        return Optional.ofNullable(messageId);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SendResult r && outcome == r.outcome && status == r.status && reason.equals(r.reason)
                && Objects.equals(messageId, r.messageId) && Objects.equals(retryAfter, r.retryAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, status, reason, messageId, retryAfter);
    }

    @Override
    public String toString() {
        return "SendResult[" + outcome + (status == 0 ? "" : ", status " + status)
                + (reason.isEmpty() ? "" : ", " + reason) + (messageId == null ? "" : ", id " + messageId)
                + (retryAfter == null ? "" : ", retry after " + retryAfter) + "]";
    }
}
