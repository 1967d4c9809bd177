package io.websms.runtime.provider;

import io.websms.api.AuthScheme;
import io.websms.api.Provider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The providers and auth schemes websms can use, found with {@link ServiceLoader} on the class path and in every
 * jar of a plugins folder, by name.
 *
 * <p>A name must be unique: two providers (or two auth schemes) with one name make discovery fail with a message
 * naming both jars, since websms cannot tell which one the admin meant.
 */
public final class ProviderRegistry {

    private static final String NAME_PATTERN = "[a-z0-9][a-z0-9_-]*";

    private final Map<String, Discovered<Provider>> providers;
    private final Map<String, Discovered<AuthScheme>> authSchemes;
    private final Path pluginsDir;

    private ProviderRegistry(Map<String, Discovered<Provider>> providers,
                             Map<String, Discovered<AuthScheme>> authSchemes, Path pluginsDir) {
        this.providers = Collections.unmodifiableMap(providers);
        this.authSchemes = Collections.unmodifiableMap(authSchemes);
        this.pluginsDir = pluginsDir;
    }

    /**
     * Finds the services visible to {@code parent} and those in the jars of {@code pluginsDir}. A plugins folder
     * that does not exist holds no plugins.
     *
     * @throws DiscoveryException when a name is taken twice, a name is malformed, a plugin cannot be loaded, or
     *                            {@code pluginsDir} is not a folder
     */
    public static ProviderRegistry discover(ClassLoader parent, Path pluginsDir) throws DiscoveryException {
        ClassLoader loader = pluginLoader(parent, pluginsDir);
        return new ProviderRegistry(
                load(Provider.class, loader, Provider::name, "provider"),
                load(AuthScheme.class, loader, AuthScheme::name, "auth scheme"),
                pluginsDir);
    }

    /** Finds the services on the class path of this class only. */
    public static ProviderRegistry discover() throws DiscoveryException {
        return discover(ProviderRegistry.class.getClassLoader(), null);
    }

    private static ClassLoader pluginLoader(ClassLoader parent, Path pluginsDir) throws DiscoveryException {
        if (pluginsDir == null || !Files.exists(pluginsDir)) {
            return parent;
        }
        if (!Files.isDirectory(pluginsDir)) {
            throw new DiscoveryException("The plugins folder " + pluginsDir + " is not a folder. "
                    + "Point --plugins (or WEBSMS_PLUGINS) at a folder of provider jars.");
        }
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(pluginsDir)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (IOException e) {
            throw new DiscoveryException("Cannot read the plugins folder " + pluginsDir + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new DiscoveryException("Cannot read the plugins folder " + pluginsDir + ": " + e.getCause().getMessage());
        }
        return jars.isEmpty() ? parent : new URLClassLoader("websms-plugins", jars.toArray(URL[]::new), parent);
    }

    private static <T> Map<String, Discovered<T>> load(Class<T> type, ClassLoader loader, Function<T, String> nameOf,
                                                       String what) throws DiscoveryException {
        Map<String, Discovered<T>> found = new TreeMap<>();
        try {
            for (T service : ServiceLoader.load(type, loader)) {
                Discovered<T> discovered = Discovered.of(service);
                String name = nameOf.apply(service);
                if (name == null || !name.matches(NAME_PATTERN)) {
                    throw new DiscoveryException("The " + what + " " + service.getClass().getName() + " in "
                            + discovered.origin() + " has the name '" + name + "'; a name is lower case letters, "
                            + "digits, '-' and '_'. Fix the plugin or remove its jar.");
                }
                Discovered<T> earlier = found.putIfAbsent(name, discovered);
                if (earlier != null) {
                    throw new DiscoveryException("Two " + what + "s are named '" + name + "': "
                            + earlier.service().getClass().getName() + " in " + earlier.origin() + " and "
                            + service.getClass().getName() + " in " + discovered.origin()
                            + ". Remove one of the jars (a plugin may duplicate a built-in one: keep one copy).");
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new DiscoveryException("A " + what + " could not be loaded: " + e.getMessage()
                    + ". The plugin jar may be damaged or built for another websms version.");
        }
        return found;
    }

    /**
     * The provider named {@code name}.
     *
     * @throws UnknownNameException naming the providers there are, and where each came from
     */
    public Provider provider(String name) throws UnknownNameException {
        Discovered<Provider> found = providers.get(name);
        if (found == null) {
            throw new UnknownNameException("provider", name, describe(providers), pluginsHint());
        }
        return found.service();
    }

    /**
     * The auth scheme named {@code name}.
     *
     * @throws UnknownNameException naming the auth schemes there are
     */
    public AuthScheme authScheme(String name) throws UnknownNameException {
        Discovered<AuthScheme> found = authSchemes.get(name);
        if (found == null) {
            throw new UnknownNameException("auth scheme", name, describe(authSchemes), pluginsHint());
        }
        return found.service();
    }

    /** Every provider, by name. */
    public Map<String, Discovered<Provider>> providers() {
        return providers;
    }

    /** Every auth scheme, by name. */
    public Map<String, Discovered<AuthScheme>> authSchemes() {
        return authSchemes;
    }

    /** The plugins folder searched, or {@code null}. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    private String pluginsHint() {
        return pluginsDir == null ? "Put the jar of the plugin that provides it on the class path."
                : "Drop the jar of the plugin that provides it into " + pluginsDir + ".";
    }

    private static <T> String describe(Map<String, Discovered<T>> found) {
        if (found.isEmpty()) {
            return "none";
        }
        return found.entrySet().stream()
                .map(e -> e.getKey() + " (" + e.getValue().origin() + ")")
                .collect(Collectors.joining(", "));
    }
}
