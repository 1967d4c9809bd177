package io.websms.cli;

import io.websms.api.LogText;
import io.websms.runtime.agi.SmsAgiScript;
import io.websms.runtime.metrics.Metrics;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.UnknownNameException;

import java.util.List;

/**
 * {@code websms send TO FROM BODY [INDEX] [uri]}, and the original's bare {@code websms TO FROM BODY [INDEX]}: sends
 * one SMS, prints nothing on success (as the original) and one line on standard error otherwise; the exit status
 * says which way it failed. With {@code --print-id}, websms's id for the message goes to standard output (when
 * websms gave it one: also when the ITSP refused it). Without a daemon nothing is recorded in the message ledger:
 * the daemon owns it, and {@code websms status} knows the messages sent through it. The daemon's opt-out list is
 * honoured: a message to a number on it for this sender is refused (exit 65).
 */
final class SendCommand {

    private final Invocation invocation;
    private final List<String> args;

    SendCommand(Invocation invocation, List<String> args) {
        this.invocation = invocation;
        this.args = args;
    }

    ExitCode run() {
        java.util.Optional<Bootstrap.Loaded> found = Bootstrap.loadOrReport(invocation);
        if (found.isEmpty()) {
            return ExitCode.CONFIG;
        }
        Bootstrap.Loaded loaded = found.get();
        SmsAgiScript.Outcome outcome;
        try {
            // The daemon's opt-out list: a number that wrote STOP gets nothing from here either.
            outcome = new SmsAgiScript(new Outbound(loaded.config(), loaded.registry(), HttpTransport.forOneMessage(), new Metrics(), io.websms.runtime.ratelimit.RateLimits.NONE,
                    WebsmsdCommand.optOutsForSending(loaded.config(), invocation.configFile(), invocation.env()::get))).send(args);
        } catch (UnknownNameException e) {
            Logging.print(invocation.err, List.of(e.getMessage()));
            return ExitCode.CONFIG;
        }
        if (invocation.option("--print-id").isPresent() && !outcome.id().isEmpty()) {
            invocation.out.println(outcome.id());
        }
        if (!outcome.succeeded()) {
            invocation.err.println("websms: " + LogText.escape(outcome.error()));
        }
        return exitCode(outcome);
    }

    static ExitCode exitCode(SmsAgiScript.Outcome outcome) {
        return switch (outcome.kind()) {
            case SENT, QUEUED -> ExitCode.OK; // queued: the daemon has it durably (the command itself never queues)
            case BAD_ARGUMENTS -> ExitCode.USAGE;
            case BAD_MESSAGE -> ExitCode.DATA;
            case CONFIG_ERROR -> ExitCode.CONFIG;
            case REJECTED -> ExitCode.REJECTED;
            case TEMPORARY_FAILURE -> ExitCode.TEMPORARY_FAILURE;
        };
    }
}
