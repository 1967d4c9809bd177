package io.websms.runtime.asterisk;

import io.websms.api.Message;
import io.websms.runtime.config.AstQueueSettings;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * How an accepted incoming SMS reaches Asterisk: a call file in the spool ({@link Spool}), or websms's inbox that a
 * courier empties over the AMI. Either way {@link #take} returns only once the message is durably stored, so the
 * webhook may then be acknowledged to the ITSP.
 */
public interface Handover {

    /**
     * Checks that {@code message} can be handed over with {@code queue}'s settings, before anything is stored.
     *
     * @throws IllegalArgumentException naming the field that cannot be handed over (a number that would break a call
     *                                  file or an AMI header, a text too long for the AMI)
     */
    void check(Message message, AstQueueSettings queue);

    /**
     * Stores {@code message} durably for Asterisk; when this returns it survives a crash and will be handed over.
     *
     * @return its name in the log lines: the call file's name, or the inbox entry's id
     * @throws IOException when it cannot be stored (nothing is then stored)
     * @throws IllegalArgumentException as {@link #check} does
     */
    String take(Message message, AstQueueSettings queue) throws IOException;

    /** What {@code GET /health} says of the way to Asterisk. */
    Health health();

    /**
     * The state of the way to Asterisk.
     *
     * @param checks   one {@code UP} / {@code DOWN} / … per part, e.g. {@code spool}, {@code ami}, {@code inbox}
     * @param down     why a message cannot be taken now (the daemon is then DOWN), if so
     * @param degraded why messages are taken but wait (the daemon is then DEGRADED), if so
     */
    record Health(Map<String, String> checks, Optional<String> down, Optional<String> degraded) {

        public Health {
            checks = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(checks)); // in the order given
        }
    }
}
