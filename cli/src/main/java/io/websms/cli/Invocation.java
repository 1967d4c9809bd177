package io.websms.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;

/**
 * A command's surroundings: its arguments after the options, the options common to every command, the environment
 * and the output streams. Kept apart from {@link System} so that tests can run commands in-process.
 */
final class Invocation {

    static final String DEFAULT_CONFIG = "/etc/asterisk/websms.conf";

    /** The command words; any other first argument is the original's {@code websms TO FROM BODY [INDEX]}. */
    static final Set<String> COMMANDS = Set.of("send", "agi", "websmsd", "daemon", "queue", "inbox", "optout", "reload", "check-config", "startup-training",
            "status", "help");

    /**
     * The options of one command, each with whether it takes a value: accepted after the command's word (anywhere
     * before {@code --}), refused as unknown for any other command and before the command's word.
     */
    static final Map<String, Map<String, Boolean>> COMMAND_OPTIONS = Map.of(
            "send", Map.of("--print-id", false),
            "status", Map.of("--to", true, "--from", true, "--since", true, "--last", true, "--json", false));

    /** What {@code --log-level} and {@code WEBSMS_LOG_LEVEL} accept, as said in messages. */
    static final String LOG_LEVELS = "SEVERE (or error), WARNING (warn), INFO, FINE (debug) or FINEST (trace)";

    private final List<String> arguments;
    private final String configOption;
    private final String pluginsOption;
    private final Level logLevel;
    private final boolean help;
    private final boolean version;
    private final String unknownOption;
    private final Map<String, String> commandOptions;
    private final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;

    private Invocation(List<String> arguments, String configOption, String pluginsOption, Level logLevel, boolean help, boolean version,
                       String unknownOption, Map<String, String> commandOptions, Map<String, String> env, PrintStream out, PrintStream err) {
        this.arguments = List.copyOf(arguments);
        this.commandOptions = Map.copyOf(commandOptions);
        this.configOption = configOption;
        this.pluginsOption = pluginsOption;
        this.logLevel = logLevel;
        this.help = help;
        this.version = version;
        this.unknownOption = unknownOption;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** The same plugins and standard output, with another configuration file, environment, arguments and stderr. */
    Invocation with(Path config, Map<String, String> env, List<String> arguments, PrintStream err) {
        return new Invocation(arguments, config.toString(), pluginsDir().toString(), logLevel, false, false, null, Map.of(), env, out, err);
    }

    /**
     * Takes the options out of {@code args}: {@code --config FILE}, {@code --plugins DIR}, {@code --log-level LEVEL}
     * (each also as {@code --name=VALUE}), {@code -h}/{@code --help} and {@code -V}/{@code --version}, anywhere
     * among the arguments; after a command's word, that command's own options ({@link #COMMAND_OPTIONS}, such as
     * {@code websms status --to N}), read by {@link #option}; the first other word that looks like an option
     * ({@code -x}, {@code --xy}) is kept as {@link #unknownOption()}. {@code --} ends the options. In the original's form, {@code websms TO FROM BODY
     * [INDEX]}, and in {@code websms agi TO …}, every word from TO on is an argument as it is, whatever it looks
     * like: Asterisk passes the text of an SMS there, and the original took it so.
     *
     * @throws UsageException when an option lacks its value (or has one it does not take), a command's option is
     *                        given twice, or the log level is not one
     */
    static Invocation parse(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) throws UsageException {
        List<String> rest = new ArrayList<>();
        String config = null;
        String plugins = null;
        String level = null;
        boolean help = false;
        boolean version = false;
        String helpOrVersion = null;
        String unknown = null;
        Map<String, String> commandOptions = new java.util.LinkedHashMap<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!options) {
                rest.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                options = false;
                continue;
            }
            if (!looksLikeOption(arg)) {
                rest.add(arg);
                if (rest.size() == 1 && !COMMANDS.contains(arg) || rest.size() == 2 && rest.get(0).equals("agi")) {
                    options = false; // TO: the original's arguments follow
                }
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            switch (name) {
                case "--config", "--plugins", "--log-level" -> {
                    String value;
                    if (eq > 0) {
                        value = arg.substring(eq + 1);
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new UsageException(name + " needs a value");
                    }
                    if (value.isEmpty()) {
                        throw new UsageException(name + " needs a value");
                    }
                    switch (name) {
                        case "--config" -> config = value;
                        case "--plugins" -> plugins = value;
                        default -> level = value;
                    }
                }
                case "-h", "--help" -> {
                    if (eq > 0) {
                        unknown = unknown == null ? arg : unknown;
                    }
                    help = true;
                    helpOrVersion = helpOrVersion == null ? arg : helpOrVersion;
                }
                case "-V", "--version" -> {
                    if (eq > 0) {
                        unknown = unknown == null ? arg : unknown;
                    }
                    version = true;
                    helpOrVersion = helpOrVersion == null ? arg : helpOrVersion;
                }
                default -> {
                    Map<String, Boolean> own = rest.isEmpty() ? Map.of() : COMMAND_OPTIONS.getOrDefault(rest.get(0), Map.of());
                    if (!own.containsKey(name)) {
                        unknown = unknown == null ? arg : unknown;
                        continue;
                    }
                    String value = "";
                    if (own.get(name)) {
                        if (eq > 0) {
                            value = arg.substring(eq + 1);
                        } else if (i + 1 < args.size()) {
                            value = args.get(++i);
                        }
                        if (value.isEmpty()) {
                            throw new UsageException(name + " needs a value");
                        }
                    } else if (eq > 0) {
                        throw new UsageException(name + " takes no value");
                    }
                    if (commandOptions.put(name, value) != null) {
                        throw new UsageException(name + " is given twice");
                    }
                }
            }
        }
        if (helpOrVersion != null && rest.size() > 1 && unknown == null) {
            // Help or version beside a command's arguments is a text put in the wrong place (websms send TO FROM -h):
            // refuse it rather than print help, exit 0 and send nothing.
            unknown = helpOrVersion;
            help = false;
            version = false;
        }
        Level logLevel = level != null ? logLevel(level, "--log-level " + level)
                : blank(env.get("WEBSMS_LOG_LEVEL")) ? null : logLevel(env.get("WEBSMS_LOG_LEVEL"), "WEBSMS_LOG_LEVEL=" + env.get("WEBSMS_LOG_LEVEL"));
        return new Invocation(rest, config, plugins, logLevel, help, version, unknown, commandOptions, env, out, err);
    }

