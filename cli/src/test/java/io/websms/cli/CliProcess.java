package io.websms.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the websms command as a separate JVM process, with the class path this test runs on. */
final class CliProcess {

    /** What a finished process left. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    private CliProcess() {
    }

    static Result run(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        return run(List.of(), env, stdin, args);
    }

    /** Runs websms behind {@code prefix} (such as {@code setpriv …}). */
    static Result run(List<String> prefix, Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED"); // as bin/websms runs it: SQLite's library, no JVM warning
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("WEBSMS_CONFIG");
        builder.environment().remove("WEBSMS_PLUGINS");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        // Read both streams fully before waiting, so that a chatty process cannot block on a full pipe.
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("websms did not end within 60 s: " + command);
        }
        return new Result(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }
}
