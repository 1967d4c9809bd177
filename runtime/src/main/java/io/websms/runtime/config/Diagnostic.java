package io.websms.runtime.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration file, located as precisely as it can be, with what to do about it.
 *
 * @param severity an error keeps websms from starting; a warning does not
 * @param file     the file, as the user named it
 * @param line     the 1-based line, or 0 when the problem has no single line (a missing key)
 * @param section  the section's name without brackets, or {@code ""}
 * @param key      the key, with its index as written ({@code url_host [api-1]}), or {@code ""}
 * @param message  what is wrong
 * @param fix      what to do, or {@code ""}
 */
public record Diagnostic(Severity severity, String file, int line, String section, String key, String message, String fix) {

    /** How bad it is. */
    public enum Severity { ERROR, WARNING }

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The line a user reads: {@code websms.conf:12: error: [astqueue] waittime: "abc" is not a whole number. Fix:
     * write a number of seconds, e.g. waittime = 45.}
     */
    public String format() {
        StringBuilder out = new StringBuilder(file);
        if (line > 0) {
            out.append(':').append(line);
        }
        out.append(": ").append(severity == Severity.ERROR ? "error" : "warning").append(": ");
        if (!section.isEmpty()) {
            out.append('[').append(section).append("] ");
        }
        if (!key.isEmpty()) {
            out.append(key).append(": ");
        }
        out.append(message).append('.');
        if (!fix.isEmpty()) {
            out.append(" Fix: ").append(fix);
            if (!fix.endsWith("?") && !fix.endsWith(".")) {
                out.append('.');
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
