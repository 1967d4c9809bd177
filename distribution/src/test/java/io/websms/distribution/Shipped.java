package io.websms.distribution;

import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.config.ConfigLoader;
import io.websms.runtime.provider.ProviderRegistry;

import java.nio.file.Files;
import java.nio.file.Path;

/** The files the archive ships, read from the source tree: the configuration, the dialplan and the README. */
final class Shipped {

    private Shipped() {
    }

    /** The repository's root: the parent of this module's folder. */
    static Path root() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path root = module.getParent();
        if (!Files.isRegularFile(root.resolve("etc/websms.conf"))) {
            throw new IllegalStateException("no etc/websms.conf in " + root + ": run the tests from the distribution module");
        }
        return root;
    }

    static Path config() {
        return root().resolve("etc/websms.conf");
    }

    static Path dialplan() {
        return root().resolve("distribution/src/main/dist/dialplan/extensions-websms.conf");
    }

    static Path readme() {
        return root().resolve("README.md");
    }

    /** The shipped configuration's {@code [astqueue]}, read by websms's own loader (no environment variables). */
    static AstQueueSettings astQueue() throws Exception {
        return new ConfigLoader(ProviderRegistry.discover(), name -> null).load(config()).astQueue();
    }
}
