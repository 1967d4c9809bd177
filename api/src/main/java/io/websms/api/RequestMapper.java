package io.websms.api;

/**
 * Turns an outgoing {@link Message} into the ITSP's HTTP request, credentials not yet added: URL, fields (names,
 * number format, Unicode policy, static fields) and body format.
 *
 * <p>Stateless and thread-safe. websms calls it once per message, then the {@link AuthScheme}.
 */
@FunctionalInterface
public interface RequestMapper {

    /**
     * Builds the request for {@code message}.
     *
     * @throws InvalidMessageException when the message cannot be sent as it is; nothing is sent
     */
    OutboundRequest map(Message message, InterfaceConfig config) throws InvalidMessageException;
}
