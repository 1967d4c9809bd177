package io.websms.runtime.outbound;

import io.websms.api.Headers;
import io.websms.api.InterfaceConfig;
import io.websms.api.OutboundRequest;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Cleans the reason an ITSP gave for not taking a message before websms logs it, hands it to the dialplan as
 * {@code WEBSMS_ERROR} or keeps it with a dead letter: an ITSP that echoes the request (some do, in their error
 * pages) would otherwise put the credentials there. What matches a credential in use is replaced by
 * {@value #MASK}: the secret keys ({@code auth_secret}, …), the headers the auth scheme added (the whole
 * {@code Authorization} value, its token, and for Basic the decoded {@code user:password}), the {@code val_static}
 * values (often an API key) and the user-info of the URL; each also as form-encoded. The result is one line of at
 * most {@value #MAX_LENGTH} characters (then {@code …}).
 */
final class ReplyScrubber {

    /** What stands for a credential. */
    static final String MASK = io.websms.runtime.config.Redaction.MASK;
    /** The longest reason kept, in characters, before the ellipsis. */
    static final int MAX_LENGTH = 200;
    /** Shorter values are not looked for: they would match ordinary text (a status code, a word). */
    private static final int MIN_SECRET = 4;

    private final List<String> secrets;

    private ReplyScrubber(Set<String> secrets) {
        List<String> longestFirst = new ArrayList<>();
        for (String secret : secrets) {
            if (secret.length() >= MIN_SECRET) {
                longestFirst.add(secret);
            }
        }
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        this.secrets = List.copyOf(longestFirst);
    }

    /**
     * The credentials of one send: {@code config}'s, and those {@code authenticated} carries beyond
     * {@code mapped} (the same request before the auth scheme).
     */
    static ReplyScrubber of(InterfaceConfig config, OutboundRequest mapped, OutboundRequest authenticated) {
        Set<String> found = new LinkedHashSet<>();
        for (String key : config.keys()) {
            if (config.isSecret(key)) {
                found.add(config.value(key));
            }
        }
        for (String pair : config.value("val_static").split(",")) {
            int eq = pair.indexOf('=');
            if (eq >= 0) {
                found.add(pair.substring(eq + 1).strip());
            }
        }
        userInfo(config.value("url_host"), found);
        userInfo(authenticated.uri().toString(), found);
        List<Headers.Field> before = mapped.headers().fields();
        for (Headers.Field field : authenticated.headers().fields()) {
            if (!before.contains(field)) {
                credential(field.value(), found);
            }
        }
        authenticated.fields().forEach((name, value) -> {
            if (!value.equals(mapped.fields().get(name))) {
                found.add(value); // a field the auth scheme added (plain auth's secret)
            }
        });
        Set<String> encoded = new LinkedHashSet<>(found);
        for (String secret : found) {
            encoded.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
            encoded.add(URLEncoder.encode(secret, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return new ReplyScrubber(encoded);
    }

    private static void userInfo(String url, Set<String> found) {
        try {
            URI uri = URI.create(url.strip());
            if (uri.getRawUserInfo() != null) {
                found.add(uri.getRawUserInfo());
                found.add(uri.getUserInfo());
                int colon = uri.getUserInfo().indexOf(':');
                if (colon >= 0) {
                    found.add(uri.getUserInfo().substring(colon + 1));
                }
            }
        } catch (IllegalArgumentException e) {
            // not a URL: nothing in it to look for
        }
    }

    /** A header value an auth scheme set: the whole, the token after the scheme, and a Basic token decoded. */
    private static void credential(String value, Set<String> found) {
        found.add(value);
        int space = value.indexOf(' ');
        if (space > 0) {
            String token = value.substring(space + 1).strip();
            found.add(token);
            if (value.regionMatches(true, 0, "Basic ", 0, 6)) {
                try {
                    String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
                    found.add(decoded);
                    found.add(URLDecoder.decode(decoded, StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    // not base64: the token itself is masked
                }
            }
        }
    }

    /** {@code reason} without credentials, on one line, at most {@value #MAX_LENGTH} characters and an ellipsis. */
    String clean(String reason) {
        String text = reason;
        for (String secret : secrets) {
            text = text.replace(secret, MASK);
        }
        if (text.endsWith("…")) {
            text = maskCutSecret(text.substring(0, text.length() - 1)) + "…";
        }
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? ' ' : c));
        String oneLine = line.toString();
        if (oneLine.length() <= MAX_LENGTH) {
            return oneLine;
        }
        int end = Character.isLowSurrogate(oneLine.charAt(MAX_LENGTH)) ? MAX_LENGTH - 1 : MAX_LENGTH;
        return oneLine.substring(0, end) + "…";
    }

    /** A provider that clipped its reason may have cut a secret: its start, left at the end, is masked too. */
    private String maskCutSecret(String text) {
        for (String secret : secrets) {
            for (int length = Math.min(secret.length() - 1, text.length()); length >= MIN_SECRET; length--) {
                if (text.endsWith(secret.substring(0, length))) {
                    return text.substring(0, text.length() - length) + MASK;
                }
            }
        }
        return text;
    }
}
