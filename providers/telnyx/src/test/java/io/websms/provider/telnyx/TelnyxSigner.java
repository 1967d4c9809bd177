package io.websms.provider.telnyx;

import io.websms.api.Headers;
import io.websms.api.InboundRequest;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Signs webhooks as Telnyx does: {@code telnyx-signature-ed25519} is base64(Ed25519(timestamp + "|" + raw body)),
 * {@code telnyx-timestamp} the Unix seconds. Telnyx publishes no example key and signature (its SDKs' own tests sign
 * with a key pair they make on the spot), so the tests do the same, with the JDK's Ed25519.
 */
final class TelnyxSigner {

    private final KeyPair keys;

    TelnyxSigner() {
        try {
            keys = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as Mission Control shows it: base64 of its 32 raw bytes (the end of the X.509 encoding). */
    String publicKey() {
        byte[] encoded = keys.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    /** {@code request} signed now. */
    InboundRequest sign(InboundRequest request) {
        return sign(request, Instant.now());
    }

    /** {@code request} signed with the timestamp {@code at}. */
    InboundRequest sign(InboundRequest request, Instant at) {
        String timestamp = Long.toString(at.getEpochSecond());
        return withHeaders(request, signature(timestamp, request.body()), timestamp);
    }

    String signature(String timestamp, byte[] body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update((timestamp + "|").getBytes(StandardCharsets.US_ASCII));
            signer.update(body);
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code request} with the two signature headers, as Telnyx sends them, after its own. */
    static InboundRequest withHeaders(InboundRequest request, String signature, String timestamp) {
        List<Headers.Field> headers = new ArrayList<>(request.headers().fields());
        headers.add(new Headers.Field("telnyx-signature-ed25519", signature));
        headers.add(new Headers.Field("telnyx-timestamp", timestamp));
        InboundRequest.Builder signed = InboundRequest.builder().method(request.method()).path(request.path()).publicUrl(request.publicUrl())
                .target(request.target()).headers(Headers.of(headers)).clientAddress(request.clientAddress()).body(request.body());
        request.query().forEach((k, values) -> values.forEach(v -> signed.queryParameter(k, v)));
        request.fields().forEach((k, values) -> values.forEach(v -> signed.field(k, v)));
        return signed.build();
    }

    /** A JSON webhook as Telnyx posts it. */
    static InboundRequest event(String json) {
        return InboundRequest.builder().path("/sms/telnyx").target("/sms/telnyx")
                .headers(Headers.of(List.of(new Headers.Field("Content-Type", "application/json"))))
                .body(json.getBytes(StandardCharsets.UTF_8)).build();
    }
}
