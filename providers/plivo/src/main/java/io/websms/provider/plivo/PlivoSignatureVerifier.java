package io.websms.provider.plivo;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plivo signs every call to your URLs with the Auth Token, in two ways; this checks the stronger one the call carries.
 * <ul>
 *   <li><b>V3</b> ({@code X-Plivo-Signature-V3} or {@code X-Plivo-Signature-Ma-V3}, nonce in
 *       {@code X-Plivo-Signature-V3-Nonce}): {@code base64(HMAC-SHA256(token, url + "." + nonce))}, where {@code url}
 *       is the scheme, host and path Plivo called, then for a POST {@code ?}, the query's parameters as
 *       {@code name=value} sorted and joined with {@code &} (then {@code .} when there are both), then each posted
 *       field's name and value, sorted by name; for a GET {@code ?} and every parameter as {@code name=value}, sorted.
 *       Values are decoded. This covers the fields, so a changed text is refused.</li>
 *   <li><b>V2</b> ({@code X-Plivo-Signature-V2} or {@code -Ma-V2}, nonce in {@code X-Plivo-Signature-V2-Nonce}):
 *       {@code base64(HMAC-SHA256(token, url + nonce))} over the scheme, host and path only. It proves the caller
 *       knows the token but not that the fields are unchanged: {@code require_v3 = yes} refuses a call that carries
 *       only V2.</li>
 * </ul>
 * The header may hold several signatures separated by commas (one per active Auth Token): one match is enough. The
 * {@code -Ma-} headers are signed with the main account's token, the others with the token of the (sub)account that
 * owns the number; {@code auth_secret} may be either. The URL is {@code public_url} (an incoming webhook) or
 * {@code status_url} (a status callback, given the sending interface, whose {@code auth_secret} is the token it sends
 * with) when set, else the URL websms was called at. Checked when {@code auth_secret} is set; compared in constant
 * time. The algorithm is that of Plivo's server SDKs ({@code validate_signature}, {@code validate_v3_signature}).
 */
final class PlivoSignatureVerifier implements SignatureVerifier {

