package io.websms.runtime.ledger;

import io.websms.runtime.outbound.WebsmsId;
import io.websms.api.DeliveryStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the ledger knows of one outgoing SMS. Immutable.
 *
 * @param id             the websms id
 * @param interfaceIndex the {@code [websms]} interface it went through ({@code ""} when the section has no indexes)
 * @param to             the destination number, as sent
 * @param from           the sender's number, as sent
 * @param characters     the text's length in characters
 * @param segments       how many SMS the text is sent as (see {@link Segments})
 * @param body           the text itself, only with {@code ledger_body = yes}
 * @param itspId         the ITSP's id for the message, once it gave one
 * @param created        when websms accepted it
 * @param status         the current status: the highest-ranking one reported, the first final one among equals
 * @param history        every status reported, in the order the ledger learned them, the first one included
 */
public record LedgerEntry(WebsmsId id, String interfaceIndex, String to, String from, int characters, int segments,
                          Optional<String> body, Optional<String> itspId, Instant created, DeliveryStatus status,
                          List<StatusChange> history) {

    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(interfaceIndex, "interfaceIndex");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(itspId, "itspId");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(status, "status");
        if (characters < 0 || segments < 0) {
            throw new IllegalArgumentException("characters and segments cannot be negative: " + characters + ", " + segments);
        }
        history = List.copyOf(history);
        // The ledger keeps milliseconds: an entry read back equals the one recorded.
        created = created.truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A message websms has just accepted: status {@code accepted} at {@code created}, its length counted from
     * {@code text}, and the text itself kept only when {@code keepBody} ({@code ledger_body = yes}).
     */
    public static LedgerEntry accepted(WebsmsId id, String interfaceIndex, String to, String from, String text, boolean keepBody,
                                       Instant created) {
        Segments length = Segments.of(text);
        return new LedgerEntry(id, interfaceIndex, to, from, length.characters(), length.segments(),
                keepBody ? Optional.of(text) : Optional.empty(), Optional.empty(), created, DeliveryStatus.ACCEPTED,
                List.of(StatusChange.of(created, DeliveryStatus.ACCEPTED)));
    }
}
