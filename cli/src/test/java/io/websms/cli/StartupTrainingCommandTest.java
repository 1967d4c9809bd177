package io.websms.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code websms startup-training} as a process: it runs the daemon and a send on loopback and leaves nothing behind. */
class StartupTrainingCommandTest {

    @TempDir
    Path tmp;

    @Test
    void theTrainingRunPassesEveryStepQuietlyAndRemovesItsFolder() throws Exception {
        CliProcess.Result result = CliProcess.run(Map.of("JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + tmp, "WEBSMSD_PORT", "8080"), "",
                "startup-training", "--plugins", tmp.resolve("no-plugins").toString());
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("", result.stdout());
        assertEquals(List.of("Picked up JAVA_TOOL_OPTIONS: -Djava.io.tmpdir=" + tmp), result.stderr().lines().toList(),
                "nothing but the JVM's own note (a send's expected failure is not shown)");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "the temporary configuration, spool and state are gone");
        }
    }

    @Test
    void itTakesNoArguments() throws Exception {
        CliProcess.Result result = CliProcess.run(Map.of(), "", "startup-training", "now");
        assertEquals(64, result.exitCode());
        assertEquals("websms startup-training: unexpected argument 'now' (it takes none besides the options)", result.stderr().lines().findFirst().orElse(""));
    }
}
