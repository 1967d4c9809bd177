package io.websms.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code media_from_body = yes} on an outgoing interface: a phone sends text only (a SIP MESSAGE), so a picture goes as a
 * link in the text; for an ITSP that sends MMS, a {@link RequestMapper} calls {@link #apply} and sends the links it
 * finds as the message's {@link Message#media() media} instead.
 *
 * <ul>
 *   <li>A link is an {@code http://} or {@code https://} URL with a host, up to the next blank; sentence punctuation
 *       right after it ({@code . , ; : ! ?}, and a {@code )} or {@code ]} it does not open itself) is not part of it.</li>
 *   <li>Each link taken is removed from the text with that punctuation (and a {@code (} or {@code [} just before it);
 *       a line it stood on is tidied (blanks run together, the ends trimmed) and dropped when nothing is left on it.
 *       Lines without a link stay as written; then blanks at the start and the end of the text go.</li>
 *   <li>When nothing but links was written, the text is empty: the message is the media alone (Twilio and Flowroute
 *       take an MMS without text).</li>
 *   <li>The same link twice is one medium; at most {@link #MAX_MEDIA} are taken (Twilio's limit per message), and any
 *       further link stays in the text.</li>
 * </ul>
 *
 * A provider whose ITSP cannot send media does not call this, so its text goes unchanged. Stateless.
 */
public final class MediaFromBody {

    /** The {@code [websms]} key that turns it on, default {@code no}. */
    public static final String KEY = "media_from_body";

    /** Most links taken as media from one text: Twilio's limit of media per message. */
    public static final int MAX_MEDIA = 10;

    private static final Pattern LINK = Pattern.compile("(?i)\\bhttps?://[^\\s<>\"]+");
    private static final String TRAILING = ".,;:!?";

    private MediaFromBody() {
    }

    /** {@code message} as {@code config} says to send it: with {@code media_from_body} on, {@link #extract}; else itself. */
    public static Message apply(Message message, InterfaceConfig config) {
        return config.flag(KEY) ? extract(message) : message;
    }

    /** {@code message} with the links of its text taken out as media, after any media it had; itself when it has none. */
    public static Message extract(Message message) {
        String body = message.body();
        Set<String> taken = new LinkedHashSet<>(message.media());
        List<int[]> cuts = new ArrayList<>();
        Matcher m = LINK.matcher(body);
        while (m.find()) {
            String link = trimmed(m.group());
            if (!isLink(link) || (!taken.contains(link) && taken.size() - message.media().size() >= MAX_MEDIA)) {
                continue;
            }
            taken.add(link);
            int start = m.start();
            int end = m.start() + link.length();
            while (end < body.length() && (TRAILING.indexOf(body.charAt(end)) >= 0 || body.charAt(end) == ')' || body.charAt(end) == ']')) {
                end++;
            }
            if (start > 0 && (body.charAt(start - 1) == '(' || body.charAt(start - 1) == '[')) {
                start--;
            }
            cuts.add(new int[] {start, end});
        }
        if (cuts.isEmpty()) {
            return message;
        }
        return message.toBuilder().body(without(body, cuts)).media(List.copyOf(taken)).build();
    }

    /** {@code link} without the punctuation that ends a sentence, and a closing bracket it does not open. */
    private static String trimmed(String link) {
        String out = link;
        while (!out.isEmpty()) {
            char last = out.charAt(out.length() - 1);
            if (TRAILING.indexOf(last) >= 0
                    || (last == ')' && count(out, '(') < count(out, ')'))
                    || (last == ']' && count(out, '[') < count(out, ']'))) {
                out = out.substring(0, out.length() - 1);
            } else {
                break;
            }
        }
        return out;
    }

    private static long count(String text, char c) {
        return text.chars().filter(x -> x == c).count();
    }

    private static boolean isLink(String link) {
        if (link.length() > 2048) {
            return false;
        }
        try {
            return new URI(link).getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * {@code body} without the cut spans: each line that lost one tidied, and dropped when nothing is left on it; then
     * the blanks at the start and the end of the text go.
     */
    private static String without(String body, List<int[]> cuts) {
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        int cut = 0;
        while (lineStart <= body.length()) {
            int lineEnd = body.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = body.length();
            }
            StringBuilder line = new StringBuilder();
            boolean touched = false;
            int pos = lineStart;
            while (cut < cuts.size() && cuts.get(cut)[0] < lineEnd) {
                line.append(body, pos, cuts.get(cut)[0]);
                pos = cuts.get(cut)[1];
                touched = true;
                cut++;
            }
            line.append(body, pos, lineEnd);
            if (!touched) {
                lines.add(line.toString());
            } else {
                String tidied = line.toString().replaceAll("[ \\t]{2,}", " ").strip();
                if (!tidied.isEmpty()) {
                    lines.add(tidied);
                }
            }
            lineStart = lineEnd + 1;
        }
        return String.join("\n", lines).strip();
    }
}
