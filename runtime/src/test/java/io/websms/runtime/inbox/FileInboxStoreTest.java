package io.websms.runtime.inbox;

import io.websms.api.Message;
import io.websms.runtime.outbound.WebsmsId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileInboxStoreTest {

    @TempDir
    Path dir;

    @Test
    void anEntrySurvivesReopeningWithEveryFieldTheDevicesThatHaveItIncluded() throws Exception {
        Message message = Message.builder().to("+4930123456").from("ACME Shop").body("😀 line\nbreak; # & % + \" \\ =:").id("SM123").build();
        Instant now = Instant.parse("2026-12-01T10:00:00Z");
        FileInboxStore store = FileInboxStore.open(dir.resolve("inbox"));
        InboxEntry stored = store.add(InboxEntry.of("2", message, now));
        assertTrue(WebsmsId.isId(stored.id()), stored.id());
        assertTrue(Files.exists(dir.resolve("inbox").resolve(stored.id() + ".msg")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("inbox").resolve(stored.id() + ".msg"))));
        store.update(stored.deliveredTo("sip:alice@127.0.0.1:5070;ob").deliveredTo("sip:alice@127.0.0.1:5072").heldUntil(now.plusSeconds(30), "no device"));

        List<InboxEntry> again = FileInboxStore.open(dir.resolve("inbox")).list();
        assertEquals(1, again.size());
        InboxEntry entry = again.get(0);
        assertEquals(message, entry.message());
        assertEquals("2", entry.index());
        assertEquals(now, entry.created());
        assertEquals(1, entry.attempts());
        assertEquals(now.plusSeconds(30), entry.nextAttempt());
        assertEquals("no device", entry.lastReason());
        assertEquals(List.of("sip:alice@127.0.0.1:5070;ob", "sip:alice@127.0.0.1:5072"), entry.delivered());
    }

    @Test
    void entriesComeOldestFirstAndABuriedOneMovesToTheDeadLettersWithItsReason() throws Exception {
        FileInboxStore store = FileInboxStore.open(dir.resolve("inbox"));
        Instant t = Instant.parse("2026-12-01T10:00:00Z");
        InboxEntry later = store.add(InboxEntry.of("", Message.of("+1", "+2", "later"), t.plusSeconds(5)));
        InboxEntry first = store.add(InboxEntry.of("", Message.of("+1", "+2", "first"), t));
        assertEquals(List.of(first.id(), later.id()), store.list().stream().map(InboxEntry::id).toList());
        store.bury(first, "waited longer than inbox_max_age");
        assertEquals(List.of(later.id()), store.list().stream().map(InboxEntry::id).toList());
        assertEquals("waited longer than inbox_max_age", store.deadLetters().get(0).lastReason());
        assertTrue(Files.exists(dir.resolve("inbox-dead-letter").resolve(first.id() + ".msg")));
        store.remove(later);
        assertTrue(store.list().isEmpty());
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
