package io.websms.api;

/**
 * The answer to a webhook call whose message websms has durably stored. websms never calls it before the message
 * is safe, so the ITSP's retry logic can rely on the answer.
 *
 * <p>Stateless and thread-safe.
 */
@FunctionalInterface
public interface Acknowledger {

    /** The answer for the stored {@code message}. */
    WebhookReply ack(Message message, InterfaceConfig config);

    /**
     * The answer to an authentic call that carried no message ({@link WebhookParser#parseAll} gave none); by default
     * {@code 204 No Content}: no body, no {@code Content-Type}.
     */
    default WebhookReply ackIgnored(InterfaceConfig config) {
        return WebhookReply.noContent();
    }
}
