package io.websms.cli;

import io.websms.api.LogText;
import io.websms.runtime.agi.AgiChannel;
import io.websms.runtime.agi.SmsAgiScript;
import io.websms.runtime.outbound.HttpTransport;
import io.websms.runtime.outbound.Outbound;
import io.websms.runtime.provider.UnknownNameException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Classic AGI: Asterisk starts {@code websms} for {@code AGI(websms,TO,FROM,BODY,INDEX)}, writes the {@code agi_*}
 * environment to its standard input and reads commands from its standard output. websms reads the environment,
 * sends, and sets {@code WEBSMS_STATUS}, {@code WEBSMS_ERROR} and {@code WEBSMS_ID}; its log line carries the call's
 * {@code agi_uniqueid}. The arguments come from the command line, where a
 * multi-line body arrives intact; without any, from {@code agi_arg_1 …}. Nothing but AGI commands goes to standard
 * output; log lines go to standard error, which Asterisk shows on its console.
 */
final class AgiCommand {

    private final Invocation invocation;
    private final List<String> args;
    private final InputStream in;
    private final OutputStream out;

    AgiCommand(Invocation invocation, List<String> args, InputStream in, OutputStream out) {
        this.invocation = invocation;
        this.args = args;
        this.in = in;
        this.out = out;
    }

    ExitCode run() {
        AgiChannel channel = new AgiChannel(in, out);
        Map<String, String> env;
        try {
            env = channel.readEnvironment();
        } catch (IOException e) {
            invocation.err.println("websms: not started as an AGI script: " + LogText.escape(e.getMessage()));
            return ExitCode.USAGE;
        }
        List<String> smsArgs = args.isEmpty() ? AgiChannel.arguments(env) : args;
        try {
            Bootstrap.Loaded loaded;
            try {
                loaded = Bootstrap.load(invocation);
            } catch (Bootstrap.Failure e) {
                Logging.print(invocation.err, e.lines());
                fail(channel, e.lines().get(0));
                return ExitCode.CONFIG;
            }
            SmsAgiScript script;
            try {
                script = new SmsAgiScript(new Outbound(loaded.config(), loaded.registry(), HttpTransport.forOneMessage(),
                        new io.websms.runtime.metrics.Metrics(), io.websms.runtime.ratelimit.RateLimits.NONE, WebsmsdCommand.optOutsForSending(loaded.config(), invocation.configFile(), invocation.env()::get)));
            } catch (UnknownNameException e) {
                invocation.err.println("websms: " + e.getMessage());
                fail(channel, e.getMessage());
                return ExitCode.CONFIG;
            }
            SmsAgiScript.Outcome outcome = script.run(smsArgs, env, channel);
            if (!outcome.succeeded()) {
                invocation.err.println("websms: " + LogText.escape(outcome.error()));
            }
            return SendCommand.exitCode(outcome);
        } catch (IOException e) {
            invocation.err.println("websms: the AGI connection broke: " + LogText.escape(e.getMessage()));
            return ExitCode.TEMPORARY_FAILURE;
        }
    }

    /**
     * Refuses to run for {@code problem} (a usage error): reads the AGI environment, tells the dialplan, and says it
     * on standard error.
     */
    ExitCode refuse(String problem) {
        return refuse(in, out, invocation.err, problem);
    }

    /** {@link #refuse(String)} before the command line could be read. */
    static ExitCode refuse(InputStream in, OutputStream out, java.io.PrintStream err, String problem) {
        err.println("websms: " + problem);
        AgiChannel channel = new AgiChannel(in, out);
        try {
            channel.readEnvironment();
            fail(channel, problem);
        } catch (IOException e) {
            err.println("websms: not started as an AGI script: " + e.getMessage());
        }
        return ExitCode.USAGE;
    }

    private static void fail(AgiChannel channel, String error) throws IOException {
        SmsAgiScript.fail(channel, error);
    }
}
