package io.websms.distribution;

import io.websms.api.Message;
import io.websms.runtime.asterisk.CallFile;
import io.websms.runtime.config.AstQueueSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shipped dialplan handles every call file the shipped configuration writes, and the README shows that dialplan. */
class ShippedDialplanTest {

    @ParameterizedTest
    @ValueSource(strings = {"+12025550160", "12025550160", "0701234567"})
    void everyContextTheShippedConfigurationWritesCallFilesForIsInTheShippedDialplan(String to) throws Exception {
        AstQueueSettings queue = Shipped.astQueue();
        Dialplan dialplan = Dialplan.read(Shipped.dialplan());
        List<String> lines = CallFile.of(Message.of(to, "+15017122661", "hi"), queue).lines();

        Matcher channel = Pattern.compile("Channel: Local/(.+)@(.+)").matcher(lines.get(0));
        assertTrue(channel.matches(), lines.get(0));
        assertHandled(dialplan, channel.group(2), channel.group(1), "channel_context (Channel: Local/" + channel.group(1) + "@" + channel.group(2) + ")");
        String context = value(lines, "Context: ");
        String exten = value(lines, "Extension: ");
        assertHandled(dialplan, context, exten, "context (Context: " + context + ", Extension: " + exten + ")");
    }

    @Test
    void theReadmeShowsTheShippedIncomingDialplanWordForWord() throws Exception {
        String readme = Files.readString(Shipped.readme());
        Matcher block = Pattern.compile("```ini\n(\\[[^\n]*\\]\\s*; \\[astqueue\\] channel_context\n.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "README.md has an ini block that starts with the [astqueue] channel_context context");
        assertTrue(Files.readString(Shipped.dialplan()).contains(block.group(1)),
                "dialplan/extensions-websms.conf holds the README's incoming dialplan as it is:\n" + block.group(1));
    }

    private static void assertHandled(Dialplan dialplan, String context, String exten, String what) {
        assertTrue(dialplan.handles(context, exten), "etc/websms.conf [astqueue] " + what + " sends call files to extension " + exten
                + " in context [" + context + "], which dialplan/extensions-websms.conf does not handle; its contexts: " + dialplan.contexts());
    }

    private static String value(List<String> lines, String prefix) {
        List<String> found = lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).toList();
        assertEquals(1, found.size(), "one " + prefix + "line in " + lines);
        return found.get(0);
    }
}
