package io.websms.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

/**
 * The {@code websms} command.
 *
 * <p>See {@link #USAGE}.
 */
public final class Main {

    static final String USAGE = """
            usage: websms COMMAND [--config FILE] [--plugins DIR] [ARGUMENTS]

            commands:
              send TO FROM BODY [INDEX] [uri]
                             send one SMS through the [websms] interface INDEX; uri: BODY is URI-encoded
              TO FROM BODY [INDEX]
                             the same, as the original websms took it; started by Asterisk as a classic
                             AGI script (AST_AGI_DIR set), it answers with WEBSMS_STATUS and WEBSMS_ERROR
              agi [TO FROM BODY [INDEX] [uri]]
                             classic AGI explicitly; without arguments they come from agi_arg_1..5
              websmsd        the daemon: webhooks for incoming SMS, FastAGI for outgoing SMS, the outbox
              queue [list|retry|purge] [ID]
                             the daemon's outbox: SMS waiting for the ITSP
              check-config   read websms.conf, show every interface with its resolved values and provider
                             (secrets masked), warnings and errors; exit 0 only when the file is usable
              startup-training
                             run the daemon and a send once on loopback, with a temporary spool (what
                             bin/websms-startup-cache records its AOT cache from); nothing leaves the machine
              help           show this text

            options:
              --config FILE  the configuration (default: $WEBSMS_CONFIG, else /etc/asterisk/websms.conf)
              --plugins DIR  folder of provider plugin jars (default: $WEBSMS_PLUGINS, else websms-plugins
                             beside the configuration)

            exit status: 0 ok, 64 usage error, 65 message cannot be sent as it is, 69 rejected by the ITSP,
                         75 not sent but may be later, 78 unusable configuration
            log level:   WEBSMS_LOG_LEVEL=SEVERE|WARNING|INFO|FINE (default: INFO for websmsd, SEVERE otherwise)""";

    private Main() {
    }

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        boolean daemon = arguments.contains("websmsd");
        Logging.configure(logLevel(System.getenv("WEBSMS_LOG_LEVEL"), daemon ? Level.INFO : Level.SEVERE));
        System.exit(run(arguments, System.getenv(), System.in, System.out, System.err).status());
    }

    private static Level logLevel(String name, Level fallback) {
        try {
            return name == null || name.isBlank() ? fallback : Level.parse(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return fallback;
        }
    }

    /** Runs one command without standard input; for commands that do not read it. */
    static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, InputStream.nullInputStream(), out, err);
    }

    /** Runs one command; what {@link #main} does, without exiting. */
    static ExitCode run(List<String> args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args, env, out, err);
        } catch (UsageException e) {
            return usage(err, e.getMessage());
        }
        List<String> arguments = invocation.arguments();
        if (arguments.isEmpty()) {
            return usage(err, "no command given");
        }
        String command = arguments.get(0);
        return switch (command) {
            case "check-config" -> arguments.size() == 1 ? new CheckConfigCommand(invocation).run()
                    : usage(err, "check-config takes no arguments besides --config and --plugins");
            case "send" -> new SendCommand(invocation, arguments.subList(1, arguments.size())).run();
            case "agi" -> new AgiCommand(invocation, arguments.subList(1, arguments.size()), in, out).run();
            case "queue" -> new QueueCommand(invocation, arguments.subList(1, arguments.size())).run();
            case "websmsd", "daemon" -> arguments.size() == 1 ? new WebsmsdCommand(invocation).run()
                    : usage(err, "websmsd takes no arguments besides --config and --plugins");
            case "startup-training" -> arguments.size() == 1 ? new StartupTrainingCommand(invocation).run()
                    : usage(err, "startup-training takes no arguments besides --plugins");
            case "help", "-h", "--help" -> {
                out.println(USAGE);
                yield ExitCode.OK;
            }
            default -> {
                if (arguments.size() < 3 || arguments.size() > 5) {
                    yield usage(err, "unknown command '" + command + "'");
                }
                // The original's form, websms TO FROM BODY [INDEX]; as an AGI script when Asterisk started it.
                yield env.containsKey("AST_AGI_DIR") ? new AgiCommand(invocation, arguments, in, out).run()
                        : new SendCommand(invocation, arguments).run();
            }
        };
    }

    private static ExitCode usage(PrintStream err, String problem) {
        err.println("websms: " + problem);
        err.println(USAGE);
        return ExitCode.USAGE;
    }
}
