package io.websms.cli;

import io.websms.runtime.metrics.BuildInfo;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;

/**
 * The {@code websms} command.
 *
 * <p>See {@link #USAGE}.
 */
public final class Main {

    static final String USAGE = """
            usage: websms COMMAND [OPTIONS] [ARGUMENTS]
                   websms [OPTIONS] TO FROM BODY [INDEX]

            commands:
              send [--print-id] TO FROM BODY [INDEX] [uri]
                             send one SMS through the [websms] interface INDEX; uri: BODY is URI-encoded;
                             --print-id prints websms's id for it on stdout
              TO FROM BODY [INDEX]
                             the same, as the original websms took it (every argument from TO on is taken as
                             it is); started by Asterisk as a classic AGI script (AST_AGI_DIR set), it answers
                             with WEBSMS_STATUS, WEBSMS_ERROR, WEBSMS_ID and WEBSMS_ITSP_ID
              agi [TO FROM BODY [INDEX] [uri]]
                             classic AGI explicitly; without arguments they come from agi_arg_1..5
              websmsd        the daemon: webhooks for incoming SMS, FastAGI for outgoing SMS, the outbox
              queue [list|retry|purge] [ID]
                             the daemon's outbox: SMS waiting for the ITSP
              inbox [list|retry|purge] [ID]
                             the daemon's inbox (delivery = ami): incoming SMS waiting for Asterisk or a phone
              optout [list | add NUMBER FROM | remove NUMBER FROM]
                             the opt-out list: numbers that wrote STOP to FROM get no SMS from it
              status ID      one outgoing SMS the daemon sent: its fields and status history
              status [--to N] [--from N] [--since 1h] [--last 20]
                             the latest outgoing SMS, newest first; --json for scripts
              reload         make the running daemon re-read websms.conf (as SIGHUP does)
              check-config   read websms.conf, show every interface with its resolved values and provider
                             (secrets masked), warnings and errors; exit 0 only when the file is usable
              startup-training
                             run the daemon and a send once on loopback, with a temporary spool (what
                             bin/websms-startup-cache records its AOT cache from); nothing leaves the machine
              help [COMMAND] show this text, or the command's

            options (anywhere before --; in the original's form, before TO):
              --config FILE  the configuration (default: $WEBSMS_CONFIG, else /etc/asterisk/websms.conf)
              --plugins DIR  folder of provider plugin jars (default: $WEBSMS_PLUGINS, else the plugins folder
                             of the websms installation, beside its lib folder)
              --log-level LEVEL
                             SEVERE, WARNING, INFO, FINE or FINEST (or error, warn, debug, trace); default:
                             $WEBSMS_LOG_LEVEL, else INFO for websmsd and SEVERE otherwise; FINE adds one line
                             per HTTP request to the ITSP
              -h, --help     this text; after a command, the command's
              -V, --version  the version of websms and of the Java it runs on
              --             the end of the options: what follows is arguments, even if it starts with -

            exit status: 0 ok, 64 usage error, 65 message cannot be sent as it is, 69 rejected by the ITSP,
                         75 not sent but may be later, 78 unusable configuration""";

    private static final String OPTIONS = "options: --config FILE, --plugins DIR, --log-level LEVEL, -h/--help (websms help: every command and option)";

