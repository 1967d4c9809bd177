package io.websms.api;

import java.util.Optional;

/**
 * Answers an ITSP's handshake, such as Zadarma's {@code zd_echo}, with which it checks that the webhook URL is
 * live. When it answers, websms sends that reply and does nothing else with the request.
 *
 * <p>Stateless and thread-safe. Called after the caller's address is checked, before anything else.
 */
@FunctionalInterface
public interface EchoHandler {

    /** The reply to a handshake, or empty when {@code request} is no handshake. */
    Optional<WebhookReply> echo(InboundRequest request, InterfaceConfig config);

    /** The handler for ITSPs without a handshake. */
    static EchoHandler none() {
        return (request, config) -> Optional.empty();
    }
}
