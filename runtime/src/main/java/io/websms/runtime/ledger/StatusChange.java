package io.websms.runtime.ledger;

import io.websms.api.DeliveryStatus;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One step in a message's history: a status, when it was reported, and the ITSP's error code and text when it gave
 * any ({@code ""} when not).
 *
 * @param time      when the status was reached (the ITSP's time when its report carries one, else when websms learned it)
 * @param status    the status
 * @param errorCode the ITSP's error code, e.g. Twilio's {@code 30007}; {@code ""} for none
 * @param errorText the ITSP's or websms's explanation; {@code ""} for none. Never the message text.
 */
public record StatusChange(Instant time, DeliveryStatus status, String errorCode, String errorText) {

    public StatusChange {
        time = Objects.requireNonNull(time, "time").truncatedTo(ChronoUnit.MILLIS); // what the ledger keeps
        Objects.requireNonNull(status, "status");
        errorCode = errorCode == null ? "" : errorCode;
        errorText = errorText == null ? "" : errorText;
    }

    /** {@code status} at {@code time}, without an error. */
    public static StatusChange of(Instant time, DeliveryStatus status) {
        return new StatusChange(time, status, "", "");
    }
}
