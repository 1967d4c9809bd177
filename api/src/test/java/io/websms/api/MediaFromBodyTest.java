package io.websms.api;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** media_from_body: which links of a text become media, and what is left of the text. */
class MediaFromBodyTest {

    private static Message text(String body) {
        return Message.of("+12025550183", "+15017122661", body);
    }

    private static InterfaceConfig config(String mediaFromBody) {
        return InterfaceConfig.builder(Direction.OUTBOUND).put(MediaFromBody.KEY, mediaFromBody).build();
    }

    @Test
    void aLinkBecomesMediaAndLeavesTheText() {
        Message sent = MediaFromBody.extract(text("Look at this https://example.com/cat.jpg nice"));
        assertEquals("Look at this nice", sent.body());
        assertEquals(List.of("https://example.com/cat.jpg"), sent.media());
    }

    @Test
    void sentencePunctuationAndBracketsAroundALinkGoWithIt() {
        assertEquals(text("Look: see it!").toBuilder().media(List.of("https://example.com/a.png")).build(),
                MediaFromBody.extract(text("Look: https://example.com/a.png. see it!")));
        Message bracketed = MediaFromBody.extract(text("The map (https://example.com/map.png) is here"));
        assertEquals("The map is here", bracketed.body());
        assertEquals(List.of("https://example.com/map.png"), bracketed.media());
        Message wiki = MediaFromBody.extract(text("See https://en.wikipedia.org/wiki/Cat_(animal), ok"));
        assertEquals(List.of("https://en.wikipedia.org/wiki/Cat_(animal)"), wiki.media(), "a bracket the link opens is its own");
        assertEquals("See ok", wiki.body());
    }

    @Test
    void aTextOfLinksOnlyIsMediaWithoutText() {
        Message sent = MediaFromBody.extract(text("https://example.com/1.jpg\nhttp://example.com/2.gif "));
        assertEquals("", sent.body());
        assertEquals(List.of("https://example.com/1.jpg", "http://example.com/2.gif"), sent.media());
    }

    @Test
    void linesWithoutALinkStayAsWrittenAndALineLeftEmptyGoes() {
        Message sent = MediaFromBody.extract(text("Hi  there,\n\nhttps://example.com/1.jpg\n  indented  line\nlast https://example.com/2.jpg"));
        assertEquals("Hi  there,\n\n  indented  line\nlast", sent.body());
        assertEquals(List.of("https://example.com/1.jpg", "https://example.com/2.jpg"), sent.media());
    }

    @Test
    void aTextWithoutLinksIsTheSameMessage() {
        Message plain = text("Meet at 10:30, see www.example.com or ftp://example.com/x or mailto:a@example.com");
        assertSame(plain, MediaFromBody.extract(plain));
        Message notAUrl = text("broken http:// and https://:80/ only");
        assertSame(notAUrl, MediaFromBody.extract(notAUrl));
    }

    @Test
    void theSameLinkTwiceIsOneMediumAndBeyondTheLimitLinksStayInTheText() {
        Message twice = MediaFromBody.extract(text("https://example.com/a.jpg and again https://example.com/a.jpg"));
        assertEquals(List.of("https://example.com/a.jpg"), twice.media());
        assertEquals("and again", twice.body());
        StringBuilder many = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= MediaFromBody.MAX_MEDIA + 2; i++) {
            many.append("https://example.com/").append(i).append(".jpg ");
            if (i <= MediaFromBody.MAX_MEDIA) {
                expected.add("https://example.com/" + i + ".jpg");
            }
        }
        Message sent = MediaFromBody.extract(text(many.toString()));
        assertEquals(expected, sent.media());
        assertEquals("https://example.com/11.jpg https://example.com/12.jpg", sent.body());
    }

    @Test
    void onlyWithTheKeyOnIsAnythingTaken() {
        Message message = text("pic https://example.com/a.jpg");
        assertSame(message, MediaFromBody.apply(message, config("")));
        assertSame(message, MediaFromBody.apply(message, config("no")));
        assertSame(message, MediaFromBody.apply(message, InterfaceConfig.builder(Direction.OUTBOUND).build()));
        assertEquals(List.of("https://example.com/a.jpg"), MediaFromBody.apply(message, config("1")).media());
        assertEquals("pic", MediaFromBody.apply(message, config("yes")).body());
    }

    @Test
    void theIdAndNumbersAreKept() {
        Message message = text("https://example.com/a.jpg").toBuilder().id("01KB7Q8ZJ8X4Y0C2V5R3M9TQ6E").build();
        Message sent = MediaFromBody.extract(message);
        assertEquals(message.id(), sent.id());
        assertEquals(message.to(), sent.to());
        assertEquals(message.from(), sent.from());
    }
}
