package io.websms.runtime.provider;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * A service websms found, and where it came from (the jar or folder of its class), so that an error about it can
 * say which file to look at.
 *
 * @param service the instance
 * @param origin  the jar or folder the class was loaded from, as a path when it is one
 */
public record Discovered<T>(T service, String origin) {

    static <T> Discovered<T> of(T service) {
        return new Discovered<>(service, originOf(service.getClass()));
    }

    static String originOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return "the JDK";
        }
        try {
            return Path.of(source.getLocation().toURI()).toString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return source.getLocation().toString();
        }
    }
}
