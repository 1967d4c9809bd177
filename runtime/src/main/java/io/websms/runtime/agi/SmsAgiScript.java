package io.websms.runtime.agi;

import io.websms.api.InvalidMessageException;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.outbound.SmsArguments;
import io.websms.runtime.outbox.Outbox;

import java.io.IOException;
import java.util.List;

/**
 * The {@code websms} AGI script: sends the SMS its arguments describe ({@link SmsArguments}) and tells the
 * dialplan how it went in two channel variables: {@code WEBSMS_STATUS} ({@code SUCCESS} or {@code FAILURE}) and
 * {@code WEBSMS_ERROR} (why not, in one line; empty on success). Serves classic AGI and FastAGI alike.
 */
public final class SmsAgiScript {

    /** What the script told the dialplan, and whether the failure was of the message, the config or the ITSP. */
    public record Outcome(Kind kind, String error) {

        /** How a run ended. */
        public enum Kind { SENT, QUEUED, BAD_ARGUMENTS, BAD_MESSAGE, CONFIG_ERROR, REJECTED, TEMPORARY_FAILURE }

        public boolean succeeded() {
            return kind == Kind.SENT;
        }

        /** What {@code WEBSMS_STATUS} says: {@code SUCCESS}, {@code QUEUED} or {@code FAILURE}. */
        public String status() {
            return switch (kind) {
                case SENT -> "SUCCESS";
                case QUEUED -> "QUEUED";
                default -> "FAILURE";
            };
        }
    }

    private final Outbound outbound;
    private final Outbox outbox;
    private final Metrics metrics;

    /** The script without an outbox: a message the ITSP cannot take now is a failure. */
    public SmsAgiScript(Outbound outbound) {
        this(outbound, null, new Metrics());
    }

    /**
     * The script with an outbox (when not null): a message the ITSP cannot take now is queued
     * ({@code WEBSMS_STATUS=QUEUED}). Every run counts one outgoing message in {@code metrics}.
     */
    public SmsAgiScript(Outbound outbound, Outbox outbox, Metrics metrics) {
        this.outbound = outbound;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    /** Sends the SMS of {@code args} and sets the variables on {@code channel}. */
    public Outcome run(List<String> args, AgiChannel channel) throws IOException {
        Outcome outcome = send(args);
        channel.setVariable("WEBSMS_STATUS", outcome.status());
        channel.setVariable("WEBSMS_ERROR", outcome.error());
        return outcome;
    }

    /** Sends the SMS of {@code args}. */
    public Outcome send(List<String> args) {
        SmsArguments sms;
        try {
            sms = SmsArguments.parse(args);
        } catch (IllegalArgumentException e) {
            metrics.outbound("", Metrics.INVALID);
            return new Outcome(Outcome.Kind.BAD_ARGUMENTS, e.getMessage());
        }
        Outcome outcome = send(sms);
        metrics.outbound(interfaceOf(sms), switch (outcome.kind()) {
            case SENT -> Metrics.SENT;
            case QUEUED -> Metrics.QUEUED;
            case REJECTED -> Metrics.REJECTED;
            case TEMPORARY_FAILURE -> Metrics.FAILED;
            case BAD_ARGUMENTS, BAD_MESSAGE, CONFIG_ERROR -> Metrics.INVALID;
        });
        return outcome;
    }

    /** The index of the interface {@code sms} goes through; empty when it names none (no label from the dialplan's text). */
    private String interfaceOf(SmsArguments sms) {
        try {
            return outbound.config(sms.index()).index();
        } catch (ConfigException e) {
            return "";
        }
    }

    private Outcome send(SmsArguments sms) {
        try {
            if (outbox != null && outbox.isWaiting(sms.message().to())) {
                // Keep the order: an earlier message to this number waits, so this one waits behind it.
                outbound.check(sms.index(), sms.message());
                return queue(sms, "an earlier message to " + sms.message().to() + " is waiting");
            }
            SendResult result = outbound.send(sms.index(), sms.message());
            return switch (result.outcome()) {
                case SENT -> new Outcome(Outcome.Kind.SENT, "");
                case REJECTED -> new Outcome(Outcome.Kind.REJECTED, "rejected by the ITSP: " + result.reason());
                case FAILED -> outbox != null ? queue(sms, result.reason())
                        : new Outcome(Outcome.Kind.TEMPORARY_FAILURE, "not sent: " + result.reason());
            };
        } catch (InvalidMessageException e) {
            return new Outcome(Outcome.Kind.BAD_MESSAGE, e.getMessage());
        } catch (ConfigException e) {
            return new Outcome(Outcome.Kind.CONFIG_ERROR, e.diagnostics().stream().map(Diagnostic::format).findFirst().orElse(e.getMessage()));
        }
    }

    private Outcome queue(SmsArguments sms, String reason) {
        try {
            outbox.enqueue(sms.index(), sms.message(), reason);
            return new Outcome(Outcome.Kind.QUEUED, "queued: " + reason);
        } catch (IOException e) {
            return new Outcome(Outcome.Kind.TEMPORARY_FAILURE, "not sent (" + reason + ") and not queued: " + e.getMessage());
        }
    }
}
