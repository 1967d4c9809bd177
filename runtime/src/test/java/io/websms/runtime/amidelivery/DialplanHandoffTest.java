package io.websms.runtime.amidelivery;

import io.websms.api.Message;
import io.websms.runtime.ami.AmiMessage;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.config.AstQueueSettings;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DialplanHandoffTest {

    private static final AstQueueSettings QUEUE = new AstQueueSettings("yes", "dp_entry_answer", "dp_entry_text_in", 0, "rfc3986",
            Path.of("/o"), 1, 300, Path.of("/s"), 45, OptionalInt.empty(), "", "", "", "");

    @Test
    void theOriginateCarriesTheCallFilesChannelContextExtensionAndVariables() {
        AmiMessage action = DialplanHandoff.originate(Message.of("+12025550160", "+15017122661", "Hi; #1 & 100% \"ok\"\nbye"), QUEUE);
        assertEquals("""
                Action: Originate\r
                Channel: Local/+12025550160@dp_entry_answer\r
                CallerID: "" <+15017122661>\r
                Timeout: 45000\r
                Context: dp_entry_text_in\r
                Exten: +12025550160\r
                Priority: 1\r
                Variable: MESSAGE(to)=+12025550160\r
                Variable: MESSAGE(from)=+15017122661\r
                Variable: MESSAGE(body)=Hi%3B%20%231%20%26%20100%25%20%22ok%22%0Abye\r
                Variable: MESSAGE_ENCODE=rfc3986\r
                Async: true\r
                \r
                """, new String(action.toWire(), StandardCharsets.UTF_8));
    }

    @Test
    void aLongBodyGoesInTheCallFilesPartsEachLineWithinTheAmisLimit() {
        String body = "😀".repeat(700);
        AmiMessage action = DialplanHandoff.originate(Message.of("+12025550160", "+15017122661", body), QUEUE);
        List<String> variables = action.all("Variable");
        int parts = Integer.parseInt(variables.stream().filter(v -> v.startsWith("WEBSMS_BODY_PARTS=")).findFirst().orElseThrow()
                .substring("WEBSMS_BODY_PARTS=".length()));
        assertEquals(9, parts, "700 emoji are 8,400 encoded characters: 9 parts of at most " + CallFile.PART_LIMIT);
        for (String line : new String(action.toWire(), StandardCharsets.UTF_8).split("\r\n")) {
            assertTrue(line.length() + 2 <= 1024, "a line of " + line.length() + " characters");
        }
        StringBuilder joined = new StringBuilder(URLDecoder.decode(variables.get(2).substring("MESSAGE(body)=".length()), StandardCharsets.UTF_8));
        for (int i = 2; i <= parts; i++) {
            String prefix = "WEBSMS_BODY_" + i + "=";
            String part = variables.stream().filter(v -> v.startsWith(prefix)).findFirst().orElseThrow();
            joined.append(URLDecoder.decode(part.substring(prefix.length()), StandardCharsets.UTF_8));
        }
        assertEquals(body, joined.toString());
    }

    @Test
    void aTextTooLongForOneOriginateIsRefusedNamingTheFixBeforeAnythingIsStored() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DialplanHandoff.originate(Message.of("+12025550160", "+15017122661", "é".repeat(20_000)), QUEUE));
        assertTrue(e.getMessage().startsWith("body: too long for the AMI"), e.getMessage());
        assertTrue(e.getMessage().contains("delivery = callfile"), e.getMessage());
    }

    @Test
    void aNumberThatCouldInjectAHeaderIsRefusedAsForACallFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DialplanHandoff.originate(Message.of("+1202\r\nAction: Command", "+15017122661", "x"), QUEUE));
        assertTrue(e.getMessage().startsWith("to:"), e.getMessage());
    }
}