    /** The key that refuses calls signed with V2 alone. */
    static final String REQUIRE_V3 = "require_v3";

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String token = config.value("auth_secret");
        if (token.isEmpty()) {
            return;
        }
        List<String> v3 = signatures(request, "X-Plivo-Signature-V3", "X-Plivo-Signature-Ma-V3");
        String v3Nonce = request.headers().first("X-Plivo-Signature-V3-Nonce").map(String::strip).orElse("");
        if (!v3.isEmpty() && !v3Nonce.isEmpty()) {
            String expected = v3(token, base(request, config), request.method(), request.query(), request.fields(), v3Nonce);
            if (!matchesAny(expected, v3)) {
                throw WebhookException.forbidden("X-Plivo-Signature-V3 does not match (check auth_secret, and " + urlKey(config) + " behind a proxy)");
            }
            return;
        }
        List<String> v2 = signatures(request, "X-Plivo-Signature-V2", "X-Plivo-Signature-Ma-V2");
        String v2Nonce = request.headers().first("X-Plivo-Signature-V2-Nonce").map(String::strip).orElse("");
        if (v2.isEmpty() || v2Nonce.isEmpty()) {
            throw WebhookException.forbidden("no X-Plivo-Signature-V3 or -V2 header with its nonce, and auth_secret is set");
        }
        if (config.flag(REQUIRE_V3)) {
            throw WebhookException.forbidden("signed with X-Plivo-Signature-V2 only, which does not cover the fields, and require_v3 is set");
        }
        if (!matchesAny(v2(token, base(request, config), v2Nonce), v2)) {
            throw WebhookException.forbidden("X-Plivo-Signature-V2 does not match (check auth_secret, and " + urlKey(config) + " behind a proxy)");
        }
    }

    /** The signatures in the headers {@code names}, each split at its commas. */
    private static List<String> signatures(InboundRequest request, String... names) {
        List<String> all = new ArrayList<>();
        for (String name : names) {
            for (String value : request.headers().all(name)) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        all.add(part.strip());
                    }
                }
            }
        }
        return all;
    }

    private static boolean matchesAny(String expected, List<String> given) {
        boolean match = false;
        for (String signature : given) {
            match |= Signatures.matches(expected, signature); // every one compared: the time does not tell which matched
        }
        return match;
    }

    /** {@code status_url} for status callbacks (given the sending interface), else {@code public_url}. */
    private static String urlKey(InterfaceConfig config) {
        return config.direction() == Direction.OUTBOUND ? "status_url" : "public_url";
    }

    /**
     * The scheme, host (with port) and path Plivo called, without the query: those of {@code public_url} or
     * {@code status_url} when set (its path when it has one, else the path as sent), else of the URL websms was
     * called at, with the path as sent.
     */
    static String base(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String configured = config.value(urlKey(config));
        String called = configured.isEmpty() ? request.publicUrl() : configured;
        URI uri;
        try {
            uri = new URI(called);
        } catch (URISyntaxException e) {
            throw WebhookException.forbidden("cannot tell the URL Plivo called to check its signature; set " + urlKey(config));
        }
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
            throw WebhookException.forbidden("cannot tell the URL Plivo called to check its signature; set " + urlKey(config));
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String target = request.target();
        if ((configured.isEmpty() || path.isEmpty()) && !target.isEmpty()) {
            // The path exactly as sent, never decoded and encoded again.
            int query = target.indexOf('?');
            path = query < 0 ? target : target.substring(0, query);
        }
        return uri.getScheme() + "://" + uri.getRawAuthority() + path;
    }

    /** Plivo's V2 signature: over the URL without its query, then the nonce. */
    static String v2(String token, String base, String nonce) {
        return Base64.getEncoder().encodeToString(Signatures.hmacSha256(token, base + nonce));
    }

    /** Plivo's V3 signature, as its SDKs compute it (see the class comment). */
    static String v3(String token, String base, String method, Map<String, List<String>> query, Map<String, List<String>> fields, String nonce) {
        StringBuilder data = new StringBuilder(base);
        if ("GET".equalsIgnoreCase(method)) {
            // A GET carries Plivo's parameters in the query: every one is signed as name=value.
            Map<String, List<String>> all = new TreeMap<>(query);
            fields.forEach((name, values) -> all.merge(name, values, (a, b) -> {
                List<String> both = new ArrayList<>(a);
                both.addAll(b);
                return both;
            }));
            String sorted = queryString(all);
            if (!sorted.isEmpty()) {
                data.append('?').append(sorted);
            }
        } else {
            String sorted = queryString(query);
            if (!sorted.isEmpty() || !fields.isEmpty()) {
                data.append('?').append(sorted);
            }
            if (!sorted.isEmpty() && !fields.isEmpty()) {
                data.append('.');
            }
            for (String name : sortedNames(fields)) {
                for (String value : sortedValues(fields.get(name))) {
                    data.append(name).append(value);
                }
            }
        }
        data.append('.').append(nonce);
        return Base64.getEncoder().encodeToString(Signatures.hmacSha256(token, data.toString()));
    }

    private static String queryString(Map<String, List<String>> parameters) {
        StringBuilder out = new StringBuilder();
        for (String name : sortedNames(parameters)) {
            for (String value : sortedValues(parameters.get(name))) {
                if (!out.isEmpty()) {
                    out.append('&');
                }
                out.append(name).append('=').append(value);
            }
        }
        return out.toString();
    }

    private static List<String> sortedNames(Map<String, List<String>> parameters) {
        List<String> names = new ArrayList<>(parameters.keySet());
        names.sort(null);
        return names;
    }

    private static List<String> sortedValues(List<String> values) {
        List<String> sorted = new ArrayList<>(Optional.ofNullable(values).orElse(List.of()));
        sorted.sort(null);
        return sorted;
    }
}
