package io.websms.api;

/**
 * Proves that a webhook call comes from the ITSP, from a signature over it. Compare signatures in constant time
 * ({@link Signatures#matches(String, String)}); {@link Signatures} also has HMAC-SHA1 and HMAC-SHA256, a timestamp
 * tolerance against replays and Ed25519.
 *
 * <p>Stateless and thread-safe. Called after {@link EchoHandler} and before {@link WebhookParser}.
 */
@FunctionalInterface
public interface SignatureVerifier {

    /**
     * Returns normally when {@code request} is genuine.
     *
     * @throws WebhookException {@link WebhookException#forbidden(String)} when the signature is missing or wrong
     */
    void verify(InboundRequest request, InterfaceConfig config) throws WebhookException;

    /** The verifier for ITSPs that do not sign their calls: every call passes. */
    static SignatureVerifier none() {
        return (request, config) -> { };
    }
}
