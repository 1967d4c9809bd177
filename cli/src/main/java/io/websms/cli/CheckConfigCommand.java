package io.websms.cli;

import io.websms.api.AuthScheme;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.DaemonSettings;
import io.websms.runtime.config.Redaction;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.provider.Discovered;
import io.websms.runtime.provider.DiscoveryException;
import io.websms.runtime.provider.ProviderRegistry;

import io.websms.runtime.store.StoreAddress;
import io.websms.runtime.store.StorePassword;
import io.websms.runtime.store.postgresql.PgStore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;

import java.util.Map;
import java.util.Optional;

/**
 * {@code websms check-config}: reads the configuration as the daemon would, prints every interface with its
 * resolved values and provider (secrets, URL credentials and query values, and {@code val_static} values masked) on standard output, and the warnings and errors on standard error.
 * Exits 0 only when the file is usable.
 */
final class CheckConfigCommand {

    private static final String MASK = Redaction.MASK;

    private final Invocation invocation;

    CheckConfigCommand(Invocation invocation) {
        this.invocation = invocation;
    }

    ExitCode run() {
        PrintStream out = invocation.out;
        PrintStream err = invocation.err;
        Path file = invocation.configFile();
        Path plugins = invocation.pluginsDir();
        ProviderRegistry registry;
        try {
            registry = ProviderRegistry.discover(Main.class.getClassLoader(), plugins);
        } catch (DiscoveryException e) {
            err.println("websms: " + e.getMessage());
            return ExitCode.CONFIG;
        }
        out.println("config:    " + file.toAbsolutePath());
        out.println("plugins:   " + plugins.toAbsolutePath() + (Files.isDirectory(plugins) ? "" : " (none: no such folder)"));
        out.println("providers: " + describe(registry.providers()));
        out.println("auth:      " + describe(registry.authSchemes()));
        WebsmsConfig config;
        try {
            config = new ConfigLoader(registry, invocation.env()::get).assumingWebhookServer().load(file);
        } catch (ConfigException e) {
            e.diagnostics().forEach(d -> err.println(d.format()));
            long errors = e.errors().size();
            err.println(file + ": not usable: " + errors + (errors == 1 ? " error" : " errors")
                    + warningCount(e.diagnostics().size() - (int) errors) + ".");
            return ExitCode.CONFIG;
        }
        printInterfaces(out, config, Direction.OUTBOUND, registry);
        printInterfaces(out, config, Direction.INBOUND, registry);
        out.println();
        out.println("[websmsd] (every interface)");
        DaemonSettings daemon = config.daemon();
        printValue(out, "prox_addr", daemon.proxyAddresses().toString(), "");
        printValue(out, "prox_header", daemon.proxyHeader(), "");
        printValue(out, "http_addr", daemon.httpAddress(), "");
        printValue(out, "http_max_body", Integer.toString(daemon.maxBody()), "");
        printValue(out, "http_body_timeout", daemon.bodyTimeout().toMillis() / 1000.0 + " s", "");
        printValue(out, "http_max_requests", Integer.toString(daemon.maxRequests()), "");
        printValue(out, "agi_addr", daemon.agiAddress(), "");
        printValue(out, "admin_addr", daemon.adminAddress(), "");
        printValue(out, "dedupe_window", daemon.dedupeWindow().toSeconds() + " s", "");
        printValue(out, "state_dir", daemon.stateDir().toString(), "");
        Optional<String> storeProblem = printStore(out, daemon);
        printAstQueue(out, config.astQueue());
        config.warnings().forEach(d -> err.println(d.format()));
        if (storeProblem.isPresent()) {
            err.println(storeProblem.get());
            out.println();
            out.println(file + ": usable, but websmsd cannot start until the store can be reached" + warningCount(config.warnings().size()) + ".");
            return ExitCode.UNAVAILABLE;
        }
        out.println();
        out.println(file + ": usable" + warningCount(config.warnings().size()) + ".");
        return ExitCode.OK;
    }

    /**
     * The store, its password's source (never the password) and, for PostgreSQL, whether a connection can be made;
     * returns why not.
     */
    private Optional<String> printStore(PrintStream out, DaemonSettings daemon) {
        StoreAddress store = daemon.store();
        printValue(out, "store", store.toString(), "");
        if (store.isLocal()) {
            return Optional.empty();
        }
        String passwordFile = daemon.storePasswordFile();
        String pgPassword = invocation.env().get("PGPASSWORD");
        printValue(out, "store_password_file", passwordFile, passwordFile.isEmpty()
                ? (pgPassword == null || pgPassword.isEmpty() ? "no password: PGPASSWORD is not set" : "the password is PGPASSWORD's (" + MASK + ")")
                : "the password is its first line (" + MASK + ")");
        try {
            out.println("  -> " + PgStore.probe(store, StorePassword.of(passwordFile, invocation.env()::get)));
            return Optional.empty();
        } catch (IOException e) {
            out.println("  -> not reachable");
            return Optional.of(e.getMessage() + ". Fix: start PostgreSQL, or correct store, its user's password "
                    + "(store_password_file or PGPASSWORD) or pg_hba.conf");
        }
    }

