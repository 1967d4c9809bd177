package io.websms.runtime.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebsmsIdTest {

    @Test
    void anIdIs26CrockfordDigitsWithItsTimeInFront() {
        Instant before = Instant.ofEpochMilli(System.currentTimeMillis());
        WebsmsId id = WebsmsId.next();
        Instant after = Instant.ofEpochMilli(System.currentTimeMillis());
        String text = id.toString();
        assertTrue(text.matches("[0-7][0-9A-HJKMNP-TV-Z]{25}"), text);
        assertTrue(!id.time().isBefore(before) && !id.time().isAfter(after), id.time() + " between " + before + " and " + after);
        assertEquals(id, WebsmsId.parse(text));
        assertEquals(text, WebsmsId.parse(text).toString());
    }

    @Test
    void theUlidSpecificationsExampleReadsAsItsTime() {
        WebsmsId id = WebsmsId.parse("01ARZ3NDEKTSV4RRFFQ69G5FAV");
        assertEquals(Instant.ofEpochMilli(1469922850259L), id.time());
        assertEquals("01ARZ3NDEKTSV4RRFFQ69G5FAV", id.toString());
        assertEquals(id, WebsmsId.parse("01arz3ndektsv4rrffq69g5fav"), "lower case is read too");
        assertEquals("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", WebsmsId.parse("7ZZZZZZZZZZZZZZZZZZZZZZZZZ").toString(), "the largest id");
        assertEquals("00000000000000000000000000", WebsmsId.parse("00000000000000000000000000").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "01ARZ3NDEK|'01ARZ3NDEK' is not a websms id: it has 10 characters, a websms id has 26",
            "01ARZ3NDEKTSV4RRFFQ69G5FAVX|'01ARZ3NDEKTSV4RRFFQ69G5FAVX' is not a websms id: it has 27 characters, a websms id has 26",
            "01ARZ3NDEKTSV4RRFFQ69G5FAU|'01ARZ3NDEKTSV4RRFFQ69G5FAU' is not a websms id: 'U' (character 26) is not a base-32 digit; a websms id uses 0-9 and A-Z without I, L, O and U",
            "0IARZ3NDEKTSV4RRFFQ69G5FAV|'0IARZ3NDEKTSV4RRFFQ69G5FAV' is not a websms id: 'I' (character 2) is not a base-32 digit; a websms id uses 0-9 and A-Z without I, L, O and U",
            "01ARZ3NDEK-SV4RRFFQ69G5FAV|'01ARZ3NDEK-SV4RRFFQ69G5FAV' is not a websms id: '-' (character 11) is not a base-32 digit; a websms id uses 0-9 and A-Z without I, L, O and U",
            "01ARZ3NDEKTSV4RRFFQ69G5F_V|'01ARZ3NDEKTSV4RRFFQ69G5F_V' is not a websms id: '_' (character 25) is not a base-32 digit; a websms id uses 0-9 and A-Z without I, L, O and U",
            "01ARZ3NDEKTSV4RRFFQ69G5FAé|'01ARZ3NDEKTSV4RRFFQ69G5FAé' is not a websms id: 'é' (character 26) is not a base-32 digit; a websms id uses 0-9 and A-Z without I, L, O and U",
            "81ARZ3NDEKTSV4RRFFQ69G5FAV|'81ARZ3NDEKTSV4RRFFQ69G5FAV' is not a websms id: it starts with '8', a websms id starts with 0 to 7 (26 digits hold 128 bits)",
    })
    void aWrongIdIsRefusedNamingWhatIsWrong(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WebsmsId.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void noIdOrAVeryLongTextIsRefusedBriefly() {
        assertEquals("no websms id given: a websms id is 26 characters, e.g. 01JH5Q8W3K7V2N6R4T9Y0B1C2D",
                assertThrows(IllegalArgumentException.class, () -> WebsmsId.parse("")).getMessage());
        assertEquals("no websms id given: a websms id is 26 characters, e.g. 01JH5Q8W3K7V2N6R4T9Y0B1C2D",
                assertThrows(IllegalArgumentException.class, () -> WebsmsId.parse(null)).getMessage());
        assertEquals("'" + "A".repeat(40) + "...' is not a websms id: it has 10000 characters, a websms id has 26",
                assertThrows(IllegalArgumentException.class, () -> WebsmsId.parse("A".repeat(10_000))).getMessage());
    }

    @Test
    void idsOfOneProcessAreStrictlyIncreasingAsValuesAndAsText() {
        List<WebsmsId> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(WebsmsId.next());
        }
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i - 1).compareTo(ids.get(i)) < 0, ids.get(i - 1) + " < " + ids.get(i));
            assertTrue(ids.get(i - 1).toString().compareTo(ids.get(i).toString()) < 0);
        }
        assertTrue(ids.getFirst().time().equals(ids.getLast().time()) || ids.size() > 1, "many share a millisecond");
    }

    @Test
    void withinOneMillisecondAndWhenTheClockStepsBackIdsCountUp() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        WebsmsId.Generator generator = new WebsmsId.Generator(clock::get, RandomGenerator.of("L64X128MixRandom"));
        WebsmsId first = generator.next();
        WebsmsId second = generator.next();
        assertEquals(first.time(), second.time());
        assertTrue(first.compareTo(second) < 0);
        assertEquals(first.toString().substring(0, 10), second.toString().substring(0, 10), "the same time digits");
        clock.set(1_699_999_999_000L); // NTP stepped back a second
        WebsmsId third = generator.next();
        assertTrue(second.compareTo(third) < 0, "still after the last one");
        assertEquals(first.time(), third.time(), "keeps the last time until the clock passes it");
        clock.set(1_700_000_000_001L);
        WebsmsId fourth = generator.next();
        assertEquals(Instant.ofEpochMilli(1_700_000_000_001L), fourth.time());
        assertTrue(third.compareTo(fourth) < 0);
    }

    @Test
    void whenTheCountRunsOverTheIdMovesToTheNextMillisecond() {
        // Random bits all ones: the next id of the same millisecond has nothing left to count.
        RandomGenerator allOnes = () -> -1L;
        WebsmsId.Generator generator = new WebsmsId.Generator(() -> 1_700_000_000_000L, allOnes);
        WebsmsId first = generator.next();
        assertTrue(first.toString().endsWith("ZZZZZZZZZZZZZZZZ"), first.toString());
        WebsmsId second = generator.next();
        assertEquals(Instant.ofEpochMilli(1_700_000_000_001L), second.time());
        assertTrue(first.compareTo(second) < 0);
    }

    @Test
    void idsMadeByManyThreadsAreAllDifferent() throws Exception {
        Set<WebsmsId> ids = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                pool.execute(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        ids.add(WebsmsId.next());
                    }
                });
            }
        }
        assertEquals(160_000, ids.size());
    }

    @Test
    void anIdForAGivenTimeHasThatTimeAndFreshRandomBits() {
        Instant time = Instant.parse("2026-11-23T10:15:30.123Z");
        WebsmsId a = WebsmsId.at(time);
        WebsmsId b = WebsmsId.at(time);
        assertEquals(time, a.time());
        assertNotEquals(a, b);
        assertEquals(a.toString().substring(0, 10), b.toString().substring(0, 10));
        assertEquals("a websms id holds a time from 1970 to the year 10889, not 1969-12-31T23:59:59Z",
                assertThrows(IllegalArgumentException.class, () -> WebsmsId.at(Instant.parse("1969-12-31T23:59:59Z"))).getMessage());
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            hashes.add(WebsmsId.at(time).hashCode());
        }
        assertTrue(hashes.size() > 990, "the random bits spread the hash");
    }

    @Test
    void onlyTheUpperCaseFormWebsmsWritesNamesAnOutboxFile() {
        String id = WebsmsId.next().toString();
        org.junit.jupiter.api.Assertions.assertTrue(WebsmsId.isId(id), id);
        org.junit.jupiter.api.Assertions.assertFalse(WebsmsId.isId(id.toLowerCase(java.util.Locale.ROOT)), "parsed, but not as websms writes it");
        org.junit.jupiter.api.Assertions.assertFalse(WebsmsId.isId("../../etc/passwd"));
        org.junit.jupiter.api.Assertions.assertFalse(WebsmsId.isId(null));
    }
}
