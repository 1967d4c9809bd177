package io.websms.runtime.agi;

import io.websms.api.InvalidMessageException;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.outbound.SmsArguments;

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
        public enum Kind { SENT, BAD_ARGUMENTS, BAD_MESSAGE, CONFIG_ERROR, REJECTED, TEMPORARY_FAILURE }

        public boolean succeeded() {
            return kind == Kind.SENT;
        }
    }

    private final Outbound outbound;

    public SmsAgiScript(Outbound outbound) {
        this.outbound = outbound;
    }

    /** Sends the SMS of {@code args} and sets the variables on {@code channel}. */
    public Outcome run(List<String> args, AgiChannel channel) throws IOException {
        Outcome outcome = send(args);
        channel.setVariable("WEBSMS_STATUS", outcome.succeeded() ? "SUCCESS" : "FAILURE");
        channel.setVariable("WEBSMS_ERROR", outcome.error());
        return outcome;
    }

    /** Sends the SMS of {@code args}. */
    public Outcome send(List<String> args) {
        SmsArguments sms;
        try {
            sms = SmsArguments.parse(args);
        } catch (IllegalArgumentException e) {
            return new Outcome(Outcome.Kind.BAD_ARGUMENTS, e.getMessage());
        }
        try {
            SendResult result = outbound.send(sms.index(), sms.message());
            return switch (result.outcome()) {
                case SENT -> new Outcome(Outcome.Kind.SENT, "");
                case REJECTED -> new Outcome(Outcome.Kind.REJECTED, "rejected by the ITSP: " + result.reason());
                case FAILED -> new Outcome(Outcome.Kind.TEMPORARY_FAILURE, "not sent: " + result.reason());
            };
        } catch (InvalidMessageException e) {
            return new Outcome(Outcome.Kind.BAD_MESSAGE, e.getMessage());
        } catch (ConfigException e) {
            return new Outcome(Outcome.Kind.CONFIG_ERROR, e.diagnostics().stream().map(Diagnostic::format).findFirst().orElse(e.getMessage()));
        }
    }
}
