package io.websms.runtime.optout;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which incoming texts change the opt-out list: a keyword alone, in any case, with blanks and punctuation around it. */
class OptOutKeywordsTest {

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", "Stop", " STOP\n", "STOP.", "Stop!", "\"stop\"", "«Stop»", "STOPALL", "unsubscribe", "Cancel",
            "END", "quit", "\u00a0STOP\u200b", "¡stop!"})
    void aStopKeywordAloneStops(String text) {
        assertEquals(Optional.of(OptOutKeywords.Change.STOP), OptOutKeywords.of(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", "Unstop", " unstop. "})
    void startOrUnstopAloneStarts(String text) {
        assertEquals(Optional.of(OptOutKeywords.Change.START), OptOutKeywords.of(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"stop it please", "Please stop", "S.T.O.P", "STOP STOP", "stopp", "stop 1", "", "   ", "restart", "END.\nThanks",
            "STOP\uD83D\uDE00", "ＳＴＯＰ"})
    void anythingElseIsAnOrdinaryMessage(String text) {
        assertEquals(Optional.empty(), OptOutKeywords.of(text));
    }
}
