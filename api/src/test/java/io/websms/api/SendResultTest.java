package io.websms.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendResultTest {

    @Test
    void aFailureCarriesTheItspsRetryAfterHintAndOnlyAFailureCan() {
        SendResult busy = SendResult.failed(200, "throttled: retry in 30 s");
        SendResult hinted = busy.withRetryAfter(Duration.ofSeconds(30));
        assertEquals(Optional.of(Duration.ofSeconds(30)), hinted.retryAfter());
        assertEquals(Optional.empty(), busy.retryAfter(), "the result it came from is unchanged");
        assertNotEquals(busy, hinted);
        assertEquals("SendResult[FAILED, status 200, throttled: retry in 30 s, retry after PT30S]", hinted.toString());
        assertThrows(IllegalStateException.class, () -> SendResult.sent(200, "id").withRetryAfter(Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> busy.withRetryAfter(Duration.ofSeconds(-1)));
    }
}