    /** Each command's short usage, shown by {@code websms COMMAND --help} and with its usage errors. */
    private static final Map<String, String> COMMAND_USAGE = Map.ofEntries(
            Map.entry("send", """
                    usage: websms send [OPTIONS] [--print-id] TO FROM BODY [INDEX] [uri]
                    Sends one SMS through the [websms] interface INDEX (uri: BODY is URI-encoded). Prints nothing when
                    the ITSP took it, one line on stderr otherwise; the exit status says why. --print-id prints
                    websms's id for the message on stdout (also when it failed). For a BODY that starts with -, end
                    the options first: websms send -- TO FROM BODY"""),
            Map.entry("status", """
                    usage: websms status [OPTIONS] [--json] ID
                           websms status [OPTIONS] [--json] [--to N] [--from N] [--since 30m|1h|2d] [--last 20]
                    What the daemon's message ledger knows of outgoing SMS: one message (its fields and status
                    history), or a table of the latest (newest first, 20 unless --last). --json prints JSON.
                    Exits 65 for an id the ledger does not hold. Only messages sent through websmsd are recorded."""),
            Map.entry("", """
                    usage: websms [OPTIONS] TO FROM BODY [INDEX]
                    Sends one SMS, as the original websms took it: options go before TO; from TO on, every argument
                    is taken as it is. Started by Asterisk as a classic AGI script (AST_AGI_DIR set), it answers with
                    WEBSMS_STATUS, WEBSMS_ERROR, WEBSMS_ID and WEBSMS_ITSP_ID."""),
            Map.entry("agi", """
                    usage: websms agi [OPTIONS] [TO FROM BODY [INDEX] [uri]]
                    Classic AGI: reads the agi_* environment on stdin, sends, and sets WEBSMS_STATUS, WEBSMS_ERROR,
                    WEBSMS_ID and WEBSMS_ITSP_ID.
                    Without arguments they come from agi_arg_1..5; from TO on, every argument is taken as it is."""),
            Map.entry("websmsd", """
                    usage: websms websmsd [OPTIONS]
                    The daemon: webhooks for incoming SMS on WEBSMSD_PORT (or http_addr), FastAGI for outgoing SMS on
                    agi_addr, the outbox. Writes the default configuration first when the file does not exist; runs
                    until SIGTERM or SIGINT; SIGHUP (websms reload) re-reads the configuration."""),
            Map.entry("reload", """
                    usage: websms reload [OPTIONS]
                    Makes the daemon that works this configuration's state_dir re-read websms.conf (sends it SIGHUP).
                    A valid file takes effect for the next message; an invalid one is refused and logged by the daemon,
                    which keeps the configuration it has."""),
            Map.entry("queue", """
                    usage: websms queue [OPTIONS] [list|retry|purge] [ID]
                    The daemon's outbox, the SMS waiting for the ITSP: list them (the default), make them (or one)
                    due now, or drop them for good."""),
            Map.entry("inbox", """
                    usage: websms inbox [OPTIONS] [list|retry|purge] [ID]
                    The daemon's inbox with [astqueue] delivery = ami, the incoming SMS waiting for Asterisk or for a
                    phone to register: list them and the dead letters (the default), make them (or one) due now, or
                    drop them for good."""),
            Map.entry("optout", """
                    usage: websms optout [OPTIONS] [list | add NUMBER FROM | remove NUMBER FROM]
                    The opt-out list in state_dir: NUMBER gets no SMS from our number FROM (it wrote STOP to it on an
                    interface with optout = yes, or was added here). list shows it (the default); add puts NUMBER on it
                    for FROM; remove takes it off, as an incoming START does. websmsd, websms send and AGI refuse a
                    message to a number on it (WEBSMS_STATUS=FAILURE, exit 65)."""),
            Map.entry("check-config", """
                    usage: websms check-config [OPTIONS]
                    Reads websms.conf as websms will; prints every interface with its resolved values and provider
                    (secrets masked), warnings and errors. Exits 0 only when the file is usable."""),
            Map.entry("startup-training", """
                    usage: websms startup-training [OPTIONS]
                    Runs the daemon and a send once on loopback with a temporary configuration and spool, the daemon
                    being its own ITSP; what bin/websms-startup-cache records its AOT cache from."""));

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything logs: keep the log open until the shutdown hooks are done (see Logging.Manager).
        System.setProperty("java.util.logging.manager", Logging.Manager.class.getName());
        System.exit(run(Arrays.asList(args), System.getenv(), System.in, System.out, System.err, Logging::configure).status());
    }

    /** Runs one command without standard input; for commands that do not read it. */
    static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, InputStream.nullInputStream(), out, err, level -> { });
    }

    /**
     * Runs one command; what {@link #main} does, without exiting.
     *
     * @param logging sets up logging at the level the command runs with, before it runs
     */
    static ExitCode run(List<String> args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Consumer<Level> logging) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args, env, out, err);
        } catch (UsageException e) {
            String command = commandOf(args);
            if (isAgi(command, env)) {
                // Asterisk waits for the variables: say it to the dialplan too.
                return AgiCommand.refuse(in, out, err, e.getMessage());
            }
            return usage(err, command, e.getMessage());
        }
        List<String> arguments = invocation.arguments();
        String command = arguments.isEmpty() ? null : command(arguments.get(0));
        if (invocation.version()) {
            out.println("websms " + BuildInfo.version() + " (Java " + BuildInfo.java() + ")");
            return ExitCode.OK;
        }
        if ("help".equals(command) || invocation.help()) {
            String about = !"help".equals(command) ? command
                    : arguments.size() > 1 && Invocation.COMMANDS.contains(arguments.get(1)) ? command(arguments.get(1)) : null;
            out.println(about == null || !COMMAND_USAGE.containsKey(about) ? USAGE : COMMAND_USAGE.get(about) + "\n" + OPTIONS);
            return ExitCode.OK;
        }
        if (invocation.unknownOption() != null) {
            String problem = "unknown option '" + invocation.unknownOption() + "'";
            if (isAgi(command, env)) {
                return new AgiCommand(invocation, List.of(), in, out).refuse(problem);
            }
            return usage(err, command, problem);
        }
        if (command == null) {
            return usage(err, null, "no command given");
        }
        logging.accept(invocation.logLevel().orElse(command.equals("websmsd") ? Level.INFO : Level.SEVERE));
        return switch (command) {
            case "check-config" -> arguments.size() == 1 ? new CheckConfigCommand(invocation).run()
                    : unexpected(err, command, arguments);
            case "send" -> new SendCommand(invocation, arguments.subList(1, arguments.size())).run();
            case "agi" -> new AgiCommand(invocation, arguments.subList(1, arguments.size()), in, out).run();
            case "queue" -> new QueueCommand(invocation, arguments.subList(1, arguments.size())).run();
            case "inbox" -> new InboxCommand(invocation, arguments.subList(1, arguments.size())).run();
            case "optout" -> new OptOutCommand(invocation, arguments.subList(1, arguments.size())).run();
            case "status" -> {
                try {
                    yield new StatusCommand(invocation, arguments.subList(1, arguments.size())).run();
                } catch (StatusCommand.Usage e) {
                    yield usage(err, command, e.getMessage());
                }
            }
            case "reload" -> arguments.size() == 1 ? new ReloadCommand(invocation).run() : unexpected(err, command, arguments);
            case "websmsd" -> arguments.size() == 1 ? new WebsmsdCommand(invocation).run()
                    : unexpected(err, command, arguments);
            case "startup-training" -> arguments.size() == 1 ? new StartupTrainingCommand(invocation).run()
                    : unexpected(err, command, arguments);
            default -> {
                if (env.containsKey("AST_AGI_DIR")) {
                    // The original's form, started by Asterisk as an AGI script: the dialplan's arguments as they are.
                    yield new AgiCommand(invocation, arguments, in, out).run();
                }
                if (arguments.size() < 3 || arguments.size() > 5) {
                    yield usage(err, arguments.size() == 1 ? null : "", arguments.size() == 1 ? "unknown command '" + arguments.get(0) + "'"
                            : "expected TO FROM BODY [INDEX], got " + arguments.size() + " arguments");
                }
                // From a shell, an INDEX that looks like an option is one put in the wrong place: an unindexed
                // configuration would ignore it and send. The text itself is never refused for its looks.
                for (String extra : arguments.subList(3, arguments.size())) {
                    if (Invocation.looksLikeOption(extra)) {
                        yield usage(err, "", "'" + extra + "' after BODY: in this form options go before TO (or use websms send)");
                    }
                }
                yield new SendCommand(invocation, arguments).run();
            }
        };
    }

    /** The command word of {@code args} before parsing them: the first that is no option; null when there is none. */
    private static String commandOf(List<String> args) {
        for (String arg : args) {
            if (!Invocation.looksLikeOption(arg) && !arg.equals("--")) {
                return command(arg);
            }
        }
        return null;
    }

    /** The command a first argument names ({@code daemon} is {@code websmsd}); {@code ""} for the original's form. */
    private static String command(String first) {
        if (first.equals("daemon")) {
            return "websmsd";
        }
        return Invocation.COMMANDS.contains(first) ? first : "";
    }

    /** Whether Asterisk runs this as a classic AGI script, which must answer it on standard output. */
    private static boolean isAgi(String command, Map<String, String> env) {
        return "agi".equals(command) || "".equals(command) && env.containsKey("AST_AGI_DIR");
    }

    private static ExitCode unexpected(PrintStream err, String command, List<String> arguments) {
        return usage(err, command, "unexpected argument '" + arguments.get(1) + "' (it takes none besides the options)");
    }

    /** Says what is wrong and how the command is used (the whole usage when there is no command); exit 64. */
    private static ExitCode usage(PrintStream err, String command, String problem) {
        String usage = command == null || !COMMAND_USAGE.containsKey(command) ? USAGE : COMMAND_USAGE.get(command) + "\n" + OPTIONS;
        err.println("websms" + (command == null || command.isEmpty() || !COMMAND_USAGE.containsKey(command) ? "" : " " + command) + ": " + problem);
        err.println(usage);
        return ExitCode.USAGE;
    }
}
