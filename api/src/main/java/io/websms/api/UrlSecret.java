package io.websms.api;

import java.util.List;

/**
 * The stand-in for a signature when an ITSP signs nothing (46elks, VoIP.ms, Flowroute): such ITSPs call the URLs they
 * are given as they are, query string included, so a random value in those URLs tells their calls from a stranger's.
 * When the interface's secret is set, a call must carry it as the query parameter {@value #PARAMETER} (once; compared
 * in constant time), else it gets 403. Without a secret nothing is checked: then only {@code remt_addr} and
 * {@code status_remt_addr} keep strangers out.
 *
 * <p>For incoming messages the secret is {@code [websmsd] auth_secret}, which the admin writes into the callback URL
 * in the ITSP's portal; for status callbacks (given the outgoing interface) it is {@code [websms] status_secret}, which
 * a provider adds to the callback URL it sends with each message ({@link #addTo}). A secret in a URL proves who calls,
 * not that the text is unchanged: that is for HTTPS between the ITSP and websms.
 */
public final class UrlSecret implements SignatureVerifier {

    /** The query parameter that carries the secret. */
    public static final String PARAMETER = "secret";

    private final boolean statusCallbacks;

    private UrlSecret(boolean statusCallbacks) {
        this.statusCallbacks = statusCallbacks;
    }

    /** Webhooks checked against {@code [websmsd] auth_secret}, status callbacks against {@code [websms] status_secret}. */
    public static UrlSecret inWebhooksAndStatusCallbacks() {
        return new UrlSecret(true);
    }

    /**
     * Webhooks checked against {@code [websmsd] auth_secret}; nothing asked of a status callback (for an ITSP that sends
     * none, whose outgoing {@code auth_secret} is an API password: never something a caller is asked for).
     */
    public static UrlSecret inWebhooks() {
        return new UrlSecret(false);
    }

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        boolean status = config.direction() == Direction.OUTBOUND;
        if (status && !statusCallbacks) {
            return;
        }
        String key = status ? "status_secret" : "auth_secret";
        String secret = config.value(key);
        if (secret.isEmpty()) {
            return;
        }
        List<String> given = request.query().getOrDefault(PARAMETER, List.of());
        if (given.isEmpty()) {
            throw WebhookException.forbidden("no " + PARAMETER + " parameter in the URL, and " + key + " is set");
        }
        if (given.size() > 1 || !Signatures.matches(secret, given.get(0))) {
            throw WebhookException.forbidden("the " + PARAMETER + " parameter in the URL is not " + key);
        }
    }

    /**
     * {@code url} with {@code secret} added as its {@value #PARAMETER} query parameter (before any fragment); the URL
     * as it is when the secret is empty.
     */
    public static String addTo(String url, String secret) {
        if (url.isEmpty() || secret.isEmpty()) {
            return url;
        }
        int fragment = url.indexOf('#');
        String base = fragment < 0 ? url : url.substring(0, fragment);
        return base + (base.contains("?") ? "&" : "?") + PARAMETER + "=" + FormEncoding.encodeComponent(secret)
                + (fragment < 0 ? "" : url.substring(fragment));
    }
}
