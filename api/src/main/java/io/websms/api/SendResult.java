package io.websms.api;

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

    private SendResult(Outcome outcome, int status, String reason, String messageId) {
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.status = status;
        this.reason = Objects.requireNonNull(reason, "reason");
        this.messageId = messageId;
    }

    /** The ITSP accepted the message; {@code messageId} is its id, or {@code null} when it gave none. */
    public static SendResult sent(int status, String messageId) {
        return new SendResult(Outcome.SENT, status, "", messageId);
    }

    /** The ITSP refused the message for good, for {@code reason}. */
    public static SendResult rejected(int status, String reason) {
        return new SendResult(Outcome.REJECTED, status, reason, null);
    }

    /** The message did not go through but may later; {@code status} is 0 when no response came. */
    public static SendResult failed(int status, String reason) {
        return new SendResult(Outcome.FAILED, status, reason, null);
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
                && Objects.equals(messageId, r.messageId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(outcome, status, reason, messageId);
    }

    @Override
    public String toString() {
        return "SendResult[" + outcome + (status == 0 ? "" : ", status " + status)
                + (reason.isEmpty() ? "" : ", " + reason) + (messageId == null ? "" : ", id " + messageId) + "]";
    }
}
