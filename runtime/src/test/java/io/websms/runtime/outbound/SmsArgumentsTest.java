package io.websms.runtime.outbound;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The arguments of {@code websms TO FROM BODY [INDEX] [uri]}, as the dialplan passes them. */
class SmsArgumentsTest {

    @Test
    void aUriBodyKeepsRawCharactersBeyondTheBmpBesideItsEscapes() {
        // URIENCODE() escapes everything, but a hand-written dialplan may pass an emoji raw next to escapes.
        SmsArguments arguments = SmsArguments.parse(List.of("+15017122661", "+46701234567", "Hi%20\uD83D\uDE00 and %F0%9F%98%80", "", "uri"));
        assertEquals("Hi \uD83D\uDE00 and \uD83D\uDE00", arguments.message().body());
    }

    @Test
    void aUriBodyThatIsNotUtf8IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SmsArguments.parse(List.of("+1", "+2", "%C3", "", "uri")));
    }
}
