package io.websms.conformance;

import io.websms.api.ConfigKey;
import io.websms.api.Direction;
import io.websms.api.InterfaceConfig;
import io.websms.api.Provider;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The registration part of the conformance kit: a provider is found by {@link ServiceLoader} under its name,
 * exactly once, and declares itself well. Extend it in the provider's test sources:
 *
 * <pre>{@code
 * class AcmeProviderContractTest extends ProviderContract {
 *     protected String providerName() { return "acme"; }
 * }
 * }</pre>
 *
 * <p>It fails when the provider is not registered: the usual cause is that the AutoService annotation processor
 * did not run (on JDK 23+ a processor found only on the class path is skipped silently; put
 * {@code com.google.auto.service:auto-service} in the compiler plugin's {@code annotationProcessorPaths}).
 */
public abstract class ProviderContract {

    /** The name the provider is registered under. */
    protected abstract String providerName();

    /** The provider, found as websms finds it. */
    protected final Provider provider() {
        List<Provider> found = named(providerName());
        if (found.size() != 1) {
            fail(found.isEmpty()
                    ? "ServiceLoader finds no provider named '" + providerName() + "'; found: " + names()
                    + ". Register the class with @AutoService(Provider.class) and make sure the annotation processor runs"
                    : "ServiceLoader finds " + found.size() + " providers named '" + providerName() + "': " + found);
        }
        return found.get(0);
    }

    @Test
    void serviceLoaderFindsTheProviderByNameExactlyOnce() {
        assertEquals(providerName(), provider().name());
    }

    @Test
    void nameIsLowerCaseAndDescriptionSaysWhatItIs() {
        assertTrue(providerName().matches("[a-z0-9][a-z0-9_-]*"), "name must be lower case letters, digits, - and _: " + providerName());
        String description = provider().description();
        assertNotNull(description, "description()");
        assertFalse(description.isBlank(), "description() must say in one line which ITSP this is");
        assertFalse(description.contains("\n"), "description() must be one line");
    }

    @Test
    void declaresEachKeyOncePerSection() {
        Set<String> seen = new HashSet<>();
        for (ConfigKey key : provider().keys()) {
            assertTrue(seen.add(key.direction().section() + "/" + key.name()), "key declared twice: " + key);
        }
    }

    @Test
    void buildsEveryPieceForAnInterfaceWithItsDefaults() {
        for (Direction direction : Direction.values()) {
            InterfaceConfig config = defaults(direction);
            Provider provider = provider();
            if (direction == Direction.OUTBOUND) {
                assertNotNull(provider.requestMapper(config), "requestMapper()");
                assertNotNull(provider.responseChecker(config), "responseChecker()");
            } else {
                assertNotNull(provider.echoHandler(config), "echoHandler()");
                assertNotNull(provider.signatureVerifier(config), "signatureVerifier()");
                assertNotNull(provider.webhookParser(config), "webhookParser()");
                assertNotNull(provider.acknowledger(config), "acknowledger()");
            }
            assertNotNull(provider.check(config), "check()");
        }
    }

    /** An interface configuration holding the provider's declared defaults for {@code direction}. */
    protected InterfaceConfig defaults(Direction direction) {
        InterfaceConfig.Builder builder = InterfaceConfig.builder(direction).provider(providerName());
        for (ConfigKey key : provider().keys()) {
            if (key.direction() == direction) {
                builder.put(key.name(), key.defaultValue());
                if (key.secret()) {
                    builder.secret(key.name());
                }
            }
        }
        return builder.build();
    }

    private static List<Provider> named(String name) {
        List<Provider> found = new ArrayList<>();
        for (Provider provider : ServiceLoader.load(Provider.class)) {
            if (name.equals(provider.name())) {
                found.add(provider);
            }
        }
        return found;
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(Provider.class).forEach(p -> names.add(p.name()));
        return names;
    }
}
