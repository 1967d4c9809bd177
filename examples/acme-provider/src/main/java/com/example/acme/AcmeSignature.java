package com.example.acme;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** {@code X-Acme-Signature: hex(HMAC-SHA256(auth_secret, raw body))}, compared in constant time. */
final class AcmeSignature implements SignatureVerifier {

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String secret = config.value("auth_secret");
        if (secret.isEmpty()) {
            return;
        }
        String given = request.headers().first("X-Acme-Signature").orElse("");
        if (!Signatures.matches(sign(secret, request.body()), given)) {
            throw WebhookException.forbidden(given.isEmpty() ? "no X-Acme-Signature" : "X-Acme-Signature does not match");
        }
    }

    static String sign(String secret, byte[] body) {
        return HexFormat.of().formatHex(Signatures.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), body));
    }
}
