package io.websms.api;

/**
 * Decides from the ITSP's answer whether a message was sent, refused for good, or may go through later.
 *
 * <p>websms calls it only for answers that came; no connection and timeouts are {@link SendResult.Outcome#FAILED}
 * without asking it. Stateless and thread-safe; it must not throw on a malformed reply, but return a result saying
 * so.
 */
@FunctionalInterface
public interface ResponseChecker {

    /** Classifies {@code response}. */
    SendResult check(ItspResponse response, InterfaceConfig config);
}
