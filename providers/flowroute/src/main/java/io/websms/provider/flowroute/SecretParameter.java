package io.websms.provider.flowroute;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.util.List;

/**
 * Flowroute signs neither its message callbacks nor its delivery receipts (its documentation offers only an allow-list
 * of its addresses). It calls the URLs it is given as they are, query string included, so a random value in them tells
 * Flowroute's calls from a stranger's: when the interface's secret is set, a call must carry it as the query parameter
 * {@code secret} (once; compared in constant time), else it gets 403. For incoming messages the secret is
 * {@code [websmsd] auth_secret}, which the admin writes into the callback URL in Flowroute's portal; for delivery
 * receipts (given the outgoing interface) it is {@code [websms] status_secret}, which websms adds to each message's
 * {@code dlr_callback} itself. Without a secret nothing is checked: then only {@code remt_addr} and
 * {@code status_remt_addr} keep strangers out. A secret in a URL proves who calls, not that the text is unchanged,
 * which HTTPS between Flowroute and websms must.
 */
final class SecretParameter implements SignatureVerifier {

    /** The query parameter that carries the secret. */
    static final String NAME = "secret";

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String key = config.direction() == Direction.OUTBOUND ? "status_secret" : "auth_secret";
        String secret = config.value(key);
        if (secret.isEmpty()) {
            return;
        }
        List<String> given = request.query().getOrDefault(NAME, List.of());
        if (given.isEmpty()) {
            throw WebhookException.forbidden("no " + NAME + " parameter in the URL, and " + key + " is set");
        }
        if (given.size() > 1 || !Signatures.matches(secret, given.get(0))) {
            throw WebhookException.forbidden("the " + NAME + " parameter in the URL is not " + key);
        }
    }
}
