package io.websms.runtime.provider;

/** Provider discovery failed; the message says which jar and what to do. */
public final class DiscoveryException extends Exception {

    private static final long serialVersionUID = 1L;

    public DiscoveryException(String message) {
        super(message);
    }
}
