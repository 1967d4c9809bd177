package io.websms.runtime.inbound;

import io.websms.api.LogText;
import io.websms.api.Message;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An MMS for a phone that takes only text: a SIP MESSAGE carries {@code text/plain}, so the media URLs an ITSP gives
 * ({@link Message#media()}) are appended to the text, one per line, and the phone shows them as links. Only http and
 * https URLs without blanks or control characters are shown; anything else is left out and logged.
 */
final class MediaLinks {

    private static final System.Logger LOG = System.getLogger(MediaLinks.class.getName());

    private MediaLinks() {
    }

    /** {@code message} with its media as links after the text, and no media left; itself when it has none. */
    static Message appended(Message message) {
        if (message.media().isEmpty()) {
            return message;
        }
        List<String> links = new ArrayList<>();
        for (String url : message.media()) {
            if (isLink(url)) {
                links.add(url);
            } else {
                LOG.log(Level.WARNING, "in media left out of the text: {0} is no http(s) link", LogText.escape(url));
            }
        }
        StringBuilder body = new StringBuilder(message.body());
        for (String link : links) {
            body.append(body.isEmpty() ? "" : "\n").append(link);
        }
        return message.toBuilder().body(body.toString()).media(List.of()).build();
    }

    private static boolean isLink(String url) {
        if (url.length() > 2048 || url.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
