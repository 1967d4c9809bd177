package io.websms.runtime.amidelivery;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextPartsTest {

    private static void assertCutWell(String text, int maxBytes) {
        List<String> parts = TextParts.of(text, maxBytes);
        assertEquals(text, String.join("", parts), "the parts join to exactly the text");
        for (String part : parts) {
            assertTrue(part.getBytes(StandardCharsets.UTF_8).length <= maxBytes, part.length() + " chars exceed " + maxBytes + " bytes");
            assertTrue(!part.isEmpty() || parts.size() == 1, "no empty part");
            assertTrue(!Character.isLowSurrogate(part.charAt(0)), "a part never starts inside a surrogate pair");
            assertTrue(!Character.isHighSurrogate(part.charAt(part.length() - 1)), "a part never ends inside a surrogate pair");
            assertEquals(part, new String(part.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), "each part is whole UTF-8 on its own");
        }
    }

    @Test
    void sevenHundredEmojiAndSpecialCharactersAreCutOnCharacterBoundariesAndJoinExactly() {
        String text = "😀".repeat(700) + "; # & % + \" \nline two é ü ß";
        assertCutWell(text, TextParts.MESSAGE_SEND_BYTES);
        // 700 emoji are 2,800 bytes: 4 parts of at most 756 bytes (189 emoji each), then the rest.
        List<String> parts = TextParts.of(text, TextParts.MESSAGE_SEND_BYTES);
        assertEquals(4, parts.size());
        assertEquals(189 * 2, parts.get(0).length());
    }

    @Test
    void aCutNeverFallsInsideAMultiByteCharacterWhateverTheLimit() {
        String mixed = "aé€😀".repeat(50);
        for (int limit = 4; limit <= 40; limit++) {
            assertCutWell(mixed, limit);
        }
    }

    @Test
    void aTextThatFitsIsOnePartAndAnEmptyTextOneEmptyPart() {
        assertEquals(List.of("x".repeat(756)), TextParts.of("x".repeat(756), 756));
        assertEquals(List.of("x".repeat(756), "x"), TextParts.of("x".repeat(757), 756));
        assertEquals(List.of(""), TextParts.of("", 756));
    }
}
