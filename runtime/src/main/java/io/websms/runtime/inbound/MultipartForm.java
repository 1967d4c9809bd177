package io.websms.runtime.inbound;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of {@code multipart/form-data} (RFC 7578) held in memory: each part's {@code name} and its
 * content as UTF-8 text. (Helidon's multipart support is not available from the repository this project builds
 * from; the body is already bounded in size, so reading it whole is safe.)
 */
final class MultipartForm {

    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary=(\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
    private static final Pattern NAME = Pattern.compile("(?i);\\s*name=(\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]+))");

    private MultipartForm() {
    }

    /** The boundary of a {@code multipart/form-data} content type. */
    static String boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new IllegalArgumentException("the multipart content type has no boundary");
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    /** The parts of {@code body}, as name and text. */
    static List<Map.Entry<String, String>> parse(byte[] body, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw new IllegalArgumentException("the multipart body does not contain its boundary");
        }
        while (true) {
            int afterDelimiter = position + delimiter.length;
            if (startsWith(body, afterDelimiter, "--")) {
                return fields; // the closing delimiter
            }
            if (!startsWith(body, afterDelimiter, "\r\n")) {
                throw new IllegalArgumentException("a multipart boundary is not followed by a line end");
            }
            int headersStart = afterDelimiter + 2;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), headersStart);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("a multipart part has no end of headers");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            byte[] next = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int contentEnd = indexOf(body, next, contentStart);
            if (contentEnd < 0) {
                throw new IllegalArgumentException("the multipart body is not closed");
            }
            String name = partName(headers);
            fields.add(Map.entry(name, new String(body, contentStart, contentEnd - contentStart, StandardCharsets.UTF_8)));
            position = contentEnd + 2;
        }
    }

    private static String partName(String headers) {
        for (String header : headers.split("\r\n")) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-disposition")) {
                Matcher m = NAME.matcher(header.substring(colon + 1));
                if (m.find()) {
                    return m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
                }
            }
        }
        throw new IllegalArgumentException("a multipart part has no Content-Disposition name");
    }

    private static boolean startsWith(byte[] body, int at, String text) {
        if (at + text.length() > body.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (body[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        outer:
        for (int i = Math.max(0, from); i <= body.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (body[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
