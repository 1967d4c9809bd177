package io.websms.cli;

import io.websms.runtime.config.ConfigException;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.config.Diagnostic;
import io.websms.runtime.config.WebsmsConfig;
import io.websms.runtime.provider.DiscoveryException;
import io.websms.runtime.provider.ProviderRegistry;

import java.util.List;

/** Finds the providers and reads the configuration, as every command that works with messages needs. */
final class Bootstrap {

    /** What a command works with. */
    record Loaded(ProviderRegistry registry, WebsmsConfig config) {
    }

    /** Why nothing could be loaded: every line to show. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient List<String> lines;

        Failure(List<String> lines) {
            super(String.join("\n", lines));
            this.lines = List.copyOf(lines);
        }

        /** The lines to show, the first one the most telling. */
        List<String> lines() {
            return lines;
        }
    }

    private Bootstrap() {
    }

    /** What {@link #load} gives, or empty after printing why it could not on standard error. */
    static java.util.Optional<Loaded> loadOrReport(Invocation invocation) {
        try {
            return java.util.Optional.of(load(invocation));
        } catch (Failure e) {
            Logging.print(invocation.err, e.lines());
            return java.util.Optional.empty();
        }
    }

    static Loaded load(Invocation invocation) throws Failure {
        ProviderRegistry registry;
        try {
            registry = ProviderRegistry.discover(Main.class.getClassLoader(), invocation.pluginsDir());
        } catch (DiscoveryException e) {
            throw new Failure(List.of(e.getMessage()));
        }
        try {
            return new Loaded(registry, new ConfigLoader(registry, invocation.env()::get).load(invocation.configFile()));
        } catch (ConfigException e) {
            throw new Failure(e.errors().stream().map(Diagnostic::format).toList());
        }
    }
}
