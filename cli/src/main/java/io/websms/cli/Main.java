package io.websms.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code websms} command.
 *
 * <pre>
 * websms check-config [--config FILE] [--plugins DIR]   check websms.conf and show what it means
 * websms help                                           this text
 * </pre>
 */
public final class Main {

    static final String USAGE = """
            usage: websms COMMAND [--config FILE] [--plugins DIR] [ARGUMENTS]

            commands:
              check-config   read websms.conf, show every interface with its resolved values and provider
                             (secrets masked), warnings and errors; exit 0 only when the file is usable
              help           show this text

            options:
              --config FILE  the configuration (default: $WEBSMS_CONFIG, else /etc/asterisk/websms.conf)
              --plugins DIR  folder of provider plugin jars (default: $WEBSMS_PLUGINS, else websms-plugins
                             beside the configuration)

            exit status: 0 ok, 64 usage error, 78 unusable configuration""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.getenv(), System.out, System.err).status());
    }

    /** Runs one command; what {@link #main} does, without exiting. */
    static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
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
            case "help", "-h", "--help" -> {
                out.println(USAGE);
                yield ExitCode.OK;
            }
            default -> usage(err, "unknown command '" + command + "'");
        };
    }

    private static ExitCode usage(PrintStream err, String problem) {
        err.println("websms: " + problem);
        err.println(USAGE);
        return ExitCode.USAGE;
    }
}
