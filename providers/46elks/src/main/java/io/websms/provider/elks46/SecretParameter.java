package io.websms.provider.elks46;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.util.List;

/**
 * 46elks signs neither its webhooks nor its delivery reports; it calls the URLs it is given as they are, query
 * string included. So a random value in those URLs tells 46elks's calls from a stranger's: when the interface's
 * secret is set, a call must carry it as the query parameter {@code secret} (once; compared in constant time), else it
 * gets 403. For incoming SMS the secret is {@code [websmsd] auth_secret}, written into the number's {@code sms_url}
 * by the admin; for delivery reports (given the outgoing interface) it is {@code [websms] status_secret}, which
 * websms adds to {@code whendelivered} itself. Without a secret nothing is checked: then only {@code remt_addr} and
 * {@code status_remt_addr} keep strangers out. A secret in a URL is no signature: it proves who calls, not that the
 * text is unchanged, which HTTPS between 46elks and websms must.
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
