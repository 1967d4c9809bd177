package io.websms.runtime.outbound;

import io.websms.api.DeliveryStatus;
import io.websms.api.Message;

import java.time.Instant;

/**
 * Told what becomes of each outgoing SMS as websms handles it: when it accepted the message, and each status it
 * reached since (sent, queued, rejected, failed, expired). The daemon's message ledger listens so; the sending code
 * knows nothing of how it is kept. A journal must never fail or hold up a send: it returns at once and keeps its own
 * errors to itself. Thread-safe.
 */
public interface SendJournal {

    /** The journal that keeps nothing: one-shot {@code websms send} and classic AGI, which have no daemon's ledger. */
    SendJournal NONE = new SendJournal() {
        @Override
        public void accepted(String id, String interfaceIndex, Message message, Instant time) {
        }

        @Override
        public void changed(String id, String interfaceIndex, DeliveryStatus status, String itspId, String errorCode,
                            String errorText, Instant time) {
        }
    };

    /**
     * websms accepted message {@code id} for interface {@code interfaceIndex} ({@code ""} for the one without an
     * index) at {@code time}: it was valid and had an interface.
     */
    void accepted(String id, String interfaceIndex, Message message, Instant time);

    /**
     * Message {@code id} reached {@code status} at {@code time}.
     *
     * @param itspId    the ITSP's id for it, when the ITSP gave one ({@code ""} for none)
     * @param errorCode the ITSP's error code ({@code ""} for none)
     * @param errorText why it failed, in one line ({@code ""} for none); never the message text
     */
    void changed(String id, String interfaceIndex, DeliveryStatus status, String itspId, String errorCode, String errorText,
                 Instant time);
}
