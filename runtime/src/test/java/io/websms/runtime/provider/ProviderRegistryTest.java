package io.websms.runtime.provider;

import io.websms.api.Provider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderRegistryTest {

    private static final ClassLoader LOADER = ProviderRegistryTest.class.getClassLoader();

    @Test
    void findsTheProvidersAndAuthSchemesOnTheClassPathByName() throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover();
        assertEquals(List.of("46elks", "bandwidth", "flowroute", "generic", "plivo", "signalwire", "telnyx", "twilio-like", "voipms", "vonage", "zadarma"), List.copyOf(registry.providers().keySet()));
        assertEquals(List.of("basic", "none", "plain", "zadarma"), List.copyOf(registry.authSchemes().keySet()));
        assertEquals("generic", registry.provider("generic").name());
        assertEquals("basic", registry.authScheme("basic").name());
        assertTrue(registry.providers().get("generic").origin().contains("generic"), registry.providers().get("generic").origin());
    }

    @Test
    void findsAProviderInAJarDroppedIntoThePluginsFolder(@TempDir Path plugins) throws Exception {
        Path jar = PluginJar.provider(plugins.resolve("acme.jar"), "AcmeProvider", "acme");
        ProviderRegistry registry = ProviderRegistry.discover(LOADER, plugins);
        Provider acme = registry.provider("acme");
        assertEquals("plugin.AcmeProvider", acme.getClass().getName());
        assertEquals(jar.toString(), registry.providers().get("acme").origin());
        assertEquals(List.of("46elks", "acme", "bandwidth", "flowroute", "generic", "plivo", "signalwire", "telnyx", "twilio-like", "voipms", "vonage", "zadarma"), List.copyOf(registry.providers().keySet()));
    }

    @Test
    void aMissingPluginsFolderHoldsNoPlugins(@TempDir Path dir) throws Exception {
        assertEquals(List.of("46elks", "bandwidth", "flowroute", "generic", "plivo", "signalwire", "telnyx", "twilio-like", "voipms", "vonage", "zadarma"),
                List.copyOf(ProviderRegistry.discover(LOADER, dir.resolve("missing")).providers().keySet()));
    }

    @Test
    void twoProvidersWithOneNameAreAnErrorNamingBothJars(@TempDir Path plugins) throws Exception {
        Path jar = PluginJar.provider(plugins.resolve("fake-generic.jar"), "FakeGeneric", "generic");
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> ProviderRegistry.discover(LOADER, plugins));
        String generic = Discovered.originOf(io.websms.provider.generic.GenericProvider.class);
        assertEquals("Two providers are named 'generic': io.websms.provider.generic.GenericProvider in " + generic
                + " and plugin.FakeGeneric in " + jar + ". Remove one of the jars (a plugin may duplicate a built-in one: keep one copy).",
                e.getMessage());
    }

    @Test
    void twoPluginsWithOneNameAreAnErrorToo(@TempDir Path plugins) throws Exception {
        Path first = PluginJar.provider(plugins.resolve("a.jar"), "AcmeOne", "acme");
        Path second = PluginJar.provider(plugins.resolve("b.jar"), "AcmeTwo", "acme");
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> ProviderRegistry.discover(LOADER, plugins));
        assertEquals("Two providers are named 'acme': plugin.AcmeOne in " + first + " and plugin.AcmeTwo in " + second
                + ". Remove one of the jars (a plugin may duplicate a built-in one: keep one copy).", e.getMessage());
    }

    @Test
    void aNameThatIsNotLowerCaseIsRefused(@TempDir Path plugins) throws Exception {
        Path jar = PluginJar.provider(plugins.resolve("loud.jar"), "Loud", "ACME");
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> ProviderRegistry.discover(LOADER, plugins));
        assertEquals("The provider plugin.Loud in " + jar + " has the name 'ACME'; a name is lower case letters, digits, '-' and '_'. "
                + "Fix the plugin or remove its jar.", e.getMessage());
    }

    @Test
    void anUnknownNameListsTheKnownOnesAndWhereEachCameFrom(@TempDir Path plugins) throws Exception {
        ProviderRegistry registry = ProviderRegistry.discover(LOADER, plugins);
        UnknownNameException e = assertThrows(UnknownNameException.class, () -> registry.provider("acme"));
        assertEquals("No provider is named 'acme'. Known: 46elks (" + registry.providers().get("46elks").origin() + "), bandwidth ("
                + registry.providers().get("bandwidth").origin() + "), flowroute ("
                + registry.providers().get("flowroute").origin() + "), generic ("
                + registry.providers().get("generic").origin() + "), plivo ("
                + registry.providers().get("plivo").origin() + "), signalwire ("
                + registry.providers().get("signalwire").origin() + "), telnyx ("
                + registry.providers().get("telnyx").origin() + "), twilio-like ("
                + registry.providers().get("twilio-like").origin() + "), voipms ("
                + registry.providers().get("voipms").origin() + "), vonage ("
                + registry.providers().get("vonage").origin() + "), zadarma ("
                + registry.providers().get("zadarma").origin() + "). Drop the jar of the plugin that provides it into " + plugins + ".",
                e.getMessage());
    }

    @Test
    void aPluginsPathThatIsAFileIsAnError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("plugins"), "not a folder");
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> ProviderRegistry.discover(LOADER, file));
        assertEquals("The plugins folder " + file + " is not a folder. Point --plugins (or WEBSMS_PLUGINS) at a folder of provider jars.",
                e.getMessage());
    }
}
