package io.websms.runtime.config;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** "Did you mean …" for misspelt names, and the keys the first WebSMS releases used under other names. */
final class Suggestions {

    /** Keys of the first WebSMS releases, and what they are called now. */
    static final Map<String, String> RENAMED = Map.ofEntries(
            Map.entry("host", "url_host"),
            Map.entry("path", "url_path"),
            Map.entry("auth_passwd", "auth_secret"),
            Map.entry("response_check", "resp_check"),
            Map.entry("number_format", "val_numform"),
            Map.entry("report_success", "resp_ack"),
            Map.entry("permit_addr", "remt_addr"),
            Map.entry("proxy_addr", "prox_addr"),
            Map.entry("proxy_header", "prox_header"),
            Map.entry("request_uri", "url_path"));

    private Suggestions() {
    }

    /** The known name closest to {@code name}, if one is close enough to be a likely typo. */
    static Optional<String> closest(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(name.toLowerCase(java.util.Locale.ROOT), candidate.toLowerCase(java.util.Locale.ROOT));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, name.length() / 3));
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** The Damerau-Levenshtein (optimal string alignment) distance: a swap of two letters counts one. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
