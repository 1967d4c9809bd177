package io.websms.api;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryStatusTest {

    @Test
    void wireNamesAreTheLowerCaseNamesTheIssueAndTheLedgerUse() {
        assertEquals(List.of("accepted", "queued", "sent", "delivered", "undelivered", "failed", "rejected", "expired"),
                Arrays.stream(DeliveryStatus.values()).map(DeliveryStatus::wireName).toList());
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertEquals(Optional.of(status), DeliveryStatus.fromWireName(status.wireName()));
        }
        assertEquals(Optional.of(DeliveryStatus.DELIVERED), DeliveryStatus.fromWireName("Delivered"), "any letter case");
        assertEquals(Optional.empty(), DeliveryStatus.fromWireName("sending"), "an ITSP word of its own is the provider's to map");
        assertEquals(Optional.of(DeliveryStatus.SENT), DeliveryStatus.fromWireName(" sent\t"), "surrounding blanks are trimmed");
        assertEquals(Optional.empty(), DeliveryStatus.fromWireName(""));
        assertEquals(Optional.empty(), DeliveryStatus.fromWireName(null));
    }

    @Test
    void theStateOnlyMovesForwardAndTheFirstFinalStatusStays() {
        assertTrue(DeliveryStatus.QUEUED.supersedes(DeliveryStatus.ACCEPTED));
        assertTrue(DeliveryStatus.SENT.supersedes(DeliveryStatus.QUEUED));
        assertTrue(DeliveryStatus.DELIVERED.supersedes(DeliveryStatus.SENT));
        assertTrue(DeliveryStatus.EXPIRED.supersedes(DeliveryStatus.ACCEPTED), "a step may be skipped");
        assertFalse(DeliveryStatus.SENT.supersedes(DeliveryStatus.DELIVERED), "a late sent after delivered");
        assertFalse(DeliveryStatus.SENT.supersedes(DeliveryStatus.SENT), "a repeat changes nothing");
        assertFalse(DeliveryStatus.FAILED.supersedes(DeliveryStatus.DELIVERED), "finals do not replace each other");
        assertFalse(DeliveryStatus.DELIVERED.supersedes(DeliveryStatus.UNDELIVERED));
        for (DeliveryStatus status : DeliveryStatus.values()) {
            assertEquals(status.rank() == 3, status.isFinal(), status.wireName());
            assertEquals(status.isFinal() && status != DeliveryStatus.DELIVERED, status.isFailure(), status.wireName());
        }
    }
}