    private static String warningCount(int warnings) {
        return warnings == 0 ? "" : ", " + warnings + (warnings == 1 ? " warning" : " warnings");
    }

    private static <T> String describe(Map<String, Discovered<T>> found) {
        StringBuilder out = new StringBuilder();
        found.forEach((name, d) -> out.append(out.isEmpty() ? "" : ", ").append(name).append(" (").append(Path.of(d.origin()).getFileName()).append(')'));
        return out.isEmpty() ? "none" : out.toString();
    }

    private static void printInterfaces(PrintStream out, WebsmsConfig config, Direction direction, ProviderRegistry registry) {
        for (InterfaceConfig iface : config.interfaces(direction).values()) {
            out.println();
            String name = iface.index().isEmpty() ? "the only interface" : "interface " + iface.index();
            String description = "";
            try {
                Provider provider = registry.provider(iface.provider());
                description = " - " + provider.description();
            } catch (Exception e) {
                // cannot happen: the loader resolved it
            }
            out.println("[" + direction.section() + "] " + name + ": provider " + iface.provider() + description);
            for (String key : iface.keys()) {
                int line = config.line(direction, iface.index(), key);
                String value = iface.isSecret(key) && iface.isSet(key) ? MASK : Redaction.of(key, iface.value(key));
                printValue(out, key, value, line == 0 ? "default" : "line " + line);
            }
            if (direction == Direction.OUTBOUND) {
                out.println("  -> sends " + destination(iface, registry) + authSummary(iface, registry));
            }
        }
    }

    /**
     * Where the interface really sends: the provider maps a sample message, so a provider that builds its own URL
     * (and reads neither url_host nor url_path) is shown as it sends; url_host + url_path when it cannot map one.
     */
    private static String destination(InterfaceConfig iface, ProviderRegistry registry) {
        try {
            io.websms.api.OutboundRequest request = registry.provider(iface.provider()).requestMapper(iface)
                    .map(io.websms.api.Message.of("+12025550100", "+12025550101", "check-config"), iface);
            return (request.method().equals("POST") ? "" : request.method() + " ") + "to " + Redaction.url(request.uri().toString());
        } catch (Exception e) {
            return "to " + Redaction.url(iface.value("url_host") + iface.value("url_path"));
        }
    }

    private static String authSummary(InterfaceConfig iface, ProviderRegistry registry) {
        String method = iface.value("auth_method");
        if (method.isEmpty()) {
            return ", without credentials";
        }
        Map<String, Discovered<AuthScheme>> schemes = registry.authSchemes();
        return schemes.containsKey(method) ? " with auth " + method : ", without credentials (unknown auth_method)";
    }

    private static void printAstQueue(PrintStream out, AstQueueSettings queue) {
        out.println();
        out.println("[astqueue]");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("archive", queue.archive());
        values.put("channel_context", queue.channelContext());
        values.put("context", queue.context());
        values.put("maxretries", Integer.toString(queue.maxRetries()));
        values.put("message_encode", queue.messageEncode());
        values.put("outgoingdir", queue.outgoingDir().toString());
        values.put("priority", Integer.toString(queue.priority()));
        values.put("retrytime", Integer.toString(queue.retryTime()));
        values.put("stagingdir", queue.stagingDir().toString());
        values.put("waittime", Integer.toString(queue.waitTime()));
        values.put("filemode", queue.fileMode().isPresent() ? "0" + Integer.toOctalString(queue.fileMode().getAsInt()) : "");
        values.put("fileowner", queue.fileOwner());
        values.put("account", queue.account());
        values.put("application", queue.application());
        values.put("data", queue.data());
        values.forEach((k, v) -> printValue(out, k, v, ""));
    }

    private static void printValue(PrintStream out, String key, String value, String origin) {
        String shown = value.isEmpty() ? "(empty)" : value.replace("\n", "\\n");
        out.println(String.format("  %-16s = %s%s", key, shown, origin.isEmpty() ? "" : "   ; " + origin));
    }

}
