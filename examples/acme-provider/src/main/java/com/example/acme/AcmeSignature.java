package com.example.acme;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.WebhookException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
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
        byte[] expected = sign(secret, request.body()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII))) {
            throw WebhookException.forbidden(given.isEmpty() ? "no X-Acme-Signature" : "X-Acme-Signature does not match");
        }
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
