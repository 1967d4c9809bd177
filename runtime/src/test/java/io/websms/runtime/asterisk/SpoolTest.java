package io.websms.runtime.asterisk;

import io.websms.api.Message;
import io.websms.runtime.config.AstQueueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpoolTest {

    @TempDir
    Path dir;

    private static AstQueueSettings queue(OptionalInt mode, String owner) {
        return new AstQueueSettings("no", "c", "x", 0, "rfc3986", Path.of("/o"), 1, 300, Path.of("/s"), 45, mode, owner, "", "", "");
    }

    @Test
    void withoutAFilemodeCallFilesAndNewFoldersAreForTheOwnerAndItsGroupOnlyWhateverTheUmask() throws Exception {
        Spool spool = Spool.open(dir.resolve("new/staging"), dir.resolve("new/outgoing"), queue(OptionalInt.empty(), ""));
        Path published = spool.publish(CallFile.of(Message.of("+1", "+2", "private text"), queue(OptionalInt.empty(), "")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(published)), "not readable by every local user");
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new"))));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("new/outgoing"))));
    }

    @Test
    void publishesTheBytesWithTheModeAndOwnerAskedFor() throws Exception {
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), queue(OptionalInt.of(0640), "root:root"));
        CallFile file = CallFile.of(Message.of("+1", "+2", "hi"), queue(OptionalInt.empty(), ""));
        Path published = spool.publish(file);
        assertEquals(dir.resolve("outgoing"), published.getParent());
        assertArrayEquals(file.bytes(), Files.readAllBytes(published));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(published)));
        assertEquals("root", Files.getOwner(published).getName());
        assertEquals(List.of(), list(dir.resolve("staging")));
    }

    @Test
    void callFilesACrashLeftInStagingAreRemovedAtStartAndNeverPublished() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("staging"));
        Files.writeString(staging.resolve("websms-1-1-abcdef01.call"), "Channel: Local/+1@c\nCallerID: \"\" <+2>\nsetvar: MESSAGE(bo");
        Files.writeString(staging.resolve("other-tool.txt"), "not ours");
        Spool.open(staging, dir.resolve("outgoing"), queue(OptionalInt.empty(), ""));
        assertEquals(List.of(staging.resolve("other-tool.txt")), list(staging));
        assertEquals(List.of(), list(dir.resolve("outgoing")));
    }

    @Test
    void namesAreUniqueWhenManyArriveAtOnce() throws Exception {
        Spool spool = Spool.open(dir.resolve("staging"), dir.resolve("outgoing"), queue(OptionalInt.empty(), ""));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Path>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                CallFile file = CallFile.of(Message.of("+1", "+2", "message " + i), queue(OptionalInt.empty(), ""));
                results.add(pool.submit(() -> spool.publish(file)));
            }
            Set<Path> paths = new HashSet<>();
            for (Future<Path> result : results) {
                paths.add(result.get());
            }
            assertEquals(200, paths.size());
        } finally {
            pool.shutdown();
        }
        assertEquals(200, list(dir.resolve("outgoing")).size());
    }

    @Test
    void missingFoldersAreCreatedAndAFolderThatCannotBeIsAnErrorThatSaysWhich() throws Exception {
        Spool.open(dir.resolve("a/staging"), dir.resolve("a/outgoing"), queue(OptionalInt.empty(), ""));
        assertTrue(Files.isDirectory(dir.resolve("a/outgoing")));
        Files.writeString(dir.resolve("file"), "x");
        IOException e = assertThrows(IOException.class,
                () -> Spool.open(dir.resolve("file/staging"), dir.resolve("a/outgoing"), queue(OptionalInt.empty(), "")));
        assertTrue(e.getMessage().startsWith("cannot create the spool folder " + dir.resolve("file/staging")), e.getMessage());
    }

    @Test
    void foldersOnTwoFileSystemsAreRefused() throws Exception {
        // /dev/shm is a tmpfs on Linux machines like CI's: a second file system beside the temporary folder.
        Path shm = Path.of("/dev/shm");
        assertTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(dir)), "/dev/shm is another file system");
        Path other = Files.createTempDirectory(shm, "websms-");
        try {
            IOException e = assertThrows(IOException.class, () -> Spool.open(other, dir.resolve("outgoing"), queue(OptionalInt.empty(), "")));
            assertTrue(e.getMessage().contains("are on different file systems"), e.getMessage());
        } finally {
            Files.deleteIfExists(other);
        }
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }
}
