package io.websms.runtime.agi;

import io.websms.api.DeliveryStatus;
import io.websms.api.InvalidMessageException;
import io.websms.api.SendResult;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.DaemonSettings;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.outbound.SendJournal;
import io.websms.runtime.outbound.SmsArguments;
import io.websms.runtime.outbound.Trace;
import io.websms.runtime.outbox.Outbox;
import io.websms.runtime.ratelimit.RateLimits;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code websms} AGI script: sends the SMS its arguments describe ({@link SmsArguments}) and tells the
 * dialplan how it went in four channel variables: {@code WEBSMS_STATUS} ({@code SUCCESS}, {@code QUEUED} or
 * {@code FAILURE}), {@code WEBSMS_ERROR} (why not, in one line; empty on success), {@code WEBSMS_ID} (websms's id
 * for the message, as its log lines, the outbox and the ledger name it; empty when websms refused the message itself:
 * its arguments, its interface index or its numbers) and {@code WEBSMS_ITSP_ID} (the ITSP's id for the message when
 * it took it and gave one, else empty). The log lines also carry the call's {@code agi_uniqueid}. Each accepted
 * message and what became of it goes to the {@link SendJournal} (the daemon's ledger). Serves classic AGI and
 * FastAGI alike.
 */
public final class SmsAgiScript {

    /**
     * What the script told the dialplan, and whether the failure was of the message, the config or the ITSP.
     *
     * @param id     websms's id for the message ({@code WEBSMS_ID}); empty when websms refused the message before sending it
     * @param itspId the ITSP's id for the message ({@code WEBSMS_ITSP_ID}); empty unless the ITSP took it and gave one
     */
    public record Outcome(Kind kind, String error, String id, String itspId) {

        /** An outcome without an ITSP id. */
        public Outcome(Kind kind, String error, String id) {
            this(kind, error, id, "");
        }

        /** How a run ended. */
        public enum Kind { SENT, QUEUED, BAD_ARGUMENTS, BAD_MESSAGE, CONFIG_ERROR, REJECTED, TEMPORARY_FAILURE }

        public boolean succeeded() {
            return kind == Kind.SENT;
        }

        /**
         * The exit status of the classic AGI script for this outcome (from {@code sysexits.h}): 0 sent or queued,
         * 64 bad arguments, 65 a message that cannot be sent as it is, 69 rejected by the ITSP, 75 not sent but may
         * be later, 78 an unusable configuration. What {@code websms send} exits with too.
         */
        public int exitStatus() {
            return switch (kind) {
                case SENT, QUEUED -> 0;
                case BAD_ARGUMENTS -> 64;
                case BAD_MESSAGE -> 65;
                case REJECTED -> 69;
                case TEMPORARY_FAILURE -> 75;
                case CONFIG_ERROR -> 78;
            };
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
    private final SendJournal journal;

    /** The script without an outbox: a message the ITSP cannot take now is a failure. */
    public SmsAgiScript(Outbound outbound) {
        this(outbound, null, new Metrics());
    }

    /** {@link #SmsAgiScript(Outbound, Outbox, Metrics, SendJournal)} keeping no journal. */
    public SmsAgiScript(Outbound outbound, Outbox outbox, Metrics metrics) {
        this(outbound, outbox, metrics, SendJournal.NONE);
    }

    /**
     * The script with an outbox (when not null): a message the ITSP cannot take now is queued
     * ({@code WEBSMS_STATUS=QUEUED}). Every run counts one outgoing message in {@code metrics}; every message
     * websms accepts, and its status after the run, goes to {@code journal}.
     */
    public SmsAgiScript(Outbound outbound, Outbox outbox, Metrics metrics, SendJournal journal) {
        this.outbound = outbound;
        this.outbox = outbox;
        this.metrics = metrics;
        this.journal = journal;
    }

    /**
     * Sends the SMS of {@code args} and sets the variables on {@code channel}; {@code env} is the call's AGI
     * environment, whose {@code agi_uniqueid} the log lines carry.
     */
    public Outcome run(List<String> args, Map<String, String> env, AgiChannel channel) throws IOException {
        Outcome outcome = send(args, env.get("agi_uniqueid"));
        tell(channel, outcome.status(), outcome.error(), outcome.id(), outcome.itspId());
        return outcome;
    }

    /** Tells the dialplan that websms took no message, for {@code error}: the same four variables as {@link #run}. */
    public static void fail(AgiChannel channel, String error) throws IOException {
        tell(channel, "FAILURE", error, "", "");
    }

    private static void tell(AgiChannel channel, String status, String error, String id, String itspId) throws IOException {
        channel.setVariable("WEBSMS_STATUS", status);
        channel.setVariable("WEBSMS_ERROR", error);
        // Always set, so that a second AGI call in one channel never leaves the first message's ids behind.
        channel.setVariable("WEBSMS_ID", id);
        channel.setVariable("WEBSMS_ITSP_ID", itspId);
    }

    /** Sends the SMS of {@code args}, a message from no AGI call ({@code websms send} from a shell). */
    public Outcome send(List<String> args) {
        return send(args, null);
    }

    /** Sends the SMS of {@code args}; {@code call} is the AGI call's {@code agi_uniqueid} (null for none). */
    public Outcome send(List<String> args, String call) {
        SmsArguments sms;
        try {
            sms = SmsArguments.parse(args);
        } catch (IllegalArgumentException e) {
            metrics.outbound("", Metrics.INVALID);
            return new Outcome(Outcome.Kind.BAD_ARGUMENTS, e.getMessage(), "");
        }
        Outcome outcome = send(sms, Trace.newMessage(call));
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

    private Outcome send(SmsArguments sms, Trace trace) {
        String id = trace.id();
        Instant accepted = Instant.now();
        try {
            if (outbox != null && outbox.isWaiting(sms.message().to())) {
                // Keep the order: an earlier message to this number waits, so this one waits behind it.
                outbound.check(sms.index(), sms.message());
                journal.accepted(id, interfaceOf(sms), sms.message(), accepted);
                return queue(sms, trace, "an earlier message to " + sms.message().to() + " is waiting");
            }
            Duration rateWait = DaemonSettings.seconds(outbound.config(sms.index()).value("rate_wait"));
            if (outbound.isLimited(sms.index())) {
                // A message that will be refused (a bad number, an opt-out) takes no turn and waits for none.
                outbound.check(sms.index(), sms.message());
            }
            RateLimits.Turn turn = outbound.admit(sms.index(), sms.message(), rateWait);
            if (!turn.taken()) {
                // Its turn comes later than the dialplan may wait: the outbox sends it when the limit allows.
                String limited = "over the rate limit (rate_limit / rate_limit_sender): its turn comes in "
                        + Math.max(1, (turn.delay().toMillis() + 999) / 1000) + " s, later than rate_wait";
                journal.accepted(id, interfaceOf(sms), sms.message(), accepted);
                if (outbox == null) {
                    journal.changed(id, interfaceOf(sms), DeliveryStatus.FAILED, "", "", limited, Instant.now());
                    return new Outcome(Outcome.Kind.TEMPORARY_FAILURE, "not sent: " + limited, id);
                }
                metrics.rateLimited().inc(Metrics.interfaceLabel(interfaceOf(sms)), "queued");
                return queue(sms, trace, limited);
            }
            if (!turn.delay().isZero()) {
                metrics.rateLimited().inc(Metrics.interfaceLabel(interfaceOf(sms)), "waited");
                try {
                    Thread.sleep(turn.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Outbound.Routed routed = outbound.route(sms.index(), sms.message(), trace);
            SendResult result = routed.result();
            // Valid, and through an interface: accepted when it came, then what the ITSP said. After a failover the
            // interface that answered is the message's: its ITSP's status callbacks find it.
            String iface = result.outcome() == SendResult.Outcome.FAILED ? interfaceOf(sms) : routed.interfaceIndex();
            journal.accepted(id, iface, sms.message(), accepted);
            String rerouted = routed.failedOver().isEmpty() ? ""
                    : "through interface " + Metrics.interfaceLabel(routed.interfaceIndex()) + " (" + routed.failedOver() + ")";
            return switch (result.outcome()) {
                case SENT -> {
                    String itspId = result.messageId().orElse("");
                    journal.changed(id, iface, DeliveryStatus.SENT, itspId, "", "", Instant.now());
                    yield new Outcome(Outcome.Kind.SENT, rerouted.isEmpty() ? "" : "sent " + rerouted, id, itspId);
                }
                case REJECTED -> {
                    journal.changed(id, iface, DeliveryStatus.REJECTED, "", "", result.reason(), Instant.now());
                    yield new Outcome(Outcome.Kind.REJECTED, "rejected by the ITSP: " + result.reason(), id);
                }
                case FAILED -> {
                    if (outbox != null) {
                        yield queue(sms, trace, result.reason());
                    }
                    journal.changed(id, iface, DeliveryStatus.FAILED, "", "", result.reason(), Instant.now());
                    yield new Outcome(Outcome.Kind.TEMPORARY_FAILURE, "not sent: " + result.reason(), id);
                }
            };
        } catch (InvalidMessageException e) {
            return new Outcome(Outcome.Kind.BAD_MESSAGE, e.getMessage(), "");
        } catch (ConfigException e) {
            return new Outcome(Outcome.Kind.CONFIG_ERROR, e.diagnostics().stream().map(Diagnostic::format).findFirst().orElse(e.getMessage()), "");
        }
    }

    private Outcome queue(SmsArguments sms, Trace trace, String reason) {
        String iface = interfaceOf(sms);
        try {
            String id = outbox.enqueue(sms.index(), sms.message(), reason, trace);
            journal.changed(id, iface, DeliveryStatus.QUEUED, "", "", reason, Instant.now());
            return new Outcome(Outcome.Kind.QUEUED, "queued: " + reason, id);
        } catch (IOException e) {
            String error = "not sent (" + reason + ") and not queued: " + e.getMessage();
            journal.changed(trace.id(), iface, DeliveryStatus.FAILED, "", "", error, Instant.now());
            return new Outcome(Outcome.Kind.TEMPORARY_FAILURE, error, trace.id());
        }
    }
}
