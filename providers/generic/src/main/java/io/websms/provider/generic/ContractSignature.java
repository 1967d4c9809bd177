package io.websms.provider.generic;

import io.websms.api.ConfigKey;
import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.util.HexFormat;

/**
 * The signed contract PBX vendors publish for "any provider": {@code X-Signature-256: sha256=<hex HMAC-SHA256>} over
 * the raw body, keyed with a secret shared with the ITSP ({@code [websmsd] auth_secret}, as zadarma and twilio-like name theirs). Off while the key is
 * empty; when set, a webhook without a matching header is refused with 403.
 */
final class ContractSignature implements SignatureVerifier {

    static final String HEADER = "X-Signature-256";
    static final ConfigKey KEY = ConfigKey.builder(Direction.INBOUND, "auth_secret").secret(true)
            .description("Secret shared with the ITSP: webhooks must carry " + HEADER + ": sha256=<hex HMAC-SHA256 of the raw body>; empty checks none.")
            .build();

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        // Webhooks only: an outgoing interface's auth_secret is the ITSP account's, not a contract's.
        String secret = config.direction() == Direction.INBOUND ? config.get(KEY.name()).orElse("") : "";
        if (secret.isEmpty()) {
            return;
        }
        String given = request.headers().first(HEADER).orElse("");
        if (given.isEmpty()) {
            throw WebhookException.forbidden("no " + HEADER + " header, and auth_secret is set");
        }
        String expected = "sha256=" + HexFormat.of().formatHex(Signatures.hmacSha256(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), request.body()));
        if (!Signatures.matches(expected, given)) {
            throw WebhookException.forbidden(HEADER + " does not match the body signed with auth_secret");
        }
    }
}
