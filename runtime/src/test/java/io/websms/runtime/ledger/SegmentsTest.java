package io.websms.runtime.ledger;

import io.websms.runtime.ledger.Segments.Encoding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.websms.runtime.ledger.Segments.Encoding.GSM_7;
import static io.websms.runtime.ledger.Segments.Encoding.UCS_2;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SegmentsTest {

    static Stream<Arguments> texts() {
        String emoji = "\uD83D\uDE00"; // 😀, beyond U+FFFF: one character, two UTF-16 units
        return Stream.of(
                // what, text, encoding, characters, units, segments
                Arguments.of("empty: still one SMS", "", GSM_7, 0, 0, 1),
                Arguments.of("plain text", "Hello, world!", GSM_7, 13, 13, 1),
                Arguments.of("160 GSM characters fill one SMS", "a".repeat(160), GSM_7, 160, 160, 1),
                Arguments.of("161 take two parts", "a".repeat(161), GSM_7, 161, 161, 2),
                Arguments.of("306 fill two parts of 153", "a".repeat(306), GSM_7, 306, 306, 2),
                Arguments.of("307 take three", "a".repeat(307), GSM_7, 307, 307, 3),
                Arguments.of("the basic set's accents and Greek stay GSM-7", "èéùìòÇØøÅåΔΦΓΛΩΠΨΣΘΞÆæßÉ¡ÄÖÑÜ§¿äöñüà@£$¥¤", GSM_7, 41, 41, 1),
                Arguments.of("line breaks are GSM-7", "a\nb\r\nc", GSM_7, 6, 6, 1),
                Arguments.of("an extension character takes two septets", "€", GSM_7, 1, 2, 1),
                Arguments.of("every extension character", "^{}\\[~]|€\f", GSM_7, 10, 20, 1),
                Arguments.of("80 euro signs are 160 septets: one SMS", "€".repeat(80), GSM_7, 80, 160, 1),
                Arguments.of("159 letters and a euro sign are 161 septets", "a".repeat(159) + "€", GSM_7, 160, 161, 2),
                Arguments.of("81 euro signs: 76 fit a part of 153, five go to the next", "€".repeat(81), GSM_7, 81, 162, 2),
                Arguments.of("an escape pair is never split between parts", "a".repeat(152) + "€" + "a".repeat(152), GSM_7, 305, 306, 3),
                Arguments.of("one character outside GSM-7 makes it all UCS-2", "Hello ç", UCS_2, 7, 7, 1),
                Arguments.of("a tab is not GSM-7", "a\tb", UCS_2, 3, 3, 1),
                Arguments.of("Cyrillic", "Привет", UCS_2, 6, 6, 1),
                Arguments.of("70 UCS-2 characters fill one SMS", "ж".repeat(70), UCS_2, 70, 70, 1),
                Arguments.of("71 take two parts", "ж".repeat(71), UCS_2, 71, 71, 2),
                Arguments.of("134 fill two parts of 67", "ж".repeat(134), UCS_2, 134, 134, 2),
                Arguments.of("135 take three", "ж".repeat(135), UCS_2, 135, 135, 3),
                Arguments.of("an emoji is one character and two units", emoji, UCS_2, 1, 2, 1),
                Arguments.of("35 emoji are 70 units: one SMS", emoji.repeat(35), UCS_2, 35, 70, 1),
                Arguments.of("36 emoji: 33 fit a part of 67, three go to the next", emoji.repeat(36), UCS_2, 36, 72, 2),
                Arguments.of("a surrogate pair is never split between parts", "ж".repeat(66) + emoji + "ж".repeat(66), UCS_2, 133, 134, 3),
                Arguments.of("a euro sign in a UCS-2 text is one unit", "€ж", UCS_2, 2, 2, 1),
                Arguments.of("the escape character itself is not text", "a\u001Bb", UCS_2, 3, 3, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("texts")
    void carriersCountTheTextLikeThis(String what, String text, Encoding encoding, int characters, int units, int segments) {
        assertEquals(new Segments(encoding, characters, units, segments), Segments.of(text));
    }
}
