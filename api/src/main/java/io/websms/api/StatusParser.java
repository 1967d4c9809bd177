package io.websms.api;

import java.util.List;

/**
 * Reads an ITSP's status callback: the request the ITSP makes when an outgoing message changes status (Twilio's
 * {@code StatusCallback}, a delivery receipt), turned into {@link StatusReport}s.
 *
 * <p>Status callbacks are about outgoing messages, so the {@link InterfaceConfig} is that of the outgoing
 * ({@code [websms]}) interface that sent them, and they arrive at that interface's {@code status_path} on the
 * webhook port. Before the parser, websms checks the caller's signature with the same provider's
 * {@link Provider#signatureVerifier(InterfaceConfig)}, given that same outgoing configuration: a provider that signs
 * its callbacks must verify them with the keys of {@code [websms]} (Twilio signs with the auth token, which is that
 * interface's {@code auth_secret}).
 *
 * <p>Stateless and thread-safe. A callback may come late, out of order, or several times: report what it says and
 * leave ordering and repeats to websms.
 */
@FunctionalInterface
public interface StatusParser {

    /**
     * The reports in {@code request}: usually one, several for an ITSP that batches them (Bandwidth sends an array),
     * none for a callback that holds no status (an event of another kind). A status the provider does not map is a
     * report with an empty {@link StatusReport#status()}, never an exception.
     *
     * @throws WebhookException {@link WebhookException#badRequest(String, String)} naming the field when the
     *     callback lacks the message id or is not the ITSP's format at all
     */
    List<StatusReport> parse(InboundRequest request, InterfaceConfig config) throws WebhookException;
}
