package io.websms.runtime.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration cannot be used. {@link #diagnostics()} holds every problem found (errors and the warnings
 * that came with them), each with its file, line, key and fix; the message lists them one per line.
 */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    public ConfigException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** A single problem. */
    public static ConfigException of(Diagnostic diagnostic) {
        return new ConfigException(List.of(diagnostic));
    }

    /** Every problem found, errors first in file order, then warnings. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The errors only. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