    /** {@code -x} or {@code --xy}: a dash and a letter; {@code -5}, {@code -}, {@code -- hi} are not options. */
    static boolean looksLikeOption(String arg) {
        if (arg.length() < 2 || arg.charAt(0) != '-') {
            return false;
        }
        return Character.isLetter(arg.charAt(1)) || arg.charAt(1) == '-' && arg.length() > 2 && Character.isLetter(arg.charAt(2));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The level {@code name} names: a java.util.logging name, or the word other loggers use for it. */
    static Level logLevel(String name, String source) throws UsageException {
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "SEVERE", "ERROR" -> Level.SEVERE;
            case "WARNING", "WARN" -> Level.WARNING;
            case "INFO" -> Level.INFO;
            case "FINE", "DEBUG" -> Level.FINE;
            case "FINER" -> Level.FINER;
            case "FINEST", "TRACE" -> Level.FINEST;
            default -> throw new UsageException(source + " is not a log level: use " + LOG_LEVELS);
        };
    }

    /** The command's arguments. */
    List<String> arguments() {
        return arguments;
    }

    /** The log level {@code --log-level} or {@code WEBSMS_LOG_LEVEL} chose, or empty for the command's default. */
    Optional<Level> logLevel() {
        return Optional.ofNullable(logLevel);
    }

    /** {@code -h} or {@code --help} was given. */
    boolean help() {
        return help;
    }

    /** {@code -V} or {@code --version} was given. */
    boolean version() {
        return version;
    }

    /** The value of the command's option {@code name} ({@code ""} for one that takes none), or empty when not given. */
    Optional<String> option(String name) {
        return Optional.ofNullable(commandOptions.get(name));
    }

    /** The first word that looks like an option but is none of websms's, or null. */
    String unknownOption() {
        return unknownOption;
    }

    /** The configuration file: {@code --config}, else {@code WEBSMS_CONFIG}, else {@value #DEFAULT_CONFIG}. */
    Path configFile() {
        if (configOption != null) {
            return Path.of(configOption);
        }
        String fromEnv = env.get("WEBSMS_CONFIG");
        return Path.of(fromEnv != null && !fromEnv.isEmpty() ? fromEnv : DEFAULT_CONFIG);
    }

    /**
     * The plugins folder: {@code --plugins}, else {@code WEBSMS_PLUGINS}, else the {@code plugins} folder of the
     * websms installation ({@link #installationPlugins}).
     */
    Path pluginsDir() {
        if (pluginsOption != null) {
            return Path.of(pluginsOption);
        }
        String fromEnv = env.get("WEBSMS_PLUGINS");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Path.of(fromEnv);
        }
        return installationPlugins(codeLocation());
    }

    /**
     * The {@code plugins} folder of the installation that {@code code} (websms's jar, or its classes folder) is part
     * of: beside the folder holding it, as {@code /opt/websms/plugins} is beside {@code /opt/websms/lib}. Plugins are
     * code: they belong with the installation, owned as it is, not beside a configuration the daemon's user may
     * be able to write.
     */
    static Path installationPlugins(Path code) {
        Path holder = code.toAbsolutePath().getParent();
        Path home = holder == null ? null : holder.getParent();
        return (home == null ? Path.of("").toAbsolutePath() : home).resolve("plugins");
    }

    private static Path codeLocation() {
        try {
            java.security.CodeSource source = Invocation.class.getProtectionDomain().getCodeSource();
            return source == null ? Path.of("lib", "websms.jar") : Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("lib", "websms.jar");
        }
    }

    /** The environment, for {@code ${NAME}} in the configuration. */
    Map<String, String> env() {
        return env;
    }
}
