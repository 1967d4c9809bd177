package io.websms.runtime.outbound;

import io.websms.api.LogText;

import java.util.Optional;

/**
 * Which outgoing SMS a log line is about: websms's id for it ({@link WebsmsId}), and the Asterisk call it came
 * from ({@code agi_uniqueid}) when it came through AGI, so that one id follows a message through the dialplan, the
 * ITSP request, the outbox and the log.
 *
 * @param id   websms's id for the message
 * @param call Asterisk's {@code agi_uniqueid} of the call that sent it, e.g. {@code 1764000000.42}; empty for
 *             {@code websms send} from a shell and for an outbox retry
 */
public record Trace(String id, Optional<String> call) {

    public Trace {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a trace needs the message's id");
        }
    }

    /** A new message: a new id, and the call it came from ({@code null} or blank for none). */
    public static Trace newMessage(String call) {
        return new Trace(WebsmsId.next().toString(), call == null || call.isBlank() ? Optional.empty() : Optional.of(call.strip()));
    }

    /** A message that has its id already (one from the outbox). */
    public static Trace of(String id) {
        return new Trace(id, Optional.empty());
    }

    /** The log fields: {@code id=…}, and {@code call=…} when there is a call; escaped. */
    public String logFields() {
        return "id=" + LogText.escape(id) + callField();
    }

    /**
     * The {@code call=…} field with its leading space, or nothing: all a message websms refused carries, as it
     * takes no id.
     */
    public String callField() {
        return call.map(c -> " call=" + LogText.escape(c)).orElse("");
    }
}
