package io.websms.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command's surroundings: its arguments after the options, the options common to every command, the environment
 * and the output streams. Kept apart from {@link System} so that tests can run commands in-process.
 */
final class Invocation {

    static final String DEFAULT_CONFIG = "/etc/asterisk/websms.conf";

    private final List<String> arguments;
    private final String configOption;
    private final String pluginsOption;
    private final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;

    private Invocation(List<String> arguments, String configOption, String pluginsOption, Map<String, String> env,
                       PrintStream out, PrintStream err) {
        this.arguments = List.copyOf(arguments);
        this.configOption = configOption;
        this.pluginsOption = pluginsOption;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** The same plugins and standard output, with another configuration file, environment, arguments and stderr. */
    Invocation with(Path config, Map<String, String> env, List<String> arguments, PrintStream err) {
        return new Invocation(arguments, config.toString(), pluginsDir().toString(), env, out, err);
    }

    /**
     * Takes {@code --config FILE} and {@code --plugins DIR} (also as {@code --config=FILE}) out of {@code args}; the
     * rest, other words starting with {@code --} included, are the command's arguments. {@code --} ends the options.
     *
     * @throws UsageException when an option lacks its value
     */
    static Invocation parse(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) throws UsageException {
        List<String> rest = new ArrayList<>();
        String config = null;
        String plugins = null;
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!options || !arg.startsWith("--") || arg.equals("--")) {
                if (options && arg.equals("--")) {
                    options = false;
                } else {
                    rest.add(arg);
                }
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (!name.equals("--config") && !name.equals("--plugins")) {
                rest.add(arg); // not ours: a command's argument (a message may start with --)
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException(name + " needs a value");
            }
            if (value.isEmpty()) {
                throw new UsageException(name + " needs a value");
            }
            if (name.equals("--config")) {
                config = value;
            } else {
                plugins = value;
            }
        }
        return new Invocation(rest, config, plugins, env, out, err);
    }

    /** The command's arguments. */
    List<String> arguments() {
        return arguments;
    }

    /** The configuration file: {@code --config}, else {@code WEBSMS_CONFIG}, else {@value #DEFAULT_CONFIG}. */
    Path configFile() {
        if (configOption != null) {
            return Path.of(configOption);
        }
        String fromEnv = env.get("WEBSMS_CONFIG");
        return Path.of(fromEnv != null && !fromEnv.isEmpty() ? fromEnv : DEFAULT_CONFIG);
    }

    /** The plugins folder: {@code --plugins}, else {@code WEBSMS_PLUGINS}, else {@code websms-plugins} beside the config file. */
    Path pluginsDir() {
        if (pluginsOption != null) {
            return Path.of(pluginsOption);
        }
        String fromEnv = env.get("WEBSMS_PLUGINS");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Path.of(fromEnv);
        }
        Path parent = configFile().toAbsolutePath().getParent();
        return (parent == null ? Path.of(".") : parent).resolve("websms-plugins");
    }

    /** The environment, for {@code ${NAME}} in the configuration. */
    Map<String, String> env() {
        return env;
    }
}
