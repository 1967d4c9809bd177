package io.websms.runtime.amidelivery;

import io.websms.runtime.config.AstQueueSettings;
import io.websms.runtime.inbox.InboxEntry;

import java.io.IOException;
import java.util.List;

/** One way of handing an inbox entry to Asterisk over the AMI: {@link DialplanHandoff} or {@link DirectHandoff}. */
interface Handoff {

    /**
     * Tries to hand {@code entry} over now.
     *
     * @param progress where a step that must never be repeated is recorded durably (a device that got the text)
     */
    Outcome deliver(InboxEntry entry, AstQueueSettings queue, Progress progress) throws IOException;

    /** Records an entry's progress in the inbox, before the next step. */
    interface Progress {
        InboxEntry record(InboxEntry entry) throws IOException;
    }

    /**
     * What an attempt came to.
     *
     * @param delivered whether Asterisk has the message (it leaves the inbox)
     * @param detail    for a delivery, what took it (the devices, or "dialplan"); for a hold, why it waits
     * @param endpoints the endpoints the destination number belongs to, when known: a registration of one of them
     *                  makes a held entry due at once
     */
    record Outcome(boolean delivered, String detail, List<String> endpoints) {

        static Outcome delivered(String detail, List<String> endpoints) {
            return new Outcome(true, detail, endpoints);
        }

        static Outcome held(String reason, List<String> endpoints) {
            return new Outcome(false, reason, endpoints);
        }
    }
}
