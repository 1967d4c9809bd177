package io.websms.api;

/**
 * Reads the incoming message out of a webhook call.
 *
 * <p>Stateless and thread-safe. The numbers it returns are written into an Asterisk call file, so it must refuse
 * (not clean up) a number holding anything but what the ITSP legitimately sends.
 */
@FunctionalInterface
public interface WebhookParser {

    /**
     * The message in {@code request}.
     *
     * @throws WebhookException {@link WebhookException#badRequest(String, String)} naming the missing or bad field
     */
    Message parse(InboundRequest request, InterfaceConfig config) throws WebhookException;

    /**
     * Every message in {@code request}; by default the one {@link #parse} reads. Override it when the ITSP may send
     * something else:
     * <ul>
     *   <li>an <b>empty list</b> for an authentic call that carries no message (another event type on the same URL,
     *       a delivery report, a test ping): websms acknowledges it with {@link Acknowledger#ackIgnored} and counts it,
     *       instead of answering 400, which ITSPs retry or answer by turning the webhook off;</li>
     *   <li><b>several</b> messages for one call (a list of recipients, Bandwidth-style arrays): websms stores every
     *       one, then answers once with {@link Acknowledger#ack} of the first; when one cannot be stored it answers
     *       503, so that the ITSP sends them all again (a message with an id is then recognised and not stored
     *       twice).</li>
     * </ul>
     *
     * @throws WebhookException as {@link #parse} does; one bad message refuses the whole call before anything is stored
     */
    default java.util.List<Message> parseAll(InboundRequest request, InterfaceConfig config) throws WebhookException {
        return java.util.List.of(parse(request, config));
    }
}
