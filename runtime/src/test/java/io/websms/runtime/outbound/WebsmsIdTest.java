package io.websms.runtime.outbound;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** websms's message ids: ULIDs that sort by time, as text, also within one millisecond. */
class WebsmsIdTest {

    @Test
    void theFirstTenCharactersAreTheTimeAsTheUlidSpecEncodesIt() {
        // The spec's example time 1469918176385 ms is 01ARYZ6S41.
        WebsmsId ids = new WebsmsId(Clock.fixed(Instant.ofEpochMilli(1469918176385L), ZoneOffset.UTC), new Random(1));
        String id = ids.nextId();
        assertEquals("01ARYZ6S41", id.substring(0, 10));
        assertTrue(WebsmsId.isId(id), id);
    }

    @Test
    void idsWithinOneMillisecondAndAcrossAClockThatGoesBackStillSortInTheOrderTheyWereGiven() {
        long[] millis = {1764000000000L};
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis[0]);
            }
        };
        // A random part of all ones: the next id in that millisecond must carry into the time.
        Random ones = new Random() {
            @Override
            public int nextInt() {
                return -1;
            }

            @Override
            public long nextLong() {
                return -1L;
            }
        };
        WebsmsId ids = new WebsmsId(clock, ones);
        List<String> given = new ArrayList<>();
        given.add(ids.nextId());
        given.add(ids.nextId());
        millis[0] -= 5;
        given.add(ids.nextId());
        millis[0] += 10;
        given.add(ids.nextId());
        given.add(ids.nextId());
        assertEquals("01KAV9FT00ZZZZZZZZZZZZZZZZ", given.get(0));
        List<String> sorted = new ArrayList<>(given);
        sorted.sort(null);
        assertEquals(given, sorted);
        assertEquals(given.size(), given.stream().distinct().count());
        given.forEach(id -> assertTrue(WebsmsId.isId(id), id));
    }

    @Test
    void theProcessWideIdsAreDistinctAndAscending() {
        List<String> given = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            given.add(WebsmsId.next());
        }
        List<String> sorted = new ArrayList<>(given);
        sorted.sort(null);
        assertEquals(given, sorted);
        assertEquals(given.size(), given.stream().distinct().count());
    }
}
