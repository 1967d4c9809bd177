package io.websms.provider.voipms;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.util.List;

/**
 * VoIP.ms signs nothing; it calls the URL Callback as the admin wrote it, query string included. So a random value in
 * that URL tells VoIP.ms's calls from a stranger's: with {@code [websmsd] auth_secret} set, a callback must carry it
 * as the query parameter {@code secret} (once; compared in constant time), else it gets 403. Without it nothing is
 * checked, and only {@code remt_addr} keeps strangers out. A secret in a URL proves who calls, not that the text is
 * unchanged: use an https URL.
 */
final class SecretParameter implements SignatureVerifier {

    /** The query parameter that carries the secret. */
    static final String NAME = "secret";

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        // [websms] auth_secret is the API password: never something a caller is asked for.
        String secret = config.direction() == Direction.INBOUND ? config.value("auth_secret") : "";
        if (secret.isEmpty()) {
            return;
        }
        List<String> given = request.query().getOrDefault(NAME, List.of());
        if (given.isEmpty()) {
            throw WebhookException.forbidden("no " + NAME + " parameter in the URL, and auth_secret is set");
        }
        if (given.size() > 1 || !Signatures.matches(secret, given.get(0))) {
            throw WebhookException.forbidden("the " + NAME + " parameter in the URL is not auth_secret");
        }
    }
}
