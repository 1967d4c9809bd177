package io.websms.api;

import java.util.Objects;

/**
 * Something wrong with an interface's configuration, found by websms or by {@link Provider#check(InterfaceConfig)}.
 * An {@link Severity#ERROR} keeps websms from starting; a {@link Severity#WARNING} is printed and websms goes on.
 *
 * @param severity how bad it is
 * @param key      the key at fault, without an index
 * @param message  what is wrong, in one sentence, without any secret
 * @param fix      what to write instead, in one sentence; {@code ""} when there is nothing more to say
 */
public record ConfigProblem(Severity severity, String key, String message, String fix) {

    /** How bad a problem is. */
    public enum Severity {
        /** websms will not start with it. */
        ERROR,
        /** websms starts, but probably not as the admin meant. */
        WARNING
    }

    /** Checks that no part is null. */
    public ConfigProblem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(fix, "fix");
    }

    /** An error in {@code key}. */
    public static ConfigProblem error(String key, String message, String fix) {
        return new ConfigProblem(Severity.ERROR, key, message, fix);
    }

    /** A warning about {@code key}. */
    public static ConfigProblem warning(String key, String message, String fix) {
        return new ConfigProblem(Severity.WARNING, key, message, fix);
    }
}
