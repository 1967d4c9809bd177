package io.websms.runtime.provider;

import io.websms.api.Provider;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** Builds a real plugin jar at test time: compiles a provider against the api and registers it for ServiceLoader. */
final class PluginJar {

    private PluginJar() {
    }

    /** A jar at {@code jar} holding a provider class {@code className} (in package plugin) named {@code name}. */
    static Path provider(Path jar, String className, String name) throws IOException {
        String source = """
                package plugin;

                import io.websms.api.*;

                public final class %s implements Provider {
                    public String name() { return "%s"; }
                    public String description() { return "A test plugin."; }
                    public RequestMapper requestMapper(InterfaceConfig config) {
                        return (message, c) -> OutboundRequest.builder(java.net.URI.create("http://127.0.0.1/")).build();
                    }
                    public ResponseChecker responseChecker(InterfaceConfig config) {
                        return (response, c) -> SendResult.sent(response.status(), null);
                    }
                    public WebhookParser webhookParser(InterfaceConfig config) {
                        return (request, c) -> Message.of("1", "2", "");
                    }
                }
                """.formatted(className, name);
        return jar(jar, className, source);
    }

    /** A jar at {@code jar} holding the provider class {@code className} of package plugin, compiled from {@code source}. */
    static Path jar(Path jar, String className, String source) throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path sourceFile = work.resolve("plugin").resolve(className + ".java");
        Files.createDirectories(sourceFile.getParent());
        Files.writeString(sourceFile, source);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(null, null, null, "-d", classes.toString(), "-cp", apiLocation(), sourceFile.toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed for " + sourceFile);
        }
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("META-INF/services/" + Provider.class.getName()));
            out.write(("plugin." + className + "\n").getBytes(StandardCharsets.UTF_8));
            List<Path> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(classes)) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
            for (Path classFile : files) {
                out.putNextEntry(new JarEntry(classes.relativize(classFile).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(classFile));
            }
        }
        return jar;
    }

    private static String apiLocation() {
        try {
            return Path.of(Provider.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
