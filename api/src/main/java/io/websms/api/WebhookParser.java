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
}
