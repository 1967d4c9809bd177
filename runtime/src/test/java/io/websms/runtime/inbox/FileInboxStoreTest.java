package io.websms.runtime.inbox;

import io.websms.api.Message;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inbox's contract on the local store, one file per message; then what only the folder does. */
class FileInboxStoreTest extends InboxStoreContract {

    @TempDir
    Path dir;

    @Override
    protected InboxStore open() throws IOException {
        return FileInboxStore.open(dir.resolve("inbox"));
    }

    @Test
    void eachEntryIsAPrivateFileAndADeadLetterMovesToTheFolderBeside() throws Exception {
        FileInboxStore store = FileInboxStore.open(dir.resolve("inbox"));
        InboxEntry stored = store.add(InboxEntry.of("2", Message.of("+4930123456", "+4915112345678", "hi"), T));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("inbox").resolve(stored.id() + ".msg"))));
        store.bury(stored, "waited longer than inbox_max_age");
        assertTrue(Files.notExists(dir.resolve("inbox").resolve(stored.id() + ".msg")));
        assertTrue(Files.exists(dir.resolve("inbox-dead-letter").resolve(stored.id() + ".msg")));
    }

    @Test
    void anUnfinishedWriteOfACrashIsRemovedAtOpen() throws Exception {
        Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(dir.resolve("inbox").resolve("01ABC.msg.tmp"), "to=+1\nfrom");
        FileInboxStore store = FileInboxStore.open(dir.resolve("inbox"));
        assertTrue(store.list().isEmpty());
        assertTrue(Files.notExists(dir.resolve("inbox").resolve("01ABC.msg.tmp")));
        assertTrue(store.problem().isEmpty());
    }
}
