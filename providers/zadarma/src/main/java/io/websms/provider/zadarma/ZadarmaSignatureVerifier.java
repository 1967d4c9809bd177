package io.websms.provider.zadarma;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;


/**
 * Zadarma signs its webhooks: the {@code Signature} header is {@code base64(hex(HMAC-SHA1(secret, result)))}, with
 * {@code result} the value of the {@code result} field, exactly as posted. Only that field is signed, so a request
 * with more than one is refused (see {@link ZadarmaWebhookParser#result}), and the message is read from that value
 * alone. Checked when the interface's {@code auth_secret} is set; compared in constant time.
 */
final class ZadarmaSignatureVerifier implements SignatureVerifier {

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String secret = config.value("auth_secret");
        if (secret.isEmpty()) {
            return;
        }
        String given = request.headers().first("Signature").orElse("");
        if (given.isEmpty()) {
            throw WebhookException.forbidden("no Signature header, and auth_secret is set");
        }
        String result = ZadarmaWebhookParser.result(request);
        String expected = ZadarmaAuth.sign(secret, result);
        if (!Signatures.matches(expected, given)) {
            throw WebhookException.forbidden("the Signature header does not match the result field signed with auth_secret");
        }
    }
}
