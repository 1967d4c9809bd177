package io.websms.runtime.inbox;

import io.websms.api.Message;
import io.websms.runtime.outbound.WebsmsId;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link InboxStore} does (the contract in its javadoc), run against each: the folder of the local store
 * ({@code FileInboxStoreTest}) and the shared PostgreSQL store ({@code PgInboxStoreTest}), which add what only they do.
 */
public abstract class InboxStoreContract {

    protected static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    /**
     * The inbox under test as a daemon that delivers opens it, on a store of this test's own, empty at first; each
     * call opens it again on the same store, as after a restart.
     */
    protected abstract InboxStore open() throws IOException;

    @Test
    void anEntrySurvivesReopeningWithEveryFieldTheDevicesThatHaveItIncluded() throws Exception {
        Message message = Message.builder().to("+4930123456").from("ACME Shop").body("😀 line\nbreak; # & % + \" \\ =: \u0000 nul").id("SM123").build();
        InboxStore store = open();
        InboxEntry stored = store.add(InboxEntry.of("2", message, T));
        assertTrue(WebsmsId.isId(stored.id()), stored.id());
        InboxEntry progressed = stored.deliveredTo("sip:alice@127.0.0.1:5070;ob").deliveredTo("sip:alice@127.0.0.1:5072")
                .heldUntil(T.plusSeconds(30), "no device").notifiedNow();
        store.update(progressed);

        List<InboxEntry> again = open().list();
        assertEquals(List.of(progressed), again);
        InboxEntry entry = again.get(0);
        assertEquals(message, entry.message());
        assertEquals("2", entry.index());
        assertEquals(T, entry.created());
        assertEquals(1, entry.attempts());
        assertEquals(T.plusSeconds(30), entry.nextAttempt());
        assertEquals("no device", entry.lastReason());
        assertEquals(List.of("sip:alice@127.0.0.1:5070;ob", "sip:alice@127.0.0.1:5072"), entry.delivered());
        assertTrue(entry.notified());
    }

    @Test
    void aMessageWithoutTheItspsIdHasNone() throws Exception {
        InboxStore store = open();
        store.add(InboxEntry.of("", Message.of("+4930123456", "+4915112345678", ""), T));
        InboxEntry entry = open().list().get(0);
        assertEquals(Optional.empty(), entry.message().id());
        assertEquals("", entry.message().body());
        assertEquals(List.of(), entry.delivered());
    }

    @Test
    void entriesComeOldestFirstAndABuriedOneMovesToTheDeadLettersWithItsReason() throws Exception {
        InboxStore store = open();
        InboxEntry later = store.add(InboxEntry.of("", Message.of("+1", "+2", "later"), T.plusSeconds(5)));
        InboxEntry first = store.add(InboxEntry.of("", Message.of("+1", "+2", "first"), T));
        assertEquals(List.of(first.id(), later.id()), store.list().stream().map(InboxEntry::id).toList());
        store.bury(first, "waited longer than inbox_max_age");
        assertEquals(List.of(later.id()), store.list().stream().map(InboxEntry::id).toList());
        InboxEntry dead = open().deadLetters().get(0);
        assertEquals(first.id(), dead.id());
        assertEquals("waited longer than inbox_max_age", dead.lastReason());
        assertEquals(1, dead.attempts(), "the burial counts as its last attempt");
        assertEquals(first.message(), dead.message());
        store.remove(later);
        assertTrue(store.list().isEmpty());
        assertEquals(1, store.deadLetters().size());
        assertTrue(store.problem().isEmpty());
    }

    @Test
    void aDaemonAloneTakesEveryEntryOldestFirstAndTheCountOfWhatWaits() throws Exception {
        InboxStore store = open();
        assertEquals(new InboxStore.Taken(List.of(), 0, Optional.empty()), store.take());
        InboxEntry b = store.add(InboxEntry.of("", Message.of("+4930000002", "+2", "b"), T.plusSeconds(1)));
        InboxEntry a1 = store.add(InboxEntry.of("", Message.of("+4930000001", "+2", "a1"), T));
        InboxEntry a2 = store.add(InboxEntry.of("", Message.of("+4930000001", "+2", "a2"), T.plusSeconds(2)));
        InboxStore.Taken taken = store.take();
        assertEquals(List.of(a1, b, a2), taken.entries());
        assertEquals(3, taken.waiting());
        assertEquals(Optional.of(T), taken.oldest());
        store.remove(a1);
        assertEquals(List.of(b, a2), store.take().entries(), "taken again: still this daemon's");
        store.release();
        assertEquals(List.of(b, a2), store.take().entries(), "released and taken again");
    }
}
