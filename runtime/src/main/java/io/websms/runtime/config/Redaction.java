package io.websms.runtime.config;

/**
 * Masks what may be secret in a value before it is shown: in check-config's output, in warnings and in errors. A
 * URL may carry credentials ({@code https://user:password@host}) and API keys in its query, {@code val_static}
 * usually holds an API key, and a line websms cannot read may be a secret with a typo around it.
 */
public final class Redaction {

    /** What stands for a hidden value. */
    public static final String MASK = "********";

    private Redaction() {
    }

    /**
     * {@code value} as it may be shown for {@code key}: a URL's (and {@code url_path}'s) user-info and query values
     * masked, and for {@code val_static} every value. Secret keys are masked whole by their callers.
     */
    public static String of(String key, String value) {
        if (key.equals("val_static")) {
            return keyValues(value);
        }
        if (key.equals("store")) {
            return password(value);
        }
        return key.equals("url_path") || value.matches("(?s)[A-Za-z][A-Za-z0-9+.-]*://.*") ? url(value) : value;
    }

    /** A URL with the password of its user-info masked: {@code postgresql://websms:********@db/websms}; the user stays. */
    public static String password(String value) {
        int scheme = value.indexOf("://");
        int authority = scheme < 0 ? 0 : scheme + 3;
        int end = authority;
        while (end < value.length() && "/?#".indexOf(value.charAt(end)) < 0) {
            end++;
        }
        int at = value.lastIndexOf('@', end - 1);
        int colon = at < authority ? -1 : value.indexOf(':', authority);
        String masked = colon < 0 || colon > at ? value : value.substring(0, colon + 1) + MASK + value.substring(at);
        int query = masked.toLowerCase(java.util.Locale.ROOT).indexOf("password=");
        if (query > 0 && "?&".indexOf(masked.charAt(query - 1)) >= 0) {
            int stop = masked.indexOf('&', query);
            masked = masked.substring(0, query + 9) + MASK + (stop < 0 ? "" : masked.substring(stop));
        }
        return masked;
    }

    /** A URL (or a path with a query) with its user-info and the values of its query masked. */
    public static String url(String value) {
        int scheme = value.indexOf("://");
        int authority = scheme < 0 ? 0 : scheme + 3;
        int end = authority;
        while (end < value.length() && "/?#".indexOf(value.charAt(end)) < 0) {
            end++;
        }
        int at = value.lastIndexOf('@', end - 1);
        String masked = at >= authority ? value.substring(0, authority) + MASK + value.substring(at) : value;
        int query = masked.indexOf('?');
        if (query < 0) {
            return masked;
        }
        int fragment = masked.indexOf('#', query);
        String tail = fragment < 0 ? "" : masked.substring(fragment);
        String[] pairs = masked.substring(query + 1, fragment < 0 ? masked.length() : fragment).split("&", -1);
        StringBuilder out = new StringBuilder(masked.substring(0, query + 1));
        for (int i = 0; i < pairs.length; i++) {
            int eq = pairs[i].indexOf('=');
            out.append(i == 0 ? "" : "&").append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + (eq + 1 < pairs[i].length() ? MASK : ""));
        }
        return out.append(tail).toString();
    }

    /** {@code k1=v1,k2=v2} as {@code k1=********,k2=********}; an item without {@code =} is masked whole. */
    public static String keyValues(String value) {
        if (value.isEmpty()) {
            return value;
        }
        StringBuilder out = new StringBuilder();
        for (String piece : value.split(",", -1)) {
            int eq = piece.indexOf('=');
            out.append(out.isEmpty() ? "" : ",").append(eq <= 0 ? MASK : piece.substring(0, eq + 1) + MASK);
        }
        return out.toString();
    }

    /**
     * The start of a line websms cannot read, up to what may be its key: {@code auth_secret : "X"} shows as
     * {@code auth_secret : …}; a line of one word shows nothing, since it may be a secret pasted on its own.
     */
    static String line(String trimmed) {
        int end = 0;
        while (end < trimmed.length() && !Character.isWhitespace(trimmed.charAt(end)) && ":=\"'".indexOf(trimmed.charAt(end)) < 0) {
            end++;
        }
        if (end == 0 || end == trimmed.length()) {
            return "";
        }
        int separator = end;
        while (separator < trimmed.length() && (Character.isWhitespace(trimmed.charAt(separator)) || ":=".indexOf(trimmed.charAt(separator)) >= 0)) {
            separator++;
        }
        return trimmed.substring(0, separator).strip() + " …";
    }
}
