package io.websms.runtime.asterisk;

import io.websms.api.Message;
import io.websms.runtime.config.AstQueueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CallFileTest {

    static AstQueueSettings queue(String account, String application, String data) {
        return new AstQueueSettings("1", "from-sms", "sms-in", 2, "rfc3986", Path.of("/o"), 3, 60, Path.of("/s"), 30,
                OptionalInt.empty(), "", account, application, data);
    }

    @Test
    void everyLineInTheOriginalsOrderEachOnlyWithAValue() {
        CallFile file = CallFile.of(Message.of("+12025550160", "+15017122661", "hi"), queue("acct", "MessageSend", "pjsip:alice"));
        assertEquals("""
                Channel: Local/+12025550160@from-sms
                CallerID: "" <+15017122661>
                WaitTime: 30
                MaxRetries: 2
                RetryTime: 60
                Account: acct
                Application: MessageSend
                Data: pjsip:alice
                Context: sms-in
                Extension: +12025550160
                Priority: 3
                Archive: 1
                setvar: MESSAGE(to)=+12025550160
                setvar: MESSAGE(from)=+15017122661
                setvar: MESSAGE(body)=hi
                setvar: MESSAGE_ENCODE=rfc3986
                """, new String(file.bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyBodyIsAnEmptyMessageNotAMissingLine() {
        assertTrue(CallFile.of(Message.of("+1", "+2", ""), queue("", "", "")).lines().contains("setvar: MESSAGE(body)="));
    }

    @Test
    void rfc3986KeepsOnlyUnreservedCharacters() {
        assertEquals("AZaz09-._~%20%2B%26%25%3B%23%22%0A%0D%C3%BC%F0%9F%98%80%2A%21%27%28%29", Rfc3986.encode("AZaz09-._~ +&%;#\"\n\rü😀*!'()"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 959, 960, 961, 5000})
    void longBodiesAreCutBetweenCharactersIntoPartsThatJoinToTheWhole(int emojiAndLetters) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < emojiAndLetters; i++) {
            text.append(i % 3 == 0 ? "😀" : i % 3 == 1 ? "a" : "ü");
        }
        String body = text.toString();
        List<String> parts = CallFile.parts(body);
        StringBuilder decoded = new StringBuilder();
        for (String part : parts) {
            assertTrue(part.length() <= CallFile.PART_LIMIT, "part of " + part.length());
            String alone = URLDecoder.decode(part, StandardCharsets.UTF_8);
            assertTrue(!alone.contains("\uFFFD"), "each part decodes on its own: no character is split");
            decoded.append(alone);
        }
        assertEquals(body, decoded.toString());
        CallFile file = CallFile.of(Message.of("+1", "+2", body), queue("", "", ""));
        assertTrue(file.lines().stream().allMatch(l -> l.length() <= 1022));
        assertEquals(parts.size() > 1, file.lines().contains("setvar: WEBSMS_BODY_PARTS=" + parts.size()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+1202\nApplication: System", "+1;x", "1 2", "", "+", "sip:1@x", "+123456789012345678901"})
    void aDestinationThatIsNoNumberIsRefused(String to) {
        assertEquals("to: not a phone number (digits with an optional leading +)",
                assertThrows(IllegalArgumentException.class, () -> CallFile.of(Message.of(to, "+2", "x"), queue("", "", ""))).getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bank\r\nData: x", "a;b", "<x>", "\"q\"", "a#b", " lead", "waytoolongsendername12"})
    void aSenderThatCouldBreakTheFileIsRefused(String from) {
        assertThrows(IllegalArgumentException.class, () -> CallFile.of(Message.of("+1", from, "x"), queue("", "", "")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"+15017122661", "15017122661", "MyBank", "Acme Co.", "Åre-Tåg", "O'Neil"})
    void alphanumericSendersAreKept(String from) {
        assertTrue(CallFile.of(Message.of("+1", from, "x"), queue("", "", "")).lines().contains("CallerID: \"\" <" + from + ">"));
    }
}
