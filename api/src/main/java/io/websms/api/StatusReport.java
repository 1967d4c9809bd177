package io.websms.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an ITSP's status callback says about one outgoing message: the ITSP's id of the message, its status in
 * websms's words, the ITSP's own word for it, and the error and time when the ITSP gave them. Immutable; built by a
 * {@link StatusParser}.
 *
 * <p>The {@link #messageId()} is the id the ITSP returned when it took the message (what
 * {@link SendResult#messageId()} held): websms finds the message by it. A {@link #status()} is empty when the ITSP's
 * word ({@link #rawStatus()}) is none the provider maps, such as a status the ITSP added after the provider was
 * written: websms counts such a report and changes nothing, and it is never a reason to refuse the callback.
 *
 * <pre>{@code
 * StatusReport.builder("SM0123456789abcdef")
 *     .rawStatus("undelivered").status(DeliveryStatus.UNDELIVERED)
 *     .errorCode("30007").errorText("Message filtered")
 *     .build();
 * }</pre>
 *
 * {@link #toString()} holds the id, the statuses and the error code, escaped with {@link LogText#escape(String)}, and
 * only the length of the error text.
 */
public final class StatusReport {

    private final String messageId;
    private final DeliveryStatus status;
    private final String rawStatus;
    private final String errorCode;
    private final String errorText;
    private final Instant time;

    private StatusReport(Builder builder) {
        this.messageId = builder.messageId;
        this.status = builder.status;
        this.rawStatus = builder.rawStatus;
        this.errorCode = builder.errorCode;
        this.errorText = builder.errorText;
        this.time = builder.time;
    }

    /**
     * Starts the report on the message the ITSP calls {@code messageId}.
     *
     * @throws IllegalArgumentException when {@code messageId} is blank: refuse such a callback with
     *     {@link WebhookException#badRequest(String, String)} naming the id's field before you get here
     */
    public static Builder builder(String messageId) {
        return new Builder(messageId);
    }

    /** The ITSP's id of the message (Twilio's {@code MessageSid}, say); never blank. */
    public String messageId() {
        return messageId;
    }

    /** The status in websms's words; empty when the provider does not map {@link #rawStatus()}. */
    public Optional<DeliveryStatus> status() {
        return Optional.ofNullable(status);
    }

    /** The status exactly as the ITSP wrote it ({@code undelivered}, {@code DELIVRD}, {@code 2}); may be {@code ""}. */
    public String rawStatus() {
        return rawStatus;
    }

    /** The ITSP's error code ({@code 30007}), when the callback carries a non-blank one. */
    public Optional<String> errorCode() {
        return Optional.ofNullable(errorCode);
    }

    /** The ITSP's description of the error, when the callback carries a non-blank one. */
    public Optional<String> errorText() {
        return Optional.ofNullable(errorText);
    }

    /** When the status changed, as the ITSP says; empty when it does not say (websms then uses the arrival time). */
    public Optional<Instant> time() {
        return Optional.ofNullable(time);
    }

    /** A builder that starts from this report. */
    public Builder toBuilder() {
        return builder(messageId).status(status).rawStatus(rawStatus).errorCode(errorCode).errorText(errorText).time(time);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusReport r && messageId.equals(r.messageId) && status == r.status && rawStatus.equals(r.rawStatus)
                && Objects.equals(errorCode, r.errorCode) && Objects.equals(errorText, r.errorText) && Objects.equals(time, r.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(messageId, status, rawStatus, errorCode, errorText, time);
    }

    @Override
    public String toString() {
        return "StatusReport[id=" + LogText.escape(messageId) + ", status=" + (status == null ? "unmapped" : status.wireName())
                + ", raw=" + LogText.escape(rawStatus) + (errorCode == null ? "" : ", error " + LogText.escape(errorCode))
                + (errorText == null ? "" : ", error text " + errorText.length() + " chars")
                + (time == null ? "" : ", at " + time) + "]";
    }

    /** Builds a {@link StatusReport}; only the message id is required. */
    public static final class Builder {
        private final String messageId;
        private DeliveryStatus status;
        private String rawStatus = "";
        private String errorCode;
        private String errorText;
        private Instant time;

        private Builder(String messageId) {
            Objects.requireNonNull(messageId, "messageId");
            if (messageId.isBlank()) {
                throw new IllegalArgumentException("A status report needs the ITSP's message id; it is blank");
            }
            this.messageId = messageId;
        }

        /** The status in websms's words; {@code null} (the default) when the provider does not map the ITSP's word. */
        public Builder status(DeliveryStatus value) {
            this.status = value;
            return this;
        }

        /** The ITSP's own word for the status, as sent; {@code ""} by default. */
        public Builder rawStatus(String value) {
            this.rawStatus = Objects.requireNonNull(value, "rawStatus");
            return this;
        }

        /** The ITSP's error code; {@code null} or a blank value for none. */
        public Builder errorCode(String value) {
            this.errorCode = value == null || value.isBlank() ? null : value.strip();
            return this;
        }

        /** The ITSP's description of the error; {@code null} or a blank value for none. */
        public Builder errorText(String value) {
            this.errorText = value == null || value.isBlank() ? null : value.strip();
            return this;
        }

        /** When the status changed, as the ITSP says; {@code null} (the default) when it does not say. */
        public Builder time(Instant value) {
            this.time = value;
            return this;
        }

        /** The report. */
        public StatusReport build() {
            return new StatusReport(this);
        }
    }
}
