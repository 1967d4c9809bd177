package io.websms.provider.telnyx;

import io.websms.api.Direction;
import io.websms.api.InboundRequest;
import io.websms.api.InterfaceConfig;
import io.websms.api.SignatureVerifier;
import io.websms.api.Signatures;
import io.websms.api.WebhookException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Telnyx signs every webhook with Ed25519: {@code telnyx-signature-ed25519} is the base64 signature of
 * {@code <telnyx-timestamp>|<raw body>}, by the account's key pair, and {@code telnyx-timestamp} the Unix seconds it
 * was signed at. Checked against the interface's {@code public_key} when it is set ({@code [websmsd]} for incoming
 * messages, {@code [websms]} for delivery events), and refused, however well signed, when the timestamp is more than
 * {@link #TOLERANCE} away from now: without that, a recorded webhook could be replayed for ever.
 */
final class TelnyxSignatureVerifier implements SignatureVerifier {

    /** How far a signature's timestamp may be from now, either way; Telnyx's SDKs allow five minutes. */
    static final Duration TOLERANCE = Duration.ofMinutes(5);

    static final String SIGNATURE = "telnyx-signature-ed25519";
    static final String TIMESTAMP = "telnyx-timestamp";

    private final Clock clock;

    TelnyxSignatureVerifier() {
        this(Clock.systemUTC());
    }

    TelnyxSignatureVerifier(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void verify(InboundRequest request, InterfaceConfig config) throws WebhookException {
        String configured = config.value("public_key").strip();
        if (configured.isEmpty()) {
            return;
        }
        byte[] publicKey = publicKey(configured);
        if (publicKey == null) {
            throw WebhookException.forbidden("public_key of [" + config.direction().section() + "] is not a base64 Ed25519 public key");
        }
        String signature = request.headers().first(SIGNATURE).orElse("").strip();
        String timestamp = request.headers().first(TIMESTAMP).orElse("").strip();
        if (signature.isEmpty() || timestamp.isEmpty()) {
            throw WebhookException.forbidden("no " + (signature.isEmpty() ? SIGNATURE : TIMESTAMP) + " header, and public_key is set");
        }
        if (!timestamp.matches("[0-9]{1,12}")) {
            throw WebhookException.forbidden(TIMESTAMP + " is not Unix seconds");
        }
        byte[] signatureBytes;
        try {
            signatureBytes = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw WebhookException.forbidden(SIGNATURE + " is not base64");
        }
        byte[] prefix = (timestamp + "|").getBytes(StandardCharsets.US_ASCII);
        byte[] body = request.body();
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        if (!Signatures.verifyEd25519(publicKey, signed, signatureBytes)) {
            throw WebhookException.forbidden(SIGNATURE + " does not match (check public_key of [" + config.direction().section()
                    + "]: Mission Control, Keys & Credentials)");
        }
        Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
        Instant now = clock.instant();
        if (!Signatures.isFresh(signedAt, now, TOLERANCE)) {
            throw WebhookException.forbidden(TIMESTAMP + " is " + Duration.between(signedAt, now).abs().toSeconds()
                    + " s from now, more than the " + TOLERANCE.toSeconds() + " s allowed (a replayed "
                    + (config.direction() == Direction.OUTBOUND ? "delivery event" : "webhook") + ", or this machine's clock is wrong)");
        }
    }

    /** The 32 bytes of a base64 Ed25519 public key, as Mission Control shows it; null when it is none. */
    static byte[] publicKey(String base64) {
        try {
            byte[] key = Base64.getDecoder().decode(base64.strip());
            return key.length == 32 ? key : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
