package com.example.acme;

import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Acme signs each webhook when it sends it: {@code X-Acme-Timestamp} is that moment in Unix seconds, and
 * {@code X-Acme-Signature} is {@code hex(HMAC-SHA256(auth_secret, timestamp + "." + raw body))}, compared in constant
 * time. A webhook signed more than {@link #TOLERANCE} from now is refused too: without that, one recorded on the way
 * could be played again for ever.
 */
final class AcmeSignature implements SignatureVerifier {

    /** How far from now a signature's timestamp may be: Acme's documented five minutes. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String secret = config.value("auth_secret");
        if (secret.isEmpty()) {
            return;
        }
        String given = request.headers().first("X-Acme-Signature").orElse("");
        String timestamp = request.headers().first("X-Acme-Timestamp").orElse("");
        if (given.isEmpty() || timestamp.isEmpty()) {
            throw WebhookException.forbidden(given.isEmpty() ? "no X-Acme-Signature" : "no X-Acme-Timestamp");
        }
        if (!Signatures.matches(sign(secret, timestamp, request.body()), given)) {
            throw WebhookException.forbidden("X-Acme-Signature does not match");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException | DateTimeException e) {
            throw WebhookException.forbidden("X-Acme-Timestamp is not a time in Unix seconds");
        }
        if (!Signatures.isFresh(signedAt, Instant.now(), TOLERANCE)) {
            throw WebhookException.forbidden("X-Acme-Timestamp is more than " + TOLERANCE.toMinutes() + " minutes from now: a replayed or late webhook");
        }
    }

    /** Acme's signature of {@code body} sent at {@code timestamp}. */
    static String sign(String secret, String timestamp, byte[] body) {
        byte[] prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return HexFormat.of().formatHex(Signatures.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), signed));
    }
}
